"""The world of the end-to-end test: five cited sites, a Wayback service and an archive.today
(Memento) service on 127.0.0.1; no run ever asks a real archive."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "archives"))

from fake_memento import FakeMemento
from fake_memento import running as running_memento
from fake_wayback import Capture, FakeWayback
from fake_wayback import running as running_wayback

from .sites import CHALLENGE, Route, Sites, article
from .sites import running as running_sites

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "fixtures" / "article.txt"
ARTICLE_ARGUMENT = "fixtures/article.txt"
"""The article as the acceptance names it, relative to the project root (the runs' folder)."""

INVESTORS = (
    "https://www.investors.com/market-trend/stock-market-today/"
    "dow-jones-futures-nvidia-stock-broadcom-astera-deepseek/"
)
SIA = (
    "https://www.semiconductors.org/america-projected-to-triple-semiconductor-manufacturing-"
    "capacity-by-2032-the-largest-rate-of-growth-in-the-world/"
)
SIA_MOVED = (
    "https://www.semiconductors.org/news/2024/05/america-projected-to-triple-semiconductor-"
    "manufacturing-capacity-by-2032/"
)
BI = "https://www.businessinsider.com/trump-taiwan-chip-tariffs-nvidia-stock-tsmc-deepseek-2025-1"
CNBC = (
    "https://www.cnbc.com/2025/01/30/"
    "openai-in-talks-to-raise-up-to-40-billion-at-340-billion-valuation.html"
)
FT = "https://www.ft.com/content/a0dfedd1-5255-4fa9-8ccc-1fe01de87ea6"

INVESTORS_TITLE = "Futures: AI Leaders Crumble on DeepSeek Fears"
SIA_TITLE = (
    "America Projected to Triple Semiconductor Manufacturing Capacity by 2032, the Largest "
    "Rate of Growth in the World"
)
BI_TITLE = "Trump's Taiwan Chip Tariff Threat Could Be a Fresh Blow to Nvidia"
CNBC_TITLE = "OpenAI in Talks to Raise Funding That Would Value AI Startup at up to $340 Billion"
CNBC_NEW_TITLE = "SoftBank Leads OpenAI Round as Chatbot Maker Reaches 400 Million Weekly Users"

BI_CAPTURE = "20250128120000"
"""The capture nearest at or before source 3's publication date (it has no access date)."""
CNBC_CAPTURE = "20250131101500"
"""The capture nearest at or before source 4's access date, 31 Jan. 2025."""

GONE = "https://www.gone.example/2024/06/a-study-nobody-kept.html"
"""Dead, and never archived."""
SWAPPED = "https://www.swapped.example/news/chip-output-rises"
"""Dead, and its only capture is of another page (a mismatch cannot rescue it)."""
DOWN = "https://www.down.example/reports/2024-capacity"
"""Its server refuses connections: unreachable, which is not proof of death."""
CLOSED_PORT_REMAP = r"^https://www\.down\.example/(.*)$ http://127.0.0.1:9/\1"
"""Sends DOWN to the discard port, where nothing listens on a test machine."""
MORE_ARTICLE = f"""A second article with worse luck.

Chip output rose [1], a study found [2], and a report agreed [3].

References
1. Doe, Jane. “Chip Output Rises Again.” Swapped News, 3 June 2024, {SWAPPED}.
2. Roe, Rick. “A Study Nobody Kept.” Gone Journal, 10 June 2024, {GONE}.
3. Poe, Pat. “Capacity Report 2024.” Down Reports, 12 June 2024, {DOWN}.
"""


@dataclass(frozen=True)
class World:
    """The running servers."""

    sites: Sites
    wayback: FakeWayback
    memento: FakeMemento
    """The second archive, asked when Wayback has no capture; it holds none either."""
    config: Path
    """An empty citecheck.toml, named explicitly so that no file found above the project
    can change the runs."""

    def archive_url(self, timestamp: str, url: str) -> str:
        return f"{self.wayback.base_url}/web/{timestamp}/{url}"

    def options(self) -> list[str]:
        """The CLI options that point a run at this world, fast and without a cache."""
        return [
            "--remap", CLOSED_PORT_REMAP,
            "--remap", self.sites.remap,
            "--allow-private",
            "--wayback-url", self.wayback.base_url,
            "--memento-url", f"{self.memento.base_url}/timemap",
            "--memento-rate", "600",
            "--archive-rate", "600",
            "--timeout", "10",
            "--retries", "0",
            "--no-cache",
            "--quiet",
            "--config", str(self.config),
        ]  # fmt: skip


def _publish(sites: Sites, wayback: FakeWayback) -> None:
    # 1: alive, and the page says what was cited.
    sites.add(
        INVESTORS, Route(200, article(INVESTORS_TITLE, "2025-01-28", "Investor's Business Daily"))
    )
    # 2: moved permanently to a new address that is alive and matches.
    sites.add(SIA, Route(301, b"", (("Location", "/" + Sites.key(SIA_MOVED)),)))
    sites.add(
        SIA_MOVED,
        Route(200, article(SIA_TITLE, "2024-05-08", "Semiconductor Industry Association")),
    )
    # 3: dead, with captures around its publication date; the nearest before it matches.
    sites.add(BI, Route(404, b"<html><head><title>Page Not Found</title></head></html>"))
    wayback.add(
        BI,
        Capture("20250101000000", status=404, body=b"Not Found"),
        Capture(BI_CAPTURE, body=article(BI_TITLE, "2025-01-28", "Business Insider")),
        Capture(
            "20250301000000", body=article("Business Insider", "2025-03-01", "Business Insider")
        ),
    )
    # 4: the live title changed since it was cited; the capture from the access date has it.
    sites.add(CNBC, Route(200, article(CNBC_NEW_TITLE, "2025-01-30", "CNBC")))
    wayback.add(
        CNBC,
        Capture("20250130180000", body=article(CNBC_TITLE, "2025-01-30", "CNBC")),
        Capture(CNBC_CAPTURE, body=article(CNBC_TITLE, "2025-01-30", "CNBC")),
        Capture("20250214000000", body=article(CNBC_NEW_TITLE, "2025-01-30", "CNBC")),
    )
    # 5: a bot wall, with no capture at all.
    sites.add(FT, Route(403, CHALLENGE, (("cf-mitigated", "challenge"),)))
    # The second article: GONE is simply absent (404) and never archived.
    sites.add(SWAPPED, Route(410, b"<html><head><title>Gone</title></head></html>"))
    wayback.add(
        SWAPPED,
        Capture("20240603120000", body=article("Cookie Settings", "2024-06-03", "Swapped")),
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    config = tmp_path_factory.mktemp("config") / "citecheck.toml"
    config.write_text("# every setting comes from the command line\n", encoding="utf-8")
    with running_sites() as sites, running_wayback() as wayback, running_memento() as memento:
        _publish(sites, wayback)
        yield World(sites, wayback, memento, config)
