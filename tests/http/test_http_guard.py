"""The SSRF guard on every connection: one lookup per host, pinned, with its own deadline."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import pytest
import requests
from http_servers import answers, no_egress, serve

from citecheck.archives._http import ArchiveHttp
from citecheck.archives.limiter import RateLimiter
from citecheck.errors import BlockedAddressError
from citecheck.http import AddressGuard, build_session
from citecheck.model import LinkStatus
from citecheck.options import CheckOptions
from citecheck.resolve import LinkChecker

PUBLIC = "93.184.216.34"


def test_a_dns_answer_that_turns_to_loopback_after_the_check_never_reaches_it() -> None:
    # Rebinding: the check sees a public address, a second lookup would give loopback.
    with serve() as server, no_egress() as attempts:
        resolve = answers(PUBLIC, "127.0.0.1")
        options = CheckOptions(use_cache=False, timeout=2, retries=0, allow_private=False)
        with LinkChecker(options, resolve_host=resolve, dns_canaries=()) as checker:
            result = checker.check([server.url("/page", host="rebind.test")])
        assert server.seen.count() == 0
        assert set(attempts) == {(PUBLIC, server.port)}  # the vetted address, nothing else
        assert result.status is LinkStatus.UNREACHABLE  # the public address could not be reached
        assert resolve.calls == ["rebind.test"]  # type: ignore[attr-defined]


def test_the_connection_uses_the_vetted_answer_not_a_fresh_lookup() -> None:
    with serve() as server, no_egress() as attempts:
        resolve = answers(PUBLIC, "127.0.0.1")
        guard = AddressGuard(allow_private=False, resolver=resolve)
        assert guard.addresses("rebind.test", server.port) == (PUBLIC,)  # the check
        session = build_session(CheckOptions(use_cache=False), guard, "citecheck-tests")
        with pytest.raises(requests.ConnectionError):
            session.get(server.url("/page", host="rebind.test"), timeout=2)
        assert server.seen.count() == 0
        assert attempts == [(PUBLIC, server.port)]
        assert resolve.calls == ["rebind.test"]  # type: ignore[attr-defined]


def test_a_name_that_answers_loopback_first_stays_refused() -> None:
    with serve() as server:
        guard = AddressGuard(allow_private=False, resolver=answers("127.0.0.1", PUBLIC))
        session = build_session(CheckOptions(use_cache=False), guard, "citecheck-tests")
        for _ in range(2):
            with pytest.raises(requests.ConnectionError) as caught:
                session.get(server.url("/page", host="rebind.test"), timeout=2)
            assert "loopback" in str(caught.value)
        assert server.seen.count() == 0


def test_redirects_followed_by_the_session_pass_the_guard_on_every_hop() -> None:
    with serve() as server:
        guard = AddressGuard(allow_private=False, resolver=answers("127.0.0.1"))
        guard.trust("trusted.test", server.port)
        server.redirect_to(server.url("/page", host="evil.test"))
        session = build_session(CheckOptions(use_cache=False), guard, "citecheck-tests")
        with pytest.raises(requests.ConnectionError) as caught:
            session.get(server.url("/redirect", host="trusted.test"), timeout=2)
        assert "evil.test resolves to a loopback address" in str(caught.value)
        assert [path for path, _ in server.seen.requests] == ["/redirect"]


def test_pinned_connections_keep_the_host_name_in_the_host_header() -> None:
    with serve() as server:
        guard = AddressGuard(allow_private=True, resolver=answers("127.0.0.1"))
        session = build_session(CheckOptions(use_cache=False), guard, "citecheck-tests")
        response = session.get(server.url("/page", host="news.test"), timeout=2)
        assert response.status_code == 200
        assert server.seen.requests == [("/page", f"news.test:{server.port}")]


def test_a_hanging_name_lookup_times_out() -> None:
    release = threading.Event()

    def hang(host: str, port: int) -> list[tuple[Any, ...]]:
        release.wait(30)
        raise socket.gaierror(socket.EAI_NONAME, "gave up")

    try:
        guard = AddressGuard(resolver=hang, lookup_timeout=0.3)
        started = time.monotonic()
        with pytest.raises(socket.gaierror) as caught:
            guard.addresses("slow.test", 80)
        assert caught.value.errno == socket.EAI_AGAIN
        assert time.monotonic() - started < 5
        options = CheckOptions(use_cache=False, timeout=0.3, retries=0)
        with LinkChecker(options, resolve_host=hang, dns_canaries=("canary.test",)) as checker:
            started = time.monotonic()
            result = checker.check(["https://slow.test/story"])
        assert result.status is LinkStatus.UNREACHABLE and "not proof of death" in result.detail
        assert time.monotonic() - started < 5
    finally:
        release.set()


def test_the_policy_judges_every_address_a_name_has() -> None:
    def two(host: str, port: int) -> list[tuple[Any, ...]]:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC, port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port)),
        ]

    with pytest.raises(BlockedAddressError, match=r"private address \(10\.0\.0\.7\)"):
        AddressGuard(resolver=two).addresses("mixed.test", 443)
    assert AddressGuard(allow_private=True, resolver=two).addresses("mixed.test", 443) == (
        PUBLIC,
        "10.0.0.7",
    )


def test_the_configured_archive_is_trusted_but_cited_loopback_urls_are_not() -> None:
    # The archive's base URL is the operator's choice; a document's URL never is.
    with serve() as archive, serve() as cited:
        options = CheckOptions(use_cache=False, timeout=2, allow_private=False)
        with LinkChecker(options) as checker:
            http = ArchiveHttp(
                session=checker.session,
                timeout=2,
                user_agent="citecheck-tests",
                limiters={"lookups": RateLimiter(6000)},
                max_wait=1,
            )
            reply = http.get(archive.url("/page"))
            refused = checker.check([cited.url("/page")])
        assert reply.status == 200 and reply.page is not None
        assert refused.status is LinkStatus.UNCHECKED and "loopback" in refused.detail
        assert archive.seen.count() == 1 and cited.seen.count() == 0


def test_a_name_and_its_ascii_form_share_one_lookup() -> None:
    resolve = answers(PUBLIC)
    guard = AddressGuard(resolver=resolve)
    assert guard.addresses("Bücher.example", 443) == guard.addresses("xn--bcher-kva.example.", 80)
    assert len(resolve.calls) == 1  # type: ignore[attr-defined]
