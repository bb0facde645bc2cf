"""``--format markdown``: a pull-request comment or CMS note (GitHub-flavoured Markdown)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

from citecheck.model import Finding, Report, Severity, SourceReport
from citecheck.report._common import (
    SEVERITY_ORDER,
    Evidence,
    all_findings,
    archive_text,
    by_severity,
    combined_summary,
    date_cell,
    document_findings,
    finding_counts_text,
    finding_evidence,
    is_web_url,
    link_text,
    number_text,
    one_line,
    safe,
    shorten,
    source_evidence,
    source_findings,
    summary_text,
    title_cell,
    title_of,
    url_evidence,
)
from citecheck.report.options import RenderOptions

# The characters that are syntax anywhere in a line (emphasis, code, links, raw HTML, table
# cells, strikethrough, entities, GitHub math, headings). User text never starts a line, so
# line-start syntax (lists, quotes) cannot trigger and is left readable.
_SPECIALS = re.compile(r"([\\`*_\[\]<>|~&$#])")
# "@name" pings a GitHub user and "#12" links an issue; a word joiner after the sign
# stops both without changing what a reader sees.
_MENTION = re.compile(r"([@#])(?=\w)")
_SPACES = re.compile(r"\s+")

_SEVERITY_ICON = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.INFO: "ℹ️"}
_SEVERITY_HEADING = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.INFO: "Notes"}
_VERDICT_ICON = {"ok": "✅ ok", "warning": "⚠️ warning", "error": "❌ error"}


def escape(text: str, *, strip: bool = True) -> str:
    """User text made literal in Markdown, on one line, safe inside a table cell."""
    flat = one_line(text) if strip else _SPACES.sub(" ", safe(text))
    escaped = _SPECIALS.sub(r"\\\1", flat)
    return _MENTION.sub("\\1\u2060", escaped)


def link(text: str, url: str | None) -> str:
    """``[text](<url>)`` for http(s) URLs; anything else is escaped text, never a link."""
    if not url or not is_web_url(url):
        return escape(text)
    # Inside <...> only <, > and line breaks end the destination; percent-encode them.
    destination = quote(one_line(url), safe=":/?#[]@!$&'()*+,;=%~-._")
    return f"[{escape(text)}](<{destination}>)"


def _code(text: str) -> str:
    text = one_line(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def _table(report: Report, include_checks: bool) -> list[str]:
    if include_checks:
        lines = [
            "| # | Source | Link | Archive | Title | Date | Verdict |",
            "|--:|---|---|---|---|---|---|",
        ]
    else:
        lines = ["| # | Source | Published | URL | Verdict |", "|--:|---|---|---|---|"]
    for index, source in enumerate(report.sources, start=1):
        number = escape(number_text(source, index))
        verdict = _VERDICT_ICON[source.verdict.value]
        if include_checks:
            archive = archive_text(source.archive)
            snapshot = source.archive.snapshot if source.archive else None
            archive_cell = link(archive, snapshot.url) if snapshot else escape(archive)
            cells = [
                number,
                link(shorten(title_of(source.source), 80), source.source.url),
                escape(link_text(source.link)),
                archive_cell,
                escape(title_cell(source.match)),
                escape(date_cell(source.match)),
                verdict,
            ]
        else:
            url = source.source.url or "–"
            title = escape(shorten(title_of(source.source), 80))
            cells = [
                number,
                title,
                escape(source.source.published or "–"),
                link(url, source.source.url),
                verdict,
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _evidence_items(lines: Sequence[Evidence], indent: str) -> list[str]:
    return [f"{indent}- {escape(line.label)}: {_evidence_text(line)}" for line in lines]


def _evidence_text(line: Evidence) -> str:
    if line.url and is_web_url(line.url) and one_line(line.url) in line.text:
        head, _, tail = line.text.partition(one_line(line.url))
        return escape(head, strip=False) + link(line.url, line.url) + escape(tail, strip=False)
    return escape(line.text)


def _finding_item(finding: Finding, prefix: str) -> list[str]:
    icon = _SEVERITY_ICON[finding.severity]
    item = f"- {icon} {prefix}{_code(finding.code)}: {escape(finding.message)}"
    return [item, *_evidence_items(finding_evidence(finding), "  ")]


def _source_findings(
    source: SourceReport, index: int, severity: Severity, include_checks: bool
) -> list[str]:
    findings = [f for f in source_findings(source) if f.severity is severity]
    prefix = f"**\\[{escape(number_text(source, index))}\\]** "
    lines: list[str] = []
    for finding in findings:
        lines += _finding_item(finding, prefix)
    if findings and severity is not Severity.INFO:
        evidence = source_evidence(source) if include_checks else url_evidence(source.source)
        lines += _evidence_items(evidence, "  ")
    return lines


def _findings(report: Report, include_checks: bool) -> list[str]:
    lines: list[str] = []
    document = by_severity(document_findings(report))
    for severity in SEVERITY_ORDER:
        group: list[str] = []
        for finding in document:
            if finding.severity is severity:
                group += _finding_item(finding, "**document** ")
        for index, source in enumerate(report.sources, start=1):
            group += _source_findings(source, index, severity, include_checks)
        if not group:
            continue
        if severity is Severity.INFO:
            # Notes are many and minor: fold them away in a pull-request comment.
            lines += [
                "",
                f"<details><summary>{_SEVERITY_HEADING[severity]}</summary>",
                "",
                *group,
                "",
                "</details>",
            ]
        else:
            lines += ["", f"**{_SEVERITY_HEADING[severity]}**", "", *group]
    return lines


def _report(report: Report, include_checks: bool, heading: str) -> list[str]:
    summary = report.summary
    findings = all_findings([report])
    lines = [
        f"{heading} citecheck: {escape(report.input)}",
        "",
        f"{summary_text(summary)} · {finding_counts_text(findings)}",
    ]
    if report.sources:
        lines += ["", *_table(report, include_checks)]
    else:
        lines += ["", "_No sources found._"]
    lines += _findings(report, include_checks)
    return lines


class MarkdownFormat:
    """``--format markdown``: summary line, a table of sources, findings by severity."""

    name = "markdown"
    summary = "for pull requests and wikis"
    suffix = ".md"

    def render(self, reports: Sequence[Report], options: RenderOptions) -> str:
        """GitHub-flavoured Markdown; user text is escaped, links only to http(s) URLs."""
        if len(reports) == 1:
            return "\n".join(_report(reports[0], options.include_checks, "###")) + "\n"
        summary = combined_summary(reports)
        lines = [
            "### citecheck",
            "",
            f"{len(reports)} inputs, {summary_text(summary)} · "
            f"{finding_counts_text(all_findings(reports))}",
        ]
        for report in reports:
            lines += ["", *_report(report, options.include_checks, "####")]
        return "\n".join(lines) + "\n"
