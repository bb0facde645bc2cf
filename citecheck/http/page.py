"""The one page decoder: response bytes and headers to markup, title and visible text.

The soft-404 rules and the matcher read a page through :func:`decode_markup`, so they agree on
its characters: a byte-order mark decides, else the charset the headers declare, else a
``<meta charset>``, else UTF-8, else a guess (charset-normalizer), else cp1252.
"""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from charset_normalizer import from_bytes

MAX_HTML_BYTES = 3_000_000
"""Bytes of a page decoded at most: metadata lives in the head and the top of the body, and a
cap keeps hostile input (megabytes of nested tags) bounded in time and memory."""
TEXT_SAMPLE = 200_000
"""Characters of a page inspected for its title and visible text."""

_SNIFF_BYTES = 4096
_GUESS_BYTES = 200_000
_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# Browsers (WHATWG Encoding) read these labels as their supersets; pages rely on it.
_SUPERSETS = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_INVISIBLE = re.compile(
    r"<(script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class PageText:
    """The parts of an HTML page the liveness rules look at."""

    title: str | None
    """The ``<title>``, unescaped and whitespace-collapsed."""
    text: str
    """Visible text, whitespace-collapsed (scripts, styles and tags removed)."""
    encoding: str = "utf-8"
    """The character encoding the page was read in."""


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` announces, if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def decode_markup(body: bytes | str, headers: Mapping[str, str] | None = None) -> tuple[str, str]:
    """``(markup, encoding)`` of a page, capped at :data:`MAX_HTML_BYTES`; never raises."""
    if isinstance(body, str):
        return body[:MAX_HTML_BYTES], "unicode"
    data = body[:MAX_HTML_BYTES]
    encoding = bom_encoding(data)
    if encoding is not None:
        skip = 4 if encoding.startswith("utf-32") else 3 if encoding == "utf-8" else 2
        return data[skip:].decode(encoding, errors="replace"), encoding
    for declared in (_header_charset(headers), _meta_charset(data)):
        if declared is not None:
            return data.decode(declared, errors="replace"), declared
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        # A cut at the size cap may split a multi-byte character; that is still UTF-8.
        if error.start >= len(data) - 4:
            return data.decode("utf-8", errors="ignore"), "utf-8"
    guess = from_bytes(data[:_GUESS_BYTES]).best()
    guessed = known_codec(guess.encoding) if guess is not None else None
    fallback = guessed or "cp1252"
    return data.decode(fallback, errors="replace"), fallback


def page_text(body: bytes, headers: Mapping[str, str] | None = None) -> PageText:
    """Title and visible text of ``body`` (its first :data:`TEXT_SAMPLE` characters)."""
    markup, encoding = decode_markup(body, headers)
    markup = markup[:TEXT_SAMPLE]
    found = _TITLE.search(markup)
    title = collapse(html.unescape(_TAG.sub(" ", found.group(1)))) if found else None
    text = collapse(html.unescape(_TAG.sub(" ", _INVISIBLE.sub(" ", markup))))
    return PageText(title=title or None, text=text, encoding=encoding)


def collapse(text: str) -> str:
    """``text`` with runs of whitespace made one space, and stripped."""
    return _SPACE.sub(" ", text).strip()


def known_codec(label: str) -> str | None:
    """The Python codec for a charset label, or ``None`` when Python does not know it."""
    label = label.strip().lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that says UTF-16 in ASCII-compatible markup cannot be UTF-16; browsers use UTF-8.
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"
    return _SUPERSETS.get(name, name)


def _header_charset(headers: Mapping[str, str] | None) -> str | None:
    if not headers:
        return None
    for name, value in headers.items():
        if name.lower() == "content-type":
            found = _HEADER_CHARSET.search(value)
            return known_codec(found.group(1)) if found else None
    return None


def _meta_charset(body: bytes) -> str | None:
    found = _META_CHARSET.search(body[:_SNIFF_BYTES])
    return known_codec(found.group(1).decode("ascii", errors="ignore")) if found else None
