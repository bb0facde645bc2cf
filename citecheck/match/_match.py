"""Compare a citation with a page: title, date, author and site, with findings in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from citecheck.http.page import decode_markup
from citecheck.match._agreement import AS_WRITTEN, DateVerdict, compare_dates
from citecheck.match._dates import parse_stamp
from citecheck.match._extract import page_metadata
from citecheck.match._people import authors_agree, site_agrees
from citecheck.match._titles import TITLE_THRESHOLD, TitleScore, score_title
from citecheck.model import Finding, Match, Page, PageMetadata, Severity, Source


def match(
    source: Source,
    html: bytes | str,
    *,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    copy: str = "live",
) -> Match:
    """Whether the page (HTML as fetched) says what the citation says; makes no request.

    ``url`` is where the page was read from (for its domain and URL date); ``copy`` says which
    copy it is, ``live`` or ``archive``.
    """
    text, _ = decode_markup(html, headers)
    metadata = page_metadata(text, url=url or source.url)
    return compare(source, metadata, copy=copy)


def match_page(source: Source, page: Page, *, copy: str = "live") -> Match:
    """:func:`match` over a fetched :class:`~citecheck.model.Page`."""
    return match(source, page.body, url=page.url, headers=page.headers, copy=copy)


def compare(source: Source, metadata: PageMetadata, *, copy: str = "live") -> Match:
    """Score a citation against a page's extracted metadata."""
    title = _title_part(source, metadata)
    date = _date_part(source, metadata)
    author_ok = authors_agree(source.authors, metadata.authors)
    site_ok = site_agrees(source.container, metadata.site_names)
    findings = [*title.findings, *date.findings, *_people_findings(source, author_ok, site_ok)]
    detail = " ".join(
        p for p in (title.detail, date.detail, _people_detail(metadata, author_ok, site_ok)) if p
    )
    verdict = date.verdict
    return Match(
        copy=copy,
        title_found=title.score.found if title.score else None,
        title_score=title.score.score if title.score else None,
        title_agrees=title.agrees,
        date_found=verdict.found.value if verdict.found else None,
        date_agrees=verdict.agrees,
        date_role=verdict.found.role if verdict.agrees and verdict.found else None,
        author_agrees=author_ok,
        site_agrees=site_ok,
        detail=detail,
        findings=tuple(findings),
    )


def detect_drift(source: Source, live: Match, archived: Match, archive_url: str) -> Finding | None:
    """A ``content-drift`` warning when the live page no longer carries the cited title but the
    archived capture does; ``None`` otherwise."""
    if live.title_agrees is not False or archived.title_agrees is not True:
        return None
    cited = f'"{source.title}"' if source.title else "the cited title"
    return Finding(
        code="content-drift",
        severity=Severity.WARNING,
        message=(
            f"The live page no longer carries {cited} (it now says "
            f'"{live.title_found or "no title"}") but the archived copy does; '
            "cite the archived copy."
        ),
        evidence={
            "cited_title": source.title or "",
            "live_title": live.title_found or "",
            "archived_title": archived.title_found or "",
            "archive_url": archive_url,
        },
    )


_UNDECIDED = DateVerdict(None)


@dataclass(frozen=True)
class _Part:
    """One compared field: its verdict, the words that explain it, and its findings."""

    detail: str
    findings: tuple[Finding, ...] = ()
    agrees: bool | None = None
    score: TitleScore | None = None
    verdict: DateVerdict = _UNDECIDED


def _title_part(source: Source, metadata: PageMetadata) -> _Part:
    if not source.title:
        return _Part("No cited title to compare.")
    best = score_title(source.title, metadata.titles, metadata.site_names)
    if best is None or not metadata.titles:
        return _Part("The page offers no title to compare.")
    agrees = best.score >= TITLE_THRESHOLD
    origin = f"{best.origin}, {best.how}"
    if agrees:
        return _Part(
            f'Title agrees: score {best.score:.0f} ≥ {TITLE_THRESHOLD:.0f} against "{best.found}" '
            f"({origin}).",
            agrees=True,
            score=best,
        )
    finding = Finding(
        code="title-mismatch",
        severity=Severity.WARNING,
        message=f'The page\'s titles do not match the cited title; closest is "{best.found}" '
        f"(score {best.score:.0f} < {TITLE_THRESHOLD:.0f}).",
        evidence={
            "cited": source.title,
            "found": best.found,
            "origin": best.origin,
            "score": f"{best.score:.1f}",
        },
    )
    return _Part(
        f"Title disagrees: best score {best.score:.0f} < {TITLE_THRESHOLD:.0f}, against "
        f'"{best.found}" ({origin}).',
        (finding,),
        agrees=False,
        score=best,
    )


def _date_part(source: Source, metadata: PageMetadata) -> _Part:
    if not source.published:
        return _Part("No cited date to compare.")
    verdict = compare_dates(source.published, metadata.dates)
    cited = source.published
    if verdict.agrees is None:
        reason = "the page states no date" if parse_stamp(cited) else "not an ISO 8601 date"
        return _Part(f"Date {cited} not checked: {reason}.", verdict=verdict)
    found = verdict.found
    assert found is not None
    where = f"{found.value} ({found.role}, {found.origin})"
    if not verdict.agrees:
        finding = Finding(
            code="date-mismatch",
            severity=Severity.WARNING,
            message=f"The cited date {cited} is none of the page's dates; it says {where}.",
            evidence={
                "cited": cited,
                "found": found.value,
                "role": found.role,
                "origin": found.origin,
            },
        )
        return _Part(
            f"Date disagrees: cited {cited}, page says {where}.", (finding,), verdict=verdict
        )
    findings: list[Finding] = []
    evidence = {"cited": cited, "found": found.value, "role": found.role, "origin": found.origin}
    if verdict.how != AS_WRITTEN:
        findings.append(
            Finding(
                "date-across-midnight",
                Severity.INFO,
                f"The cited date {cited} agrees with {where} only {verdict.how}.",
                {**evidence, "how": verdict.how},
            )
        )
    if found.role in ("modified", "url"):
        label = "last-modified date" if found.role == "modified" else "date in the URL"
        published = [d.value for d in metadata.dates if d.role in ("published", "created")]
        findings.append(
            Finding(
                f"date-matches-{found.role}-only",
                Severity.WARNING if found.role == "modified" else Severity.INFO,
                f"The cited date {cited} matches only the page's {label} ({found.value})"
                + (f"; it says it was published {published[0]}." if published else "."),
                {**evidence, "published": published[0] if published else ""},
            )
        )
    return _Part(
        f"Date agrees {verdict.how}: cited {cited}, page {where}.", tuple(findings), verdict=verdict
    )


def _people_findings(source: Source, author_ok: bool | None, site_ok: bool | None) -> list[Finding]:
    findings = []
    if author_ok is False:
        findings.append(
            Finding(
                "author-mismatch",
                Severity.INFO,
                "None of the cited authors' surnames appears among the page's authors.",
                {"cited": "; ".join(source.authors)},
            )
        )
    if site_ok is False:
        findings.append(
            Finding(
                "site-mismatch",
                Severity.INFO,
                f'The cited container "{source.container}" names neither the site nor its domain.',
                {"cited": source.container or ""},
            )
        )
    return findings


def _people_detail(metadata: PageMetadata, author_ok: bool | None, site_ok: bool | None) -> str:
    words = {True: "agrees", False: "disagrees"}
    parts = []
    if author_ok is not None:
        parts.append(f"Author {words[author_ok]} (page: {'; '.join(metadata.authors[:4])}).")
    if site_ok is not None:
        parts.append(f"Site {words[site_ok]} (page: {'; '.join(metadata.site_names[:4])}).")
    return " ".join(parts)
