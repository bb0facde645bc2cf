"""The link checker's requests: the run's HTTP layer, plus its limits and retries.

Everything on the wire is :mod:`citecheck.http`'s; what is the checker's own is policy: which
requests are retried (timeouts, resets, 429 and 503, honouring Retry-After up to a cap), how long
to back off, and the per-host headers from the configuration.
"""

from __future__ import annotations

import random

from citecheck.http.cache import CACHEABLE_STATUSES, CachePolicy
from citecheck.http.client import (
    RETRY_STATUSES,
    FetchError,
    FetchFailure,
    HttpClient,
    retry_after_seconds,
)
from citecheck.http.client import Response as Reply
from citecheck.http.limits import LimiterRegistry, host_settings
from citecheck.options import CheckOptions

_DRAIN = 65_536
"""Bytes read from a response whose body is not wanted, so its connection can be reused."""
_READ_BUDGET_FACTOR = 4.0
"""A whole body may take this many times the per-read timeout (slow-drip guard)."""
_RETRIED = frozenset({FetchFailure.TIMEOUT, FetchFailure.RESET})
"""Failures worth another attempt: the next one may well get through."""

__all__ = [
    "CACHEABLE_STATUSES",
    "FetchError",
    "Fetcher",
    "Reply",
    "retry_after_seconds",
]


class Fetcher:
    """Sends single requests (no redirects followed) within the limits, retrying what is
    transient: timeouts, resets, 429 and 503 (honouring Retry-After up to a cap)."""

    def __init__(
        self,
        client: HttpClient,
        options: CheckOptions,
        limits: LimiterRegistry,
        *,
        backoff: float,
    ) -> None:
        self._client = client
        self._options = options
        self._limits = limits
        self._backoff = backoff
        self._cache = CachePolicy(ttl=options.cache_ttl)

    def fetch(self, method: str, url: str, host: str) -> Reply:
        """One response for ``method url``; raises :class:`FetchError` when none came."""
        attempt = 0
        while True:
            try:
                with self._limits.slot(host):
                    reply = self._send(method, url, host)
            except FetchError as error:
                if error.kind not in _RETRIED or attempt >= self._options.retries:
                    raise
                self._limits.pause(host, self._backoff_delay(attempt))
                attempt += 1
                continue
            if reply.status not in RETRY_STATUSES or attempt >= self._options.retries:
                return reply
            wait = reply.retry_after
            if wait is not None and wait > self._options.max_retry_after:
                return reply
            self._limits.pause(host, wait if wait is not None else self._backoff_delay(attempt))
            attempt += 1

    def _backoff_delay(self, attempt: int) -> float:
        # Full jitter keeps many clients retrying at once from stampeding together.
        jitter: float = random.uniform(0.5, 1.5)
        return self._backoff * (2.0**attempt) * jitter

    def _send(self, method: str, url: str, host: str) -> Reply:
        return self._client.send(
            method,
            url,
            max_body=self._options.max_body,
            max_error_body=_DRAIN,
            read_budget=self._options.timeout * _READ_BUDGET_FACTOR,
            headers=self._host_headers(host),
            cache_policy=self._cache,
        )

    def _host_headers(self, host: str) -> dict[str, str]:
        settings = host_settings(self._options.hosts, host)
        if settings is None:
            return {}
        headers = dict(settings.headers)
        if settings.user_agent:
            headers["User-Agent"] = settings.user_agent
        return headers
