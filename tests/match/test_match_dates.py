"""Date agreement: time zones, precision, roles, and pages without dates."""

from __future__ import annotations

import pytest

from citecheck.match import match
from citecheck.model import Match, Source

from .helpers import meta, page, read_page

LEDGER_URL = "https://ledger.example/news/council-budget"


def cite(published: str | None, title: str | None = None) -> Source:
    return Source(None, "", "", title=title, published=published)


def codes(result: Match) -> set[str]:
    return {finding.code for finding in result.findings}


def published_at(value: str, *extra: str) -> str:
    return page(meta("article:published_time", value) + "".join(extra), "<p>Text.</p>")


def test_us_evening_story_agrees_as_written_with_local_offset() -> None:
    html = published_at("2025-01-28T23:30:00-05:00")
    result = match(cite("2025-01-28"), html)
    assert result.date_agrees is True
    assert result.date_role == "published"
    assert result.date_found == "2025-01-28T23:30:00-05:00"
    assert "date-across-midnight" not in codes(result)


def test_utc_date_of_a_local_timestamp_agrees_across_midnight() -> None:
    result = match(cite("2025-01-29"), published_at("2025-01-28T23:30:00-05:00"))
    assert result.date_agrees is True
    assert "date-across-midnight" in codes(result)
    assert "across midnight (UTC vs local)" in result.detail


def test_utc_timestamp_the_day_after_agrees_across_midnight() -> None:
    result = match(cite("2025-01-28"), published_at("2025-01-29T04:30:00Z"))
    assert result.date_agrees is True
    assert result.date_found == "2025-01-29T04:30:00Z"
    assert "date-across-midnight" in codes(result)
    assert "agrees across midnight (UTC vs local)" in result.detail


def test_utc_timestamp_two_days_off_disagrees() -> None:
    result = match(cite("2025-01-27"), published_at("2025-01-29T04:30:00Z"))
    assert result.date_agrees is False
    assert "date-mismatch" in codes(result)


def test_no_midnight_guess_when_the_page_writes_its_local_day() -> None:
    # The URL says the 29th locally, so 04:30Z is not a US evening story of the 28th.
    result = match(
        cite("2025-01-28"),
        published_at("2025-01-29T04:30:00Z"),
        url="https://ledger.example/2025/01/29/story",
    )
    assert result.date_agrees is False


def test_utc_stamp_read_in_the_pages_own_offset() -> None:
    html = published_at(
        "2025-01-29T04:30:00Z", meta("article:modified_time", "2025-01-29T08:00:00-05:00")
    )
    result = match(cite("2025-01-28"), html)
    assert result.date_agrees is True
    assert "as its local date" in result.detail
    assert match(cite("2025-01-30"), html).date_agrees is False


def test_evening_story_page_with_many_dates() -> None:
    html = read_page("evening_story.html")
    assert match(cite("2025-01-28"), html, url=LEDGER_URL).date_role == "published"
    late = match(cite("2025-01-30"), html, url=LEDGER_URL)
    assert late.date_agrees is True
    assert late.date_role == "modified"
    assert "date-matches-modified-only" in codes(late)
    assert match(cite("2024-12-02"), html, url=LEDGER_URL).date_agrees is False


@pytest.mark.parametrize(
    ("cited", "agrees"),
    [("2025-01", True), ("2025", True), ("2025-02", False), ("2024", False), ("2024-01", False)],
)
def test_month_and_year_citations_compare_at_their_precision(cited: str, agrees: bool) -> None:
    assert match(cite(cited), published_at("2025-01-28T10:00:00+01:00")).date_agrees is agrees


def test_month_in_url_cannot_confirm_a_day() -> None:
    html = page("<title>x</title>", "<p>no dates here</p>")
    url = "https://blog.example/2025/01/some-post"
    assert match(cite("2025-01"), html, url=url).date_role == "url"
    assert match(cite("2025-01-28"), html, url=url).date_agrees is False


def test_modified_only_is_reported_as_such() -> None:
    html = page(
        meta("article:published_time", "2024-06-01") + meta("article:modified_time", "2025-01-28")
    )
    result = match(cite("2025-01-28"), html)
    assert (result.date_agrees, result.date_role) == (True, "modified")
    finding = next(f for f in result.findings if f.code == "date-matches-modified-only")
    assert finding.evidence["published"] == "2024-06-01"


def test_url_date_only_is_reported_as_such() -> None:
    html = page(meta("article:published_time", "2025-02-03"))
    result = match(cite("2025-01-30"), html, url="https://news.example/2025/01/30/story")
    assert (result.date_agrees, result.date_role) == (True, "url")
    assert "date-matches-url-only" in codes(result)


def test_page_without_any_date_is_undecided_not_false() -> None:
    html = page("<title>Timeless</title>", "<h1>Timeless</h1><p>No date anywhere.</p>")
    result = match(cite("2025-01-28"), html, url="https://timeless.example/about")
    assert result.date_agrees is None
    assert result.date_found is None
    assert "date-mismatch" not in codes(result)


def test_no_cited_date_is_undecided() -> None:
    assert match(cite(None), published_at("2025-01-28")).date_agrees is None


def test_visible_dateline_counts_when_metadata_is_silent() -> None:
    html = page("<title>Story</title>", "<h1>Story</h1><p>Posted on 28. Januar 2025 von Ute</p>")
    result = match(cite("2025-01-28"), html)
    assert (result.date_agrees, result.date_role) == (True, "dateline")


def test_htmldate_is_asked_only_when_the_page_states_no_date() -> None:
    filler = "<p>" + "Lorem ipsum dolor sit amet. " * 200 + "</p>"
    footer = '<footer><p id="pageinfo">last edited 2019-11-10 14:05:02</p></footer>'
    html = page("<title>Downloading</title>", f"<h1>Page</h1>{filler}{footer}")
    result = match(cite("2019-11-10"), html)
    assert (result.date_agrees, result.date_role) == (True, "published")
    assert "htmldate" in result.detail
    dated = page(meta("article:published_time", "2020-01-01"), f"<h1>Page</h1>{filler}{footer}")
    assert match(cite("2019-11-10"), dated).date_agrees is False


def test_utc_day_of_a_page_with_a_local_offset_is_labelled_across_midnight() -> None:
    html = read_page("evening_story.html")  # 04:30Z, and 23:30-05:00 the evening before
    result = match(cite("2025-01-29"), html, url=LEDGER_URL)
    assert result.date_agrees is True
    assert "date-across-midnight" in codes(result)
    assert "as its UTC date" in result.detail
