"""The Wayback Machine backend (and any Wayback-compatible service under ``base_url``).

The split with waybackpy 3.0.6, which sets no timeouts, opens its own sessions and sleeps
between calls: waybackpy builds and validates the requests (its CDX query parameters and
``full_url``, its availability payload, its Save Page Now request URL and capture-URL parser)
and parses CDX records into its ``CDXSnapshot``; every byte on the wire goes through our
:class:`~citecheck.archives._http.ArchiveHttp` (one session, timeouts, the global limiter,
size caps), and we read the JSON and CDX answers ourselves, because waybackpy reports a 429 as
invalid JSON, retries empty availability answers on its own, and stops at a malformed line.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.structures import CaseInsensitiveDict
from waybackpy import (
    WaybackMachineAvailabilityAPI,
    WaybackMachineCDXServerAPI,
    WaybackMachineSaveAPI,
)
from waybackpy.cdx_snapshot import CDXSnapshot
from waybackpy.cdx_utils import full_url
from waybackpy.exceptions import WaybackError

from citecheck.archives._http import ArchiveHttp, Reply
from citecheck.archives._memory import LookupMemory
from citecheck.archives.cdx import NotCdx, nearest_after, nearest_before, parse_cdx
from citecheck.archives.errors import (
    ArchiveBlockedError,
    ArchiveError,
    ArchiveUnavailableError,
    NotArchivedError,
)
from citecheck.archives.interface import PlaybackShape
from citecheck.archives.limiter import (
    DEFAULT_MAX_WAIT,
    RateLimiter,
    shared_limiter,
    shared_save_limiter,
)
from citecheck.archives.playback import register as register_shape
from citecheck.errors import ConfigError
from citecheck.http.agent import default_user_agent as default_user_agent
from citecheck.model import Page, Snapshot
from citecheck.options import DEFAULT_WAYBACK_URL, CheckOptions

PROJECT_URL = "https://github.com/citecheck/citecheck"
MAX_CAPTURE_BYTES = 2_000_000
"""Bytes of a capture read at most (after decompression)."""
_CDX_BYTES = 1_000_000
_SAVE_BYTES = 65_536
_MAX_HOPS = 5
_IA_HOST = "web.archive.org"
_IA_AVAILABILITY = "https://archive.org/wayback/available"
_CAPTURE_PATH = re.compile(r"/web/(\d{14})(?:[a-z]{2}_)?/(.+)$")
_PLAYBACK_PATH = re.compile(r"/web/\d{4,14}[a-z_]*/", re.IGNORECASE)
_PLAYBACK_PREFIX = re.compile(r"^https?://[^/]+/web/\d{4,14}[a-z_]*/", re.IGNORECASE)
# What a Wayback playback adds to a capture (toolbar, capture-time comments): never page dates.
_TOOLBAR_INSERTS = re.compile(
    r"<!-- BEGIN WAYBACK TOOLBAR INSERT -->.*?<!-- END WAYBACK TOOLBAR INSERT -->"
    r"|<!--\s*FILE ARCHIVED ON.*?-->",
    re.DOTALL,
)
_BLOCKED_MARKERS = (
    "AdministrativeAccessControlException",
    "RobotAccessControlException",
    "Blocked Site Error",
    "has been excluded from the Wayback Machine",
)


@dataclass(frozen=True)
class WaybackPlayback:
    """The Wayback playback shape, ``<base>/web/<timestamp>[<flags>_]/<original>``, on any host
    (pywb, OpenWayback and Archive-It serve the same shape)."""

    def original(self, url: str) -> str | None:
        """The captured URL inside a Wayback-style playback URL."""
        match = _PLAYBACK_PREFIX.match(url)
        return url[match.end() :] if match else None

    def capture_url(self, snapshot: Snapshot, captured: datetime) -> str:
        """The playback URL of the capture at ``captured``, under ``snapshot``'s base URL."""
        base = snapshot.url.split("/web/", 1)[0]
        return playback_url(base, wayback_timestamp(captured), snapshot.original)

    def cites_capture(self, text: str) -> bool:
        """Whether ``text`` holds a Wayback-style playback path."""
        return _PLAYBACK_PATH.search(text) is not None

    def without_furniture(self, html: str) -> str:
        """``html`` without the toolbar and the capture-time comments a playback inserts."""
        return _TOOLBAR_INSERTS.sub("", html)

    @property
    def furniture_xpath(self) -> str | None:
        """The toolbar's elements (``wm-ipp...``), should its comments be missing."""
        return "//*[starts-with(@id,'wm-ipp')]"


WAYBACK_PLAYBACK = register_shape(WaybackPlayback())
"""The shape every Wayback-compatible backend shares."""


def wayback_timestamp(moment: datetime) -> str:
    """``YYYYMMDDhhmmss`` in UTC (a naive datetime is taken to be UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def playback_url(base_url: str, timestamp: str, original: str, *, raw: bool = False) -> str:
    """``<base>/web/<timestamp>/<url>``, or the raw ``id_`` form that omits the archive's banner."""
    return f"{base_url}/web/{timestamp}{'id_' if raw else ''}/{original}"


class WaybackBackend:
    """Finds, replays and requests captures at a Wayback-compatible service."""

    name = "wayback"
    playback: PlaybackShape = WAYBACK_PLAYBACK

    def __init__(
        self,
        *,
        base_url: str = DEFAULT_WAYBACK_URL,
        session: requests.Session | None = None,
        timeout: float = 10.0,
        limiter: RateLimiter | None = None,
        max_wait: float = DEFAULT_MAX_WAIT,
        user_agent: str | None = None,
        max_body: int = MAX_CAPTURE_BYTES,
        save_limiter: RateLimiter | None = None,
        save_timeout: float = 60.0,
    ) -> None:
        self.base_url = _checked_base(base_url)
        """Every call goes under this URL."""
        self.max_body = max_body
        """Bytes of a capture read at most."""
        self._user_agent = user_agent or default_user_agent()
        self._save_timeout = save_timeout
        self._http = ArchiveHttp(
            session=session or requests.Session(),
            timeout=timeout,
            user_agent=self._user_agent,
            limiters={
                "lookups": limiter or shared_limiter(),
                "save": save_limiter or shared_save_limiter(),
            },
            max_wait=max_wait,
        )
        self._memory = LookupMemory()

    # -- lookups -------------------------------------------------------------------------

    def nearest(self, url: str, when: datetime) -> Snapshot | None:
        """The successful capture nearest at or before ``when``, else the nearest after it.

        CDX first (bounded with ``to=`` and then ``from=``, since ``closest`` alone looks both
        ways); the availability API only when the CDX server fails or is not offered.
        """
        timestamp = wayback_timestamp(when)
        known, snapshot = self._memory.get(url, timestamp)
        if known:
            return snapshot
        try:
            snapshot = self._nearest_by_cdx(url, timestamp)
        except ArchiveBlockedError:
            raise
        except ArchiveUnavailableError as cdx_failure:
            try:
                snapshot = self._nearest_by_availability(url, timestamp)
            except ArchiveUnavailableError as fallback_failure:
                raise ArchiveUnavailableError(
                    f"{cdx_failure}; availability API: {fallback_failure}"
                ) from fallback_failure
        self._memory.put(url, timestamp, snapshot)
        return snapshot

    def _nearest_by_cdx(self, url: str, timestamp: str) -> Snapshot | None:
        record = nearest_before(self._cdx(url, timestamp, to=timestamp), timestamp)
        if record is None:
            record = nearest_after(self._cdx(url, timestamp, since=timestamp), timestamp)
        return None if record is None else self._snapshot(record)

    def _cdx(
        self, url: str, timestamp: str, *, to: str | None = None, since: str | None = None
    ) -> list[CDXSnapshot]:
        address = _CdxQuery.request_url(self.base_url, url, timestamp, to, since)
        reply = self._http.get(address, lookup_cache=True, max_body=_CDX_BYTES)
        _raise_if_blocked(reply, url)
        if reply.status != 200:
            raise ArchiveUnavailableError(f"unavailable: the CDX server answered {reply.status}")
        try:
            records = parse_cdx(reply.text)
        except NotCdx as error:
            raise ArchiveUnavailableError(f"unavailable: {error}") from error
        if not records:
            self._http.forget(address)
        return records

    def _nearest_by_availability(self, url: str, timestamp: str) -> Snapshot | None:
        query = _AvailabilityQuery(url, self._user_agent, self._availability_endpoint(), self._http)
        query.near(unix_timestamp=int(_parse_timestamp(timestamp).timestamp()))
        closest = ((query.json or {}).get("archived_snapshots") or {}).get("closest")
        if not isinstance(closest, dict) or closest.get("available") is False:
            return None
        if not re.fullmatch(r"2\d\d", str(closest.get("status", "200"))):
            return None
        return self._snapshot_from_address(
            str(closest.get("url", "")), url, str(closest.get("timestamp", ""))
        )

    def _availability_endpoint(self) -> str:
        # The Internet Archive serves this API on archive.org; web.archive.org answers 404.
        if urlsplit(self.base_url).hostname == _IA_HOST:
            return _IA_AVAILABILITY
        return f"{self.base_url}/wayback/available"

    # -- playback ------------------------------------------------------------------------

    def fetch(self, snapshot: Snapshot) -> Page:
        """The raw capture through the ``id_`` form, judged by its ``Memento-Datetime``.

        A redirect without ``Memento-Datetime`` is the archive moving to a nearby capture and
        is followed (within the archive, a few hops); a 200 without it is not a capture (an
        excluded site's page); a capture of a 404 is returned as a page with status 404.
        """
        address = playback_url(
            self.base_url, wayback_timestamp(snapshot.captured), snapshot.original, raw=True
        )
        for _ in range(_MAX_HOPS + 1):
            reply = self._http.get(address, max_body=self.max_body)
            if reply.status in (301, 302, 303, 307, 308):
                address = self._next_hop(address, reply)
                continue
            if "Memento-Datetime" not in reply.headers:
                raise _not_a_capture(reply, snapshot.original)
            return Page(
                url=reply.url,
                status=reply.status,
                headers=CaseInsensitiveDict(reply.headers),
                body=reply.body,
                truncated=reply.truncated,
            )
        raise ArchiveError(f"too many redirects replaying {snapshot.url}")

    def _next_hop(self, address: str, reply: Reply) -> str:
        location = reply.headers.get("Location")
        if not location:
            raise ArchiveError(f"the archive answered {reply.status} without a Location")
        target = urljoin(address, location)
        if not target.startswith(f"{self.base_url}/web/"):
            raise ArchiveError(f"the archive redirected outside itself, to {target}")
        return target

    # -- Save Page Now -------------------------------------------------------------------

    def save(self, url: str) -> Snapshot | None:
        """Ask Save Page Now for a capture (paced by its own limiter, ~15 a minute).

        ``None`` when the service took the request but named no capture.
        """
        request = _SaveRequest(url, self._user_agent, self.base_url, self._http, self._save_timeout)
        try:
            request.get_save_request_headers()
            address = request.archive_url_parser() or request.capture_address()
        except ArchiveError:
            raise
        except WaybackError as error:
            raise ArchiveUnavailableError(f"unavailable: Save Page Now: {error}") from error
        self._memory.forget(url)  # "no capture" is no longer true
        if address is None:
            return None
        return self._snapshot_from_address(address, url, "")

    # -- helpers -------------------------------------------------------------------------

    def _snapshot(self, record: CDXSnapshot) -> Snapshot:
        return Snapshot(
            url=playback_url(self.base_url, record.timestamp, record.original),
            original=record.original,
            captured=record.datetime_timestamp.replace(tzinfo=UTC),
            status=int(record.statuscode),
        )

    def _snapshot_from_address(self, address: str, url: str, timestamp: str) -> Snapshot | None:
        """A snapshot from a capture URL some API returned (rebuilt under our base URL)."""
        match = _CAPTURE_PATH.search(urlsplit(address)._replace(scheme="", netloc="").geturl())
        if match:
            timestamp, original = match.group(1), match.group(2)
        else:
            original = url
        if not re.fullmatch(r"\d{14}", timestamp):
            return None
        return Snapshot(
            url=playback_url(self.base_url, timestamp, original),
            original=original,
            captured=_parse_timestamp(timestamp),
            status=200,
        )


def wayback_from_options(
    options: CheckOptions, *, session: requests.Session | None = None
) -> WaybackBackend:
    """A backend set up from a run's options (base URL, rate, timeout, size cap, User-Agent)."""
    return WaybackBackend(
        base_url=options.wayback_url,
        session=session,
        timeout=options.timeout,
        limiter=shared_limiter(options.archive_rate),
        user_agent=options.user_agent,
        max_body=options.max_body,
    )


class _CdxQuery(WaybackMachineCDXServerAPI):
    """waybackpy's CDX query, used for its parameter checks and URL building only."""

    @classmethod
    def request_url(
        cls, base_url: str, url: str, closest: str, to: str | None, since: str | None
    ) -> str:
        query = cls(
            url,
            start_timestamp=since,
            end_timestamp=to,
            filters=["statuscode:200"],
            sort="closest",
            closest=closest,
            limit="1",
        )
        query.endpoint = f"{base_url}/cdx/search/cdx"
        payload: dict[str, str] = {}
        query.add_payload(payload)
        payload["limit"] = str(query.limit)
        return str(full_url(query.endpoint, payload))


class _AvailabilityQuery(WaybackMachineAvailabilityAPI):
    """waybackpy's availability API with its request sent through our paced session."""

    def __init__(self, url: str, user_agent: str, endpoint: str, http: ArchiveHttp) -> None:
        super().__init__(url, user_agent=user_agent, max_tries=1)
        self.endpoint = endpoint
        self.api_call_time_gap = 0  # we pace calls ourselves; waybackpy would sleep 5 s
        self._http = http

    def setup_json(self) -> dict[str, Any] | None:
        reply = self._http.get(
            self.endpoint, params=dict(self.payload), lookup_cache=True, max_body=_CDX_BYTES
        )
        self.tries += 1
        self.last_api_call_unix_time = int(time.time())
        _raise_if_blocked(reply, self.url)
        if reply.status != 200:
            raise ArchiveUnavailableError(
                f"unavailable: the availability API answered {reply.status}"
            )
        try:
            data = json.loads(reply.body)
        except ValueError as error:
            raise ArchiveUnavailableError(
                "unavailable: the availability API answered with something other than JSON"
            ) from error
        self.json = data if isinstance(data, dict) else None
        if not (self.json or {}).get("archived_snapshots"):
            self._http.forget(self.endpoint, dict(self.payload))
        return self.json


class _SaveRequest(WaybackMachineSaveAPI):
    """waybackpy's Save Page Now request, sent once through our session (no 5-10 s sleeps)."""

    def __init__(
        self, url: str, user_agent: str, base_url: str, http: ArchiveHttp, timeout: float
    ) -> None:
        super().__init__(url, user_agent=user_agent, max_tries=1)
        self.request_url = f"{base_url}/save/{self.url}"
        self._http = http
        self._timeout = timeout
        self._reply: Reply | None = None

    def get_save_request_headers(self) -> None:
        reply = self._http.get(
            self.request_url, limiter="save", max_body=_SAVE_BYTES, timeout=self._timeout
        )
        self._reply = reply
        self.headers = reply.headers
        self.status_code = reply.status
        location = reply.headers.get("Location")
        self.response_url = urljoin(self.request_url, location) if location else reply.url
        _raise_if_blocked(reply, self.url)
        if reply.status == 509:
            raise ArchiveUnavailableError(
                "unavailable: Save Page Now says too many captures are in progress"
            )
        if reply.status >= 500:
            raise ArchiveUnavailableError(f"unavailable: Save Page Now answered {reply.status}")
        if reply.status >= 400:
            raise ArchiveError(f"Save Page Now refused the URL ({reply.status})")

    def capture_address(self) -> str | None:
        """The capture URL in headers waybackpy's parser only finds on web.archive.org."""
        if self._reply is None:
            return None
        candidates = [self.response_url or "", self._reply.headers.get("Content-Location", "")]
        candidates += re.findall(
            r'<([^>]+)>;\s*rel="[^"]*memento', self._reply.headers.get("Link", "")
        )
        return next((c for c in candidates if _CAPTURE_PATH.search(c)), None)


def _checked_base(base_url: str) -> str:
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise ConfigError(
            f"the Wayback URL must be an http(s) URL like {DEFAULT_WAYBACK_URL}, not {base_url!r}"
        )
    return base_url.strip().rstrip("/")


def _raise_if_blocked(reply: Reply, url: str) -> None:
    """The Wayback Machine names a blocked or excluded site in the body, whatever the status."""
    if any(marker in reply.text for marker in _BLOCKED_MARKERS):
        raise ArchiveBlockedError(f"excluded: the archive blocks {url}")


def _not_a_capture(reply: Reply, url: str) -> ArchiveError:
    """The error for a playback answer that carries no ``Memento-Datetime``."""
    if reply.status in (403, 451) or any(m in reply.text for m in _BLOCKED_MARKERS):
        return ArchiveBlockedError(f"excluded: the archive does not replay {url}")
    if reply.status >= 500:
        return ArchiveUnavailableError(f"unavailable: playback answered {reply.status}")
    if reply.status == 404:
        return NotArchivedError(f"not archived: no capture of {url} at that time")
    return ArchiveUnavailableError(
        f"unavailable: playback answered {reply.status} without Memento-Datetime (not a capture)"
    )


def _parse_timestamp(timestamp: str) -> datetime:
    return datetime.strptime(timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
