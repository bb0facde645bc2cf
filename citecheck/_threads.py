"""A thread pool made on first use and kept for a run.

Batch work calls the stages many times (a catalogue audit checks one shard of sources after
another, several at once); a pool per call started and joined dozens of threads each time, and
``ThreadPoolExecutor.submit`` takes one process-wide lock while it starts a thread, so the
shards spent their time queuing on thread start-up instead of on the network.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class LazyPool:
    """At most ``workers`` threads, started when work first arrives and shared by every caller
    until :meth:`close`. Work submitted to it must not wait on other work of the same pool."""

    def __init__(self, workers: int, name: str) -> None:
        self._workers = max(1, workers)
        self._name = name
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def submit(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Run ``function(*args, **kwargs)`` on one of the pool's threads."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix=self._name)
            pool = self._pool
        return pool.submit(function, *args, **kwargs)

    def close(self) -> None:
        """Cancel what has not started and let the threads end (a later submit starts anew)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
