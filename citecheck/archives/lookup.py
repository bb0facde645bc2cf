"""Choosing and fetching the capture for one source, without ever raising for the network."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

import requests

from citecheck.archives._memento import memento_datetime
from citecheck.archives.errors import (
    ArchiveBlockedError,
    ArchiveError,
    ArchiveUnavailableError,
    NotArchivedError,
    RateLimitedError,
    SaveUnsupportedError,
)
from citecheck.archives.interface import ArchiveBackend
from citecheck.errors import CitecheckError, ConfigError
from citecheck.model import ArchiveResult, ArchiveStatus, Page, Snapshot, Source

_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def reference_time(source: Source, *, now: datetime | None = None) -> datetime:
    """The moment a capture should be nearest to: the access date, else the publication date,
    else ``now``.

    A date at day, month or year precision stands for the *end* of that period in UTC
    (``"2025-01-28"`` → 2025-01-28 23:59:59 UTC, ``"2025-01"`` → 2025-01-31 23:59:59,
    ``"2025"`` → 2025-12-31 23:59:59), so that "at or before" includes every capture of the
    day (or month, or year) the citation names. A full date-time is taken as given.
    """
    return _reference(source, now)[0]


Backends = ArchiveBackend | Sequence[ArchiveBackend]
"""One archive, or several tried in order."""

_STATUS_OF_ERROR: tuple[tuple[type[ArchiveError], ArchiveStatus], ...] = (
    (ArchiveBlockedError, ArchiveStatus.NONE),
    (NotArchivedError, ArchiveStatus.NONE),
    (SaveUnsupportedError, ArchiveStatus.NONE),
    (RateLimitedError, ArchiveStatus.ERROR),
    (ArchiveUnavailableError, ArchiveStatus.ERROR),
    (ArchiveError, ArchiveStatus.ERROR),
)
"""What each archive error says about a source: the first class that matches decides."""


def find_archive(
    source: Source,
    backend: Backends,
    *,
    url: str | None = None,
    fetch_page: bool = True,
) -> ArchiveResult:
    """Look up (and by default fetch) the capture of a source nearest its reference time.

    ``backend`` may be a sequence: each archive is asked in turn until one has a capture
    (its replay did not turn out to be an error page). ``url`` overrides the source's own URL
    (a repaired or redirected one). Never raises for network or service problems: they
    become ``error`` (rate-limited, unavailable) or ``none`` (excluded, no successful capture)
    with the reason in ``detail``; with several archives, ``error`` when none had a capture
    and at least one could not be asked.
    """
    target = url or source.url
    if not target:
        return ArchiveResult(status=ArchiveStatus.SKIPPED, detail="no URL to look up")
    when, basis = _reference(source, None)
    tried: list[tuple[ArchiveBackend, ArchiveResult]] = []
    for one in _chain(backend):
        result = _find_at(one, target, when, basis, fetch_page)
        if result.status is ArchiveStatus.FOUND:
            return _found_after(result, one, [r for _, r in tried])
        tried.append((one, result))
    return _nothing_found([r for _, r in tried])


def save_capture(url: str, backend: Backends) -> ArchiveResult:
    """Ask an archive to capture ``url`` now (Save Page Now); never raises for the network.

    For ``--save-missing``: call it for a live source whose lookup found no capture at all.
    With several archives, the first that takes capture requests is asked. ``found`` with the
    new capture, ``none`` when the archive took the request but named no capture (or refuses
    the site, or no archive takes requests), ``error`` when it is rate-limited or unavailable.
    """
    unsupported: list[ArchiveResult] = []
    for one in _chain(backend):
        try:
            snapshot = one.save(url)
        except SaveUnsupportedError as error:
            unsupported.append(_failure(error))
            continue
        except Exception as error:
            return _failure(error)
        if snapshot is None:
            return ArchiveResult(
                status=ArchiveStatus.NONE,
                detail=f"none: {one.name} accepted the capture request but named no capture yet",
            )
        taken = snapshot.captured.strftime("%Y-%m-%d %H:%M:%S UTC")
        return ArchiveResult(
            status=ArchiveStatus.FOUND,
            snapshot=snapshot,
            detail=f"saved now: no capture existed, so {one.name} captured it at {taken}",
        )
    return _nothing_found(unsupported)


def _chain(backend: Backends) -> tuple[ArchiveBackend, ...]:
    chain = tuple(backend) if isinstance(backend, Sequence) else (backend,)
    if not chain:
        raise ConfigError("no archive to ask: give at least one archive service")
    return chain


def _find_at(
    backend: ArchiveBackend, target: str, when: datetime, basis: str, fetch_page: bool
) -> ArchiveResult:
    try:
        snapshot = backend.nearest(target, when)
    except Exception as error:
        return _failure(error)
    if snapshot is None:
        return ArchiveResult(
            status=ArchiveStatus.NONE,
            detail=f"none: {backend.name} holds no successful capture of {target}",
        )
    detail = _choice(snapshot, when, basis)
    if not fetch_page:
        return ArchiveResult(status=ArchiveStatus.FOUND, snapshot=snapshot, detail=detail)
    return _with_page(backend, snapshot, detail)


def _found_after(
    found: ArchiveResult, backend: ArchiveBackend, earlier: list[ArchiveResult]
) -> ArchiveResult:
    """A capture from a later archive, saying why the earlier ones were passed over."""
    if not earlier:
        return found
    why = "; ".join(result.detail for result in earlier)
    return replace(found, detail=f"{found.detail}, at {backend.name} ({why})")


def _nothing_found(results: list[ArchiveResult]) -> ArchiveResult:
    """No archive had a capture: ``error`` if one of them could not say so, else ``none``."""
    if len(results) == 1:
        return results[0]
    failed = any(result.status is ArchiveStatus.ERROR for result in results)
    return ArchiveResult(
        status=ArchiveStatus.ERROR if failed else ArchiveStatus.NONE,
        detail="; ".join(result.detail for result in results),
    )


def _with_page(backend: ArchiveBackend, snapshot: Snapshot, detail: str) -> ArchiveResult:
    try:
        page = backend.fetch(snapshot)
    except ArchiveBlockedError as error:
        return ArchiveResult(status=ArchiveStatus.NONE, detail=str(error))
    except Exception as error:
        failure = _failure(error)
        return ArchiveResult(
            status=ArchiveStatus.FOUND,
            snapshot=snapshot,
            detail=f"{detail}; the capture could not be read ({failure.detail})",
        )
    snapshot = _as_replayed(backend, snapshot, page)
    if not 200 <= page.status < 300:
        return ArchiveResult(
            status=ArchiveStatus.NONE,
            detail=(
                f"archived-{page.status}: the capture at {snapshot.url} "
                f"recorded HTTP {page.status}, not the page"
            ),
        )
    return ArchiveResult(status=ArchiveStatus.FOUND, snapshot=snapshot, detail=detail, page=page)


def _failure(error: Exception) -> ArchiveResult:
    """Map a lookup failure to a result; anything that is not a network problem is re-raised."""
    if isinstance(error, ArchiveError):
        status = next(s for kind, s in _STATUS_OF_ERROR if isinstance(error, kind))
        return ArchiveResult(status=status, detail=str(error))
    if isinstance(error, requests.RequestException | OSError | CitecheckError):
        return ArchiveResult(
            status=ArchiveStatus.ERROR, detail=f"unavailable: {type(error).__name__}: {error}"
        )
    raise error


def _as_replayed(backend: ArchiveBackend, snapshot: Snapshot, page: Page) -> Snapshot:
    """The snapshot that was actually replayed (the archive may have moved to a nearby one);
    a capture whose index did not say what it recorded (a TimeMap's) takes the replay's status."""
    if snapshot.status is None:
        snapshot = replace(snapshot, status=page.status)
    captured = memento_datetime(page.headers)
    if captured is None or captured == snapshot.captured:
        return snapshot
    return replace(
        snapshot, captured=captured, url=backend.playback.capture_url(snapshot, captured)
    )


def _choice(snapshot: Snapshot, when: datetime, basis: str) -> str:
    day = when.strftime("%Y-%m-%d")
    taken = snapshot.captured.strftime("%Y-%m-%d %H:%M:%S UTC")
    if snapshot.captured <= when:
        return f"nearest capture at or before the {basis} ({day}): {taken}"
    return f"no capture at or before the {basis} ({day}); nearest after it: {taken}"


def _reference(source: Source, now: datetime | None) -> tuple[datetime, str]:
    for value, basis in ((source.accessed, "access date"), (source.published, "publication date")):
        moment = _end_of(value) if value else None
        if moment is not None:
            return moment, basis
    return (now or datetime.now(UTC)).astimezone(UTC), "present"


def _end_of(value: str) -> datetime | None:
    """The last second of the period an ISO date names, or the instant a date-time names."""
    text = value.strip()
    match = _PARTIAL.fullmatch(text)
    if match is None:
        return _instant(text)
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    try:
        if month is None:
            return datetime(year, 12, 31, 23, 59, 59, tzinfo=UTC)
        last = calendar.monthrange(year, month)[1]
        return datetime(year, month, day or last, 23, 59, 59, tzinfo=UTC)
    except ValueError:
        return None


def _instant(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
