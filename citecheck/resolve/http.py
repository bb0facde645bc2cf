"""The run's HTTP client: one pooled (optionally cached) session, retries, capped body reads."""

from __future__ import annotations

import email.utils
import http.client
import os
import random
import socket
import ssl
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

import platformdirs
import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests_cache import CachedSession

from citecheck.options import CheckOptions
from citecheck.resolve.limits import Limits, host_settings
from citecheck.resolve.signals import PageText, page_text

CACHEABLE_STATUSES = (200, 203, 204, 300, 301, 302, 303, 307, 308, 404, 405, 410, 501)
"""Definitive answers worth keeping; 429, 5xx, 403 challenges and failures never are."""
RETRY_STATUSES = frozenset({429, 503})
_CHUNK = 65_536
_DRAIN = 65_536
"""Bytes read from a response whose body is not wanted, so its connection can be reused."""
_TRUNCATED_HEADER = "X-Citecheck-Truncated"
_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


class FetchError(Exception):
    """A request that produced no HTTP response (after retries, where retrying applies)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        """``timeout``, ``reset``, ``refused``, ``tls``, ``dns`` or ``error``."""
        self.detail = detail
        """What happened, in words."""


@dataclass(frozen=True)
class Reply:
    """One HTTP response, body already read (capped) and the connection released."""

    url: str
    """The requested URL."""
    method: str
    """``GET`` or ``HEAD``."""
    status: int
    """The HTTP status."""
    headers: Mapping[str, str]
    """Response headers."""
    body: bytes | None
    """The decompressed body, capped; ``None`` for HEAD."""
    truncated: bool
    """Whether the cap cut the body short."""
    from_cache: bool
    """Served by the persistent cache."""
    retry_after: float | None = None
    """Seconds the server asked to wait, when it asked (429/503)."""

    @cached_property
    def text(self) -> PageText | None:
        """Title and visible text of the body, worked out once."""
        return page_text(self.body, self.headers) if self.body else None


def cache_path(options: CheckOptions) -> Path:
    """The SQLite cache file for a run with ``options``."""
    folder = options.cache_dir or Path(platformdirs.user_cache_dir("citecheck"))
    return folder / "http-cache.sqlite"


def build_session(options: CheckOptions, user_agent: str) -> requests.Session:
    """The run's session: cached in SQLite when ``options.use_cache``, pooled to the limits.

    Raises :class:`OSError` when the cache folder cannot be created.
    """
    session: requests.Session
    if options.use_cache:
        path = cache_path(options)
        path.parent.mkdir(parents=True, exist_ok=True)
        session = CachedSession(
            cache_name=str(path),
            backend="sqlite",
            expire_after=options.cache_ttl,
            allowable_codes=CACHEABLE_STATUSES,
            allowable_methods=("GET", "HEAD"),
            # Writes are done by Fetcher after a capped read: requests-cache would read (and
            # decompress) the whole body, so its own writes are disabled for live responses.
            filter_fn=_served_from_cache,
            cache_control=False,
            stale_if_error=False,
            wal=True,
        )
    else:
        session = requests.Session()
    pool_size = max(
        [options.per_host]
        + [s.concurrency for s in options.hosts.values() if s.concurrency is not None]
    )
    adapter = HTTPAdapter(
        pool_connections=max(32, options.concurrency), pool_maxsize=pool_size, max_retries=0
    )
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": user_agent, "Accept": _ACCEPT})
    session.auth = _no_credentials  # a session-level auth stops requests reading ~/.netrc
    _settle_environment(session)
    return session


def _settle_environment(session: requests.Session) -> None:
    """Read the environment once instead of on every request, when that changes nothing.

    requests re-reads proxy variables and ~/.netrc per request (milliseconds each). Without proxy
    variables the only settings left are the CA bundle, read here once; netrc credentials are
    never wanted for link checks anyway.
    """
    if urllib.request.getproxies():
        return  # keep requests' per-URL proxy and no_proxy handling
    session.trust_env = False
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if bundle:
        session.verify = bundle


def _no_credentials(request: requests.PreparedRequest) -> requests.PreparedRequest:
    return request


def _served_from_cache(response: requests.Response) -> bool:
    return bool(getattr(response, "from_cache", False))


class Fetcher:
    """Sends single requests (no redirects followed) within the limits, retrying what is
    transient: timeouts, resets, 429 and 503 (honouring Retry-After up to a cap)."""

    def __init__(
        self,
        session: requests.Session,
        options: CheckOptions,
        limits: Limits,
        *,
        backoff: float,
    ) -> None:
        self._session = session
        self._options = options
        self._limits = limits
        self._backoff = backoff
        self._timeout = (options.timeout, options.timeout)

    def fetch(self, method: str, url: str, host: str) -> Reply:
        """One response for ``method url``; raises :class:`FetchError` when none came."""
        attempt = 0
        while True:
            try:
                with self._limits.slot(host):
                    reply = self._send(method, url, host)
            except FetchError as error:
                if error.kind not in ("timeout", "reset") or attempt >= self._options.retries:
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
        try:
            response = self._session.request(
                method,
                url,
                headers=self._host_headers(host),
                allow_redirects=False,
                stream=True,
                timeout=self._timeout,
            )
        except (requests.RequestException, OSError, urllib3.exceptions.HTTPError) as exc:
            raise _failure(exc) from exc
        try:
            return self._reply(method, url, response)
        except (requests.RequestException, OSError, urllib3.exceptions.HTTPError) as exc:
            raise _failure(exc) from exc
        finally:
            response.close()

    def _host_headers(self, host: str) -> dict[str, str]:
        settings = host_settings(self._options.hosts, host)
        if settings is None:
            return {}
        headers = dict(settings.headers)
        if settings.user_agent:
            headers["User-Agent"] = settings.user_agent
        return headers

    def _reply(self, method: str, url: str, response: requests.Response) -> Reply:
        status = response.status_code
        from_cache = bool(getattr(response, "from_cache", False))
        headers = dict(response.headers)
        body: bytes | None = None
        truncated = False
        if method == "GET":
            cap = self._options.max_body if 200 <= status < 300 else _DRAIN
            body, truncated = _read_capped(response, cap, self._options.timeout * 4)
        if from_cache:
            truncated = headers.pop(_TRUNCATED_HEADER, "") == "1"
        elif status in CACHEABLE_STATUSES and isinstance(self._session, CachedSession):
            self._store(response, body, truncated)
        return Reply(
            url=url,
            method=method,
            status=status,
            headers=headers,
            body=body,
            truncated=truncated,
            from_cache=from_cache,
            retry_after=retry_after_seconds(response.headers.get("Retry-After"))
            if status in RETRY_STATUSES
            else None,
        )

    def _store(self, response: requests.Response, body: bytes | None, truncated: bool) -> None:
        # Close first so requests-cache finds nothing left to read, then hand it the capped body.
        response.raw.close()
        response._content = body or b""
        response._content_consumed = True  # type: ignore[attr-defined]
        if truncated:
            response.headers[_TRUNCATED_HEADER] = "1"
        cache = self._session.cache  # type: ignore[attr-defined]
        expires = datetime.now(UTC).replace(tzinfo=None) + timedelta(
            seconds=self._options.cache_ttl
        )
        cache.save_response(response, cache.create_key(response.request), expires)


def _read_capped(response: requests.Response, cap: int, budget: float) -> tuple[bytes, bool]:
    """Up to ``cap`` decompressed bytes; stops at the cap or after ``budget`` seconds."""
    chunks: list[bytes] = []
    size = 0
    deadline = time.monotonic() + budget
    while size <= cap:
        try:
            chunk = response.raw.read(min(_CHUNK, cap + 1 - size), decode_content=True)
        except urllib3.exceptions.DecodeError:
            return b"".join(chunks)[:cap], True
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)
        size += len(chunk)
        if time.monotonic() > deadline:
            return b"".join(chunks)[:cap], True
    return b"".join(chunks)[:cap], True


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` in seconds from now (it is either seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _failure(exc: BaseException) -> FetchError:
    chain = list(_exception_chain(exc))

    def seen(*types: type[BaseException]) -> bool:
        return any(isinstance(e, types) for e in chain)

    if seen(requests.exceptions.SSLError, ssl.SSLError, urllib3.exceptions.SSLError):
        return FetchError("tls", f"TLS failure: {_root_message(chain)}")
    # Refusals and DNS failures first: urllib3's NewConnectionError subclasses its TimeoutError.
    if seen(ConnectionRefusedError):
        return FetchError("refused", "connection refused")
    if seen(socket.gaierror, urllib3.exceptions.NameResolutionError):
        return FetchError("dns", f"name resolution failed: {_root_message(chain)}")
    if seen(requests.Timeout, urllib3.exceptions.TimeoutError, TimeoutError):
        return FetchError("timeout", "timed out waiting for the server")
    if seen(
        ConnectionResetError,
        ConnectionAbortedError,
        BrokenPipeError,
        http.client.RemoteDisconnected,
        urllib3.exceptions.ProtocolError,
        requests.exceptions.ChunkedEncodingError,
    ):
        return FetchError("reset", "the connection was reset or closed by the server")
    if seen(requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema):
        return FetchError("error", f"invalid URL: {_root_message(chain)}")
    return FetchError("error", f"request failed: {_root_message(chain)}")


def _exception_chain(exc: BaseException) -> Iterator[BaseException]:
    pending: list[Any] = [exc]
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend(current.args)
        pending.extend((getattr(current, "reason", None), current.__cause__, current.__context__))


def _root_message(chain: list[BaseException]) -> str:
    message = str(chain[-1]) if chain else ""
    return message[:200] or type(chain[-1]).__name__
