"""What a response says beyond its status: titles, bot challenges, soft-404 hints, similarity."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from citecheck.http.page import TEXT_SAMPLE as _TEXT_SAMPLE
from citecheck.http.page import PageText as PageText  # the one page decoder's
from citecheck.http.page import page_text as page_text
from citecheck.model import LinkReason, LinkStatus

BLOCKED_STATUSES = frozenset({401, 402, 403, 429, 451, 999})
"""Statuses that say the check was refused, not that the page is gone."""
DEAD_STATUSES = frozenset({404, 410})


_NOT_FOUND_TITLE = re.compile(
    r"^\W*(?:error\s*)?404\b"
    r"|\b(?:error|http)\s*404\b"
    r"|\b404\b.{0,30}\b(?:not\s+found|error|page)\b"
    r"|\b(?:page|file|content|article|resource|document|post)\s+(?:was\s+)?not\s+found\b"
    r"|^\W*not\s+found\b|[|\-–—:·]\s*not\s+found\b"
    r"|page\s+(?:does\s+not|doesn't|cannot\s+be)\s+(?:exist|found)"
    r"|\bcan(?:not|[’']t)\s+be\s+found\b"
    r"|\bpage\s+(?:is\s+)?(?:no\s+longer\s+available|unavailable)\b",
    re.IGNORECASE,
)
_NOT_FOUND_TEXT = re.compile(
    r"not\s+found|\b404\b|no\s+longer\s+(?:available|exists)|does(?:n't|\s+not)\s+exist"
    r"|can(?:not|[’']t)\s+be\s+found",
    re.IGNORECASE,
)
_SHELL_TEXT = 200
"""Visible characters below which a page that runs scripts is taken for a single-page-app shell."""
_CHALLENGE_TITLE = re.compile(
    r"just a moment|attention required|verify(?:ing)? (?:you are|that you are) (?:a )?human"
    r"|are you a (?:robot|human)|captcha|security check|ddos-guard|access denied"
    r"|bot verification|checking your browser|pardon our interruption",
    re.IGNORECASE,
)
_CHALLENGE_MARKERS = (
    "cf-chl-",
    "challenge-platform",
    "px-captcha",
    "captcha-delivery.com",
    "_incapsula_resource",
    "g-recaptcha",
    "h-captcha",
    "cf-turnstile",
)
_COMPARED_TEXT = 20_000
"""Characters of visible text compared when telling whether two pages are the same page."""
_ALIKE = 90.0
"""Text similarity (0-100) two responses need before they can count as the same page."""
_SMALL_DIFFERENCE = 400
"""Characters inserted or deleted that two copies of one page may differ by."""
_SMALL_PAGE_TEXT = 2_000
"""Visible characters below which challenge markers in the markup count as a challenge page."""

_NOT_FOUND_PATH = re.compile(
    r"(?:^|/)(?:404|4o4|not[-_]?found|page[-_]?not[-_]?found|error(?:[-_]?404)?)"
    r"(?:\.\w+)?/?$",
    re.IGNORECASE,
)
_LOGIN_PATH = re.compile(
    r"(?:^|/)(?:log[-_]?in|sign[-_]?in|signin|auth|sso|subscribe|paywall|account/login)(?:/|$|\.)",
    re.IGNORECASE,
)


def not_found_title(title: str | None) -> bool:
    """Whether a page title says the page does not exist ("Page not found", "404" ...)."""
    return bool(title and _NOT_FOUND_TITLE.search(title))


def challenge_reason(
    headers: Mapping[str, str], body: bytes | None, page: PageText | None
) -> str | None:
    """Why the response looks like a bot challenge or captcha, or ``None``.

    ``page`` is :func:`page_text` of ``body``.
    """
    mitigated = next((v for k, v in headers.items() if k.lower() == "cf-mitigated"), None)
    if mitigated:
        return f"bot challenge (cf-mitigated: {mitigated})"
    if not body or page is None:
        return None
    if page.title and _CHALLENGE_TITLE.search(page.title):
        return f"bot challenge or captcha page (title {page.title!r})"
    if len(page.text) < _SMALL_PAGE_TEXT:
        lowered = body[:_TEXT_SAMPLE].decode("latin-1").lower()
        marker = next((m for m in _CHALLENGE_MARKERS if m in lowered), None)
        if marker:
            return f"bot challenge or captcha page (a short page carrying {marker!r})"
    return None


def script_shell(page: PageText, body: bytes) -> bool:
    """Whether a page is an empty shell that scripts fill in (a single-page app), which answers
    every address alike; a shell that says "not found" is not counted."""
    return (
        len(page.text) < _SHELL_TEXT
        and b"<script" in body[:_TEXT_SAMPLE].lower()
        and not _NOT_FOUND_TEXT.search(page.text)
    )


def not_found_url(url: str) -> bool:
    """Whether ``url`` is an error page by its path (``/404``, ``/not-found``, ``/error`` ...)."""
    return _NOT_FOUND_PATH.search(urlsplit(url).path) is not None


def login_url(url: str) -> bool:
    """Whether ``url`` looks like a sign-in or subscription wall."""
    return _LOGIN_PATH.search(urlsplit(url).path) is not None


def same_page(a: PageText, b: PageText) -> tuple[bool, float]:
    """Whether two responses are the same page, and their text similarity (0-100).

    Two articles on one site share navigation and footers, which can make their texts 90% alike;
    what tells them apart is how much text differs, not the share that is alike. So the pages
    must be alike overall, differ by only a few hundred characters (a "not found" page echoing
    the requested path), and not carry different titles.
    """
    text_a, text_b = a.text[:_COMPARED_TEXT], b.text[:_COMPARED_TEXT]
    score = float(fuzz.ratio(text_a, text_b))
    if a.title and b.title and a.title != b.title:
        return False, score
    allowed = max(_SMALL_DIFFERENCE, (len(text_a) + len(text_b)) * 0.01)
    return score >= _ALIKE and Indel.distance(text_a, text_b) <= allowed, score


def status_verdict(status: int) -> tuple[LinkStatus, LinkReason, str]:
    """The verdict a final non-redirect status gives on its own, its reason and its words."""
    if 200 <= status < 300:
        return LinkStatus.ALIVE, LinkReason.HTTP_OK, f"HTTP {status}"
    if status in DEAD_STATUSES:
        word = "gone" if status == 410 else "not found"
        return LinkStatus.DEAD, LinkReason.NOT_FOUND, f"HTTP {status} ({word})"
    if status in _REFUSALS:
        reason, words = _REFUSALS[status]
        return LinkStatus.BLOCKED, reason, f"HTTP {status}: {words}; not proof of death"
    if 400 <= status < 500:
        return LinkStatus.BLOCKED, LinkReason.FORBIDDEN, (
            f"HTTP {status}: the server refused the request"
        )
    if status >= 500:
        return LinkStatus.UNREACHABLE, LinkReason.SERVER_ERROR, (
            f"HTTP {status}: server error; not proof of death"
        )
    return LinkStatus.ALIVE, LinkReason.HTTP_OK, f"HTTP {status}"


_REFUSALS: dict[int, tuple[LinkReason, str]] = {
    401: (LinkReason.AUTH_REQUIRED, "authentication required"),
    402: (LinkReason.PAYWALL, "payment required (paywall)"),
    403: (LinkReason.FORBIDDEN, "access forbidden (often bot protection)"),
    429: (LinkReason.RATE_LIMITED, "rate-limited"),
    451: (LinkReason.LEGAL, "unavailable for legal reasons"),
    999: (LinkReason.FORBIDDEN, "refused by bot protection"),
}
