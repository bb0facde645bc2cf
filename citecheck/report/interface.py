"""The interface every output format implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from citecheck.model import Report


@runtime_checkable
class OutputFormat(Protocol):
    """Turns finished reports into one string (a terminal screen, a JSON document, a page ...).

    Implementations may accept further keyword arguments with defaults (``include_checks``
    for parse-only output, ``fail_on`` for JUnit); callers that only know this protocol never
    pass them.
    """

    name: str
    """The name ``--format`` uses."""

    def render(self, reports: Sequence[Report], *, color: bool = False, width: int = 100) -> str:
        """Render every report; several reports become one document with a combined summary."""
        ...
