"""Bytes to text: byte-order marks, UTF-8, UTF-16 without a BOM, cp1252 and latin-1.

This reads input documents (a text file has no headers and may be UTF-16 without a BOM); pages
fetched over HTTP are read by the page decoder, :mod:`citecheck.http.page`, whose byte-order
marks this shares.
"""

from __future__ import annotations

import codecs
import re

from citecheck.errors import InputError
from citecheck.http.page import bom_encoding as bom_encoding  # one BOM table for all bytes
from citecheck.model import Finding, Severity

SUPPORTED = "citecheck reads text, Markdown, HTML, DOCX and PDF"

_SNIFF_BYTES = 65_536
# Control bytes that never appear in text; tab, line feed, vertical tab, form feed, carriage
# return and escape (ANSI colours in captured terminal output) are allowed.
_CONTROL = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_MAX_CONTROL_RATIO = 0.05
# In Western text written in cp1252 or latin-1 most characters are ASCII; bytes that are
# mostly high are another encoding (or not text), and decoding them as cp1252 gives mojibake.
_MAX_LEGACY_HIGH_RATIO = 0.3
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_MAX_C1_CONTROLS = 2
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def decode_text(data: bytes, *, name: str = "input") -> tuple[str, tuple[Finding, ...]]:
    """Decode a text file: a BOM decides; else UTF-8, UTF-16 without BOM, cp1252, latin-1.

    Returns the text (BOM removed, line ends untouched) and findings naming any fallback.
    Raises :class:`InputError` when the bytes look binary rather than like text.
    """
    encoding = bom_encoding(data)
    if encoding is not None:
        bom_length = 4 if encoding.startswith("utf-32") else 3 if encoding == "utf-8" else 2
        return _decode_declared(data[bom_length:], encoding)
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError(f"{name}: looks like a binary file (NUL bytes); {SUPPORTED}")
        text, findings = _decode_declared(data, utf16)
        note = Finding(
            code="encoding-guessed",
            severity=Severity.INFO,
            message=f"The input has no byte-order mark; decoded as {utf16.upper()}.",
            evidence={"encoding": utf16},
        )
        return text, (note, *findings)
    _refuse_control_characters(data, name)
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        return _decode_not_utf8(data, name)


def _decode_declared(data: bytes, encoding: str) -> tuple[str, tuple[Finding, ...]]:
    try:
        return data.decode(encoding), ()
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
        return text, (_replaced_finding(encoding, text.count("\ufffd")),)


def _decode_not_utf8(data: bytes, name: str) -> tuple[str, tuple[Finding, ...]]:
    """Mostly-UTF-8 text with a few bad bytes stays UTF-8; Western legacy text is cp1252 or
    latin-1; anything else is refused rather than turned into mojibake."""
    invalid = _count_invalid_utf8(data)
    valid_multibyte = len(_UTF8_MULTIBYTE.findall(data))
    if valid_multibyte > invalid:
        text = data.decode("utf-8", errors="replace")
        return text, (_replaced_finding("utf-8", invalid),)
    high_bytes = sum(1 for byte in data if byte >= 0x80)
    if high_bytes / len(data) <= _MAX_LEGACY_HIGH_RATIO:
        for encoding in ("cp1252", "latin-1"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if len(_C1_CONTROLS.findall(text)) <= _MAX_C1_CONTROLS:
                return text, (
                    Finding(
                        code="encoding-fallback",
                        severity=Severity.INFO,
                        message=f"The input is not valid UTF-8; decoded as {encoding}.",
                        evidence={"encoding": encoding},
                    ),
                )
    raise InputError(
        f"{name}: not valid UTF-8, and not legible as cp1252 or latin-1 either; save it as UTF-8"
    )


def _count_invalid_utf8(data: bytes) -> int:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    # Count only replacements the decoding added, not U+FFFD characters already in the text.
    before = data.count("\ufffd".encode())
    return decoder.decode(data, final=True).count("\ufffd") - before


def _replaced_finding(encoding: str, count: int) -> Finding:
    return Finding(
        code="encoding-errors-replaced",
        severity=Severity.WARNING,
        message=f"The input has {count} byte sequence(s) that are not valid {encoding}; "
        "they were replaced with U+FFFD.",
        evidence={"encoding": encoding, "replaced": str(count)},
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has NUL in every other byte (for Latin scripts)."""
    head = data[: _SNIFF_BYTES - _SNIFF_BYTES % 2]
    if len(head) < 4 or len(head) % 2:
        return None
    even_nuls = head[0::2].count(0) / (len(head) // 2)
    odd_nuls = head[1::2].count(0) / (len(head) // 2)
    if odd_nuls > 0.4 and even_nuls < 0.05:
        candidate = "utf-16-le"
    elif even_nuls > 0.4 and odd_nuls < 0.05:
        candidate = "utf-16-be"
    else:
        return None
    try:
        sample = head.decode(candidate)
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(sample.encode("utf-8", errors="replace")):
        return None
    return candidate


def _refuse_control_characters(data: bytes, name: str) -> None:
    head = data[:_SNIFF_BYTES]
    if head and len(_CONTROL.findall(head)) / len(head) > _MAX_CONTROL_RATIO:
        raise InputError(f"{name}: looks like a binary file (control characters); {SUPPORTED}")
