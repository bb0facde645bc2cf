"""Benchmark the resolver: N links across many local hosts with a fixed latency per response.

Starts one HTTP server per host on 127.0.0.<k> (in a separate process, so that the figures are
the checker's own), checks N article URLs through one LinkChecker, and prints links per second,
the ideal bound at the same limits (latency × requests ÷ min(global, hosts × per-host)), their
ratio, and peak memory.

    /work/venv/bin/python benchmarks/links.py --n 2000
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from citecheck.model import LinkStatus
from citecheck.options import CheckOptions
from citecheck.resolve import LinkChecker


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    latency = 0.1

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
            body = (
                f"<html><head><title>Article {slug}</title></head><body><h1>Article {slug}</h1>"
                f"<p>{'Report number ' + slug + ' on the state of things. ' * 40}</p>"
                "</body></html>"
            ).encode()
            status = 200
        else:
            body, status = b"<title>Not found</title>", 404
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)


def _serve(hosts: int, latency: float, ready: Any, stop: Any) -> None:
    _Handler.latency = latency
    servers = []
    for k in range(hosts):
        server = ThreadingHTTPServer((f"127.0.0.{k + 1}", 0), _Handler)
        server.daemon_threads = True
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ready.put([s.server_address[1] for s in servers])
    stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="links to check")
    parser.add_argument("--hosts", type=int, default=20, help="local hosts")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per response")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--head", action="store_true", help="liveness only (HEAD)")
    args = parser.parse_args()

    ready: Any = multiprocessing.Queue()
    stop = multiprocessing.Event()
    server = multiprocessing.Process(
        target=_serve, args=(args.hosts, args.latency, ready, stop), daemon=True
    )
    server.start()
    ports = ready.get(timeout=30)
    try:
        run(args, ports)
    finally:
        stop.set()
        server.join(timeout=5)


def run(args: argparse.Namespace, ports: list[int]) -> None:
    # Realistic names, remapped to the loopback servers (as --remap would do).
    remaps = tuple(
        (rf"^https://www\.site{k}\.example/", f"http://127.0.0.{k + 1}:{port}/")
        for k, port in enumerate(ports)
    )
    options = CheckOptions(
        concurrency=args.concurrency,
        per_host=args.per_host,
        allow_private=True,
        use_cache=False,
        remaps=remaps,
        timeout=10,
    )
    items = [(i, [f"https://www.site{i % args.hosts}.example/articles/{i}"]) for i in range(args.n)]
    counts: dict[LinkStatus, int] = {}
    started = time.perf_counter()
    with LinkChecker(options) as checker:
        for _, result in checker.check_many(items, want_body=not args.head):
            counts[result.status] = counts.get(result.status, 0) + 1
            if result.status is not LinkStatus.ALIVE:
                print(f"  {result.status.value}: {result.url} — {result.detail}", file=sys.stderr)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    requests = args.n + args.hosts  # one soft-404 probe per host folder
    slots = min(args.concurrency, args.hosts * args.per_host)
    ideal = max(args.latency * requests / slots, 1e-9)
    method = "HEAD" if args.head else "GET"
    print(f"links checked       {args.n} across {args.hosts} hosts ({method})")
    print(f"verdicts            {', '.join(f'{k.value}={v}' for k, v in sorted(counts.items()))}")
    print(f"elapsed             {elapsed:.2f} s")
    print(f"links per second    {args.n / elapsed:.1f}")
    print(
        f"ideal bound         {ideal:.2f} s ({args.latency * 1000:.0f} ms × {requests} requests "
        f"÷ {slots} slots) = {args.n / ideal:.1f} links/s"
    )
    print(f"ratio to ideal      {elapsed / ideal:.2f}× (target ≤ 1.25×)")
    print(f"peak memory (RSS)   {peak_mb:.1f} MB (target < 100 MB)")


if __name__ == "__main__":
    main()
