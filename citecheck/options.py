"""Options for a check run, shared by the CLI, configuration files and the library."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from citecheck.model import Severity

DEFAULT_WAYBACK_URL = "https://web.archive.org"
DEFAULT_MEMENTO_URL = "https://archive.ph/timemap"
"""archive.today's TimeMap base: ``<base>/<url>`` lists its captures of ``<url>``."""
DEFAULT_ARCHIVE_SERVICES = ("wayback", "memento")
"""The archives asked, in order, when none are configured: Wayback, then archive.today."""


class ArchiveMode(StrEnum):
    """When to look for archived copies."""

    AUTO = "auto"
    """Only for sources that are dead, blocked, unreachable or do not match."""
    ALWAYS = "always"
    """For every source (to add archive links to a whole bibliography)."""
    NEVER = "never"
    """Never (``--no-archive``)."""


@dataclass(frozen=True)
class HostSettings:
    """Settings that apply to one host only."""

    concurrency: int | None = None
    """Concurrent requests to this host; ``None`` uses the run's per-host limit."""
    headers: Mapping[str, str] = field(default_factory=dict)
    """Extra request headers sent to this host."""
    user_agent: str | None = None
    """A User-Agent for this host only."""
    paywalled: bool = False
    """Treat this host's pages as paywalled: a refusal is ``blocked``, never ``dead``."""


@dataclass(frozen=True)
class CheckOptions:
    """Every knob of a check run; the defaults are polite and safe."""

    offline: bool = False
    """Parse and repair only; make no network request."""
    timeout: float = 10.0
    """Seconds allowed to connect, and again between bytes read."""
    concurrency: int = 32
    """Requests in flight at once, over all hosts."""
    per_host: int = 4
    """Requests in flight at once to any one host."""
    retries: int = 2
    """Retries after a 429, 503, timeout or reset (with backoff and jitter)."""
    max_retry_after: float = 30.0
    """Longest ``Retry-After`` honoured, in seconds; a longer one leaves the link blocked."""
    max_body: int = 2_000_000
    """Bytes of a response body read at most (after decompression)."""
    max_redirects: int = 10
    """Redirect hops followed at most."""
    user_agent: str | None = None
    """The User-Agent; ``None`` means ``citecheck/<version> (+<project url>)``."""
    allow_private: bool = False
    """Allow private, loopback, link-local and reserved addresses."""
    cache_dir: Path | None = None
    """Where the HTTP cache lives; ``None`` is the user's cache directory."""
    use_cache: bool = True
    """Whether to use the persistent cache at all."""
    cache_ttl: int = 86_400
    """Seconds a cached live response stays fresh."""
    remaps: tuple[tuple[str, str], ...] = ()
    """``(regex, replacement)`` pairs applied to every URL before it is checked."""
    hosts: Mapping[str, HostSettings] = field(default_factory=dict)
    """Per-host settings, keyed by host name."""
    ignore: tuple[str, ...] = ()
    """Regular expressions; matching URLs are not checked (``unchecked``)."""
    archive: ArchiveMode = ArchiveMode.AUTO
    """When to look for archived copies."""
    wayback_url: str = DEFAULT_WAYBACK_URL
    """Base URL of a Wayback-compatible service."""
    archive_rate: float = 20.0
    """Wayback calls allowed per minute, over the whole run."""
    archive_services: tuple[str, ...] = DEFAULT_ARCHIVE_SERVICES
    """The archives asked, in order, until one has a capture (``wayback``, ``memento``)."""
    memento_url: str = DEFAULT_MEMENTO_URL
    """TimeMap base of the ``memento`` archive (archive.today; a pywb or OpenWayback too)."""
    memento_rate: float = 10.0
    """Calls allowed per minute to the ``memento`` archive, over the whole run."""
    save_missing: bool = False
    """Ask Save Page Now to capture live sources that have no capture at all."""
    fail_on: Severity = Severity.ERROR
    """Exit 1 when any finding or verdict reaches this severity."""
    quiet: bool = False
    """No progress bar and no diff output."""
