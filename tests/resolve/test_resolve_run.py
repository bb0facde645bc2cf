"""Run-level behaviour: safety, DNS, cache, limits, headers, candidates, concurrency."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from resolve_web import LocalWeb, resolver_for, unique

from citecheck.errors import ConfigError
from citecheck.model import LinkStatus, Redirect
from citecheck.options import HostSettings
from citecheck.resolve import LinkChecker, default_user_agent, refusal_reason

# -- safety -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_refusal_reason(address: str, reason: str | None) -> None:
    assert refusal_reason(address) == reason


def test_loopback_is_refused_without_allow_private(web: LocalWeb) -> None:
    path = unique("/ok")
    with LinkChecker(web.options(allow_private=False)) as checker:
        literal = checker.check([web.url("main", path)])
        named = checker.check([f"http://localhost:{web.ports['main']}{path}"])
    for result in (literal, named):
        assert result.status is LinkStatus.UNCHECKED
        assert "loopback address" in result.detail
        assert "--allow-private" in result.detail
        assert [f.code for f in result.findings] == ["address-refused"]
    assert literal.detail.startswith("refused: 127.0.0.1 is a loopback address")
    assert web.journal.requests_to(path) == []


@pytest.mark.parametrize("target", ["evil.test", "127.0.0.1"])
def test_redirect_hop_to_loopback_is_refused(web: LocalWeb, target: str) -> None:
    port = web.ports["main"]
    # The first origin is trusted (as the operator's archive would be), so the first hop
    # reaches the loopback server; the redirect to a loopback address is refused.
    resolve = resolver_for({"localhost": "127.0.0.1", "evil.test": "127.0.0.1"})
    first = f"http://localhost:{port}/to-{target}/{port}/ok"
    with LinkChecker(web.options(allow_private=False), resolve_host=resolve) as checker:
        checker.guard.trust("localhost", port)
        result = checker.check([first])
    assert result.status is LinkStatus.UNCHECKED
    assert "loopback" in result.detail
    assert result.redirects == (Redirect(first, 302),)
    assert result.final_url == f"http://{target}:{port}/ok"


def test_unsupported_scheme_and_missing_url(web: LocalWeb) -> None:
    with LinkChecker(web.options()) as checker:
        ftp = checker.check(["ftp://ftp.example.org/pub/report.pdf"])
        nothing = checker.check([])
    assert ftp.status is LinkStatus.UNCHECKED
    assert [f.code for f in ftp.findings] == ["unsupported-scheme"]
    assert nothing.status is LinkStatus.UNCHECKED
    assert "no URL" in nothing.detail


def test_ignore_and_offline_leave_links_unchecked(web: LocalWeb) -> None:
    path = unique("/ok")
    with LinkChecker(web.options(ignore=(r"example-news\.com/ok",))) as checker:
        ignored = checker.check([f"https://www.example-news.com{path}"])
    with LinkChecker(web.options(offline=True)) as checker:
        offline = checker.check([f"https://www.example-news.com{path}"])
    assert ignored.status is LinkStatus.UNCHECKED and "excluded" in ignored.detail
    assert offline.status is LinkStatus.UNCHECKED and "offline" in offline.detail
    assert web.journal.requests_to(path) == []


# -- DNS --------------------------------------------------------------------------------------


def test_nxdomain_is_dead_when_dns_works(web: LocalWeb) -> None:
    resolve = resolver_for({"example.com": "93.184.216.34"})
    with LinkChecker(web.options(allow_private=False), resolve_host=resolve) as checker:
        result = checker.check(["https://no-such-host.invalid/story"])
        findings = checker.run_findings()
    assert result.status is LinkStatus.DEAD
    assert "does not exist" in result.detail
    assert findings == ()


def test_nothing_resolves_means_offline_not_dead(web: LocalWeb) -> None:
    with LinkChecker(web.options(), resolve_host=resolver_for({})) as checker:
        results = [checker.check([f"https://site{i}.invalid/a"]) for i in range(3)]
        findings = checker.run_findings()
    assert {r.status for r in results} == {LinkStatus.UNREACHABLE}
    assert all("offline" in r.detail for r in results)
    assert [f.code for f in findings] == ["network-offline"]


# -- cache ------------------------------------------------------------------------------------


def _article_urls(web: LocalWeb, token: str) -> list[str]:
    return [
        f"https://www.example-news.com/ok?{token}",
        f"https://www.example-news.com/r301?{token}",
        f"https://www.example-news.com/missing-{token}",
        f"https://www.example-news.com/gone?{token}",
        f"https://www.soft-two.com/news/gone-{token}",
        f"https://deep.example-shop.com/products/old-{token}",
        f"https://www.example-news.com/huge?{token}",
    ]


def test_second_run_makes_no_request(web: LocalWeb, tmp_path: Path) -> None:
    token = unique("run").split("=")[1]
    urls = _article_urls(web, token)
    options = web.options(use_cache=True, cache_dir=tmp_path)
    before = web.journal.count()
    with LinkChecker(options) as checker:
        first = [checker.check([u]) for u in urls]
    after_first = web.journal.count()
    assert after_first > before
    with LinkChecker(options) as checker:
        second = [checker.check([u]) for u in urls]
    assert web.journal.count() == after_first
    assert [r.status for r in first] == [r.status for r in second]
    assert [r.redirects for r in first] == [r.redirects for r in second]
    assert second[-1].page is not None and second[-1].page.truncated
    assert first[-1].page is not None
    assert second[-1].page.body == first[-1].page.body
    assert (tmp_path / "responses.sqlite").exists()


def test_failures_are_not_cached(web: LocalWeb, tmp_path: Path) -> None:
    path = unique("/always503")
    options = web.options(use_cache=True, cache_dir=tmp_path, retries=0)
    for _ in range(2):
        with LinkChecker(options) as checker:
            assert checker.check([f"https://www.example-news.com{path}"]).status is (
                LinkStatus.UNREACHABLE
            )
    assert len(web.journal.requests_to(path)) == 2


def test_cache_does_not_bypass_the_address_check(web: LocalWeb, tmp_path: Path) -> None:
    path = unique("/ok")
    with LinkChecker(web.options(use_cache=True, cache_dir=tmp_path)) as checker:
        assert checker.check([web.url("main", path)]).status is LinkStatus.ALIVE
    strict = web.options(use_cache=True, cache_dir=tmp_path, allow_private=False)
    with LinkChecker(strict) as checker:
        result = checker.check([web.url("main", path)])
    assert result.status is LinkStatus.UNCHECKED
    assert "loopback" in result.detail


# -- politeness and headers -------------------------------------------------------------------


def test_per_host_limit_holds(web: LocalWeb) -> None:
    port = web.ports["main"]
    hosts = {"localhost": HostSettings(concurrency=1)}
    options = web.options(per_host=2, concurrency=16, hosts=hosts)
    token = unique("limit").split("=")[1]
    items = [
        ((host, i), [f"http://{host}:{port}/page/{token}-{i}"])
        for i in range(12)
        for host in ("127.0.0.1", "localhost")
    ]
    web.journal.reset_peaks()
    with LinkChecker(options) as checker:
        results = dict(checker.check_many(items, want_body=False))
    assert len(results) == 24
    assert {r.status for r in results.values()} == {LinkStatus.ALIVE}, results
    assert web.journal.peak[f"127.0.0.1:{port}"] == 2
    assert web.journal.peak[f"localhost:{port}"] == 1


def test_user_agent_and_per_host_headers(web: LocalWeb) -> None:
    path_default, path_custom, path_host = unique("/ok"), unique("/ok"), unique("/ok")
    with LinkChecker(web.options()) as checker:
        checker.check([web.url("main", path_default)])
    with LinkChecker(web.options(user_agent="Mozilla/5.0 (compatible; test)")) as checker:
        checker.check([web.url("main", path_custom)])
    hosts = {"localhost": HostSettings(user_agent="special/1.0", headers={"X-Token": "t"})}
    with LinkChecker(web.options(hosts=hosts)) as checker:
        checker.check([f"http://localhost:{web.ports['main']}{path_host}"])
    (default,) = web.journal.requests_to(path_default)
    (custom,) = web.journal.requests_to(path_custom)
    (per_host,) = web.journal.requests_to(path_host)
    assert default.headers["User-Agent"] == default_user_agent()
    assert default_user_agent() == "citecheck/0.1.0 (+https://github.com/citecheck/citecheck)"
    assert custom.headers["User-Agent"] == "Mozilla/5.0 (compatible; test)"
    assert per_host.headers["User-Agent"] == "special/1.0"
    assert per_host.headers["X-Token"] == "t"


# -- candidates, remapping, memo --------------------------------------------------------------


def test_split_url_candidate_that_resolves_is_chosen(web: LocalWeb) -> None:
    with LinkChecker(web.options()) as checker:
        result = checker.check(
            ["https://www.example-news.com/o-k", "https://www.example-news.com/ok"]
        )
        neither = checker.check(
            ["https://www.example-news.com/a-b", "https://www.example-news.com/ab"]
        )
    assert result.status is LinkStatus.ALIVE
    assert result.url == web.url("main", "/ok")
    (finding,) = result.findings
    assert finding.code == "url-candidate-chosen"
    assert "404" in finding.evidence["tried"]
    assert finding.evidence["chosen"] == web.url("main", "/ok")
    assert neither.status is LinkStatus.DEAD
    assert [f.code for f in neither.findings] == ["url-candidates-unresolved"]


def test_first_resolving_candidate_stops_probing(web: LocalWeb) -> None:
    token = unique("c").split("=")[1]
    second = f"/ok?second={token}"
    with LinkChecker(web.options()) as checker:
        result = checker.check(
            [
                f"https://www.example-news.com/ok?first={token}",
                f"https://www.example-news.com{second}",
            ]
        )
    assert result.status is LinkStatus.ALIVE
    assert web.journal.requests_to(second) == []


def test_remap_uses_python_replacement_syntax(web: LocalWeb) -> None:
    port = web.ports["main"]
    remaps = ((r"^https://mirror\.example/(\w+)/(.*)$", rf"http://127.0.0.1:{port}/\g<2>?from=\1"),)
    with LinkChecker(web.options(remaps=remaps)) as checker:
        result = checker.check(["https://mirror.example/site/ok"])
    assert result.status is LinkStatus.ALIVE
    assert result.url == f"http://127.0.0.1:{port}/ok?from=site"


def test_invalid_patterns_are_config_errors(web: LocalWeb) -> None:
    with pytest.raises(ConfigError, match="remap"):
        LinkChecker(web.options(remaps=(("([a-z", "x"),)))
    with pytest.raises(ConfigError, match="invalid group reference"):
        LinkChecker(web.options(remaps=(("^https://(a)/", r"http://x/\3"),)))
    with pytest.raises(ConfigError, match="ignore"):
        LinkChecker(web.options(ignore=("*.pdf",)))


def test_one_request_per_distinct_url(web: LocalWeb) -> None:
    path = unique("/ok")
    items = [(i, [f"https://www.example-news.com{path}#part{i}"]) for i in range(20)]
    seen: list[str] = []
    with LinkChecker(web.options()) as checker:
        results = dict(checker.check_many(items, on_result=lambda r: seen.append(r.url)))
        again = checker.check([f"https://www.example-news.com{path}"], want_body=False)
    assert sorted(results) == list(range(20))
    assert len(seen) == 20
    assert {r.status for r in results.values()} == {LinkStatus.ALIVE}
    assert results[3].url.endswith("#part3")
    assert again.status is LinkStatus.ALIVE
    assert len(web.journal.requests_to(path)) == 1


def test_check_is_safe_from_many_threads(web: LocalWeb) -> None:
    token = unique("threads").split("=")[1]
    urls = [f"https://www.example-news.com/ok?{token}={i % 5}" for i in range(40)]
    results: list[LinkStatus] = []
    lock = threading.Lock()
    with LinkChecker(web.options()) as checker:

        def work(url: str) -> None:
            status = checker.check([url]).status
            with lock:
                results.append(status)

        threads = [threading.Thread(target=work, args=(u,)) for u in urls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert results == [LinkStatus.ALIVE] * 40
    for i in range(5):
        assert len(web.journal.requests_to(f"/ok?{token}={i}")) == 1


def test_netrc_credentials_are_never_sent(
    web: LocalWeb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password secret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    # With proxy variables set, requests keeps reading the environment per request (and honours
    # NO_PROXY, which sends this request straight to the test web).
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    path = unique("/ok")
    with LinkChecker(web.options()) as checker:
        assert checker.check([web.url("main", path)]).status is LinkStatus.ALIVE
    (record,) = web.journal.requests_to(path)
    assert "Authorization" not in record.headers


def test_cache_entries_expire_after_the_ttl(web: LocalWeb, tmp_path: Path) -> None:
    path = unique("/ok")
    options = web.options(use_cache=True, cache_dir=tmp_path, cache_ttl=1)
    with LinkChecker(options) as checker:
        checker.check([web.url("main", path)])
    with LinkChecker(options) as checker:
        checker.check([web.url("main", path)])
    assert len(web.journal.requests_to(path)) == 1
    time.sleep(1.2)
    with LinkChecker(options) as checker:
        assert checker.check([web.url("main", path)]).status is LinkStatus.ALIVE
    assert len(web.journal.requests_to(path)) == 2
