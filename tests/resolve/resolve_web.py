"""The local test web: real HTTP servers on 127.0.0.1 serving every case the resolver must classify.

Five "sites" run on their own ephemeral ports; tests reach them under realistic host names through
remap rules (``https://www.example-news.com/...`` → ``http://127.0.0.1:<port>/...``).
"""

from __future__ import annotations

import email.utils
import hashlib
import re
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from citecheck.options import CheckOptions

ARTICLE = (
    "<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>"
)
LOREM = (
    "The council voted on Tuesday to expand the cycle network across the northern districts, "
    "after a consultation that drew more than four thousand responses from residents. "
)


def distinct_text(seed: str) -> str:
    """Text unlike any other seed's, so that pages are not mistaken for one another."""
    words = LOREM.replace(",", "").replace(".", "").split()
    digest = hashlib.sha256(seed.encode()).digest() * 4
    return " ".join(words[b % len(words)] for b in digest)


def article(title: str, text: str = LOREM * 8) -> bytes:
    return ARTICLE.format(title=title, text=text).encode()


@dataclass
class Record:
    """One request as the server saw it."""

    time: float
    method: str
    path: str
    host: str
    headers: dict[str, str]


@dataclass
class Journal:
    """Everything the test web saw, shared by all sites."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    records: list[Record] = field(default_factory=list)
    hits: Counter[str] = field(default_factory=Counter)
    inflight: Counter[str] = field(default_factory=Counter)
    peak: Counter[str] = field(default_factory=Counter)

    def requests_to(self, path: str) -> list[Record]:
        with self.lock:
            return [r for r in self.records if r.path == path]

    def reset_peaks(self, settle: float = 5.0) -> None:
        """Start counting peaks afresh, once requests of earlier tests still being answered
        (a slow page whose client gave up) are done: they would count as overlapping."""
        deadline = time.monotonic() + settle
        while time.monotonic() < deadline:
            with self.lock:
                if not any(self.inflight.values()):
                    break
            time.sleep(0.02)
        with self.lock:
            self.peak.clear()

    def count(self) -> int:
        with self.lock:
            return len(self.records)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, site: str, journal: Journal, bomb: bytes) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site
        self.journal = journal
        self.bomb = bomb

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hang up on purpose (capped reads, timeouts): not worth a traceback.
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    # -- plumbing ---------------------------------------------------------------------------

    def _handle(self) -> None:
        journal = self.server.journal
        host = self.headers.get("Host", "")
        with journal.lock:
            journal.records.append(
                Record(time.monotonic(), self.command, self.path, host, dict(self.headers))
            )
            journal.hits[self.path] += 1
            hits = journal.hits[self.path]
            journal.inflight[host] += 1
            journal.peak[host] = max(journal.peak[host], journal.inflight[host])
        self._counted_host: str | None = host
        try:
            route = getattr(self, f"site_{self.server.site}")
            route(self.path, hits)
        finally:
            self._answered()

    def _answered(self) -> None:
        # Before the answer's bytes leave: once the client has them it may send the next
        # request, which must not be counted as overlapping this one.
        host, self._counted_host = self._counted_host, None
        if host is not None:
            with self.server.journal.lock:
                self.server.journal.inflight[host] -= 1

    def send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self._answered()
        self.send_response(status)
        all_headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        for name, value in all_headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def redirect(self, status: int, location: str) -> None:
        self.send(status, b"", {"Location": location})

    # -- sites ------------------------------------------------------------------------------

    def site_main(self, path: str, hits: int) -> None:
        name = path.split("?")[0]
        head = self.command == "HEAD"
        simple_redirects = {"/r301": 301, "/r302": 302, "/r303": 303, "/r307": 307, "/r308": 308}
        if name in ("/", "/ok", "/ok-too"):
            self.send(200, article("A fine article"))
        elif name.startswith("/page/"):
            time.sleep(0.1)  # latency, so that concurrent requests overlap
            self.send(200, article(f"Page {name}", distinct_text(name)))
        elif name in simple_redirects:
            self.redirect(simple_redirects[name], "/ok")
        elif name == "/chain":
            self.redirect(301, "/chain2")
        elif name == "/chain2":
            self.redirect(308, "/chain3")
        elif name == "/chain3":
            self.redirect(302, "/ok")
        elif name == "/loop/a":
            self.redirect(302, "/loop/b")
        elif name == "/loop/b":
            self.redirect(302, "/loop/a")
        elif name == "/gone":
            self.send(410, b"gone")
        elif name == "/head-405":
            self.send(405, b"") if head else self.send(200, article("Head refused"))
        elif name == "/head-403":
            self.send(403, b"") if head else self.send(200, article("Head forbidden"))
        elif name == "/challenge":
            body = b"<html><head><title>Just a moment...</title></head><body></body></html>"
            self.send(403, body, {"cf-mitigated": "challenge"})
        elif name == "/just-a-moment":
            body = b"<html><head><title>Just a moment...</title></head><body>Checking</body></html>"
            self.send(200, body)
        elif name == "/captcha":
            body = b"<html><body><div class='g-recaptcha'></div>Please confirm.</body></html>"
            self.send(200, body)
        elif name == "/rate-seconds":
            self.send(429, b"slow down", {"Retry-After": "1"}) if hits == 1 else self.ok()
        elif name == "/rate-date":
            when = email.utils.formatdate(time.time() + 2, usegmt=True)
            self.send(429, b"slow down", {"Retry-After": when}) if hits == 1 else self.ok()
        elif name == "/rate-long":
            self.send(429, b"slow down", {"Retry-After": "3600"})
        elif name == "/flaky503":
            self.send(503, b"busy") if hits == 1 else self.ok()
        elif name == "/always503":
            self.send(503, b"busy")
        elif name == "/slow":
            time.sleep(1.5)
            self.ok()
        elif name == "/reset":
            self.reset()
        elif name == "/huge":
            self.huge()
        elif name == "/bomb":
            self.send(200, self.server.bomb, {"Content-Encoding": "gzip"})
        elif name == "/wrong-charset":
            latin = "<html><head><title>Caf\xe9 cr\xe8me</title></head><body>na\xefve</body></html>"
            self.send(200, latin.encode("latin-1"), {"Content-Type": "text/html; charset=utf-8"})
        elif name == "/bogus-charset":
            body = "<title>Stra\xdfe</title>".encode("latin-1")
            self.send(200, body, {"Content-Type": "text/html; charset=x-no-such-charset"})
        elif name == "/nf-title":
            self.send(200, article("404 - Page Not Found", "We looked everywhere."))
        elif name == "/to-error-page":
            self.redirect(302, "/404.html")
        elif name == "/404.html":
            self.send(200, article("Oops", "Something went missing."))
        elif name == "/to-login":
            self.redirect(302, "/login?next=/to-login")
        elif name == "/login":
            self.send(200, article("Sign in", "Please sign in to continue."))
        elif name.startswith("/to-"):
            # /to-<host>/<port>/<path>: a redirect to another server (SSRF hop tests).
            target_host, port, rest = name[4:].split("/", 2)
            self.redirect(302, f"http://{target_host}:{port}/{rest}")
        else:
            self.send(404, article("Not Found", "No such page."))

    def site_home(self, path: str, hits: int) -> None:
        """A site answering every path with its home page."""
        self.send(200, article("Homepage Only", "Welcome to the only page of this site. " * 30))

    def site_soft(self, path: str, hits: int) -> None:
        """Unknown paths are answered 200 with a 'not found' page (title says so)."""
        if path in ("/", "/articles/real-story"):
            self.send(200, article("Real story"))
        else:
            self.send(200, article("Page not found | Soft Blog", "Sorry, that page is missing."))

    def site_soft2(self, path: str, hits: int) -> None:
        """Unknown paths are answered 200 with a generic page whose title does not say so; every
        page carries the same long navigation, as real sites do."""
        nav = " ".join(f"Section {n} Local news Sport Business Opinion" for n in range(60))
        if path == "/news/real-story":
            self.send(200, article("Mayor opens bridge", f"{nav} {LOREM * 4} {nav}"))
        else:
            text = f"Sorry, we could not find {path}. Try the search box or browse our sections."
            self.send(200, article("Soft Two News", f"{nav} {text} {nav}"))

    def site_spa(self, path: str, hits: int) -> None:
        """A single-page app: every address gets the same script shell."""
        shell = (
            b'<html><head><title>Example App</title><script src="/static/app.js"></script>'
            b'</head><body><div id="root"></div>'
            b"<noscript>You need to enable JavaScript to run this app.</noscript></body></html>"
        )
        self.send(200, shell)

    def site_deep(self, path: str, hits: int) -> None:
        """Deep links that no longer exist are redirected to the home page."""
        if path == "/":
            self.send(200, article("Deep Shop home", "Welcome to the shop. " * 40))
        elif path == "/products/real":
            self.send(200, article("A real product", LOREM * 6))
        else:
            self.redirect(301, "/")

    # -- special answers --------------------------------------------------------------------

    def ok(self) -> None:
        self.send(200, article("Recovered"))

    def reset(self) -> None:
        # SO_LINGER 0 makes close() send RST: the client sees "connection reset by peer".
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def huge(self) -> None:
        size = 20_000_000
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        if self.command == "HEAD":
            return
        chunk = b"<p>" + b"x" * 65_533
        try:
            for _ in range(size // len(chunk)):
                self.wfile.write(chunk)
        except OSError:
            self.close_connection = True


def _gzip_bomb(decompressed: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * 1_000_000
    parts = [compressor.compress(block) for _ in range(decompressed // len(block))]
    parts.append(compressor.flush())
    return b"".join(parts)


@dataclass
class LocalWeb:
    """The running test web: ports per site, the journal, and options that reach it."""

    ports: dict[str, int]
    journal: Journal
    hostnames: dict[str, str]

    def url(self, site: str, path: str) -> str:
        """The loopback URL of ``path`` on ``site``."""
        return f"http://127.0.0.1:{self.ports[site]}{path}"

    def public(self, site: str, path: str) -> str:
        """The realistic URL of ``path`` on ``site`` (remapped to loopback by :meth:`options`)."""
        return f"https://{self.hostnames[site]}{path}"

    @property
    def remaps(self) -> tuple[tuple[str, str], ...]:
        return tuple(
            (rf"^https://{re.escape(name)}(?=/|$)", f"http://127.0.0.1:{self.ports[s]}")
            for s, name in self.hostnames.items()
        )

    def options(self, **overrides: Any) -> CheckOptions:
        """Test options: small timeouts, loopback allowed, no cache, the remaps."""
        settings: dict[str, Any] = {
            "timeout": 0.5,
            "retries": 2,
            "allow_private": True,
            "use_cache": False,
            "remaps": self.remaps,
            "max_body": 200_000,
            "max_retry_after": 5.0,
            "concurrency": 8,
            "per_host": 4,
        }
        settings.update(overrides)
        return CheckOptions(**settings)


@pytest.fixture(scope="session")
def web() -> Iterator[LocalWeb]:
    journal = Journal()
    bomb = _gzip_bomb(100_000_000)
    servers = {
        site: _Server(site, journal, bomb)
        for site in ("main", "home", "soft", "soft2", "deep", "spa")
    }
    threads = [
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        for s in servers.values()
    ]
    for thread in threads:
        thread.start()
    hostnames = {
        "main": "www.example-news.com",
        "home": "www.homepage-only.org",
        "soft": "soft.example-blog.net",
        "soft2": "www.soft-two.com",
        "deep": "deep.example-shop.com",
        "spa": "app.example-spa.io",
    }
    try:
        yield LocalWeb({s: srv.server_address[1] for s, srv in servers.items()}, journal, hostnames)
    finally:
        for server in servers.values():
            server.shutdown()
            server.server_close()


def unique(prefix: str) -> str:
    """A path no other test uses (stateful routes count hits per path)."""
    unique.counter += 1  # type: ignore[attr-defined]
    return f"{prefix}?t={unique.counter}-{time.monotonic_ns()}"  # type: ignore[attr-defined]


unique.counter = 0  # type: ignore[attr-defined]


def resolver_for(table: dict[str, str | None]) -> Callable[[str, int], list[tuple[Any, ...]]]:
    """A fake ``getaddrinfo``: names in ``table`` map to an address, or fail with NXDOMAIN
    (``None``); other names fail too."""

    def resolve(host: str, port: int) -> list[tuple[Any, ...]]:
        address = table.get(host)
        if address is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    return resolve
