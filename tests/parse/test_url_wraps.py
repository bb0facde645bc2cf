"""URLs cut by line wraps next to dots, slashes and capitals, glued notes, schemes without
their slashes: invented examples of the families seen in PDF-extracted reference lists."""

from __future__ import annotations

import pytest

from citecheck.parse.urls import find_urls


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # cut after a digit run, the rest of the DOI suffix starting the next line with its dot
        (
            "Fuel 88 (2013) 1-9. http://dx.doi.org/10.5555/j.fuel.2013.04\n.117",
            "http://dx.doi.org/10.5555/j.fuel.2013.04.117",
        ),
        # cut inside a DOI's digit run: the digits on the next line are the rest of it
        (
            "J. Clean. Prod. 280 (2021). https://doi.org/10.5555/j.jclepro.2020.12\n3456",
            "https://doi.org/10.5555/j.jclepro.2020.123456",
        ),
        (
            "PLoS ONE 15. https://doi.org/10.5555/journal.pone.02\n34567.\n",
            "https://doi.org/10.5555/journal.pone.0234567",
        ),
        # cut inside the host name, before the dot of its next label
        (
            "Society of Examples. https://fieldsite\n.org/essays/on-things. Accessed 2 May 2020.",
            "https://fieldsite.org/essays/on-things",
        ),
        ("Gene database. http://plant.genes\n.cn/en/ (2019).", "http://plant.genes.cn/en/"),
        # cut after the dot of the host name: the next line holds the rest of the host
        (
            "Available: http://www.journalhost.\n com/science/article/pii/S0000000000000001\n",
            "http://www.journalhost.com/science/article/pii/S0000000000000001",
        ),
        # cut after the dot before a file extension
        (
            "Tutorial, http://docs.example.com/tutorial/Overview.\n html.\n",
            "http://docs.example.com/tutorial/Overview.html",
        ),
        # OCR put a space after every dot
        (
            "Smith (2002) http: //www. exampleshop. com/products/show. cfm?isbn=0000000001",
            "http://www.exampleshop.com/products/show.cfm?isbn=0000000001",
        ),
        # cut after a slash
        (
            "https://example.org/reports/\n2019/annual.pdf",
            "https://example.org/reports/2019/annual.pdf",
        ),
        # cut inside a bracket of the URL itself
        (
            "see https://en.wikipedia.org/wiki/Foo_(\nbar)).",
            "https://en.wikipedia.org/wiki/Foo_(bar)",
        ),
    ],
)
def test_wrap_after_dot_slash_or_digits_is_rejoined(text: str, expected: str) -> None:
    urls = find_urls(text)
    assert [u.candidates[0] for u in urls] == [expected]
    assert any(code == "url-split-repaired" for code, _ in urls[0].repairs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the next line starts a new reference or goes on in prose
        (
            "see https://example.org/reports/\nSmith, J. (2020). Next",
            "https://example.org/reports/",
        ),
        ("see https://example.org/reports/2019\n2020. Title", "https://example.org/reports/2019"),
        ("see https://example.org/page.\nThe next sentence.", "https://example.org/page"),
        ("see https://example.org/page.\n the next sentence", "https://example.org/page"),
        ("https://example.org/a/b\n(accessed 3 May 2020)", "https://example.org/a/b"),
        # outside a DOI a number on the next line is a page or a year
        ("Report. https://example.org/tables/12\n2020.", "https://example.org/tables/12"),
        # after a DOI ending in digits only more digits go on
        (
            "PLoS ONE 15. https://doi.org/10.5555/journal.pone.0234567\nAccessed 2 May 2020.",
            "https://doi.org/10.5555/journal.pone.0234567",
        ),
        (
            "PLoS ONE 15. https://doi.org/10.5555/journal.pone.0234567\n2020. Title",
            "https://doi.org/10.5555/journal.pone.0234567",
        ),
        (
            "PLoS ONE 15. https://doi.org/10.5555/journal.pone.0234567\n5. Smith J. Title",
            "https://doi.org/10.5555/journal.pone.0234567",
        ),
    ],
)
def test_prose_after_a_wrap_is_not_joined(text: str, expected: str) -> None:
    assert [u.candidates[0] for u in find_urls(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected", "rest"),
    [
        (
            "PubMed. https://www.ncbi.example.gov/pmc/articles/PMC123456/)(accessed:March2018",
            "https://www.ncbi.example.gov/pmc/articles/PMC123456/",
            "/)(accessed:March2018",
        ),
        (
            "Speech API. https://cloud.example.com/speech-to-text/.(accessed2019-06-18)",
            "https://cloud.example.com/speech-to-text/",
            "/.(accessed2019-06-18)",
        ),
        (
            "https://example.org/a.html[Last accessed 3 May 2020]",
            "https://example.org/a.html",
            "l[Last accessed 3 May 2020]",
        ),
        (
            "https://example.org/a.html.Accessed:3May2020",
            "https://example.org/a.html",
            "l.Accessed",
        ),
        ("https://example.org/a.html(retrieved 2020)", "https://example.org/a.html", "l(retrieved"),
    ],
)
def test_glued_access_note_ends_the_url(text: str, expected: str, rest: str) -> None:
    url = find_urls(text)[0]
    assert url.candidates == (expected,)
    assert text[url.end - 1 :].startswith(rest)  # the note stays in the text for the fields


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(see https://example.org/a/b).", "https://example.org/a/b"),
        ("[https://example.org/a/b]; next", "https://example.org/a/b"),
        ("https://example.org/a/b(", "https://example.org/a/b"),
        ("https://example.org/a/b/))", "https://example.org/a/b/"),
        ("https://example.org/list?[x]=1].", "https://example.org/list?[x]=1"),
        (
            "https://en.wikipedia.org/wiki/Mercury_(planet)",
            "https://en.wikipedia.org/wiki/Mercury_(planet)",
        ),
        ("(https://en.wikipedia.org/wiki/A_(b)_(c)),", "https://en.wikipedia.org/wiki/A_(b)_(c)"),
    ],
)
def test_unbalanced_brackets_at_the_end_are_trimmed(text: str, expected: str) -> None:
    assert find_urls(text)[0].candidates == (expected,)


def test_a_bare_host_needs_a_top_level_label_in_one_case() -> None:
    urls = find_urls("In: Newsletter 5.Jg/Heft 3, 1998 (online: www.example.ac.at/)")
    assert [u.candidates[0] for u in urls] == ["https://www.example.ac.at/"]
    assert [u.candidates[0] for u in find_urls("see EXAMPLE.COM/page")] == [
        "https://EXAMPLE.COM/page"
    ]


@pytest.mark.parametrize(
    ("text", "expected", "joined"),
    [
        (
            "Solver guide, http://docs.example.com/tutorial/NDSolve\nOverview.html.",
            "http://docs.example.com/tutorial/NDSolveOverview.html",
            True,
        ),
        (
            "https://example.org/files/annual\nReport_2019.pdf",
            "https://example.org/files/annualReport_2019.pdf",
            True,
        ),
        ("https://example.org/a/b\nReport. Next sentence.", "https://example.org/a/b", False),
        ("https://example.org/a/b\nSmith, J/K. Title", "https://example.org/a/b", False),
        ("https://example.org/a/b Overview.html", "https://example.org/a/b", False),
    ],
)  # fmt: skip
def test_a_capital_after_a_wrap_continues_only_a_plain_path(
    text: str, expected: str, joined: bool
) -> None:
    url = find_urls(text)[0]
    assert url.candidates == (expected,)
    assert any(code == "url-split-repaired" for code, _ in url.repairs) is joined


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("URL: http: www.museum.org/geo/data.html.", "http://www.museum.org/geo/data.html"),
        ("see http:www.example.org/a", "http://www.example.org/a"),
        ("see https:/www.example.org/a", "https://www.example.org/a"),
    ],
)  # fmt: skip
def test_a_scheme_without_its_slashes_is_kept_and_repaired(text: str, expected: str) -> None:
    url = find_urls(text)[0]
    assert url.candidates == (expected,)
    assert any(code == "url-scheme-repaired" for code, _ in url.repairs)
