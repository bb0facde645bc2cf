"""DOCX: body order, Word's numbering as shown, tables, notes, hyperlink targets."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from citecheck.documents import read_bytes
from citecheck.errors import InputError
from citecheck.model import TextDocument

from .builders import (
    SEED_SOURCES,
    add_field_hyperlink,
    add_footnote_reference,
    add_footnotes,
    add_hyperlink,
    add_list_definition,
    number_paragraph,
    save,
    seed_docx,
    seed_docx_with_defects,
)


def linked(document: TextDocument) -> list[tuple[str, str]]:
    return [
        (document.text[link.span.start : link.span.end], link.target) for link in document.links
    ]


def read_docx(data: bytes) -> TextDocument:
    return read_bytes(data, name="article.docx")


def test_seed_list_numbers_and_exact_targets() -> None:
    document = read_docx(seed_docx())
    assert document.format == "docx"
    lines = document.text.split("\n")
    assert lines[2] == "Sources"
    assert [line[:3] for line in lines[3:]] == ["1. ", "2. ", "3. ", "4. ", "5. "]
    assert linked(document) == [(source.visible_url, source.target) for source in SEED_SOURCES]
    assert document.findings == ()


def test_seed_defects_keep_visible_text_but_carry_exact_targets() -> None:
    document = read_docx(seed_docx_with_defects())
    lines = document.text.split("\n")
    assert lines[4] == (
        "3. Porter, Tom, and Hasan Chowdhury. “Trump’s Taiwan Chip Tariff Threat Could Be a "
        "Fresh Blow to Nvidia.” Business Insider, 28 Jan. 2025,"
    )
    assert lines[5].startswith(
        "4. www.businessinsider.com/trump-taiwan-chip-tariffs-nvidia-stock-tsmc-deepseek-2025-1."
        " 4. Field, Hayden"
    )
    # The visible text keeps the seed's stray spaces; the targets are the full exact URLs.
    assert linked(document) == [
        (" ".join(source.url_pieces), source.target) for source in SEED_SOURCES
    ]
    # A URL split by a stray space still agrees with its target: no mismatch finding.
    assert document.findings == ()


def test_numbering_formats_levels_restarts_and_bullets() -> None:
    document = docx.Document()
    roman = add_list_definition(document, [("lowerRoman", "(%1)", 1)])
    outline = add_list_definition(document, [("decimal", "%1.", 1), ("lowerLetter", "%1.%2)", 1)])
    restarted = add_list_definition(document, [("decimal", "[%1]", 1)], start_override=7)
    for text in ("first", "second", "third"):
        number_paragraph(document.add_paragraph(text), roman)
    number_paragraph(document.add_paragraph("top"), outline)
    number_paragraph(document.add_paragraph("sub a"), outline, 1)
    number_paragraph(document.add_paragraph("sub b"), outline, 1)
    number_paragraph(document.add_paragraph("top 2"), outline)
    number_paragraph(document.add_paragraph("sub again"), outline, 1)
    number_paragraph(document.add_paragraph("seventh"), restarted)
    document.add_paragraph("bulleted", style="List Bullet")
    document.add_paragraph("plain")
    assert read_docx(save(document)).text == (
        "(i) first\n(ii) second\n(iii) third\n1. top\n1.a) sub a\n1.b) sub b\n2. top 2\n"
        "2.a) sub again\n[7] seventh\n- bulleted\nplain"
    )


def test_tables_render_rows_with_tab_separated_cells() -> None:
    document = docx.Document()
    document.add_paragraph("Before")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "1"
    table.cell(0, 1).text = "Smith. Title."
    table.cell(1, 0).text = "2"
    add_hyperlink(table.cell(1, 1).paragraphs[0], "https://example.org/t", "example.org/t")
    document.add_paragraph("After")
    read = read_docx(save(document))
    assert read.text == "Before\n1\tSmith. Title.\n2\texample.org/t\nAfter"
    assert linked(read) == [("example.org/t", "https://example.org/t")]


def test_footnotes_are_appended_as_numbered_notes_with_their_links() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Prices fell.")
    add_footnote_reference(paragraph, 2)
    paragraph.add_run(" Tariffs followed.")
    add_footnote_reference(paragraph, 1)
    add_footnotes(
        document,
        [
            ("Porter, Tom. Business Insider, 28 Jan. 2025,", SEED_SOURCES[2].target),
            ("LEHTONEN, SCOTT. Investor’s Business Daily.", None),
        ],
    )
    read = read_docx(save(document))
    # Word numbers footnotes in order of reference: note id 2 is shown as 1.
    assert read.text == (
        "Prices fell.¹ Tariffs followed.²\n\nNotes\n"
        "1. LEHTONEN, SCOTT. Investor’s Business Daily.\n"
        f"2. Porter, Tom. Business Insider, 28 Jan. 2025, {SEED_SOURCES[2].target}"
    )
    assert linked(read) == [(SEED_SOURCES[2].target, SEED_SOURCES[2].target)]


def test_field_code_hyperlinks_and_mismatch_finding() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Field: ")
    add_field_hyperlink(paragraph, "https://www.cnbc.com/a.html", "www.cnbc.com/a.html")
    paragraph = document.add_paragraph("Mismatch: ")
    add_hyperlink(paragraph, "https://evil.example.com/b", "www.ft.com/content/b")
    paragraph.add_run(" and a title link: ")
    add_hyperlink(paragraph, "https://www.ft.com/content/c", "A Title")
    read = read_docx(save(document))
    assert read.text == (
        "Field: www.cnbc.com/a.html\nMismatch: www.ft.com/content/b and a title link: A Title"
    )
    assert linked(read) == [
        ("www.cnbc.com/a.html", "https://www.cnbc.com/a.html"),
        ("www.ft.com/content/b", "https://evil.example.com/b"),
        ("A Title", "https://www.ft.com/content/c"),
    ]
    assert [(f.code, dict(f.evidence)) for f in read.findings] == [
        (
            "link-text-mismatch",
            {"visible": "www.ft.com/content/b", "target": "https://evil.example.com/b"},
        ),
    ]


def test_tracked_deletions_are_not_text() -> None:
    from docx.oxml import parse_xml

    document = docx.Document()
    paragraph = document.add_paragraph("kept ")
    paragraph._p.append(
        parse_xml(
            '<w:del xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'w:id="1" w:author="a"><w:r><w:delText>deleted</w:delText></w:r></w:del>'
        )
    )
    paragraph.add_run("text")
    assert read_docx(save(document)).text == "kept text"


def test_corrupt_docx_is_a_clear_error() -> None:
    data = seed_docx()
    with pytest.raises(InputError, match=r"article\.docx: .*Word document"):
        read_docx(data[: len(data) // 2])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not-xml")
        archive.writestr("word/document.xml", "<also not xml")
    with pytest.raises(InputError, match="not a readable Word document"):
        read_docx(buffer.getvalue())


def test_hidden_text_is_skipped_and_split_visible_urls_are_compared_whole() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Shown ")
    paragraph.add_run("hidden ").font.hidden = True
    paragraph.add_run("text ")
    add_hyperlink(paragraph, "https://www.cnbc.com/other.html", "www.cnbc.com/valuat ion.html")
    read = read_docx(save(document))
    assert read.text == "Shown text www.cnbc.com/valuat ion.html"
    assert [dict(f.evidence) for f in read.findings] == [
        {"visible": "www.cnbc.com/valuat ion.html", "target": "https://www.cnbc.com/other.html"}
    ]


def test_endnotes_use_words_default_roman_numbers() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("One")
    add_footnote_reference(paragraph, 1, kind="endnote")
    paragraph.add_run(" two")
    add_footnote_reference(paragraph, 2, kind="endnote")
    add_footnotes(
        document, [("First.", None), ("Second.", "https://example.org/e")], kind="endnote"
    )
    read = read_docx(save(document))
    assert read.text == ("Oneⁱ twoⁱⁱ\n\nEndnotes\ni. First.\nii. Second. https://example.org/e")
    assert linked(read) == [("https://example.org/e", "https://example.org/e")]


def test_bibliography_inside_a_content_control_is_read() -> None:
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("Body.")
    control = parse_xml(
        '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Bibliography</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Smith. A title. 2024.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    document.element.body.insert(1, control)
    assert read_docx(save(document)).text == "Body.\nBibliography\nSmith. A title. 2024."


def test_lists_defined_through_a_list_style_follow_the_style() -> None:
    from docx.oxml import parse_xml

    document = docx.Document()
    real = add_list_definition(document, [("decimal", "%1)", 1)])
    numbering = document.part.numbering_part.element
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num").addprevious(
        parse_xml(
            f'<w:abstractNum {ns} w:abstractNumId="90"><w:numStyleLink w:val="RefList"/>'
            "</w:abstractNum>"
        )
    )
    numbering.append(parse_xml(f'<w:num {ns} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    document.styles.element.append(
        parse_xml(
            f'<w:style {ns} w:type="numbering" w:styleId="RefList"><w:name w:val="RefList"/>'
            f'<w:pPr><w:numPr><w:numId w:val="{real}"/></w:numPr></w:pPr></w:style>'
        )
    )
    for text in ("first", "second"):
        number_paragraph(document.add_paragraph(text), "90")
    assert read_docx(save(document)).text == "1) first\n2) second"
