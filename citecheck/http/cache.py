"""The persistent response cache: a requests-cache SQLite session whose writes we make.

requests-cache would read (and decompress) a whole body before storing it, which defeats the
capped reader; so the run's cached session stores nothing by itself and :func:`store` hands it
the capped body after the read. A body the cap cut short is stored with a marker header, so a
later hit still says it is truncated.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import platformdirs
import requests
from requests_cache import DO_NOT_CACHE, CachedSession

CACHEABLE_STATUSES = frozenset({200, 203, 204, 300, 301, 302, 303, 307, 308, 404, 405, 410, 501})
"""Definitive answers worth keeping; 429, 5xx, 403 challenges and failures never are."""
TRUNCATED_HEADER = "X-Citecheck-Truncated"
"""Marks a stored body that the size cap cut short."""


@dataclass(frozen=True)
class CachePolicy:
    """How one request uses the cache."""

    ttl: float | None
    """Seconds a stored answer stays fresh; ``None`` bypasses the cache (no read, no write)."""
    statuses: frozenset[int] = CACHEABLE_STATUSES
    """Statuses worth storing."""
    keep_truncated: bool = True
    """Whether a body cut short by the cap may be stored."""
    skip_read: bool = False
    """Ask the network even when a fresh answer is stored (the answer is still stored)."""


BYPASS = CachePolicy(ttl=None)
"""Neither read nor write the cache."""


def cache_path(cache_dir: Path | None) -> Path:
    """The SQLite cache file in ``cache_dir`` (default: the user's cache directory)."""
    folder = cache_dir or Path(platformdirs.user_cache_dir("citecheck"))
    return folder / "http-cache.sqlite"


def open_cached_session(path: Path, ttl: float) -> CachedSession:
    """A SQLite-backed session that serves fresh answers and leaves writes to :func:`store`.

    Raises :class:`OSError` when the cache folder cannot be created.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    return CachedSession(
        cache_name=str(path),
        backend="sqlite",
        expire_after=ttl,
        allowable_codes=tuple(sorted(CACHEABLE_STATUSES)),
        allowable_methods=("GET", "HEAD"),
        # read_only, not a filter: requests-cache then writes nothing itself, where a filter made
        # it delete the key after every miss (two write transactions a request, serialised
        # on its one connection; a catalogue audit spent a quarter of its time there).
        read_only=True,
        cache_control=False,
        stale_if_error=False,
        wal=True,
    )


def is_cached(session: requests.Session) -> bool:
    """Whether ``session`` has a requests-cache store."""
    return isinstance(session, CachedSession)


def request_arguments(session: requests.Session, policy: CachePolicy) -> dict[str, Any]:
    """Extra keywords for one request through ``session`` under ``policy``."""
    if not is_cached(session):
        return {}
    if policy.ttl is None:
        return {"expire_after": DO_NOT_CACHE}
    arguments: dict[str, Any] = {"expire_after": policy.ttl}
    if policy.skip_read:
        arguments["force_refresh"] = True
    return arguments


def stored_only(
    session: requests.Session,
    url: str,
    *,
    params: Mapping[str, str] | None,
    headers: Mapping[str, str],
    ttl: float,
) -> requests.Response | None:
    """A fresh stored answer to ``GET url``, without touching the network; else ``None``."""
    if not is_cached(session):
        return None
    try:
        cached_session: Any = session  # requests-cache adds keywords to get()
        response: requests.Response = cached_session.get(
            url,
            params=params,
            headers=dict(headers),
            allow_redirects=False,
            only_if_cached=True,
            expire_after=ttl,
        )
    except (requests.RequestException, OSError, ValueError):
        return None
    if not getattr(response, "from_cache", False) or response.status_code == 504:
        return None
    return response


def served_from_cache(response: requests.Response) -> bool:
    """Whether requests-cache answered ``response`` from its store."""
    return bool(getattr(response, "from_cache", False))


def stored_truncated(headers: dict[str, str]) -> bool:
    """Whether a stored answer was cut by the cap (and drop the marker from ``headers``)."""
    marker = next((k for k in headers if k.lower() == TRUNCATED_HEADER.lower()), None)
    return marker is not None and headers.pop(marker) == "1"


def store(
    session: requests.Session,
    response: requests.Response,
    body: bytes,
    *,
    truncated: bool,
    policy: CachePolicy,
) -> None:
    """Keep ``response`` with its capped ``body`` when ``policy`` says it is worth keeping.

    The cache is an optimisation: a failure to write is never an error.
    """
    if policy.ttl is None or not is_cached(session) or served_from_cache(response):
        return
    if response.status_code not in policy.statuses or (truncated and not policy.keep_truncated):
        return
    with contextlib.suppress(Exception):
        # Close first so requests-cache finds nothing left to read, then hand it the body.
        response.raw.close()
        response._content = body
        response._content_consumed = True  # type: ignore[attr-defined]
        if truncated:
            response.headers[TRUNCATED_HEADER] = "1"
        cache: Any = session.cache  # type: ignore[attr-defined]
        expires = datetime.now(UTC).replace(tzinfo=None) + timedelta(seconds=policy.ttl)
        cache.save_response(response, cache.create_key(response.request), expires)


def forget(session: requests.Session, url: str, params: Mapping[str, str] | None = None) -> None:
    """Drop the stored answer to ``GET url`` (one that found nothing may change)."""
    if not is_cached(session):
        return
    address = requests.Request("GET", url, params=params).prepare().url or url
    with contextlib.suppress(Exception):  # the cache is an optimisation, never a failure
        session.cache.delete(urls=[address])  # type: ignore[attr-defined]

