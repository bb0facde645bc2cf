"""Entry boundaries in unnumbered lists: families seen in PDF-extracted reference sections.

Examples are invented; each family has a case that must split and one that must not.
"""

from __future__ import annotations

import pytest

from citecheck.parse.split import split_entries


def _starts(text: str) -> list[str]:
    result = split_entries(text, 0, len(text))
    return [text[entry.segments[0].start :][:12] for entry in result.entries]


def test_online_journal_link_words_end_a_reference() -> None:
    text = (
        "Arden KL, Bose T (2011) Sleep and memory in voles. J Neurosci 31:100-110. CrossRef\n"
        "Medline\n"
        "Castel MS, Duarte BD (1999) Seasonal behaviour in hamsters. Horm Behav 3:5-9.\n"
        "PubMed Google Scholar\n"
        "Evers R (2005) Light and rhythm. Chronobiol Int 22:1-12.\n"
    )
    assert _starts(text) == ["Arden KL, Bo", "Castel MS, D", "Evers R (200"]


def test_a_surname_with_a_particle_starts_a_reference() -> None:
    text = (
        "Adler P. Q., 2001, MNRAS, 320, 11\n"
        "de Vries W. J. G., Hall S. S., 2003, ApJ, 590, 4\n"
        "Di Marco A., Bell C. B., 2009, A&A, 501, 77\n"
    )
    assert _starts(text) == ["Adler P. Q.,", "de Vries W. ", "Di Marco A.,"]


def test_a_particle_inside_a_title_line_does_not_start_one() -> None:
    text = (
        "Adler P. Q., 2001, Studies of the dwarf galaxies near the\n"
        "de la Cruz group, MNRAS, 320, 11\n"
    )
    assert len(_starts(text)) == 1


def test_a_one_line_dump_splits_before_full_names_and_a_year() -> None:
    names = [
        "Dana K. Moss. 2001. Tagging Corpora Quickly. In Proc. of Applied NLP, Seattle.",
        "Oskar Lindqvist, Mara Jelinek, and Tomas Perez. 2004. Phrase Models for Speech. "
        "Computational Speech, vol. 7, pp. 10-31.",
        "Helen Park. 1999. Lexical Choice in Generation. Proc. 5th Conf. on Language. pp. 1-9.",
        "Walter B. Ruiz and Anna C. Field. 1995. Aligning Texts by Length. In Proc. of ACL.",
    ]
    text = " ".join(names * 3)
    starts = _starts(text)
    assert starts == [name[:12] for name in names * 3]


def test_a_run_on_numbered_list_goes_on_past_entries_extraction_lost() -> None:
    text = (
        "1. Arden KL (2011) Sleep in voles. J Neurosci 31:100-110  2. Bose T (2012) Light. "
        "Horm Behav 3:5-9  3. Castel MS (1999) Rhythm. Chronobiol Int 22:1-12 "
        "7. Duarte BD (2005) Seasons. Sleep 8:1-4  8. Evers R (2006) Owls. Ibis 9:2-3\n"
    )
    result = split_entries(text, 0, len(text))
    assert [entry.number for entry in result.entries] == [1, 2, 3, 7, 8]
    assert "numbering-gap" in {finding.code for finding in result.findings}


def test_a_number_inside_an_entry_is_no_label_unless_the_list_goes_on_from_it() -> None:
    text = (
        "1. Arden KL (2011) Sleep in voles. J Neurosci 31:100-110  2. Bose T (2012) Light in "
        "chapter 5. Horm Behav 3:5-9\n"
    )
    result = split_entries(text, 0, len(text))
    assert [entry.number for entry in result.entries] == [1, 2]


def test_a_reference_that_is_only_a_url_stays_its_own_entry() -> None:
    text = (
        "1. Adams, B. The Book of Rivers. London: Press, 2001.\n"
        "2. www.example.com.au/2014/06/a-story-about-rivers/\n"
        "3. Brown, C. Lakes. Oxford: Press, 2003.\n"
    )
    result = split_entries(text, 0, len(text))
    assert [entry.number for entry in result.entries] == [1, 2, 3]
    assert not result.findings


@pytest.mark.parametrize(
    "cut_off",
    ["Business News, 28 Jan. 2025,", "Retrieved 3 May 2020, from", "[Online]. Available at"],
)
def test_a_url_line_goes_back_to_the_entry_cut_off_before_it(cut_off: str) -> None:
    text = (
        f"1. Adams, B. Rivers. {cut_off}\n"
        "2. www.example.com/rivers-2025\n"
        "3. Brown, C. Lakes. Oxford: Press, 2003.\n"
    )
    result = split_entries(text, 0, len(text))
    assert len(result.entries) == 2
    assert "www.example.com/rivers-2025" in result.entries[0].text(text)
    assert result.entries[1].text(text).startswith("Brown")
