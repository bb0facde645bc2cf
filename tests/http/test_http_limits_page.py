"""The limiter registry (slots by host, paces by service) and the one page decoder."""

from __future__ import annotations

import threading
import time

from citecheck.archives.limiter import RateLimiter, service_limiter, shared_limiter
from citecheck.http import LimiterRegistry, decode_markup, page_text
from citecheck.match import extract_metadata
from citecheck.options import HostSettings


def test_slots_are_limited_per_host_and_overall() -> None:
    registry = LimiterRegistry(3, 2, {"slow.example": HostSettings(concurrency=1)})
    inflight: dict[str, int] = {"a.example": 0, "slow.example": 0, "all": 0}
    peak = dict(inflight)
    lock = threading.Lock()

    def work(host: str) -> None:
        with registry.slot(host):
            with lock:
                for key in (host, "all"):
                    inflight[key] += 1
                    peak[key] = max(peak[key], inflight[key])
            time.sleep(0.05)
            with lock:
                for key in (host, "all"):
                    inflight[key] -= 1

    threads = [threading.Thread(target=work, args=(h,)) for h in ["a.example", "slow.example"] * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak == {"a.example": 2, "slow.example": 1, "all": 3}
    assert registry.host_limit("www.slow.example") == 1


def test_a_paused_host_waits_and_others_do_not() -> None:
    registry = LimiterRegistry(4, 4, {})
    registry.pause("busy.example", 0.3)
    started = time.monotonic()
    with registry.slot("other.example"):
        assert time.monotonic() - started < 0.2
    with registry.slot("busy.example"):
        assert time.monotonic() - started >= 0.25


def test_each_service_has_one_pace_in_the_process() -> None:
    registry = LimiterRegistry(4, 4, {})
    wayback = registry.service("wayback", lambda: RateLimiter(20), RateLimiter)
    assert shared_limiter(wayback.per_minute) is wayback
    other = service_limiter("another-archive", 5)
    assert other is not wayback and other.per_minute == 5
    assert registry.service("another-archive", lambda: RateLimiter(99), RateLimiter) is other


def test_soft_404_rules_and_matcher_read_a_page_alike() -> None:
    # cp1252 bytes, no charset anywhere: both must guess the same characters.
    body = (
        "<html><head><title>Café society: the résumé of a century</title>"
        '<meta property="og:title" content="Café society: the résumé of a century"></head>'
        "<body><p>Les élèves du lycée ont été reçus à l’opéra.</p></body></html>"
    ).encode("cp1252")
    markup, encoding = decode_markup(body, {"Content-Type": "text/html"})
    page = page_text(body, {"Content-Type": "text/html"})
    assert page.encoding == encoding
    assert page.title == "Café society: the résumé of a century"
    assert page.title in markup
    metadata = extract_metadata(body, headers={"Content-Type": "text/html"})
    titles = [title for _, title in metadata.titles]
    assert page.title in titles


def test_the_headers_charset_wins_for_both() -> None:
    body = "<title>Ça marche</title>".encode("latin-1")
    headers = {"content-type": "text/html; charset=ISO-8859-1"}
    assert page_text(body, headers).title == "Ça marche"
    assert decode_markup(body, headers) == ("<title>Ça marche</title>", "cp1252")
