"""Playback shapes: what the matcher and fix ask the archives package instead of knowing it."""

from __future__ import annotations

from datetime import UTC, datetime

from citecheck.archives import playback
from citecheck.archives.memento import MEMENTO_PLAYBACK
from citecheck.archives.wayback import WAYBACK_PLAYBACK
from citecheck.model import Snapshot

ORIGINAL = "https://www.example.com/2025/01/28/story.html"


def test_the_original_url_inside_a_wayback_playback_url() -> None:
    for url in (
        f"https://web.archive.org/web/20250131021453/{ORIGINAL}",
        f"http://127.0.0.1:8080/web/20250131021453id_/{ORIGINAL}",
        f"https://wayback.archive-it.org/web/2025/{ORIGINAL}",
    ):
        assert playback.original_url(url) == ORIGINAL
    assert playback.original_url(ORIGINAL) == ORIGINAL


def test_an_entry_citing_a_capture_is_recognised() -> None:
    assert playback.cites_capture(f"Archived at web.archive.org/web/20250131/{ORIGINAL}.")
    assert not playback.cites_capture(f"Doe, J. Story. {ORIGINAL}")


def test_the_wayback_toolbar_is_stripped() -> None:
    html = (
        "<html><!-- BEGIN WAYBACK TOOLBAR INSERT --><div id='wm-ipp'>Jan 31, 2025</div>"
        "<!-- END WAYBACK TOOLBAR INSERT --><p>Story</p>"
        "<!--\n     FILE ARCHIVED ON 02:14:53 Jan 31, 2025 AND RETRIEVED FROM THE\n-->"
    )
    assert playback.without_furniture(html) == "<html><p>Story</p>"
    assert "//*[starts-with(@id,'wm-ipp')]" in playback.furniture_xpaths()


def test_a_replayed_nearby_capture_keeps_the_base_url() -> None:
    snapshot = Snapshot(
        url=f"http://127.0.0.1:8080/web/20250131021453/{ORIGINAL}",
        original=ORIGINAL,
        captured=datetime(2025, 1, 31, 2, 14, 53, tzinfo=UTC),
    )
    moved = WAYBACK_PLAYBACK.capture_url(snapshot, datetime(2025, 1, 30, 8, 0, tzinfo=UTC))
    assert moved == f"http://127.0.0.1:8080/web/20250130080000/{ORIGINAL}"


def test_shapes_register_once() -> None:
    before = playback.shapes()
    assert playback.register(WAYBACK_PLAYBACK) is WAYBACK_PLAYBACK
    assert playback.shapes() == before


def test_memento_urls_and_archive_today_links() -> None:
    assert playback.original_url(f"https://archive.ph/20250131021453/{ORIGINAL}") == ORIGINAL
    assert playback.original_url(f"http://localhost:8080/news/20250131021453mp_/{ORIGINAL}") == (
        ORIGINAL
    )
    assert playback.original_url("https://archive.ph/Xq7Lb") == "https://archive.ph/Xq7Lb"
    assert playback.cites_capture("Archived at https://archive.ph/Xq7Lb (2025-01-31).")
    assert playback.cites_capture(f"Archived at https://archive.md/20250131021453/{ORIGINAL}.")


def test_a_memento_replay_keeps_its_prefix_and_flags() -> None:
    snapshot = Snapshot(
        url=f"http://localhost:8080/news/20250131021453mp_/{ORIGINAL}",
        original=ORIGINAL,
        captured=datetime(2025, 1, 31, 2, 14, 53, tzinfo=UTC),
    )
    moved = MEMENTO_PLAYBACK.capture_url(snapshot, datetime(2025, 1, 30, 8, 0, tzinfo=UTC))
    assert moved == f"http://localhost:8080/news/20250130080000mp_/{ORIGINAL}"


def test_the_pywb_banner_is_stripped() -> None:
    html = "<head><!-- WB Insert --><script>wbinfo = {}</script><!-- End WB Insert --></head>"
    assert playback.without_furniture(html) == "<head></head>"
