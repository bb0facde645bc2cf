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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A wrap after a dot: a file ending, a domain and its path, more host.
        ("http://example.edu/guide/Overview.\nhtml.", "http://example.edu/guide/Overview.html"),
        ("http://www.example-press.\ncom/science/article/pii/S01", "http://www.example-press.com/science/article/pii/S01"),
        ("http://data.example.\norg/en/", "http://data.example.org/en/"),
        ("http://example.net/files/report.\npdf", "http://example.net/files/report.pdf"),
        # A wrap before a dot or slash: the next line starts with the rest of the URL.
        ("http://dx.doi.org/10.1016/j.energy.2012.02\n.069", "http://dx.doi.org/10.1016/j.energy.2012.02.069"),
        ("https://anthro\n.org/fieldsights/a-note", "https://anthro.org/fieldsights/a-note"),
        ("http://birds.genome\n.cn/en/", "http://birds.genome.cn/en/"),
        ("https://example.com\n/news/2019/story", "https://example.com/news/2019/story"),
    ],
)  # fmt: skip
def test_a_wrap_next_to_a_dot_or_slash_is_rejoined(text: str, expected: str) -> None:
    assert find_urls(text)[0].candidates[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://example.com/page.\nThe next sentence.", "http://example.com/page"),
        ("see www.example.com.\nin press, 2020", "https://www.example.com"),
        ("http://example.com/item.\nnature of things", "http://example.com/item"),
        ("http://example.com/page. html is a language", "http://example.com/page"),
        ("http://example.com/a\n...and then", "http://example.com/a"),
    ],
)
def test_prose_after_a_dot_or_on_the_next_line_is_not_joined(text: str, expected: str) -> None:
    assert find_urls(text)[0].candidates[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://www.example.gov/pubmed/24725854/)(accessed:January2019", "https://www.example.gov/pubmed/24725854/"),
        ("https://cloud.example.com/speech-to-text/.(accessed2019-06-18", "https://cloud.example.com/speech-to-text/"),
        ("https://example.org/a/b[Accessed 3 May 2020]", "https://example.org/a/b"),
        ("https://example.org/a/\nb(retrieved 2020)", "https://example.org/a/b"),
        ("https://example.org/page(", "https://example.org/page"),
        ("https://example.org/page)]", "https://example.org/page"),
        ("https://en.example.org/wiki/Python_(language)", "https://en.example.org/wiki/Python_(language)"),
    ],
)  # fmt: skip
def test_glued_notes_and_unbalanced_brackets_end_the_url(text: str, expected: str) -> None:
    assert find_urls(text)[0].candidates[0] == expected


def test_a_capitalised_word_before_a_slash_is_not_a_domain() -> None:
    text = "Integrationsinfo 5.Jg/Heft 3, 1998 (online at www.example.ac.at/)"
    assert [url.candidates[0] for url in find_urls(text)] == ["https://www.example.ac.at/"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # OCR put a space after every dot and after the scheme.
        ("Knudson (2002) http: //www. sportbooks. com/products/show. cfm?isbn=07360", "http://www.sportbooks.com/products/show.cfm?isbn=07360"),
        ("URL: http: www.museum-example.org/geo/chem.html.", "http://www.museum-example.org/geo/chem.html"),
        ("at http:www.example.org/a", "http://www.example.org/a"),
        ("at http://x.org:\n8080/a", "http://x.org:8080/a"),
    ],
)  # fmt: skip
def test_urls_spaced_by_ocr_are_read_whole(text: str, expected: str) -> None:
    assert find_urls(text)[0].candidates[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see www.example.com. the next sentence", "https://www.example.com"),
        ("at https://x.org: the site of the year", "https://x.org"),
        ("at https://x.org/page. html is a language", "https://x.org/page"),
    ],
)
def test_a_dot_or_colon_ending_a_complete_url_ends_it(text: str, expected: str) -> None:
    assert find_urls(text)[0].candidates[0] == expected


def test_a_wrap_inside_a_path_with_capitals_is_rejoined_but_a_name_is_not() -> None:
    wrapped = "http://www.example.com/ArticleView\nAbstract.aspx?id=3"
    assert find_urls(wrapped)[0].candidates[0] == wrapped.replace("\n", "")
    pmc = "https://www.example.gov/pmc/articles/\nPMC5632413/"
    assert find_urls(pmc)[0].candidates[0] == pmc.replace("\n", "")
    name = "http://www.example.com/page\nSmith-Jones, A. (2010). Title."
    assert find_urls(name)[0].candidates[0] == "http://www.example.com/page"
