from __future__ import annotations

import pytest

from citecheck.parse.urls import find_doi, find_urls


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see www.example.com/a-b/c.", "https://www.example.com/a-b/c"),
        (
            "http://www. example.com/business/2007/08/15/story_name.",
            "http://www.example.com/business/2007/08/15/story_name",
        ),
        ("https:// www.example.org/x", "https://www.example.org/x"),
        ("example.org/path/to/page, 2020", "https://example.org/path/to/page"),
        ("(https://en.wikipedia.org/wiki/Foo_(bar)).", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("12https://example.com/note", "https://example.com/note"),
        ("https://example.com/a/\nb/c.html Accessed 1 May 2020", "https://example.com/a/b/c.html"),
        ("https://example.com/some_\nthing", "https://example.com/some_thing"),
        ("https://example.com/valuat ion.html. Accessed", "https://example.com/valuation.html"),
        ("https://example.com/page and more text", "https://example.com/page"),
        ("https://example.com/page. Retrieved 2020", "https://example.com/page"),
    ],
)
def test_repairs(text: str, expected: str) -> None:
    assert find_urls(text)[0].candidates[0] == expected


def test_line_final_hyphen_keeps_both_readings_most_likely_first() -> None:
    kept = find_urls(
        "https://example.com/broken-\nlinks-study.pdf", title="A study of broken links"
    )
    assert kept[0].candidates == (
        "https://example.com/broken-links-study.pdf",
        "https://example.com/brokenlinks-study.pdf",
    )
    joined = find_urls("https://example.com/report-\ning-tools", title="Reporting tools")
    assert joined[0].candidates[0] == "https://example.com/reporting-tools"
    assert any(code == "url-split-ambiguous" for code, _ in joined[0].repairs)


def test_two_urls_are_not_joined() -> None:
    urls = find_urls("https://a.example/x https://b.example/y")
    assert [u.candidates[0] for u in urls] == ["https://a.example/x", "https://b.example/y"]


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        ("doi:10.1371/journal.pone.0115253.", "10.1371/journal.pone.0115253"),
        ("https://doi.org/10.1000/xyz123", "10.1000/xyz123"),
        ("see 10.1007/s00265-006-0178-0 for details", "10.1007/s00265-006-0178-0"),
        ("no identifier here", None),
    ],
)
def test_doi(text: str, doi: str | None) -> None:
    assert find_doi(text) == doi
