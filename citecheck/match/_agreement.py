"""Does a cited date agree with one of the page's dates? Time-zone aware, precision aware."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from citecheck.match._dates import Stamp, parse_stamp
from citecheck.model import PageDate

# Roles in the order they are trusted: a match with an earlier group wins.
_ROLE_GROUPS: tuple[tuple[str, ...], ...] = (
    ("published", "created"),
    ("time", "dateline"),
    ("modified",),
    ("url",),
)
# Real-world UTC offsets run from -12:00 to +14:00; a UTC (or zone-less) timestamp can only
# fall on a neighbouring local day when one of those offsets carries it across midnight.
_WESTMOST = timedelta(hours=-12)
_EASTMOST = timedelta(hours=14)

AS_WRITTEN = "as written"
AS_UTC = "as its UTC date, across midnight (UTC vs local)"
AS_LOCAL = "as its local date, across midnight (UTC vs local)"
ACROSS_MIDNIGHT = "across midnight (UTC vs local)"
_RANK = {AS_WRITTEN: 0, AS_LOCAL: 1, AS_UTC: 2, ACROSS_MIDNIGHT: 3}


@dataclass(frozen=True)
class DateVerdict:
    """The outcome of comparing a cited date with a page's dates."""

    agrees: bool | None
    """``None`` when the page states no usable date (or the citation none)."""
    found: PageDate | None = None
    """The page date that agreed, else the one that should have (the best-trusted)."""
    how: str = ""
    """``as written``, ``as its UTC date``, ``as its local date`` or ``across midnight ...``."""


def compare_dates(cited: str | None, dates: Sequence[PageDate]) -> DateVerdict:
    """Compare a cited ISO date (year, month or day precision) with the page's dates."""
    wanted = parse_stamp(cited) if cited else None
    stamps = [(item, stamp) for item in dates if (stamp := parse_stamp(item.value)) is not None]
    if wanted is None or not stamps:
        return DateVerdict(None)
    local_offset = _page_offset(stamp for _, stamp in stamps)
    # Days the page writes without a clock (URL, dateline, date-only meta) are local days: a
    # timestamp on such a day is not moved across midnight by guessing the publisher's zone.
    local_days = {s.day for _, s in stamps if s.clock is None and s.precision == "day"}
    for roles in _ROLE_GROUPS:
        best: tuple[int, PageDate, str] | None = None
        for item, stamp in stamps:
            if item.role not in roles:
                continue
            how = _agreement(wanted, stamp, local_offset, local_days)
            if how is not None and (best is None or _RANK[how] < best[0]):
                best = (_RANK[how], item, how)
        if best is not None:
            return DateVerdict(True, best[1], best[2])
    return DateVerdict(False, _most_trusted(stamps))


def _most_trusted(stamps: Sequence[tuple[PageDate, Stamp]]) -> PageDate:
    for roles in _ROLE_GROUPS:
        for item, _ in stamps:
            if item.role in roles:
                return item
    return stamps[0][0]


def _page_offset(stamps: Iterable[Stamp]) -> timedelta | None:
    """The page's own non-UTC offset, when any of its timestamps states one."""
    for stamp in stamps:
        if stamp.offset is not None and stamp.offset != timedelta(0):
            return stamp.offset
    return None


def _agreement(
    wanted: Stamp, stamp: Stamp, local_offset: timedelta | None, local_days: set[date]
) -> str | None:
    """How ``stamp`` agrees with the cited date, or ``None``."""
    if stamp.precision != "day" and _finer(wanted, stamp):
        return None  # a month in a URL cannot confirm a cited day
    if stamp.clock is None:
        return AS_WRITTEN if _same(wanted, stamp.day) else None
    written = datetime.combine(stamp.day, stamp.clock)
    if _same(wanted, stamp.day):
        # A UTC stamp whose day is not the page's local day (by its own offset) agrees only
        # as a UTC date: say so rather than call it the date as written.
        utc_only = stamp.offset == timedelta(0) and local_offset is not None
        if utc_only and not _same(wanted, (written + (local_offset or timedelta(0))).date()):
            return AS_UTC
        return AS_WRITTEN
    if stamp.offset is not None and stamp.offset != timedelta(0):
        # The page states its local time: only that and its UTC date count.
        return AS_UTC if _same(wanted, (written - stamp.offset).date()) else None
    if local_offset is not None:
        # A UTC (or zone-less) stamp on a page that elsewhere states its local offset.
        return AS_LOCAL if _same(wanted, (written + local_offset).date()) else None
    if stamp.day in local_days:
        return None
    for shift in (_WESTMOST, _EASTMOST):
        if _same(wanted, (written + shift).date()):
            return ACROSS_MIDNIGHT
    return None


def _finer(wanted: Stamp, stamp: Stamp) -> bool:
    order = {"year": 0, "month": 1, "day": 2}
    return order[wanted.precision] > order[stamp.precision]


def _same(wanted: Stamp, day: date) -> bool:
    if wanted.precision == "year":
        return wanted.day.year == day.year
    if wanted.precision == "month":
        return (wanted.day.year, wanted.day.month) == (day.year, day.month)
    return wanted.day == day
