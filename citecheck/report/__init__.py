"""Rendering reports: terminal text, the JSON contract, Markdown, HTML and JUnit XML.

>>> text = render([report], "text", color=False, width=80)
>>> document = report_to_dict(report)          # the JSON contract as a dict
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from citecheck.errors import CitecheckError
from citecheck.model import Report, Severity
from citecheck.report._common import highest_severity
from citecheck.report.html import HtmlFormat
from citecheck.report.interface import OutputFormat
from citecheck.report.json_format import JsonFormat, report_to_dict, reports_to_dict
from citecheck.report.junit import JunitFormat
from citecheck.report.markdown import MarkdownFormat
from citecheck.report.text import TextFormat

__all__ = [
    "DEFAULT_WIDTH",
    "FORMATS",
    "OutputFormat",
    "UnknownFormatError",
    "get_format",
    "highest_severity",
    "render",
    "report_to_dict",
    "reports_to_dict",
    "schema",
]

FORMATS: tuple[str, ...] = ("text", "json", "markdown", "html", "junit")
"""The names ``--format`` accepts."""

DEFAULT_WIDTH = 100
"""Columns the text format uses when no width is given."""


class UnknownFormatError(CitecheckError, ValueError):
    """``--format`` named a format that does not exist."""


def get_format(name: str) -> OutputFormat:
    """The output format called ``name`` (one of :data:`FORMATS`)."""
    formats: dict[str, OutputFormat] = {
        "text": TextFormat(),
        "json": JsonFormat(),
        "markdown": MarkdownFormat(),
        "html": HtmlFormat(),
        "junit": JunitFormat(),
    }
    try:
        return formats[name]
    except KeyError:
        known = ", ".join(FORMATS)
        raise UnknownFormatError(f"unknown format {name!r} (choose from {known})") from None


def render(
    reports: Sequence[Report],
    format: str,
    *,
    color: bool = False,
    width: int | None = None,
    include_checks: bool = True,
    fail_on: Severity = Severity.ERROR,
) -> str:
    """Render ``reports`` in ``format``.

    ``color`` and ``width`` (default :data:`DEFAULT_WIDTH`) apply to ``text``;
    ``include_checks=False`` renders parse-only output (no link, archive or match);
    ``fail_on`` is the severity at which a JUnit test case fails.
    """
    columns = DEFAULT_WIDTH if width is None else width
    if format == "text":
        return TextFormat().render(
            reports, color=color, width=columns, include_checks=include_checks
        )
    if format == "json":
        return JsonFormat().render(reports, include_checks=include_checks)
    if format == "markdown":
        return MarkdownFormat().render(reports, include_checks=include_checks)
    if format == "html":
        return HtmlFormat().render(reports, include_checks=include_checks)
    if format == "junit":
        return JunitFormat().render(reports, include_checks=include_checks, fail_on=fail_on)
    return get_format(format).render(reports, color=color, width=columns)


@cache
def _schema_text() -> str:
    return resources.files("citecheck.report").joinpath("schema.json").read_text("utf-8")


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every ``--format json`` document validates against."""
    loaded: dict[str, Any] = json.loads(_schema_text())
    return loaded
