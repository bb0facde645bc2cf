"""Archives: the capture of a cited URL nearest the citation, found politely.

>>> backend = WaybackBackend()                       # doctest: +SKIP
>>> find_archive(source, backend).snapshot.url       # doctest: +SKIP
'https://web.archive.org/web/20250131093512/https://example.com/'
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
from citecheck.archives.wayback import WaybackBackend, wayback_from_options

__all__ = [
    "ArchiveBackend",
    "ArchiveBlockedError",
    "ArchiveError",
    "ArchiveUnavailableError",
    "NotArchivedError",
    "PlaybackShape",
    "RateLimitedError",
    "RateLimiter",
    "SaveUnsupportedError",
    "WaybackBackend",
    "find_archive",
    "reference_time",
    "save_capture",
    "shared_limiter",
    "shared_save_limiter",
    "wayback_from_options",
]
