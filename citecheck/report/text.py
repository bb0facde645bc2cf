"""``--format text``: the terminal report (rich), readable in 80 columns and without colour."""

from __future__ import annotations

import re
from collections.abc import Sequence
from io import StringIO

from rich import box
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from citecheck.model import Finding, LinkStatus, Report, Severity, SourceReport, Verdict
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
    highest_severity,
    link_text,
    number_text,
    one_line,
    safe,
    shorten,
    source_evidence,
    source_findings,
    source_severity,
    summary_text,
    title_cell,
    title_of,
    url_evidence,
)
from citecheck.report.options import RenderOptions

_LINK_STYLE = {
    LinkStatus.ALIVE.value: "green",
    LinkStatus.REDIRECTED.value: "yellow",
    LinkStatus.DEAD.value: "bold red",
    LinkStatus.BLOCKED.value: "magenta",
    LinkStatus.UNREACHABLE.value: "yellow",
    LinkStatus.UNCHECKED.value: "dim",
}
_ARCHIVE_STYLE = {"found": "green", "none": "yellow", "skipped": "dim", "error": "red", "–": "dim"}
_VERDICT_STYLE = {
    Verdict.OK: "bold green",
    Verdict.WARNING: "bold yellow",
    Verdict.ERROR: "bold red",
}
_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_SEVERITY_HEADING = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.INFO: "Notes"}
# Blanks at the end of a line, possibly followed by the codes that close its styles.
_TRAILING_BLANKS = re.compile(r"(?:\s|\x1b\[[0-9;]*m)+$")
_STYLE_CODE = re.compile(r"\x1b\[[0-9;]*m")
_SEVERITY_MARK = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "·"}


def _agreement_style(cell: str) -> str:
    return {"✓": "green", "✗": "red", "?": "yellow"}.get(cell[:1], "dim")


def _checks_table(report: Report) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Source", ratio=1, min_width=12, overflow="fold")
    table.add_column("Link", no_wrap=True)
    table.add_column("Archive", no_wrap=True)
    table.add_column("Title", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Verdict", no_wrap=True)
    for index, source in enumerate(report.sources, start=1):
        link, archive = link_text(source.link), archive_text(source.archive)
        title, date = title_cell(source.match), date_cell(source.match)
        table.add_row(
            Text(number_text(source, index)),
            Text(shorten(title_of(source.source), 60)),
            Text(link, style=_LINK_STYLE[link]),
            Text(archive, style=_ARCHIVE_STYLE.get(archive, "")),
            Text(title, style=_agreement_style(title)),
            Text(date, style=_agreement_style(date)),
            Text(source.verdict.value, style=_VERDICT_STYLE[source.verdict]),
        )
    return table


def _parse_table(report: Report) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Source", ratio=2, min_width=12, overflow="fold")
    table.add_column("Published", no_wrap=True)
    table.add_column("URL", ratio=3, min_width=12, overflow="fold")
    table.add_column("Verdict", no_wrap=True)
    for index, source in enumerate(report.sources, start=1):
        parsed = source.source
        table.add_row(
            Text(number_text(source, index)),
            Text(shorten(title_of(parsed), 60)),
            Text(one_line(parsed.published or "–")),
            Text(one_line(parsed.url or "–")),
            Text(source.verdict.value, style=_VERDICT_STYLE[source.verdict]),
        )
    return table


def _indented(renderable: RenderableType, columns: int) -> Padding:
    return Padding(renderable, (0, 0, 0, columns))


def _evidence_block(lines: Sequence[Evidence], columns: int) -> list[RenderableType]:
    blocks: list[RenderableType] = []
    for line in lines:
        text = Text(overflow="fold")
        text.append(f"{line.label}: ", style="dim")
        text.append(line.text)
        blocks.append(_indented(text, columns))
    return blocks


def _finding_line(finding: Finding) -> Text:
    text = Text(overflow="fold")
    text.append(f"{_SEVERITY_MARK[finding.severity]} ", style=_SEVERITY_STYLE[finding.severity])
    text.append(safe(finding.code), style=_SEVERITY_STYLE[finding.severity])
    text.append(f": {one_line(finding.message)}")
    return text


def _source_block(
    source: SourceReport, index: int, severity: Severity, include_checks: bool
) -> list[RenderableType]:
    findings = [f for f in source_findings(source) if f.severity is severity]
    # The source's evidence is shown once, under its most severe group; a source with
    # nothing worse than notes needs only the notes' own evidence.
    show_evidence = severity is not Severity.INFO and source_severity(source) is severity
    if not findings and not show_evidence:
        return []
    heading = Text(overflow="fold")
    heading.append(f"[{number_text(source, index)}] ", style="bold")
    heading.append(shorten(title_of(source.source), 70), style="bold")
    blocks: list[RenderableType] = [_indented(heading, 2)]
    for finding in findings:
        blocks.append(_indented(_finding_line(finding), 4))
        blocks += _evidence_block(finding_evidence(finding), 8)
    if show_evidence:
        evidence = source_evidence(source) if include_checks else url_evidence(source.source)
        blocks += _evidence_block(evidence, 6)
    return blocks


def _findings_section(report: Report, include_checks: bool) -> list[RenderableType]:
    blocks: list[RenderableType] = []
    document = document_findings(report)
    for severity in SEVERITY_ORDER:
        group: list[RenderableType] = []
        doc_findings = [f for f in by_severity(document) if f.severity is severity]
        if doc_findings:
            group.append(_indented(Text("Document", style="bold"), 2))
            for finding in doc_findings:
                group.append(_indented(_finding_line(finding), 4))
                group += _evidence_block(finding_evidence(finding), 8)
        for index, source in enumerate(report.sources, start=1):
            group += _source_block(source, index, severity, include_checks)
        if group:
            heading = Text(_SEVERITY_HEADING[severity], style=_SEVERITY_STYLE[severity])
            blocks += [Text(""), heading, *group]
    return blocks


def _report_section(report: Report, include_checks: bool, width: int) -> list[RenderableType]:
    title = Text(overflow="fold")
    title.append("citecheck ", style="bold")
    title.append(one_line(report.input) or "-", style="bold cyan")
    blocks: list[RenderableType] = [title]
    if report.sources:
        table = _checks_table(report) if include_checks else _parse_table(report)
        blocks.append(table)
    else:
        blocks.append(Text("No sources found.", style="yellow"))
    blocks += _findings_section(report, include_checks)
    blocks.append(Text(""))
    blocks.append(_summary_line(summary_text(report.summary), [report], width))
    return blocks


def _summary_line(counts: str, reports: Sequence[Report], width: int) -> Text:
    findings = all_findings(reports)
    worst = highest_severity(reports)
    style = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow"}.get(
        worst or Severity.INFO, "bold green"
    )
    text = Text(overflow="fold")
    text.append(counts, style=style)
    tail = f" · {finding_counts_text(findings)}"
    # One line: the finding counts go when they would wrap it.
    if cell_len(counts + tail) <= width:
        text.append(tail)
    return text


def _without_trailing_blanks(line: str) -> str:
    # Keep the style codes (they close styles), drop the blanks between them.
    return _TRAILING_BLANKS.sub(lambda tail: "".join(_STYLE_CODE.findall(tail.group())), line)


class TextFormat:
    """``--format text``: a table per input, findings by severity with evidence, a summary."""

    name = "text"
    summary = "terminal tables and findings"
    suffix = ".txt"

    def render(self, reports: Sequence[Report], options: RenderOptions) -> str:
        """The report as terminal text; ANSI colour only when ``options.color`` is true."""
        buffer = StringIO()
        console = Console(
            file=buffer,
            width=options.width,
            color_system="standard" if options.color else None,
            force_terminal=options.color,
            no_color=not options.color,
            markup=False,
            emoji=False,
            highlight=False,
            legacy_windows=False,
            soft_wrap=False,
        )
        blocks: list[RenderableType] = []
        for position, report in enumerate(reports):
            if position:
                blocks += [Text(""), Rule(style="dim")]
            blocks += _report_section(report, options.include_checks, options.width)
        if len(reports) != 1:
            summary = combined_summary(reports)
            counts = f"{len(reports)} inputs, " + summary_text(summary)
            blocks += [Text(""), _summary_line(counts, reports, options.width)]
        for block in blocks:
            console.print(block)
        # rich pads every line to the full options.width; trailing blanks only get in the way.
        lines = buffer.getvalue().splitlines()
        return "".join(_without_trailing_blanks(line) + "\n" for line in lines)
