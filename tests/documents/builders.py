"""Fixture documents built by the tests themselves (nothing binary is committed).

The source list is the seed article's (bibliographic facts only), laid out so its URLs break
across lines the way the seed's PDF extraction broke them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


@dataclass(frozen=True)
class SeedSource:
    """One entry of the seed's source list, with its URL cut where the seed's text cut it."""

    before: str
    """The entry's text up to the URL."""
    url_pieces: tuple[str, ...]
    """The visible URL, in the pieces the seed's line breaks left."""
    after: str
    """What follows the URL (a sentence period, an access date)."""
    target: str
    """The exact address the URL's link points to."""

    @property
    def visible_url(self) -> str:
        """The URL as printed, without the line break."""
        return "".join(self.url_pieces)


SEED_SOURCES = (
    SeedSource(
        "LEHTONEN, SCOTT, and Investor’s Business Daily. “Futures: AI Leaders Crumble on "
        "DeepSeek Fears.” Investor’s Business Daily, 28 Jan. 2025, ",
        (
            "www.investors.com/market-trend/stock-market-today/dow-jones-futures-nvidia-stock-bro",
            "adcom-astera-deepseek/",
        ),
        ".",
        "https://www.investors.com/market-trend/stock-market-today/"
        "dow-jones-futures-nvidia-stock-broadcom-astera-deepseek/",
    ),
    SeedSource(
        "Peterson, Dylan. “America Projected to Triple Semiconductor Manufacturing Capacity by "
        "2032, the Largest Rate of Growth in the World.” Semiconductor Industry Association, "
        "8 May 2024, ",
        (
            "www.semiconductors.org/america-projected-to-triple-semiconductor-manufacturing-capa",
            "city-by-2032-the-largest-rate-of-growth-in-the-world/",
        ),
        ".",
        "https://www.semiconductors.org/america-projected-to-triple-semiconductor-"
        "manufacturing-capacity-by-2032-the-largest-rate-of-growth-in-the-world/",
    ),
    SeedSource(
        "Porter, Tom, and Hasan Chowdhury. “Trump’s Taiwan Chip Tariff Threat Could Be a Fresh "
        "Blow to Nvidia.” Business Insider, 28 Jan. 2025, ",
        ("www.businessinsider.com/trump-taiwan-chip-tariffs-nvidia-stock-tsmc-deepseek-2025-1",),
        ".",
        "https://www.businessinsider.com/trump-taiwan-chip-tariffs-nvidia-stock-tsmc-deepseek-2025-1",
    ),
    SeedSource(
        "Field, Hayden, and Kate Rooney. “OpenAI in Talks to Raise Funding That Would Value AI "
        "Startup at up to $340 Billion.” CNBC, 30 Jan. 2025, ",
        (
            "www.cnbc.com/2025/01/30/openai-in-talks-to-raise-up-to-40-billion-at-340-billion-valuat",
            "ion.html",
        ),
        ". Accessed 31 Jan. 2025.",
        "https://www.cnbc.com/2025/01/30/"
        "openai-in-talks-to-raise-up-to-40-billion-at-340-billion-valuation.html",
    ),
    SeedSource(
        "Olcott, Eleanor, and Cristina Criddle. “OpenAI Says It Has Evidence China’s DeepSeek "
        "Used Its Model to Train Competitor.” @FinancialTimes, Financial Times, 29 Jan. 2025, ",
        ("www.ft.com/content/a0dfedd1-5255-4fa9-8ccc-1fe01de87ea6",),
        ".",
        "https://www.ft.com/content/a0dfedd1-5255-4fa9-8ccc-1fe01de87ea6",
    ),
)

BODY = (
    "Chip stocks fell sharply on the Monday after a new model was released [1]. Industry "
    "groups expect domestic capacity to triple [2], tariffs were floated [3], and fundraising "
    "talks followed [4] alongside accusations of model copying [5]."
)


def add_hyperlink(paragraph: docx.text.paragraph.Paragraph, url: str, text: str) -> None:
    """Append a Word hyperlink (a ``w:hyperlink`` run with an external relationship)."""
    rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.set(qn("xml:space"), "preserve")
    text_element.text = text
    run.append(text_element)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def add_footnotes(
    document: docx.document.Document,
    notes: list[tuple[str, str | None]],
    *,
    kind: str = "footnote",
) -> None:
    """Add a footnotes (or endnotes) part holding ``(text, hyperlink or None)`` notes with
    ids 1, 2, ...

    python-docx has no footnote API, so the part is written as XML. Each note's hyperlink
    lives in the notes part's own relationships, as Word stores it.
    """
    package = document.part.package
    content_type = CT.WML_FOOTNOTES if kind == "footnote" else CT.WML_ENDNOTES
    part = Part(PackURI(f"/word/{kind}s.xml"), content_type, b"", package)
    bodies = []
    for note_id, (text, url) in enumerate(notes, start=1):
        link = ""
        if url is not None:
            rel_id = part.relate_to(url, RT.HYPERLINK, is_external=True)
            link = f'<w:hyperlink r:id="{rel_id}"><w:r><w:t>{url}</w:t></w:r></w:hyperlink>'
        bodies.append(
            f'<w:{kind} w:id="{note_id}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
            f'</w:rPr><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {text} </w:t></w:r>'
            f"{link}</w:p></w:{kind}>"
        )
    part._blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:{kind}s xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        f'</w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f"<w:continuationSeparator/></w:r></w:p></w:{kind}>" + "".join(bodies) + f"</w:{kind}s>"
    ).encode()
    document.part.relate_to(part, RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES)


def add_footnote_reference(
    paragraph: docx.text.paragraph.Paragraph, note_id: int, *, kind: str = "footnote"
) -> None:
    """Append a footnote (or endnote) reference mark to the paragraph."""
    run = OxmlElement("w:r")
    reference = OxmlElement(f"w:{kind}Reference")
    reference.set(qn("w:id"), str(note_id))
    run.append(reference)
    paragraph._p.append(run)


def save(document: docx.document.Document) -> bytes:
    """The document as DOCX bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def seed_docx() -> bytes:
    """The seed's source list as a Word document: automatic numbering and hyperlinks."""
    document = docx.Document()
    document.add_heading("Chip stocks and the new model", level=1)
    document.add_paragraph(BODY)
    document.add_heading("Sources", level=2)
    for source in SEED_SOURCES:
        paragraph = document.add_paragraph(source.before, style="List Number")
        add_hyperlink(paragraph, source.target, source.visible_url)
        paragraph.add_run(source.after)
    return save(document)


@dataclass(frozen=True)
class Token:
    """A word of a PDF fixture's text, with the link it carries and how it joins the previous."""

    text: str
    """What is drawn."""
    target: str | None = None
    """The URL a link annotation over this word points to."""
    space_before: bool = True
    """Whether a space separates it from the previous word."""
    break_before: bool = False
    """Whether it starts a new line (a line break the seed's extraction left in a URL)."""


def seed_tokens() -> list[list[Token]]:
    """The seed's source list as PDF words: its URLs break where the seed's text broke them,
    and entry 3's URL sits on a line starting ``4.`` with the real entry 4 after it."""
    entries: list[list[Token]] = []
    for number, source in enumerate(SEED_SOURCES, start=1):
        tokens = [Token(f"{number}.")] if number != 4 else []
        tokens += [Token(word) for word in source.before.split()]
        if number == 3:
            tokens.append(Token("4.", break_before=True))
        for index, piece in enumerate(source.url_pieces):
            tokens.append(Token(piece, source.target, break_before=index > 0))
        after_words = source.after.split()
        tokens.append(Token(after_words[0], space_before=False))
        tokens += [Token(word) for word in after_words[1:]]
        if number == 4:
            # Entry 4 continues the line that holds entry 3's URL, as in the seed.
            entries[-1] += [Token("4."), *tokens]
        else:
            entries.append(tokens)
    return entries


def draw_pdf(
    paragraphs: list[list[Token]],
    *,
    links: bool = True,
    heading: str | None = "Sources",
    body: str | None = BODY,
    font_size: float = 9,
    pages: int = 1,
) -> bytes:
    """Lay out paragraphs with reportlab, a link annotation over every linked word.

    With ``pages > 1`` the same content is repeated on each page.
    """
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    left, right, leading = 50.0, letter[0] - 50.0, font_size * 1.4
    space = stringWidth(" ", "Helvetica", font_size)
    for _ in range(pages):
        y = letter[1] - 60
        blocks = [[Token(word) for word in text.split()] for text in (body, heading) if text]
        for tokens in [*blocks, *paragraphs]:
            pdf.setFont("Helvetica", font_size)
            x = left
            for index, token in enumerate(tokens):
                width = stringWidth(token.text, "Helvetica", font_size)
                gap = space if token.space_before and index else 0.0
                if index and (token.break_before or x + gap + width > right):
                    y -= leading
                    x, gap = left, 0.0
                x += gap
                pdf.drawString(x, y, token.text)
                if links and token.target is not None:
                    pdf.linkURL(token.target, (x, y - 2, x + width, y + font_size), relative=0)
                x += width
            y -= leading * 1.5
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def seed_pdf(*, links: bool = True) -> bytes:
    """The seed's source list as a PDF; ``links=False`` strips the link annotations."""
    return draw_pdf(seed_tokens(), links=links)


def scanned_pdf() -> bytes:
    """A PDF whose page is only drawing (as a scan is only an image): no text layer."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for row in range(40):
        pdf.rect(50, 700 - row * 15, 400 - (row % 7) * 30, 8, fill=1)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def add_list_definition(
    document: docx.document.Document,
    levels: list[tuple[str, str, int]],
    *,
    start_override: int | None = None,
) -> str:
    """Add a Word list (``(numFmt, lvlText, start)`` per level) and return its ``numId``."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    abstract_ids = [
        int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))
    ]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id, num_id = max(abstract_ids, default=0) + 1, max(num_ids, default=0) + 1
    level_xml = "".join(
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for ilvl, (fmt, text, start) in enumerate(levels)
    )
    abstract = parse_xml(
        f'<w:abstractNum {_W_NS} w:abstractNumId="{abstract_id}">{level_xml}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/></w:lvlOverride>'
        if start_override is not None
        else ""
    )
    numbering.append(
        parse_xml(
            f'<w:num {_W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f"{override}</w:num>"
        )
    )
    return str(num_id)


def number_paragraph(paragraph: docx.text.paragraph.Paragraph, num_id: str, ilvl: int = 0) -> None:
    """Give a paragraph direct numbering (``w:numPr``)."""
    properties = paragraph._p.get_or_add_pPr()
    numbering = OxmlElement("w:numPr")
    level = OxmlElement("w:ilvl")
    level.set(qn("w:val"), str(ilvl))
    number = OxmlElement("w:numId")
    number.set(qn("w:val"), num_id)
    numbering.append(level)
    numbering.append(number)
    properties.append(numbering)


def add_field_hyperlink(paragraph: docx.text.paragraph.Paragraph, url: str, text: str) -> None:
    """Append a hyperlink written as a Word field (``HYPERLINK "url"``), as some tools do."""
    from docx.oxml import parse_xml

    for xml in (
        '<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r {ns}><w:instrText xml:space="preserve"> HYPERLINK "{url}" </w:instrText></w:r>',
        '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r {ns}><w:t>{text}</w:t></w:r>",
        '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml.format(ns=_W_NS, url=url, text=text)))


def seed_docx_with_defects() -> bytes:
    """The seed's list as Word shows it after a bad paste: the URLs' visible text keeps the
    seed's stray spaces and entry 3's URL sits in a numbered paragraph "4." that also holds the
    real entry 4, while every hyperlink target is exact."""
    document = docx.Document()
    document.add_paragraph(BODY)
    document.add_paragraph("Sources")
    paragraph = None
    for number, source in enumerate(SEED_SOURCES, start=1):
        if number == 3:
            paragraph = document.add_paragraph(source.before.rstrip(), style="List Number")
            paragraph = document.add_paragraph("", style="List Number")
        elif number == 4 and paragraph is not None:
            paragraph.add_run(" 4. " + source.before)
        else:
            paragraph = document.add_paragraph(source.before, style="List Number")
        add_hyperlink(paragraph, source.target, " ".join(source.url_pieces))
        paragraph.add_run(source.after)
    return save(document)
