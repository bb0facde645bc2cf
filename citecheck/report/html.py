"""``--format html``: one self-contained page an editor opens, a card per source.

Everything a reader sees comes from the document itself: inline CSS, no script, no external
asset, and a Content-Security-Policy that forbids loading anything should a value slip through.
All user text is escaped; only http(s) URLs become links.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from citecheck.model import Finding, Report, Severity, Source, SourceReport
from citecheck.report._common import (
    all_findings,
    archive_text,
    by_severity,
    combined_summary,
    document_findings,
    finding_counts_text,
    finding_evidence,
    format_score,
    human_datetime,
    is_web_url,
    link_text,
    number_text,
    one_line,
    safe,
    source_findings,
    summary_text,
    title_of,
)
from citecheck.report.options import RenderOptions

_CSS = """
:root { --fg: #1b1f24; --bg: #f6f7f9; --card: #fff; --muted: #5b6470;
  --line: #d8dde3; --ok: #1a7f37; --warning: #9a6700; --error: #cf222e; --info: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --card: #161b22;
  --muted: #9198a1; --line: #30363d; --ok: #3fb950; --warning: #d29922; --error: #f85149;
  --info: #58a6ff; } }
* { box-sizing: border-box; }
body { margin: 0; padding: 1.5rem; font: 15px/1.45 system-ui, -apple-system, "Segoe UI",
  Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 72rem; margin: 0 auto; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; overflow-wrap: anywhere; }
h3 { font-size: 1.05rem; margin: 0; flex: 1; overflow-wrap: anywhere; }
a { color: var(--info); overflow-wrap: anywhere; }
code { font: .9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.summary { font-weight: 600; }
.counts span { margin-right: 1rem; }
.cards { display: grid; gap: 1rem; }
.card { background: var(--card); border: 1px solid var(--line); border-left: 6px solid var(--ok);
  border-radius: 8px; padding: 1rem 1.25rem; }
.card.warning { border-left-color: var(--warning); }
.card.error { border-left-color: var(--error); }
.card header { display: flex; gap: .75rem; align-items: baseline; }
.num { font-weight: 700; color: var(--muted); }
.badge { display: inline-block; padding: 0 .5rem; border-radius: 1rem; font-size: .85em;
  font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.ok, .alive, .found, .yes { color: var(--ok); }
.warning, .redirected, .blocked, .unreachable, .none, .unknown { color: var(--warning); }
.error, .dead, .no { color: var(--error); }
.unchecked, .skipped, .notrun { color: var(--muted); }
.card.ok, .card.warning, .card.error { color: inherit; }
.meta { color: var(--muted); margin: .25rem 0 .75rem; overflow-wrap: anywhere; }
table.compare { width: 100%; border-collapse: collapse; table-layout: fixed; }
.compare th, .compare td { text-align: left; vertical-align: top; padding: .35rem .5rem;
  border-top: 1px solid var(--line); overflow-wrap: anywhere; }
.compare thead th { border-top: 0; color: var(--muted); font-weight: 600; }
.compare col.label { width: 7rem; }
.compare th[scope=row] { color: var(--muted); font-weight: 600; }
.checks { margin: .75rem 0 0; display: grid; grid-template-columns: 7rem 1fr; gap: .25rem .5rem; }
.checks dt { color: var(--muted); font-weight: 600; }
.checks dd { margin: 0; overflow-wrap: anywhere; }
.chain { margin: .25rem 0 0; padding-left: 1.25rem; }
.links { margin: .75rem 0 0; display: flex; gap: 1rem; flex-wrap: wrap; }
ul.findings { margin: .75rem 0 0; padding-left: 1.25rem; }
ul.findings li { margin: .2rem 0; overflow-wrap: anywhere; }
ul.findings li::marker { color: var(--muted); }
.sev { font-weight: 700; text-transform: uppercase; font-size: .75em; margin-right: .35rem; }
.evidence { color: var(--muted); margin: .1rem 0 0; padding-left: 1rem; list-style: none; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85em; }
@media print { body { background: #fff; } .card { break-inside: avoid; } }
"""

# No fetch of any kind is allowed; links still navigate (navigation is not a fetch).
_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


_COLUMNS = '<colgroup><col class="label"><col><col></colgroup>'


def esc(text: str | None) -> str:
    """``text`` made safe and HTML-escaped (quotes too, so it may sit in an attribute)."""
    return html.escape(safe(text or ""), quote=True)


def anchor(text: str, url: str | None) -> str:
    """A link that opens in a new tab, for http(s) URLs only; otherwise escaped text."""
    if not url or not is_web_url(url):
        return esc(text)
    return (
        f'<a href="{esc(url.strip())}" target="_blank" rel="noopener noreferrer nofollow">'
        f"{esc(text)}</a>"
    )


def _mark(agrees: bool | None) -> str:
    label, css = _MARKS[agrees]
    return f'<span class="{css}">{label}</span>'


_MARKS = {True: ("✓ agrees", "yes"), False: ("✗ differs", "no"), None: ("? unknown", "unknown")}


def _badge(text: str, css: str) -> str:
    return f'<span class="badge {esc(css)}">{esc(text)}</span>'


def _row(label: str, cited: str, found: str) -> str:
    return f'<tr><th scope="row">{label}</th><td>{cited}</td><td>{found}</td></tr>'


def _empty(value: str | None) -> str:
    return esc(one_line(value)) if value else '<span class="notrun">–</span>'


def _comparison(report: SourceReport, include_checks: bool) -> str:
    source, match = report.source, report.match
    rows: list[str] = []
    url_written = source.url_as_written or source.url
    url_found = anchor(one_line(source.url), source.url) if source.url else _empty(None)
    if not include_checks:
        rows.append(_row("Title", _empty(source.title), ""))
        rows.append(_row("Date", _empty(source.published), ""))
        rows.append(_row("URL", _empty(url_written), url_found))
        head = "<thead><tr><th></th><th>Cited</th><th>Repaired</th></tr></thead>"
        return f'<table class="compare">{_COLUMNS}{head}<tbody>{"".join(rows)}</tbody></table>'
    if match is None:
        title_found = date_found = '<span class="notrun">not compared</span>'
    else:
        copy = f" <small>({esc(match.copy)} copy)</small>" if match.copy else ""
        score = format_score(match.title_score)
        score_text = f" · score {esc(score)}" if score is not None else ""
        title_found = (
            f"{_empty(match.title_found)}{copy}<br>{_mark(match.title_agrees)}{score_text}"
        )
        role = f" ({esc(match.date_role)})" if match.date_role else ""
        date_found = f"{_empty(match.date_found)}{role}<br>{_mark(match.date_agrees)}"
    rows.append(_row("Title", _empty(source.title), title_found))
    rows.append(_row("Date", _empty(source.published or source.accessed), date_found))
    if match is not None and match.author_agrees is not None:
        rows.append(_row("Author", _empty("; ".join(source.authors)), _mark(match.author_agrees)))
    if match is not None and match.site_agrees is not None:
        rows.append(_row("Site", _empty(source.container), _mark(match.site_agrees)))
    rows.append(_row("URL", _empty(url_written), url_found))
    head = "<thead><tr><th></th><th>Cited</th><th>Found</th></tr></thead>"
    return f'<table class="compare">{_COLUMNS}{head}<tbody>{"".join(rows)}</tbody></table>'


def _link_check(report: SourceReport) -> str:
    link, archive = report.link, report.archive
    status = link_text(link)
    parts = [_badge(status, status)]
    if (
        link is not None
        and link.http_status is not None
        and f"HTTP {link.http_status}" not in (link.detail or "")
    ):
        parts.append(f"HTTP {link.http_status}")
    if link is not None and link.detail:
        parts.append(esc(one_line(link.detail)))
    items = [f"<dt>Link</dt><dd>{' · '.join(parts)}"]
    if link is not None and link.redirects:
        hops = [
            f"<li>{hop.status} {anchor(one_line(hop.url), hop.url)}</li>" for hop in link.redirects
        ]
        final = link.final_url or ""
        hops.append(f"<li>{anchor(one_line(final), final) if final else '?'}</li>")
        items.append(f'<ol class="chain">{"".join(hops)}</ol>')
    items.append("</dd>")
    archive_status = archive_text(archive)
    archive_css = "notrun" if archive is None else archive_status
    archive_parts = [_badge(archive_status if archive else "not run", archive_css)]
    if archive is not None and archive.snapshot is not None:
        captured = human_datetime(archive.snapshot.captured)
        archive_parts.append(f"captured {esc(captured)}")
    if archive is not None and archive.detail:
        detail = one_line(archive.detail)
        prefix = f"{archive_status}: "
        archive_parts.append(esc(detail[len(prefix) :] if detail.startswith(prefix) else detail))
    items.append(f"<dt>Archive</dt><dd>{' · '.join(archive_parts)}</dd>")
    if report.match is not None and report.match.detail:
        items.append(f"<dt>Match</dt><dd>{esc(one_line(report.match.detail))}</dd>")
    return f'<dl class="checks">{"".join(items)}</dl>'


def _links(report: SourceReport) -> str:
    links: list[str] = []
    live = report.link.final_url if report.link and report.link.final_url else report.source.url
    if is_web_url(live):
        links.append(anchor("Open the live page", live))
    snapshot = report.archive.snapshot if report.archive else None
    if snapshot is not None and is_web_url(snapshot.url):
        links.append(anchor("Open the archived copy", snapshot.url))
    return f'<p class="links">{"".join(links)}</p>' if links else ""


def _findings_list(findings: Iterable[Finding]) -> str:
    items: list[str] = []
    for finding in by_severity(findings):
        severity = finding.severity.value
        evidence = "".join(
            f"<li>{esc(line.label)}: {anchor(line.text, line.url)}</li>"
            for line in finding_evidence(finding)
        )
        evidence_list = f'<ul class="evidence">{evidence}</ul>' if evidence else ""
        items.append(
            f'<li><span class="sev {severity}">{severity}</span><code>{esc(finding.code)}</code> '
            f"{esc(one_line(finding.message))}{evidence_list}</li>"
        )
    return f'<ul class="findings">{"".join(items)}</ul>' if items else ""


def _meta(source: Source) -> str:
    parts = [
        "; ".join(one_line(a) for a in source.authors),
        one_line(source.container or ""),
        f"published {one_line(source.published)}" if source.published else "",
        f"accessed {one_line(source.accessed)}" if source.accessed else "",
        f"DOI {one_line(source.doi)}" if source.doi else "",
    ]
    text = " · ".join(part for part in parts if part)
    return f'<p class="meta">{esc(text)}</p>' if text else ""


def _card(report: SourceReport, index: int, anchor_id: str, include_checks: bool) -> str:
    verdict = report.verdict.value
    number = esc(number_text(report, index))
    body = [
        f'<article class="card {verdict}" id="{anchor_id}">',
        f'<header><span class="num">[{number}]</span><h3>{esc(title_of(report.source))}</h3>'
        f"{_badge(verdict, verdict)}</header>",
        _meta(report.source),
        _comparison(report, include_checks),
    ]
    if include_checks:
        body += [_link_check(report), _links(report)]
    body += [_findings_list(source_findings(report)), "</article>"]
    return "\n".join(part for part in body if part)


def _counts(reports: Sequence[Report]) -> str:
    summary = combined_summary(reports)
    return (
        '<p class="counts">'
        f'<span class="ok">{summary.ok} ok</span>'
        f'<span class="warning">{summary.warning} warning</span>'
        f'<span class="error">{summary.error} error</span></p>'
    )


def _section(report: Report, position: int, include_checks: bool) -> str:
    findings = all_findings([report])
    parts = [
        f'<section class="report" id="input-{position}">',
        f"<h2>{esc(report.input)}</h2>",
        f'<p class="summary">{esc(summary_text(report.summary))} · '
        f"{esc(finding_counts_text(findings))}</p>",
    ]
    document = document_findings(report)
    if document:
        parts.append("<h3>Document</h3>" + _findings_list(document))
    if report.sources:
        cards = [
            _card(source, index, f"input-{position}-source-{index}", include_checks)
            for index, source in enumerate(report.sources, start=1)
        ]
        parts.append('<div class="cards">\n' + "\n".join(cards) + "\n</div>")
    else:
        parts.append("<p>No sources found.</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _title(reports: Sequence[Report]) -> str:
    if len(reports) == 1:
        return f"citecheck report: {one_line(reports[0].input)}"
    return f"citecheck report: {len(reports)} inputs"


class HtmlFormat:
    """``--format html``: a self-contained HTML5 page."""

    name = "html"
    summary = "a self-contained page"
    suffix = ".html"

    def render(self, reports: Sequence[Report], options: RenderOptions) -> str:
        """The page; open it in any browser, offline."""
        summary = combined_summary(reports)
        worst = max(
            (f.severity for f in all_findings(reports)),
            key=lambda severity: severity.rank,
            default=Severity.INFO,
        )
        lead = esc(summary_text(summary))
        if len(reports) != 1:
            lead = f"{len(reports)} inputs, {lead}"
        sections = "\n".join(
            _section(report, position, options.include_checks)
            for position, report in enumerate(reports, start=1)
        )
        worst_text = "none" if worst is Severity.INFO else worst.value
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="generator" content="citecheck">
<title>{esc(_title(reports))}</title>
<style>{_CSS}</style>
</head>
<body>
<main>
<header>
<h1>citecheck report</h1>
<p class="summary">{lead}</p>
{_counts(reports)}
<p>Most severe finding: <span class="{esc(worst_text)}">{esc(worst_text)}</span>.
Legend: ✓ agrees with the citation · ✗ differs · ? could not be decided · – not checked.</p>
</header>
{sections}
<footer>Generated by citecheck. Links open the live page or its archived copy.</footer>
</main>
</body>
</html>
"""
