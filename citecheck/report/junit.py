"""``--format junit``: JUnit XML for CI systems, one test case per source.

Rules (documented in docs/report.md):

* one ``<testsuite>`` per input (``name`` = the input), one ``<testcase>`` per source
  (``classname`` = the input, ``name`` = ``[n] short title``), plus a ``[document]`` test case
  when the document itself has findings (missing source list, numbering, markers);
* a test case **fails** when its verdict or any of its findings reaches ``fail_on``
  (default ``error``), the same rule as the exit code;
* otherwise it is **skipped** when its link was not checked (offline, ignored, no URL):
  nothing was verified, so it neither passes nor fails;
* otherwise it passes; a ``warning`` verdict is kept in a ``verdict`` property and every
  finding and piece of evidence is written to ``<system-out>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from citecheck.model import Finding, LinkStatus, Report, Severity, SourceReport
from citecheck.report._common import (
    by_severity,
    combined_summary,
    document_findings,
    finding_evidence,
    number_text,
    one_line,
    reaches,
    safe,
    shorten,
    source_evidence,
    source_findings,
    source_severity,
    summary_text,
    title_of,
    url_evidence,
)
from citecheck.report.options import RenderOptions


@dataclass(frozen=True)
class _Case:
    """One test case before it becomes XML."""

    name: str
    """``[n] short title`` or ``[document]``."""
    outcome: str
    """``passed``, ``failed`` or ``skipped``."""
    message: str
    """The failure or skip message."""
    output: str
    """Everything a person needs, for ``<system-out>``."""
    properties: tuple[tuple[str, str], ...]
    """``(name, value)`` pairs."""


def _finding_lines(findings: Sequence[Finding]) -> list[str]:
    lines: list[str] = []
    for finding in by_severity(findings):
        lines.append(
            f"{finding.severity.value.upper()} {safe(finding.code)}: {one_line(finding.message)}"
        )
        lines += [f"    {line.label}: {line.text}" for line in finding_evidence(finding)]
    return lines


def _is_unchecked(source: SourceReport) -> bool:
    return source.link is None or source.link.status is LinkStatus.UNCHECKED


def _source_case(
    source: SourceReport, index: int, fail_on: Severity, include_checks: bool
) -> _Case:
    findings = source_findings(source)
    evidence = source_evidence(source) if include_checks else url_evidence(source.source)
    output = [*_finding_lines(findings), *(f"{line.label}: {line.text}" for line in evidence)]
    properties = [("verdict", source.verdict.value)]
    if include_checks:
        properties.append(("link", source.link.status.value if source.link else "unchecked"))
        if source.archive is not None:
            properties.append(("archive", source.archive.status.value))
    if source.source.url:
        properties.append(("url", safe(source.source.url)))
    name = f"[{number_text(source, index)}] {shorten(title_of(source.source), 80)}"
    failing = [f for f in findings if reaches(f.severity, fail_on)]
    if reaches(source_severity(source), fail_on):
        first = failing[0] if failing else None
        message = (
            f"{first.code}: {one_line(first.message)}"
            if first
            else f"verdict {source.verdict.value}"
        )
        outcome = "failed"
    elif include_checks and _is_unchecked(source):
        detail = source.link.detail if source.link and source.link.detail else ""
        message = "link not checked" + (f": {one_line(detail)}" if detail else "")
        outcome = "skipped"
    else:
        message, outcome = "", "passed"
    return _Case(name, outcome, message, "\n".join(output), tuple(properties))


def _document_case(report: Report, fail_on: Severity) -> _Case | None:
    findings = document_findings(report)
    if not findings:
        return None
    failing = [f for f in by_severity(findings) if reaches(f.severity, fail_on)]
    message = f"{failing[0].code}: {one_line(failing[0].message)}" if failing else ""
    outcome = "failed" if failing else "passed"
    return _Case("[document]", outcome, message, "\n".join(_finding_lines(findings)), ())


def _suite(report: Report, fail_on: Severity, include_checks: bool) -> ET.Element:
    cases = [
        _source_case(source, index, fail_on, include_checks)
        for index, source in enumerate(report.sources, start=1)
    ]
    document_case = _document_case(report, fail_on)
    if document_case is not None:
        cases.insert(0, document_case)
    input_name = one_line(report.input) or "-"
    suite = ET.Element(
        "testsuite",
        {
            "name": input_name,
            "tests": str(len(cases)),
            "failures": str(sum(case.outcome == "failed" for case in cases)),
            "errors": "0",
            "skipped": str(sum(case.outcome == "skipped" for case in cases)),
            "time": "0",
        },
    )
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(
        properties, "property", {"name": "summary", "value": summary_text(report.summary)}
    )
    ET.SubElement(properties, "property", {"name": "fail-on", "value": fail_on.value})
    for case in cases:
        element = ET.SubElement(
            suite, "testcase", {"classname": input_name, "name": case.name, "time": "0"}
        )
        if case.properties:
            case_properties = ET.SubElement(element, "properties")
            for name, value in case.properties:
                ET.SubElement(case_properties, "property", {"name": name, "value": value})
        if case.outcome == "failed":
            failure = ET.SubElement(
                element, "failure", {"message": case.message, "type": fail_on.value}
            )
            failure.text = case.output
        elif case.outcome == "skipped":
            ET.SubElement(element, "skipped", {"message": case.message})
        if case.output and case.outcome != "failed":
            ET.SubElement(element, "system-out").text = case.output
    return suite


class JunitFormat:
    """``--format junit``: ``<testsuites>`` with a ``<testsuite>`` per input."""

    name = "junit"
    summary = "JUnit XML, for CI"
    suffix = ".xml"

    def render(self, reports: Sequence[Report], options: RenderOptions) -> str:
        """The XML document, UTF-8, with its declaration."""
        suites = [_suite(report, options.fail_on, options.include_checks) for report in reports]
        root = ET.Element(
            "testsuites",
            {
                "name": "citecheck",
                "tests": str(sum(int(s.get("tests", "0")) for s in suites)),
                "failures": str(sum(int(s.get("failures", "0")) for s in suites)),
                "errors": "0",
                "skipped": str(sum(int(s.get("skipped", "0")) for s in suites)),
                "time": "0",
            },
        )
        root.extend(suites)
        ET.indent(root)
        comment = f" citecheck: {summary_text(combined_summary(reports))} "
        body = ET.tostring(root, encoding="unicode")
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<!--{comment}-->\n{body}\n'
