"""Author-date citations in the text, checked against an unnumbered source list."""

from __future__ import annotations

from pathlib import Path

import citecheck
from citecheck.parse.author_date import find_author_date

STYLES = Path(__file__).resolve().parents[2] / "fixtures" / "styles"


def test_parenthetical_and_narrative_citations_are_found() -> None:
    body = (
        "As shown (Klein et al., 2014; Zittrain 2014, p. 3), and as Nelson and Allen (2002) "
        "and Smith et al. (2019a) argue. In 2020 (during the pandemic) it changed (see May 2021)."
    )
    assert find_author_date(body) == [
        ("Klein", "2014"),
        ("Zittrain", "2014"),
        ("Nelson", "2002"),
        ("Smith", "2019a"),
    ]


def test_unnumbered_list_is_cross_checked() -> None:
    text = (STYLES / "apa_author_date.txt").read_text(encoding="utf-8")
    document = citecheck.parse(text)
    findings = {
        (f.code, f.evidence.get("citation") or f.evidence.get("source")) for f in document.findings
    }
    assert findings == {("citation-without-source", "Smith 2019"), ("source-never-cited", "5")}


def test_numbered_lists_are_left_to_their_markers() -> None:
    text = "As Smith (2019) says [1].\n\nSources\n1. Doe, J. (2020). A title. Site.\n"
    codes = [f.code for f in citecheck.parse(text).findings]
    assert "citation-without-source" not in codes
