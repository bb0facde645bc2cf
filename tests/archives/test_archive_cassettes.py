"""The real web.archive.org and archive.today endpoints, replayed from cassettes (see
cassettes/README.md).

These exercise waybackpy's own code paths (its CDX and availability clients, its blocked-site
check and its Save Page Now URL parser) and our backend against the Internet Archive's wire
format. They never touch the network: CI runs with ``--block-network`` and record mode
``none``, so a missing cassette or an unexpected request fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from vcr.cassette import Cassette
from waybackpy import WaybackMachineAvailabilityAPI, WaybackMachineCDXServerAPI
from waybackpy.exceptions import (
    ArchiveNotInAvailabilityAPIResponse,
    BlockedSiteError,
    InvalidJSONInAvailabilityAPIResponse,
)

from citecheck.archives import (
    ArchiveBlockedError,
    MementoBackend,
    RateLimitedError,
    RateLimiter,
    WaybackBackend,
    find_archive,
)
from citecheck.model import ArchiveStatus, Source

CNBC = (
    "https://www.cnbc.com/2025/01/30/"
    "openai-in-talks-to-raise-up-to-40-billion-at-340-billion-valuation.html"
)
ACCESSED = datetime(2025, 1, 31, 23, 59, 59, tzinfo=UTC)
CASSETTES = Path(__file__).parent / "cassettes"
UA = "citecheck-tests/1.0 (+https://github.com/citecheck/citecheck)"


@pytest.fixture(autouse=True)
def cassette_played(request: pytest.FixtureRequest, vcr: Cassette | None) -> Iterator[None]:
    """Every test here must replay an existing cassette, and every interaction in it."""
    if request.node.get_closest_marker("vcr") is None:
        yield
        return
    name = f"{request.node.name}.yaml"
    replaying = request.config.getoption("--record-mode") in (None, "none")
    if replaying:
        assert (CASSETTES / name).is_file(), f"cassette {name} is missing"
        assert vcr is not None and len(vcr.data) > 0
    yield
    if replaying:
        assert vcr is not None and vcr.all_played, f"{name}: not every interaction was replayed"


def cnbc_source() -> Source:
    return Source(
        number=4,
        label="4.",
        raw="CNBC entry",
        url=CNBC,
        published="2025-01-30",
        accessed="2025-01-31",
    )


def real_backend(limiter: RateLimiter | None = None) -> WaybackBackend:
    return WaybackBackend(
        base_url="https://web.archive.org",
        session=requests.Session(),
        limiter=limiter or RateLimiter(6000),
        save_limiter=RateLimiter(6000),
        user_agent=UA,
    )


# -- waybackpy's own clients, as shipped -------------------------------------------------------


@pytest.mark.vcr
def test_waybackpy_cdx_near_reads_the_real_text_format() -> None:
    cdx = WaybackMachineCDXServerAPI(CNBC, user_agent=UA)
    snapshot = cdx.near(wayback_machine_timestamp="20250131235959")
    assert snapshot.timestamp == "20250131021453"
    assert snapshot.statuscode == "200"
    assert snapshot.archive_url == f"https://web.archive.org/web/20250131021453/{CNBC}"


@pytest.mark.vcr
def test_waybackpy_cdx_raises_blocked_site_error() -> None:
    cdx = WaybackMachineCDXServerAPI("https://www.excluded.example/", user_agent=UA)
    with pytest.raises(BlockedSiteError):
        cdx.near(wayback_machine_timestamp="20250131235959")


@pytest.mark.vcr
def test_waybackpy_availability_near() -> None:
    api = WaybackMachineAvailabilityAPI(CNBC, user_agent=UA, max_tries=1)
    api.api_call_time_gap = 0  # waybackpy would otherwise sleep 5 s before its first call
    api.near(unix_timestamp=int(ACCESSED.timestamp()))
    assert api.archive_url == f"https://web.archive.org/web/20250131021453/{CNBC}"
    assert api.timestamp() == datetime(2025, 1, 31, 2, 14, 53)


@pytest.mark.vcr
def test_waybackpy_availability_empty_answer_raises() -> None:
    api = WaybackMachineAvailabilityAPI(CNBC, user_agent=UA, max_tries=1)
    api.api_call_time_gap = 0
    api.near(unix_timestamp=int(ACCESSED.timestamp()))
    with pytest.raises(ArchiveNotInAvailabilityAPIResponse):
        _ = api.archive_url


@pytest.mark.vcr
def test_waybackpy_reports_a_429_as_invalid_json() -> None:
    api = WaybackMachineAvailabilityAPI(CNBC, user_agent=UA, max_tries=1)
    api.api_call_time_gap = 0
    with pytest.raises(InvalidJSONInAvailabilityAPIResponse):
        api.near(unix_timestamp=int(ACCESSED.timestamp()))


# -- our backend against the same endpoints ----------------------------------------------------


@pytest.mark.vcr
def test_backend_finds_and_replays_the_capture() -> None:
    result = find_archive(cnbc_source(), real_backend())
    assert result.status is ArchiveStatus.FOUND
    assert result.snapshot is not None
    assert result.snapshot.url == f"https://web.archive.org/web/20250131021453/{CNBC}"
    assert result.snapshot.captured == datetime(2025, 1, 31, 2, 14, 53, tzinfo=UTC)
    assert result.page is not None and result.page.status == 200
    assert b"OpenAI in talks" in result.page.body
    assert result.page.headers["memento-datetime"] == "Fri, 31 Jan 2025 02:14:53 GMT"


@pytest.mark.vcr
def test_backend_falls_back_to_the_availability_api() -> None:
    result = find_archive(cnbc_source(), real_backend(), fetch_page=False)
    assert result.status is ArchiveStatus.FOUND
    assert result.snapshot is not None
    assert result.snapshot.url == f"https://web.archive.org/web/20250131021453/{CNBC}"


@pytest.mark.vcr
def test_backend_pauses_on_a_real_429() -> None:
    limiter = RateLimiter(6000)
    backend = real_backend(limiter)
    with pytest.raises(RateLimitedError):
        backend.nearest(CNBC, ACCESSED)
    assert limiter.paused_until() is not None
    result = find_archive(cnbc_source(), backend)  # no request: the cassette has only one
    assert result.status is ArchiveStatus.ERROR and result.detail.startswith("rate-limited")


@pytest.mark.vcr
def test_backend_maps_a_blocked_site() -> None:
    with pytest.raises(ArchiveBlockedError, match="excluded"):
        real_backend().nearest("https://www.excluded.example/", ACCESSED)


@pytest.mark.vcr
def test_backend_save_page_now() -> None:
    snapshot = real_backend().save("https://www.example.com/citecheck-save-test")
    assert snapshot is not None
    assert snapshot.url == (
        "https://web.archive.org/web/20261129131502/https://www.example.com/citecheck-save-test"
    )
    assert snapshot.captured == datetime(2026, 11, 29, 13, 15, 2, tzinfo=UTC)


# -- archive.today's TimeMap and playback (hand-written, see cassettes/README.md) --------------


def archive_today(limiter: RateLimiter | None = None) -> MementoBackend:
    return MementoBackend(
        session=requests.Session(), limiter=limiter or RateLimiter(6000), user_agent=UA
    )


@pytest.mark.vcr
def test_memento_archive_today_finds_and_replays_the_capture() -> None:
    result = find_archive(cnbc_source(), archive_today())
    assert result.status is ArchiveStatus.FOUND
    assert result.snapshot is not None
    # Listed under the archive.md mirror; asked and reported under the configured archive.ph.
    assert result.snapshot.url == f"https://archive.ph/20250131021453/{CNBC}"
    assert result.snapshot.captured == datetime(2025, 1, 31, 2, 14, 53, tzinfo=UTC)
    assert result.snapshot.original == CNBC
    assert result.page is not None and result.page.url == "https://archive.ph/Xq7Lb"
    assert b"OpenAI in talks" in result.page.body
    assert result.detail.startswith("nearest capture at or before the access date (2025-01-31)")


@pytest.mark.vcr
def test_memento_archive_today_has_no_capture() -> None:
    missing = "https://www.example.com/citecheck-never-archived"
    result = find_archive(replace(cnbc_source(), url=missing), archive_today())
    assert result.status is ArchiveStatus.NONE
    assert result.detail == f"none: archive.today holds no successful capture of {missing}"


@pytest.mark.vcr
def test_memento_archive_today_429_honours_retry_after() -> None:
    limiter = RateLimiter(6000)
    with pytest.raises(RateLimitedError, match=r"rate-limited: archive\.today calls paused"):
        archive_today(limiter).nearest(CNBC, ACCESSED)
    paused = limiter.paused_until()
    assert paused is not None and (paused - datetime.now(UTC)).total_seconds() > 290
