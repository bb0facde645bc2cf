"""What a caller may ask of any output format, in one object."""

from __future__ import annotations

from dataclasses import dataclass

from citecheck.model import Severity

DEFAULT_WIDTH = 100
"""Columns the text format uses when no width is given."""


@dataclass(frozen=True)
class RenderOptions:
    """How to render reports; every format reads the fields that apply to it and ignores
    the rest, so one object serves them all."""

    color: bool = False
    """ANSI colour in terminal text (``text`` only)."""
    width: int = DEFAULT_WIDTH
    """Columns terminal text is laid out in (``text`` only)."""
    include_checks: bool = True
    """Show link, archive and match results; ``False`` renders a parse-only report, as
    ``citecheck parse`` prints (the JSON keeps its objects with null fields)."""
    fail_on: Severity = Severity.ERROR
    """The severity at which a source counts as failed (``junit`` test cases)."""

