"""Helpers every output format shares: safe text, finding collection, cell texts, evidence."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from citecheck.model import (
    ArchiveResult,
    ArchiveStatus,
    Finding,
    LinkResult,
    LinkStatus,
    Match,
    Report,
    Severity,
    Source,
    SourceReport,
    Summary,
    Verdict,
)

# Characters no output may carry: C0/C1 controls (except tab and newline), lone surrogates
# (unencodable as UTF-8) and the XML non-characters U+FFFE/U+FFFF.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")

SEVERITY_ORDER: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)
"""Most severe first, the order findings are listed in."""

VERDICT_SEVERITY = {
    Verdict.OK: Severity.INFO,
    Verdict.WARNING: Severity.WARNING,
    Verdict.ERROR: Severity.ERROR,
}
"""The severity a verdict counts as for ``--fail-on``."""

_DATE_ROLE_SHORT = {"published": "", "modified": "upd", "updated": "upd", "created": "new"}


def safe(text: str) -> str:
    """``text`` without characters that break terminals, XML or UTF-8 (replaced by U+FFFD)."""
    return _UNSAFE.sub("\ufffd", text)


def one_line(text: str) -> str:
    """``text`` made safe, with every run of whitespace (line breaks too) as one space."""
    return _SPACES.sub(" ", safe(text)).strip()


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters with ``…``."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def is_web_url(url: str | None) -> bool:
    """Whether ``url`` is an absolute http(s) URL, the only kind rendered as a link."""
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def number_text(report: SourceReport, index: int) -> str:
    """The source's number, or ``#<position>`` (1-based) when the list is unnumbered."""
    number = report.source.number
    return str(number) if number is not None else f"#{index}"


def title_of(source: Source) -> str:
    """The best name for a source: its title, else its container, URL or raw text."""
    for candidate in (source.title, source.container, source.url, source.url_as_written):
        if candidate and candidate.strip():
            return one_line(candidate)
    return one_line(source.raw) or "(empty entry)"


def _unique(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    # A Finding holds a dict, so it cannot be hashed; its key can (a list here was quadratic).
    seen: set[tuple[str, str, str, tuple[tuple[str, str], ...]]] = set()
    unique: list[Finding] = []
    for finding in findings:
        key = (finding.code, finding.severity, finding.message, tuple(finding.evidence.items()))
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return tuple(unique)


def source_findings(report: SourceReport) -> tuple[Finding, ...]:
    """Every finding about one source, once each.

    ``SourceReport.findings`` should already hold them all; the findings of the parsed source
    and of each stage are added when missing, so a hand-built report loses nothing.
    """
    stage_findings: list[Finding] = list(report.findings) + list(report.source.findings)
    if report.link is not None:
        stage_findings += report.link.findings
    if report.match is not None:
        stage_findings += report.match.findings
    return _unique(stage_findings)


def document_findings(report: Report) -> tuple[Finding, ...]:
    """Run- and document-level findings (the report's and the parsed document's), once each."""
    return _unique([*report.findings, *report.document.findings])


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` most severe first, keeping their order within a severity."""
    return sorted(findings, key=lambda finding: -finding.severity.rank)


def combined_summary(reports: Sequence[Report]) -> Summary:
    """Verdict counts over every report."""
    summaries = [report.summary for report in reports]
    return Summary(
        sources=sum(s.sources for s in summaries),
        ok=sum(s.ok for s in summaries),
        warning=sum(s.warning for s in summaries),
        error=sum(s.error for s in summaries),
    )


def source_severity(report: SourceReport) -> Severity:
    """The highest severity among a source's verdict and findings."""
    ranks = [VERDICT_SEVERITY[report.verdict], *(f.severity for f in source_findings(report))]
    return max(ranks, key=lambda severity: severity.rank)


def highest_severity(reports: Sequence[Report]) -> Severity | None:
    """The highest severity of any verdict or finding in ``reports``; ``None`` when empty.

    An ``ok`` verdict counts as ``info``. The CLI exits 1 when this reaches ``--fail-on``.
    """
    severities: list[Severity] = []
    for report in reports:
        severities += [f.severity for f in document_findings(report)]
        severities += [source_severity(source) for source in report.sources]
    return max(severities, key=lambda severity: severity.rank, default=None)


def reaches(severity: Severity | None, threshold: Severity) -> bool:
    """Whether ``severity`` is at or above ``threshold``."""
    return severity is not None and severity.rank >= threshold.rank


def summary_text(summary: Summary) -> str:
    """``5 sources: 3 ok, 1 warning, 1 error``."""
    noun = "source" if summary.sources == 1 else "sources"
    return (
        f"{summary.sources} {noun}: {summary.ok} ok, {summary.warning} warning, "
        f"{summary.error} error"
    )


def finding_counts_text(findings: Iterable[Finding]) -> str:
    """``findings: 2 error, 1 warning, 4 info`` (only the severities present)."""
    counts = {severity: 0 for severity in SEVERITY_ORDER}
    for finding in findings:
        counts[finding.severity] += 1
    parts = [f"{count} {severity.value}" for severity, count in counts.items() if count]
    return ("findings: " + ", ".join(parts)) if parts else "no findings"


def all_findings(reports: Sequence[Report]) -> list[Finding]:
    """Every finding of every report, document-level and per source."""
    found: list[Finding] = []
    for report in reports:
        found += document_findings(report)
        for source in report.sources:
            found += source_findings(source)
    return found


# --- cell texts -------------------------------------------------------------------------------


def link_text(link: LinkResult | None) -> str:
    """The link status word; ``unchecked`` when the live check did not run."""
    return LinkStatus.UNCHECKED.value if link is None else link.status.value


def archive_text(archive: ArchiveResult | None) -> str:
    """The archive status word; ``–`` when the archive stage did not run."""
    return "–" if archive is None else archive.status.value


def _mark(agrees: bool | None) -> str:
    return {True: "✓", False: "✗", None: "?"}[agrees]


def format_score(score: float | None) -> str | None:
    """A title score without needless decimals (``96.5``, ``100``); ``None`` stays ``None``."""
    if score is None or math.isnan(score):
        return None
    return f"{score:.1f}".removesuffix(".0")


def title_cell(match: Match | None) -> str:
    """``✓ 96``, ``✗ 41``, ``?`` or ``–`` when nothing was compared."""
    if match is None or (match.title_agrees is None and match.title_score is None):
        return "–"
    mark = _mark(match.title_agrees)
    score = match.title_score
    if score is None or math.isnan(score):
        return mark
    return f"{mark} {round(score)}"


def date_cell(match: Match | None) -> str:
    """``✓`` (published date), ``✓ upd``/``✓ url`` for other roles, ``✗``, ``?`` or ``–``."""
    if match is None or (match.date_agrees is None and match.date_found is None):
        return "–"
    mark = _mark(match.date_agrees)
    role = match.date_role or ""
    short = _DATE_ROLE_SHORT.get(role, role[:4])
    return f"{mark} {short}" if match.date_agrees and short else mark


def iso_datetime(moment: datetime) -> str:
    """A capture time as ``2025-01-31T10:00:00Z`` (naive times are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def human_datetime(moment: datetime) -> str:
    """A capture time as ``2025-01-31 10:00 UTC``."""
    return iso_datetime(moment).replace("T", " ")[:16] + " UTC"


# --- evidence ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """One labelled line of evidence about a source (``title: cited "…" · found "…"``)."""

    label: str
    """What the line is about: ``url``, ``link``, ``redirects``, ``title``, ``date`` ..."""
    text: str
    """The evidence, on one line, made safe but not escaped for any format."""
    url: str | None = None
    """A URL the line refers to, for formats that can link it."""


def _quoted(value: str | None) -> str:
    return f"“{one_line(value)}”" if value else "(none)"


def url_evidence(source: Source) -> list[Evidence]:
    """URL as written → repaired, and the other repair candidates."""
    lines: list[Evidence] = []
    written, url = source.url_as_written, source.url
    if url and written and one_line(written) != one_line(url):
        lines.append(Evidence("url", f"{one_line(written)} → {one_line(url)}", url))
    elif url or written:
        lines.append(Evidence("url", one_line(url or written or ""), url))
    else:
        lines.append(Evidence("url", "(no URL in the entry)"))
    others = [c for c in source.url_candidates if c != url]
    if others:
        lines.append(Evidence("candidates", " | ".join(one_line(c) for c in others)))
    if source.doi:
        lines.append(Evidence("doi", one_line(source.doi)))
    return lines


def link_evidence(link: LinkResult | None) -> list[Evidence]:
    """Link status with HTTP status and reason, and the redirect chain."""
    if link is None:
        return [Evidence("link", "unchecked (the live check did not run)")]
    status = link.status.value
    if link.http_status is not None:
        status += f" (HTTP {link.http_status})"
    if link.detail:
        status += f": {one_line(link.detail)}"
    lines = [Evidence("link", status, link.url)]
    if link.redirects:
        hops = [f"{hop.status} {one_line(hop.url)}" for hop in link.redirects]
        final = one_line(link.final_url) if link.final_url else "?"
        lines.append(Evidence("redirects", " → ".join([*hops, final]), link.final_url))
    elif link.final_url and link.final_url != link.url:
        lines.append(Evidence("final url", one_line(link.final_url), link.final_url))
    return lines


def match_evidence(source: Source, match: Match | None) -> list[Evidence]:
    """Title found vs cited, date found vs cited, author and site agreement."""
    if match is None:
        return []
    copy = f" on the {match.copy} copy" if match.copy else ""
    score = format_score(match.title_score)
    title = f"{_mark(match.title_agrees)} cited {_quoted(source.title)} · found"
    title += f" {_quoted(match.title_found)}{copy}"
    if score is not None:
        title += f" (score {score})"
    lines = [Evidence("title", title)]
    cited_date = source.published or source.accessed
    date = f"{_mark(match.date_agrees)} cited {cited_date or '(none)'} · found"
    date += f" {one_line(match.date_found) if match.date_found else '(none)'}"
    if match.date_role:
        date += f" ({one_line(match.date_role)})"
    lines.append(Evidence("date", date))
    if match.author_agrees is not None:
        lines.append(Evidence("author", "agrees" if match.author_agrees else "disagrees"))
    if match.site_agrees is not None:
        lines.append(Evidence("site", "agrees" if match.site_agrees else "disagrees"))
    if match.detail:
        lines.append(Evidence("match", one_line(match.detail)))
    return lines


def archive_evidence(archive: ArchiveResult | None) -> list[Evidence]:
    """The archived copy (URL and capture time), or why there is none."""
    if archive is None:
        return []
    snapshot = archive.snapshot
    if archive.status is ArchiveStatus.FOUND and snapshot is not None:
        text = f"{one_line(snapshot.url)} (captured {human_datetime(snapshot.captured)})"
        return [Evidence("archive", text, snapshot.url)]
    status, detail = archive.status.value, one_line(archive.detail) if archive.detail else ""
    # Lookup details may already start with the status word ("none: ..."); say it once.
    text = detail if detail.startswith(f"{status}:") else status + (f": {detail}" if detail else "")
    return [Evidence("archive", text)]


def source_evidence(report: SourceReport) -> list[Evidence]:
    """All the evidence about one source, in the order a person checks it."""
    return [
        *url_evidence(report.source),
        *link_evidence(report.link),
        *match_evidence(report.source, report.match),
        *archive_evidence(report.archive),
    ]


def finding_evidence(finding: Finding) -> list[Evidence]:
    """A finding's own named values, one line each."""
    return [
        Evidence(one_line(key), one_line(value), value if is_web_url(value) else None)
        for key, value in finding.evidence.items()
    ]
