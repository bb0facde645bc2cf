"""Running the command line in-process (click's runner: real argument parsing, real exit codes
and streams) for speed; tests/cli/test_cli_process.py runs it as a real process too."""

from __future__ import annotations

import shutil
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from citecheck.cli import main

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "fixtures" / "article.txt"


@dataclass(frozen=True)
class Result:
    """What one command line did."""

    code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


def cli(*args: str | Path, stdin: bytes | None = None) -> Result:
    """``citecheck ARGS``; fails the test on an exception that escaped (a traceback)."""
    result = CliRunner().invoke(main, [str(arg) for arg in args], input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"citecheck {' '.join(map(str, args))} raised:\n{trace}")
    return Result(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """A copy of fixtures/article.txt in a folder of its own (no configuration above it)."""
    copy = tmp_path / "article.txt"
    shutil.copyfile(ARTICLE, copy)
    return copy
