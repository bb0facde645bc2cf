"""Each style fixture parses into the fields a reader of it would write down."""

from __future__ import annotations

from pathlib import Path

import citecheck

STYLES = Path(__file__).resolve().parents[2] / "fixtures" / "styles"


def _parse(name: str) -> citecheck.Document:
    text = (STYLES / name).read_text(encoding="utf-8")
    return citecheck.parse(text, format="markdown" if name.endswith(".md") else "text")


def test_apa_markdown() -> None:
    document = _parse("apa.md")
    first, second, third = document.sources
    assert first.authors == ("Fielding, R. T.", "Reschke, J.")
    assert first.title == "Hypertext transfer protocol (HTTP/1.1): Caching"
    assert (first.published, first.accessed) == ("2014", "2025-01-31")
    assert first.url == "https://www.rfc-editor.org/rfc/rfc7234"
    assert (second.published, second.container) == ("2022-06-06", "Web Performance Notes")
    assert third.doi == "10.5555/2588237" and third.url is None
    assert document.markers.cited == (1, 2, 3)


def test_ieee_keeps_both_readings_of_a_hyphenated_break() -> None:
    first, second, third = _parse("ieee.txt").sources
    assert first.title == "A study of broken links in scholarly articles"
    assert first.published == "2021-03"
    assert first.url_candidates == (
        "https://example.org/papers/broken-links-study.pdf",
        "https://example.org/papers/brokenlinks-study.pdf",
    )
    assert second.doi == "10.1371/journal.pone.0115253"
    assert third.accessed == "2016-02-05"


def test_vancouver_with_mixed_labels() -> None:
    document = _parse("vancouver.txt")
    first, second = document.sources
    assert first.authors == ("Smith AB", "Jones CD")
    assert (first.title, first.container, first.published) == (
        "Screening outcomes in a cohort study",
        "J Example Med",
        "2019-03-12",
    )
    assert (second.label, second.accessed) == ("2)", "2021-03-03")
    assert document.markers.cited == (1, 2)


def test_chicago_footnotes_number_by_position() -> None:
    document = _parse("chicago_notes.md")
    assert [s.number for s in document.sources] == [1, 2]
    assert document.sources[1].title == "Preserving the Web"
    assert document.sources[1].accessed == "2020-04-02"
    assert document.markers.cited == (1, 2)


def test_markdown_link_definitions() -> None:
    document = _parse("link_definitions.md")
    assert [(s.number, s.title) for s in document.sources] == [
        (1, "How archives rescue dead links"),
        (2, "Coverage of web archives"),
        (3, None),
    ]
    assert document.sources[1].url == "https://example.net/coverage-study"
    assert document.markers.cited == (1, 2, 3)


def test_harvard_unnumbered_paragraphs() -> None:
    first, second = _parse("harvard_unnumbered.txt").sources
    assert (first.number, first.title, first.container) == (
        None,
        "Reading the web",
        "Example University Press",
    )
    assert second.authors == ("Green, B.", "White, C.")
    assert (second.title, second.accessed) == ("Measuring link decay", "2021-05-12")


def test_defects_are_repaired_and_reported() -> None:
    document = _parse("defects.txt")
    assert [s.number for s in document.sources] == [1, 2, 3, 4]
    first, second, third, _fourth = document.sources
    assert first.url == "https://example.com/news/2024/first-story.html"
    assert {f.code for f in first.findings} >= {"url-footnote-digits-removed"}
    assert second.url == "https://en.wikipedia.org/wiki/Second_(story)"
    assert third.url == "https://www.example.com/blog/third_story/"
    codes = [f.code for f in document.findings]
    assert "numbering-repaired" in codes
    assert document.markers.missing_sources == (7,)
    assert document.markers.uncited_sources == (4,)


def test_no_source_list_is_a_finding() -> None:
    document = citecheck.parse("Just a paragraph with no sources at all.\n")
    assert document.sources == ()
    assert [f.code for f in document.findings] == ["no-source-list"]


def test_superscript_markers_and_ranges() -> None:
    text = "Claims¹ and more claims²˒³ and [4–5].\n\nNotes\n" + "".join(
        f"{n}. Doe, J. “Story {n}.” Site, 2020, https://example.com/{n}.\n" for n in range(1, 7)
    )
    document = citecheck.parse(text)
    assert document.markers.cited == (1, 2, 4, 5)
    assert document.markers.uncited_sources == (3, 6)


def test_parse_reference_on_its_own() -> None:
    source = citecheck.parse_reference(
        '[7] K. Author, "Title here," Journal, vol. 1, 2020. doi:10.1000/abc'
    )
    assert (source.number, source.title, source.doi) == (7, "Title here", "10.1000/abc")


def test_a_list_of_one_numbered_entry() -> None:
    document = citecheck.parse(
        "Claim [1].\n\nSources\n1. Doe, J. “A Story.” Site, 2020, https://example.com/a.\n"
    )
    assert [(s.number, s.label) for s in document.sources] == [(1, "1.")]
    assert document.markers.missing_sources == ()


def test_works_grouped_under_one_number_are_separate_sources() -> None:
    text = (
        "As measured [1] and [2].\n\nReferences\n"
        "[1] K. Abe et al., Phys. Rev. Lett. 89, 142001 (2002);  B. Aubert et al., "
        "Phys. Rev. D 72, 031101 (2005).\n"
        "[2] J. Smith and K. Jones, Some title, Journal 3, 4 (2010).\n"
    )
    document = citecheck.parse(text)
    assert [(s.number, s.raw[:9]) for s in document.sources] == [
        (1, "K. Abe et"),
        (None, "B. Aubert"),
        (2, "J. Smith "),
    ]
    assert document.markers.missing_sources == ()
    assert [f.code for f in document.findings] == []
