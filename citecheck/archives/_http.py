"""HTTP for archive calls: one session, paced, timed out, size-capped, and 429-aware.

Every archive request goes through :class:`ArchiveHttp.get`, so the limiter sees each call,
a 429 pauses every archive call, and no body is read past its cap or its time budget.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
import urllib3
from requests.structures import CaseInsensitiveDict
from requests_cache import DO_NOT_CACHE, CachedSession

from citecheck.archives.errors import (
    ArchiveError,
    ArchiveUnavailableError,
    RateLimitedError,
)
from citecheck.archives.limiter import RateLimiter

LOOKUP_CACHE_SECONDS = 30 * 86_400
"""How long a CDX or availability answer stays fresh in a requests-cache session."""
_CHUNK = 16_384
_STREAM_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError, OSError)
_TOTAL_TIME_FACTOR = 3.0
"""A whole response may take this many times the per-read timeout (slow-drip guard)."""


@dataclass(frozen=True)
class Reply:
    """One archive response, its body already read (and capped)."""

    url: str
    """The URL that answered."""
    status: int
    """Its HTTP status."""
    headers: CaseInsensitiveDict[str]
    """Its headers."""
    body: bytes
    """The body, decompressed, at most the cap."""
    truncated: bool
    """Whether the cap cut the body short."""
    from_cache: bool = False
    """Whether a requests-cache session answered without the network."""

    @property
    def text(self) -> str:
        """The body as text (UTF-8, undecodable bytes replaced)."""
        return self.body.decode("utf-8", errors="replace")


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
    ) -> None:
        self._session = session
        self._timeout = timeout
        self._user_agent = user_agent
        self._limiters = dict(limiters)
        self._max_wait = max_wait
        self._cached = isinstance(session, CachedSession)
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

        ``lookup_cache`` asks a requests-cache session to keep the answer for
        :data:`LOOKUP_CACHE_SECONDS` and lets a cached answer skip the limiter; other calls
        bypass that cache (a capture body could be larger than the cap). Raises
        :class:`RateLimitedError` on a 429 (after pausing every archive limiter) and
        :class:`ArchiveUnavailableError` when the service cannot be reached or read in time.
        """
        if lookup_cache and self._cached:
            hit = self._from_cache(url, params, max_body)
            if hit is not None:
                return hit
        self._refuse_if_unreachable(url)
        # Another thread may find the service down while this one waits for its turn.
        self._limiters[limiter].acquire(self._max_wait, abandon=lambda: self._is_unreachable(url))
        self._refuse_if_unreachable(url)
        try:
            response = self._send(url, params, lookup_cache, timeout)
        except ArchiveUnavailableError as error:
            if isinstance(error.__cause__, requests.ConnectionError):
                with self._unreachable_lock:
                    self._unreachable[_origin(url)] = time.monotonic() + UNREACHABLE_SECONDS
            raise
        try:
            if response.status_code == 429:
                raise RateLimitedError(self._pause_all())
            body, truncated = self._read(response, max_body, timeout or self._timeout)
            if lookup_cache and self._cached and response.status_code == 200 and not truncated:
                self._store(response, body)
        finally:
            response.close()
        self._limiters[limiter].note_success()
        return Reply(
            url=response.url or url,
            status=response.status_code,
            headers=response.headers,
            body=body,
            truncated=truncated,
        )

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

    def forget(self, url: str, params: Mapping[str, str] | None = None) -> None:
        """Drop a stored lookup answer: one that found nothing may change once a capture exists."""
        if not self._cached:
            return
        address = requests.Request("GET", url, params=params).prepare().url or url
        with contextlib.suppress(Exception):  # the cache is an optimisation, never a failure
            self._session.cache.delete(urls=[address])  # type: ignore[attr-defined]

    def _store(self, response: requests.Response, body: bytes) -> None:
        """Keep a lookup answer. The run's session leaves writes to its callers (the link
        checker stores capped bodies itself), so requests-cache would not keep it alone."""
        with contextlib.suppress(Exception):  # the cache is an optimisation, never a failure
            response.raw.close()
            response._content = body
            response._content_consumed = True  # type: ignore[attr-defined]
            cache: Any = self._session.cache  # type: ignore[attr-defined]
            expires = datetime.now(UTC).replace(tzinfo=None) + timedelta(
                seconds=LOOKUP_CACHE_SECONDS
            )
            cache.save_response(response, cache.create_key(response.request), expires)

    def _cache_args(self, lookup_cache: bool) -> dict[str, Any]:
        if not self._cached:
            return {}
        return {"expire_after": LOOKUP_CACHE_SECONDS if lookup_cache else DO_NOT_CACHE}

    def _from_cache(
        self, url: str, params: Mapping[str, str] | None, max_body: int
    ) -> Reply | None:
        try:
            cached_session: Any = self._session  # requests-cache adds keywords to get()
            response = cached_session.get(
                url,
                params=params,
                headers={"User-Agent": self._user_agent},
                allow_redirects=False,
                only_if_cached=True,
                expire_after=LOOKUP_CACHE_SECONDS,
            )
        except (requests.RequestException, OSError, ValueError):
            return None
        if not getattr(response, "from_cache", False) or response.status_code != 200:
            return None
        body = response.content[:max_body]
        return Reply(
            url=response.url or url,
            status=response.status_code,
            headers=response.headers,
            body=body,
            truncated=len(response.content) > max_body,
            from_cache=True,
        )

    def _send(
        self,
        url: str,
        params: Mapping[str, str] | None,
        lookup_cache: bool,
        timeout: float | None,
    ) -> requests.Response:
        seconds = timeout or self._timeout
        try:
            return self._session.get(
                url,
                params=params,
                headers={"User-Agent": self._user_agent},
                timeout=(seconds, seconds),
                stream=True,
                allow_redirects=False,
                **self._cache_args(lookup_cache),
            )
        except requests.Timeout as error:
            raise ArchiveUnavailableError(f"unavailable: no answer within {seconds:g} s") from error
        except requests.ConnectionError as error:
            raise ArchiveUnavailableError(
                f"unavailable: cannot connect to {_origin(url)}"
            ) from error
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
            raise ArchiveUnavailableError(f"unavailable: {type(error).__name__}") from error

    def _pause_all(self) -> datetime:
        """A 429 from any archive endpoint stops every archive call (the firewall counts by IP)."""
        return max(limiter.pause_after_429() for limiter in self._limiters.values())

    @staticmethod
    def _read(response: requests.Response, cap: int, timeout: float) -> tuple[bytes, bool]:
        """Read at most ``cap`` decompressed bytes, within a total time budget."""
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            _abort(response)

        timer = threading.Timer(max(timeout * _TOTAL_TIME_FACTOR, 1.0), expire)
        timer.daemon = True
        timer.start()
        chunks: list[bytes] = []
        size = 0
        started = time.monotonic()
        try:
            for chunk in response.iter_content(_CHUNK):
                chunks.append(chunk)
                size += len(chunk)
                if size > cap:
                    return b"".join(chunks)[:cap], True
        except Exception as error:  # a closed or broken stream raises many different types
            if expired.is_set():
                spent = time.monotonic() - started
                raise ArchiveUnavailableError(
                    f"unavailable: body not read within {spent:.0f} s"
                ) from error
            if isinstance(error, _STREAM_ERRORS):
                raise ArchiveUnavailableError(
                    f"unavailable: the answer broke off ({type(error).__name__})"
                ) from error
            raise
        finally:
            timer.cancel()
        if expired.is_set():
            raise ArchiveUnavailableError("unavailable: body not read in time")
        return b"".join(chunks), False


def _abort(response: requests.Response) -> None:
    """Break off a transfer from another thread: closing alone does not wake a blocked read."""
    for sock in _sockets(response):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    response.close()


def _sockets(response: requests.Response) -> list[socket.socket]:
    """The socket under a streamed response: on the connection, or (once http.client handed
    it over, as it does when the server will close) inside the response's file object."""
    raw = response.raw
    socket_file = getattr(getattr(getattr(raw, "_fp", None), "fp", None), "raw", None)
    candidates = [
        getattr(getattr(raw, "connection", None), "sock", None),
        getattr(socket_file, "_sock", None),
    ]
    return [c for c in candidates if isinstance(c, socket.socket)]


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


__all__ = ["LOOKUP_CACHE_SECONDS", "ArchiveError", "ArchiveHttp", "Reply"]
