"""Running the ``citecheck`` command in a subprocess, as a user or a CI job does."""

from __future__ import annotations

import compileall
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The project's root: the folder holding the ``citecheck`` package."""


@dataclass(frozen=True)
class Run:
    """One finished ``citecheck`` process."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    output: Path | None = None
    """The ``--output`` / ``-o`` file, when the run wrote one."""
    stdout_bytes: bytes = b""
    """Standard output as written (``fix`` writes the article's own bytes there)."""

    @property
    def text(self) -> str:
        """What the run produced: the output file's text, else standard output."""
        if self.output is not None:
            return self.output.read_text(encoding="utf-8")
        return self.stdout


def cli_env() -> dict[str, str]:
    """The environment for ``citecheck`` subprocesses: no colour, the package from this tree.

    The package's byte code is compiled first (into its git-ignored ``__pycache__``, as Python
    does by default): with ``PYTHONDONTWRITEBYTECODE`` set every process would otherwise compile
    the whole package again, which costs more than the check itself.
    """
    env = dict(os.environ)
    env.update(NO_COLOR="1", PYTHONPATH=str(ROOT))
    env.pop("COLUMNS", None)
    compileall.compile_dir(ROOT / "citecheck", quiet=1)
    return env


def citecheck(
    *args: str,
    env: dict[str, str],
    cwd: Path = ROOT,
    stdin: bytes | None = None,
    output: Path | None = None,
) -> Run:
    """Run ``python -m citecheck ARGS`` and wait for it (at most a minute)."""
    done = subprocess.run(
        [sys.executable, "-m", "citecheck", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )
    return Run(
        tuple(args),
        done.returncode,
        done.stdout.decode("utf-8", errors="replace"),
        done.stderr.decode("utf-8", errors="replace"),
        output,
        done.stdout,
    )
