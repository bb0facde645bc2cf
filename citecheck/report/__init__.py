"""Rendering reports: terminal text, the JSON contract, Markdown, HTML and JUnit XML.

>>> text = render([report], "text", RenderOptions(width=80))
>>> text = render([report], "text", width=80)  # the same: a keyword replaces one field
>>> document = report_to_dict(report)          # the JSON contract as a dict
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Any

from citecheck.model import Report, Severity
from citecheck.report._common import highest_severity
from citecheck.report.interface import OutputFormat
from citecheck.report.json_format import report_to_dict, reports_to_dict
from citecheck.report.options import DEFAULT_WIDTH, RenderOptions
from citecheck.report.registry import FORMATS, REGISTERED, UnknownFormatError, get_format

__all__ = [
    "DEFAULT_WIDTH",
    "FORMATS",
    "REGISTERED",
    "OutputFormat",
    "RenderOptions",
    "UnknownFormatError",
    "get_format",
    "highest_severity",
    "render",
    "report_to_dict",
    "reports_to_dict",
    "schema",
]


def render(
    reports: Sequence[Report],
    format: str,
    options: RenderOptions | None = None,
    *,
    color: bool | None = None,
    width: int | None = None,
    include_checks: bool | None = None,
    fail_on: Severity | None = None,
) -> str:
    """Render ``reports`` in ``format`` with ``options`` (default :class:`RenderOptions`);
    a keyword given here replaces that field of ``options``."""
    chosen = options or RenderOptions()
    changes: dict[str, Any] = {
        "color": color,
        "width": width,
        "include_checks": include_checks,
        "fail_on": fail_on,
    }
    chosen = replace(chosen, **{k: v for k, v in changes.items() if v is not None})
    return get_format(format).render(reports, chosen)


@cache
def _schema_text() -> str:
    return resources.files("citecheck.report").joinpath("schema.json").read_text("utf-8")


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every ``--format json`` document validates against."""
    loaded: dict[str, Any] = json.loads(_schema_text())
    return loaded
