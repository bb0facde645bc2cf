"""The audit's driver: read the catalogue lazily, send shards to the engine, journal results.

Articles are read and parsed one at a time; their sources wait in a small batch, which is cut
into shards by host (:mod:`citecheck.audit.shards`) and handed to the engine. No more than a
bounded number of sources is ever in flight, and every finished source goes straight to the
journal, so memory stays flat however large the catalogue is, and an interrupted audit
resumes where it stopped.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from citecheck.audit.catalogue import Article, Catalogue
from citecheck.audit.engines import Engine, default_engine
from citecheck.audit.journal import ArticleRecord, Journal, state_path
from citecheck.audit.shards import HostRouter, Item, shards
from citecheck.audit.summary import AuditSummary, summarise
from citecheck.audit.work import SHARDS_PER_WORKER, ShardResult
from citecheck.documents import read_path
from citecheck.errors import CitecheckError
from citecheck.model import Document
from citecheck.options import CheckOptions
from citecheck.parse import parse_document
from citecheck.report.json_format import finding_to_dict, markers_to_dict
from citecheck.resolve.urls import Remapper

SHARD_SIZE = 64
"""Sources per shard at most: small enough that results stream back every few seconds."""


class Observer(Protocol):
    """Hears how the audit advances (a progress bar, a log)."""

    def started(self, articles: int, done: int) -> None:
        """The catalogue holds ``articles``; ``done`` sources were done by earlier runs."""

    def found(self, sources: int, articles_read: int) -> None:
        """``sources`` more sources are known, after ``articles_read`` articles."""

    def advanced(self, sources: int) -> None:
        """``sources`` more sources are finished."""


@dataclass
class AuditStats:
    """What one run of an audit did."""

    articles: int = 0
    """Articles in the catalogue."""
    sources: int = 0
    """Sources in the catalogue (done earlier or now)."""
    resumed: int = 0
    """Sources earlier runs had done."""
    checked: int = 0
    """Sources this run finished."""
    unreadable: int = 0
    """Articles that could not be read or parsed."""
    hosts: int = 0
    """Hosts this run routed to workers."""
    workers: int = 1
    """Workers the sources were spread over."""
    seconds: float = 0.0
    """How long the run took."""
    summary: AuditSummary | None = None
    """What the whole audit found (this run's and earlier runs' results)."""


def audit(
    catalogue: str | Path,
    results: str | Path,
    options: CheckOptions | None = None,
    *,
    engine: Engine | None = None,
    restart: bool = False,
    observer: Observer | None = None,
    skip: tuple[Path, ...] = (),
) -> AuditStats:
    """Audit every article of ``catalogue`` (a directory, or a manifest listing articles),
    appending one JSON line per source to ``results`` as each finishes.

    An audit interrupted in any way resumes from ``results`` when run again (``restart``
    starts over). ``engine`` runs the shards (default: a worker process per CPU, see
    :func:`~citecheck.audit.engines.default_engine`); ``skip``
    names files that are never taken for articles.
    """
    options = options or CheckOptions()
    results = Path(results)
    outputs = (results, state_path(results), *skip)
    target = Catalogue.open(catalogue, skip=outputs)
    started = time.monotonic()
    engine = engine or default_engine()
    stats = AuditStats()
    with Journal(results, target.identity, restart=restart) as journal, engine:
        engine.open(options)
        stats.resumed, stats.workers = journal.resumed, engine.workers
        _Driver(target, journal, engine, options, stats, observer).run()
        journal.commit()
        stats.seconds = time.monotonic() - started
        stats.summary = summarise(
            journal.lines(),
            journal.articles(),
            catalogue=str(catalogue),
            results=str(results),
            run_findings=journal.run_findings(),
        )
    return stats


class _Driver:
    def __init__(
        self,
        catalogue: Catalogue,
        journal: Journal,
        engine: Engine,
        options: CheckOptions,
        stats: AuditStats,
        observer: Observer | None,
    ) -> None:
        self._catalogue = catalogue
        self._journal = journal
        self._engine = engine
        self._options = options
        self._stats = stats
        self._observer = observer
        self._router = HostRouter(engine.workers)
        self._remapper = Remapper(options.remaps, options.ignore)
        self._batch: list[Item] = []
        self._in_flight = 0
        self._shards_out = 0
        self._findings_seen: set[str] = set()
        # Enough sources out to keep every worker's shard slots busy, and the next ones queued.
        self._batch_size = SHARD_SIZE * SHARDS_PER_WORKER * engine.workers
        self._max_in_flight = 2 * self._batch_size

    def run(self) -> None:
        self._stats.articles = self._catalogue.count()  # also finds a bad manifest before work
        if self._observer:
            self._observer.started(self._stats.articles, self._stats.resumed)
        for read, article in enumerate(self._catalogue.articles(), start=1):
            found = self._article(article)
            self._stats.sources += found
            if self._observer:
                self._observer.found(found, read)
            if len(self._batch) >= self._batch_size:
                self._dispatch()
        self._dispatch()
        while self._shards_out:
            self._collect()
        self._stats.hosts = self._router.hosts

    def _article(self, article: Article) -> int:
        """Queue the sources of ``article`` not done yet; how many sources it has."""
        journal = self._journal
        if journal.seen_in_this_run(article.key):
            return 0  # a manifest listing it twice
        known = journal.article(article.key)
        if known is not None and journal.is_complete(article.key):
            journal.record_article(known)  # marks it seen by this run
            return known.sources or 0
        try:
            document = parse_document(read_path(article.path))
        except CitecheckError as error:
            return self._unreadable(article, str(error))
        except Exception as error:  # one pathological article must not stop a catalogue
            why = f"cannot be parsed ({type(error).__name__}: {error})"
            return self._unreadable(article, why)
        record = ArticleRecord(article.key, len(document.sources), None, _doc(document))
        journal.record_article(record)
        # Lines a killed run wrote are done even when its record of the article was lost.
        done = journal.done_indexes(article.key)
        for index, source in enumerate(document.sources):
            if index not in done:
                self._batch.append(Item(article.key, index, source))
        return len(document.sources)

    def _unreadable(self, article: Article, why: str) -> int:
        self._stats.unreadable += 1
        self._journal.record_article(ArticleRecord(article.key, None, why))
        return 0

    def _dispatch(self) -> None:
        batch, self._batch = self._batch, []
        for shard in shards(batch, self._router, self._remapper, size=SHARD_SIZE):
            while self._in_flight >= self._max_in_flight:
                self._collect()
            self._engine.submit(shard)
            self._in_flight += len(shard.items)
            self._shards_out += 1

    def _collect(self) -> None:
        result = self._engine.next_done()
        self._shards_out -= result.finished
        self._in_flight -= len(result.lines)
        self._journal.write((line.article, line.index, line.text) for line in result.lines)
        self._stats.checked += len(result.lines)
        self._note(result)
        if self._observer:
            self._observer.advanced(len(result.lines))

    def _note(self, result: ShardResult) -> None:
        new = [f for f in result.run_findings if _finding_key(f) not in self._findings_seen]
        if new:
            self._findings_seen.update(_finding_key(f) for f in new)
            self._journal.note_run_findings(new)


def _finding_key(finding: dict[str, Any]) -> str:
    return json.dumps(finding, sort_keys=True)


def _doc(document: Document) -> dict[str, Any]:
    """The document-level part of an article's JSON report."""
    return {
        "input_format": document.format,
        "markers": markers_to_dict(document.markers),
        "findings": [finding_to_dict(f) for f in document.findings],
    }


def iter_lines(results: str | Path) -> Iterator[dict[str, Any]]:
    """Every complete line of a results file, as the JSON objects they hold."""
    with Path(results).open("rb") as handle:
        for line in handle:
            if line.endswith(b"\n"):
                yield json.loads(line)
