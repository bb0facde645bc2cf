"""The audit's summary: counts over the whole results file, and the sources that need work.

Built by reading the results file once, line by line, so it costs the same memory for a
thousand sources as for a million; only the lists it shows are capped (the results file holds
everything).
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from citecheck.audit.journal import ArticleRecord
from citecheck.model import Severity

SHOWN = 50
"""Rows a summary lists at most per table (errors, unreadable articles, hosts)."""
SUMMARY_FORMATS = ("text", "markdown", "html")
"""The formats a summary can be written in."""


@dataclass(frozen=True)
class Problem:
    """A source whose verdict is ``error``, as the summary lists it."""

    article: str
    number: int | None
    title: str | None
    url: str | None
    link: str | None
    finding: str
    """Its first error finding: ``code: message``."""


@dataclass
class AuditSummary:
    """What the audit found, over every source in the results file."""

    catalogue: str
    results: str
    articles: int = 0
    sources: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    links: Counter[str] = field(default_factory=Counter)
    archives: Counter[str] = field(default_factory=Counter)
    titles_disagree: int = 0
    dates_disagree: int = 0
    findings: Counter[tuple[str, str]] = field(default_factory=Counter)
    """``(severity, code)`` → how many sources or articles have it."""
    dead_hosts: Counter[str] = field(default_factory=Counter)
    articles_with_errors: int = 0
    problems: list[Problem] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    unreadable_count: int = 0
    run_findings: list[dict[str, Any]] = field(default_factory=list)
    worst: Severity | None = None
    """The highest severity among all verdicts and findings (for the exit code)."""

    def _raise(self, severity: Severity) -> None:
        if self.worst is None or severity.rank > self.worst.rank:
            self.worst = severity


def summarise(
    lines: Iterable[dict[str, Any]],
    articles: Iterable[ArticleRecord],
    *,
    catalogue: str,
    results: str,
    run_findings: Iterable[dict[str, Any]] = (),
) -> AuditSummary:
    """Count ``lines`` (the results file's objects) and ``articles`` (the journal's records)."""
    summary = AuditSummary(catalogue, results, run_findings=list(run_findings))
    erring: set[str] = set()
    for line in lines:
        _count_line(summary, line, erring)
    summary.articles_with_errors = len(erring)
    for record in articles:
        _count_article(summary, record)
    for finding in summary.run_findings:
        summary._raise(Severity(finding["severity"]))
    return summary


def _count_line(summary: AuditSummary, line: dict[str, Any], erring: set[str]) -> None:
    summary.sources += 1
    verdict = str(line.get("verdict"))
    summary.verdicts[verdict] += 1
    summary.links[str((line.get("link") or {}).get("status") or "not run")] += 1
    summary.archives[str((line.get("archive") or {}).get("status") or "not run")] += 1
    match = line.get("match") or {}
    summary.titles_disagree += match.get("title_agrees") is False
    summary.dates_disagree += match.get("date_agrees") is False
    findings = line.get("findings") or []
    for code in {(str(f["severity"]), str(f["code"])) for f in findings}:
        summary.findings[code] += 1
        summary._raise(Severity(code[0]))
    if verdict in ("warning", "error"):
        summary._raise(Severity(verdict))
    if (line.get("link") or {}).get("status") == "dead":
        summary.dead_hosts[(urlsplit(str(line.get("url") or "")).hostname or "-").lower()] += 1
    if verdict == "error":
        erring.add(str(line.get("input")))
        if len(summary.problems) < SHOWN:
            summary.problems.append(_problem(line, findings))


def _problem(line: dict[str, Any], findings: list[dict[str, Any]]) -> Problem:
    first = next((f for f in findings if f.get("severity") == "error"), None)
    words = f"{first['code']}: {first['message']}" if first else "error"
    return Problem(
        str(line.get("input")),
        line.get("number"),
        line.get("title"),
        line.get("url"),
        (line.get("link") or {}).get("status"),
        words,
    )


def _count_article(summary: AuditSummary, record: ArticleRecord) -> None:
    summary.articles += 1
    if record.error is not None:
        summary.unreadable_count += 1
        summary._raise(Severity.ERROR)
        if len(summary.unreadable) < SHOWN:
            summary.unreadable.append((record.input, record.error))
        return
    for finding in (record.document or {}).get("findings", []):
        summary.findings[(str(finding["severity"]), str(finding["code"]))] += 1
        summary._raise(Severity(finding["severity"]))


# -- rendering -------------------------------------------------------------------------------


def render_summary(summary: AuditSummary, format: str) -> str:
    """``summary`` as ``text``, ``markdown`` or ``html``."""
    if format == "text":
        return _text(summary)
    if format == "markdown":
        return _markdown(summary)
    if format == "html":
        return _html(summary)
    raise ValueError(f"unknown summary format {format!r} (choose from {SUMMARY_FORMATS})")


def _headline(s: AuditSummary) -> str:
    return (
        f"{s.sources} sources in {s.articles} articles: {s.verdicts['ok']} ok, "
        f"{s.verdicts['warning']} warning, {s.verdicts['error']} error"
        f" · {s.articles_with_errors} articles with errors · {s.unreadable_count} unreadable"
    )


def _tables(s: AuditSummary) -> list[tuple[str, list[str], list[list[str]]]]:
    """Every table of the summary: title, header, rows."""
    tables = [
        ("Link status", ["status", "sources"], _counted(s.links)),
        ("Archive", ["status", "sources"], _counted(s.archives)),
        (
            "Match",
            ["check", "sources"],
            [
                ["title disagrees", str(s.titles_disagree)],
                ["date disagrees", str(s.dates_disagree)],
            ],
        ),
        (
            "Findings",
            ["severity", "code", "count"],
            [
                [sev, code, str(n)]
                for (sev, code), n in sorted(
                    s.findings.items(), key=lambda kv: (-Severity(kv[0][0]).rank, -kv[1], kv[0][1])
                )
            ],
        ),
        ("Hosts with the most dead links", ["host", "dead"], _counted(s.dead_hosts, SHOWN)),
    ]
    if s.problems:
        tables.append(
            (
                f"Sources in error (first {len(s.problems)} of {s.verdicts['error']})",
                ["article", "#", "title", "link", "why"],
                [
                    [p.article, str(p.number or "-"), p.title or "-", p.link or "-", p.finding]
                    for p in s.problems
                ],
            )
        )
    if s.unreadable:
        tables.append(
            (
                f"Unreadable articles ({len(s.unreadable)} of {s.unreadable_count})",
                ["article", "why"],
                [list(row) for row in s.unreadable],
            )
        )
    if s.run_findings:
        tables.append(
            (
                "About the run",
                ["severity", "code", "message"],
                [[f["severity"], f["code"], f["message"]] for f in s.run_findings],
            )
        )
    return tables


def _counted(counter: Counter[str], most: int | None = None) -> list[list[str]]:
    return [[key, str(n)] for key, n in counter.most_common(most)]


def _text(s: AuditSummary) -> str:
    out = [f"citecheck audit: {s.catalogue}", _headline(s), f"results: {s.results}", ""]
    for title, header, rows in _tables(s):
        if not rows:
            continue
        out.append(title)
        widths = [min(60, max(len(c) for c in col)) for col in zip(header, *rows, strict=False)]
        for row in [header, *rows]:
            cells = [_clip(c, w).ljust(w) for c, w in zip(row, widths, strict=False)]
            out.append("  " + "  ".join(cells).rstrip())
        out.append("")
    return "\n".join(out)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _markdown(s: AuditSummary) -> str:
    out = [f"### citecheck audit: {_md(s.catalogue)}", "", _headline(s), ""]
    out.append(f"Results: `{s.results}`")
    for title, header, rows in _tables(s):
        if not rows:
            continue
        out += ["", f"#### {_md(title)}", "", "| " + " | ".join(header) + " |"]
        out.append("|" + "---|" * len(header))
        out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _html(s: AuditSummary) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>citecheck audit: {html.escape(s.catalogue)}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;"
        "padding:0 1em}table{border-collapse:collapse;margin-bottom:1.5em}"
        "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}"
        "th{background:#f4f4f4}</style></head><body>",
        f"<h1>citecheck audit: {html.escape(s.catalogue)}</h1>",
        f"<p>{html.escape(_headline(s))}</p>",
        f"<p>Results: <code>{html.escape(s.results)}</code></p>",
    ]
    for title, header, rows in _tables(s):
        if not rows:
            continue
        parts.append(f"<h2>{html.escape(title)}</h2><table><tr>")
        parts += [f"<th>{html.escape(h)}</th>" for h in header]
        parts.append("</tr>")
        for row in rows:
            cells = "".join(f"<td>{html.escape(c)}</td>" for c in row)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def summary_format_for(path: Path | None, given: str | None) -> str:
    """The format asked for, else the one the summary file's name suggests, else text."""
    if given:
        return given
    suffix = path.suffix.lower() if path else ""
    return {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}.get(
        suffix, "text"
    )
