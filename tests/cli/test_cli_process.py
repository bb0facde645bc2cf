"""The command as a real process (``python -m citecheck``): real pipes, real exit statuses.

The other CLI tests run in-process for speed; these few prove that standard input, binary
standard output and a clean error hold across a process boundary too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from e2e.runner import Run, citecheck, cli_env

from .conftest import ARTICLE


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Run]]:
    folder = tmp_path_factory.mktemp("process")
    env = cli_env()
    binary = folder / "binary.txt"
    binary.write_bytes(b"\x00\x01PK\x03\x04" * 200)
    windows = folder / "windows.txt"
    windows.write_bytes(ARTICLE.read_bytes().replace(b"\n", b"\r\n") + b"\r\n")
    planned: dict[str, tuple[tuple[str, ...], bytes | None]] = {
        "parse-stdin": (("parse", "-", "--format", "json"), ARTICLE.read_bytes()),
        "binary": ((str(binary), "--offline"), None),
        "fix-crlf": (("fix", str(windows), "--offline"), None),
    }
    with ThreadPoolExecutor(max_workers=len(planned)) as pool:
        futures = {
            name: pool.submit(citecheck, *args, env=env, stdin=stdin)
            for name, (args, stdin) in planned.items()
        }
        yield {name: future.result() for name, future in futures.items()}


def test_parse_reads_a_real_pipe(runs: dict[str, Run]) -> None:
    run = runs["parse-stdin"]
    assert run.code == 0, run.stderr
    document = json.loads(run.stdout)
    assert document["input"] == "-"
    assert len(document["sources"]) == 5


def test_bad_input_is_one_line_without_a_traceback(runs: dict[str, Run]) -> None:
    run = runs["binary"]
    assert run.code == 2
    assert run.stderr.startswith("citecheck: error: ") and run.stderr.count("\n") == 1
    assert "binary" in run.stderr and run.stdout == ""


def test_fix_writes_crlf_bytes_to_a_real_pipe(runs: dict[str, Run]) -> None:
    run = runs["fix-crlf"]
    assert run.code == 0, run.stderr
    fixed = run.stdout_bytes
    assert fixed.endswith(b"a0dfedd1-5255-4fa9-8ccc-1fe01de87ea6.\r\n")
    assert b"\n" not in fixed.replace(b"\r\n", b"")
    body = ARTICLE.read_bytes().split(b"\nSources\n")[0].replace(b"\n", b"\r\n")
    assert fixed.startswith(body + b"\r\nSources\r\n")
    assert b"\r\nhttps://www.businessinsider.com/" in fixed
    assert run.stderr.startswith("--- ")  # the diff, kept off the article's stream
