"""Title scoring: affixes, normalisation, and the guards against false acceptance."""

from __future__ import annotations

import pytest

from citecheck.match import TITLE_THRESHOLD, match
from citecheck.model import Source

from .helpers import meta, page


def cite(title: str) -> Source:
    return Source(None, "", "", title=title)


@pytest.mark.parametrize(
    "head",
    [
        "<title>Rolling Blackouts Leave Experts Stumped - The New York Times</title>",
        "<title>The New York Times: Rolling Blackouts Leave Experts Stumped</title>",
        "<title>Business | Rolling Blackouts Leave Experts Stumped | NYT</title>",
        meta("og:title", "Rolling Blackouts Leave Experts Stumped"),
    ],
)
def test_site_affixes_in_the_page_title_are_ignored(head: str) -> None:
    result = match(cite("Rolling blackouts leave experts stumped"), page(head))
    assert result.title_agrees is True
    assert result.title_score == 100.0


def test_cited_title_with_a_site_affix_agrees() -> None:
    html = page(meta("og:title", "Penny") + meta("og:site_name", "Stardew Valley Wiki"))
    result = match(cite("Penny - Stardew Valley Wiki"), html)
    assert result.title_agrees is True
    assert result.title_found == "Penny"


def test_typography_entities_and_case_do_not_count() -> None:
    html = page("<title>Prison official: &#8216;Anyone&#8217; could escape from Northward</title>")
    result = match(cite('PRISON OFFICIAL: "ANYONE" COULD ESCAPE FROM NORTHWARD'), html)
    assert result.title_score == 100.0


def test_best_candidate_is_reported_with_its_score() -> None:
    html = page(
        meta("og:title", "Storm Ciarán batters the coast")
        + "<title>Weather live: all the news</title>",
        "<h1>Storm Ciarán batters the coast overnight</h1>",
    )
    result = match(cite("Storm Ciaran batters the coast"), html)
    assert result.title_found == "Storm Ciarán batters the coast"
    assert result.title_agrees is True
    assert "meta[og:title]" in result.detail


def test_a_title_shortened_by_a_subtitle_agrees() -> None:
    html = page(meta("og:title", "How Can We Plan for the Future in California?"))
    result = match(cite("How Can We Plan for the Future in California? An essay"), html)
    assert result.title_agrees is True


def test_reordered_words_of_a_long_title_agree() -> None:
    html = page(
        meta("og:title", "NASA+ Streaming startet: Ohne Registrierung, Gebühren oder Werbung")
    )
    result = match(cite("NASA+ startet: Streaming ohne Gebühren, Werbung oder Registrierung"), html)
    assert result.title_agrees is True


@pytest.mark.parametrize(
    ("cited", "page_title"),
    [
        ("Penny", "Penny stocks to watch in 2025"),
        ("Tweet of the Week", "Tweet of the Week #67: Dealing With Chikan"),
        ("Tweet of the Week #66", "Tweet of the Week #67"),
        ("Storm Ciarán is breaking records", "Storm Ciarán: flood warnings issued across the UK"),
        ("Managing Python Environments", "Downloading Python"),
        ("The Times of Israel", "Washington swears in a new justice | The Times of Israel"),
    ],
)
def test_hard_negatives_disagree(cited: str, page_title: str) -> None:
    result = match(
        cite(cited), page(f"<title>{page_title}</title>"), url="https://timesofisrael.com/"
    )
    assert result.title_agrees is False
    assert result.title_score is not None and result.title_score < TITLE_THRESHOLD
    assert any(f.code == "title-mismatch" for f in result.findings)


def test_no_title_on_either_side_is_undecided() -> None:
    assert match(cite("Anything"), page("", "<p>no title</p>")).title_agrees is None
    assert match(Source(None, "", ""), page("<title>Something</title>")).title_agrees is None


def test_threshold_is_a_calibrated_constant() -> None:
    assert 60.0 <= TITLE_THRESHOLD <= 95.0
