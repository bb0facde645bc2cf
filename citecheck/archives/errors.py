"""Archive errors: a small hierarchy under :class:`citecheck.errors.NetworkError`.

:func:`citecheck.archives.find_archive` turns every one of them into an
:class:`~citecheck.model.ArchiveResult`; they only escape from direct backend calls.
"""

from __future__ import annotations

from datetime import UTC, datetime

from citecheck.errors import NetworkError


class ArchiveError(NetworkError):
    """An archive lookup, fetch or save failed; it degrades one source's result only."""


class RateLimitedError(ArchiveError):
    """Archive calls are paused after a 429 and the pause outlasts what the caller may wait."""

    def __init__(self, retry_at: datetime, message: str | None = None) -> None:
        self.retry_at = retry_at
        """When archive calls may resume (UTC)."""
        super().__init__(message or f"rate-limited: archive calls paused until {clock(retry_at)}")


class ArchiveBlockedError(ArchiveError):
    """The archive refuses the URL: the site is blocked or excluded from playback."""


class NotArchivedError(ArchiveError):
    """The archive holds no capture to replay (its playback answered "not archived")."""


class SaveUnsupportedError(ArchiveError):
    """The archive takes no capture requests from programs."""


class ArchiveUnavailableError(ArchiveError):
    """The archive service could not be reached or answered with a server error."""


def clock(moment: datetime) -> str:
    """``HH:MM:SS UTC`` for a moment, the form people read in a rate-limit message."""
    return moment.astimezone(UTC).strftime("%H:%M:%S UTC")
