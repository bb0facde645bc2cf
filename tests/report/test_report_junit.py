"""JUnit XML: one test case per source, failures at --fail-on, skipped when unchecked."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from report_samples import all_samples, checked_report, empty_report, odd_report, offline_report

from citecheck.model import Severity
from citecheck.report import render


def _parse(xml: str) -> ET.Element:
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(xml.encode("utf-8"))


def _outcomes(suite: ET.Element) -> dict[str, str]:
    outcomes = {}
    for case in suite.iter("testcase"):
        if case.find("failure") is not None:
            outcomes[case.get("name", "")] = "failed"
        elif case.find("skipped") is not None:
            outcomes[case.get("name", "")] = "skipped"
        else:
            outcomes[case.get("name", "")] = "passed"
    return outcomes


@pytest.mark.parametrize("fail_on", list(Severity))
@pytest.mark.parametrize("shape", sorted(all_samples()))
def test_every_shape_is_valid_xml_with_consistent_counts(shape: str, fail_on: Severity) -> None:
    reports = all_samples()[shape]
    root = _parse(render(reports, "junit", fail_on=fail_on))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == len(reports)
    for suite, report in zip(suites, reports, strict=True):
        cases = suite.findall("testcase")
        document_cases = 1 if report.findings or report.document.findings else 0
        assert len(cases) == len(report.sources) + document_cases
        assert suite.get("tests") == str(len(cases))
        outcomes = list(_outcomes(suite).values())
        assert suite.get("failures") == str(outcomes.count("failed"))
        assert suite.get("skipped") == str(outcomes.count("skipped"))
        assert all(case.get("classname") == suite.get("name") for case in cases)
    total = sum(int(suite.get("tests", "0")) for suite in suites)
    assert root.get("tests") == str(total)


def test_check_report_cases() -> None:
    suite = _parse(render([checked_report()], "junit")).find("testsuite")
    assert suite is not None
    assert suite.get("name") == "article.txt"
    outcomes = _outcomes(suite)
    assert outcomes == {
        "[document]": "passed",
        "[1] Futures: AI Leaders Crumble on DeepSeek Fears": "passed",
        "[2] America Projected to Triple Semiconductor Manufacturing Capacity by 2032": "passed",
        "[3] Trump's Taiwan Chip Tariff Threat Could Be a Fresh Blow to Nvidia": "failed",
        "[4] OpenAI in Talks to Raise Funding That Would Value AI Startup at up to $340…": "passed",
        "[5] OpenAI Says It Has Evidence China's DeepSeek Used Its Model": "failed",
    }
    drifted = suite.findall("testcase")[5]
    failure = drifted.find("failure")
    assert failure is not None
    assert failure.get("message") == "content-drift: The live title no longer matches the citation."
    assert "title: ✗ cited" in (failure.text or "")
    moved = suite.findall("testcase")[2]
    properties = {p.get("name"): p.get("value") for p in moved.iter("property")}
    assert properties["verdict"] == "warning" and properties["link"] == "redirected"
    assert "link-moved" in (moved.findtext("system-out") or "")


def test_fail_on_warning_fails_warnings_too() -> None:
    suite = _parse(render([checked_report()], "junit", fail_on=Severity.WARNING)).find("testsuite")
    assert suite is not None
    outcomes = _outcomes(suite)
    assert list(outcomes.values()) == ["failed", "passed", "failed", "failed", "failed", "failed"]
    failure = suite.findall("testcase")[2].find("failure")
    assert failure is not None and failure.get("type") == "warning"


def test_fail_on_info_fails_any_finding() -> None:
    suite = _parse(render([checked_report()], "junit", fail_on=Severity.INFO)).find("testsuite")
    assert suite is not None
    assert set(_outcomes(suite).values()) == {"failed"}


def test_unchecked_sources_are_skipped_unless_they_fail() -> None:
    suite = _parse(render([offline_report()], "junit")).find("testsuite")
    assert suite is not None
    assert _outcomes(suite) == {
        "[document]": "passed",
        "[1] A Page": "skipped",
        "[2] No Link Here": "failed",
    }
    skipped = suite.findall("testcase")[1].find("skipped")
    assert skipped is not None and skipped.get("message") == "link not checked"


def test_parse_mode_skips_nothing() -> None:
    suite = _parse(render([offline_report()], "junit", include_checks=False)).find("testsuite")
    assert suite is not None
    assert _outcomes(suite)["[1] A Page"] == "passed"


def test_document_findings_fail_the_document_case() -> None:
    suite = _parse(render([empty_report()], "junit")).find("testsuite")
    assert suite is not None
    assert _outcomes(suite) == {"[document]": "failed"}


def test_hostile_text_is_escaped_and_control_characters_removed() -> None:
    xml = render([odd_report()], "junit")
    assert "\x00" not in xml and "\x1b" not in xml and "\x07" not in xml
    suite = _parse(xml).find("testsuite")
    assert suite is not None
    assert suite.get("name") == "dir/Ünïcode file <1>.txt"
    names = list(_outcomes(suite))
    assert names[0].startswith('[7] <script>alert("x")</script> | *bold*')
    assert names[1] == "[#2] (empty entry)"


def test_several_inputs_make_several_suites() -> None:
    reports = [checked_report(), offline_report(), empty_report()]
    root = _parse(render(reports, "junit"))
    assert [s.get("name") for s in root.findall("testsuite")] == [
        "article.txt", "notes.md", "empty.txt",
    ]  # fmt: skip
    assert root.get("tests") == str(6 + 3 + 1)
    assert root.get("failures") == str(2 + 1 + 1)
    assert root.get("skipped") == "1"
