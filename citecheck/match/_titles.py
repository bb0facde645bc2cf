"""Score a cited title against every title candidate of a page."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from citecheck.match._people import is_domain, names_domain
from citecheck.match._text import normalise

TITLE_THRESHOLD = 81.0
"""Scores at or above this agree. Calibrated by benchmarks/match_accuracy.py on 96 real pages with
gold headlines against 1929 hard negatives (other articles' headlines linked from the same site,
other pages' titles sharing topic words): every threshold from 66 to 95 keeps recall at 0.990
(95/96; the miss is a gold title found only in an <h2>) with false acceptance <= 0.01; 81 is
the middle of that range, where false acceptance is 0.0010 (2/1929)."""

# One title inside another counts only for titles of some length: "Penny" is inside many titles.
_MIN_WORDS_CONTAINED = 3
_MIN_CHARS_CONTAINED = 12
# How much an unmatched affix costs: a title that is half of the other loses a quarter.
_AFFIX_WEIGHT = 0.5
_MIN_WORDS_REORDERED = 4
_REORDER_DISCOUNT = 0.95
# Numbers name one instalment, year or count among similar titles; a different one costs this.
_NUMBER_PENALTY = 0.8
_NUMBER = re.compile(r"\d+")
_MAX_PIECES = 6
TITLE_SEPARATOR = re.compile(
    r"\s*[|·•»«]\s*|\s+[-–—~]{1,2}\s+|\s*[–—]\s*|\s*::\s*|:\s+|\s+/\s+|\s+--|--\s+"
)
"""What sites put between a headline and their name (or section): bars, dashes, colons ..."""


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
    sites = _Sites(
        frozenset(normalise(n) for n in site_names) - {""},
        tuple(n for n in site_names if is_domain(n)),
    )
    wanted = _forms(cited, sites) or [normalise(cited)]
    if not wanted[0]:
        return None
    best: TitleScore | None = None
    for origin, text in candidates:
        for form in _forms(text, sites):
            for cited_form in wanted:
                score, how = pair_score(cited_form, form)
                if best is None or score > best.score:
                    best = TitleScore(round(score, 1), text, origin, how)
    return best


def title_pieces(title: str) -> list[str]:
    """The parts of a title around separators, alone and joined from either end."""
    cuts = _cuts(title)
    pieces: list[str] = []
    bounds = [0, *[e for _, e in cuts]]
    ends = [s for s, _ in cuts] + [len(title)]
    for index in range(len(bounds)):
        pieces.append(title[bounds[index] : ends[index]])
        if index > 0:
            pieces.append(title[bounds[index] :])
            pieces.append(title[: ends[index - 1]])
    return [p.strip() for p in pieces if p.strip() and p.strip() != title]


def _cuts(title: str) -> list[tuple[int, int]]:
    """Spans of the separators inside a title (none at its very start or end)."""
    cuts = [(m.start(), m.end()) for m in TITLE_SEPARATOR.finditer(title) if m.start() > 0]
    return [(s, e) for s, e in cuts if e < len(title)][:_MAX_PIECES]


@dataclass(frozen=True)
class _Sites:
    """The page's site names, normalised, and its host names."""

    names: frozenset[str]
    domains: tuple[str, ...]

    def named(self, text: str) -> bool:
        """Whether a normalised text is nothing but the site's name."""
        return text in self.names or any(names_domain(text.split(), d) for d in self.domains)


def _forms(title: str, sites: _Sites) -> list[str]:
    """A title normalised, and also without a site name set off by a separator at either end
    ("Penny - Stardew Valley Wiki" on stardewvalleywiki.com); empty when it is only the name."""
    whole = normalise(title)
    if not whole or sites.named(whole):
        return []
    forms = [whole]
    cuts = _cuts(title)
    if cuts:
        if sites.named(normalise(title[cuts[-1][1] :])):
            forms.append(normalise(title[: cuts[-1][0]]))
        if sites.named(normalise(title[: cuts[0][0]])):
            forms.append(normalise(title[cuts[0][1] :]))
    return [f for f in forms if f]


def pair_score(a: str, b: str) -> tuple[float, str]:
    """Similarity of two normalised titles, 0-100, and how it was reached."""
    if a == b:
        return 100.0, "exact"
    best, how = _similarity(a, b)
    if _NUMBER.findall(a) != _NUMBER.findall(b):
        # "Tweet of the Week #66" is not #67, nor "Top 10 of 2019" the 2020 list.
        return best * _NUMBER_PENALTY, how + ", numbers differ"
    return best, how


def _similarity(a: str, b: str) -> tuple[float, str]:
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
