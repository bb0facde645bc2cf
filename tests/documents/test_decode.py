"""Decoding text inputs: BOMs, UTF-8, UTF-16 without BOM, cp1252/latin-1, line ends, invisibles."""

from __future__ import annotations

import codecs

import pytest

from citecheck.documents import decode_text, read_bytes
from citecheck.errors import InputError

SAMPLE = "Sources\n1. Müller, “Café” – 5 €, https://example.org/a\n"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_each_bom_decides_the_encoding_and_is_dropped(bom: bytes, encoding: str) -> None:
    text, findings = decode_text(bom + SAMPLE.encode(encoding))
    assert text == SAMPLE
    assert findings == ()


def test_utf8_without_bom_has_no_finding() -> None:
    assert decode_text(SAMPLE.encode("utf-8")) == (SAMPLE, ())


def test_cp1252_falls_back_with_an_info_finding() -> None:
    text, findings = decode_text(SAMPLE.encode("cp1252"))
    assert text == SAMPLE
    assert [finding.code for finding in findings] == ["encoding-fallback"]
    assert findings[0].evidence["encoding"] == "cp1252"
    assert findings[0].severity == "info"


def test_a_byte_undefined_in_cp1252_falls_back_to_latin1() -> None:
    # 0x81 is unassigned in cp1252; latin-1 decodes every byte.
    data = "Zürich, Genève et Neuchâtel ".encode("latin-1") + b"\x81"
    text, findings = decode_text(data)
    assert text == "Zürich, Genève et Neuchâtel \x81"
    assert findings[0].evidence["encoding"] == "latin-1"


@pytest.mark.parametrize(
    "data",
    [bytes(range(0x80, 0x100)) * 4, "Привет, мир".encode("cp1251") * 3, b"\x81\x8d\x8f\x90ab"],
)
def test_invalid_utf8_that_is_not_legible_legacy_text_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match=r"^x\.txt: not valid UTF-8, and not legible"):
        decode_text(data, name="x.txt")


def test_mostly_utf8_with_a_stray_byte_stays_utf8_and_says_so() -> None:
    data = ("Müller “Café” – naïve " * 5).encode() + b"\xff end"
    text, findings = decode_text(data)
    assert text.startswith("Müller “Café”")
    assert text.endswith("\ufffd end")
    assert findings[0].code == "encoding-errors-replaced"
    assert findings[0].evidence["replaced"] == "1"


def test_utf16_without_bom_is_recognised() -> None:
    text, findings = decode_text(SAMPLE.encode("utf-16-le"))
    assert text == SAMPLE
    assert findings[0].code == "encoding-guessed"


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(InputError, match=r"article\.bin: looks like a binary file \(NUL bytes\)"):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, name="article.bin")


def test_control_characters_mean_binary() -> None:
    data = bytes(range(1, 9)) * 200 + b"some text"
    with pytest.raises(InputError, match="control characters"):
        decode_text(data, name="x")


def test_crlf_and_cr_become_newlines() -> None:
    document = read_bytes(b"one\r\ntwo\rthree\nfour", name="a.txt")
    assert document.text == "one\ntwo\nthree\nfour"


def test_soft_hyphen_zero_width_and_no_break_spaces_are_normalised() -> None:
    raw = "docu\u00admentation\u00a0p.\u202f5\u2007x www.exam\u200bple.org/a\u2060b"
    document = read_bytes(raw.encode(), name="a.txt")
    assert document.text == "documentation p. 5 x www.example.org/ab"


def test_cp1252_soft_hyphen_and_nbsp_bytes() -> None:
    document = read_bytes(b"semi\xadconductor\xa0capacity\r\n", name="a.txt")
    assert document.text == "semiconductor capacity\n"
    assert document.findings[0].code == "encoding-fallback"
