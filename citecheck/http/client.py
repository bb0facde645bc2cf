"""One request, one :class:`Response`: sent through the run's session, body read capped.

:class:`HttpClient` sends single requests (redirects are never followed here; callers follow
them hop by hop, so every hop passes the address guard) and turns every failure into a
:class:`FetchError` with a kind. Retries, pacing and limits are the callers' policy, kept in
:mod:`citecheck.http.limits`.
"""

from __future__ import annotations

import email.utils
import http.client
import socket
import ssl
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import cached_property
from typing import Any

import requests
import urllib3
from requests.structures import CaseInsensitiveDict

from citecheck.errors import BlockedAddressError
from citecheck.http import cache
from citecheck.http.cache import CachePolicy
from citecheck.http.page import PageText, decode_markup, page_text
from citecheck.http.reader import read_capped

RETRY_STATUSES = frozenset({429, 503})
"""Statuses that ask the client to come back later."""
_ERRORS = (requests.RequestException, OSError, urllib3.exceptions.HTTPError)


class FetchFailure(StrEnum):
    """How a request failed without an HTTP response."""

    TIMEOUT = "timeout"
    """No answer, or no bytes, within the timeout."""
    RESET = "reset"
    """The server reset or closed the connection."""
    REFUSED = "refused"
    """The connection was refused."""
    TLS = "tls"
    """The TLS handshake or certificate check failed."""
    DNS = "dns"
    """The host name could not be looked up."""
    BLOCKED = "blocked"
    """The safety rules refused the address."""
    ERROR = "error"
    """Anything else (an invalid URL, a protocol error ...)."""


class FetchError(Exception):
    """A request that produced no HTTP response, or whose body broke off."""

    def __init__(self, kind: FetchFailure, detail: str, *, during_body: bool = False) -> None:
        super().__init__(detail)
        self.kind = kind
        """How it failed."""
        self.detail = detail
        """What happened, in words."""
        self.during_body = during_body
        """Whether the headers had arrived and the body then failed."""


@dataclass(frozen=True)
class Response:
    """One HTTP response, its body already read (capped) and its connection released."""

    url: str
    """The URL that answered (the requested one: redirects are not followed)."""
    status: int
    """The HTTP status."""
    headers: CaseInsensitiveDict[str]
    """Response headers (case-insensitive)."""
    body: bytes
    """The decompressed body, at most the cap; empty for HEAD."""
    truncated: bool
    """Whether the cap (or the time budget) cut the body short."""
    from_cache: bool = False
    """Served by the persistent cache."""
    method: str = "GET"
    """``GET`` or ``HEAD``."""
    retry_after: float | None = None
    """Seconds the server asked to wait, when it asked (429/503)."""
    timed_out: bool = False
    """Whether the body's time budget ran out before it was read."""

    @cached_property
    def page(self) -> PageText | None:
        """Title and visible text of the body (the one page decoder); ``None`` when empty."""
        return page_text(self.body, self.headers) if self.body else None

    @property
    def text(self) -> str:
        """The body as text, decoded the way :attr:`page` decodes it."""
        return decode_markup(self.body, self.headers)[0] if self.body else ""


class HttpClient:
    """Sends single requests through ``session`` with our User-Agent, timeouts and caps."""

    def __init__(self, session: requests.Session, *, user_agent: str, timeout: float) -> None:
        self.session = session
        """The transport: pooled, guarded and cached when built by :func:`build_session`."""
        self.user_agent = user_agent
        """The User-Agent sent unless a request names another."""
        self.timeout = timeout
        """Seconds to connect, and again between bytes, unless a request says otherwise."""

    @property
    def cached(self) -> bool:
        """Whether the session has a persistent cache."""
        return cache.store_of(self.session) is not None

    def send(
        self,
        method: str,
        url: str,
        *,
        max_body: int,
        max_error_body: int | None = None,
        read_budget: float,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        cache_policy: CachePolicy = cache.BYPASS,
    ) -> Response:
        """``method url`` once; the body (GET) read up to ``max_body`` bytes for a 2xx and
        ``max_error_body`` otherwise, within ``read_budget`` seconds. A fresh stored answer
        (per ``cache_policy``) is served without the network.

        Raises :class:`FetchError` when no response came or its body broke off.
        """
        store = cache.store_of(self.session)
        key = None
        if store is not None and cache_policy.ttl is not None:
            key = cache.answer_key(method, url, params)
        if store is not None and key is not None and not cache_policy.skip_read:
            assert cache_policy.ttl is not None
            hit = store.lookup(key, cache_policy.ttl)
            if hit is not None:
                return _from_store(method, hit, max_body, max_error_body)
        seconds = timeout or self.timeout
        sent_headers = {"User-Agent": self.user_agent, **(headers or {})}
        try:
            # Through the verb method, so that a session subclass sees every call.
            response: requests.Response = getattr(self.session, method.lower())(
                url,
                params=params,
                headers=sent_headers,
                allow_redirects=False,
                stream=True,
                timeout=(seconds, seconds),
            )
        except _ERRORS as exc:
            raise classify(exc) from exc
        try:
            answered = url if params is None else (response.url or url)
            reply = _read(method, answered, response, max_body, max_error_body, read_budget)
        except _ERRORS as exc:
            raise classify(exc, during_body=True) from exc
        finally:
            response.close()
        keep = cache.worth_keeping(reply.status, reply.truncated, cache_policy)
        if store is not None and key is not None and keep and not reply.timed_out:
            store.save(key, _stored(reply))
        return reply

    def stored(
        self,
        url: str,
        *,
        ttl: float,
        max_body: int,
        params: Mapping[str, str] | None = None,
    ) -> Response | None:
        """A fresh stored answer to ``GET url`` without the network, or ``None``."""
        store = cache.store_of(self.session)
        key = cache.answer_key("GET", url, params) if store is not None else None
        if store is None or key is None:
            return None
        hit = store.lookup(key, ttl)
        return _from_store("GET", hit, max_body, None) if hit is not None else None

    def forget(self, url: str, params: Mapping[str, str] | None = None) -> None:
        """Drop the stored answer to ``GET url``."""
        store = cache.store_of(self.session)
        key = cache.answer_key("GET", url, params) if store is not None else None
        if store is not None and key is not None:
            store.forget(key)


def _read(
    method: str,
    url: str,
    response: requests.Response,
    max_body: int,
    max_error_body: int | None,
    budget: float,
) -> Response:
    status = response.status_code
    body, truncated, timed_out = b"", False, False
    if method == "GET":
        read = read_capped(response, _cap(status, max_body, max_error_body), budget)
        body, truncated, timed_out = read.data, read.truncated, read.timed_out
    return Response(
        url=url,
        status=status,
        headers=CaseInsensitiveDict(response.headers),
        body=body,
        truncated=truncated,
        method=method,
        retry_after=retry_after_seconds(response.headers.get("Retry-After"))
        if status in RETRY_STATUSES
        else None,
        timed_out=timed_out,
    )


def _cap(status: int, max_body: int, max_error_body: int | None) -> int:
    return max_body if 200 <= status < 300 or max_error_body is None else max_error_body


def _stored(reply: Response) -> cache.StoredAnswer:
    return cache.StoredAnswer(
        url=reply.url,
        status=reply.status,
        headers=dict(reply.headers),
        body=reply.body,
        truncated=reply.truncated,
        stored_at=time.time(),
    )


def _from_store(
    method: str, answer: cache.StoredAnswer, max_body: int, max_error_body: int | None
) -> Response:
    cap = _cap(answer.status, max_body, max_error_body)
    body = answer.body if method == "GET" else b""
    return Response(
        url=answer.url,
        status=answer.status,
        headers=CaseInsensitiveDict(answer.headers),
        body=body[:cap],
        truncated=answer.truncated or len(body) > cap,
        from_cache=True,
        method=method,
    )


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


def classify(exc: BaseException, *, during_body: bool = False) -> FetchError:
    """The :class:`FetchError` for a failure requests, urllib3 or the socket raised."""
    chain = list(_exception_chain(exc))

    def seen(*types: type[BaseException]) -> bool:
        return any(isinstance(e, types) for e in chain)

    def error(kind: FetchFailure, detail: str) -> FetchError:
        return FetchError(kind, detail, during_body=during_body)

    blocked = next((e for e in chain if isinstance(e, BlockedAddressError)), None)
    if blocked is not None:
        return error(FetchFailure.BLOCKED, str(blocked))
    if seen(requests.exceptions.SSLError, ssl.SSLError, urllib3.exceptions.SSLError):
        return error(FetchFailure.TLS, f"TLS failure: {_root_message(chain)}")
    # Refusals and DNS failures first: urllib3's NewConnectionError subclasses its TimeoutError.
    if seen(ConnectionRefusedError):
        return error(FetchFailure.REFUSED, "connection refused")
    if seen(socket.gaierror, urllib3.exceptions.NameResolutionError):
        return error(FetchFailure.DNS, f"name resolution failed: {_root_message(chain)}")
    if seen(requests.Timeout, urllib3.exceptions.TimeoutError, TimeoutError):
        return error(FetchFailure.TIMEOUT, "timed out waiting for the server")
    if seen(
        ConnectionResetError,
        ConnectionAbortedError,
        BrokenPipeError,
        http.client.RemoteDisconnected,
        urllib3.exceptions.ProtocolError,
        requests.exceptions.ChunkedEncodingError,
    ):
        return error(FetchFailure.RESET, "the connection was reset or closed by the server")
    if seen(requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema):
        return error(FetchFailure.ERROR, f"invalid URL: {_root_message(chain)}")
    return error(FetchFailure.ERROR, f"request failed: {_root_message(chain)}")


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
