"""The project's fixture reproduces the seed's source list; it must parse as design.md §2 says."""

from __future__ import annotations

from pathlib import Path

import pytest

import citecheck

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

EXPECTED = [
    (
        "Futures: AI Leaders Crumble on DeepSeek Fears",
        "Investor’s Business Daily",
        "2025-01-28",
        None,
        "https://www.investors.com/market-trend/stock-market-today/dow-jones-futures-nvidia-stock-broadcom-astera-deepseek/",
    ),
    (
        "America Projected to Triple Semiconductor Manufacturing Capacity by 2032, "
        "the Largest Rate of Growth in the World",
        "Semiconductor Industry Association",
        "2024-05-08",
        None,
        "https://www.semiconductors.org/america-projected-to-triple-semiconductor-manufacturing-capacity-by-2032-the-largest-rate-of-growth-in-the-world/",
    ),
    (
        "Trump’s Taiwan Chip Tariff Threat Could Be a Fresh Blow to Nvidia",
        "Business Insider",
        "2025-01-28",
        None,
        "https://www.businessinsider.com/trump-taiwan-chip-tariffs-nvidia-stock-tsmc-deepseek-2025-1",
    ),
    (
        "OpenAI in Talks to Raise Funding That Would Value AI Startup at up to $340 Billion",
        "CNBC",
        "2025-01-30",
        "2025-01-31",
        "https://www.cnbc.com/2025/01/30/openai-in-talks-to-raise-up-to-40-billion-at-340-billion-valuation.html",
    ),
    (
        "OpenAI Says It Has Evidence China’s DeepSeek Used Its Model to Train Competitor",
        "Financial Times",
        "2025-01-29",
        None,
        "https://www.ft.com/content/a0dfedd1-5255-4fa9-8ccc-1fe01de87ea6",
    ),
]


# The team's copy of the real article this project started from, when this checkout sits
# beside it; the project's own fixture reproduces its source list, defects and all.
SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "article.txt"


@pytest.fixture(
    scope="module",
    params=[FIXTURES / "article.txt", SHARED_SEED],
    ids=["fixture", "shared-seed"],
)
def document(request: pytest.FixtureRequest) -> citecheck.Document:
    path: Path = request.param
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    return citecheck.parse(path.read_text(encoding="utf-8"))


def test_five_sources_with_the_cited_facts(document: citecheck.Document) -> None:
    got = [(s.title, s.container, s.published, s.accessed, s.url) for s in document.sources]
    assert got == EXPECTED
    assert [s.number for s in document.sources] == [1, 2, 3, 4, 5]


def test_authors(document: citecheck.Document) -> None:
    assert document.sources[0].authors == ("LEHTONEN, SCOTT", "Investor’s Business Daily")
    assert document.sources[2].authors == ("Porter, Tom", "Hasan Chowdhury")


def test_every_repair_is_a_finding(document: citecheck.Document) -> None:
    codes = {s.number: {f.code for f in s.findings} for s in document.sources}
    for number in (1, 2, 4):
        assert "url-split-repaired" in codes[number]
    for number in range(1, 6):
        assert {"url-scheme-added", "url-punctuation-removed"} <= codes[number]
    assert "url-moved-to-entry" in codes[3]
    moved = [f for f in document.findings if f.code == "numbering-repaired"]
    assert len(moved) == 1 and moved[0].evidence["label"] == "4."
    split = next(f for f in document.sources[0].findings if f.code == "url-split-repaired")
    assert "bro adcom" in split.evidence["as_written"]
    assert "broadcom" in split.evidence["repaired"]


def test_handle_is_not_the_container(document: citecheck.Document) -> None:
    assert document.sources[4].container == "Financial Times"


def test_markers_all_resolve(document: citecheck.Document) -> None:
    assert document.markers.cited == (1, 2, 3, 4, 5)
    assert document.markers.missing_sources == ()
    assert document.markers.uncited_sources == ()
