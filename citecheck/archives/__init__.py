"""Archives: the capture of a cited URL nearest the citation, found politely.

>>> backends = (WaybackBackend(), MementoBackend())  # doctest: +SKIP
>>> find_archive(source, backends).snapshot.url      # doctest: +SKIP
'https://web.archive.org/web/20250131093512/https://example.com/'

Wayback first; archive.today (or any Memento TimeMap) only when Wayback has no capture.
"""

from __future__ import annotations

from citecheck.archives.errors import (
    ArchiveBlockedError,
    ArchiveError,
    ArchiveUnavailableError,
    NotArchivedError,
    RateLimitedError,
    SaveUnsupportedError,
)
from citecheck.archives.interface import ArchiveBackend, PlaybackShape
from citecheck.archives.limiter import RateLimiter, shared_limiter, shared_save_limiter
from citecheck.archives.lookup import find_archive, reference_time, save_capture
from citecheck.archives.memento import MementoBackend, memento_from_options
from citecheck.archives.services import SERVICES, backends_from_options
from citecheck.archives.wayback import WaybackBackend, wayback_from_options

__all__ = [
    "SERVICES",
    "ArchiveBackend",
    "ArchiveBlockedError",
    "ArchiveError",
    "ArchiveUnavailableError",
    "MementoBackend",
    "NotArchivedError",
    "PlaybackShape",
    "RateLimitedError",
    "RateLimiter",
    "SaveUnsupportedError",
    "WaybackBackend",
    "backends_from_options",
    "find_archive",
    "memento_from_options",
    "reference_time",
    "save_capture",
    "shared_limiter",
    "shared_save_limiter",
    "wayback_from_options",
]
