"""Auditing a whole back catalogue: every source of every article, resumable, sharded by host.

>>> from citecheck.audit import audit, summarise_results
>>> stats = audit("articles/", "audit.jsonl", CheckOptions())    # a worker process per CPU
>>> stats = audit("articles/", "audit.jsonl", engine=LocalEngine())   # threads of this process
>>> stats = audit("articles/", "audit.jsonl", engine=DaskEngine("tcp://scheduler:8786"))
>>> print(render_summary(summarise_results("articles/", "audit.jsonl"), "markdown"))

The results file gets one JSON line per source (the JSON report's source object plus
``"input"``, the article's key, and ``"index"``, its place in the article's list) as each
finishes; ``<results>.state`` beside it lets an interrupted audit resume.
"""

from __future__ import annotations

from pathlib import Path

from citecheck.audit.catalogue import Article, Catalogue
from citecheck.audit.engines import (
    DaskEngine,
    Engine,
    EngineError,
    LocalEngine,
    ProcessEngine,
    default_engine,
)
from citecheck.audit.journal import Journal, JournalError
from citecheck.audit.run import AuditStats, Observer, audit, iter_lines
from citecheck.audit.summary import (
    SUMMARY_FORMATS,
    AuditSummary,
    render_summary,
    summarise,
    summary_format_for,
)

__all__ = [
    "SUMMARY_FORMATS",
    "Article",
    "AuditStats",
    "AuditSummary",
    "Catalogue",
    "DaskEngine",
    "Engine",
    "EngineError",
    "Journal",
    "JournalError",
    "LocalEngine",
    "Observer",
    "ProcessEngine",
    "audit",
    "default_engine",
    "iter_lines",
    "render_summary",
    "summarise",
    "summarise_results",
    "summary_format_for",
]


def summarise_results(catalogue: str | Path, results: str | Path) -> AuditSummary:
    """The summary of the audit of ``catalogue`` recorded in ``results``."""
    target = Catalogue.open(catalogue)
    with Journal(Path(results), target.identity) as journal:
        return summarise(
            journal.lines(),
            journal.articles(),
            catalogue=str(catalogue),
            results=str(results),
            run_findings=journal.run_findings(),
        )
