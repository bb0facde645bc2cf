"""The interface every archive backend implements."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from citecheck.model import Page, Snapshot


@runtime_checkable
class ArchiveBackend(Protocol):
    """A web archive that can find, replay and (optionally) make captures of a URL.

    Every method raises only :class:`~citecheck.archives.ArchiveError` subclasses for
    network and service problems.
    """

    name: str
    """A short name for reports (``wayback``)."""

    def nearest(self, url: str, when: datetime) -> Snapshot | None:
        """The successful capture nearest at or before ``when``, else the nearest after it.

        ``None`` when the archive holds no successful capture of ``url`` at all.
        """
        ...

    def fetch(self, snapshot: Snapshot) -> Page:
        """The raw capture (the archived bytes, without the archive's page furniture)."""
        ...

    def save(self, url: str) -> Snapshot | None:
        """Ask the archive to capture ``url`` now; the new (or recent) capture, if it says."""
        ...
