"""Benchmark the resolver: N links across many local hosts with a fixed latency per response.

Starts one HTTP server per host on 127.0.0.<k> (in a separate process, so that the figures are
the checker's own), checks N article URLs through one LinkChecker, and prints links per second,
the ideal bound at the same limits (latency × requests ÷ min(global, hosts × per-host)), their
ratio, and peak memory.

    /work/venv/bin/python benchmarks/links.py --n 2000
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._loopback import loopback_hosts, remaps
from citecheck.model import LinkStatus
from citecheck.options import CheckOptions
from citecheck.resolve import LinkChecker


def page(slug: str) -> bytes:
    """An article page of the test web."""
    return (
        f"<html><head><title>Article {slug}</title></head><body><h1>Article {slug}</h1>"
        f"<p>{'Report number ' + slug + ' on the state of things. ' * 40}</p>"
        "</body></html>"
    ).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="links to check")
    parser.add_argument("--hosts", type=int, default=20, help="local hosts")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per response")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--head", action="store_true", help="liveness only (HEAD)")
    args = parser.parse_args()

    with loopback_hosts(args.hosts, args.latency, page) as ports:
        run(args, ports)


def run(args: argparse.Namespace, ports: list[int]) -> None:
    # Realistic names, remapped to the loopback servers (as --remap would do).
    options = CheckOptions(
        concurrency=args.concurrency,
        per_host=args.per_host,
        allow_private=True,
        use_cache=False,
        remaps=remaps(ports),
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
