"""A test web of several hosts, each a real server on its own loopback address (127.0.0.K),
counting on the server side how many requests it is serving at once; and a catalogue of
articles citing them.

Cited URLs are ``https://www.siteK.example/...``; the audit is pointed at the servers with one
``--remap`` per host, so each host is a host of its own for the per-host limits.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from citecheck.options import ArchiveMode, CheckOptions

FIRST_ADDRESS = 11
"""Hosts live on 127.0.0.11, 127.0.0.12 ... (the block-network marker allows 127.0.0.0/8)."""
LOOPBACK = [r"127\.0\.0\.\d+$", "localhost", "::1"]
"""``allowed_hosts`` for ``pytest.mark.block_network``: loopback only, all of 127/8."""


def page(number: int) -> bytes:
    title = f"Harbour Report Number {number}"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)} | Harbour News</title>"
        f'<meta property="og:title" content="{escape(title)}">'
        '<meta property="article:published_time" content="2024-06-03T09:30:00Z">'
        f"</head><body><article><h1>{escape(title)}</h1>"
        f"<p>{'The harbour report as printed, with its figures. ' * 10}</p>"
        "</article></body></html>"
    ).encode()


NOT_FOUND = b"<html><head><title>Not found</title></head><body>No such page.</body></html>"


@dataclass
class Host:
    """What one host's server saw."""

    address: str
    latency: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0
    max_in_flight: int = 0
    requests: list[tuple[float, str, str]] = field(default_factory=list)
    """``(time, method, path)`` of every request, in arrival order."""
    retry_after: int = 0
    """Answer the first ``/articles/`` request with 429 and this Retry-After (0: never)."""
    port: int = 0

    def count(self, prefix: str = "/") -> int:
        with self.lock:
            return sum(1 for _, _, path in self.requests if path.startswith(prefix))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer()

    def _answer(self) -> None:
        host = self.server.host
        with host.lock:
            host.requests.append((time.monotonic(), self.command, self.path))
            host.in_flight += 1
            host.max_in_flight = max(host.max_in_flight, host.in_flight)
            throttle = host.retry_after and self.path.startswith("/articles/")
            if throttle:
                retry_after, host.retry_after = host.retry_after, 0
        try:
            time.sleep(host.latency)
            answer = self._route(retry_after if throttle else 0)
        finally:
            # Before the answer leaves: once the client has it, it may send the next request.
            with host.lock:
                host.in_flight -= 1
        self._send(*answer)

    def _route(self, retry_after: int) -> tuple[int, bytes, dict[str, str]]:
        if retry_after:
            return 429, b"slow down", {"Retry-After": str(retry_after)}
        slug = self.path.rsplit("/", 1)[-1]
        if self.path.startswith("/articles/") and slug.isdigit():
            return 200, page(int(slug)), {}
        return 404, NOT_FOUND, {}

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: Host) -> None:
        super().__init__((host.address, 0), _Handler)
        self.host = host


class Web:
    """``hosts`` servers on 127.0.0.11 ...; a context manager."""

    def __init__(self, hosts: int, *, latency: float = 0.02) -> None:
        self.hosts = [Host(f"127.0.0.{FIRST_ADDRESS + k}", latency) for k in range(hosts)]
        self._servers = [_Server(host) for host in self.hosts]
        for host, server in zip(self.hosts, self._servers, strict=True):
            host.port = server.server_address[1]
        self._threads = [
            threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
            for s in self._servers
        ]

    def __enter__(self) -> Web:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()

    @property
    def remaps(self) -> tuple[tuple[str, str], ...]:
        """``CheckOptions.remaps`` sending ``www.siteK.example`` to host K's server."""
        return tuple(
            (rf"^https://www\.site{k}\.example/", f"http://{h.address}:{h.port}/")
            for k, h in enumerate(self.hosts)
        )

    def remap_args(self) -> list[str]:
        """The same as ``--remap`` arguments."""
        return [arg for pattern, repl in self.remaps for arg in ("--remap", f"{pattern} {repl}")]

    def requests(self) -> int:
        return sum(host.count() for host in self.hosts)


def write_catalogue(
    folder: Path, *, articles: int, per_article: int, hosts: int, dead_every: int = 0
) -> int:
    """``articles`` articles of ``per_article`` sources spread over ``hosts``; every
    ``dead_every``-th source is a dead link. The number of sources."""
    folder.mkdir(parents=True, exist_ok=True)
    number = 0
    for a in range(articles):
        lines = [f"Article {a}", "", "A report that cites its sources [1].", "", "References"]
        for i in range(per_article):
            number += 1
            k = number % hosts
            path = "gone" if dead_every and number % dead_every == 0 else "articles"
            lines.append(
                f"{i + 1}. Doe, Jane. “Harbour Report Number {number}.” Site {k} News, "
                f"3 June 2024, https://www.site{k}.example/{path}/{number}."
            )
        sub = folder / f"desk{a % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"article-{a:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number


def options(web: Web, tmp_path: Path, **changes: Any) -> CheckOptions:
    """Options for auditing against ``web``: loopback allowed, no archive, a cache of its own."""
    settings: dict[str, Any] = {
        "allow_private": True,
        "remaps": web.remaps,
        "archive": ArchiveMode.NEVER,
        "cache_dir": tmp_path / "cache",
        "per_host": 2,
        "timeout": 5.0,
        **changes,
    }
    return CheckOptions(**settings)


def keyed(results: Path) -> dict[tuple[str, int], dict[str, Any]]:
    """The results file's lines by ``(input, index)``, failing on a source written twice."""
    with results.open("rb") as handle:
        lines = [json.loads(line) for line in handle if line.endswith(b"\n")]
    keys = [(line["input"], line["index"]) for line in lines]
    assert len(keys) == len(set(keys)), "a source was written twice"
    return dict(zip(keys, lines, strict=True))


def line_count(results: Path) -> int:
    """Complete lines in the results file so far."""
    try:
        return results.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


COMPARED = (
    ("verdict",),
    ("link", "status"),
    ("link", "http_status"),
    ("archive", "status"),
    ("match", "title_agrees"),
    ("match", "date_agrees"),
)


def facts(line: dict[str, Any]) -> tuple[Any, ...]:
    """What must agree between two audits of one source, wherever it ran."""
    found = []
    for path in COMPARED:
        value: Any = line
        for key in path:
            value = value[key]
        found.append(value)
    return (*found, sorted(f["code"] for f in line["findings"]))


class AfterSources:
    """An audit observer that calls ``action`` once, when ``after`` sources are done."""

    def __init__(self, after: int, action: Callable[[], None]) -> None:
        self.after, self.action, self.done, self.fired = after, action, 0, False

    def started(self, articles: int, done: int) -> None:
        pass

    def found(self, sources: int, articles_read: int) -> None:
        pass

    def advanced(self, sources: int) -> None:
        self.done += sources
        if self.done >= self.after and not self.fired:
            self.fired = True
            self.action()
