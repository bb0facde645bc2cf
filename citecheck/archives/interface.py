"""The interfaces every archive backend implements: the service, and its playback URLs."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from citecheck.model import Page, Snapshot


@runtime_checkable
class PlaybackShape(Protocol):
    """What an archive's playback URLs and pages look like.

    The stages after the archives (the matcher, ``fix``) meet captures without a backend at
    hand; they ask :mod:`citecheck.archives.playback`, which asks every registered shape.
    """

    def original(self, url: str) -> str | None:
        """The captured URL inside ``url`` when it is one of this archive's playback URLs."""
        ...

    def capture_url(self, snapshot: Snapshot, captured: datetime) -> str:
        """The playback URL of the capture at ``captured`` of ``snapshot.original``, in the form
        of ``snapshot.url`` (used when the archive replayed a nearby capture instead)."""
        ...

    def cites_capture(self, text: str) -> bool:
        """Whether ``text`` (a source-list entry) already links one of this archive's captures."""
        ...

    def without_furniture(self, html: str) -> str:
        """``html`` without the markup this archive's playback inserts (toolbar, comments)."""
        ...

    @property
    def furniture_xpath(self) -> str | None:
        """XPath of inserted elements a text-level strip may have missed (``None``: none)."""
        ...


@runtime_checkable
class ArchiveBackend(Protocol):
    """A web archive that can find, replay and (optionally) make captures of a URL.

    Every method raises only :class:`~citecheck.archives.ArchiveError` subclasses for
    network and service problems.
    """

    name: str
    """A short name for reports (``wayback``, ``archive.today``)."""

    playback: PlaybackShape
    """The shape of this archive's playback URLs and pages."""

    def nearest(self, url: str, when: datetime) -> Snapshot | None:
        """The successful capture nearest at or before ``when``, else the nearest after it.

        ``None`` when the archive holds no successful capture of ``url`` at all.
        """
        ...

    def fetch(self, snapshot: Snapshot) -> Page:
        """The raw capture (the archived bytes, without the archive's page furniture).

        Raises :class:`~citecheck.archives.NotArchivedError` when the archive has no capture
        to replay after all.
        """
        ...

    def save(self, url: str) -> Snapshot | None:
        """Ask the archive to capture ``url`` now; the new (or recent) capture, if it says.

        Raises :class:`~citecheck.archives.SaveUnsupportedError` when the archive takes no
        capture requests from programs.
        """
        ...
