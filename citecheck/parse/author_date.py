"""Author-date citations in the text ("(Smith, 2020)", "Smith and Jones (2019a)") checked
against an unnumbered source list, as APA, Harvard and Chicago author-date articles cite."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from citecheck.model import Finding, Severity, Source

_NAME = r"[A-ZÀ-Ý][\w'’\-]+"
_YEAR = r"(?:1[5-9]|20)\d\d[a-z]?"
# One citation inside parentheses: "Smith, 2020", "Smith & Jones 2019a", "Smith et al., 2021".
_CITED = re.compile(
    rf"(?P<name>{_NAME})(?:\s+(?:et\s+al\.?|(?:and|&)\s+{_NAME}))?,?\s+(?P<year>{_YEAR})\b"
)
_PARENTHESES = re.compile(rf"\(([^()]{{0,300}}?\b{_YEAR}\b[^()]{{0,300}}?)\)")
# A narrative citation: "Smith (2020)", "Smith and Jones (2019)", "Smith et al. (2021)".
_NARRATIVE = re.compile(
    rf"\b(?P<name>{_NAME})(?:\s+(?:et\s+al\.|(?:and|&)\s+{_NAME}))?\s+\((?P<year>{_YEAR})[),;]"
)
# Capitalised words that start sentences or name months, not authors.
_NOT_NAMES = frozenset((
    "in", "on", "at", "by", "for", "from", "since", "during", "until", "after", "before", "see",
    "cf", "also", "the", "a", "an", "this", "that", "these", "those", "and", "or", "but", "as",
    "of", "to", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "spring", "summer", "autumn", "fall", "winter",
))  # fmt: skip


def _key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", folded.casefold())


def _first_surname(source: Source) -> str | None:
    if not source.authors:
        return None
    first = source.authors[0]
    if "," in first:
        return first.split(",")[0].split()[-1]  # "Smith, J." / "van Dijk, A."
    words = [w for w in first.split() if not re.fullmatch(r"(?:[A-Z]\.?-?)+", w)]
    if not words:
        return None
    # "J. Smith" / "John Smith" end with it; "Smith AB" (Vancouver) starts with it.
    return words[-1] if first.split()[-1] == words[-1] else words[0]


def find_author_date(body: str) -> list[tuple[str, str]]:
    """``(name, year)`` for every author-date citation in ``body``, in order, unique."""
    found: list[tuple[str, str]] = []
    for group in _PARENTHESES.finditer(body):
        for part in re.split(r";", group.group(1)):
            match = _CITED.search(part)
            if match:
                found.append((match.group("name"), match.group("year")))
    for match in _NARRATIVE.finditer(body):
        found.append((match.group("name"), match.group("year")))
    kept = [(name, year) for name, year in found if name.casefold() not in _NOT_NAMES]
    return list(dict.fromkeys(kept))


def cross_check_author_date(body: str, sources: Sequence[Source]) -> list[Finding]:
    """Findings for citations naming no source, and sources no citation names.

    Only for unnumbered lists whose text cites by author and year; a numbered list is checked
    by its markers instead.
    """
    if not sources or any(s.number is not None for s in sources):
        return []
    citations = find_author_date(body)
    if not citations:
        return []
    index: dict[tuple[str, str], list[int]] = {}
    for position, source in enumerate(sources):
        surname = _first_surname(source)
        if surname and source.published:
            index.setdefault((_key(surname), source.published[:4]), []).append(position)
    cited_positions: set[int] = set()
    findings: list[Finding] = []
    for name, year in citations:
        positions = index.get((_key(name), year[:4]), [])
        cited_positions.update(positions)
        if not positions:
            findings.append(
                Finding(
                    "citation-without-source",
                    Severity.WARNING,
                    f"the text cites {name} ({year}) but no source in the list is by {name} "
                    f"from {year[:4]}",
                    {"citation": f"{name} {year}"},
                )
            )
    for position, source in enumerate(sources):
        if position not in cited_positions and _first_surname(source) and source.published:
            findings.append(
                Finding(
                    "source-never-cited",
                    Severity.INFO,
                    f"no author-date citation in the text names source {position + 1} "
                    f"({_first_surname(source)}, {source.published[:4]})",
                    {"source": str(position + 1), "title": source.title or ""},
                )
            )
    return findings
