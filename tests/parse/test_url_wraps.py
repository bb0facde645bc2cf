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
        ("https://example.org/a/b Overview.html", "https://example.org/a/bOverview.html", True),
        ("https://example.org/a/b Overview and more.", "https://example.org/a/b", False),
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a path piece that starts like a word of prose ("and", "in", "en", "p")
        (
            "News. http://news.example.com/2012/06/renovation-\nand-green-agenda/ (accessed 2015).",
            "http://news.example.com/2012/06/renovation-and-green-agenda/",
        ),
        ("UN. http://www.example.org/\nen/globalissues/rights/.", "http://www.example.org/en/globalissues/rights/"),
        (
            "Brief. http://www.example.ac.uk/documents/MP\nP/LSE-MPP-Policy-Brief-9.pdf",
            "http://www.example.ac.uk/documents/MPP/LSE-MPP-Policy-Brief-9.pdf",
        ),
        # a host cut before its top-level label, even where the rest looks like a new URL
        ("Paper. http://dx.\ndoi.org/10.5555/es100798j.", "http://dx.doi.org/10.5555/es100798j"),
        ("Cell. www.examplecell.\ncom, accessed 2019.", "https://www.examplecell.com"),
        ("Reader. http://reader.example.com.\nau", "http://reader.example.com.au"),
        ("Wired. http://www.example.co. uk/magazine/archive/2011/", "http://www.example.co.uk/magazine/archive/2011/"),
        # a run of digits cut anywhere, outside DOIs too
        (
            "IEEE. http://ieeexplore.example.org/wrapper.htm?arnumber=340\n872.",
            "http://ieeexplore.example.org/wrapper.htm?arnumber=340872",
        ),
        ("Pages. http://dx.doi.org/10.5555/lom.2008.6.\n572.", "http://dx.doi.org/10.5555/lom.2008.6.572"),
        ("ACS. http://dx.doi.org/10.5555/nn8002\n75r", "http://dx.doi.org/10.5555/nn800275r"),
        ("Elsevier. http://dx.doi.org/10.5555/S1462-0758\n(01)00033-4.", "http://dx.doi.org/10.5555/S1462-0758(01)00033-4"),
        (
            "Handbook. http://www.example.com/science/article/pii/S\n1573446399030102",
            "http://www.example.com/science/article/pii/S1573446399030102",
        ),
        # a word cut in the middle, the rest holding a dot
        ("Library. http://www.netlibra\nry.com", "http://www.netlibrary.com"),
        ("Royal Soc. http://doi.org/10.5555/rst\nb.2010.0140", "http://doi.org/10.5555/rstb.2010.0140"),
        ("Facebook. https://www.example.com/viva\navilaAutódromo. Accessed 2013.", "https://www.example.com/vivaavilaAutódromo"),
        # "www" itself cut
        ("Gizmodo. w\nww.example.com.au/2014/06/piracy/", "https://www.example.com.au/2014/06/piracy/"),
        ("IAEA. www\n.example.org/Booklets/chernobyl.pdf.", "https://www.example.org/Booklets/chernobyl.pdf"),
        # where the wrap left only a space: the rest is a file name, a query or a host's rest
        ("KEEL. http://sci.example.es/ficheros/2010-JMV LSC-KEEL-dataset.pdf", "http://sci.example.es/ficheros/2010-JMVLSC-KEEL-dataset.pdf"),
        ("Book. http://books.example.pt/books?id=R9&ei=UJvwUu_0NbSf7A Q&redir_esc=y", "http://books.example.pt/books?id=R9&ei=UJvwUu_0NbSf7AQ&redir_esc=y"),
        ("Report. http://www.example.org.au/files/How2Report. pdf", "http://www.example.org.au/files/How2Report.pdf"),
        ("Reader. http://reader .example.com.au", "http://reader.example.com.au"),
        ("Desal. http://dx.doi.org/10.5555/j.des al.2010.04.003.", "http://dx.doi.org/10.5555/j.desal.2010.04.003"),
    ],
)  # fmt: skip
def test_wraps_inside_words_hosts_and_digit_runs_are_rejoined(text: str, expected: str) -> None:
    urls = find_urls(text)
    assert [u.candidates[0] for u in urls] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the next reference's author, a name particle, a repeated-author rule, a bullet
        ("https://example.org/reports/\nRobert A. Ballance, Title", "https://example.org/reports/"),
        ("https://example.org/reports/ Kim-Kwang Choo, The threat", "https://example.org/reports/"),
        ("https://example.org/Cinema_Direct\nvon Humboldt, Alexander.", "https://example.org/Cinema_Direct"),
        ("https://example.org/a/b.html\nde Chene, Brent E. 1985.", "https://example.org/a/b.html"),
        ("https://example.org/a/b.html\n__________ . The Evolution", "https://example.org/a/b.html"),
        ("https://example.org/reports/\n- Ayral, S. (2011) Punition", "https://example.org/reports/"),
        ("https://example.org/a/b.html\n______. On Doctrine, trans.", "https://example.org/a/b.html"),
        ("https://example.org/article/\nG.T. Ko, J.K. Li, Effects", "https://example.org/article/"),
        ("http://dx.doi.org/10.5555/01919518508552364\nvalue of health research.", "http://dx.doi.org/10.5555/01919518508552364"),
        # a list's number starting the next line, even after a DOI's digits
        ("http://dx.doi.org/10.5555/cmdc.200700121\n11 SOUZA, J.E. Title", "http://dx.doi.org/10.5555/cmdc.200700121"),
        # an access note in German
        ("https://example.org/humanrights/\nAbruf am: 17.03.2005", "https://example.org/humanrights/"),
        # a second-level label and then prose that happens to be two letters
        ("see www.example.com.\nin press, 2020", "https://www.example.com"),
        ("http://example.com/page. html is a language", "http://example.com/page"),
        # a space, then digits, outside a DOI
        ("https://example.org/tables/12 2020.", "https://example.org/tables/12"),
    ],
)  # fmt: skip
def test_the_start_of_other_text_is_not_joined(text: str, expected: str) -> None:
    assert [u.candidates[0] for u in find_urls(text)] == [expected]
