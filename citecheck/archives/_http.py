"""HTTP for archive calls: a thin adapter over the run's HTTP layer (:mod:`citecheck.http`).

Every archive request goes through :meth:`ArchiveHttp.get`, which adds the archive's policy to
the layer's :class:`~citecheck.http.client.HttpClient` (one request, capped and time-bounded
read, one cache writer): the service's pace (a 429 pauses every archive call), lookup answers
kept for a month, and origins that refused a connection not asked again for a while. Its
surface (``ArchiveHttp.get`` and :class:`Reply`) is kept for the archive backends.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import urlsplit

import requests

from citecheck.archives.errors import (
    ArchiveError,
    ArchiveUnavailableError,
    RateLimitedError,
    clock,
)
from citecheck.archives.limiter import RateLimiter
from citecheck.http.cache import BYPASS, CachePolicy
from citecheck.http.client import FetchError, HttpClient
from citecheck.http.client import Response as Reply
from citecheck.http.transport import guard_of

LOOKUP_CACHE_SECONDS = 30 * 86_400
"""How long a CDX or availability answer stays fresh in the HTTP cache."""
_LOOKUP_CACHE = CachePolicy(
    ttl=LOOKUP_CACHE_SECONDS, statuses=frozenset({200}), keep_truncated=False, skip_read=True
)
_TOTAL_TIME_FACTOR = 3.0
"""A whole response may take this many times the per-read timeout (slow-drip guard)."""
_UNREACHABLE_KINDS = frozenset({"refused", "dns", "reset", "tls", "blocked"})
"""Failures to connect that make an origin unreachable for a while (not slow answers)."""

UNREACHABLE_SECONDS = 60.0
"""How long an archive origin that refused a connection is not asked again."""


class ArchiveHttp:
    """The one way archive code talks to an archive."""

    def __init__(
        self,
        *,
        session: requests.Session,
        timeout: float,
        user_agent: str,
        limiters: Mapping[str, RateLimiter],
        max_wait: float,
        label: str | None = None,
    ) -> None:
        """``label`` names the service in rate-limit messages (``archive`` when ``None``)."""
        self._client = HttpClient(session, user_agent=user_agent, timeout=timeout)
        self._timeout = timeout
        self._limiters = dict(limiters)
        self._max_wait = max_wait
        self._label = label
        # Origins that refused a connection: asking again within the run only waits on the
        # limiter for the same answer, so later lookups fail at once instead.
        self._unreachable: dict[str, float] = {}
        self._unreachable_lock = threading.Lock()

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        limiter: str = "lookups",
        lookup_cache: bool = False,
        max_body: int = 1_000_000,
        timeout: float | None = None,
    ) -> Reply:
        """GET ``url`` without following redirects.

        ``lookup_cache`` asks the session's HTTP cache to keep the answer for
        :data:`LOOKUP_CACHE_SECONDS` and lets a cached answer skip the limiter; other calls
        bypass that cache (a capture body could be larger than the cap). Raises
        :class:`RateLimitedError` on a 429 (after pausing every archive limiter) and
        :class:`ArchiveUnavailableError` when the service cannot be reached or read in time.
        """
        if lookup_cache and self._client.cached:
            hit = self._client.stored(
                url, params=params, ttl=LOOKUP_CACHE_SECONDS, max_body=max_body
            )
            if hit is not None and hit.status == 200:
                return hit
        self._trust(url)
        self._refuse_if_unreachable(url)
        # Another thread may find the service down while this one waits for its turn.
        try:
            self._limiters[limiter].acquire(
                self._max_wait, abandon=lambda: self._is_unreachable(url)
            )
        except RateLimitedError as error:
            raise self._rate_limited(error.retry_at) from None
        self._refuse_if_unreachable(url)
        seconds = timeout or self._timeout
        try:
            reply = self._client.send(
                "GET",
                url,
                params=params,
                timeout=seconds,
                max_body=max_body,
                read_budget=max(seconds * _TOTAL_TIME_FACTOR, 1.0),
                cache_policy=_LOOKUP_CACHE if lookup_cache else BYPASS,
            )
        except FetchError as error:
            raise self._unavailable(url, seconds, error) from error
        if reply.status == 429:
            raise self._rate_limited(self._pause_all(reply.retry_after))
        if reply.timed_out:
            raise ArchiveUnavailableError(
                f"unavailable: body not read within {seconds * _TOTAL_TIME_FACTOR:.0f} s"
            )
        self._limiters[limiter].note_success()
        return reply

    def forget(self, url: str, params: Mapping[str, str] | None = None) -> None:
        """Drop a stored lookup answer: one that found nothing may change once a capture exists."""
        self._client.forget(url, params)

    def _trust(self, url: str) -> None:
        """The archive is the operator's choice (``--wayback-url``), never a document's: a run
        session's address guard lets it through even on a private address."""
        guard = guard_of(self._client.session.get_adapter(url))
        if guard is not None:
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
            guard.trust(parts.hostname or "", port)

    def _unavailable(self, url: str, seconds: float, error: FetchError) -> ArchiveUnavailableError:
        if error.during_body:
            return ArchiveUnavailableError(f"unavailable: the answer broke off ({error.detail})")
        if error.kind == "timeout":
            return ArchiveUnavailableError(f"unavailable: no answer within {seconds:g} s")
        if error.kind in _UNREACHABLE_KINDS:
            with self._unreachable_lock:
                self._unreachable[_origin(url)] = time.monotonic() + UNREACHABLE_SECONDS
            return ArchiveUnavailableError(f"unavailable: cannot connect to {_origin(url)}")
        return ArchiveUnavailableError(f"unavailable: {error.detail}")

    def _is_unreachable(self, url: str) -> bool:
        with self._unreachable_lock:
            until = self._unreachable.get(_origin(url))
        return until is not None and time.monotonic() < until

    def _refuse_if_unreachable(self, url: str) -> None:
        if self._is_unreachable(url):
            origin = _origin(url)
            raise ArchiveUnavailableError(
                f"unavailable: cannot connect to {origin} (it refused earlier in this run)"
            )

    def _rate_limited(self, retry_at: datetime) -> RateLimitedError:
        if self._label is None:
            return RateLimitedError(retry_at)
        return RateLimitedError(
            retry_at, f"rate-limited: {self._label} calls paused until {clock(retry_at)}"
        )

    def _pause_all(self, retry_after: float | None) -> datetime:
        """A 429 from any endpoint of this service stops every call to it (its firewall counts
        by IP), for at least the ``Retry-After`` it sent."""
        return max(limiter.pause_after_429(retry_after) for limiter in self._limiters.values())


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


__all__ = ["LOOKUP_CACHE_SECONDS", "ArchiveError", "ArchiveHttp", "Reply"]
