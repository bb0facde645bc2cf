"""A Wayback-compatible service on 127.0.0.1 that speaks the real wire formats.

It serves ``/cdx/search/cdx`` (text and ``output=json``, with ``closest``/``sort=closest``,
``from``/``to``, ``filter``, ``limit`` and ``showResumeKey`` as the CDX server implements them),
``/wayback/available`` (the availability JSON), ``/web/<ts>id_/<url>`` playback (with
``Memento-Datetime`` and ``Link`` headers, and a 302 to the nearest capture when the timestamp
is not exact) and ``/save/<url>`` (Save Page Now). Switches reproduce the Wayback Machine's
failure modes: 429 pages, excluded and blocked sites, empty availability answers, broken CDX.
Every request is logged so tests can assert what reached the server.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote_plus, urlsplit

HTML_429 = (
    b"<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n"
    b"<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)
BLOCKED_CDX = (
    b"org.archive.util.io.RuntimeIOException: org.archive.wayback.exception."
    b"AdministrativeAccessControlException: Blocked Site Error\n"
)
BLOCKED_PAGE = (
    b"<!DOCTYPE html><html><head><title>Wayback Machine</title></head><body>"
    b"<p>Sorry.</p><p>This URL has been excluded from the Wayback Machine.</p>"
    b"<!-- AdministrativeAccessControlException: Blocked Site Error --></body></html>"
)
EXCLUDED_PAGE = (
    b"<!DOCTYPE html><html><head><title>Wayback Machine</title></head><body>"
    b"<h2>Sorry.</h2><p>This URL has been excluded from the Wayback Machine.</p>"
    b"</body></html>"
)
NOT_ARCHIVED_PAGE = (
    b"<!DOCTYPE html><html><head><title>Wayback Machine</title></head><body>"
    b"<p>Hrm.</p><p>The Wayback Machine has not archived that URL.</p></body></html>"
)


@dataclass
class Capture:
    """One capture the fake holds."""

    timestamp: str
    status: int | None = 200
    """The archived status; ``None`` is a revisit record (``-`` in the CDX)."""
    body: bytes = b""
    mimetype: str = "text/html"
    gzip: bool = False
    drip: bool = False
    """Send the body one byte at a time, slowly (a stalled transfer)."""


@dataclass
class FakeWayback:
    """State and switches of the fake service; ``base_url`` once started."""

    captures: dict[str, list[Capture]] = field(default_factory=dict)
    excluded: set[str] = field(default_factory=set)
    blocked: set[str] = field(default_factory=set)
    rate_limited: bool = False
    rate_limit_prefix: str = "/"
    """When ``rate_limited``, only paths under this prefix get the 429 page."""
    availability_status: int = 200
    availability_empty: bool = False
    cdx_status: int = 200
    """Answer CDX queries with this status (503 for a broken CDX server, 404 for none)."""
    cdx_garbage: list[str] = field(default_factory=list)
    """Malformed lines served before the real CDX lines."""
    duplicate_lines: bool = True
    save_enabled: bool = True
    requests: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    base_url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, url: str, *captures: Capture) -> None:
        self.captures.setdefault(url, []).extend(captures)
        self.captures[url].sort(key=lambda c: c.timestamp)

    def count(self, prefix: str = "/") -> int:
        """Requests whose path starts with ``prefix``."""
        with self.lock:
            return sum(1 for path in self.requests if path.startswith(prefix))


def urlkey(url: str) -> str:
    """The SURT-form key the CDX server prints first (``com,example)/path``)."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    host = (parts.hostname or "").removeprefix("www.")
    key = ",".join(reversed(host.split("."))) + ")" + (parts.path or "/")
    return key + (f"?{parts.query}" if parts.query else "")


def http_date(timestamp: str) -> str:
    moment = datetime.strptime(timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    return format_datetime(moment, usegmt=True)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        fake = self.server.fake
        with fake.lock:
            fake.requests.append(self.path)
            fake.user_agents.append(self.headers.get("User-Agent", ""))
        path, _, query = self.path.partition("?")
        if fake.rate_limited and path.startswith(fake.rate_limit_prefix):
            return self._send(429, HTML_429, "text/html")
        if path == "/cdx/search/cdx":
            return self._cdx(dict(parse_qsl(query)), parse_qsl(query))
        if path == "/wayback/available":
            return self._available(dict(parse_qsl(query)))
        match = re.match(r"/web/(\d{1,14})(id_)?/(.+)", self.path)
        if match:
            return self._playback(match.group(1), bool(match.group(2)), match.group(3))
        if path.startswith("/save/"):
            return self._save(self.path[len("/save/") :])
        return self._send(404, NOT_ARCHIVED_PAGE, "text/html")

    # -- CDX -----------------------------------------------------------------------------

    def _cdx(self, params: dict[str, str], pairs: list[tuple[str, str]]) -> None:
        fake = self.server.fake
        url = params.get("url", "")
        if url in fake.blocked or url in fake.excluded:
            return self._send(403, BLOCKED_CDX, "text/plain")
        if fake.cdx_status != 200:
            return self._send(fake.cdx_status, b"<html><body>Error</body></html>", "text/html")
        rows = [self._cdx_row(url, c) for c in fake.captures.get(url, [])]
        rows = _filtered(rows, [v for k, v in pairs if k == "filter"])
        low = params.get("from", "").ljust(14, "0") if params.get("from") else None
        high = params.get("to", "").ljust(14, "9") if params.get("to") else None
        rows = [r for r in rows if (low is None or r[1] >= low) and (high is None or r[1] <= high)]
        if params.get("sort") == "closest" and params.get("closest"):
            target = _seconds(params["closest"].ljust(14, "0"))
            rows.sort(key=lambda r: abs(_seconds(r[1]) - target))
        limit = int(params.get("limit", "150000"))
        shown, rest = rows[:limit], rows[limit:]
        if fake.duplicate_lines:
            shown = [r for row in shown for r in (row, row)][:limit] if limit > 1 else shown
        resume = rest and params.get("showResumeKey") == "true"
        key = quote_plus(f"{rows[limit - 1][0]} {rows[limit - 1][1]}!") if resume else ""
        if params.get("output") == "json":
            return self._cdx_json(shown, key)
        lines = [*fake.cdx_garbage, *(" ".join(r) for r in shown)]
        text = "\n".join(lines) + "\n" if lines else ""
        if key:
            text += "\n" + key + "\n"
        return self._send(200, text.encode(), "text/plain")

    def _cdx_json(self, rows: list[list[str]], key: str) -> None:
        header = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
        data: list[list[str]] = [header, *rows] if rows else []
        if key:
            data += [[], [key]]
        body = ("[" + ",\n".join(json.dumps(row) for row in data) + "]" if data else "[]").encode()
        self._send(200, body, "application/json")

    @staticmethod
    def _cdx_row(url: str, capture: Capture) -> list[str]:
        status = "-" if capture.status is None else str(capture.status)
        digest = base64.b32encode(hashlib.sha1(capture.body).digest()).decode()
        length = "-" if capture.status is None else str(400 + len(capture.body) // 3)
        mimetype = "warc/revisit" if capture.status is None else capture.mimetype
        return [urlkey(url), capture.timestamp, url, mimetype, status, digest, length]

    # -- availability -------------------------------------------------------------------

    def _available(self, params: dict[str, str]) -> None:
        fake = self.server.fake
        url = params.get("url", "")
        if fake.availability_status != 200:
            body = b"<html><body>Service Unavailable</body></html>"
            return self._send(fake.availability_status, body, "text/html")
        answer: dict[str, object] = {"url": url, "archived_snapshots": {}}
        if "timestamp" in params:
            answer["timestamp"] = params["timestamp"]
        ok = [c for c in fake.captures.get(url, []) if c.status == 200]
        if ok and not fake.availability_empty:
            target = _seconds(params.get("timestamp", "99991231235959").ljust(14, "0"))
            best = min(ok, key=lambda c: abs(_seconds(c.timestamp) - target))
            answer["archived_snapshots"] = {
                "closest": {
                    "status": "200",
                    "available": True,
                    "url": f"http://{self.headers['Host']}/web/{best.timestamp}/{url}",
                    "timestamp": best.timestamp,
                }
            }
        self._send(200, json.dumps(answer).encode(), "application/json")

    # -- playback ------------------------------------------------------------------------

    def _playback(self, timestamp: str, raw: bool, url: str) -> None:
        fake = self.server.fake
        if url in fake.blocked:
            return self._send(403, BLOCKED_PAGE, "text/html")
        if url in fake.excluded:
            return self._send(200, EXCLUDED_PAGE, "text/html")
        captures = fake.captures.get(url, [])
        if not captures:
            return self._send(404, NOT_ARCHIVED_PAGE, "text/html")
        wanted = timestamp.ljust(14, "0")
        exact = next((c for c in captures if c.timestamp == wanted), None)
        if exact is None:
            nearest = min(captures, key=lambda c: abs(_seconds(c.timestamp) - _seconds(wanted)))
            location = f"{fake.base_url}/web/{nearest.timestamp}{'id_' if raw else ''}/{url}"
            return self._send(302, b"", "text/plain", {"Location": location})
        headers = {
            "Memento-Datetime": http_date(exact.timestamp),
            "Link": self._link(url, exact, captures),
            "X-Archive-Src": "spn2-20250131093512-wwwb-spn01.us.archive.org-8001.warc.gz",
        }
        return self._send(
            exact.status or 200,
            exact.body,
            exact.mimetype,
            headers,
            compress=exact.gzip,
            drip=exact.drip,
        )

    def _link(self, url: str, capture: Capture, captures: list[Capture]) -> str:
        base = self.server.fake.base_url
        first = captures[0]
        return ", ".join(
            [
                f'<{url}>; rel="original"',
                f'<{base}/web/timemap/link/{url}>; rel="timemap"; type="application/link-format"',
                f'<{base}/web/{url}>; rel="timegate"',
                f'<{base}/web/{first.timestamp}/{url}>; rel="first memento"; '
                f'datetime="{http_date(first.timestamp)}"',
                f'<{base}/web/{capture.timestamp}/{url}>; rel="memento"; '
                f'datetime="{http_date(capture.timestamp)}"',
            ]
        )

    # -- Save Page Now -------------------------------------------------------------------

    def _save(self, url: str) -> None:
        fake = self.server.fake
        if url in fake.blocked:
            return self._send(403, BLOCKED_PAGE, "text/html")
        if not fake.save_enabled:
            return self._send(503, b"<html><body>Service Unavailable</body></html>", "text/html")
        timestamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        with fake.lock:
            fake.add(url, Capture(timestamp, 200, b"<html><title>Saved</title></html>"))
        location = f"{fake.base_url}/web/{timestamp}/{url}"
        self._send(302, b"", "text/html", {"Location": location})

    # -- sending -------------------------------------------------------------------------

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
        *,
        compress: bool = False,
        drip: bool = False,
    ) -> None:
        if compress:
            body = gzip.compress(body)
        self.send_response(status)
        self.send_header("Server", "nginx")
        self.send_header("Content-Type", content_type)
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        try:
            if drip:
                for byte in _slowly(body):
                    self.wfile.write(byte)
                    self.wfile.flush()
            else:
                self.wfile.write(body)
        except OSError:  # the client gave up, as it should on a stalled transfer
            pass


def _slowly(body: bytes) -> Iterator[bytes]:
    deadline = time.monotonic() + 20
    for index in range(len(body)):
        if time.monotonic() > deadline:
            return
        time.sleep(0.2)
        yield body[index : index + 1]


def _filtered(rows: list[list[str]], filters: list[str]) -> list[list[str]]:
    names = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
    for spec in filters:
        negate = spec.startswith("!")
        name, _, pattern = spec.lstrip("!").partition(":")
        column = names.index(name)
        rows = [r for r in rows if bool(re.fullmatch(pattern, r[column])) != negate]
    return rows


def _seconds(timestamp: str) -> float:
    return datetime.strptime(timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC).timestamp()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeWayback) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake


class running:
    """Context manager: a started fake on a free loopback port."""

    def __init__(self, fake: FakeWayback | None = None) -> None:
        self.fake = fake or FakeWayback()
        self._server = _Server(self.fake)
        self.fake.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> FakeWayback:
        self._thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
