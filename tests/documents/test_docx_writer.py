"""Rewriting URLs in a DOCX: targets, visible text, archive links; everything else kept."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from citecheck.documents import UrlReplacement, read_bytes, rewrite_docx
from citecheck.errors import InputError
from citecheck.model import TextDocument

from .builders import (
    SEED_SOURCES,
    add_field_hyperlink,
    add_footnote_reference,
    add_footnotes,
    add_hyperlink,
    save,
    seed_docx_with_defects,
)

WAYBACK = "https://web.archive.org/web/20250131120000/"


def linked(document: TextDocument) -> list[tuple[str, str]]:
    return [
        (document.text[link.span.start : link.span.end], link.target) for link in document.links
    ]


def read_docx(data: bytes) -> TextDocument:
    return read_bytes(data, name="fixed.docx")


def test_seed_defects_fixed_with_archive_links() -> None:
    original = seed_docx_with_defects()
    replacements = [
        UrlReplacement(source.target, source.target, WAYBACK + source.target, "31 Jan. 2025")
        for source in SEED_SOURCES
    ]
    fixed = rewrite_docx(original, replacements)
    document = read_docx(fixed)
    expected = []
    for source in SEED_SOURCES:
        expected += [
            (source.visible_url, source.target),
            (WAYBACK + source.target, WAYBACK + source.target),
        ]
    # The stray spaces in the visible URLs are gone and every URL has its archive link.
    assert linked(document) == expected
    first = SEED_SOURCES[0]
    assert (
        f"{first.visible_url} Archived at {WAYBACK + first.target} (31 Jan. 2025)." in document.text
    )
    assert document.text.count("Archived at") == 5
    # python-docx opens the result and sees the same paragraphs.
    assert len(docx.Document(io.BytesIO(fixed)).paragraphs) == len(
        docx.Document(io.BytesIO(original)).paragraphs
    )


def test_changed_url_updates_target_and_visible_text_and_keeps_other_parts() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("1. Title. ")
    paragraph.add_run("Bold words").bold = True
    paragraph.add_run(" ")
    add_hyperlink(paragraph, "http://old.example.org/a", "old.example.org/a")
    paragraph.add_run(".")
    other = document.add_paragraph("2. Other ")
    add_hyperlink(other, "https://other.example.org/", "https://other.example.org/")
    original = save(document)
    fixed = rewrite_docx(
        original,
        [UrlReplacement("http://old.example.org/a", "https://new.example.org/a", None, None)],
    )
    read = read_docx(fixed)
    assert (
        read.text == "1. Title. Bold words new.example.org/a.\n2. Other https://other.example.org/"
    )
    assert linked(read) == [
        ("new.example.org/a", "https://new.example.org/a"),
        ("https://other.example.org/", "https://other.example.org/"),
    ]
    reopened = docx.Document(io.BytesIO(fixed))
    assert [run.bold for run in reopened.paragraphs[0].runs][:2] == [None, True]
    with (
        zipfile.ZipFile(io.BytesIO(original)) as before,
        zipfile.ZipFile(io.BytesIO(fixed)) as after,
    ):
        assert before.namelist() == after.namelist()
        untouched = [
            name
            for name in before.namelist()
            if name not in ("word/document.xml", "word/_rels/document.xml.rels")
        ]
        assert untouched
        for name in untouched:
            assert before.read(name) == after.read(name), name


def test_plain_text_url_is_replaced_and_the_run_split_around_the_archive_link() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run("See www.example.org/old for details.")
    run.italic = True
    fixed = rewrite_docx(
        save(document),
        [
            UrlReplacement(
                "https://www.example.org/old",
                "https://www.example.org/new",
                WAYBACK + "https://www.example.org/new",
                None,
            )
        ],
    )
    read = read_docx(fixed)
    assert read.text == (
        f"See www.example.org/new Archived at {WAYBACK}https://www.example.org/new for details."
    )
    paragraph = docx.Document(io.BytesIO(fixed)).paragraphs[0]
    runs = paragraph.runs
    assert runs[0].text == "See www.example.org/new" and runs[0].italic
    assert runs[-1].text == " for details." and runs[-1].italic
    archive_run = paragraph.hyperlinks[0].runs[0]
    # The template has no Hyperlink style; the run names it as Word would.
    assert archive_run._r.rPr.rStyle.val == "Hyperlink" and archive_run.italic


def test_footnote_links_and_field_codes_are_updated() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Claim.")
    add_footnote_reference(paragraph, 1)
    field = document.add_paragraph("Field: ")
    add_field_hyperlink(field, "https://old.example.org/f", "old.example.org/f")
    add_footnotes(document, [("Source,", "https://old.example.org/n")])
    fixed = rewrite_docx(
        save(document),
        [
            UrlReplacement("https://old.example.org/n", "https://new.example.org/n", None, None),
            UrlReplacement("https://old.example.org/f", "https://new.example.org/f", None, None),
        ],
    )
    read = read_docx(fixed)
    assert linked(read) == [
        ("new.example.org/f", "https://new.example.org/f"),
        ("https://new.example.org/n", "https://new.example.org/n"),
    ]


def test_rewriting_twice_adds_one_archive_link() -> None:
    replacement = [
        UrlReplacement(
            SEED_SOURCES[4].target, SEED_SOURCES[4].target, WAYBACK + SEED_SOURCES[4].target, None
        )
    ]
    once = rewrite_docx(seed_docx_with_defects(), replacement)
    twice = rewrite_docx(once, replacement)
    assert read_docx(twice).text.count("Archived at") == 1


def test_no_match_leaves_the_package_unchanged_in_content() -> None:
    original = seed_docx_with_defects()
    fixed = rewrite_docx(
        original, [UrlReplacement("https://absent.example/", "https://x/", None, None)]
    )
    assert read_docx(fixed) == read_docx(original)


def test_not_a_docx_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not a Word document"):
        rewrite_docx(b"plain text", [])
