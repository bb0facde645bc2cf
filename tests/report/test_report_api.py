"""The report package's public API: formats, dispatch, the protocol, severity helpers."""

from __future__ import annotations

import json

import pytest
from report_samples import checked_report, empty_report, offline_report

from citecheck.errors import CitecheckError
from citecheck.model import Severity
from citecheck.report import (
    FORMATS,
    OutputFormat,
    UnknownFormatError,
    get_format,
    highest_severity,
    render,
)


def test_formats_are_the_agreed_ones() -> None:
    assert FORMATS == ("text", "json", "markdown", "html", "junit")


@pytest.mark.parametrize("name", FORMATS)
def test_each_format_implements_the_protocol(name: str) -> None:
    output_format = get_format(name)
    assert isinstance(output_format, OutputFormat)
    assert output_format.name == name
    # The protocol call (no format-specific keywords) gives what render() gives.
    assert output_format.render([checked_report()], width=90) == render(
        [checked_report()], name, width=90
    )


def test_unknown_format_is_a_clear_error() -> None:
    with pytest.raises(UnknownFormatError, match=r"unknown format 'yaml'.*text, json"):
        render([checked_report()], "yaml")
    assert issubclass(UnknownFormatError, CitecheckError)


def test_default_width_is_100() -> None:
    text = render([checked_report()], "text")
    assert max(len(line) for line in text.splitlines()) <= 100
    assert text == render([checked_report()], "text", width=100)


def test_no_reports_still_render() -> None:
    assert json.loads(render([], "json"))["summary"]["sources"] == 0
    assert render([], "text").splitlines()[-1].startswith("0 inputs, 0 sources")
    assert "<testsuites" in render([], "junit")


def test_highest_severity_counts_verdicts_and_findings() -> None:
    assert highest_severity([]) is None
    assert highest_severity([checked_report()]) is Severity.ERROR
    assert highest_severity([empty_report()]) is Severity.ERROR
    only_info = offline_report()
    assert highest_severity([only_info]) is Severity.ERROR  # source 2 has no URL
    first_only = type(only_info)(
        only_info.input, only_info.document, only_info.sources[:1], only_info.findings
    )
    assert highest_severity([first_only]) is Severity.INFO
