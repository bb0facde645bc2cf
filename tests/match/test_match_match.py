"""The whole comparison: authors, sites, findings and words, drift, and the Page convenience."""

from __future__ import annotations

import importlib
import socket

import pytest

from citecheck.match import detect_drift, match, match_page
from citecheck.model import Match, Page, Severity, Source

from .helpers import meta, page, read_page

# ``citecheck.match`` is also the top-level function, so name the package explicitly.
matcher = importlib.import_module("citecheck.match")

LEDGER_URL = "https://ledger.example/2025/01/28/council-budget"
TITLE = "Council approves new budget after late-night vote"


def test_public_api() -> None:
    # importlib, because the package re-exports the function under the subpackage's name.
    matcher = importlib.import_module("citecheck.match")
    assert set(matcher.__all__) == {
        "TITLE_THRESHOLD",
        "detect_drift",
        "extract_metadata",
        "match",
        "match_page",
    }


def test_full_agreement_with_words_and_no_findings() -> None:
    source = Source(
        3, "3.", "raw", authors=("LEHTONEN, SCOTT",), title=TITLE,
        container="The Springfield Ledger", published="2025-01-28", url=LEDGER_URL,
    )  # fmt: skip
    result = match(source, read_page("evening_story.html"))
    assert result == Match(
        copy="live",
        title_found=result.title_found,
        title_score=100.0,
        title_agrees=True,
        date_found="2025-01-28T23:30:00-05:00",
        date_agrees=True,
        date_role="published",
        author_agrees=True,
        site_agrees=True,
        detail=result.detail,
        findings=(),
    )
    assert result.title_found == TITLE
    assert "Title agrees" in result.detail and "Date agrees as written" in result.detail


@pytest.mark.parametrize(
    ("authors", "agrees"),
    [
        (("LEHTONEN, SCOTT",), True),
        (("Scott Lehtonen",), True),
        (("Nunez, Maria",), True),
        (("Porter, Tom", "Maria NÚÑEZ"), True),
        (("Porter, Tom",), False),
        ((), None),
    ],
)
def test_author_surnames(authors: tuple[str, ...], agrees: bool | None) -> None:
    source = Source(None, "", "", authors=authors, title=TITLE)
    result = match(source, read_page("evening_story.html"), url=LEDGER_URL)
    assert result.author_agrees is agrees
    assert ("author-mismatch" in {f.code for f in result.findings}) is (agrees is False)


def test_page_without_authors_is_undecided() -> None:
    source = Source(None, "", "", authors=("Porter, Tom",))
    assert match(source, page("<title>x</title>")).author_agrees is None


@pytest.mark.parametrize(
    ("container", "url", "head", "agrees"),
    [
        ("Business Insider", "https://www.businessinsider.com/x", "", True),
        ("Investor's Business Daily", "https://www.investors.com/news/x", "", True),
        ("The New York Times", "https://www.nytimes.com/2020/08/16/x.html", "", True),
        ("BBC News", "https://www.bbc.co.uk/news/x", "", True),
        ("Daily Record", "https://www.dailyrecord.co.uk/news/x", "", True),
        ("Bookseller", "https://www.thebookseller.com/news/x", "", True),
        ("The Guardian", "https://www.nytimes.com/x", "", False),
        ("Ledger", "https://ledger.example/x", meta("og:site_name", "The Ledger"), True),
        ("Reuters", "https://www.nytimes.com/x", meta("og:site_name", "The New York Times"), False),
        ("Business Insider", None, "", None),
    ],
)
def test_container_against_site_name_or_domain(
    container: str, url: str | None, head: str, agrees: bool | None
) -> None:
    result = match(Source(None, "", "", container=container), page(head), url=url)
    assert result.site_agrees is agrees
    assert ("site-mismatch" in {f.code for f in result.findings}) is (agrees is False)


def test_disagreements_are_findings_with_evidence() -> None:
    source = Source(None, "", "", title="A different story entirely", published="2023-05-01")
    result = match(source, read_page("evening_story.html"), url=LEDGER_URL)
    by_code = {f.code: f for f in result.findings}
    assert set(by_code) == {"title-mismatch", "date-mismatch"}
    assert by_code["title-mismatch"].severity is Severity.WARNING
    assert by_code["date-mismatch"].evidence["cited"] == "2023-05-01"
    assert "Title disagrees" in result.detail and "Date disagrees" in result.detail


def test_match_page_reads_headers_and_url() -> None:
    body = page(f"<title>{TITLE}</title>").replace('<meta charset="utf-8">', "")
    fetched = Page(
        url="https://ledger.example/2025/01/28/budget",
        status=200,
        headers={"Content-Type": "text/html; charset=utf-16"},
        body=body.encode("utf-8"),
    )
    result = match_page(Source(None, "", "", title=TITLE, published="2025-01-28"), fetched,
                        copy="archive")  # fmt: skip
    assert (result.copy, result.title_agrees, result.date_role) == ("archive", True, "url")


def test_match_makes_no_network_request(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    html = page("<title>No date</title>", "<p>nothing</p>")
    match(Source(None, "", "", title="No date", published="2025-01-01"), html,
          url="https://example.org/page")  # fmt: skip


def _title_only(title: str, copy: str) -> Match:
    return match(Source(None, "", "", title=TITLE), page(f"<title>{title}</title>"), copy=copy)


def test_content_drift_recommends_the_archived_copy() -> None:
    source = Source(None, "", "", title=TITLE)
    live = _title_only("Budget vote postponed again", "live")
    archived = _title_only(f"{TITLE} | The Springfield Ledger", "archive")
    url = "https://web.archive.org/web/20250130000000/https://ledger.example/x"
    finding = detect_drift(source, live, archived, url)
    assert finding is not None
    assert (finding.code, finding.severity) == ("content-drift", Severity.WARNING)
    assert finding.evidence == {
        "cited_title": TITLE,
        "live_title": "Budget vote postponed again",
        "archived_title": TITLE,
        "archive_url": url,
    }
    assert "archived copy" in finding.message


def test_no_drift_when_live_agrees_or_archive_disagrees() -> None:
    source = Source(None, "", "", title=TITLE)
    good = _title_only(TITLE, "live")
    bad = _title_only("Something else happened", "archive")
    assert detect_drift(source, good, good, "https://archive.example/x") is None
    assert detect_drift(source, bad, bad, "https://archive.example/x") is None
    undecided = Match(copy="live")
    assert detect_drift(source, undecided, good, "https://archive.example/x") is None


@pytest.mark.parametrize(
    "body",
    [
        b"\x00\x01<html><head><title>T\x02itle</title></head><body><h1>Head\x03ing</h1>",
        b"\xff\xfe\x00<p>" + bytes(range(256)) * 20,
        "<title>\ud800 lone surrogate</title><h1>x\x0b</h1>",
        b"<meta property='article:published_time' content='2025-99-99T99:99'>",
    ],
)
@pytest.mark.parametrize("published", ["2020-13", "2020-02-30", "junk", "2020"])
def test_junk_never_raises(body: bytes | str, published: str) -> None:
    source = Source(None, "", "", authors=(",",), title="!!!", container=".", published=published)
    result = match(source, body, url="http://[not-an-ip/")
    assert result.copy == "live"


def test_unreadable_cited_date_is_undecided_and_said_so() -> None:
    html = page(meta("article:published_time", "2025-01-28"))
    result = match(Source(None, "", "", published="2025-13"), html)
    assert result.date_agrees is None
    assert "not an ISO 8601 date" in result.detail
