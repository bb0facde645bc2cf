"""Score a cited title against every title candidate of a page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from citecheck.match._text import normalise

TITLE_THRESHOLD = 85.0

# One title inside another counts only for titles of some length: "Penny" is inside many titles.
_MIN_WORDS_CONTAINED = 3
_MIN_CHARS_CONTAINED = 12
# How much an unmatched affix costs: a title that is half of the other loses a quarter.
_AFFIX_WEIGHT = 0.5
_MIN_WORDS_REORDERED = 4
_REORDER_DISCOUNT = 0.95


@dataclass(frozen=True)
class TitleScore:
    """The best candidate for a cited title."""

    score: float
    """Similarity 0-100."""
    found: str
    """The candidate as the page writes it."""
    origin: str
    """Where the candidate came from (``meta[og:title]``, ``title piece`` ...)."""
    how: str
    """``exact``, ``similar`` or ``contained`` (one title holds the other with an affix)."""


def score_title(
    cited: str, candidates: Sequence[tuple[str, str]], site_names: Sequence[str] = ()
) -> TitleScore | None:
    """The best-scoring candidate, or ``None`` when either side offers no words."""
    wanted = normalise(cited)
    if not wanted:
        return None
    sites = [s for s in (normalise(n) for n in site_names) if s]
    best: TitleScore | None = None
    for origin, text in candidates:
        for form in _forms(normalise(text), sites):
            score, how = pair_score(wanted, form)
            if best is None or score > best.score:
                best = TitleScore(round(score, 1), text, origin, how)
    return best


def _forms(candidate: str, sites: Sequence[str]) -> list[str]:
    """The candidate, and the candidate with a leading or trailing site name removed."""
    forms = [candidate] if candidate else []
    for site in sites:
        if candidate.endswith(" " + site):
            forms.append(candidate[: -len(site)].strip())
        if candidate.startswith(site + " "):
            forms.append(candidate[len(site) :].strip())
    return [f for f in forms if f]


def pair_score(a: str, b: str) -> tuple[float, str]:
    """Similarity of two normalised titles, 0-100, and how it was reached."""
    if a == b:
        return 100.0, "exact"
    plain = fuzz.ratio(a, b)
    best, how = plain, "similar"
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    short_words = short.count(" ") + 1
    if short_words >= _MIN_WORDS_CONTAINED and len(short) >= _MIN_CHARS_CONTAINED:
        coverage = len(short) / len(long)
        contained = fuzz.partial_ratio(short, long) * (1 - _AFFIX_WEIGHT * (1 - coverage))
        if contained > best:
            best, how = contained, "contained"
    if short_words >= _MIN_WORDS_REORDERED:
        reordered = fuzz.token_sort_ratio(a, b) * _REORDER_DISCOUNT
        if reordered > best:
            best, how = reordered, "reordered"
    return best, how
