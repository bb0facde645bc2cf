"""The report package's public API: formats, dispatch, the protocol, severity helpers."""

from __future__ import annotations

import json

import pytest
from report_samples import checked_report, empty_report, offline_report

from citecheck.errors import CitecheckError
from citecheck.model import Severity
from citecheck.report import (
    FORMATS,
    REGISTERED,
    OutputFormat,
    RenderOptions,
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
    assert output_format.summary and output_format.suffix.startswith(".")
    # The protocol call with an options object gives what render() gives with keywords.
    assert output_format.render([checked_report()], RenderOptions(width=90)) == render(
        [checked_report()], name, width=90
    )


def test_keywords_replace_fields_of_the_options_object() -> None:
    options = RenderOptions(width=60, include_checks=False)
    assert render([checked_report()], "text", options, width=90) == render(
        [checked_report()], "text", RenderOptions(width=90, include_checks=False)
    )
    assert render([checked_report()], "text", options) != render([checked_report()], "text")


def test_the_registry_is_the_one_list_the_cli_and_config_read() -> None:
    import click

    from citecheck.cli import main
    from citecheck.config import config_format

    assert tuple(f.name for f in REGISTERED) == FORMATS
    assert len({f.suffix for f in REGISTERED}) == len(REGISTERED)
    for command in ("check", "parse"):
        choice = next(p.type for p in main.commands[command].params if p.name == "output_format")
        assert isinstance(choice, click.Choice)
        assert tuple(choice.choices) == FORMATS
    for name in FORMATS:
        assert config_format({"format": name}) == name


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
