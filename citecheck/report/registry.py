"""The one list of output formats: ``--format``, the config file and :func:`render` read it."""

from __future__ import annotations

from citecheck.errors import CitecheckError
from citecheck.report.html import HtmlFormat
from citecheck.report.interface import OutputFormat
from citecheck.report.json_format import JsonFormat
from citecheck.report.junit import JunitFormat
from citecheck.report.markdown import MarkdownFormat
from citecheck.report.text import TextFormat

REGISTERED: tuple[OutputFormat, ...] = (
    TextFormat(),
    JsonFormat(),
    MarkdownFormat(),
    HtmlFormat(),
    JunitFormat(),
)
"""Every output format, the default (``text``) first."""

_BY_NAME = {output_format.name: output_format for output_format in REGISTERED}
if len(_BY_NAME) != len(REGISTERED):
    raise RuntimeError("two output formats share a name")

FORMATS: tuple[str, ...] = tuple(_BY_NAME)
"""The names ``--format`` accepts."""


class UnknownFormatError(CitecheckError, ValueError):
    """``--format`` named a format that does not exist."""


def get_format(name: str) -> OutputFormat:
    """The output format called ``name`` (one of :data:`FORMATS`)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        known = ", ".join(FORMATS)
        raise UnknownFormatError(f"unknown format {name!r} (choose from {known})") from None
