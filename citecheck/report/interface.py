"""The interface every output format implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from citecheck.model import Report
from citecheck.report.options import RenderOptions


@runtime_checkable
class OutputFormat(Protocol):
    """Turns finished reports into one string (a terminal screen, a JSON document, a page ...).

    A new format is a class with these members, added to
    :data:`citecheck.report.registry.REGISTERED`; the CLI's ``--format`` choices, its help
    and the config file's ``format`` key all come from there.
    """

    name: str
    """The name ``--format`` uses."""
    summary: str
    """One line for ``--help``: what the output is and who reads it."""
    suffix: str
    """The file name ending a report in this format is saved with (``.json``)."""

    def render(self, reports: Sequence[Report], options: RenderOptions) -> str:
        """Render every report; several reports become one document with a combined summary."""
        ...
