"""``citecheck audit`` on one machine, against a test web of several loopback hosts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from citecheck.audit import audit
from citecheck.report import schema

sys.path.insert(0, str(Path(__file__).resolve().parent))

from audit_web import LOOPBACK, Web, keyed, line_count, options, write_catalogue

pytestmark = pytest.mark.block_network(allowed_hosts=LOOPBACK)

ROOT = Path(__file__).resolve().parents[2]


def test_every_source_streams_once_as_a_json_report_source(tmp_path: Path) -> None:
    total = write_catalogue(tmp_path / "cat", articles=8, per_article=5, hosts=4, dead_every=7)
    with Web(4) as web:
        stats = audit(tmp_path / "cat", tmp_path / "out.jsonl", options(web, tmp_path))
    lines = keyed(tmp_path / "out.jsonl")
    assert len(lines) == total == stats.sources == stats.checked
    contract = {"$ref": "#/$defs/checked_source", "$defs": schema()["$defs"]}
    for (article, index), line in lines.items():
        jsonschema.validate(line, contract)
        assert article.startswith("desk") and line["number"] == index + 1
        dead = "/gone/" in line["url"]
        assert line["link"]["status"] == ("dead" if dead else "alive")
        assert line["verdict"] == ("error" if dead else "ok")
        if not dead:
            assert line["match"]["title_agrees"] is True
    assert stats.summary is not None
    assert stats.summary.verdicts["error"] == total // 7
    assert stats.summary.articles == 8 and stats.hosts == 4


def test_a_second_audit_asks_the_network_nothing_it_knows(tmp_path: Path) -> None:
    write_catalogue(tmp_path / "cat", articles=4, per_article=5, hosts=3, dead_every=4)
    with Web(3) as web:
        audit(tmp_path / "cat", tmp_path / "first.jsonl", options(web, tmp_path))
        asked = web.requests()
        audit(tmp_path / "cat", tmp_path / "second.jsonl", options(web, tmp_path))
        assert web.requests() == asked
    first, second = keyed(tmp_path / "first.jsonl"), keyed(tmp_path / "second.jsonl")
    assert first.keys() == second.keys()
    assert all(first[k]["link"]["status"] == second[k]["link"]["status"] for k in first)
    alive = [line for line in second.values() if "/articles/" in line["url"]]
    assert all("from cache" in line["link"]["detail"] for line in alive)


def test_a_finished_audit_run_again_does_nothing_more(tmp_path: Path) -> None:
    total = write_catalogue(tmp_path / "cat", articles=3, per_article=4, hosts=2)
    with Web(2) as web:
        settings = options(web, tmp_path, use_cache=False)
        audit(tmp_path / "cat", tmp_path / "out.jsonl", settings)
        asked = web.requests()
        again = audit(tmp_path / "cat", tmp_path / "out.jsonl", settings)
        assert web.requests() == asked
    assert again.resumed == total and again.checked == 0
    assert len(keyed(tmp_path / "out.jsonl")) == total


def test_a_killed_audit_resumes_losing_and_repeating_nothing(tmp_path: Path) -> None:
    total = write_catalogue(tmp_path / "cat", articles=30, per_article=6, hosts=4, dead_every=9)
    results = tmp_path / "out.jsonl"
    with Web(4, latency=0.05) as web:
        command = [
            sys.executable, "-m", "citecheck", "audit", str(tmp_path / "cat"), "-o", str(results),
            "--allow-private", "--no-cache", "--no-archive", "--per-host", "1", "-q",
            *web.remap_args(),
        ]  # fmt: skip
        run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while line_count(results) < total // 4 and time.monotonic() < deadline:
            assert run.poll() is None, "the audit ended before it could be killed"
            time.sleep(0.05)
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        done_before = set(keyed(results))  # a torn last line is not a result, and is redone
        assert 0 < len(done_before) < total
        asked_before = Counter(path for h in web.hosts for _, _, path in h.requests)

        finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert finished.returncode == 1, finished.stderr  # the dead links are errors
        asked_after = Counter(path for h in web.hosts for _, _, path in h.requests)

    lines = keyed(results)
    assert len(lines) == total
    for article, index in done_before:
        path = "/" + lines[(article, index)]["url"].split("/", 3)[3]
        assert asked_after[path] == asked_before[path], f"{path} was asked again after resuming"
    assert all(line["link"]["status"] in ("alive", "dead") for line in lines.values())


def test_a_manifest_names_the_articles(tmp_path: Path) -> None:
    write_catalogue(tmp_path / "cat", articles=3, per_article=2, hosts=2)
    manifest = tmp_path / "list.jsonl"
    names = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "cat").rglob("*.txt"))
    manifest.write_text(
        "\n".join(json.dumps({"path": name}) for name in [*names, names[0]]) + "\n",
        encoding="utf-8",
    )
    with Web(2) as web:
        stats = audit(manifest, tmp_path / "out.jsonl", options(web, tmp_path))
    assert {key for key, _ in keyed(tmp_path / "out.jsonl")} == set(names)
    assert stats.sources == 6  # listed twice, audited once


def test_an_unreadable_article_is_reported_and_the_rest_audited(tmp_path: Path) -> None:
    write_catalogue(tmp_path / "cat", articles=2, per_article=2, hosts=2)
    (tmp_path / "cat" / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    with Web(2) as web:
        stats = audit(tmp_path / "cat", tmp_path / "out.jsonl", options(web, tmp_path))
    assert len(keyed(tmp_path / "out.jsonl")) == 4
    assert stats.unreadable == 1 and stats.summary is not None
    assert stats.summary.unreadable[0][0] == "broken.pdf"
    assert stats.summary.worst is not None and stats.summary.worst.value == "error"
