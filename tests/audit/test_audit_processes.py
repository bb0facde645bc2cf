"""``citecheck audit``'s default engine: worker processes of this machine, against the test web."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from citecheck.audit import EngineError, LocalEngine, ProcessEngine, audit, default_engine
from citecheck.options import CheckOptions

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

pytestmark = pytest.mark.block_network(allowed_hosts=LOOPBACK)


def test_worker_processes_give_the_threads_results_and_hold_per_host_limits(
    tmp_path: Path,
) -> None:
    total = write_catalogue(tmp_path / "cat", articles=12, per_article=10, hosts=6, dead_every=8)
    with Web(6, latency=0.03) as web:
        single = audit(
            tmp_path / "cat", tmp_path / "one.jsonl", options(web, tmp_path), engine=LocalEngine()
        )
        for host in web.hosts:
            host.max_in_flight = 0
        spread = audit(
            tmp_path / "cat",
            tmp_path / "two.jsonl",
            options(web, tmp_path, use_cache=False),
            engine=ProcessEngine(2),
        )
        peaks = [host.max_in_flight for host in web.hosts]
    assert spread.workers == 2 and spread.sources == single.sources == total
    one, two = keyed(tmp_path / "one.jsonl"), keyed(tmp_path / "two.jsonl")
    assert {k: facts(v) for k, v in one.items()} == {k: facts(v) for k, v in two.items()}
    # Counted by the servers: each host's limit held, though two processes were checking.
    assert max(peaks) == 2, peaks
    assert spread.summary is not None and spread.summary.verdicts["error"] == total // 8


def test_the_processes_share_the_concurrency_out() -> None:
    engine = ProcessEngine(4)
    engine.open(CheckOptions(concurrency=2))
    try:
        assert engine.workers == 2  # never more processes than requests allowed in flight
    finally:
        engine.close()
    assert isinstance(default_engine(1), LocalEngine)


def test_a_killed_worker_is_a_clear_error_and_the_rerun_loses_and_repeats_nothing(
    tmp_path: Path,
) -> None:
    total = write_catalogue(tmp_path / "cat", articles=20, per_article=6, hosts=4, dead_every=9)
    results = tmp_path / "out.jsonl"
    with Web(4, latency=0.05) as web:
        settings = options(web, tmp_path, use_cache=False)
        engine = ProcessEngine(2)
        with pytest.raises(EngineError, match=r"citecheck-worker-0 stopped .*run the audit again"):
            kill = AfterSources(10, lambda: os.kill(engine.pids[0], signal.SIGKILL))
            audit(tmp_path / "cat", results, settings, engine=engine, observer=kill)
        done_before = line_count(results)
        assert 0 < done_before < total
        again = audit(tmp_path / "cat", results, settings, engine=ProcessEngine(2))
    assert again.resumed + again.checked == total
    assert len(keyed(results)) == total == line_count(results)


def test_a_script_without_a_main_guard_can_use_the_worker_processes(tmp_path: Path) -> None:
    total = write_catalogue(tmp_path / "cat", articles=3, per_article=2, hosts=2)
    script = tmp_path / "audit_all.py"
    script.write_text(
        "from citecheck.audit import ProcessEngine, audit\n"
        "from citecheck.options import CheckOptions\n"
        f"stats = audit({str(tmp_path / 'cat')!r}, {str(tmp_path / 'out.jsonl')!r},\n"
        "              CheckOptions(offline=True), engine=ProcessEngine(2))\n"
        "print('checked', stats.checked, 'workers', stats.workers)\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["checked", str(total), "workers", "2"]
    assert "RuntimeError" not in done.stderr
