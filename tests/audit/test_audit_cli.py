"""``citecheck audit`` from the command line: exit codes, summary, progress, interruption."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from citecheck.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent))

from audit_web import LOOPBACK, Web, facts, keyed, line_count, write_catalogue

pytestmark = pytest.mark.block_network(allowed_hosts=LOOPBACK)

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["audit", *map(str, args)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def network(web: Web, tmp_path: Path) -> list[str]:
    return ["--allow-private", "--no-archive", "--cache-dir", str(tmp_path / "cache"),
            *web.remap_args()]  # fmt: skip


def test_dead_links_exit_1_with_a_summary_and_progress(tmp_path: Path) -> None:
    total = write_catalogue(tmp_path / "cat", articles=4, per_article=5, hosts=2, dead_every=6)
    summary = tmp_path / "cat" / "summary.md"  # inside the catalogue: never taken for an article
    with Web(2) as web:
        code, out, err = run(tmp_path / "cat", "-o", tmp_path / "r.jsonl", "--summary", summary,
                             *network(web, tmp_path))  # fmt: skip
    assert code == 1 and out == ""
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("### citecheck audit:")
    assert f"{total} sources in 4 articles" in text and "| link-dead |" in text.replace(
        "| error | link-dead |", "| link-dead |"
    )
    assert f"{total}/{total} sources" in err and "sources/s" in err
    assert len(keyed(tmp_path / "r.jsonl")) == total


def test_all_alive_exits_0_and_quiet_is_quiet(tmp_path: Path) -> None:
    write_catalogue(tmp_path / "cat", articles=2, per_article=3, hosts=2)
    with Web(2) as web:
        code, out, err = run(tmp_path / "cat", "-o", tmp_path / "r.jsonl", "-q", "-f", "html",
                             *network(web, tmp_path))  # fmt: skip
    assert code == 0 and err == ""
    assert out.startswith("<!DOCTYPE html>") and "6 sources in 2 articles" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing-folder"], "no such directory or manifest"),
        (["MANIFEST"], "not a JSON line"),
        (["CAT", "--workers", "2", "--scheduler", "tcp://127.0.0.1:9"], "give one of"),
        (["CAT", "--processes", "2", "--workers", "2"], "give one of"),
    ],
)
def test_usage_and_input_errors_exit_2_in_one_line(
    tmp_path: Path, args: list[str], message: str
) -> None:
    manifest = tmp_path / "list.jsonl"
    manifest.write_text('{"path": "a.txt"}\n{oops\n', encoding="utf-8")
    write_catalogue(tmp_path / "cat", articles=1, per_article=1, hosts=1)
    names = {"MANIFEST": str(manifest), "CAT": str(tmp_path / "cat")}
    code, _, err = run(*[names.get(a, a) for a in args], "-o", tmp_path / "r.jsonl", "--offline")
    assert code == 2
    assert err.startswith("citecheck: error:") and message in err and len(err.splitlines()) == 1


def test_results_of_another_catalogue_are_not_resumed(tmp_path: Path) -> None:
    for name in ("one", "two"):
        write_catalogue(tmp_path / name, articles=1, per_article=1, hosts=1)
    assert run(tmp_path / "one", "-o", tmp_path / "r.jsonl", "--offline", "-q")[0] == 0
    code, _, err = run(tmp_path / "two", "-o", tmp_path / "r.jsonl", "--offline", "-q")
    assert code == 2 and "--restart" in err
    assert run(tmp_path / "two", "-o", tmp_path / "r.jsonl", "--offline", "-q", "--restart")[0] == 0


def test_ctrl_c_stops_cleanly_and_the_audit_resumes(tmp_path: Path) -> None:
    total = write_catalogue(tmp_path / "cat", articles=20, per_article=6, hosts=3)
    results = tmp_path / "r.jsonl"
    with Web(3, latency=0.05) as web:
        command = [sys.executable, "-m", "citecheck", "audit", str(tmp_path / "cat"),
                   "-o", str(results), "--per-host", "1", "--no-cache", "-q",
                   *network(web, tmp_path)]  # fmt: skip
        process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while line_count(results) < 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
        assert process.returncode == 130 and "run the same command again to resume" in err
        assert 0 < len(keyed(results)) < total
        finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert len(keyed(results)) == total


def test_workers_start_a_local_cluster_with_the_same_results(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    write_catalogue(tmp_path / "cat", articles=6, per_article=5, hosts=4, dead_every=7)
    with Web(4) as web:
        base = [sys.executable, "-m", "citecheck", "audit", str(tmp_path / "cat"), "-q",
                "--no-cache", *network(web, tmp_path)]  # fmt: skip
        single = subprocess.run([*base, "-o", str(tmp_path / "one.jsonl")], cwd=ROOT,
                                capture_output=True, text=True, timeout=120)  # fmt: skip
        spread = subprocess.run([*base, "-o", str(tmp_path / "two.jsonl"), "--workers", "2",
                                 "-f", "markdown"], cwd=ROOT, capture_output=True, text=True,
                                timeout=120)  # fmt: skip
    assert single.returncode == spread.returncode == 1, spread.stderr
    one, two = keyed(tmp_path / "one.jsonl"), keyed(tmp_path / "two.jsonl")
    assert {k: facts(v) for k, v in one.items()} == {k: facts(v) for k, v in two.items()}
    assert spread.stdout.startswith("### citecheck audit:")
    assert json.loads((tmp_path / "two.jsonl").read_text().splitlines()[0])["input"]


def test_progress_estimates_the_total_until_every_article_is_read() -> None:
    from citecheck.audit.progress import AuditProgress

    stream = io.StringIO()  # not a terminal: a line each time (log_every=0), no bar
    progress = AuditProgress(stream, log_every=0)
    progress.started(4, 0)
    progress.found(10, 1)  # one article of four read: ten sources, so about forty in all
    assert progress.total == 40
    progress.advanced(5)
    assert "citecheck audit: 5/~40 sources" in stream.getvalue().splitlines()[-1]
    progress.found(2, 4)
    progress.advanced(7)
    assert stream.getvalue().splitlines()[-1].startswith("citecheck audit: 12/12 sources")
