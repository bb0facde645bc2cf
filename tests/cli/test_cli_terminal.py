"""In a real terminal (a pseudo-terminal 80 columns wide): colour, unless NO_COLOR, and lines
that fit the terminal."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys

import pytest
from e2e.runner import ROOT, cli_env

from .conftest import ARTICLE

pty = pytest.importorskip("pty", reason="pseudo-terminals are POSIX only")
fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")

ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _in_terminal(columns: int, **env: str) -> tuple[int, str]:
    """Run ``citecheck ARTICLE --offline`` with stdout on a terminal ``columns`` wide."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    environment = {k: v for k, v in cli_env().items() if k not in ("NO_COLOR", "LINES")}
    environment.update(TERM="xterm-256color", **env)
    process = subprocess.Popen(
        [sys.executable, "-m", "citecheck", str(ARTICLE), "--offline"],
        stdout=slave,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=environment,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    _, stderr = process.communicate(timeout=60)
    assert stderr == b"", stderr
    return process.returncode, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_a_terminal_gets_colour_and_lines_that_fit() -> None:
    code, out = _in_terminal(80)
    assert code == 0
    assert ESCAPE.search(out)
    plain = ESCAPE.sub("", out)
    assert max(len(line) for line in plain.splitlines()) <= 80
    assert "numbering-repaired" in plain


def test_no_color_turns_colour_off_in_a_terminal() -> None:
    code, out = _in_terminal(80, NO_COLOR="1")
    assert code == 0
    assert not ESCAPE.search(out)
    assert max(len(line) for line in out.splitlines()) <= 80
