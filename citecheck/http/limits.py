"""Every limiter in one registry: request slots keyed by host, paces keyed by service.

Link checks hold a slot per request: at most ``concurrency`` in flight overall and the host's
limit per host, and a host that answered 429/503 gets a pause (its ``Retry-After``). Archive
services each register a pace under their name (``"wayback"``, ``"wayback-save"`` ...); paces are
shared by the whole process, because a service counts calls by IP, not by run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Protocol, TypeVar

from citecheck.options import HostSettings


class Pace(Protocol):
    """A service's pace (see :class:`citecheck.archives.limiter.RateLimiter`)."""

    def acquire(
        self, max_wait: float | None = None, *, abandon: Callable[[], bool] | None = None
    ) -> None:
        """Block until one call may be made."""

    def pause_after_429(self, retry_after: float | None = None) -> datetime:
        """Stop calls after a 429 (for at least ``retry_after`` seconds when the service said);
        returns when they may resume."""

    def note_success(self) -> None:
        """A call got through."""


P = TypeVar("P", bound=Pace)


def host_settings(hosts: Mapping[str, HostSettings], host: str) -> HostSettings | None:
    """Settings for ``host``: an exact key, else the nearest parent domain's (``example.com``
    covers ``www.example.com``)."""
    labels = host.lower().rstrip(".").split(".")
    for start in range(len(labels)):
        settings = hosts.get(".".join(labels[start:]))
        if settings is not None:
            return settings
    return None


class ServicePaces:
    """Paces by service name, created on first use; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paces: dict[str, Pace] = {}

    def get(self, service: str, create: Callable[[], P], kind: type[P]) -> P:
        """The pace registered as ``service``, made by ``create`` the first time."""
        with self._lock:
            pace = self._paces.get(service)
            if not isinstance(pace, kind):
                pace = self._paces[service] = create()
            return pace


SERVICE_PACES = ServicePaces()
"""The process's paces: two paces for one service would double what it sees."""


class LimiterRegistry:
    """A run's request slots by host, and the process's paces by service."""

    def __init__(
        self,
        concurrency: int,
        per_host: int,
        hosts: Mapping[str, HostSettings],
        *,
        services: ServicePaces = SERVICE_PACES,
    ) -> None:
        self._global = threading.BoundedSemaphore(max(1, concurrency))
        self._per_host = max(1, per_host)
        self._hosts = hosts
        self._services = services
        self._lock = threading.Lock()
        self._host_slots: dict[str, threading.BoundedSemaphore] = {}
        self._paused_until: dict[str, float] = {}

    # -- by host ---------------------------------------------------------------------------

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

    # -- by service ------------------------------------------------------------------------

    def service(self, name: str, create: Callable[[], P], kind: type[P]) -> P:
        """The pace of service ``name`` (shared by the process), made by ``create`` once."""
        return self._services.get(name, create, kind)
