"""Choosing the reader by content first, then by extension."""

from __future__ import annotations

import io
import zipfile

import pytest

from citecheck.documents import detect_format, read_bytes
from citecheck.errors import InputError

from .builders import seed_docx, seed_pdf


def test_pdf_by_magic_even_with_a_txt_name() -> None:
    data = seed_pdf()
    assert detect_format(data, "article.txt") == "pdf"
    document = read_bytes(data, name="article.txt")
    assert document.format == "pdf"
    assert "Sources" in document.text


def test_docx_by_content_even_without_extension() -> None:
    assert detect_format(seed_docx(), "-") == "docx"
    assert detect_format(seed_docx(), "article.bin") == "docx"


@pytest.mark.parametrize(
    "head",
    [
        b"<!DOCTYPE html><p>x",
        b"  <html><body>x",
        b"<body>x",
        b"<ol><li>x</li></ol>",
        b"\xef\xbb\xbf<!-- c -->\n<div>x</div>",
        b"<?xml version='1.0'?><html>x",
    ],
)
def test_html_is_sniffed(head: bytes) -> None:
    assert detect_format(head, "notes.txt") == "html"
    assert detect_format(head, "-") == "html"


def test_markdown_extension_wins_over_inline_html() -> None:
    assert detect_format(b"<div>x</div>\n# Title", "a.md") == "markdown"
    assert detect_format(b"# Title", "a.markdown") == "markdown"


def test_extensions_and_default() -> None:
    assert detect_format(b"plain words", "a.html") == "html"
    assert detect_format(b"plain words", "a.txt") == "text"
    assert detect_format(b"plain words", "-") == "text"


def test_markdown_is_sniffed_from_links_on_stdin() -> None:
    assert detect_format(b"See [the page](https://example.org/).", "-") == "markdown"
    assert detect_format(b"[1]: https://example.org/a\n", "-") == "markdown"
    assert detect_format(b"Text[^1].\n\n[^1]: A note.\n", "-") == "markdown"


def test_zip_that_is_not_docx_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office/>")
    with pytest.raises(InputError, match="ZIP archive that is not a Word"):
        detect_format(buffer.getvalue(), "a.odt")


def test_legacy_doc_and_rtf_are_refused_clearly() -> None:
    with pytest.raises(InputError, match=r"legacy Word \.doc"):
        detect_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a.doc")
    with pytest.raises(InputError, match="RTF"):
        detect_format(b"{\\rtf1\\ansi hello}", "a.rtf")


def test_text_that_mentions_the_pdf_header_is_not_a_pdf() -> None:
    from citecheck.documents import detect_format

    text = b"# Inputs\n\nA PDF starts with `%PDF-1.7`; citecheck reads it by content.\n"
    assert detect_format(text, "notes.md") == "markdown"
    assert detect_format(b"\x00\x01junk%PDF-1.4\n", "x.bin") == "pdf"
