"""What a worker does with a shard: run it through the pipeline and hand back result lines.

Each worker keeps one :class:`~citecheck.pipeline.Checker` per audit (its own HTTP pool,
per-host limits and memory of Retry-After pauses), made on its first shard and released when
the audit ends. The lines are the JSON report's source objects plus the article key, already
serialised, so what travels back from a remote worker is small and final.
"""

from __future__ import annotations

import json
import pickle
import sys
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from citecheck.audit.shards import Item, Shard
from citecheck.model import SourceReport
from citecheck.options import CheckOptions
from citecheck.pipeline import Checker, link_candidates
from citecheck.report.json_format import finding_to_dict, source_report_to_dict


@dataclass(frozen=True)
class Line:
    """One finished source, as the results file holds it."""

    article: str
    """The article's key."""
    index: int
    """The source's position in the article's list."""
    text: str
    """The JSON object, on one line, without the newline."""


@dataclass(frozen=True)
class ShardResult:
    """Finished sources of a shard: all of them, or (from a local engine) the next few."""

    lines: tuple[Line, ...]
    """One per finished source."""
    finished: bool = True
    """Whether the shard is done (its last lines are these)."""
    run_findings: tuple[dict[str, Any], ...] = ()
    """Findings about the worker's run so far (``network-offline``, ``cache-unavailable``)."""


SHARDS_PER_WORKER = 4
"""Shards a worker (a thread engine, a worker process, a Dask worker) runs at once: they
share its limits, and several keep its slots busy while one waits on its slowest host."""

_checkers: dict[tuple[str, str], Checker] = {}
_lock = threading.Lock()


def line_for(item: Item, report: SourceReport) -> Line:
    """The results line of ``item``: ``{"input", "index", ...the JSON report's source}``."""
    entry = {"input": item.article, "index": item.index, **source_report_to_dict(report)}
    text = json.dumps(entry, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return Line(item.article, item.index, text)


def check_shard(
    shard: Shard,
    options: CheckOptions,
    audit_id: str,
    worker: str,
    on_line: Callable[[Line], None] | None = None,
) -> ShardResult:
    """Check ``shard`` with ``worker``'s checker for audit ``audit_id``. Each line goes to
    ``on_line`` as soon as its source is done when given, else into the result."""
    checker = _checker(audit_id, worker, options)
    items = {(item.article, item.index): item for item in shard.items}
    lines: list[Line] = []
    for key, report in checker.check_sources((key, item.source) for key, item in items.items()):
        line = line_for(items[key], report)
        if on_line is not None:
            on_line(line)
        else:
            lines.append(line)
    findings: tuple[dict[str, Any], ...] = ()
    if not options.offline:
        checker.links.forget(url for item in shard.items for url in link_candidates(item.source))
        findings = tuple(finding_to_dict(f) for f in checker.links.run_findings())
    return ShardResult(tuple(lines), True, findings)


def pack(shard: Shard) -> bytes:
    """``shard`` as compressed bytes, for a task's argument.

    A Dask scheduler (distributed 2026.8) keeps what it deserialised of past tasks' arguments
    while the cluster stays busy: 130 kB a shard of Source objects, so the driver of a long
    audit grew by 3 MB every 1,000 sources. Bytes it keeps as they are, at a fifth of the size,
    and there is less to send to a remote cluster.
    """
    return zlib.compress(pickle.dumps(shard, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(packed: bytes) -> Shard:
    """The shard :func:`pack` made ``packed`` from."""
    shard = pickle.loads(zlib.decompress(packed))  # our own bytes, from this audit's driver
    if not isinstance(shard, Shard):
        raise TypeError(f"not a shard: {type(shard).__name__}")
    return shard


def check_packed_shard_on_dask(packed: bytes, options: CheckOptions, audit_id: str) -> ShardResult:
    """:func:`check_shard` of a :func:`pack`-ed shard on the Dask worker running this task."""
    from distributed import get_worker

    worker = get_worker()
    if sys.version_info < (3, 12):
        _stop_sampling_profiler(worker)
    return check_shard(unpack(packed), options, audit_id, worker.address)


def _stop_sampling_profiler(worker: Any) -> None:
    """Stop a Dask worker's sampling profiler (on a cluster we did not start): on Python 3.11
    its ``sys._current_frames()`` can deadlock the interpreter while a shard's threads start
    and end (CPython issue 106883); a stalled worker holds up every host pinned to it."""
    for name in ("profile", "profile-cycle"):
        callback = worker.periodic_callbacks.get(name)
        if callback is not None and callback.is_running():
            worker.loop.add_callback(callback.stop)  # thread-safe: stopped on its own loop


def release(audit_id: str) -> int:
    """Close the checkers this process keeps for ``audit_id``; how many there were."""
    with _lock:
        mine = [key for key in _checkers if key[0] == audit_id]
        checkers = [_checkers.pop(key) for key in mine]
    for checker in checkers:
        checker.close()
    return len(checkers)


def _checker(audit_id: str, worker: str, options: CheckOptions) -> Checker:
    with _lock:
        checker = _checkers.get((audit_id, worker))
        if checker is None:
            checker = _checkers[(audit_id, worker)] = Checker(options)
        return checker
