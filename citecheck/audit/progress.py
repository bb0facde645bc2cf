"""Progress of an audit on standard error: a bar on a terminal, a line now and then elsewhere.

The total is an estimate until every article has been read: the sources found so far plus the
unread articles at the average number of sources per article.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any, TextIO

LOG_EVERY = 10.0
"""Seconds between progress lines when standard error is not a terminal."""


class AuditProgress:
    """An :class:`~citecheck.audit.run.Observer` that shows sources done / total, the rate
    and the time left."""

    def __init__(self, stream: TextIO | None = None, *, log_every: float = LOG_EVERY) -> None:
        self._stream = stream or sys.stderr
        self._log_every = log_every
        self._articles = 0
        self._read = 0
        self._known = 0
        self._done = 0
        self._resumed = 0
        self._started = time.monotonic()
        self._last_log = self._started
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> AuditProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
        elif kind is None and self._done > self._resumed:
            self._log()

    # -- Observer --------------------------------------------------------------------------

    def started(self, articles: int, done: int) -> None:
        self._articles, self._done, self._resumed = articles, done, done
        self._started = self._last_log = time.monotonic()
        if self._stream.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("auditing sources"),
                BarColumn(),
                MofNCompleteColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[rate]}"),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(file=self._stream),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("audit", total=None, completed=done, rate="")

    def found(self, sources: int, articles_read: int) -> None:
        self._known += sources
        self._read = articles_read
        self._show()

    def advanced(self, sources: int) -> None:
        self._done += sources
        self._show()

    # -- showing ---------------------------------------------------------------------------

    @property
    def total(self) -> int:
        """Sources known, plus the estimate for articles not read yet."""
        if self._read == 0:
            return self._known
        unread = max(0, self._articles - self._read)
        return self._known + round(unread * self._known / self._read)

    @property
    def rate(self) -> float:
        """Sources a second finished by this run."""
        elapsed = time.monotonic() - self._started
        return (self._done - self._resumed) / elapsed if elapsed > 0 else 0.0

    def _show(self) -> None:
        if self._bar is not None:
            self._bar.update(
                self._task,
                completed=self._done,
                total=max(self.total, self._done) or None,
                rate=f"{self.rate:.1f} sources/s",
            )
        elif time.monotonic() - self._last_log >= self._log_every:
            self._log()

    def _log(self) -> None:
        self._last_log = time.monotonic()
        total = max(self.total, self._done)
        rate = self.rate
        left = (total - self._done) / rate if rate > 0 else float("nan")
        estimate = "~" if self._read < self._articles else ""
        eta = f"{left:.0f} s" if left == left else "?"
        print(
            f"citecheck audit: {self._done}/{estimate}{total} sources, {rate:.1f} sources/s, "
            f"ETA {eta}",
            file=self._stream,
            flush=True,
        )
