"""The Wayback backend and find_archive against a fake Wayback service on 127.0.0.1."""

from __future__ import annotations

import socket
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from fake_wayback import Capture, FakeWayback

from citecheck.archives import (
    ArchiveBackend,
    ArchiveBlockedError,
    ArchiveError,
    ArchiveUnavailableError,
    RateLimitedError,
    RateLimiter,
    WaybackBackend,
    find_archive,
    save_capture,
)
from citecheck.errors import ConfigError
from citecheck.http.cache import CachingSession, ResponseStore
from citecheck.model import ArchiveStatus, Snapshot, Source

URL = "https://www.example.com/2025/01/28/story.html"
PAGE = b"<html><head><title>Story</title></head><body>The story.</body></html>"


def source(
    url: str | None = URL, *, accessed: str | None = None, published: str | None = "2025-01-28"
) -> Source:
    return Source(
        number=1, label="1.", raw="An entry", url=url, accessed=accessed, published=published
    )


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def test_nearest_before_wins_over_a_closer_capture_after(
    wayback: FakeWayback, backend: WaybackBackend
) -> None:
    wayback.add(URL, Capture("20250120080000", body=PAGE), Capture("20250201000500", body=PAGE))
    result = find_archive(source(accessed="2025-01-31"), backend)
    assert result.status is ArchiveStatus.FOUND
    assert result.snapshot is not None
    assert result.snapshot.captured == at("20250120080000")
    assert result.snapshot.url == f"{wayback.base_url}/web/20250120080000/{URL}"
    assert result.snapshot.original == URL
    assert "at or before the access date (2025-01-31)" in result.detail
    assert result.page is not None and result.page.body == PAGE
    assert result.page.url == f"{wayback.base_url}/web/20250120080000id_/{URL}"
    cdx = [p for p in wayback.requests if p.startswith("/cdx/")]
    assert len(cdx) == 1 and "to=20250131235959" in cdx[0] and "sort=closest" in cdx[0]
    assert "filter=statuscode%3A200" in cdx[0]


def test_a_capture_on_the_cited_day_counts_as_before(
    wayback: FakeWayback, backend: WaybackBackend
) -> None:
    wayback.add(URL, Capture("20250101000000", body=PAGE), Capture("20250128215900", body=PAGE))
    result = find_archive(source(), backend)
    assert result.status is ArchiveStatus.FOUND
    assert result.snapshot is not None and result.snapshot.captured == at("20250128215900")
    assert "publication date (2025-01-28)" in result.detail


def test_nearest_after_when_nothing_before(wayback: FakeWayback, backend: WaybackBackend) -> None:
    wayback.add(
        URL,
        Capture("20250305000000", body=PAGE),
        Capture("20250210120000", body=PAGE),
        Capture("20250129000000", status=404),
    )
    result = find_archive(source(), backend)
    assert result.status is ArchiveStatus.FOUND
    assert result.snapshot is not None and result.snapshot.captured == at("20250210120000")
    assert result.detail.startswith("no capture at or before the publication date")
    cdx = [p for p in wayback.requests if p.startswith("/cdx/")]
    assert len(cdx) == 2 and "from=20250128235959" in cdx[1]


def test_no_successful_capture_at_all_is_none(
    wayback: FakeWayback, backend: WaybackBackend
) -> None:
    wayback.add(URL, Capture("20250120000000", status=404), Capture("20250121000000", None))
    result = find_archive(source(), backend)
    assert result.status is ArchiveStatus.NONE
    assert result.snapshot is None
    assert "no successful capture" in result.detail
    assert wayback.count("/web/") == 0


def test_malformed_cdx_lines_are_ignored(wayback: FakeWayback, backend: WaybackBackend) -> None:
    wayback.cdx_garbage = ["<html>", "com,example)/ 2025 x", "a b c d e f g h", "-"]
    wayback.add(URL, Capture("20250127000000", body=PAGE))
    result = find_archive(source(), backend, fetch_page=False)
    assert result.status is ArchiveStatus.FOUND
    assert result.snapshot is not None and result.snapshot.captured == at("20250127000000")
    assert result.page is None and wayback.count("/web/") == 0


def test_availability_api_is_the_fallback_when_cdx_fails(
    wayback: FakeWayback, backend: WaybackBackend
) -> None:
    wayback.cdx_status = 503
    wayback.add(URL, Capture("20250127000000", body=PAGE))
    result = find_archive(source(), backend)
    assert result.status is ArchiveStatus.FOUND
    assert result.snapshot is not None
    assert result.snapshot.url == f"{wayback.base_url}/web/20250127000000/{URL}"
    assert wayback.count("/wayback/available") == 1
    assert "timestamp=20250128235959" in next(
        p for p in wayback.requests if p.startswith("/wayback/")
    )


def test_an_empty_availability_answer_is_none(
    wayback: FakeWayback, backend: WaybackBackend
) -> None:
    wayback.cdx_status = 404
    wayback.availability_empty = True
    wayback.add(URL, Capture("20250127000000", body=PAGE))
    assert backend.nearest(URL, at("20250128235959")) is None
    assert wayback.count("/wayback/available") == 1  # no retry loop (waybackpy would retry)


def test_cdx_and_availability_both_failing_is_unavailable(
    wayback: FakeWayback, backend: WaybackBackend
) -> None:
    wayback.cdx_status = 502
    wayback.availability_status = 503
    with pytest.raises(ArchiveUnavailableError, match=r"CDX server answered 502.*answered 503"):
        backend.nearest(URL, at("20250128235959"))
    result = find_archive(source(), backend)
    assert result.status is ArchiveStatus.ERROR and result.detail.startswith("unavailable")


def test_a_429_pauses_every_archive_call(
    wayback: FakeWayback, backend: WaybackBackend, limiter: RateLimiter
) -> None:
    wayback.add(URL, Capture("20250127000000", body=PAGE))
    wayback.rate_limited = True
    first = find_archive(source(), backend)
    assert first.status is ArchiveStatus.ERROR
    assert first.detail.startswith("rate-limited: archive calls paused until ")
    assert wayback.count() == 1  # no fallback to the availability API during a pause
    paused = limiter.paused_until()
    assert paused is not None and (paused - datetime.now(UTC)).total_seconds() > 55

    wayback.rate_limited = False
    second = find_archive(source(url="https://other.example/"), backend)
    assert second.status is ArchiveStatus.ERROR
    assert second.detail == first.detail
    with pytest.raises(RateLimitedError) as raised:
        backend.save("https://other.example/")
    assert raised.value.retry_at >= paused
    assert wayback.count() == 1  # nothing reached the server while paused


def test_an_html_429_from_the_availability_api_is_a_rate_limit(
    wayback: FakeWayback, backend: WaybackBackend, limiter: RateLimiter
) -> None:
    wayback.cdx_status = 503
    wayback.rate_limited = True
    wayback.rate_limit_prefix = "/wayback/available"
    wayback.add(URL, Capture("20250127000000", body=PAGE))
    with pytest.raises(RateLimitedError, match="rate-limited"):
        backend.nearest(URL, at("20250128235959"))
    assert limiter.paused_until() is not None
    assert [p.split("?")[0] for p in wayback.requests] == ["/cdx/search/cdx", "/wayback/available"]


def test_an_excluded_site_is_none(wayback: FakeWayback, backend: WaybackBackend) -> None:
    wayback.add(URL, Capture("20250127000000", body=PAGE))
    wayback.excluded.add(URL)
    wayback.cdx_status = 200
    # the CDX server refuses excluded sites outright
    result = find_archive(source(), backend)
    assert result.status is ArchiveStatus.NONE
    assert result.detail.startswith("excluded")


def test_an_excluded_capture_is_a_200_without_memento_datetime(
    wayback: FakeWayback, backend: WaybackBackend
) -> None:
    wayback.add(URL, Capture("20250127000000", body=PAGE))
    snapshot = backend.nearest(URL, at("20250128235959"))
    assert snapshot is not None
    wayback.excluded.add(URL)  # excluded after the index answered
    with pytest.raises(ArchiveBlockedError, match="excluded"):
        backend.fetch(snapshot)
    result = find_archive(source(), backend)  # nearest() is remembered; playback is excluded
    assert result.status is ArchiveStatus.NONE and result.detail.startswith("excluded")


def test_a_blocked_site_is_a_403_with_the_blocked_body(
    wayback: FakeWayback, backend: WaybackBackend
) -> None:
    wayback.add(URL, Capture("20250127000000", body=PAGE))
    snapshot = backend.nearest(URL, at("20250128235959"))
    assert snapshot is not None
    wayback.blocked.add(URL)
    with pytest.raises(ArchiveBlockedError):
        backend.fetch(snapshot)
    with pytest.raises(ArchiveBlockedError):
        backend.nearest(URL, at("20250129235959"))


def test_an_archived_404_is_a_capture_but_not_a_successful_one(
    wayback: FakeWayback, backend: WaybackBackend
) -> None:
    wayback.add(URL, Capture("20250127000000", status=404, body=b"Not Found"))
    page = backend.fetch(Snapshot(url="", original=URL, captured=at("20250127000000")))
    assert page.status == 404
    assert page.headers["Memento-Datetime"] == "Mon, 27 Jan 2025 00:00:00 GMT"
    assert 'rel="memento"' in page.headers["Link"]


def test_an_index_entry_whose_playback_is_a_404_capture_is_none(
    wayback: FakeWayback, backend: WaybackBackend
) -> None:
    wayback.add(URL, Capture("20250127000000", status=200, body=PAGE))
    snapshot = backend.nearest(URL, at("20250128235959"))
    wayback.captures[URL][0].status = 404  # the index and the capture disagree
    assert snapshot is not None
    result = find_archive(source(), backend)
    assert result.status is ArchiveStatus.NONE
    assert result.detail.startswith("archived-404")


def test_a_302_without_memento_datetime_moves_to_a_nearby_capture(
    wayback: FakeWayback, backend: WaybackBackend
) -> None:
    wayback.add(URL, Capture("20250127093512", body=PAGE))
    page = backend.fetch(Snapshot(url="", original=URL, captured=at("20250127000000")))
    assert page.status == 200 and page.body == PAGE
    assert page.url == f"{wayback.base_url}/web/20250127093512id_/{URL}"
    assert [p.split("/")[2] for p in wayback.requests] == ["20250127000000id_", "20250127093512id_"]


def test_find_archive_reports_the_capture_actually_replayed(
    wayback: FakeWayback, backend: WaybackBackend
) -> None:
    wayback.add(URL, Capture("20250127093512", body=PAGE))
    listed = backend.nearest(URL, at("20250128235959"))
    assert listed is not None and listed.captured == at("20250127093512")
    wayback.captures[URL][0].timestamp = "20250127100000"  # playback now moves elsewhere
    result = find_archive(source(), backend)
    assert result.status is ArchiveStatus.FOUND
    assert result.snapshot is not None
    assert result.snapshot.captured == at("20250127100000")
    assert result.snapshot.url == f"{wayback.base_url}/web/20250127100000/{URL}"


def test_redirects_that_leave_the_archive_are_not_followed(
    backend: WaybackBackend, wayback: FakeWayback
) -> None:
    wayback.add(URL, Capture("20250127093512", body=PAGE))
    wayback.base_url = "http://elsewhere.invalid"  # the fake now points Location elsewhere
    with pytest.raises(ArchiveError, match="outside"):
        backend.fetch(Snapshot(url="", original=URL, captured=at("20250127000000")))


def test_the_capture_body_is_capped_after_decompression(
    wayback: FakeWayback, limiter: RateLimiter
) -> None:
    huge = b"<html>" + b"a" * 3_000_000
    wayback.add(URL, Capture("20250127000000", body=huge, gzip=True))
    backend = WaybackBackend(
        base_url=wayback.base_url,
        limiter=limiter,
        timeout=2,
        max_body=100_000,
        save_limiter=RateLimiter(6000),
    )
    page = backend.fetch(Snapshot(url="", original=URL, captured=at("20250127000000")))
    assert page.truncated
    assert len(page.body) == 100_000 and page.body.startswith(b"<html>aaa")


def test_a_stalled_transfer_times_out(wayback: FakeWayback, limiter: RateLimiter) -> None:
    wayback.add(URL, Capture("20250127000000", body=PAGE * 50, drip=True))
    backend = WaybackBackend(
        base_url=wayback.base_url, limiter=limiter, timeout=0.3, save_limiter=RateLimiter(6000)
    )
    with pytest.raises(ArchiveUnavailableError, match="not read"):
        backend.fetch(Snapshot(url="", original=URL, captured=at("20250127000000")))


def test_a_dead_service_is_an_error_not_a_traceback(limiter: RateLimiter) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    backend = WaybackBackend(
        base_url=f"http://127.0.0.1:{port}",
        limiter=limiter,
        timeout=1,
        save_limiter=RateLimiter(6000),
    )
    result = find_archive(source(), backend)
    assert result.status is ArchiveStatus.ERROR
    assert result.detail.startswith("unavailable")
    with pytest.raises(ArchiveUnavailableError):
        backend.save(URL)


def test_no_url_is_skipped(backend: WaybackBackend, wayback: FakeWayback) -> None:
    result = find_archive(source(url=None), backend)
    assert result.status is ArchiveStatus.SKIPPED
    assert wayback.count() == 0


def test_lookups_are_remembered(wayback: FakeWayback, backend: WaybackBackend) -> None:
    wayback.add(URL, Capture("20250127000000", body=PAGE))
    first = backend.nearest(URL, at("20250128235959"))
    second = backend.nearest(URL, at("20250128235959"))
    assert first == second and wayback.count("/cdx/") == 1


def _age_answers(path: Path, days: float) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE answers SET stored_at = stored_at - ?", (days * 86_400,))


def test_a_cached_session_keeps_lookups_for_30_days_without_spending_the_limiter(
    wayback: FakeWayback, limiter: RateLimiter, tmp_path: Path
) -> None:
    wayback.add(URL, Capture("20250127000000", body=PAGE))
    store = tmp_path / "responses.sqlite"
    session = CachingSession(ResponseStore(store))
    first = WaybackBackend(
        base_url=wayback.base_url, session=session, limiter=limiter, save_limiter=RateLimiter(6000)
    )
    assert first.nearest(URL, at("20250128235959")) is not None
    granted = limiter.granted
    again = WaybackBackend(
        base_url=wayback.base_url, session=session, limiter=limiter, save_limiter=RateLimiter(6000)
    )
    assert again.nearest(URL, at("20250128235959")) is not None
    assert wayback.count("/cdx/") == 1
    assert limiter.granted == granted
    for days, asked in ((29, 1), (2, 2)):  # 29 days old: kept; 31 days old: asked again
        _age_answers(store, days)
        later = WaybackBackend(
            base_url=wayback.base_url,
            session=session,
            limiter=limiter,
            save_limiter=RateLimiter(6000),
        )
        assert later.nearest(URL, at("20250128235959")) is not None
        assert wayback.count("/cdx/") == asked
    # an answer that found nothing is not kept: a capture may be made in the meantime
    assert again.nearest("https://new.example/", at("20250128235959")) is None
    assert first.nearest("https://new.example/", at("20250128235959")) is None
    assert wayback.count("/cdx/") == 6
    # playback is never stored (a capture could be larger than the cap)
    first.fetch(Snapshot(url="", original=URL, captured=at("20250127000000")))
    first.fetch(Snapshot(url="", original=URL, captured=at("20250127000000")))
    assert wayback.count("/web/") == 2


def test_save_page_now(wayback: FakeWayback, backend: WaybackBackend) -> None:
    assert backend.nearest(URL, datetime.now(UTC)) is None
    snapshot = backend.save(URL)
    assert snapshot is not None
    assert snapshot.url.startswith(f"{wayback.base_url}/web/")
    assert snapshot.original == URL
    assert wayback.count("/save/") == 1
    assert abs((snapshot.captured - datetime.now(UTC)).total_seconds()) < 120
    assert backend.nearest(URL, datetime.now(UTC)) == Snapshot(
        url=snapshot.url, original=URL, captured=snapshot.captured, status=200
    )


def test_save_page_now_failing_is_unavailable(
    wayback: FakeWayback, backend: WaybackBackend
) -> None:
    wayback.save_enabled = False
    with pytest.raises(ArchiveUnavailableError):
        backend.save(URL)


def test_save_page_now_has_its_own_pace(wayback: FakeWayback, limiter: RateLimiter) -> None:
    saves = RateLimiter(6000)
    backend = WaybackBackend(base_url=wayback.base_url, limiter=limiter, save_limiter=saves)
    backend.save(URL)
    assert saves.granted == 1 and limiter.granted == 0


def test_every_call_goes_to_the_base_url_with_our_user_agent(
    wayback: FakeWayback, backend: WaybackBackend
) -> None:
    wayback.add(URL, Capture("20250127000000", body=PAGE))
    find_archive(source(), backend)
    assert wayback.count() == 2
    assert set(wayback.user_agents) == {
        "citecheck-tests/1.0 (+https://github.com/citecheck/citecheck)"
    }


def test_a_session_error_never_escapes_find_archive(
    wayback: FakeWayback, limiter: RateLimiter
) -> None:
    class Broken(requests.Session):
        def get(self, *args: object, **kwargs: object) -> requests.Response:  # type: ignore[override]
            raise requests.exceptions.InvalidHeader("bad header")

    backend = WaybackBackend(base_url=wayback.base_url, session=Broken(), limiter=limiter)
    result = find_archive(source(), backend)
    assert result.status is ArchiveStatus.ERROR and result.detail.startswith("unavailable")


def test_save_capture_never_raises(wayback: FakeWayback, backend: WaybackBackend) -> None:
    saved = save_capture(URL, backend)
    assert saved.status is ArchiveStatus.FOUND
    assert saved.snapshot is not None and saved.detail.startswith("saved now")
    wayback.save_enabled = False
    failed = save_capture(URL, backend)
    assert failed.status is ArchiveStatus.ERROR and failed.detail.startswith("unavailable")
    wayback.blocked.add(URL)
    wayback.save_enabled = True
    refused = save_capture(URL, backend)
    assert refused.status is ArchiveStatus.NONE and refused.detail.startswith("excluded")


@pytest.mark.parametrize("base", ["web.archive.org", "ftp://archive.example", "https://", ""])
def test_a_wayback_url_must_be_http(base: str) -> None:
    with pytest.raises(ConfigError, match="Wayback URL"):
        WaybackBackend(base_url=base)


def test_a_trailing_slash_on_the_wayback_url_is_fine(
    wayback: FakeWayback, limiter: RateLimiter
) -> None:
    wayback.add(URL, Capture("20250127000000", body=PAGE))
    backend = WaybackBackend(base_url=wayback.base_url + "/", limiter=limiter)
    snapshot = backend.nearest(URL, at("20250128235959"))
    assert snapshot is not None and "//web" not in snapshot.url.removeprefix("http://")


def test_the_backend_is_an_archive_backend(backend: WaybackBackend) -> None:
    assert isinstance(backend, ArchiveBackend)
    assert backend.name == "wayback"


def test_concurrent_lookups_share_one_limiter(wayback: FakeWayback, limiter: RateLimiter) -> None:
    urls = [f"https://example.com/{n}" for n in range(24)]
    for url in urls[:20]:
        wayback.add(url, Capture("20250127000000", body=PAGE))
    backend = WaybackBackend(
        base_url=wayback.base_url, limiter=limiter, timeout=5, save_limiter=RateLimiter(6000)
    )
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda u: find_archive(source(url=u), backend), urls))
    assert [r.status for r in results] == [ArchiveStatus.FOUND] * 20 + [ArchiveStatus.NONE] * 4
    assert all(r.page is not None and r.page.body == PAGE for r in results[:20])
    assert limiter.granted == wayback.count() == 20 * 2 + 4 * 2
