"""Concurrency limits: one global slot pool, one per host, and per-host pauses after a 429."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from citecheck.options import HostSettings


def host_settings(hosts: Mapping[str, HostSettings], host: str) -> HostSettings | None:
    """Settings for ``host``: an exact key, else the nearest parent domain's (``example.com``
    covers ``www.example.com``)."""
    labels = host.lower().rstrip(".").split(".")
    for start in range(len(labels)):
        settings = hosts.get(".".join(labels[start:]))
        if settings is not None:
            return settings
    return None


class Limits:
    """Hands out request slots: at most ``concurrency`` overall and ``per_host`` per host."""

    def __init__(self, concurrency: int, per_host: int, hosts: Mapping[str, HostSettings]) -> None:
        self._global = threading.BoundedSemaphore(max(1, concurrency))
        self._per_host = max(1, per_host)
        self._hosts = hosts
        self._lock = threading.Lock()
        self._host_slots: dict[str, threading.BoundedSemaphore] = {}
        self._paused_until: dict[str, float] = {}

    def host_limit(self, host: str) -> int:
        """Requests allowed in flight to ``host`` at once."""
        settings = host_settings(self._hosts, host)
        if settings is not None and settings.concurrency:
            return max(1, settings.concurrency)
        return self._per_host

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one request slot for ``host`` (host first, so waiting never hogs a global slot)."""
        host = host.lower()
        with self._host_semaphore(host):
            self._wait_for_pause(host)
            with self._global:
                yield

    def pause(self, host: str, seconds: float) -> None:
        """Send nothing more to ``host`` for ``seconds`` (a Retry-After or backoff)."""
        until = time.monotonic() + max(0.0, seconds)
        with self._lock:
            key = host.lower()
            self._paused_until[key] = max(self._paused_until.get(key, 0.0), until)

    def _wait_for_pause(self, host: str) -> None:
        while True:
            with self._lock:
                remaining = self._paused_until.get(host, 0.0) - time.monotonic()
            if remaining <= 0:
                return
            time.sleep(remaining)

    def _host_semaphore(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            semaphore = self._host_slots.get(host)
            if semaphore is None:
                semaphore = threading.BoundedSemaphore(self.host_limit(host))
                self._host_slots[host] = semaphore
            return semaphore
