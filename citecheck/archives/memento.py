"""A Memento backend (RFC 7089): any archive that lists its captures in a link-format TimeMap.

By default it asks archive.today (``https://archive.ph/timemap/<url>``); pointed elsewhere it
asks a local pywb (``http://localhost:8080/<collection>/timemap/link``), an OpenWayback
(``.../timemap/link``) or any other archive that serves TimeMaps: the original URL is appended
to the TimeMap base. The capture is chosen as for the Wayback Machine (nearest at or before the
reference time, else the nearest after it) and replayed from the memento URL the TimeMap names,
which is only followed while it stays within the archive. Calls go through the one HTTP layer,
paced by the service's own limiter (a 429 pauses only this service, for at least its
``Retry-After``).

archive.today's TimeMaps list every capture at once; paged TimeMaps (``rel="timemap"`` links
to further pages, which some large archives serve) are read as far as the first page goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from requests.structures import CaseInsensitiveDict

from citecheck.archives._http import ArchiveHttp, Reply
from citecheck.archives._memento import Memento, links, timemap_mementos
from citecheck.archives._memory import LookupMemory
from citecheck.archives.errors import (
    ArchiveBlockedError,
    ArchiveError,
    ArchiveUnavailableError,
    NotArchivedError,
    SaveUnsupportedError,
)
from citecheck.archives.interface import PlaybackShape
from citecheck.archives.limiter import DEFAULT_MAX_WAIT, RateLimiter, service_limiter
from citecheck.archives.playback import register as register_shape
from citecheck.errors import ConfigError
from citecheck.http.agent import default_user_agent
from citecheck.model import Page, Snapshot
from citecheck.options import DEFAULT_MEMENTO_URL, CheckOptions

ARCHIVE_TODAY_HOSTS = frozenset(
    {"archive.today", "archive.ph", "archive.is", "archive.li", "archive.vn", "archive.fo",
     "archive.md"}
)  # fmt: skip
"""archive.today's mirror domains: one service, one pace, whichever answers."""
ARCHIVE_TODAY = "archive-today"
"""The service name archive.today's pace is registered under."""
DEFAULT_PER_MINUTE = 10.0
"""Calls a minute by default: archive.today answers bursts with 429 and CAPTCHAs."""
MAX_CAPTURE_BYTES = 2_000_000
"""Bytes of a capture read at most (after decompression)."""
_TIMEMAP_BYTES = 1_000_000
_MAX_HOPS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_TIMESTAMPED = re.compile(
    r"^(https?://[^/?#]+(?:/[^?#]*?)?/)(\d{14})((?:[a-z]{2}_)?/)((?:https?://|www\.).+)$",
    re.IGNORECASE,
)
_TIMESTAMPED_IN_TEXT = re.compile(
    r"https?://[^\s/]+(?:/[^\s?#]*?)?/\d{14}(?:[a-z]{2}_)?/(?:https?://|www\.)", re.IGNORECASE
)
_ARCHIVE_TODAY_SHORT = re.compile(
    r"\barchive\.(?:today|ph|is|li|vn|fo|md)/[A-Za-z0-9]{4,8}\b", re.IGNORECASE
)
# pywb's banner and its scripts sit between these comments in a framed or inserted replay.
_PYWB_INSERT = re.compile(r"<!-- WB Insert -->.*?<!-- End WB Insert -->", re.DOTALL)


@dataclass(frozen=True)
class MementoPlayback:
    """The memento URL shape most archives share, ``<prefix>/<timestamp>[<flags>_]/<original>``
    (archive.today, pywb, OpenWayback), and archive.today's short links (``archive.ph/AbCdE``)."""

    def original(self, url: str) -> str | None:
        """The captured URL inside a timestamped memento URL."""
        match = _TIMESTAMPED.match(url)
        return match.group(4) if match else None

    def capture_url(self, snapshot: Snapshot, captured: datetime) -> str:
        """``snapshot.url`` with the timestamp of the capture actually replayed."""
        match = _TIMESTAMPED.match(snapshot.url)
        if match is None:
            return snapshot.url
        prefix, _, flags, original = match.groups()
        return f"{prefix}{captured.strftime('%Y%m%d%H%M%S')}{flags}{original}"

    def cites_capture(self, text: str) -> bool:
        """Whether ``text`` holds a timestamped memento URL or an archive.today short link."""
        return bool(_TIMESTAMPED_IN_TEXT.search(text) or _ARCHIVE_TODAY_SHORT.search(text))

    def without_furniture(self, html: str) -> str:
        """``html`` without pywb's inserted banner (archive.today inserts none we rely on)."""
        return _PYWB_INSERT.sub("", html)

    @property
    def furniture_xpath(self) -> str | None:
        """No inserted elements are known beyond the banner comments."""
        return None


MEMENTO_PLAYBACK = register_shape(MementoPlayback())
"""The shape every Memento backend shares."""


class MementoBackend:
    """Finds and replays captures listed in a Memento TimeMap (archive.today by default)."""

    playback: PlaybackShape = MEMENTO_PLAYBACK

    def __init__(
        self,
        *,
        timemap_url: str = DEFAULT_MEMENTO_URL,
        session: requests.Session | None = None,
        timeout: float = 10.0,
        limiter: RateLimiter | None = None,
        max_wait: float = DEFAULT_MAX_WAIT,
        user_agent: str | None = None,
        max_body: int = MAX_CAPTURE_BYTES,
    ) -> None:
        self.timemap_url = _checked_timemap(timemap_url)
        """The TimeMap base; ``<timemap_url>/<original url>`` lists the captures."""
        self.max_body = max_body
        """Bytes of a capture read at most."""
        self._origin = urlsplit(self.timemap_url)
        self.name = (
            "archive.today" if _is_archive_today(self._origin.hostname) else self._origin.netloc
        )
        """A short name for reports (``archive.today``, else the service's host and port)."""
        self.service = memento_service(self.timemap_url)
        """The name its pace is registered under in the HTTP layer's registry."""
        self._http = ArchiveHttp(
            session=session or requests.Session(),
            timeout=timeout,
            user_agent=user_agent or default_user_agent(),
            limiters={"lookups": limiter or service_limiter(self.service, DEFAULT_PER_MINUTE)},
            max_wait=max_wait,
            label=self.name,
        )
        self._memory = LookupMemory()

    def nearest(self, url: str, when: datetime) -> Snapshot | None:
        """The capture nearest at or before ``when``, else the nearest after it, from the
        TimeMap; ``None`` when the archive lists none."""
        moment = when.astimezone(UTC).isoformat()
        known, snapshot = self._memory.get(url, moment)
        if known:
            return snapshot
        snapshot = self._nearest_in_timemap(url, when)
        self._memory.put(url, moment, snapshot)
        return snapshot

    def _nearest_in_timemap(self, url: str, when: datetime) -> Snapshot | None:
        address = f"{self.timemap_url}/{url}"
        reply = self._http.get(address, lookup_cache=True, max_body=_TIMEMAP_BYTES)
        if reply.status == 404 or (reply.status == 200 and not reply.text.strip()):
            self._http.forget(address)
            return None
        if reply.status in (403, 451):
            raise ArchiveBlockedError(f"excluded: {self.name} refuses to list {url}")
        if reply.status != 200:
            raise ArchiveUnavailableError(
                f"unavailable: {self.name}'s TimeMap answered {reply.status}"
            )
        if not any("rel" in params for _, params in links(reply.text)):
            self._http.forget(address)
            raise ArchiveUnavailableError(
                f"unavailable: {self.name} answered with something other than a TimeMap"
            )
        mementos = [m for m in map(self._within, timemap_mementos(reply.text)) if m is not None]
        chosen = _nearest(mementos, when)
        if chosen is None:
            self._http.forget(address)
            return None
        return Snapshot(
            url=chosen.url,
            original=_original(reply.text) or url,
            captured=chosen.captured,
            status=None,  # a TimeMap does not say what the capture recorded; the replay does
        )

    def fetch(self, snapshot: Snapshot) -> Page:
        """The capture from its memento URL, following redirects within the archive
        (archive.today moves a timestamped URL to its short link)."""
        address = snapshot.url
        for _ in range(_MAX_HOPS + 1):
            reply = self._http.get(address, max_body=self.max_body)
            if reply.status in _REDIRECTS:
                address = self._next_hop(address, reply)
                continue
            if "Memento-Datetime" not in reply.headers:
                _raise_if_not_a_capture(reply, self.name, snapshot.original)
            return Page(
                url=reply.url,
                status=reply.status,
                headers=CaseInsensitiveDict(reply.headers),
                body=reply.body,
                truncated=reply.truncated,
            )
        raise ArchiveError(f"too many redirects replaying {snapshot.url}")

    def save(self, url: str) -> Snapshot | None:
        """Memento defines no capture requests (archive.today's form wants a person)."""
        raise SaveUnsupportedError(f"none: {self.name} takes no capture requests from programs")

    def _within(self, memento: Memento) -> Memento | None:
        """The memento on this archive's origin; ``None`` for a link elsewhere."""
        url = self._within_url(memento.url)
        return None if url is None else Memento(url, memento.captured)

    def _within_url(self, url: str) -> str | None:
        """``url`` on this archive's origin (a mirror's link moved to the configured one);
        ``None`` for a link elsewhere, which a TimeMap or a redirect must never make us fetch."""
        parts = urlsplit(url)
        same = parts.netloc == self._origin.netloc or (
            _is_archive_today(parts.hostname) and _is_archive_today(self._origin.hostname)
        )
        if not same or parts.scheme not in ("http", "https"):
            return None
        return urlunsplit(parts._replace(scheme=self._origin.scheme, netloc=self._origin.netloc))

    def _next_hop(self, address: str, reply: Reply) -> str:
        location = reply.headers.get("Location")
        if not location:
            raise ArchiveError(f"{self.name} answered {reply.status} without a Location")
        target = self._within_url(urljoin(address, location))
        if target is None:
            raise ArchiveError(f"{self.name} redirected outside itself, to {location}")
        return target


def memento_from_options(
    options: CheckOptions, *, session: requests.Session | None = None
) -> MementoBackend:
    """A backend set up from a run's options (TimeMap base, rate, timeout, size cap, UA)."""
    return MementoBackend(
        timemap_url=options.memento_url,
        session=session,
        timeout=options.timeout,
        limiter=service_limiter(memento_service(options.memento_url), options.memento_rate),
        user_agent=options.user_agent,
        max_body=options.max_body,
    )


def memento_service(timemap_url: str) -> str:
    """The pace's service name: ``archive-today`` for any of its mirrors, else
    ``memento:<host:port>`` (each archive counts calls by IP on its own)."""
    parts = urlsplit(timemap_url.strip())
    return ARCHIVE_TODAY if _is_archive_today(parts.hostname) else f"memento:{parts.netloc}"


def _nearest(mementos: list[Memento], when: datetime) -> Memento | None:
    """The latest memento at or before ``when``, else the earliest after it."""
    before = [m for m in mementos if m.captured <= when]
    if before:
        return max(before, key=lambda m: m.captured)
    return min(mementos, key=lambda m: m.captured, default=None)


def _original(timemap: str) -> str | None:
    """The URL the TimeMap is about (its ``rel="original"`` entry)."""
    return next(
        (uri for uri, params in links(timemap) if "original" in params.get("rel", "").split()),
        None,
    )


def _raise_if_not_a_capture(reply: Reply, name: str, url: str) -> None:
    """A replay without ``Memento-Datetime`` is a capture only when it is a 2xx page."""
    if reply.status == 404:
        raise NotArchivedError(f"not archived: {name} has no capture of {url} to replay")
    if reply.status in (403, 451):
        raise ArchiveBlockedError(f"excluded: {name} does not replay {url}")
    if not 200 <= reply.status < 300:
        raise ArchiveUnavailableError(f"unavailable: {name}'s playback answered {reply.status}")


def _is_archive_today(host: str | None) -> bool:
    return (host or "").lower().removeprefix("www.") in ARCHIVE_TODAY_HOSTS


def _checked_timemap(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise ConfigError(
            f"the Memento TimeMap URL must be an http(s) URL like {DEFAULT_MEMENTO_URL}, "
            f"not {url!r}"
        )
    return url.strip().rstrip("/")
