"""Link targets: which hrefs count, and whether a URL-looking link text agrees with its target."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urljoin, urlsplit

from citecheck.model import Finding, LinkTarget, Severity

_LINK_SCHEMES = frozenset({"http", "https", "ftp"})
_URL_LIKE = re.compile(
    r"(?:(?:https?|ftp)://|www\.)\S+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/\S*",
    re.IGNORECASE,
)
_ELLIPSIS = ("…", "...")
_MAX_URL_PIECES = 3


def absolute_url(href: str | None, base: str | None = None) -> str | None:
    """The absolute http(s)/ftp URL an href names, or ``None`` (fragments, mailto:, relative)."""
    if not href:
        return None
    # Browsers ignore surrounding whitespace and drop tabs and line breaks inside an href.
    href = re.sub(r"[\t\n\r]", "", href.strip())
    if not href or href.startswith("#"):
        return None
    if base:
        href = urljoin(base, href)
    elif href.startswith("//"):
        href = "https:" + href
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme.lower() not in _LINK_SCHEMES or not parts.netloc:
        return None
    return href


def looks_like_url(text: str) -> bool:
    """Whether link text is itself an address (so it can disagree with the target)."""
    return _URL_LIKE.fullmatch(text.strip()) is not None


def same_address(visible: str, target: str) -> bool:
    """Whether a URL as shown and a link target name the same address.

    Scheme, ``www.``, letter case of the host, percent-encoding, a trailing slash and a
    trailing sentence mark are ignored; a shortened text ending in an ellipsis agrees with a
    target that starts the same way.
    """
    shown = visible.strip()
    shortened = shown.endswith(_ELLIPSIS)
    for ellipsis in _ELLIPSIS:
        shown = shown.removesuffix(ellipsis)
    shown_key = _address_key(shown.rstrip(".,;:"))
    target_key = _address_key(target)
    if shortened:
        return target_key.startswith(shown_key)
    return shown_key == target_key


def _address_key(url: str) -> str:
    url = unquote(url.strip())
    url = re.sub(r"^(?:https?|ftp)://", "", url, flags=re.IGNORECASE)
    host, slash, rest = url.partition("/")
    host = host.lower().removeprefix("www.")
    return (host + slash + rest).rstrip("/")


def mismatch_findings(text: str, links: Iterable[LinkTarget]) -> tuple[Finding, ...]:
    """A ``link-text-mismatch`` warning for each link whose URL-like text names another address."""
    findings: list[Finding] = []
    for link in links:
        visible = text[link.span.start : link.span.end]
        # A URL that a line break or a stray space split is still the URL it shows.
        pieces = visible.split()
        joined = "".join(pieces) if len(pieces) <= _MAX_URL_PIECES else visible
        if looks_like_url(joined) and not same_address(joined, link.target):
            findings.append(
                Finding(
                    code="link-text-mismatch",
                    severity=Severity.WARNING,
                    message=f"The link text says {visible.strip()} but the link goes to "
                    f"{link.target}.",
                    evidence={"visible": visible.strip(), "target": link.target},
                )
            )
    return tuple(findings)
