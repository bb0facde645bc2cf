"""Turn a response body into text: charset from the BOM, the headers, the markup, else a guess."""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping

from charset_normalizer import from_bytes

MAX_HTML_BYTES = 3_000_000
"""Bytes of a page read at most: metadata lives in the head and the top of the body, and a cap
keeps hostile input (megabytes of nested tags) bounded in time and memory."""

_SNIFF_BYTES = 4096
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
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


def decode_html(html: bytes | str, headers: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` for a page, capped at :data:`MAX_HTML_BYTES`."""
    if isinstance(html, str):
        return html[:MAX_HTML_BYTES], "unicode"
    body = html[:MAX_HTML_BYTES]
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace"), encoding
    for declared in (_header_charset(headers), _meta_charset(body)):
        if declared is not None:
            return body.decode(declared, errors="replace"), declared
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        # A cut at the size cap may split a multi-byte character; that is still UTF-8.
        if error.start >= len(body) - 4:
            return body.decode("utf-8", errors="ignore"), "utf-8"
    guess = from_bytes(body[:200_000]).best()
    guessed = _known_codec(guess.encoding) if guess is not None else None
    fallback = guessed or "cp1252"
    return body.decode(fallback, errors="replace"), fallback


def _header_charset(headers: Mapping[str, str] | None) -> str | None:
    if not headers:
        return None
    for name, value in headers.items():
        if name.lower() == "content-type":
            found = _HEADER_CHARSET.search(value)
            return _known_codec(found.group(1)) if found else None
    return None


def _meta_charset(body: bytes) -> str | None:
    found = _META_CHARSET.search(body[:_SNIFF_BYTES])
    return _known_codec(found.group(1).decode("ascii", errors="ignore")) if found else None


def _known_codec(label: str) -> str | None:
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
