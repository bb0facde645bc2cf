"""The page signals behind soft-404 and challenge verdicts, on small examples."""

from __future__ import annotations

import pytest

from citecheck.resolve.signals import PageText, challenge_reason, not_found_title, same_page


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("404 - Page Not Found", True),
        ("Error 404", True),
        ("Page not found | The Daily Example", True),
        ("Not Found", True),
        ("Oops! That page can’t be found.", True),
        ("Flight 404 lands safely", False),
        ("Article 404", False),
        ("Missing hiker still not found after three days", False),
        (None, False),
    ],
)
def test_not_found_titles(title: str | None, expected: bool) -> None:
    assert not_found_title(title) is expected


def test_articles_sharing_a_template_are_different_pages() -> None:
    menu = " ".join(f"Section {n} News Sport Business Opinion" for n in range(80))
    story = "The council voted to expand the cycle network after a long consultation. " * 10
    other = "Firefighters were called to a warehouse blaze on the industrial estate. " * 10
    same, score = same_page(
        PageText("Site", f"{menu} {story} {menu}"), PageText("Site", f"{menu} {other} {menu}")
    )
    assert score > 85 and not same


def test_not_found_page_echoing_the_path_is_the_same_page() -> None:
    menu = " ".join(f"Section {n} News Sport Business Opinion" for n in range(80))

    def page(path: str) -> PageText:
        return PageText("Site", f"{menu} Sorry, {path} could not be found. {menu}")

    same, _ = same_page(page("/news/an-old-story"), page("/news/citecheck-probe-0123456789abcdef"))
    assert same


def test_challenge_markers_only_count_on_short_pages() -> None:
    script = b"<script src='/cdn-cgi/challenge-platform/scripts/jsd/main.js'></script>"
    short = b"<html><body>One moment please" + script + b"</body></html>"
    long_text = b"<p>" + b"A long article about the harbour. " * 200 + b"</p>"
    long = b"<html><body>" + long_text + script + b"</body></html>"
    assert challenge_reason({}, short, PageText(None, "One moment please")) is not None
    assert challenge_reason({}, long, PageText(None, long_text.decode())) is None
