"""The one HTTP layer under the link checker and the archives.

- :mod:`~citecheck.http.guard`: the SSRF policy and the one name lookup per host (with its own
  deadline); :mod:`~citecheck.http.transport` connects only to the addresses it vetted.
- :mod:`~citecheck.http.session`: the run's pooled, guarded session, with a
  :class:`ResponseStore` when the run caches.
- :mod:`~citecheck.http.client`: :class:`HttpClient` sends one request and returns one
  :class:`Response` (body read by :mod:`~citecheck.http.reader`, stored by
  :mod:`~citecheck.http.cache`), or raises :class:`FetchError`.
- :mod:`~citecheck.http.limits`: request slots by host, paces by service.
- :mod:`~citecheck.http.page`: the one page decoder (bytes + headers to markup, title, text).
- :mod:`~citecheck.http.agent`: the User-Agent.
"""

from __future__ import annotations

from citecheck.http.agent import default_user_agent, user_agent
from citecheck.http.cache import BYPASS, CachePolicy, CachingSession, ResponseStore, StoredAnswer
from citecheck.http.client import FetchError, FetchFailure, HttpClient, Response
from citecheck.http.guard import AddressGuard, Resolver
from citecheck.http.limits import LimiterRegistry
from citecheck.http.page import PageText, decode_markup, page_text
from citecheck.http.session import build_session

__all__ = [
    "BYPASS",
    "AddressGuard",
    "CachePolicy",
    "CachingSession",
    "FetchError",
    "FetchFailure",
    "HttpClient",
    "LimiterRegistry",
    "PageText",
    "Resolver",
    "Response",
    "ResponseStore",
    "StoredAnswer",
    "build_session",
    "decode_markup",
    "default_user_agent",
    "page_text",
    "user_agent",
]
