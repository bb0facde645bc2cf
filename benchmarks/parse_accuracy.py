"""Parser accuracy on real labelled references, measured on two fixed halves of the data.

    python benchmarks/parse_accuracy.py [--half calibrate|holdout|both] [--show-errors N]

Every reference string, reference list and URL-break case falls into one of two halves by a
hash of its text (references) or of its list's file name (lists and URL breaks), so the split
never changes between runs. Rules are tuned on ``calibrate`` only (``--show-errors`` prints that
half's misses and refuses to print the other half's); ``holdout`` is the figure to report,
because it stands for the lists users bring that nobody tuned on.

Measures, per half:

- reference fields through the library (``parse_reference``, one string at a time) and through
  the same path as ``citecheck parse`` (the strings written as a numbered source list under a
  heading and parsed as one document, sources aligned to gold by their number);
- URL exact match where a line wrap broke the URL: references whose labelled URL holds
  whitespace, and URLs that run into a line break inside real PDF-extracted reference lists,
  parsed with the break in place;
- reference-boundary precision, recall and F1 on reference sections extracted from PDFs;
- a stress test: each clean URL of the half cut at every position by a made-up line break or
  space, and kept whole when text from the half follows it on the next line (no target: the
  cuts are ours, so these say where the rules are weak, not what users will see).

Skips (exit 0) when ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._shared import shared_data
from citecheck.model import Source
from citecheck.parse import parse, parse_date, parse_reference
from citecheck.parse.locate import locate
from citecheck.parse.split import split_entries

HALVES = ("calibrate", "holdout")
_LABEL = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+[.)]?)\s*")
_LIST_CHUNK = 40
"""References per generated source list on the document path (a long article's list)."""
TARGETS = {
    "url": 0.97,
    "url_broken": 0.95,
    "title": 0.80,
    "date": 0.95,
    "boundary_f1": 0.95,
}


def half_of(key: str) -> str:
    """The half a reference (keyed by its text) or a list (keyed by its file) belongs to."""
    return HALVES[hashlib.sha256(key.encode("utf-8")).digest()[0] & 1]


def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _strip_scheme(url: str) -> str:
    # Gold labels keep some URLs as printed ("http:www.example.org"): the same address.
    return re.sub(r"^(?:https?|ftp):\s*(?://)?", "", url, flags=re.I).rstrip("/")


def _same_url(found: str | None, gold: str) -> bool:
    return bool(found) and _strip_scheme(found or "") == _strip_scheme(gold)


@dataclass
class Score:
    """Hits over trials for one measure, with the misses kept for --show-errors."""

    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, good: bool, miss: Callable[[], str]) -> None:
        self.total += 1
        self.hits += good
        if not good:
            self.misses.append(miss())

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else float("nan")

    def line(self, name: str, target: float | None) -> str:
        aim = f"   target >= {target:.2f}" if target is not None else ""
        mark = "" if target is None or self.rate >= target else "   BELOW TARGET"
        return f"  {name:<28} {self.rate:.3f}  ({self.hits}/{self.total}){aim}{mark}"


@dataclass
class FieldScores:
    url: Score = field(default_factory=Score)
    url_broken: Score = field(default_factory=Score)
    title: Score = field(default_factory=Score)
    date: Score = field(default_factory=Score)


def score_fields(rows: Iterable[dict[str, Any]], sources: Iterable[Source | None]) -> FieldScores:
    scores = FieldScores()
    for row, source in zip(rows, sources, strict=True):
        raw = row["raw"]
        if row["url"]:
            url = source.url if source else None
            good = _same_url(url, row["url"])
            scores.url.add(good, lambda r=row, u=url: f"{r['url']!r} got {u!r}\n      {r['raw']}")
            if row["url_has_whitespace"]:
                scores.url_broken.add(good, lambda r=row, u=url: f"{r['url']!r} got {u!r}")
        if row["title"]:
            title = source.title if source else None
            scores.title.add(
                _norm(title) == _norm(row["title"]),
                lambda r=row, t=title: f"{r['title']!r} got {t!r}\n      {r['raw']}",
            )
        gold_date = parse_date(row["date"]) if row["date"] else None
        if gold_date:
            published = source.published if source else None
            scores.date.add(
                bool(published) and (published or "").startswith(gold_date),
                lambda g=gold_date, p=published, r=raw: f"{g} got {p}\n      {r}",
            )
    return scores


def document_sources(rows: list[dict[str, Any]]) -> list[Source | None]:
    """Parse ``rows`` as ``citecheck parse`` would: numbered lists under a heading."""
    found: list[Source | None] = []
    for start in range(0, len(rows), _LIST_CHUNK):
        chunk = rows[start : start + _LIST_CHUNK]
        lines = [f"{n}. {_LABEL.sub('', row['raw'], count=1)}" for n, row in enumerate(chunk, 1)]
        document = parse("Body text of an article [1].\n\nReferences\n\n" + "\n".join(lines))
        by_number = {s.number: s for s in document.sources if s.number is not None}
        found.extend(by_number.get(n) for n in range(1, len(chunk) + 1))
    return found


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


@dataclass
class Boundaries:
    true_positive: int = 0
    predicted: int = 0
    gold: int = 0
    lists: int = 0
    misses: list[str] = field(default_factory=list)

    def line(self) -> str:
        precision = self.true_positive / self.predicted if self.predicted else 0.0
        recall = self.true_positive / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        mark = "" if f1 >= TARGETS["boundary_f1"] else "   BELOW TARGET"
        return (
            f"  {'boundaries':<28} P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}"
            f"  ({self.lists} lists, {self.gold} references)   target F1 >= 0.95{mark}"
        )


def _heading_end(text: str) -> int:
    """Where the entries begin: after the heading ``citecheck`` finds, or after one that PDF
    extraction ran into the first entry ("References A. Abeille, ...")."""
    location = locate(text)
    if location is not None and location.how == "heading":
        return location.start
    inline = re.match(r"\s*(?:references|bibliography|literature cited)\s(?=[A-Z])", text, re.I)
    return inline.end() if inline else 0


def score_boundaries(lists: Iterable[dict[str, Any]]) -> Boundaries:
    result = Boundaries()
    for item in lists:
        text, mapping = _dedent_lines(item["text"])
        gold_starts = {
            _content_start(text, mapping[r["start"]], mapping[r["end"]]) for r in item["references"]
        }
        split = split_entries(text, _heading_end(text), len(text))
        ours = {
            _content_start(text, entry.segments[0].start, entry.segments[-1].end)
            for entry in split.entries
        }
        result.true_positive += len(ours & gold_starts)
        result.predicted += len(ours)
        result.gold += len(gold_starts)
        result.lists += 1
        for position in sorted(gold_starts - ours)[:2]:
            result.misses.append(f"missed {item['source']}: {text[position : position + 60]!r}")
    return result


def _gold_break_url(case: dict[str, Any]) -> str:
    """The broken URL joined, without the sentence punctuation after it."""
    url = case["joined_no_space"].rstrip(".,;:")
    if url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1].rstrip(".,;:")
    return url


def score_url_breaks(cases: Iterable[dict[str, Any]], lists: dict[str, dict[str, Any]]) -> Score:
    """Each URL that runs into a line break, parsed inside its reference with the break kept."""
    score = Score()
    for case in cases:
        item = lists.get(case["source"])
        if item is None:
            continue
        text = item["text"]
        wrapped = re.search(
            re.escape(case["before_break"]) + r"[ \t]*\n[ \t]*" + re.escape(case["after_break"]),
            text,
        )
        if wrapped is None:
            continue
        owner = next(
            (r for r in item["references"] if r["start"] <= wrapped.start() < r["end"]), None
        )
        if owner is None:
            continue
        reference = text[owner["start"] : owner["end"]]
        source = parse_reference(reference)
        gold = _gold_break_url(case)
        urls = [source.url, *source.url_candidates] if source.url else []
        following = text[wrapped.end() : owner["end"]]
        score.add(
            _same_url(source.url, gold) or _continues_past_next_break(source.url, gold, following),
            lambda g=gold, u=urls, r=reference: f"{g!r} got {u!r}\n      {r!r}",
        )
    return score


def _continues_past_next_break(url: str | None, gold: str, following: str) -> bool:
    """Whether ``url`` is ``gold`` carried on across the next line break too.

    The break cases join two lines only (a regex heuristic, SOURCE.md says, not gold): for a
    URL wrapped twice (``https://`` / ``host/path/`` / ``rest.pdf``) the case's URL stops at
    the second break. A parse that also joins that break is right when what it adds is
    exactly the next line's text, with nothing between the case's URL and the line break.
    """
    if not url or not url.startswith(gold) or len(url) == len(gold):
        return False
    if not re.match(r"[ \t]*\n", following):
        return False
    rest = url[len(gold) :]
    return re.sub(r"[ \t]*\n[ \t]*", "", following.lstrip(" \t\n")).startswith(rest)


@dataclass
class WrapScores:
    """URLs of one half cut by a made-up wrap at every position, and kept whole before text."""

    newline: Score = field(default_factory=Score)
    space: Score = field(default_factory=Score)
    not_joined: Score = field(default_factory=Score)


def _clean_urls(rows: Iterable[dict[str, Any]]) -> list[tuple[dict[str, Any], int]]:
    """Rows whose labelled URL is printed whole and parsed exactly, with its offset."""
    found = []
    for row in rows:
        printed = row["url_raw"]
        if not row["url"] or row["url_has_whitespace"] or not printed or printed not in row["raw"]:
            continue
        if _same_url(parse_reference(row["raw"]).url, row["url"]):
            found.append((row, row["raw"].index(printed)))
    return found


def score_made_up_wraps(rows: list[dict[str, Any]], half: str) -> WrapScores:
    """Each clean URL cut after every character past its scheme, once by a line break and once
    by the space a PDF's copied text leaves; then each URL ending a line that goes on with
    text from this half (what follows URLs here, the starts of references here), which must
    not be joined. Made from real URLs and real text, but the cuts are ours: a stress test of
    the rules, not a figure of what users bring."""
    scores = WrapScores()
    clean = _clean_urls(rows)
    pick = random.Random(half)
    followers = [row["raw"][at + len(row["url_raw"]) :].strip(" .") for row, at in clean]
    followers = [text for text in followers if len(text) > 3]
    followers += [row["raw"][:60] for row in pick.sample(rows, min(300, len(rows)))]
    for row, at in clean:
        raw, printed = row["raw"], row["url_raw"]
        scheme = re.match(r"(?:https?|ftp)://", printed)
        for cut in range((scheme.end() if scheme else 0) + 1, len(printed)):
            for gap, score in (("\n", scores.newline), (" ", scores.space)):
                text = raw[: at + cut] + gap + raw[at + cut :]
                url = parse_reference(text).url
                score.add(
                    _same_url(url, row["url"]),
                    lambda p=printed, c=cut, u=url, g=gap: f"{p[:c]}{g!r}{p[c:]} got {u!r}",
                )
        head = raw[: at + len(printed)]
        for follower in pick.sample(followers, min(8, len(followers))):
            url = parse_reference(head + "\n" + follower).url
            scores.not_joined.add(
                _same_url(url, row["url"]),
                lambda p=printed, f=follower, u=url: f"{p} + {f[:40]!r} got {u!r}",
            )
    return scores


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def report_half(half: str, data: Path, show: int) -> None:
    rows = [r for r in _read_jsonl(data / "references.jsonl") if half_of(r["raw"]) == half]
    lists = [x for x in _read_jsonl(data / "segmentation.jsonl") if half_of(x["source"]) == half]
    cases = [c for c in _read_jsonl(data / "url_break_cases.jsonl") if half_of(c["source"]) == half]

    started = time.perf_counter()
    one_by_one = score_fields(rows, [parse_reference(row["raw"]) for row in rows])
    elapsed = time.perf_counter() - started
    as_document = score_fields(rows, document_sources(rows))
    breaks = score_url_breaks(cases, {x["source"]: x for x in lists})
    boundaries = score_boundaries(lists)
    made_up = score_made_up_wraps(rows, half)

    print(f"\n== {half} half: {len(rows)} references, {len(lists)} lists, {len(cases)} URL breaks")
    print(f"  parsed one by one in {elapsed:.2f} s ({len(rows) / elapsed:,.0f} per second)")
    for name, scores in (
        ("one by one (parse_reference)", one_by_one),
        ("as a source list (citecheck parse)", as_document),
    ):
        print(f" {name}")
        print(scores.url.line("URL exact", TARGETS["url"]))
        print(scores.url_broken.line("URL exact, labelled broken", None))
        print(scores.title.line("title", TARGETS["title"]))
        print(scores.date.line("publication date", TARGETS["date"]))
    print(" URLs broken by a line wrap in PDF reference lists")
    print(breaks.line("URL exact across the break", TARGETS["url_broken"]))
    combined = Score(
        one_by_one.url_broken.hits + breaks.hits, one_by_one.url_broken.total + breaks.total
    )
    print(combined.line("URL exact, all broken URLs", TARGETS["url_broken"]))
    print(" this half's clean URLs cut by made-up wraps at every position (a stress test)")
    print(made_up.newline.line("cut by a line break", None))
    print(made_up.space.line("cut by a space", None))
    print(made_up.not_joined.line("next-line text kept out", None))
    print(" reference lists extracted from PDFs")
    print(boundaries.line())
    if not show:
        return
    if half != "calibrate":
        print("  (misses are shown for the calibrate half only: the holdout half stays unseen)")
        return
    for kind, misses in (
        ("url", one_by_one.url.misses),
        ("url in list", as_document.url.misses),
        ("url break", breaks.misses),
        ("title", one_by_one.title.misses),
        ("title in list", as_document.title.misses),
        ("date", one_by_one.date.misses),
        ("boundary", boundaries.misses),
        ("made-up wrap", made_up.newline.misses),
        ("made-up space", made_up.space.misses),
        ("kept out", made_up.not_joined.misses),
    ):
        for miss in misses[:show]:
            print(f"  [{kind}] {miss}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--half", choices=(*HALVES, "both"), default="both")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N")
    args = parser.parse_args()
    data = shared_data() / "references"
    for half in HALVES if args.half == "both" else (args.half,):
        report_half(half, data, args.show_errors)


if __name__ == "__main__":
    main()
