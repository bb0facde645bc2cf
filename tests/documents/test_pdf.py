"""PDF: text in reading order, URI annotations matched to the text they cover."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from citecheck.documents import read_bytes
from citecheck.errors import InputError
from citecheck.model import TextDocument

from .builders import SEED_SOURCES, Token, draw_pdf, scanned_pdf, seed_pdf


def linked(document: TextDocument) -> list[tuple[str, str]]:
    return [
        (document.text[link.span.start : link.span.end], link.target) for link in document.links
    ]


def read_pdf(data: bytes) -> TextDocument:
    return read_bytes(data, name="article.pdf")


def test_seed_pdf_text_keeps_the_line_breaks_inside_urls() -> None:
    text = read_pdf(seed_pdf()).text
    assert "Sources\n1. LEHTONEN, SCOTT, and Investor’s Business Daily." in text
    assert "dow-jones-futures-nvidia-stock-bro\nadcom-astera-deepseek/." in text
    assert "manufacturing-capa\ncity-by-2032" in text
    assert "2025,\n4. www.businessinsider.com/" in text
    assert "-2025-1. 4. Field, Hayden" in text
    assert "billion-valuat\nion.html. Accessed 31 Jan. 2025." in text


def test_each_line_piece_of_a_broken_url_carries_the_full_exact_target() -> None:
    document = read_pdf(seed_pdf())
    assert linked(document) == [
        (piece, source.target) for source in SEED_SOURCES for piece in source.url_pieces
    ]


def test_pdf_whose_annotations_were_stripped_falls_back_to_text_only() -> None:
    linked_pdf = seed_pdf()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(linked_pdf)))
    writer.remove_annotations(subtypes="/Link")
    buffer = io.BytesIO()
    writer.write(buffer)
    with_links, stripped = read_pdf(linked_pdf), read_pdf(buffer.getvalue())
    assert with_links.links and stripped.links == ()
    assert stripped.text == with_links.text
    assert read_pdf(seed_pdf(links=False)).text == with_links.text


def test_links_on_later_pages_index_the_joined_text() -> None:
    document = read_pdf(
        draw_pdf(
            [[Token("See"), Token("example.org/a", "https://example.org/a"), Token("now.")]],
            body=None,
            heading=None,
            pages=3,
        )
    )
    assert document.text == "See example.org/a now.\nSee example.org/a now.\nSee example.org/a now."
    assert linked(document) == [("example.org/a", "https://example.org/a")] * 3
    assert [link.span.start for link in document.links] == [4, 27, 50]


def test_linked_title_words_are_matched_by_position() -> None:
    target = "https://example.org/story"
    paragraphs = [
        [
            Token("1."),
            Token("Smith."),
            Token("A", target),
            Token("Linked", target),
            Token("Title.", target),
            Token("2024."),
        ]
    ]
    document = read_pdf(draw_pdf(paragraphs, body=None, heading=None))
    assert document.text == "1. Smith. A Linked Title. 2024."
    # One annotation per word here; each covers exactly its word.
    assert linked(document) == [("A", target), ("Linked", target), ("Title.", target)]


def test_one_annotation_with_quadpoints_over_two_lines() -> None:
    target = SEED_SOURCES[0].target
    first, second = SEED_SOURCES[0].url_pieces
    data = draw_pdf(
        [
            [
                Token("28"),
                Token("Jan."),
                Token("2025,"),
                Token(first),
                Token(second, break_before=True),
                Token(".", space_before=False),
            ]
        ],
        links=False,
        body=None,
        heading=None,
        font_size=9,
    )
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    # Where the builder drew the two pieces (left margin 50, first baseline 732, leading 12.6).
    from reportlab.pdfbase.pdfmetrics import stringWidth

    start = 50 + stringWidth("28 Jan. 2025, ", "Helvetica", 9)
    end1 = start + stringWidth(first, "Helvetica", 9)
    end2 = 50 + stringWidth(second, "Helvetica", 9)
    y1, y2 = 732.0, 732.0 - 12.6
    quads = [
        start,
        y1 + 9,
        end1,
        y1 + 9,
        start,
        y1 - 2,
        end1,
        y1 - 2,
        50,
        y2 + 9,
        end2,
        y2 + 9,
        50,
        y2 - 2,
        end2,
        y2 - 2,
    ]
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            # The bounding box also covers "28 Jan. 2025," on line 1: only the quads are exact.
            NameObject("/Rect"): ArrayObject(FloatObject(v) for v in (50, y2 - 2, end1, y1 + 9)),
            NameObject("/QuadPoints"): ArrayObject(FloatObject(v) for v in quads),
            NameObject("/A"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/URI"),
                    NameObject("/URI"): TextStringObject(target),
                }
            ),
        }
    )
    writer.add_annotation(page_number=0, annotation=annotation)
    buffer = io.BytesIO()
    writer.write(buffer)
    document = read_pdf(buffer.getvalue())
    assert document.text == f"28 Jan. 2025, {first}\n{second}."
    assert linked(document) == [(first, target), (second, target)]


def test_scanned_pdf_has_no_text_and_a_warning() -> None:
    document = read_pdf(scanned_pdf())
    assert document.text == ""
    assert [(f.code, f.severity) for f in document.findings] == [("pdf-no-text-layer", "warning")]


def test_pages_without_text_among_text_pages_are_reported() -> None:
    writer = PdfWriter()
    for data in (seed_pdf(), scanned_pdf()):
        writer.append(PdfReader(io.BytesIO(data)))
    buffer = io.BytesIO()
    writer.write(buffer)
    document = read_pdf(buffer.getvalue())
    assert "Sources" in document.text
    assert [(f.code, dict(f.evidence)) for f in document.findings] == [
        ("pdf-pages-without-text", {"pages": "2"})
    ]


def _encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(seed_pdf())))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_encrypted_pdf_without_password_is_a_clear_error() -> None:
    with pytest.raises(InputError, match=r"article\.pdf: the PDF is encrypted and needs a pass"):
        read_pdf(_encrypted("secret"))


def test_pdf_protected_only_by_an_owner_password_is_read() -> None:
    document = read_pdf(_encrypted(""))
    assert "Sources" in document.text
    assert len(document.links) == 8


def test_corrupt_pdf_is_a_clear_error() -> None:
    with pytest.raises(InputError, match=r"article\.pdf: .*PDF"):
        read_pdf(b"%PDF-1.7\n" + bytes(range(256)) * 40)
