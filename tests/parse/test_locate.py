"""Finding the source list by its heading, including headings PDF extraction letter-spaced."""

from __future__ import annotations

import pytest

from citecheck.parse import parse
from citecheck.parse.locate import locate

_ENTRIES = "Burkert A., 1995, ApJ, 447, L25\nChabrier G., 2003, PASP, 115, 763\n"


@pytest.mark.parametrize(
    "heading", ["References", "REFERENCES", "R E F E R E N C E S", "B i b l i o g r a p h y"]
)
def test_a_heading_plain_or_letter_spaced_introduces_the_list(heading: str) -> None:
    text = f"Body of the article.\n\n{heading}\n\n{_ENTRIES}"
    location = locate(text)
    assert location is not None
    assert location.how == "heading"
    assert location.heading == heading
    assert [s.published for s in parse(text).sources] == ["1995", "2003"]


@pytest.mark.parametrize("line", ["T H E  E N D", "A B C D E", "S o r t e d  o u t"])
def test_letter_spaced_words_that_are_no_heading_are_not_taken(line: str) -> None:
    location = locate(f"Body.\n\n{line}\n\nMore body text without a list.\n")
    assert location is None or location.heading != line
