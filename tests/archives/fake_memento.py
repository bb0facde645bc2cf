"""An archive.today-like Memento service on 127.0.0.1 that speaks the real wire format.

It serves ``/timemap/<url>`` (an RFC 7089 TimeMap in ``application/link-format``: the
``original``, ``timegate`` and ``self`` links and one entry a capture with its ``datetime``),
``/<timestamp>/<url>`` (a 302 to the capture's short link, as archive.today answers) and
``/<short id>`` (the capture, with ``Memento-Datetime`` and a ``Link`` header). Switches
reproduce the failure modes: a 429 with ``Retry-After``, server errors, a malformed TimeMap,
mementos on another host. Every request is logged so tests can assert what reached it.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NOT_ARCHIVED = b"<!DOCTYPE html><html><body>No results</body></html>"


@dataclass
class Memento:
    """One capture the fake holds."""

    timestamp: str
    body: bytes = b""
    replayed_as: str | None = None
    """Replay it stating this capture time instead (the archive moved to a nearby capture)."""


@dataclass
class FakeMemento:
    """State and switches of the fake service; ``base_url`` once started."""

    captures: dict[str, list[Memento]] = field(default_factory=dict)
    retry_after: int | None = None
    """When set, every request gets a 429 with this ``Retry-After``."""
    timemap_status: int = 200
    """Answer TimeMap requests with this status (503 for a broken service)."""
    malformed: bytes | None = None
    """Serve this body as every TimeMap (an HTML error page, truncated link format ...)."""
    foreign_host: str | None = None
    """List every memento under this host instead of the fake's own."""
    requests: list[str] = field(default_factory=list)
    base_url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, url: str, *mementos: Memento) -> None:
        self.captures.setdefault(url, []).extend(mementos)
        self.captures[url].sort(key=lambda m: m.timestamp)

    def count(self, prefix: str = "/") -> int:
        with self.lock:
            return sum(1 for path in self.requests if path.startswith(prefix))

    def memento_url(self, timestamp: str, url: str) -> str:
        return f"{self.base_url}/{timestamp}/{url}"


def http_date(timestamp: str) -> str:
    moment = datetime.strptime(timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    return format_datetime(moment, usegmt=True)


def short_id(url: str, timestamp: str) -> str:
    """A stable five-letter id like archive.today's short links."""
    digest = hashlib.sha1(f"{timestamp} {url}".encode()).hexdigest()
    return "".join(chr(ord("A") + int(c, 16)) for c in digest[:5])


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        fake = self.server.fake
        with fake.lock:
            fake.requests.append(self.path)
        if fake.retry_after is not None:
            body = b"<html><body>Too many requests</body></html>"
            return self._send(429, body, "text/html", {"Retry-After": str(fake.retry_after)})
        path = self.path
        if path.startswith("/timemap/"):
            return self._timemap(path[len("/timemap/") :])
        head, _, rest = path[1:].partition("/")
        if len(head) == 14 and head.isdigit() and rest:
            return self._timestamped(head, rest)
        return self._short(head)

    def _timemap(self, url: str) -> None:
        fake = self.server.fake
        if fake.timemap_status != 200:
            return self._send(fake.timemap_status, b"<html>Error</html>", "text/html")
        if fake.malformed is not None:
            return self._send(200, fake.malformed, "text/html")
        mementos = fake.captures.get(url, [])
        if not mementos:
            return self._send(404, NOT_ARCHIVED, "text/html")
        host = f"http://{fake.foreign_host}" if fake.foreign_host else fake.base_url
        lines = [
            f'<{url}>; rel="original"',
            f'<{host}/timegate/{url}>; rel="timegate"',
        ]
        for index, memento in enumerate(mementos):
            rel = "memento"
            if index == 0:
                rel = "first memento"
            if index == len(mementos) - 1:
                rel = "last memento" if index else "first last memento"
            lines.append(
                f'<{host}/{memento.timestamp}/{url}>; rel="{rel}"; '
                f'datetime="{http_date(memento.timestamp)}"'
            )
        lines.append(
            f'<{host}/timemap/{url}>; rel="self"; type="application/link-format"; '
            f'from="{http_date(mementos[0].timestamp)}"; '
            f'until="{http_date(mementos[-1].timestamp)}"'
        )
        self._send(200, (",\n".join(lines) + "\n").encode(), "application/link-format")

    def _timestamped(self, timestamp: str, url: str) -> None:
        fake = self.server.fake
        memento = next((m for m in fake.captures.get(url, []) if m.timestamp == timestamp), None)
        if memento is None:
            return self._send(404, NOT_ARCHIVED, "text/html")
        location = f"{fake.base_url}/{short_id(url, timestamp)}"
        self._send(302, b"", "text/html", {"Location": location})

    def _short(self, key: str) -> None:
        fake = self.server.fake
        for url, mementos in fake.captures.items():
            for memento in mementos:
                if short_id(url, memento.timestamp) == key:
                    stated = memento.replayed_as or memento.timestamp
                    headers = {
                        "Memento-Datetime": http_date(stated),
                        "Link": f'<{url}>; rel="original", '
                        f'<{fake.base_url}/timemap/{url}>; rel="timemap"; '
                        f'type="application/link-format"',
                    }
                    return self._send(200, memento.body, "text/html; charset=utf-8", headers)
        self._send(404, NOT_ARCHIVED, "text/html")

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Server", "nginx")
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeMemento) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake


class running:
    """Context manager: a started fake on a free loopback port."""

    def __init__(self, fake: FakeMemento | None = None) -> None:
        self.fake = fake or FakeMemento()
        self._server = _Server(self.fake)
        self.fake.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> FakeMemento:
        self._thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
