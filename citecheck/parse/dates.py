"""Dates as citations write them, turned into ISO 8601 at the precision given.

A citation's "May 2024" is a month, not the first of May, so results are strings
(``"2024"``, ``"2024-05"``, ``"2024-05-08"``) rather than :class:`datetime.date` objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan janv janvier januar jänner enero ene gennaio genn",
        "february feb febr février fevrier februar febrero febbraio",
        "march mar mär märz mars marzo",
        "april apr avr avril abril aprile",
        "may mai mayo maggio",
        "june jun juin juni junio giugno",
        "july jul juil juillet juli julio luglio",
        "august aug août aout agosto",
        "september sep sept septembre settembre septiembre",
        "october oct okt octobre oktober octubre ottobre",
        "november nov novembre noviembre",
        "december dec déc dez décembre decembre dezember diciembre dic dicembre",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _number)

_MONTH = (
    r"(?P<{name}>"
    + "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
    + r")\.?"
)
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th|er|\.)?"
_YEAR = r"(?P<{name}>1[5-9]\d\d|20\d\d)"


_ALTERNATIVES: tuple[str, ...] = (
    # 2025-01-28, 2025/01/28, 2025.01.28 (and with a time after it)
    r"\b" + _YEAR.format(name="y") + r"[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)(?!\d)",
    # 2025-01
    r"\b" + _YEAR.format(name="y") + r"-(?P<m>[01]\d)\b(?![-/.]\d)",
    # 28 Jan. 2025 / 28. Januar 2025 / 1er février 2025
    r"\b"
    + _DAY.format(name="d")
    + r"\s*"
    + _MONTH.format(name="mn")
    + r",?\s+"
    + _YEAR.format(name="y")
    + r"\b",
    # 28-Jan-2025 (IEEE access dates)
    r"\b"
    + _DAY.format(name="d")
    + r"-"
    + _MONTH.format(name="mn")
    + r"-"
    + _YEAR.format(name="y")
    + r"\b",
    # January 28, 2025 / Jan 28 2025
    r"\b"
    + _MONTH.format(name="mn")
    + r"\s+"
    + _DAY.format(name="d")
    + r",?\s+"
    + _YEAR.format(name="y")
    + r"\b",
    # 2025, January 28 / 2015, Aug 6 (APA)
    r"\b"
    + _YEAR.format(name="y")
    + r",\s*"
    + _MONTH.format(name="mn")
    + r"\s+"
    + _DAY.format(name="d")
    + r"\b(?!\s*,?\s*\d{4})",
    # 2025 January 28 (Vancouver)
    r"\b"
    + _YEAR.format(name="y")
    + r"\s+"
    + _MONTH.format(name="mn")
    + r"\s+"
    + _DAY.format(name="d")
    + r"\b",
    # 28.01.2025 / 28/01/2025 (day first unless impossible)
    r"\b(?P<a>[0-3]?\d)[./](?P<b>[01]?\d)[./]" + _YEAR.format(name="y") + r"\b",
    # May 2024 / 2024, May / 2024 May
    r"\b" + _MONTH.format(name="mn") + r",?\s+" + _YEAR.format(name="y") + r"\b",
    r"\b" + _YEAR.format(name="y") + r",?\s+" + _MONTH.format(name="mn") + r"(?![a-z])",
    # a bare year, optionally with a disambiguating letter (2011a)
    r"(?<![\d/.:\-–])" + _YEAR.format(name="y") + r"[a-z]?(?![\d/\-–]|\.\d)",
)


# Each form on its own, most precise first: a form is tried only on the few characters around
# a year, and the first form that reads a valid date there wins.
_FORMS: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.IGNORECASE) for p in _ALTERNATIVES)
_YEAR_ANYWHERE = re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")
_WINDOW = 24


@dataclass(frozen=True)
class FoundDate:
    """A date found in text."""

    iso: str
    """ISO 8601 at the precision written."""
    start: int
    """Offset of the first character of the date as written."""
    end: int
    """Offset just past it."""


def _month_number(name: str | None) -> int | None:
    if name is None:
        return None
    return _MONTHS.get(name.lower().rstrip("."))


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= _days_in_month(year, month):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _from_match(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    year = int(groups["y"])
    if groups.get("a") is not None:
        first, second = int(groups["a"]), int(groups["b"])
        if first <= 12 < second:  # day first unless that is impossible
            first, second = second, first
        return _iso(year, second, first)
    month = int(groups["m"]) if groups.get("m") is not None else _month_number(groups.get("mn"))
    day = int(groups["d"]) if groups.get("d") else None
    return _iso(year, month, day)


def find_dates(text: str) -> list[FoundDate]:
    """Every date in ``text``, in text order, each read at the most precise form that fits.

    Every form contains a year, so only the few characters around each year are searched;
    that keeps a long reference (or a hostile one) linear and cheap.
    """
    found: list[FoundDate] = []
    consumed = 0
    for year in _YEAR_ANYWHERE.finditer(text):
        if year.start() < consumed:
            continue
        date = _date_around(text, year, consumed)
        if date is not None:
            found.append(date)
            consumed = date.end
    return found


def _date_around(text: str, year: re.Match[str], floor: int) -> FoundDate | None:
    start = max(floor, year.start() - _WINDOW)
    end = min(len(text), year.end() + _WINDOW)
    for form in _FORMS:
        for match in form.finditer(text, start, end):
            if match.start() > year.start():
                break
            if match.end() < year.end():
                continue
            iso = _from_match(match)
            if iso is not None:
                return FoundDate(iso, match.start(), match.end())
    return None


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO 8601 at its precision, or ``None``."""
    dates = find_dates(text)
    return dates[0].iso if dates else None
