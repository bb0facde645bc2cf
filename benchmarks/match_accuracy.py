"""Accuracy and speed of the matcher on real, labelled pages (../shared/data/pages).

Builds true citations from the gold titles and dates, and corrupted ones (another page's title
from the same site or sharing topic words; the date shifted by a day, a month, a year), then
reports agreement recall on the true ones and false acceptance on the corrupted ones. It also
calibrates the title threshold: a sweep of recall and false acceptance over thresholds, and the
threshold this data suggests, next to the one in the code (citecheck.match.TITLE_THRESHOLD).

Run from the repository root:  /work/venv/bin/python benchmarks/match_accuracy.py
The data is located at ../shared/data relative to the repository root (or, for a worktree,
../../shared/data), or wherever CITECHECK_SHARED_DATA points. Without it, the script says so
and exits 0.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import lxml.html  # type: ignore[import-untyped]  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402

from citecheck.http.page import decode_markup  # noqa: E402
from citecheck.match import TITLE_THRESHOLD, match  # noqa: E402
from citecheck.match._agreement import AS_WRITTEN, compare_dates  # noqa: E402
from citecheck.match._extract import page_metadata  # noqa: E402
from citecheck.match._text import normalise  # noqa: E402
from citecheck.match._titles import score_title  # noqa: E402
from citecheck.model import PageDate, PageMetadata, Source  # noqa: E402

TARGET_FALSE_ACCEPTANCE = 0.01
_STOPWORD_TEXT = """the and for with from that this what when where which while your have will
    into about
    after over more than their they them then there these those were been being does how why
    who whom whose also just only some such very here ohne oder eine einer eines dass sich nicht
    mit von und der die das den dem des für auf aus bei nach über unter wird sind ist les des
    une pour dans avec sont plus"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass
class PageCase:
    """One labelled page and what the matcher extracted from it."""

    file: str
    url: str
    host: str
    gold_date: str
    gold_title: str | None
    other_title: str | None
    metadata: PageMetadata
    metadata_without_htmldate: PageMetadata
    same_site_titles: list[str]


def find_data() -> Path | None:
    """The shared data folder: CITECHECK_SHARED_DATA if set, else ../shared/data from the
    repository root (or ../../shared/data, for a worktree one level deeper)."""
    override = os.environ.get("CITECHECK_SHARED_DATA")
    candidates = (
        [Path(override)]
        if override
        else [ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"]
    )
    for candidate in candidates:
        if (candidate / "pages" / "gold.jsonl").is_file():
            return candidate
    return None


def main() -> int:
    data = find_data()
    if data is None:
        print(
            "match_accuracy: no labelled data (../shared/data or CITECHECK_SHARED_DATA); skipped."
        )
        return 0
    pages_dir = data / "pages"
    cases, throughput = load(pages_dir)
    print(f"pages: {len(cases)} ({sum(1 for c in cases if c.gold_title)} with a gold title)")
    print(
        f"throughput: {throughput[0]:.1f} pages/second with match() on raw bytes "
        f"({throughput[1] * 1000:.1f} ms/page mean, {throughput[2] * 1000:.0f} ms slowest)"
    )
    print()
    titles_report(cases)
    print()
    dates_report(cases)
    return 0


def load(pages_dir: Path) -> tuple[list[PageCase], tuple[float, float, float]]:
    gold = [json.loads(line) for line in (pages_dir / "gold.jsonl").open(encoding="utf-8")]
    observed = {
        row["file"]: row
        for row in map(json.loads, (pages_dir / "observed_titles.jsonl").open(encoding="utf-8"))
    }
    cases = []
    timings = []
    for row in gold:
        body = (pages_dir / row["file"]).read_bytes()
        started = time.perf_counter()
        match(Source(None, "", "", title=row["title"], published=row["date"]), body, url=row["url"])
        timings.append(time.perf_counter() - started)
        text, _ = decode_markup(body)
        seen = observed.get(row["file"], {})
        cases.append(
            PageCase(
                file=row["file"],
                url=row["url"],
                host=_host(row["url"]),
                gold_date=row["date"],
                gold_title=row["title"].strip() if row["title"] else None,
                other_title=seen.get("observed_og_title") or seen.get("observed_title_tag"),
                metadata=page_metadata(text, url=row["url"]),
                metadata_without_htmldate=page_metadata(text, url=row["url"], use_htmldate=False),
                same_site_titles=_linked_headlines(text, row["url"]),
            )
        )
    total = sum(timings)
    return cases, (len(timings) / total, total / len(timings), max(timings))


def _host(url: str) -> str:
    path = re.sub(r"^https?://[^/]+/web/\d+[a-z_]*/", "", url)
    return (urlsplit(path).hostname or "").removeprefix("www.")


def _linked_headlines(text: str, url: str) -> list[str]:
    """Headlines of other articles on the same site: link texts of four words or more that point
    elsewhere on the page's own host (related stories, most read, next/previous)."""
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", errors="replace"))
    except Exception:
        return []
    host = _host(url)
    own = urlsplit(url).path.rstrip("/")
    found: dict[str, None] = {}
    for anchor in root.iter("a"):
        try:
            target = urlsplit(urljoin(url, anchor.get("href") or ""))
        except ValueError:
            continue
        label = re.sub(r"\s+", " ", anchor.text_content()).strip()
        if (target.hostname or "").removeprefix("www.") != host or not label:
            continue
        if target.path.rstrip("/").startswith(own) or len(label.split()) < 4 or len(label) > 200:
            continue
        found.setdefault(label, None)
    return list(found)


# ---------------------------------------------------------------------------------- titles


def _content_words(title: str) -> set[str]:
    return {w for w in normalise(title).split() if len(w) >= 4 and w not in _STOPWORDS}


def title_pairs(cases: Sequence[PageCase]) -> dict[str, list[tuple[PageCase, str]]]:
    """Cited titles per case: true ones, and corrupted ones that must not be accepted."""
    titled = [c for c in cases if c.gold_title]
    pool = [(c, c.gold_title or c.other_title) for c in cases if c.gold_title or c.other_title]
    pairs: dict[str, list[tuple[PageCase, str]]] = {
        "true: gold title": [(c, c.gold_title or "") for c in titled],
        "true: gold title with the site name appended": [
            (c, f"{c.gold_title} | {_site_label(c)}") for c in titled
        ],
        "corrupt: another article from the same site": [],
        "corrupt: another page's title sharing topic words": [],
        "corrupt: any other page's title": [],
    }
    for case in titled:
        own = normalise(case.gold_title or "")
        words = _content_words(case.gold_title or "")
        for other, title in pool:
            if other is case or not title or normalise(title) == own:
                continue
            if other.host == case.host:
                pairs["corrupt: another article from the same site"].append((case, title))
            if words & _content_words(title):
                pairs["corrupt: another page's title sharing topic words"].append((case, title))
            pairs["corrupt: any other page's title"].append((case, title))
        for title in case.same_site_titles:
            if normalise(title) != own:
                pairs["corrupt: another article from the same site"].append((case, title))
    return pairs


def _site_label(case: PageCase) -> str:
    names = [n for n in case.metadata.site_names if "." not in n]
    return names[0] if names else case.host


def titles_report(cases: Sequence[PageCase]) -> None:
    pairs = title_pairs(cases)
    scores = {
        name: [_title_score(case, cited) for case, cited in items] for name, items in pairs.items()
    }
    print("TITLES (score = best over all title candidates of the page, 0-100)")
    print(f"  threshold in code: TITLE_THRESHOLD = {TITLE_THRESHOLD}")
    for name, values in scores.items():
        rate = _rate(values, TITLE_THRESHOLD)
        what = "recall" if name.startswith("true") else "false acceptance"
        print(f"  {name}: n={len(values)}  {what} = {rate:.4f}")
    positives = scores["true: gold title"]
    hard = (
        scores["corrupt: another article from the same site"]
        + scores["corrupt: another page's title sharing topic words"]
    )
    print()
    print("  sweep (recall on true gold titles / false acceptance on hard negatives:")
    print("  same-site articles + titles sharing topic words):")
    print("    threshold  recall  false-acceptance")
    sweep = list(range(50, 101, 2))
    for threshold in sweep:
        print(
            f"    {threshold:9d}  {_rate(positives, threshold):.4f}  {_rate(hard, threshold):.4f}"
        )
    chosen = calibrate(positives, hard)
    print()
    print(
        f"  calibrated: thresholds {chosen[0]:.0f}..{chosen[1]:.0f} keep false acceptance <= "
        f"{TARGET_FALSE_ACCEPTANCE} with the best recall ({_rate(positives, chosen[0]):.4f}); "
        f"the middle of that range is {(chosen[0] + chosen[1]) / 2:.1f}."
    )
    print(
        f"  at TITLE_THRESHOLD={TITLE_THRESHOLD}: recall {_rate(positives, TITLE_THRESHOLD):.4f}, "
        f"false acceptance {_rate(hard, TITLE_THRESHOLD):.4f} "
        f"(hard negatives n={len(hard)}, highest negative score {max(hard, default=0):.1f}, "
        f"lowest true score {min(positives, default=0):.1f})"
    )
    split_half(pairs, scores)
    baseline = [
        max(
            (
                fuzz.ratio(normalise(cited), normalise(t))
                for o, t in case.metadata.titles
                if o == "title"
            ),
            default=0.0,
        )
        for case, cited in pairs["true: gold title"]
    ]
    print(
        f"  baseline, plain ratio against <title> only: recall "
        f"{_rate(baseline, TITLE_THRESHOLD):.4f} at {TITLE_THRESHOLD}, "
        f"{_rate(baseline, 90):.4f} at 90"
    )
    misses = [
        (s, c.gold_title) for (c, _), s in zip(pairs["true: gold title"], positives, strict=True)
    ]
    for score, title in sorted(misses)[:5]:
        print(f"    lowest true: {score:5.1f}  {title}")
    worst = sorted(zip(hard, _hard_pairs(pairs), strict=True), key=lambda x: -x[0])[:5]
    for score, (case, cited) in worst:
        print(f"    highest negative: {score:5.1f}  {cited[:60]!r} vs page {case.file}")


def split_half(
    pairs: dict[str, list[tuple[PageCase, str]]], scores: dict[str, list[float]]
) -> None:
    """Calibrate on half of the pages and measure on the other half, both ways round: how much
    the chosen threshold depends on the pages it was chosen on."""
    files = sorted({c.file for c, _ in pairs["true: gold title"]})
    halves = [set(files[0::2]), set(files[1::2])]
    hard_names = (
        "corrupt: another article from the same site",
        "corrupt: another page's title sharing topic words",
    )

    def part(names: Iterable[str], half: set[str]) -> list[float]:
        return [
            score
            for name in names
            for (case, _), score in zip(pairs[name], scores[name], strict=True)
            if case.file in half
        ]

    for fit, test in ((0, 1), (1, 0)):
        low, high = calibrate(
            part(["true: gold title"], halves[fit]), part(hard_names, halves[fit])
        )
        chosen = (low + high) / 2
        positives = part(["true: gold title"], halves[test])
        negatives = part(hard_names, halves[test])
        print(
            f"  split half {fit + 1}->{test + 1}: calibrated {chosen:.1f} on one half; on the "
            f"other recall {_rate(positives, chosen):.4f}, "
            f"false acceptance {_rate(negatives, chosen):.4f}"
        )


def _hard_pairs(pairs: dict[str, list[tuple[PageCase, str]]]) -> list[tuple[PageCase, str]]:
    return (
        pairs["corrupt: another article from the same site"]
        + pairs["corrupt: another page's title sharing topic words"]
    )


def calibrate(positives: Sequence[float], negatives: Sequence[float]) -> tuple[float, float]:
    """The range of thresholds (step 0.5) with false acceptance within target and best recall."""
    grid = [x / 2 for x in range(100, 201)]
    allowed = [t for t in grid if _rate(negatives, t) <= TARGET_FALSE_ACCEPTANCE]
    best = max(_rate(positives, t) for t in allowed)
    plateau = [t for t in allowed if _rate(positives, t) == best]
    return plateau[0], plateau[-1]


def _title_score(case: PageCase, cited: str) -> float:
    best = score_title(cited, case.metadata.titles, case.metadata.site_names)
    return best.score if best else 0.0


def _rate(values: Sequence[float], threshold: float) -> float:
    return sum(v >= threshold for v in values) / len(values) if values else 0.0


# ----------------------------------------------------------------------------------- dates


def _shift(gold: str, kind: str) -> str:
    day = date.fromisoformat(gold)
    if kind.endswith("d"):
        return (day + timedelta(days=int(kind[:-1]))).isoformat()
    if kind.endswith("m"):
        months = day.year * 12 + day.month - 1 + int(kind[:-1])
        return date(months // 12, months % 12 + 1, min(day.day, 28)).isoformat()
    return date(day.year + int(kind[:-1]), day.month, min(day.day, 28)).isoformat()


def dates_report(cases: Sequence[PageCase]) -> None:
    print("DATES (cited date vs the page's dates; correct = date_agrees is True)")
    runs: list[tuple[str, Callable[[PageCase], str], bool]] = [
        ("true: gold day", lambda c: c.gold_date, True),
        ("true: gold month (month precision)", lambda c: c.gold_date[:7], True),
        ("true: gold year (year precision)", lambda c: c.gold_date[:4], True),
        ("corrupt: +1 day", lambda c: _shift(c.gold_date, "+1d"), False),
        ("corrupt: -1 day", lambda c: _shift(c.gold_date, "-1d"), False),
        ("corrupt: +1 month", lambda c: _shift(c.gold_date, "+1m"), False),
        ("corrupt: -1 month", lambda c: _shift(c.gold_date, "-1m"), False),
        ("corrupt: +1 year", lambda c: _shift(c.gold_date, "+1y"), False),
        ("corrupt: -1 year", lambda c: _shift(c.gold_date, "-1y"), False),
        ("corrupt: month precision, +1 month", lambda c: _shift(c.gold_date, "+1m")[:7], False),
    ]
    beyond: list[bool] = []
    for name, cite, truthful in runs:
        outcomes = [compare_dates(cite(c), c.metadata.dates) for c in cases]
        agreed = [o.agrees is True for o in outcomes]
        rate = sum(agreed) / len(agreed)
        undecided = sum(o.agrees is None for o in outcomes)
        roles = Counter(
            f"{o.found.role}{'' if o.how == AS_WRITTEN else ' across midnight'}"
            for o in outcomes
            if o.agrees and o.found
        )
        what = "correct" if truthful else "false acceptance"
        print(
            f"  {name}: n={len(outcomes)}  {what} = {rate:.4f}  undecided={undecided}  "
            f"agreed via {dict(roles.most_common())}"
        )
        if not truthful and "day" not in name:
            beyond.extend(agreed)
    print(
        f"  false acceptance of dates shifted beyond a day (all such cases): "
        f"{sum(beyond) / len(beyond):.4f} (n={len(beyond)})"
    )
    without = [compare_dates(c.gold_date, c.metadata_without_htmldate.dates) for c in cases]
    asked = [c for c in cases if any(d.origin == "htmldate" for d in c.metadata.dates)]
    print(
        f"  without the htmldate fallback: correct = "
        f"{sum(o.agrees is True for o in without) / len(without):.4f}; htmldate (asked only when "
        f"a page states no date) added a date on {len(asked)} pages, right on "
        f"{sum(_htmldate_right(c) for c in asked)}"
    )
    for case, outcome in zip(
        cases, [compare_dates(c.gold_date, c.metadata.dates) for c in cases], strict=True
    ):
        if outcome.agrees is not True:
            print(
                f"    not agreed: gold {case.gold_date} {case.file}: {outcome.agrees} "
                f"{_show(case.metadata.dates)}"
            )


def _htmldate_right(case: PageCase) -> bool:
    return any(d.origin == "htmldate" and d.value == case.gold_date for d in case.metadata.dates)


def _show(dates: Iterable[PageDate]) -> str:
    return ", ".join(f"{d.value} ({d.role})" for d in list(dates)[:4]) or "no dates"


if __name__ == "__main__":
    raise SystemExit(main())
