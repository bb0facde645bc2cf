"""The run's one session: pooled to the limits, guarded, and cached when asked."""

from __future__ import annotations

import os
import urllib.request

import requests

from citecheck.http.cache import KEEP_SECONDS, CachingSession, ResponseStore, cache_path
from citecheck.http.guard import AddressGuard
from citecheck.http.transport import GuardedAdapter
from citecheck.options import CheckOptions

ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def build_session(options: CheckOptions, guard: AddressGuard, user_agent: str) -> requests.Session:
    """A session for ``options``: with a response store when ``options.use_cache``, pooled to
    the limits, every connection through ``guard``.

    Raises :class:`OSError` when the cache cannot be opened.
    """
    session: requests.Session
    if options.use_cache:
        keep = max(KEEP_SECONDS, options.cache_ttl)
        session = CachingSession(ResponseStore(cache_path(options.cache_dir), keep_seconds=keep))
    else:
        session = requests.Session()
    pool_size = max(
        [options.per_host]
        + [s.concurrency for s in options.hosts.values() if s.concurrency is not None]
    )
    adapter = GuardedAdapter(
        guard, pool_connections=max(32, options.concurrency), pool_maxsize=pool_size, max_retries=0
    )
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": user_agent, "Accept": ACCEPT})
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
