"""Cutting a catalogue's sources into shards by host, so one host's URLs go to one worker.

A worker keeps its own HTTP pool and limits; when every URL of a host is checked by the same
worker, that worker's per-host limit and ``Retry-After`` pauses hold for the whole audit, with
no lock shared between workers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from citecheck.model import Source
from citecheck.pipeline import link_candidates
from citecheck.resolve.urls import Remapper


@dataclass(frozen=True)
class Item:
    """One source to check, named the way the results file names it."""

    article: str
    """The article's key in the catalogue."""
    index: int
    """The source's position in the article's source list (0-based)."""
    source: Source
    """The parsed source."""


@dataclass(frozen=True)
class Shard:
    """Sources of a few hosts, all for one worker."""

    worker: int
    """Which worker checks them (an index into the engine's workers)."""
    items: tuple[Item, ...]
    """The sources."""


def host_of(source: Source, remapper: Remapper) -> str:
    """The host the live check contacts first for ``source`` (after ``--remap``); ``""`` when
    it has no URL to check."""
    candidates = link_candidates(source)
    if not candidates:
        return ""
    try:
        return (urlsplit(remapper.remap(candidates[0].strip())).hostname or "").lower()
    except ValueError:
        return ""


class HostRouter:
    """Gives every host one worker for the whole audit: a new host goes to the worker with
    the fewest sources so far, so work spreads evenly while no host is ever split."""

    def __init__(self, workers: int) -> None:
        self._load = [0] * max(1, workers)
        self._hosts: dict[str, int] = {}

    def worker_for(self, host: str) -> int:
        """The worker that checks ``host``'s URLs (the same one every time)."""
        worker = self._hosts.get(host)
        if worker is None:
            worker = min(range(len(self._load)), key=self._load.__getitem__)
            self._hosts[host] = worker
        self._load[worker] += 1
        return worker

    @property
    def hosts(self) -> int:
        """How many hosts have been routed."""
        return len(self._hosts)


def shards(
    items: Sequence[Item], router: HostRouter, remapper: Remapper, *, size: int
) -> Iterator[Shard]:
    """``items`` as shards of at most ``size`` sources for one worker each; all of a host's
    sources go to the same worker (over several shards when it has many)."""
    by_worker: dict[int, dict[str, list[Item]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        host = host_of(item.source, remapper)
        by_worker[router.worker_for(host)][host].append(item)
    for worker, hosts in by_worker.items():
        yield from _cut(worker, hosts.values(), size)


def _cut(worker: int, hosts: Iterable[list[Item]], size: int) -> Iterator[Shard]:
    # Hosts interleaved, so that a shard keeps many hosts' slots busy, not one host's.
    queues = [iter(host_items) for host_items in hosts]
    batch: list[Item] = []
    while queues:
        for queue in list(queues):
            item = next(queue, None)
            if item is None:
                queues.remove(queue)
                continue
            batch.append(item)
            if len(batch) >= size:
                yield Shard(worker, tuple(batch))
                batch = []
    if batch:
        yield Shard(worker, tuple(batch))
