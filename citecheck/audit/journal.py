"""The audit's durable record: a JSON Lines results file and a small SQLite index beside it.

The results file is the truth; the index only makes resuming cheap. Lines are appended as
sources finish and flushed at once; every commit fsyncs the file first and then records, in
one SQLite transaction, the done keys and how many bytes of the file they cover. Reopening
after any interruption (Ctrl-C, SIGKILL, a crash, a power cut) drops a torn last line, then
indexes whatever complete lines lie beyond the recorded length, so a source is never lost
(it is redone) and never written twice.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from citecheck.errors import CitecheckError, InputError

FORMAT_VERSION = 1
"""Bumped if the index's tables change meaning; an index of another version is refused."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS done (
    input TEXT NOT NULL, idx INTEGER NOT NULL, PRIMARY KEY (input, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS articles (
    input TEXT PRIMARY KEY, sources INTEGER, error TEXT, record TEXT NOT NULL, run INTEGER
);
CREATE TABLE IF NOT EXISTS run_findings (code TEXT PRIMARY KEY, record TEXT NOT NULL);
"""


class JournalError(CitecheckError):
    """The results file or its index cannot be used (another catalogue's, unwritable ...)."""


@dataclass(frozen=True)
class ArticleRecord:
    """What the audit keeps about one article besides its sources' lines."""

    input: str
    """The article's key."""
    sources: int | None
    """How many sources it lists; ``None`` when it could not be read."""
    error: str | None = None
    """Why it could not be read or parsed, else ``None``."""
    document: dict[str, Any] | None = None
    """Its document-level part of the JSON report (``input_format``, ``markers``,
    ``findings``), without ``sources``."""


def state_path(results: Path) -> Path:
    """The index file that belongs to a results file."""
    return results.with_name(results.name + ".state")


class Journal:
    """Appends result lines durably and remembers which ``(input, index)`` keys are done."""

    def __init__(
        self, results: Path, catalogue: str, *, restart: bool = False, commit_every: float = 0.5
    ) -> None:
        """Open (or create) the results file and index for an audit of ``catalogue``.

        ``restart`` discards earlier results; otherwise they are resumed, and results of
        another catalogue are refused. ``commit_every`` is the longest time, in seconds,
        between durable commits.
        """
        self.results = results
        self.state = state_path(results)
        self._commit_every = commit_every
        self._pending_keys: list[tuple[str, int]] = []
        self._pending_articles: list[ArticleRecord] = []
        self._pending_article_keys: set[str] = set()
        self._last_commit = time.monotonic()
        self._covered = 0
        self.resumed = 0
        """How many sources earlier runs had already done."""
        if restart:
            for path in (results, self.state):
                _remove(path)
        elif results.exists() and not self.state.exists() and results.stat().st_size > 0:
            raise JournalError(
                f"{results}: exists but has no {self.state.name} beside it, so it is not an "
                "audit this run can resume; choose another --output or pass --restart"
            )
        try:
            results.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.state, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
            self._claim(catalogue)
            self._file: IO[bytes] = results.open("ab")
        except (OSError, sqlite3.Error) as error:
            raise JournalError(f"{results}: cannot open the audit's results ({error})") from error
        self._recover()
        self.resumed = self.done_count()
        self._run = int(self._meta("runs")) + 1
        with self._transaction():
            self._set_meta("runs", str(self._run))

    # -- opening -------------------------------------------------------------------------

    def _claim(self, catalogue: str) -> None:
        rows = dict(self._db.execute("SELECT name, value FROM meta").fetchall())
        if not rows:
            with self._transaction():
                self._db.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [("version", str(FORMAT_VERSION)), ("catalogue", catalogue), ("indexed", "0")],
                )
            return
        if rows.get("version") != str(FORMAT_VERSION):
            raise JournalError(f"{self.state}: written by another version of citecheck audit")
        if rows.get("catalogue") != catalogue:
            raise JournalError(
                f"{self.results}: holds an audit of {rows.get('catalogue')}, not of {catalogue}; "
                "choose another --output or pass --restart"
            )

    def _recover(self) -> None:
        """Cut a torn last line, then index complete lines the index does not cover yet."""
        size = _truncate_torn_tail(self.results)
        indexed = int(self._meta("indexed"))
        if indexed > size:
            raise JournalError(
                f"{self.results}: is shorter than its index says (was it edited?); pass --restart"
            )
        keys = list(_keys_after(self.results, indexed))
        with self._transaction():
            self._db.executemany("INSERT OR IGNORE INTO done VALUES (?, ?)", keys)
            self._set_meta("indexed", str(size))
        self._covered = size

    # -- reading ---------------------------------------------------------------------------

    def done_count(self) -> int:
        """Sources done so far, committed or not."""
        (count,) = self._db.execute("SELECT COUNT(*) FROM done").fetchone()
        return int(count) + len(self._pending_keys)

    def done_indexes(self, article: str) -> set[int]:
        """Which sources of ``article`` are done (committed)."""
        rows = self._db.execute("SELECT idx FROM done WHERE input = ?", (article,))
        return {int(idx) for (idx,) in rows}

    def is_complete(self, article: str) -> bool:
        """Whether ``article`` was read and every one of its sources is done."""
        row = self._db.execute(
            "SELECT sources, error FROM articles WHERE input = ?", (article,)
        ).fetchone()
        if row is None or row[0] is None or row[1] is not None:
            return False
        (done,) = self._db.execute(
            "SELECT COUNT(*) FROM done WHERE input = ?", (article,)
        ).fetchone()
        return int(done) >= int(row[0])

    def seen_in_this_run(self, article: str) -> bool:
        """Whether ``article`` was already recorded by this run (a manifest listing it twice)."""
        if article in self._pending_article_keys:
            return True
        row = self._db.execute("SELECT run FROM articles WHERE input = ?", (article,)).fetchone()
        return row is not None and row[0] == self._run

    def articles(self) -> Iterator[ArticleRecord]:
        """Every article recorded, in key order (committed)."""
        for key, sources, error, record in self._db.execute(
            "SELECT input, sources, error, record FROM articles ORDER BY input"
        ):
            document = json.loads(record) if record else None
            yield ArticleRecord(key, sources, error, document)

    def lines(self) -> Iterator[dict[str, Any]]:
        """Every result line, in file order (flushed), as the JSON objects they hold."""
        self._file.flush()
        with self.results.open("rb") as results:
            for line in results:
                if line.endswith(b"\n"):
                    yield json.loads(line)

    def article(self, article: str) -> ArticleRecord | None:
        """What is recorded about ``article`` (committed), else ``None``."""
        row = self._db.execute(
            "SELECT input, sources, error, record FROM articles WHERE input = ?", (article,)
        ).fetchone()
        if row is None:
            return None
        key, sources, error, record = row
        return ArticleRecord(key, sources, error, json.loads(record) if record else None)

    def run_findings(self) -> list[dict[str, Any]]:
        """Findings about the runs as a whole, one per code (the latest)."""
        rows = self._db.execute("SELECT record FROM run_findings ORDER BY code")
        return [json.loads(record) for (record,) in rows]

    # -- writing ---------------------------------------------------------------------------

    def note_run_findings(self, findings: Iterable[dict[str, Any]]) -> None:
        """Remember findings about the run (``network-offline`` ...), one per code."""
        rows = [(str(f["code"]), json.dumps(f, ensure_ascii=False)) for f in findings]
        if rows:
            with self._transaction():
                self._db.executemany("INSERT OR REPLACE INTO run_findings VALUES (?, ?)", rows)

    def write(self, lines: Iterable[tuple[str, int, str]]) -> None:
        """Append result lines ``(input, index, json_text)``; visible at once, durable at the
        next commit."""
        wrote = False
        for article, index, text in lines:
            data = text.encode("utf-8") + b"\n"
            self._file.write(data)
            # In this order, an interruption anywhere leaves a written line either indexed
            # with its key or beyond the covered length, where reopening finds it.
            self._pending_keys.append((article, index))
            self._covered += len(data)
            wrote = True
        if wrote:
            self._file.flush()
        self.maybe_commit()

    def record_article(self, record: ArticleRecord) -> None:
        """Remember an article once it is read (or failed to be)."""
        self._pending_articles.append(record)
        self._pending_article_keys.add(record.input)
        self.maybe_commit()

    def maybe_commit(self) -> None:
        if time.monotonic() - self._last_commit >= self._commit_every:
            self.commit()

    def commit(self) -> None:
        """Make everything written so far durable: fsync the results, then index them."""
        self._file.flush()
        os.fsync(self._file.fileno())
        size = self._covered
        articles = [
            (
                r.input,
                r.sources,
                r.error,
                json.dumps(r.document, ensure_ascii=False) if r.document else "",
                self._run,
            )
            for r in self._pending_articles
        ]
        with self._transaction():
            self._db.executemany("INSERT OR IGNORE INTO done VALUES (?, ?)", self._pending_keys)
            self._db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)", articles)
            self._set_meta("indexed", str(size))
        self._pending_keys.clear()
        self._pending_articles.clear()
        self._pending_article_keys.clear()
        self._last_commit = time.monotonic()

    def close(self) -> None:
        """Commit and close."""
        try:
            self.commit()
        finally:
            self._file.close()
            self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # -- helpers ---------------------------------------------------------------------------

    def _meta(self, name: str) -> str:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return str(row[0]) if row else "0"

    def _set_meta(self, name: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self._db.execute("ROLLBACK" if kind is not None else "COMMIT")


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            candidate.unlink(missing_ok=True)
        except OSError as error:
            raise JournalError(f"{candidate}: cannot remove it ({error.strerror})") from error


def _truncate_torn_tail(results: Path) -> int:
    """Drop bytes after the last newline (a line the interruption cut); the new size."""
    if not results.exists():
        return 0
    with results.open("r+b") as handle:
        size = handle.seek(0, os.SEEK_END)
        end = size
        chunk = 4096
        while end > 0:
            start = max(0, end - chunk)
            handle.seek(start)
            block = handle.read(end - start)
            newline = block.rfind(b"\n")
            if newline >= 0:
                end = start + newline + 1
                break
            end = start
        if end != size:
            handle.truncate(end)
            handle.flush()
            os.fsync(handle.fileno())
        return end


def _keys_after(results: Path, offset: int) -> Iterator[tuple[str, int]]:
    """The ``(input, index)`` keys of the complete lines after byte ``offset``."""
    with closing(results.open("rb")) as handle:
        handle.seek(offset)
        for number, line in enumerate(handle, start=1):
            try:
                entry = json.loads(line)
                yield str(entry["input"]), int(entry["index"])
            except (ValueError, KeyError, TypeError) as error:
                raise InputError(
                    f"{results}: line {number} after byte {offset} is not an audit result "
                    f"({error}); pass --restart to start over"
                ) from None
