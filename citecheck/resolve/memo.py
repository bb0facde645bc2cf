"""A thread-safe memo: the first caller computes, concurrent callers wait for its answer."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Remembers one value (or exception) per key for the lifetime of a run."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._futures: dict[K, Future[V]] = {}

    def get(self, key: K, compute: Callable[[], V]) -> V:
        """The value for ``key``, computing it once; an exception is remembered and re-raised."""
        with self._lock:
            future = self._futures.get(key)
            owner = future is None
            if future is None:
                future = Future()
                self._futures[key] = future
        if owner:
            try:
                future.set_result(compute())
            except BaseException as exc:
                future.set_exception(exc)
                raise
        return future.result()

    def known(self, key: K) -> V | None:
        """The value for ``key`` if anyone has started computing it (waiting for it to finish),
        else ``None``; a remembered exception also gives ``None``."""
        with self._lock:
            future = self._futures.get(key)
        if future is None or future.exception() is not None:
            return None
        return future.result()

    def discard(self, key: K) -> None:
        """Forget ``key``'s value (a caller still waiting for it gets it all the same)."""
        with self._lock:
            self._futures.pop(key, None)

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._futures.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._futures)
