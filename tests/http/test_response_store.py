"""The response store: one SQLite file shared by threads and by processes, freshness per
request, and a store that cannot be used degrading to no cache, never to an error."""

from __future__ import annotations

import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from http_servers import serve

from citecheck.http import (
    AddressGuard,
    CachePolicy,
    HttpClient,
    ResponseStore,
    StoredAnswer,
    build_session,
    default_user_agent,
)
from citecheck.http.cache import answer_key
from citecheck.model import LinkStatus
from citecheck.options import CheckOptions
from citecheck.resolve import LinkChecker


def answer(n: int, *, stored_at: float | None = None) -> StoredAnswer:
    body = f"<title>Page {n}</title>".encode() * 50
    when = time.time() if stored_at is None else stored_at
    return StoredAnswer(f"https://example.org/{n}", 200, {"Content-Type": "text/html"}, body,
                        False, when)  # fmt: skip


def test_threads_and_a_second_store_on_the_same_file_read_back_every_answer(
    tmp_path: Path,
) -> None:
    path = tmp_path / "responses.sqlite"
    stores = [ResponseStore(path), ResponseStore(path)]  # as two worker processes have

    def write_then_read(n: int) -> StoredAnswer | None:
        stores[n % 2].save(f"GET {n}", answer(n))
        return stores[(n + 1) % 2].lookup(f"GET {n}", ttl=60)

    with ThreadPoolExecutor(16) as pool:
        read = list(pool.map(write_then_read, range(400)))
    assert [a.body if a else None for a in read] == [answer(n).body for n in range(400)]
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM answers").fetchone() == (400,)
    for store in stores:
        store.close()


def test_freshness_is_what_the_request_accepts(tmp_path: Path) -> None:
    store = ResponseStore(tmp_path / "responses.sqlite")
    store.save("GET old", answer(1, stored_at=time.time() - 3_600))
    assert store.lookup("GET old", ttl=7_200) is not None
    assert store.lookup("GET old", ttl=1_800) is None
    store.save("GET future", answer(2, stored_at=time.time() + 3_600))  # a clock set back
    assert store.lookup("GET future", ttl=7_200) is None
    store.forget("GET old")
    assert store.lookup("GET old", ttl=7_200) is None


def test_a_closed_store_finds_and_keeps_nothing(tmp_path: Path) -> None:
    store = ResponseStore(tmp_path / "responses.sqlite")
    store.save("GET a", answer(1))
    store.close()
    store.save("GET b", answer(2))
    assert store.lookup("GET a", ttl=60) is None


def test_a_file_that_is_not_a_store_is_an_os_error(tmp_path: Path) -> None:
    path = tmp_path / "responses.sqlite"
    path.write_bytes(b"this is not a database, it is a cat\n" * 100)
    with pytest.raises(OSError, match="cannot open the HTTP cache"):
        ResponseStore(path)


def test_a_damaged_cache_is_reported_and_the_links_still_checked(tmp_path: Path) -> None:
    (tmp_path / "responses.sqlite").write_bytes(b"\x00not sqlite\x00" * 200)
    options = CheckOptions(use_cache=True, cache_dir=tmp_path, allow_private=True)
    with serve() as server, LinkChecker(options) as checker:
        result = checker.check([server.url("/page")])
        findings = checker.run_findings()
    assert result.http_status == 200 and result.status is not LinkStatus.UNREACHABLE
    assert [f.code for f in findings] == ["cache-unavailable"]


def test_keys_follow_the_url_requests_sends() -> None:
    assert answer_key("get", "https://Example.org/a b", {"q": "1 2"}) == (
        "GET https://example.org/a%20b?q=1+2"
    )
    assert answer_key("GET", "http://[::1") is None


def test_a_stored_answer_is_served_without_the_network_and_capped_again(tmp_path: Path) -> None:
    options = CheckOptions(use_cache=True, cache_dir=tmp_path)
    session = build_session(options, AddressGuard(allow_private=True), default_user_agent())
    client = HttpClient(session, user_agent=default_user_agent(), timeout=2)
    policy = CachePolicy(ttl=60)
    with serve() as server:
        url = server.url("/page")
        first = client.send("GET", url, max_body=100_000, read_budget=5, cache_policy=policy)
        asked = server.seen.count()
        again = client.send("GET", url, max_body=10, read_budget=5, cache_policy=policy)
        assert server.seen.count() == asked
    assert not first.from_cache and again.from_cache
    assert again.body == first.body[:10] and again.truncated
    session.close()


def test_answers_no_stage_would_accept_are_deleted_when_a_store_opens(tmp_path: Path) -> None:
    path = tmp_path / "responses.sqlite"
    store = ResponseStore(path)
    store.save("GET old", answer(1, stored_at=time.time() - 40 * 86_400))
    store.save("GET month", answer(2, stored_at=time.time() - 20 * 86_400))
    store.close()
    ResponseStore(path).close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT key FROM answers").fetchall() == [("GET month",)]
    ResponseStore(path, keep_seconds=86_400).close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM answers").fetchone() == (0,)
