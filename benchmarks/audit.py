"""Benchmark ``citecheck audit``: a catalogue of N sources over 50 loopback hosts answering in
100 ms each, with the default engine (2 worker processes of this machine), with the threads of
one process, and on a Dask LocalCluster of 2 worker processes.

One process serves the hosts (127.0.0.11 ... 127.0.0.60); each audit runs in a fresh process
of its own with a fresh cache, so its peak memory is its own (workers are counted separately:
their largest peak). Prints sources per second, the ideal bound at the same limits
(latency × requests ÷ min(requests in flight, hosts × per-host); requests are the sources plus
one soft-404 probe per host; worker processes and a LocalCluster's workers share
--concurrency out), their ratio, and peak RSS at 1,000 and 10,000 sources.

    .venv/bin/python benchmarks/audit.py              # 1,000 and 10,000 sources, all modes
    .venv/bin/python benchmarks/audit.py --sizes 1000 --modes processes
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._loopback import loopback_hosts, remaps  # noqa: E402

MODES = ("processes", "threads", "cluster")
"""``citecheck audit``'s default (a worker process per CPU: 2 here), ``LocalEngine`` (threads
of one process), and a Dask LocalCluster of 2 worker processes."""
FIRST_ADDRESS = 11
PER_ARTICLE = 10


def page(slug: str) -> bytes:
    """The page of article ``slug``: title, og:title and a publication time, as cited."""
    title = f"Harbour Report Number {slug}"
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} | News</title>'
        f'<meta property="og:title" content="{title}">'
        '<meta property="article:published_time" content="2024-06-03T09:30:00Z">'
        f"</head><body><h1>{title}</h1><p>{'The report as printed. ' * 60}</p>"
        "</body></html>"
    ).encode()


def write_catalogue(folder: Path, sources: int, hosts: int) -> None:
    """``sources`` citations, ten an article, source ``n`` on host ``n % hosts``."""
    for start in range(0, sources, PER_ARTICLE):
        lines = [f"Article {start}", "", "A report citing its sources [1].", "", "References"]
        for i, n in enumerate(range(start, min(sources, start + PER_ARTICLE)), start=1):
            lines.append(
                f"{i}. Doe, Jane. “Harbour Report Number {n}.” Site News, 3 June 2024, "
                f"https://www.site{n % hosts}.example/articles/{n}."
            )
        desk = folder / f"desk{start // 1000:03d}"
        desk.mkdir(parents=True, exist_ok=True)
        (desk / f"article-{start:06d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def child(arguments: list[str]) -> None:
    """One audit in this process; prints its figures as JSON."""
    from citecheck.audit import DaskEngine, Engine, LocalEngine, ProcessEngine, audit
    from citecheck.options import CheckOptions

    mode, catalogue, work, ports_text, concurrency, per_host, cache = arguments
    ports = json.loads(ports_text)
    options = CheckOptions(
        allow_private=True,
        remaps=remaps(ports, first=FIRST_ADDRESS),
        cache_dir=Path(work) / "cache",
        use_cache=cache != "no-cache",
        concurrency=int(concurrency),
        per_host=int(per_host),
    )
    engines: dict[str, Callable[[], Engine]] = {
        "processes": lambda: ProcessEngine(2),
        "threads": LocalEngine,
        "cluster": lambda: DaskEngine(workers=2, processes=True),
    }
    engine = engines[mode]()
    started = time.perf_counter()
    stats = audit(catalogue, Path(work) / "results.jsonl", options, engine=engine)
    elapsed = time.perf_counter() - started
    again = None
    if cache == "again":  # the same catalogue once more, every answer in the cache
        started = time.perf_counter()
        audit(catalogue, Path(work) / "again.jsonl", options, engine=engines[mode]())
        again = time.perf_counter() - started
    summary = stats.summary
    print(
        json.dumps(
            {
                "elapsed": elapsed,
                "again": again,
                "audit_seconds": stats.seconds,
                "sources": stats.checked,
                "workers": stats.workers,
                "in_flight": _in_flight(mode, stats.workers, int(concurrency)),
                "verdicts": dict(summary.verdicts) if summary else {},
                "driver_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "driver_cpu": _cpu_seconds(resource.RUSAGE_SELF),
                "workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            }
        )
    )


def _cache_mode(args: argparse.Namespace) -> str:
    return "no-cache" if args.no_cache else "again" if args.again else "cache"


def _in_flight(mode: str, workers: int, concurrency: int) -> int:
    """Requests the engine keeps in flight at most: worker processes and the workers of a
    LocalCluster share --concurrency out (each gets its floor share); the threads of one
    process have it."""
    return concurrency if mode == "threads" else workers * (concurrency // workers)


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--no-cache", action="store_true", help="audit without the HTTP cache")
    parser.add_argument(
        "--again", action="store_true", help="then audit once more with the cache warm"
    )
    parser.add_argument("--child", nargs=7, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    with loopback_hosts(args.hosts, args.latency, page, first=FIRST_ADDRESS) as ports:
        rows = [(mode, size, _measure(args, mode, size, ports)) for mode in args.modes
                for size in args.sizes]  # fmt: skip
    _report(args, rows)


def _measure(args: argparse.Namespace, mode: str, size: int, ports: list[int]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="citecheck-audit-bench-") as work:
        catalogue = Path(work) / "catalogue"
        write_catalogue(catalogue, size, args.hosts)
        command = [
            sys.executable, __file__, "--child", mode, str(catalogue), work, json.dumps(ports),
            str(args.concurrency), str(args.per_host), _cache_mode(args),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
        if done.returncode != 0:
            sys.exit(f"the {mode} audit of {size} sources failed:\n{done.stderr}")
        figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    requests = size + args.hosts
    slots = min(figures["in_flight"], args.hosts * args.per_host)
    figures["ideal"] = args.latency * requests / slots
    figures["slots"] = slots
    print(
        f"  {mode:8} {size:>6} sources: {figures['elapsed']:.1f} s, "
        f"{size / figures['elapsed']:.0f} sources/s, {figures['elapsed'] / figures['ideal']:.2f}× "
        f"ideal, driver {figures['driver_mb']:.0f} MB and {figures['driver_cpu']:.1f} CPU s, "
        f"workers {figures['workers_mb']:.0f} MB, "
        f"verdicts {figures['verdicts']}"
        + (f"; again, cache warm: {figures['again']:.1f} s" if figures["again"] else ""),
        flush=True,
    )
    return figures


def _report(args: argparse.Namespace, rows: list[tuple[str, int, dict[str, Any]]]) -> None:
    print()
    print(f"{args.hosts} hosts, {args.latency * 1000:.0f} ms a response, --concurrency "
          f"{args.concurrency}, --per-host {args.per_host}")  # fmt: skip
    print(f"{'mode':8} {'sources':>7} {'seconds':>8} {'sources/s':>9} {'ideal s':>8} "
          f"{'ideal/s':>8} {'ratio':>6} {'driver MB':>9} {'workers MB':>10}")  # fmt: skip
    for mode, size, f in rows:
        print(
            f"{mode:8} {size:>7} {f['elapsed']:>8.1f} {size / f['elapsed']:>9.0f} "
            f"{f['ideal']:>8.1f} {size / f['ideal']:>8.0f} {f['elapsed'] / f['ideal']:>5.2f}× "
            f"{f['driver_mb']:>9.0f} {f['workers_mb'] if mode != 'threads' else 0:>10.0f}"
        )
    for mode in args.modes:
        sized = sorted((size, f) for m, size, f in rows if m == mode)
        if len(sized) >= 2:
            (small, a), (large, b) = sized[0], sized[-1]
            peak = max if mode != "threads" else None
            growth = b["driver_mb"] / a["driver_mb"]
            line = f"{mode}: driver RSS {small} → {large} sources: {growth:.2f}×"
            if peak is not None:
                line += f"; workers {b['workers_mb'] / a['workers_mb']:.2f}×"
            print(line + " (target < 1.2×); time target ≤ 1.3× ideal")


if __name__ == "__main__":
    main()
