"""The archive services a run can ask, by the names ``--archive-services`` takes.

Adding a service: write its backend module (an :class:`~citecheck.archives.ArchiveBackend`
with a :class:`~citecheck.archives.PlaybackShape` it registers, and a ``*_from_options``
factory), then name the factory here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import requests

from citecheck.archives.interface import ArchiveBackend
from citecheck.archives.memento import memento_from_options
from citecheck.archives.wayback import wayback_from_options
from citecheck.errors import ConfigError
from citecheck.options import CheckOptions

BackendFactory = Callable[[CheckOptions, "requests.Session | None"], ArchiveBackend]
"""Makes a service's backend from a run's options and its shared session."""

SERVICES: Mapping[str, BackendFactory] = {
    "wayback": lambda options, session: wayback_from_options(options, session=session),
    "memento": lambda options, session: memento_from_options(options, session=session),
}
"""Every service by name: ``wayback`` (``--wayback-url``), ``memento`` (``--memento-url``,
archive.today by default)."""


def checked_services(names: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` when every one is a known service, given once; else :class:`ConfigError`."""
    if not names:
        raise ConfigError("name at least one archive service (or turn lookups off)")
    for name in names:
        if name not in SERVICES:
            known = ", ".join(SERVICES)
            raise ConfigError(f"unknown archive service {name!r} (known: {known})")
    if len(set(names)) != len(names):
        raise ConfigError(f"an archive service is named twice in {','.join(names)}")
    return names


def backends_from_options(
    options: CheckOptions, *, session: requests.Session | None = None
) -> tuple[ArchiveBackend, ...]:
    """The run's archives, in the order ``options.archive_services`` names them."""
    names = checked_services(options.archive_services)
    return tuple(SERVICES[name](options, session) for name in names)
