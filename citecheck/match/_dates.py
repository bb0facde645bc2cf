"""Dates as pages write them: parse to ISO keeping the offset, and find them in text and URLs."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from dateutil import parser as dateutil_parser

from citecheck.archives.playback import original_url

_EARLIEST_YEAR = 1990
_LATEST_YEAR = 2100
_ISO = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.IGNORECASE,
)
_ISO_MONTH = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?\s*$")
_EPOCH = re.compile(r"^\s*(\d{10})(\d{3})?\s*$")
_MONTHS_WRITTEN = {
    1: "january janvier januar jänner enero gennaio januari",
    2: "february février fevrier februar febrero febbraio februari",
    3: "march mars märz maerz marzo maart",
    4: "april avril abril aprile",
    5: "may mai mayo maggio mei",
    6: "june juin juni junio giugno",
    7: "july juillet juli julio luglio",
    8: "august août aout agosto augustus",
    9: "september septembre septiembre settembre sept",
    10: "october octobre oktober octubre ottobre",
    11: "november novembre noviembre",
    12: "december décembre decembre dezember diciembre dicembre",
}


def _month_words() -> dict[str, int]:
    words: dict[str, int] = {}
    for number, names in _MONTHS_WRITTEN.items():
        for name in names.split():
            for form in (name, name[:3], name[:4]):
                words.setdefault(form, number)
    return words


MONTH_WORDS = _month_words()
_MONTH = r"(?P<month>[^\W\d_]{3,10})\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)"
_TEXT_DATES = (
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}\b"),
    re.compile(rf"\b{_DAY}(?:\.|st|nd|rd|th|er)?\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?{_YEAR}\b"),
    re.compile(rf"\b{_YEAR}-(?P<month>[01]\d)-{_DAY}\b"),
    re.compile(rf"\b{_DAY}\.\s?(?P<month>[01]?\d)\.\s?{_YEAR}\b"),
    re.compile(rf"\b(?P<month>[01]?\d)/{_DAY}/{_YEAR}\b"),
)
_URL_DAY = re.compile(
    r"(?:^|[/_-])((?:19|20)\d\d)[/_-]([01]?\d|[a-z]{3,9})[/_-]([0-3]?\d)(?=$|[/_.?#-])",
    re.IGNORECASE,
)
_URL_COMPACT_DAY = re.compile(r"(?:^|[/_-])((?:19|20)\d\d)([01]\d)([0-3]\d)(?=$|[/_.?#-])")
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/([01]?\d)(?=/)")


@dataclass(frozen=True)
class Stamp:
    """A page date taken apart: the calendar day as written, and the time and offset if given."""

    day: date
    """The day as written (for month or year precision, the first of it)."""
    precision: str
    """``day``, ``month`` or ``year``."""
    clock: time | None = None
    """The time of day as written, when given."""
    offset: timedelta | None = None
    """The UTC offset as written; ``None`` when the value carries none."""

    @property
    def moment(self) -> datetime | None:
        """The instant, when time and offset are both known."""
        if self.clock is None or self.offset is None:
            return None
        return datetime.combine(self.day, self.clock, tzinfo=timezone(self.offset))


def normalise_date(raw: str, *, dayfirst: bool = False) -> str | None:
    """ISO 8601 for a date as a page writes it, keeping its offset; ``None`` when not a date."""
    raw = raw.strip()[:80]
    if not raw:
        return None
    found = _ISO.match(raw)
    if found:
        return _iso_from_parts(found.groups())
    found = _ISO_MONTH.match(raw)
    if found and 1 <= int(found.group(2)) <= 12:
        return f"{found.group(1)}-{found.group(2)}"
    found = _COMPACT.match(raw)
    if found:
        year, month, day, hour, minute, second = found.groups()
        parts = (year, month, day, hour, minute, second, None)
        return _iso_from_parts(parts)
    found = _EPOCH.match(raw)
    if found:
        moment = datetime.fromtimestamp(int(found.group(1)), tz=UTC)
        return moment.isoformat() if _plausible(moment.year) else None
    return _parse_free(raw, dayfirst=dayfirst)


def _iso_from_parts(parts: tuple[str | None, ...]) -> str | None:
    year, month, day, hour, minute, second, zone = parts
    try:
        day_value = date(int(year or 0), int(month or 0), int(day or 0))
    except ValueError:
        return None
    if not _plausible(day_value.year):
        return None
    if hour is None:
        return day_value.isoformat()
    try:
        clock = time(int(hour), int(minute or 0), int(second or 0))
    except ValueError:
        return day_value.isoformat()
    text = f"{day_value.isoformat()}T{clock.isoformat()}"
    if zone:
        text += "Z" if zone.upper() == "Z" else _offset_text(zone)
    return text


def _offset_text(zone: str) -> str:
    digits = zone[1:].replace(":", "")
    digits = (digits + "00")[:4]
    return f"{zone[0]}{digits[:2]}:{digits[2:]}"


def _parse_free(raw: str, *, dayfirst: bool) -> str | None:
    """Dates written in words or with slashes, through dateutil; the day must be stated."""
    if not re.search(r"\d", raw) or len(raw) > 60:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown zone names ("EST") parse as zone-less
            first = dateutil_parser.parse(raw, dayfirst=dayfirst, default=datetime(2000, 1, 1))
            second = dateutil_parser.parse(raw, dayfirst=dayfirst, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None
    if first.year != second.year or not _plausible(first.year):
        return None
    if first.month != second.month:
        return None
    if first.day != second.day:
        return f"{first.year:04d}-{first.month:02d}"
    has_clock = bool(re.search(r"\d:\d\d", raw))
    if not has_clock:
        return first.date().isoformat()
    text = first.replace(tzinfo=None).isoformat(timespec="seconds")
    if first.tzinfo is not None:
        offset = first.utcoffset() or timedelta(0)
        text += _format_offset(offset)
    return text


def _format_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _plausible(year: int) -> bool:
    return _EARLIEST_YEAR <= year <= _LATEST_YEAR


def parse_stamp(value: str) -> Stamp | None:
    """Take apart an ISO value made by :func:`normalise_date` (or a cited date)."""
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}", value):
            return Stamp(date(int(value), 1, 1), "year")
        found = _ISO_MONTH.match(value)
        if found:
            return Stamp(date(int(found.group(1)), int(found.group(2)), 1), "month")
    except ValueError:
        return None
    found = _ISO.match(value)
    if not found:
        return None
    year, month, day, hour, minute, second, zone = found.groups()
    try:
        day_value = date(int(year), int(month), int(day))
        clock = time(int(hour), int(minute or 0), int(second or 0)) if hour else None
    except ValueError:
        return None
    offset = None
    if zone:
        offset = timedelta(0) if zone.upper() == "Z" else _offset_delta(_offset_text(zone))
    return Stamp(day_value, "day", clock, offset)


def _offset_delta(text: str) -> timedelta:
    sign = -1 if text[0] == "-" else 1
    return sign * timedelta(hours=int(text[1:3]), minutes=int(text[4:6]))


def text_dates(text: str, *, limit: int = 3) -> list[tuple[int, str]]:
    """Up to ``limit`` ``(position, ISO day)`` dates written in running text, in reading order."""
    found: list[tuple[int, str]] = []
    for pattern in _TEXT_DATES:
        for hit in pattern.finditer(text):
            iso = _day_from_text(hit.group("year"), hit.group("month"), hit.group("day"))
            if iso is not None:
                found.append((hit.start(), iso))
    found.sort()
    unique: list[tuple[int, str]] = []
    for position, iso in found:
        if all(iso != seen for _, seen in unique):
            unique.append((position, iso))
    return unique[:limit]


def _day_from_text(year: str, month: str, day: str) -> str | None:
    if month.isdigit():
        month_number = int(month)
    else:
        word = month.lower()
        month_number = MONTH_WORDS.get(word, 0)
    try:
        return date(int(year), month_number, int(day)).isoformat()
    except ValueError:
        return None


def strip_archive_prefix(url: str) -> str:
    """The original URL inside an archive's playback URL, so its capture time is never read."""
    return original_url(url)


def url_dates(url: str) -> list[str]:
    """Dates written in a URL's path (``/2025/01/30/``, ``2025-01-30``, ``/2025/01/``)."""
    path = strip_archive_prefix(url)
    path = re.sub(r"^[a-z]+://[^/]+", "", path, flags=re.IGNORECASE)
    found: list[str] = []
    for hit in _URL_DAY.finditer(path):
        iso = _day_from_text(hit.group(1), hit.group(2), hit.group(3))
        if iso:
            found.append(iso)
    for hit in _URL_COMPACT_DAY.finditer(path):
        iso = _day_from_text(hit.group(1), hit.group(2), hit.group(3))
        if iso:
            found.append(iso)
    if not found:
        for hit in _URL_MONTH.finditer(path):
            if 1 <= int(hit.group(2)) <= 12:
                found.append(f"{hit.group(1)}-{int(hit.group(2)):02d}")
    return list(dict.fromkeys(found))
