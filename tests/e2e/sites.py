"""A loopback web server standing in for the sites an article cites.

Every site lives under its host name: ``http://127.0.0.1:PORT/www.example.com/path`` answers
for ``https://www.example.com/path`` once the run remaps URLs there (``--remap``). Each page is a
:class:`Route`; anything without one is a plain 404, as a well-behaved site answers it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

REMAP_PATTERN = r"^https?://(www\.[^/]+)/(.*)$"
"""Matches a cited URL; the replacement puts its host into the local server's path."""

NOT_FOUND = (
    b"<!DOCTYPE html><html><head><title>Page not found</title></head>"
    b"<body><h1>404</h1><p>We could not find that page.</p></body></html>"
)
CHALLENGE = (
    b'<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>'
    b'<meta http-equiv="refresh" content="390"></head><body>'
    b'<div id="challenge-body-text">www.ft.com needs to review the security of your '
    b"connection before proceeding.</div><noscript>Enable JavaScript and cookies to continue"
    b"</noscript></body></html>"
)


def article(title: str, published: str, site: str, *, body: str = "") -> bytes:
    """A news article's HTML: the title in ``<title>`` (with the site's suffix), Open Graph
    and ``article:published_time`` meta tags, as publishers' pages carry them."""
    words = body or "The story as the publisher printed it. " * 20
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)} | {escape(site)}</title>"
        f'<meta property="og:title" content="{escape(title)}">'
        f'<meta property="og:site_name" content="{escape(site)}">'
        f'<meta property="article:published_time" content="{published}T09:30:00-05:00">'
        "</head><body><article>"
        f"<h1>{escape(title)}</h1><p>{escape(words)}</p>"
        "</article></body></html>"
    ).encode()


@dataclass(frozen=True)
class Route:
    """What one address answers."""

    status: int = 200
    """The HTTP status."""
    body: bytes = b""
    """The response body (HTML)."""
    headers: tuple[tuple[str, str], ...] = ()
    """Extra response headers (``Location`` for a redirect, ``cf-mitigated`` ...)."""


@dataclass
class Sites:
    """The routes, keyed by ``host/path`` as written in the cited URL, and a request log."""

    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, str, str]] = field(default_factory=list)
    """``(method, path, User-Agent)`` of every request, in order."""
    base_url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, url: str, route: Route) -> None:
        """Serve ``route`` for the cited ``url`` (``https://www.host/path``)."""
        self.routes[self.key(url)] = route

    def local(self, url: str) -> str:
        """Where the remap sends the cited ``url``."""
        return f"{self.base_url}/{self.key(url)}"

    @staticmethod
    def key(url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.hostname}{parts.path}" + (f"?{parts.query}" if parts.query else "")

    @property
    def remap(self) -> str:
        """The ``--remap`` value that sends every cited ``www.`` URL here."""
        return f"{REMAP_PATTERN} {self.base_url}/\\1/\\2"

    def hits(self, url: str) -> int:
        """Requests that reached the cited ``url``."""
        path = "/" + self.key(url)
        with self.lock:
            return sum(1 for _, p, _ in self.requests if p == path)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        sites = self.server.sites
        with sites.lock:
            sites.requests.append((self.command, self.path, self.headers.get("User-Agent", "")))
        route = sites.routes.get(self.path.lstrip("/"), Route(404, NOT_FOUND))
        self.send_response(route.status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(route.body)))
        for name, value in route.headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(route.body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, sites: Sites) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.sites = sites


class running:
    """Context manager: the sites served on a free loopback port, in a thread."""

    def __init__(self, sites: Sites | None = None) -> None:
        self.sites = sites or Sites()
        self._server = _Server(self.sites)
        self.sites.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> Sites:
        self._thread.start()
        return self.sites

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
