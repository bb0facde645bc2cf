"""The benchmarks' test web: one HTTP server per host on 127.0.0.<first + k>, each answering
in a fixed latency, served from a process of its own so that its CPU is not in the figures.

``/articles/<digits>`` answers 200 with the page ``page(digits)`` builds; anything else 404
(the soft-404 probes). Citations name ``https://www.site<k>.example/``; :func:`remaps` sends
them to the servers, as ``--remap`` would.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Page = Callable[[str], bytes]
"""The body of ``/articles/<slug>``, from its slug."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    latency = 0.1
    page: Page = staticmethod(lambda slug: b"")

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer()

    def _answer(self) -> None:
        time.sleep(self.latency)
        slug = self.path.rsplit("/", 1)[-1]
        if self.path.startswith("/articles/") and slug.isdigit():
            body, status = type(self).page(slug), 200
        else:
            body, status = b"<title>Not found</title>", 404
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)


def _serve(hosts: int, first: int, latency: float, page: Page, ready: Any, stop: Any) -> None:
    _Handler.latency = latency
    _Handler.page = staticmethod(page)  # type: ignore[assignment]
    servers = []
    for k in range(hosts):
        server = ThreadingHTTPServer((f"127.0.0.{first + k}", 0), _Handler)
        server.daemon_threads = True
        server.request_queue_size = 128
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ready.put([s.server_address[1] for s in servers])
    stop.wait()


@contextmanager
def loopback_hosts(
    hosts: int, latency: float, page: Page, *, first: int = 1
) -> Iterator[list[int]]:
    """Serve ``hosts`` hosts while the block runs; yields their ports, host ``k`` first."""
    ready: Any = multiprocessing.Queue()
    stop = multiprocessing.Event()
    server = multiprocessing.Process(
        target=_serve, args=(hosts, first, latency, page, ready, stop), daemon=True
    )
    server.start()
    try:
        yield ready.get(timeout=60)
    finally:
        stop.set()
        server.join(timeout=5)


def remaps(ports: list[int], *, first: int = 1) -> tuple[tuple[str, str], ...]:
    """``--remap`` rules from ``https://www.site<k>.example/`` to host ``k``'s server."""
    return tuple(
        (rf"^https://www\.site{k}\.example/", f"http://127.0.0.{first + k}:{port}/")
        for k, port in enumerate(ports)
    )
