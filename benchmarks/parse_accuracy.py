"""Parser accuracy on real labelled references: URL, title and date per reference, and
reference-boundary precision/recall on reference sections extracted from PDFs.

    python benchmarks/parse_accuracy.py [--show-errors N]

Skips (exit 0) when ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._shared import shared_data
from citecheck.parse import parse_date, parse_reference
from citecheck.parse.split import split_entries

_LABEL = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+[.)]?)\s*")


def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _strip_scheme(url: str) -> str:
    return re.sub(r"^(?:https?|ftp)://", "", url, flags=re.I).rstrip("/")


def fields(rows: list[dict], show: int) -> None:
    url_total = url_ok = title_total = title_ok = date_total = date_ok = 0
    errors: dict[str, list[str]] = {"url": [], "title": [], "date": []}
    started = time.perf_counter()
    parsed = [parse_reference(row["raw"]) for row in rows]
    elapsed = time.perf_counter() - started
    for row, source in zip(rows, parsed, strict=True):
        if row["url"]:
            url_total += 1
            good = bool(source.url) and _strip_scheme(source.url) == _strip_scheme(row["url"])
            url_ok += good
            if not good:
                errors["url"].append(f"{row['url']!r} got {source.url!r}\n    {row['raw']}")
        if row["title"]:
            title_total += 1
            good = _norm(source.title) == _norm(row["title"])
            title_ok += good
            if not good:
                errors["title"].append(f"{row['title']!r} got {source.title!r}\n    {row['raw']}")
        gold_date = parse_date(row["date"]) if row["date"] else None
        if gold_date:
            date_total += 1
            good = bool(source.published) and source.published.startswith(gold_date)
            date_ok += good
            if not good:
                errors["date"].append(f"{gold_date} got {source.published}\n    {row['raw']}")
    print(
        f"references: {len(rows)} parsed in {elapsed:.2f} s ({len(rows) / elapsed:,.0f} per second)"
    )
    print(f"URL exact match:  {url_ok / url_total:.3f}  ({url_ok}/{url_total})   target >= 0.97")
    print(
        f"title match:      {title_ok / title_total:.3f}  ({title_ok}/{title_total})"
        "   target >= 0.85"
    )
    print(
        f"date match:       {date_ok / date_total:.3f}  ({date_ok}/{date_total})   target >= 0.90"
    )
    for kind, items in errors.items():
        for item in items[:show]:
            print(f"  [{kind}] {item}")


def _dedent_lines(text: str) -> tuple[str, list[int]]:
    """Drop each line's leading blanks (a TEI conversion artefact), keeping an offset map."""
    out: list[str] = []
    mapping: list[int] = []
    at_line_start = True
    for char in text:
        if at_line_start and char in " \t":
            mapping.append(len(out))
            continue
        at_line_start = char == "\n"
        mapping.append(len(out))
        out.append(char)
    mapping.append(len(out))
    return "".join(out), mapping


def _content_start(text: str, start: int, end: int) -> int:
    chunk = text[start:end]
    label = _LABEL.match(chunk)
    offset = label.end() if label else len(chunk) - len(chunk.lstrip())
    return start + offset


def segmentation(lists: list[dict], show: int) -> None:
    true_positive = predicted = gold = 0
    for item in lists:
        text, mapping = _dedent_lines(item["text"])
        heading = re.match(
            r"\s*(?:references|bibliography|literature cited|references and notes)"
            r"\s*(?:\n|\s(?=[A-Z]))",
            text,
            re.I,
        )
        start = heading.end() if heading else 0
        gold_starts = {
            _content_start(text, mapping[r["start"]], mapping[r["end"]]) for r in item["references"]
        }
        result = split_entries(text, start, len(text))
        ours = set()
        for entry in result.entries:
            ours.add(_content_start(text, entry.segments[0].start, entry.segments[-1].end))
        true_positive += len(ours & gold_starts)
        predicted += len(ours)
        gold += len(gold_starts)
        if show and len(ours & gold_starts) < len(gold_starts):
            missed = sorted(gold_starts - ours)[:2]
            for position in missed:
                print(f"  [boundary missed] {item['source']}: {text[position : position + 60]!r}")
            show -= 1
    precision = true_positive / predicted
    recall = true_positive / gold
    f1 = 2 * precision * recall / (precision + recall)
    print(
        f"boundaries: precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f}"
        "   target F1 >= 0.95"
        f"  ({len(lists)} lists, {gold} references)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show-errors", type=int, default=0, metavar="N")
    args = parser.parse_args()
    data = shared_data() / "references"
    rows = [json.loads(line) for line in (data / "references.jsonl").open(encoding="utf-8")]
    fields(rows, args.show_errors)
    lists = [json.loads(line) for line in (data / "segmentation.jsonl").open(encoding="utf-8")]
    segmentation(lists, args.show_errors)


if __name__ == "__main__":
    main()
