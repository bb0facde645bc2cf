"""Small real servers on 127.0.0.1 for the HTTP layer's tests, counting what they are asked."""

from __future__ import annotations

import gzip
import hashlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

NOISE = b"".join(
    hashlib.sha256(str(i).encode()).hexdigest().encode() for i in range(1000)
)
"""64 kB of hex digits that compress poorly, so a cut stream breaks mid-way."""
PAGE = b"<html><head><title>A real page</title></head><body><p>Hello.</p></body></html>"


@dataclass
class Seen:
    """Requests a server received: path and Host header, in order."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: list[tuple[str, str]] = field(default_factory=list)

    def count(self) -> int:
        with self.lock:
            return len(self.requests)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    seen: Seen
    redirect_to: str

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hang up on purpose (caps, timeouts)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        with self.server.seen.lock:
            self.server.seen.requests.append((self.path, self.headers.get("Host", "")))
        route: Callable[[], None] = {
            "/page": self._page,
            "/redirect": self._redirect,
            "/bomb": self._bomb,
            "/drip": self._drip,
            "/broken-gzip": self._broken_gzip,
        }.get(self.path.split("?", 1)[0], self._page)
        route()

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": "text/html; charset=utf-8", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _page(self) -> None:
        self._send(200, PAGE)

    def _redirect(self) -> None:
        self._send(302, b"", {"Location": self.server.redirect_to})

    def _bomb(self) -> None:
        # 50 MB of zeros in about 50 kB: only a decompression-bounded reader survives it.
        self._send(200, gzip.compress(b"\0" * 50_000_000, 9), {"Content-Encoding": "gzip"})

    def _broken_gzip(self) -> None:
        good = gzip.compress(NOISE)
        self._send(200, good[:2000] + b"\xff" * 300, {"Content-Encoding": "gzip"})

    def _drip(self) -> None:
        body = PAGE * 100
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for i in range(0, len(body), 20):
                self.wfile.write(body[i : i + 20])
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass


@dataclass
class Server:
    """A running loopback server."""

    port: int
    seen: Seen
    _server: _Server

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def redirect_to(self, location: str) -> None:
        self._server.redirect_to = location


@contextmanager
def serve() -> Iterator[Server]:
    """A real HTTP server on 127.0.0.1 (an ephemeral port) for the duration of the block."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.seen = Seen()
    server.redirect_to = "/page"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(server.server_address[1], server.seen, server)
    finally:
        server.shutdown()
        server.server_close()


def answers(*addresses: str) -> Callable[[str, int], list[tuple[Any, ...]]]:
    """A resolver giving ``addresses[0]`` to its first lookup, ``addresses[1]`` to the second,
    and so on (the last one again after that); ``calls`` records every lookup."""
    calls: list[str] = []

    def resolve(host: str, port: int) -> list[tuple[Any, ...]]:
        address = addresses[min(len(calls), len(addresses) - 1)]
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    resolve.calls = calls  # type: ignore[attr-defined]
    return resolve


@contextmanager
def no_egress() -> Iterator[list[tuple[str, int]]]:
    """Refuse every connection to an address off this machine, as CI's network does, and
    list where connections were attempted: a test that proves the guard connects to the
    vetted public address must not send a packet to it."""
    attempts: list[tuple[str, int]] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else ""
        if isinstance(address, tuple) and not host.startswith("127.") and host != "::1":
            attempts.append((host, address[1]))
            raise ConnectionRefusedError(f"no egress from tests: {host}")
        real_connect(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign]
    try:
        yield attempts
    finally:
        socket.socket.connect = real_connect  # type: ignore[method-assign]
