"""Every case of the local test web is classified as design.md section 3 says."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Iterator

import pytest
from resolve_web import LocalWeb, unique

from citecheck.model import LinkReason, LinkResult, LinkStatus, Redirect
from citecheck.options import HostSettings
from citecheck.resolve import LinkChecker


@pytest.fixture
def checker(web: LocalWeb) -> Iterator[LinkChecker]:
    with LinkChecker(web.options(), backoff=0.05) as link_checker:
        yield link_checker


def news(path: str) -> list[str]:
    return [f"https://www.example-news.com{path}"]


def check(checker: LinkChecker, site_url: str, *, want_body: bool = True) -> LinkResult:
    return checker.check([site_url], want_body=want_body)


# -- alive and redirected ---------------------------------------------------------------------


def test_plain_page_is_alive_with_its_body(checker: LinkChecker, web: LocalWeb) -> None:
    result = checker.check(news("/ok"))
    assert result.status is LinkStatus.ALIVE
    assert result.http_status == 200
    assert result.url == web.url("main", "/ok")  # the remapped URL
    assert result.page is not None and b"A fine article" in result.page.body
    assert not result.page.truncated


@pytest.mark.parametrize("path", ["/r301", "/r308"])
def test_permanent_redirect_suggests_the_new_url(
    checker: LinkChecker, web: LocalWeb, path: str
) -> None:
    result = checker.check(news(path))
    assert result.status is LinkStatus.REDIRECTED
    assert result.final_url == web.url("main", "/ok")
    assert web.url("main", "/ok") in result.detail
    assert result.redirects == (Redirect(web.url("main", path), int(path[2:])),)


@pytest.mark.parametrize("path", ["/r302", "/r303", "/r307"])
def test_temporary_redirect_stays_alive(checker: LinkChecker, web: LocalWeb, path: str) -> None:
    result = checker.check(news(path))
    assert result.status is LinkStatus.ALIVE
    assert [hop.status for hop in result.redirects] == [int(path[2:])]
    assert result.final_url == web.url("main", "/ok")


def test_redirect_chain_is_recorded_and_the_permanent_part_suggested(
    checker: LinkChecker, web: LocalWeb
) -> None:
    result = checker.check(news("/chain"))
    assert result.status is LinkStatus.REDIRECTED
    assert [(hop.url, hop.status) for hop in result.redirects] == [
        (web.url("main", "/chain"), 301),
        (web.url("main", "/chain2"), 308),
        (web.url("main", "/chain3"), 302),
    ]
    assert f"moved permanently to {web.url('main', '/chain3')}" in result.detail


def test_redirect_loop_is_dead(checker: LinkChecker) -> None:
    result = checker.check(news("/loop/a"))
    assert result.status is LinkStatus.DEAD
    assert "redirect loop" in result.detail
    assert len(result.redirects) >= 2


# -- dead, including soft 404s ----------------------------------------------------------------


def test_404_is_dead(checker: LinkChecker) -> None:
    result = checker.check(news("/no-such-article"))
    assert (result.status, result.http_status) == (LinkStatus.DEAD, 404)


def test_410_is_dead_and_says_gone(checker: LinkChecker) -> None:
    result = checker.check(news("/gone"))
    assert (result.status, result.http_status) == (LinkStatus.DEAD, 410)
    assert "gone" in result.detail


def test_not_found_title_is_a_soft_404(checker: LinkChecker) -> None:
    result = checker.check(news("/nf-title"))
    assert result.status is LinkStatus.DEAD
    assert result.http_status == 200
    assert "title" in result.detail


def test_soft_404_site_with_not_found_page(checker: LinkChecker) -> None:
    dead = checker.check(["https://soft.example-blog.net/articles/vanished-story"])
    alive = checker.check(["https://soft.example-blog.net/articles/real-story"])
    assert (dead.status, dead.http_status) == (LinkStatus.DEAD, 200)
    assert alive.status is LinkStatus.ALIVE


def test_soft_404_found_by_random_sibling_probe(checker: LinkChecker, web: LocalWeb) -> None:
    seen_before = web.journal.count()
    dead = checker.check(["https://www.soft-two.com/news/old-story"])
    assert dead.status is LinkStatus.DEAD
    assert "made-up address" in dead.detail
    assert [f.code for f in dead.findings] == ["soft-404"]
    alive = checker.check(["https://www.soft-two.com/news/real-story"])
    assert alive.status is LinkStatus.ALIVE
    # One probe answers for every URL in the same folder.
    probes = [
        r
        for r in web.journal.records[seen_before:]
        if r.path.startswith("/news/citecheck-probe-") and r.host.endswith(str(web.ports["soft2"]))
    ]
    assert len(probes) == 1


def test_deep_link_redirected_to_home_page_is_dead(checker: LinkChecker) -> None:
    dead = checker.check(["https://deep.example-shop.com/products/discontinued"])
    assert dead.status is LinkStatus.DEAD
    assert "home page" in dead.detail
    assert checker.check(["https://deep.example-shop.com/products/real"]).status is (
        LinkStatus.ALIVE
    )
    assert checker.check(["https://deep.example-shop.com/"]).status is LinkStatus.ALIVE


def test_site_answering_everything_with_its_home_page(checker: LinkChecker) -> None:
    home = checker.check(["https://www.homepage-only.org/"])
    bare = checker.check(["https://www.homepage-only.org"])
    deep = checker.check(["https://www.homepage-only.org/2021/05/an-article-that-never-was"])
    assert home.status is LinkStatus.ALIVE
    assert bare.status is LinkStatus.ALIVE
    assert deep.status is LinkStatus.DEAD


def test_redirect_to_error_page_is_dead(checker: LinkChecker) -> None:
    result = checker.check(news("/to-error-page"))
    assert result.status is LinkStatus.DEAD
    assert "error page" in result.detail


# -- blocked ----------------------------------------------------------------------------------


def test_bot_challenge_header_is_blocked(checker: LinkChecker) -> None:
    result = checker.check(news("/challenge"))
    assert (result.status, result.http_status) == (LinkStatus.BLOCKED, 403)
    assert "cf-mitigated" in result.detail


@pytest.mark.parametrize("path", ["/just-a-moment", "/captcha"])
def test_challenge_page_with_200_is_blocked(checker: LinkChecker, path: str) -> None:
    result = checker.check(news(path))
    assert (result.status, result.http_status) == (LinkStatus.BLOCKED, 200)


def test_redirect_to_sign_in_is_blocked(checker: LinkChecker) -> None:
    assert checker.check(news("/to-login")).status is LinkStatus.BLOCKED


def test_paywalled_host_is_never_dead(web: LocalWeb) -> None:
    options = web.options(hosts={"localhost": HostSettings(paywalled=True)})
    with LinkChecker(options, backoff=0.05) as checker:
        result = checker.check([f"http://localhost:{web.ports['main']}/subscriber-only"])
    assert (result.status, result.http_status) == (LinkStatus.BLOCKED, 404)
    assert "paywalled" in result.detail


def test_paywalled_names_the_cited_host_even_when_remapped(web: LocalWeb) -> None:
    options = web.options(hosts={"www.example-news.com": HostSettings(paywalled=True)})
    with LinkChecker(options, backoff=0.05) as checker:
        result = checker.check(["https://www.example-news.com/subscriber-only"])
    assert (result.status, result.http_status) == (LinkStatus.BLOCKED, 404)
    assert "paywalled" in result.detail


def test_long_retry_after_is_blocked_without_waiting(checker: LinkChecker, web: LocalWeb) -> None:
    path = unique("/rate-long")
    started = time.monotonic()
    result = checker.check(news(path))
    assert (result.status, result.http_status) == (LinkStatus.BLOCKED, 429)
    assert "3600" in result.detail
    assert time.monotonic() - started < 1.0
    assert len(web.journal.requests_to(path)) == 1


# -- HEAD and GET -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/head-405", "/head-403"])
def test_head_refused_falls_back_to_get(checker: LinkChecker, web: LocalWeb, path: str) -> None:
    result = checker.check(news(path), want_body=False)
    assert (result.status, result.http_status) == (LinkStatus.ALIVE, 200)
    methods = [r.method for r in web.journal.requests_to(path)]
    assert methods[:2] == ["HEAD", "GET"]


def test_liveness_only_uses_head(checker: LinkChecker, web: LocalWeb) -> None:
    path = "/ok-too"
    result = checker.check(news(path), want_body=False)
    assert result.status is LinkStatus.ALIVE
    assert result.page is None
    assert [r.method for r in web.journal.requests_to(path)] == ["HEAD"]


# -- retries and unreachable ------------------------------------------------------------------


def test_retry_after_seconds_is_honoured(checker: LinkChecker, web: LocalWeb) -> None:
    path = unique("/rate-seconds")
    result = checker.check(news(path))
    assert result.status is LinkStatus.ALIVE
    first, second = web.journal.requests_to(path)
    assert second.time - first.time >= 0.95


def test_retry_after_http_date_is_honoured(checker: LinkChecker, web: LocalWeb) -> None:
    path = unique("/rate-date")
    result = checker.check(news(path))
    assert result.status is LinkStatus.ALIVE
    first, second = web.journal.requests_to(path)
    assert second.time - first.time >= 0.9


def test_503_then_200_is_alive(checker: LinkChecker, web: LocalWeb) -> None:
    path = unique("/flaky503")
    assert checker.check(news(path)).status is LinkStatus.ALIVE
    assert len(web.journal.requests_to(path)) == 2


def test_persistent_503_is_unreachable_after_retries(checker: LinkChecker, web: LocalWeb) -> None:
    path = unique("/always503")
    result = checker.check(news(path))
    assert (result.status, result.http_status) == (LinkStatus.UNREACHABLE, 503)
    assert len(web.journal.requests_to(path)) == 3  # one try and two retries


def test_timeout_is_unreachable(checker: LinkChecker, web: LocalWeb) -> None:
    path = unique("/slow")
    started = time.monotonic()
    result = checker.check(news(path))
    assert result.status is LinkStatus.UNREACHABLE
    assert "timed out" in result.detail
    assert len(web.journal.requests_to(path)) == 3
    assert time.monotonic() - started < 4.0


def test_connection_reset_is_unreachable(checker: LinkChecker, web: LocalWeb) -> None:
    path = unique("/reset")
    result = checker.check(news(path))
    assert result.status is LinkStatus.UNREACHABLE
    assert "reset" in result.detail
    assert len(web.journal.requests_to(path)) == 3


def test_connection_refused_is_unreachable(checker: LinkChecker) -> None:
    import socket

    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
    result = checker.check([f"http://127.0.0.1:{port}/article"])
    assert result.status is LinkStatus.UNREACHABLE
    assert "refused" in result.detail


# -- bodies -----------------------------------------------------------------------------------


def test_huge_body_is_capped(checker: LinkChecker) -> None:
    result = checker.check(news("/huge"))
    assert result.status is LinkStatus.ALIVE
    assert result.page is not None
    assert result.page.truncated
    assert len(result.page.body) == 200_000


def test_gzip_bomb_stops_at_the_cap(checker: LinkChecker) -> None:
    tracemalloc.start()
    try:
        result = checker.check(news("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status is LinkStatus.ALIVE
    assert result.page is not None and result.page.truncated
    assert len(result.page.body) == 200_000
    assert set(result.page.body) == {0}
    assert peak < 40_000_000  # 100 MB decompressed were never held


@pytest.mark.parametrize("path", ["/wrong-charset", "/bogus-charset"])
def test_wrong_charset_keeps_the_raw_bytes(checker: LinkChecker, path: str) -> None:
    result = checker.check(news(path))
    assert result.status is LinkStatus.ALIVE
    assert result.page is not None
    assert b"\xe9" in result.page.body or b"\xdf" in result.page.body


def test_soft_404s_are_found_in_liveness_only_mode(web: LocalWeb) -> None:
    with LinkChecker(web.options(), backoff=0.05) as checker:
        probe_found = checker.check(["https://www.soft-two.com/news/lost-story"], want_body=False)
        title_found = checker.check(["https://soft.example-blog.net/a/lost"], want_body=False)
        real = checker.check(["https://www.soft-two.com/news/real-story"], want_body=False)
    assert probe_found.status is LinkStatus.DEAD
    assert title_found.status is LinkStatus.DEAD
    assert real.status is LinkStatus.ALIVE
    assert real.page is None


def test_single_page_app_is_not_verifiable_rather_than_dead(checker: LinkChecker) -> None:
    result = checker.check(["https://app.example-spa.io/reports/2024/annual"])
    assert result.status is LinkStatus.BLOCKED
    assert "client-rendered" in result.detail


# -- the reason, as a value -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "reason"),
    [
        ("https://www.example-news.com/ok", LinkStatus.ALIVE, LinkReason.HTTP_OK),
        ("https://www.example-news.com/r302", LinkStatus.ALIVE, LinkReason.HTTP_OK),
        ("https://www.example-news.com/r301", LinkStatus.REDIRECTED, LinkReason.MOVED_PERMANENTLY),
        ("https://www.example-news.com/no-such-article", LinkStatus.DEAD, LinkReason.NOT_FOUND),
        ("https://www.example-news.com/gone", LinkStatus.DEAD, LinkReason.NOT_FOUND),
        ("https://www.example-news.com/nf-title", LinkStatus.DEAD, LinkReason.SOFT_404),
        ("https://www.soft-two.com/news/old-story", LinkStatus.DEAD, LinkReason.SOFT_404),
        ("https://www.example-news.com/to-error-page", LinkStatus.DEAD, LinkReason.SOFT_404),
        ("https://www.example-news.com/loop/a", LinkStatus.DEAD, LinkReason.REDIRECT_LOOP),
        ("https://www.example-news.com/challenge", LinkStatus.BLOCKED, LinkReason.BOT_CHALLENGE),
        ("https://www.example-news.com/captcha", LinkStatus.BLOCKED, LinkReason.BOT_CHALLENGE),
        ("https://www.example-news.com/to-login", LinkStatus.BLOCKED, LinkReason.PAYWALL),
        (
            "https://app.example-spa.io/reports/2024/annual",
            LinkStatus.BLOCKED,
            LinkReason.CLIENT_RENDERED,
        ),
        ("ftp://example.org/file", LinkStatus.UNCHECKED, LinkReason.UNSUPPORTED_SCHEME),
        ("https://example.org:99999/", LinkStatus.UNCHECKED, LinkReason.INVALID_URL),
    ],
)
def test_each_verdict_carries_its_reason(
    checker: LinkChecker, url: str, status: LinkStatus, reason: LinkReason
) -> None:
    result = checker.check([url])
    assert (result.status, result.reason) == (status, reason)


def test_a_permanent_move_names_the_address_to_cite(checker: LinkChecker, web: LocalWeb) -> None:
    moved = checker.check(news("/r301"))
    assert moved.moved_to == web.url("main", "/ok")
    assert checker.check(news("/r302")).moved_to is None


def test_refusals_and_failures_say_which(checker: LinkChecker, web: LocalWeb) -> None:
    assert checker.check(news(unique("/rate-long"))).reason is LinkReason.RATE_LIMITED
    assert checker.check(news(unique("/always503"))).reason is LinkReason.SERVER_ERROR
    assert checker.check(news(unique("/slow"))).reason is LinkReason.TIMEOUT
    assert checker.check(news(unique("/reset"))).reason is LinkReason.CONNECTION_FAILED
    options = web.options(hosts={"localhost": HostSettings(paywalled=True)})
    with LinkChecker(options, backoff=0.05) as paywalled:
        result = paywalled.check([f"http://localhost:{web.ports['main']}/subscriber-only"])
    assert (result.status, result.reason) == (LinkStatus.BLOCKED, LinkReason.PAYWALL)
