"""The Memento (archive.today) backend, alone and after Wayback, against local services."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
import requests
from fake_memento import FakeMemento, Memento, short_id
from fake_memento import running as running_memento
from fake_wayback import Capture, FakeWayback

import citecheck
from citecheck.archives import (
    ArchiveUnavailableError,
    MementoBackend,
    RateLimitedError,
    RateLimiter,
    WaybackBackend,
    find_archive,
    save_capture,
)
from citecheck.archives.memento import memento_service
from citecheck.errors import ConfigError
from citecheck.model import ArchiveStatus, Source
from citecheck.options import CheckOptions

URL = "https://www.example.com/2025/01/28/story.html"
PAGE = b"<html><head><title>Story</title></head><body>The story.</body></html>"
UA = "citecheck-tests/1.0 (+https://github.com/citecheck/citecheck)"


def source(*, accessed: str | None = None, published: str | None = "2025-01-28") -> Source:
    return Source(
        number=1, label="1.", raw="An entry", url=URL, accessed=accessed, published=published
    )


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


@pytest.fixture
def memento() -> Iterator[FakeMemento]:
    with running_memento() as fake:
        yield fake


@pytest.fixture
def memento_limiter() -> RateLimiter:
    return RateLimiter(6000)


def make_backend(base: str, limiter: RateLimiter) -> Iterator[MementoBackend]:
    session = requests.Session()
    yield MementoBackend(
        timemap_url=f"{base}/timemap", session=session, timeout=2.0, limiter=limiter, user_agent=UA
    )
    session.close()


@pytest.fixture
def archive_today(memento: FakeMemento, memento_limiter: RateLimiter) -> Iterator[MementoBackend]:
    yield from make_backend(memento.base_url, memento_limiter)


# -- the capture chosen ------------------------------------------------------------------------


def test_nearest_at_or_before_the_access_date_is_replayed_through_the_short_link(
    memento: FakeMemento, archive_today: MementoBackend
) -> None:
    memento.add(URL, Memento("20250120080000", PAGE), Memento("20250201000500", PAGE))
    result = find_archive(source(accessed="2025-01-31"), archive_today)
    assert result.status is ArchiveStatus.FOUND
    assert result.snapshot is not None
    assert result.snapshot.captured == at("20250120080000")
    assert result.snapshot.url == memento.memento_url("20250120080000", URL)
    assert result.snapshot.original == URL
    assert result.snapshot.status == 200  # the TimeMap does not say; the replay does
    assert "at or before the access date (2025-01-31)" in result.detail
    assert result.page is not None and result.page.body == PAGE
    assert result.page.url == f"{memento.base_url}/{short_id(URL, '20250120080000')}"
    assert memento.requests[0] == f"/timemap/{URL}"


def test_nearest_after_when_nothing_is_before(
    memento: FakeMemento, archive_today: MementoBackend
) -> None:
    memento.add(URL, Memento("20250305000000", PAGE), Memento("20250210120000", PAGE))
    result = find_archive(source(), archive_today, fetch_page=False)
    assert result.status is ArchiveStatus.FOUND
    assert result.snapshot is not None and result.snapshot.captured == at("20250210120000")
    assert result.detail.startswith("no capture at or before the publication date")
    assert memento.count("/2025") == 0  # no replay was asked for


def test_a_replay_of_a_nearby_capture_is_reported_as_that_capture(
    memento: FakeMemento, archive_today: MementoBackend
) -> None:
    memento.add(URL, Memento("20250120080000", PAGE, replayed_as="20250120080412"))
    result = find_archive(source(), archive_today)
    assert result.snapshot is not None
    assert result.snapshot.captured == at("20250120080412")
    assert result.snapshot.url == memento.memento_url("20250120080412", URL)


def test_no_capture_is_none(memento: FakeMemento, archive_today: MementoBackend) -> None:
    result = find_archive(source(), archive_today)
    assert result.status is ArchiveStatus.NONE
    assert result.detail == f"none: {archive_today.name} holds no successful capture of {URL}"


def test_mementos_on_another_host_are_never_fetched(
    memento: FakeMemento, archive_today: MementoBackend
) -> None:
    memento.foreign_host = "169.254.169.254"
    memento.add(URL, Memento("20250120080000", PAGE))
    assert archive_today.nearest(URL, at("20250131000000")) is None


# -- a broken or busy service ---------------------------------------------------------------


def test_a_429_pauses_this_service_for_its_retry_after_and_no_other(
    wayback: FakeWayback,
    backend: WaybackBackend,
    limiter: RateLimiter,
    memento: FakeMemento,
    memento_limiter: RateLimiter,
    archive_today: MementoBackend,
) -> None:
    memento.retry_after = 240
    words = re.escape(f"rate-limited: {archive_today.name} calls")
    with pytest.raises(RateLimitedError, match=words):
        archive_today.nearest(URL, at("20250131000000"))
    paused = memento_limiter.paused_until()
    assert paused is not None and (paused - datetime.now(UTC)).total_seconds() > 200
    wayback.add(URL, Capture("20250127000000", body=PAGE))
    result = find_archive(source(), [archive_today, backend])  # refused at once, no request
    assert result.status is ArchiveStatus.FOUND and wayback.count("/cdx/") == 1
    assert f", at wayback (rate-limited: {archive_today.name} calls paused until" in result.detail
    assert limiter.paused_until() is None
    assert memento.count() == 1


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_server_error_is_unavailable(
    memento: FakeMemento, archive_today: MementoBackend, status: int
) -> None:
    memento.timemap_status = status
    result = find_archive(source(), archive_today)
    assert result.status is ArchiveStatus.ERROR
    assert result.detail == f"unavailable: {archive_today.name}'s TimeMap answered {status}"


def test_a_dead_service_is_unavailable(memento_limiter: RateLimiter) -> None:
    backend = next(make_backend("http://127.0.0.1:9", memento_limiter))
    result = find_archive(source(), backend)
    assert result.status is ArchiveStatus.ERROR
    assert result.detail.startswith("unavailable: cannot connect to http://127.0.0.1:9")


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>",
        b"\x00\x01 not a timemap at all",
    ],
)
def test_a_malformed_timemap_is_unavailable(
    memento: FakeMemento, archive_today: MementoBackend, body: bytes
) -> None:
    memento.malformed = body
    with pytest.raises(ArchiveUnavailableError, match="other than a TimeMap"):
        archive_today.nearest(URL, at("20250131000000"))


def test_broken_entries_among_good_ones_are_skipped(
    memento: FakeMemento, archive_today: MementoBackend
) -> None:
    good = memento.memento_url("20250120080000", URL)
    memento.malformed = (
        f'<{URL}>; rel="original",\n'
        f'<{memento.base_url}/2025/{URL}>; rel="memento"; datetime="not a date",\n'
        f'<{good}>; rel="memento"; datetime="Mon, 20 Jan 2025 08:00:00 GMT",\n'
        f'<{memento.base_url}/20250121000000/{URL}>; rel="memento"; datet'
    ).encode()
    snapshot = archive_today.nearest(URL, at("20250131000000"))
    assert snapshot is not None and snapshot.url == good


# -- after Wayback ---------------------------------------------------------------------------


def test_asked_only_when_wayback_has_no_capture(
    wayback: FakeWayback,
    backend: WaybackBackend,
    memento: FakeMemento,
    archive_today: MementoBackend,
) -> None:
    wayback.add(URL, Capture("20250127000000", body=PAGE))
    memento.add(URL, Memento("20250127120000", PAGE))
    result = find_archive(source(), [backend, archive_today])
    assert result.status is ArchiveStatus.FOUND
    assert result.snapshot is not None and result.snapshot.url.startswith(wayback.base_url)
    assert memento.count() == 0


def test_found_at_the_second_archive_says_why_the_first_was_passed_over(
    wayback: FakeWayback,
    backend: WaybackBackend,
    memento: FakeMemento,
    archive_today: MementoBackend,
) -> None:
    memento.add(URL, Memento("20250127120000", PAGE))
    result = find_archive(source(), [backend, archive_today])
    assert result.status is ArchiveStatus.FOUND
    assert result.snapshot is not None
    assert result.snapshot.url == memento.memento_url("20250127120000", URL)
    assert result.page is not None and result.page.body == PAGE
    assert result.detail.endswith(
        f", at {archive_today.name} (none: wayback holds no successful capture of {URL})"
    )


def test_a_wayback_holding_only_an_error_page_falls_through(
    wayback: FakeWayback,
    backend: WaybackBackend,
    memento: FakeMemento,
    archive_today: MementoBackend,
) -> None:
    wayback.add(URL, Capture("20250127000000", status=404, body=b"Not Found"))
    memento.add(URL, Memento("20250127120000", PAGE))
    result = find_archive(source(), [backend, archive_today])
    assert result.status is ArchiveStatus.FOUND
    assert result.snapshot is not None and result.snapshot.url.startswith(memento.base_url)


def test_none_anywhere_is_none_with_every_reason(
    backend: WaybackBackend, archive_today: MementoBackend
) -> None:
    result = find_archive(source(), [backend, archive_today])
    assert result.status is ArchiveStatus.NONE
    assert result.detail == (
        f"none: wayback holds no successful capture of {URL}; "
        f"none: {archive_today.name} holds no successful capture of {URL}"
    )


def test_a_dead_second_archive_degrades_to_an_error(
    backend: WaybackBackend, memento_limiter: RateLimiter
) -> None:
    dead = next(make_backend("http://127.0.0.1:9", memento_limiter))
    result = find_archive(source(), [backend, dead])
    assert result.status is ArchiveStatus.ERROR
    assert result.detail.startswith("none: wayback holds no successful capture")
    assert "; unavailable: cannot connect to http://127.0.0.1:9" in result.detail


def test_a_rate_limited_wayback_still_asks_the_second_archive(
    wayback: FakeWayback,
    backend: WaybackBackend,
    memento: FakeMemento,
    archive_today: MementoBackend,
) -> None:
    wayback.rate_limited = True
    memento.add(URL, Memento("20250127120000", PAGE))
    result = find_archive(source(), [backend, archive_today])
    assert result.status is ArchiveStatus.FOUND
    assert "(rate-limited: archive calls paused until" in result.detail


# -- capture requests and configuration -----------------------------------------------------


def test_save_goes_to_the_first_archive_that_takes_requests(
    wayback: FakeWayback, backend: WaybackBackend, archive_today: MementoBackend
) -> None:
    alone = save_capture(URL, archive_today)
    assert alone.status is ArchiveStatus.NONE
    assert alone.detail == f"none: {archive_today.name} takes no capture requests from programs"
    saved = save_capture(URL, [archive_today, backend])
    assert saved.status is ArchiveStatus.FOUND and wayback.count("/save/") == 1


def test_archive_today_mirrors_share_one_pace_and_name() -> None:
    assert memento_service("https://archive.ph/timemap") == "archive-today"
    assert memento_service("https://archive.is/timemap") == "archive-today"
    assert memento_service("http://127.0.0.1:8080/pywb/timemap/link") == "memento:127.0.0.1:8080"
    assert MementoBackend(limiter=RateLimiter(6000)).name == "archive.today"


@pytest.mark.parametrize("bad", ["archive.ph/timemap", "ftp://archive.ph/timemap", "https://x/?q"])
def test_a_bad_timemap_url_is_a_config_error(bad: str) -> None:
    with pytest.raises(ConfigError, match="Memento TimeMap URL"):
        MementoBackend(timemap_url=bad, limiter=RateLimiter(6000))


# -- a whole run -----------------------------------------------------------------------------


def test_a_run_asks_the_archives_in_the_configured_order(
    wayback: FakeWayback, memento: FakeMemento
) -> None:
    refused = "http://127.0.0.1:9/2025/01/28/story.html"  # nothing listens: unreachable
    memento.add(refused, Memento("20250127120000", PAGE))
    text = f"Body [1].\n\nReferences\n1. Doe, Jane. “Story.” Example News, 2025, {refused}\n"
    options = CheckOptions(
        use_cache=False,
        allow_private=True,
        retries=0,
        timeout=2.0,
        wayback_url=wayback.base_url,
        archive_rate=600,
        memento_url=f"{memento.base_url}/timemap",
        memento_rate=600,
    )
    report = citecheck.check(citecheck.parse(text), options)
    archive = report.sources[0].archive
    assert archive is not None and archive.status is ArchiveStatus.FOUND
    assert archive.snapshot is not None
    assert archive.snapshot.url == memento.memento_url("20250127120000", refused)
    assert wayback.count("/cdx/") >= 1
    asked_wayback = len(wayback.requests)
    only_memento = replace(options, archive_services=("memento",))
    again = citecheck.check(citecheck.parse(text), only_memento).sources[0].archive
    assert again is not None and again.snapshot == archive.snapshot
    assert again.detail == "nearest capture at or before the publication date (2025-12-31): " + (
        "2025-01-27 12:00:00 UTC"
    )
    assert len(wayback.requests) == asked_wayback


def test_a_url_cited_twice_is_looked_up_once(
    memento: FakeMemento, archive_today: MementoBackend
) -> None:
    memento.add(URL, Memento("20250120080000", PAGE))
    first = find_archive(source(), archive_today, fetch_page=False)
    again = find_archive(source(), archive_today, fetch_page=False)
    assert first == again and first.status is ArchiveStatus.FOUND
    assert memento.count("/timemap/") == 1
