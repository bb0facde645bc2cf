"""``citecheck audit`` on a real Dask LocalCluster (TCP on loopback), against the test web."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from citecheck.audit import DaskEngine, audit, iter_lines
from citecheck.options import ArchiveMode, CheckOptions

sys.path.insert(0, str(Path(__file__).resolve().parent))

from audit_web import (
    LOOPBACK,
    AfterSources,
    Web,
    facts,
    keyed,
    line_count,
    options,
    write_catalogue,
)

pytest.importorskip("distributed")

pytestmark = pytest.mark.block_network(allowed_hosts=LOOPBACK)

def _cluster() -> DaskEngine:
    # Threads in this process, but a real scheduler and workers talking TCP on 127.0.0.1.
    return DaskEngine(workers=2, processes=False)


def test_a_cluster_gives_the_single_machine_results_and_holds_per_host_limits(
    tmp_path: Path,
) -> None:
    total = write_catalogue(tmp_path / "cat", articles=12, per_article=10, hosts=6, dead_every=8)
    with Web(6, latency=0.03) as web:
        settings = options(web, tmp_path, use_cache=False)
        single = audit(tmp_path / "cat", tmp_path / "one.jsonl", settings)
        for host in web.hosts:
            host.max_in_flight = 0
        engine = _cluster()
        spread = audit(
            tmp_path / "cat",
            tmp_path / "cluster.jsonl",
            options(web, tmp_path, use_cache=False),
            engine=engine,
        )
        peaks = [host.max_in_flight for host in web.hosts]
    assert spread.workers == 2 and spread.sources == single.sources == total
    one, cluster = keyed(tmp_path / "one.jsonl"), keyed(tmp_path / "cluster.jsonl")
    assert one.keys() == cluster.keys()
    assert {k: facts(v) for k, v in one.items()} == {k: facts(v) for k, v in cluster.items()}
    # Counted by the servers: never more than --per-host at once, and the limit was reached.
    assert max(peaks) == 2, peaks
    assert spread.summary is not None and spread.summary.verdicts["error"] == total // 8


def test_retry_after_holds_across_the_cluster(tmp_path: Path) -> None:
    write_catalogue(tmp_path / "cat", articles=8, per_article=8, hosts=2)
    with Web(2, latency=0.02) as web:
        throttled = web.hosts[0]
        throttled.retry_after = 1
        audit(
            tmp_path / "cat",
            tmp_path / "out.jsonl",
            options(web, tmp_path, use_cache=False),
            engine=_cluster(),
        )
        arrivals = [t for t, _, _ in throttled.requests]
    # The 429 went out one latency after its request arrived; after it, both workers' worth of
    # requests would keep coming if the host were split between them.
    first = arrivals[0] + throttled.latency
    during = [t for t in arrivals if first + 0.1 < t < first + 0.9]
    assert during == [], f"{len(during)} requests inside the Retry-After pause"
    lines = list(iter_lines(tmp_path / "out.jsonl"))
    assert {line["link"]["status"] for line in lines} == {"alive"}


def test_a_cluster_that_cannot_be_reached_is_a_clear_error(tmp_path: Path) -> None:
    from citecheck.audit import EngineError

    write_catalogue(tmp_path / "cat", articles=1, per_article=1, hosts=1)
    engine = DaskEngine("tcp://127.0.0.1:9", connect_timeout="1s")
    with pytest.raises(EngineError, match="cannot use the Dask cluster"):
        audit(tmp_path / "cat", tmp_path / "out.jsonl", CheckOptions(offline=True), engine=engine)


def test_archive_lookups_on_the_workers_rescue_the_same_dead_links(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "archives"))
    from audit_web import page
    from fake_wayback import Capture, FakeWayback
    from fake_wayback import running as running_wayback

    total = write_catalogue(tmp_path / "cat", articles=4, per_article=4, hosts=2, dead_every=4)
    fake = FakeWayback()
    for number in range(4, total + 1, 4):
        cited = f"https://www.site{number % 2}.example/gone/{number}"
        fake.add(cited, Capture("20240605120000", body=page(number)))
    with Web(2) as web, running_wayback(fake):
        settings = options(
            web,
            tmp_path,
            use_cache=False,
            archive=ArchiveMode.AUTO,
            wayback_url=fake.base_url,
            archive_rate=600.0,
        )
        single = audit(tmp_path / "cat", tmp_path / "one.jsonl", settings)
        spread = audit(tmp_path / "cat", tmp_path / "two.jsonl", settings, engine=_cluster())
    one, two = keyed(tmp_path / "one.jsonl"), keyed(tmp_path / "two.jsonl")
    assert {k: facts(v) for k, v in one.items()} == {k: facts(v) for k, v in two.items()}
    dead = [line for line in two.values() if line["link"]["status"] == "dead"]
    assert len(dead) == total // 4 and {line["archive"]["status"] for line in dead} == {"found"}
    assert {line["verdict"] for line in dead} == {"warning"}  # rescued by a matching copy
    assert single.summary is not None and spread.summary is not None
    assert spread.summary.archives == single.summary.archives


def _kill_worker(engine: DaskEngine, address: str) -> None:
    """Kill a cluster worker's process (its nanny starts another, at another address)."""
    import distributed

    with distributed.Client(engine.scheduler_address, timeout="10s") as client:
        pids = client.run(os.getpid, workers=[address])
    os.kill(next(iter(pids.values())), signal.SIGKILL)


def test_a_worker_that_leaves_is_a_clear_error_and_the_rerun_loses_nothing(
    tmp_path: Path,
) -> None:
    from citecheck.audit import EngineError

    # Enough sources for several shards a worker: results come back a whole shard at a time.
    total = write_catalogue(tmp_path / "cat", articles=40, per_article=10, hosts=4)
    results = tmp_path / "out.jsonl"
    with Web(4, latency=0.05) as web:
        settings = options(web, tmp_path, use_cache=False)
        engine = DaskEngine(workers=2, processes=True)
        with pytest.raises(EngineError, match="left the cluster; run the audit again"):
            kill = AfterSources(8, lambda: _kill_worker(engine, engine.addresses[0]))
            audit(tmp_path / "cat", results, settings, engine=engine, observer=kill)
        assert 0 < line_count(results) < total
        again = audit(tmp_path / "cat", results, settings, engine=_cluster())
    assert again.resumed + again.checked == total
    assert len(keyed(results)) == total == line_count(results)
