"""A numbered line holding only a URL: the previous entry's URL under a stray label, or an
entry of its own in a list of bare links. Examples are invented."""

from __future__ import annotations

import pytest

import citecheck


def _sources(entries: str) -> list[tuple[int | None, str | None]]:
    document = citecheck.parse("Claims [1] and [2].\n\nReferences\n\n" + entries, format="text")
    return [(source.number, source.url) for source in document.sources]


def test_a_link_numbered_in_sequence_after_a_complete_entry_is_its_own_source() -> None:
    assert _sources(
        "1. Okafor, N. (2021). Rivers of the delta. Lagos Press.\n"
        "2. www.example-news.com.au/2016/03/a-story-about-rivers/\n"
        "3. Brandt, L. (2018). Coastal towns. Harbour Books.\n"
    ) == [
        (1, None),
        (2, "https://www.example-news.com.au/2016/03/a-story-about-rivers/"),
        (3, None),
    ]


def test_a_list_of_bare_links_keeps_every_link() -> None:
    assert _sources(
        "1. Okafor, N. Rivers of the delta. Lagos Press, 2021.\n"
        "2. https://example.org/only-a-link\n"
        "3. https://example.org/another-link\n"
    ) == [
        (1, None),
        (2, "https://example.org/only-a-link"),
        (3, "https://example.org/another-link"),
    ]


@pytest.mark.parametrize(
    "ending",
    ["Retrieved June 2, 2022, from", "Available at:", "Coast Weekly, 4 Mar. 2020,", "[Online]."],
)
def test_an_entry_stopping_short_of_its_url_takes_the_numbered_url_line(ending: str) -> None:
    assert _sources(
        f"1. Okafor, N. (2021). Rivers of the delta. {ending}\n"
        "2. https://example.org/rivers-of-the-delta\n"
        "3. Brandt, L. (2018). Coastal towns. Harbour Books.\n"
    ) == [(1, "https://example.org/rivers-of-the-delta"), (2, None)]


def test_a_url_line_repeating_the_next_number_goes_back_to_its_entry() -> None:
    assert _sources(
        "1. Okafor, N. (2021). Rivers of the delta. Lagos Press.\n"
        "2. https://example.org/rivers-of-the-delta\n"
        "2. Brandt, L. (2018). Coastal towns. Harbour Books.\n"
    ) == [(1, "https://example.org/rivers-of-the-delta"), (2, None)]
