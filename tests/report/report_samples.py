"""Hand-built reports in every shape the formats must handle."""

from __future__ import annotations

from datetime import UTC, datetime

from citecheck.model import (
    ArchiveResult,
    ArchiveStatus,
    Document,
    Finding,
    LinkResult,
    LinkStatus,
    Markers,
    Match,
    Redirect,
    Report,
    Severity,
    Snapshot,
    Source,
    SourceReport,
    Span,
    Verdict,
)

HOSTILE = '<script>alert("x")</script> | *bold* _it_ [link](javascript:alert(1)) & @octocat `code`'
"""A title that tries to run a script, break a table and ping a user."""

BI_URL = (
    "https://www.businessinsider.com/trump-taiwan-chip-tariffs-nvidia-stock-tsmc-deepseek-2025-1"
)
CNBC_URL = (
    "https://www.cnbc.com/2025/01/30/"
    "openai-in-talks-to-raise-up-to-40-billion-at-340-billion-valuation.html"
)


def _source(number: int | None, title: str | None, url: str | None, **extra: object) -> Source:
    label = "" if number is None else f"{number}."
    raw = f"{label} Author. “{title}.” Site, 2025, {url}".strip()
    return Source(number=number, label=label, raw=raw, title=title, url=url, **extra)  # type: ignore[arg-type]


def _document(
    name: str,
    sources: list[Source],
    findings: tuple[Finding, ...] = (),
    document_format: str = "text",
    markers: Markers | None = None,
) -> Document:
    numbers = tuple(s.number for s in sources if s.number is not None)
    return Document(
        sources=tuple(sources),
        markers=markers or Markers(cited=numbers),
        findings=findings,
        name=name,
        format=document_format,
    )


def checked_report() -> Report:
    """Five sources with every verdict: alive, moved, dead+archived, blocked, drifted."""
    split = Finding(
        "url-split-repaired",
        Severity.INFO,
        "The URL was split by a space at a line wrap; joined.",
        {
            "as_written": "www.investors.com/market-trend/ stock-market-today/",
            "repaired": "https://www.investors.com/market-trend/stock-market-today/",
        },
    )
    s1 = _source(
        1,
        "Futures: AI Leaders Crumble on DeepSeek Fears",
        "https://www.investors.com/market-trend/stock-market-today/",
        url_as_written="www.investors.com/market-trend/ stock-market-today/",
        container="Investor's Business Daily",
        published="2025-01-28",
        authors=("Scott Lehtonen",),
        span=Span(100, 260),
        findings=(split,),
    )
    r1 = SourceReport(
        source=s1,
        link=LinkResult(LinkStatus.ALIVE, s1.url or "", 200, s1.url, detail="200 OK"),
        archive=ArchiveResult(ArchiveStatus.SKIPPED, detail="the live page matches"),
        match=Match(
            "live",
            s1.title,
            100.0,
            True,
            "2025-01-28",
            True,
            "published",
            author_agrees=True,
            site_agrees=True,
            detail="exact title",
        ),
        verdict=Verdict.OK,
        findings=(split,),
    )
    moved = Finding(
        "link-moved",
        Severity.WARNING,
        "The page moved permanently; update the URL.",
        {"new_url": "https://www.semiconductors.org/new-home/"},
    )
    s2 = _source(
        2,
        "America Projected to Triple Semiconductor Manufacturing Capacity by 2032",
        "http://www.semiconductors.org/old/",
        published="2024-05-08",
    )
    r2 = SourceReport(
        source=s2,
        link=LinkResult(
            LinkStatus.REDIRECTED,
            "http://www.semiconductors.org/old/",
            200,
            "https://www.semiconductors.org/new-home/",
            redirects=(
                Redirect("http://www.semiconductors.org/old/", 301),
                Redirect("https://www.semiconductors.org/old/", 308),
            ),
            detail="moved permanently",
        ),
        archive=None,
        match=Match(
            "live",
            "America Projected to Triple Semiconductor Capacity",
            91.25,
            True,
            "2024-05-09",
            True,
            "modified",
        ),
        verdict=Verdict.WARNING,
        findings=(moved,),
    )
    dead = Finding(
        "link-dead", Severity.ERROR, "The page answers 404 Not Found.", {"status": "404"}
    )
    rescued = Finding(
        "archived-copy-found",
        Severity.INFO,
        "An archived copy from the access date matches the citation.",
        {"archive_url": "https://web.archive.org/web/20250131100000/" + BI_URL},
    )
    s3 = _source(
        3,
        "Trump's Taiwan Chip Tariff Threat Could Be a Fresh Blow to Nvidia",
        BI_URL,
        url_as_written="www.businessinsider.com/trump-taiwan-chip-tariffs-nvidia-stock-"
        "tsmc-deepseek-2025-1",
        published="2025-01-28",
        url_candidates=(BI_URL, BI_URL + "4"),
    )
    r3 = SourceReport(
        source=s3,
        link=LinkResult(LinkStatus.DEAD, BI_URL, 404, BI_URL, detail="404 Not Found"),
        archive=ArchiveResult(
            ArchiveStatus.FOUND,
            Snapshot(
                "https://web.archive.org/web/20250131100000/" + BI_URL,
                BI_URL,
                datetime(2025, 1, 31, 10, 0, tzinfo=UTC),
                200,
            ),
            detail="nearest capture before the access date",
        ),
        match=Match(
            "archive", s3.title, 100.0, True, "2025-01-28T09:12:00-05:00", True, "published"
        ),
        verdict=Verdict.WARNING,
        findings=(dead, rescued),
    )
    blocked = Finding(
        "link-blocked", Severity.WARNING, "The site refused the request (403); live status unknown."
    )
    s4 = _source(
        4,
        "OpenAI in Talks to Raise Funding That Would Value AI Startup at up to $340 Billion",
        CNBC_URL,
        published="2025-01-30",
        accessed="2025-01-31",
    )
    r4 = SourceReport(
        source=s4,
        link=LinkResult(LinkStatus.BLOCKED, CNBC_URL, 403, CNBC_URL, detail="bot wall (403)"),
        archive=ArchiveResult(ArchiveStatus.ERROR, detail="rate-limited (429)"),
        match=None,
        verdict=Verdict.WARNING,
        findings=(blocked,),
    )
    drift = Finding(
        "content-drift",
        Severity.ERROR,
        "The live title no longer matches the citation.",
        {"title_found": "Something else entirely", "score": "31.0"},
    )
    s5 = _source(
        5,
        "OpenAI Says It Has Evidence China's DeepSeek Used Its Model",
        "https://www.ft.com/content/a0dfedd1-5255-4fa9-8ccc-1fe01de87ea6",
        published="2025-01",
        container="Financial Times",
    )
    r5 = SourceReport(
        source=s5,
        link=LinkResult(LinkStatus.ALIVE, s5.url or "", 200, s5.url),
        archive=ArchiveResult(ArchiveStatus.NONE, detail="no capture"),
        match=Match(
            "live",
            "Something else entirely",
            31.0,
            False,
            "2024-12-01",
            False,
            None,
            author_agrees=None,
            site_agrees=False,
        ),
        verdict=Verdict.ERROR,
        findings=(drift,),
    )
    doc_finding = Finding(
        "numbering-repaired", Severity.WARNING, "Entry 4 was printed on entry 3's line; split it."
    )
    document = _document("article.txt", [s1, s2, s3, s4, s5], findings=(doc_finding,))
    return Report("article.txt", document, (r1, r2, r3, r4, r5), findings=(doc_finding,))


def offline_report() -> Report:
    """Parse only: no link, archive or match; a source with no URL is an error."""
    s1 = _source(
        1,
        "A Page",
        "https://example.org/a",
        url_as_written="example.org/a",
        findings=(Finding("url-scheme-added", Severity.INFO, "Added https://."),),
    )
    s2 = _source(2, "No Link Here", None)
    no_url = Finding("url-missing", Severity.ERROR, "The entry has no URL.")
    document = _document(
        "notes.md",
        [s1, s2],
        document_format="markdown",
        markers=Markers(cited=(1, 3), missing_sources=(3,), uncited_sources=(2,)),
    )
    offline = Finding("offline", Severity.INFO, "Offline: links were not checked.")
    return Report(
        "notes.md",
        document,
        (
            SourceReport(s1, findings=s1.findings),
            SourceReport(s2, verdict=Verdict.ERROR, findings=(no_url,)),
        ),
        findings=(offline,),
    )


def odd_report() -> Report:
    """Unicode, hostile text, control characters, and a source with no number, title or URL."""
    hostile = _source(
        7,
        HOSTILE,
        "javascript:alert(1)",
        container="Zeitung für <b>Ärger</b> — 日本語のタイトル 🎉",
        url_as_written="javascript:alert(1)",
        authors=("Ωmega, Ä.", "O'Brien & <Sons>"),
    )
    bad_chars = Finding(
        "odd-characters",
        Severity.WARNING,
        "Control \x00\x1b[31m characters \ud800 and \ufffe in text ]]> end",
        {"raw": "a\x07b", "<key>": '<value> & "quoted"'},
    )
    empty = Source(number=None, label="", raw="")
    long_url = "https://example.com/" + "very-long-segment-" * 12 + "end"
    long = _source(
        None,
        "Überlange Überschrift " * 8,
        long_url,
        url_as_written=long_url.replace("https://", ""),
    )
    document = _document("dir/Ünïcode file <1>.txt", [hostile, empty, long])
    return Report(
        "dir/Ünïcode file <1>.txt",
        document,
        (
            SourceReport(
                hostile,
                link=LinkResult(
                    LinkStatus.UNCHECKED, "javascript:alert(1)", detail="not an http(s) URL"
                ),
                archive=ArchiveResult(ArchiveStatus.SKIPPED),
                match=Match("live", "</title><script>alert(2)</script>", float("nan"), None),
                verdict=Verdict.WARNING,
                findings=(bad_chars,),
            ),
            SourceReport(
                empty,
                verdict=Verdict.ERROR,
                findings=(Finding("entry-empty", Severity.ERROR, "Empty entry."),),
            ),
            SourceReport(
                long,
                link=LinkResult(
                    LinkStatus.UNREACHABLE,
                    long_url,
                    None,
                    None,
                    detail="timed out after 10 s; not proof the page is gone",
                ),
                archive=ArchiveResult(ArchiveStatus.NONE),
                match=None,
                verdict=Verdict.WARNING,
                findings=(Finding("link-unreachable", Severity.WARNING, "Timed out."),),
            ),
        ),
    )


def empty_report() -> Report:
    """A document with no source list at all."""
    document = _document(
        "empty.txt",
        [],
        findings=(Finding("no-source-list", Severity.ERROR, "No source list was found."),),
    )
    return Report("empty.txt", document, (), findings=document.findings)


def all_samples() -> dict[str, list[Report]]:
    """Every shape, singly and together."""
    single = {
        "checked": [checked_report()],
        "offline": [offline_report()],
        "odd": [odd_report()],
        "empty": [empty_report()],
    }
    return {**single, "several": [checked_report(), offline_report(), odd_report()], "none": []}
