"""Author and site agreement: surnames against bylines, containers against site names."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from citecheck.match._text import compact, normalise

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "dr", "prof"})
_GENERIC_LABELS = frozenset(
    {"www", "com", "org", "net", "edu", "gov", "co", "ac", "uk", "de", "fr", "news", "blog",
     "blogs", "m", "amp", "en", "int", "info", "io"}
)  # fmt: skip
_ARTICLES = frozenset({"the", "la", "le", "les", "die", "der", "das", "el", "il"})
_SITE_SIMILARITY = 88.0
_MIN_ABBREVIATION = 4


def surname(author: str) -> str | None:
    """The family name of an author as cited: before the comma in "LEHTONEN, SCOTT", else last."""
    if "," in author:
        head = normalise(author.split(",", 1)[0])
        if head:
            return head.split()[-1]
    words = [w for w in normalise(author).split() if w not in _SUFFIXES]
    return words[-1] if words else None


def authors_agree(cited: Sequence[str], page_authors: Sequence[str]) -> bool | None:
    """Whether any cited surname is a word of a page author; ``None`` when either side is empty."""
    surnames = {s for s in (surname(a) for a in cited) if s and len(s) > 1}
    page_words = {w for name in page_authors for w in normalise(name).split()}
    if not surnames or not page_words:
        return None
    page_compact = {compact(name) for name in page_authors}
    return bool(surnames & page_words) or any(s in page_compact for s in surnames)


def site_agrees(container: str | None, site_names: Sequence[str]) -> bool | None:
    """Whether a cited container names the site (by name or domain); ``None`` when unknown."""
    if not container or not site_names:
        return None
    wanted = normalise(container)
    if not wanted:
        return None
    for name in site_names:
        if _is_domain(name):
            if _matches_domain(wanted, name):
                return True
        elif fuzz.ratio(compact(name), compact(container)) >= _SITE_SIMILARITY:
            return True
    return False


def names_domain(words: Sequence[str], domain: str) -> bool:
    """Whether these normalised words, all of them, spell a label of the domain
    ("stardew valley wiki" ~ stardewvalleywiki.com, "the times of israel" ~ timesofisrael.com)."""
    if not words:
        return False
    variants = [list(words)]
    if words[0] in _ARTICLES and len(words) > 1:
        variants.append(list(words[1:]))
    for label in _labels(domain):
        for variant in variants:
            if label == "".join(variant) or _spell_from(
                label, variant, used_whole=False, exact=True
            ):
                return True
    return False


def is_domain(name: str) -> bool:
    """Whether a site-name candidate is a host name."""
    return _is_domain(name)


def _labels(domain: str) -> list[str]:
    labels = (label.replace("-", "") for label in domain.lower().split("."))
    return [label for label in labels if label not in _GENERIC_LABELS and len(label) >= 2]


def _is_domain(name: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", name.lower()))


def _matches_domain(wanted: str, domain: str) -> bool:
    """ "Business Insider" ~ businessinsider.com, "Investor's Business Daily" ~ investors.com,
    "The New York Times" ~ nytimes.com, "Bookseller" ~ thebookseller.com: a label of the domain
    spells the leading words, each whole or by its initial."""
    words = wanted.split()
    variants = [words, words[1:]] if words and words[0] in _ARTICLES else [words, ["the", *words]]
    for label in _labels(domain):
        for variant in variants:
            if variant and _spells(label, variant):
                return True
    return False


def _spells(label: str, words: Sequence[str]) -> bool:
    """Whether ``label`` is the leading words run together, each whole or as its initial."""
    if not words:
        return False
    if label in ("".join(words), "".join(w[0] for w in words)) and len(label) > 1:
        return True
    if len(label) < _MIN_ABBREVIATION and label != words[0]:
        return False
    return _spell_from(label, list(words), used_whole=False)


def _spell_from(rest: str, words: list[str], *, used_whole: bool, exact: bool = False) -> bool:
    if not rest:
        return used_whole and (not exact or not words)
    if not words:
        return False
    word, others = words[0], words[1:]
    if rest.startswith(word) and _spell_from(
        rest[len(word) :], others, used_whole=True, exact=exact
    ):
        return True
    return rest[0] == word[0] and _spell_from(rest[1:], others, used_whole=used_whole, exact=exact)
