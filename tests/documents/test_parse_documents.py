"""The parser on Word and PDF articles: link targets settle every URL of the seed's list, and
``fix`` writes a Word file back as Word and a PDF's source list as text."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from citecheck.documents import read_bytes
from citecheck.fix import fix_file
from citecheck.options import CheckOptions
from citecheck.parse import parse_document

from .builders import seed_docx, seed_pdf

SEED_URLS = [
    "https://www.investors.com/market-trend/stock-market-today/"
    "dow-jones-futures-nvidia-stock-broadcom-astera-deepseek/",
    "https://www.semiconductors.org/america-projected-to-triple-semiconductor-manufacturing-"
    "capacity-by-2032-the-largest-rate-of-growth-in-the-world/",
    "https://www.businessinsider.com/trump-taiwan-chip-tariffs-nvidia-stock-tsmc-deepseek-2025-1",
    "https://www.cnbc.com/2025/01/30/"
    "openai-in-talks-to-raise-up-to-40-billion-at-340-billion-valuation.html",
    "https://www.ft.com/content/a0dfedd1-5255-4fa9-8ccc-1fe01de87ea6",
]


@pytest.mark.parametrize("links", [True, False], ids=["with-annotations", "annotations-stripped"])
def test_seed_pdf_parses_to_the_five_sources(links: bool) -> None:
    document = parse_document(read_bytes(seed_pdf(links=links), name="seed.pdf"))
    assert [s.number for s in document.sources] == [1, 2, 3, 4, 5]
    assert [s.url for s in document.sources] == SEED_URLS
    assert document.sources[3].accessed == "2025-01-31"
    assert document.markers.cited == (1, 2, 3, 4, 5)


def test_seed_docx_parses_to_the_five_sources() -> None:
    document = parse_document(read_bytes(seed_docx(), name="seed.docx"))
    assert [s.number for s in document.sources] == [1, 2, 3, 4, 5]
    assert [s.url for s in document.sources] == SEED_URLS
    assert document.sources[4].container == "Financial Times"


def test_fix_on_a_docx_writes_a_docx(tmp_path: Path) -> None:
    article = tmp_path / "seed.docx"
    article.write_bytes(seed_docx())
    result = fix_file(str(article), CheckOptions(offline=True))
    fixed = docx.Document(io.BytesIO(result.content))
    targets = {rel.target_ref for rel in fixed.part.rels.values() if rel.is_external}
    assert set(SEED_URLS) <= targets
    reparsed = parse_document(read_bytes(result.content, name="fixed.docx"))
    assert [s.url for s in reparsed.sources] == SEED_URLS


def test_fix_on_a_pdf_writes_the_source_list_as_text(tmp_path: Path) -> None:
    article = tmp_path / "seed.pdf"
    article.write_bytes(seed_pdf())
    result = fix_file(str(article), CheckOptions(offline=True))
    lines = result.content.decode("utf-8").splitlines()
    assert len(lines) == 5
    for line, url in zip(lines, SEED_URLS, strict=True):
        assert url in line
