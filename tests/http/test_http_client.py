"""The HTTP client against a real loopback server: capped, decompression-bounded, time-bounded
reads, the cache writer, the User-Agent, and failures as kinds."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from http_servers import NOISE, PAGE, serve

from citecheck.http import (
    BYPASS,
    AddressGuard,
    CachePolicy,
    FetchError,
    HttpClient,
    build_session,
    default_user_agent,
)
from citecheck.options import CheckOptions


def client(tmp_path: Path | None = None, *, timeout: float = 2.0) -> HttpClient:
    options = CheckOptions(use_cache=tmp_path is not None, cache_dir=tmp_path)
    session = build_session(options, AddressGuard(allow_private=True), default_user_agent())
    return HttpClient(session, user_agent=default_user_agent(), timeout=timeout)


def test_a_decompression_bomb_is_cut_at_the_cap() -> None:
    with serve() as server:
        reply = client().send("GET", server.url("/bomb"), max_body=100_000, read_budget=10)
    assert reply.status == 200 and reply.truncated
    assert len(reply.body) == 100_000


def test_a_dripping_body_is_cut_at_its_time_budget() -> None:
    with serve() as server:
        started = time.monotonic()
        reply = client().send("GET", server.url("/drip"), max_body=1_000_000, read_budget=0.4)
    assert time.monotonic() - started < 3
    # A read blocked when the budget ran out gives up what it held: the body may be empty.
    assert reply.truncated and reply.timed_out
    assert len(reply.body) < len(PAGE) * 100


def test_broken_compression_keeps_what_was_readable() -> None:
    with serve() as server:
        reply = client().send("GET", server.url("/broken-gzip"), max_body=1_000_000, read_budget=5)
    # zlib reads on past the damage or urllib3 ends the stream quietly; either way the
    # readable part survives and nothing raises.
    assert reply.status == 200 and reply.body.startswith(NOISE[:2000])


def test_error_bodies_have_their_own_cap_and_head_has_none() -> None:
    with serve() as server:
        http = client()
        head = http.send("HEAD", server.url("/page"), max_body=10, read_budget=5)
        small = http.send("GET", server.url("/page"), max_body=10, max_error_body=1, read_budget=5)
    assert head.method == "HEAD" and head.body == b"" and head.page is None
    assert small.body == PAGE[:10] and small.truncated


def test_our_user_agent_and_the_page_decoder_come_with_every_reply() -> None:
    with serve() as server:
        reply = client().send("GET", server.url("/page"), max_body=100_000, read_budget=5)
    assert reply.page is not None and reply.page.title == "A real page"
    assert reply.text.startswith("<html>")
    assert default_user_agent().startswith("citecheck/")


def test_the_cache_keeps_capped_bodies_and_says_they_were_cut(tmp_path: Path) -> None:
    policy = CachePolicy(ttl=60)
    with serve() as server:
        http = client(tmp_path)
        first = http.send("GET", server.url("/bomb"), max_body=1000, read_budget=10,
                          cache_policy=policy)
        again = http.send("GET", server.url("/bomb"), max_body=1000, read_budget=10,
                          cache_policy=policy)
        bypass = http.send("GET", server.url("/bomb"), max_body=1000, read_budget=10,
                           cache_policy=BYPASS)
        assert server.seen.count() == 2
    assert not first.from_cache and again.from_cache and not bypass.from_cache
    assert again.truncated and again.body == first.body == b"\0" * 1000


def test_a_policy_can_refuse_to_keep_a_truncated_answer(tmp_path: Path) -> None:
    policy = CachePolicy(ttl=60, keep_truncated=False)
    with serve() as server:
        http = client(tmp_path)
        for _ in range(2):
            http.send("GET", server.url("/bomb"), max_body=1000, read_budget=10,
                      cache_policy=policy)
        assert http.stored(server.url("/bomb"), ttl=60, max_body=1000) is None
        assert server.seen.count() == 2


def test_no_server_is_a_refusal_not_a_traceback() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError) as caught:
        client().send("GET", f"http://127.0.0.1:{port}/", max_body=10, read_budget=1)
    assert caught.value.kind == "refused" and not caught.value.during_body
