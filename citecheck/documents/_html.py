"""HTML reader: text in reading order, list numbers as a reader sees them, link targets."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

import lxml.html  # type: ignore[import-untyped]
from lxml import etree

from citecheck.documents._decode import bom_encoding, decode_text
from citecheck.documents._links import absolute_url, mismatch_findings
from citecheck.documents._numbering import format_number
from citecheck.documents._text import TextBuilder, superscript
from citecheck.model import Finding, Severity, TextDocument

_SKIPPED = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "svg",
        "math",
        "iframe",
        "object",
        "canvas",
        "select",
        "option",
        "datalist",
    }
)
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
        "body",
        "html",
    }
)
# Backlinks from a footnote to where it is cited ("^", "↩") and Wikipedia's "[edit]" links
# would otherwise sit inside reference entries and headings.
_NOISE_CLASSES = frozenset(
    {"mw-cite-backlink", "mw-editsection", "footnote-back", "footnote-backref", "reversefootnote"}
)
_BACKLINK_TEXTS = frozenset({"^", "↑", "↩", "↩︎", "⤴", "↵"})
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


class HtmlReader:
    """Reads HTML with lxml: blocks on their own lines, list numbers, ``<a href>`` targets."""

    format = "html"

    def read(self, data: bytes, name: str) -> TextDocument:
        """Render ``data`` as text; each absolute ``<a href>`` becomes a LinkTarget."""
        markup, findings = _decode_html(data, name)
        root, too_deep = _parse(markup)
        if too_deep:
            findings = (*findings, _TOO_DEEP)
        builder = TextBuilder()
        if root is not None:
            _Renderer(builder, _base_href(root)).render(root)
        document = builder.build(self.format, name, findings)
        extra = mismatch_findings(document.text, document.links)
        if not extra:
            return document
        return builder.build(self.format, name, (*findings, *extra))


def _decode_html(data: bytes, name: str) -> tuple[str, tuple[Finding, ...]]:
    """A BOM decides, then a ``<meta charset>``, then UTF-8 with the cp1252 fallback."""
    if bom_encoding(data) is None:
        declared = _META_CHARSET.search(data[:4096])
        if declared is not None:
            encoding = _lookup(declared.group(1).decode("ascii", errors="replace"))
            if encoding is not None:
                text = data.decode(encoding, errors="replace")
                if "\ufffd" not in text:
                    return text, ()
                return text, (
                    Finding(
                        code="encoding-errors-replaced",
                        severity=Severity.WARNING,
                        message=f"The page declares {encoding} but has bytes that are not "
                        "valid in it; they were replaced with U+FFFD.",
                        evidence={"encoding": encoding},
                    ),
                )
    return decode_text(data, name=name)


def _lookup(label: str) -> str | None:
    try:
        encoding = codecs.lookup(label).name
    except LookupError:
        return None
    # As browsers do (WHATWG Encoding): latin-1 and ASCII labels mean windows-1252.
    return "cp1252" if encoding in ("latin_1", "iso8859-1", "ascii") else encoding


_TOO_DEEP = Finding(
    code="html-too-deep",
    severity=Severity.WARNING,
    message="The HTML nests elements deeper than the parser allows; text beyond that depth "
    "was not read.",
)


def _parse(markup: str) -> tuple[Any, bool]:
    """The parsed tree (``None`` when empty) and whether nesting was cut off."""
    markup = _XML_DECLARATION.sub("", markup, count=1)
    if not markup.strip():
        return None, False
    # huge_tree raises libxml2's nesting limit from 256 to 2048 levels; the input size is
    # already capped, and parsing stays linear.
    parser = lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None, False
    too_deep = any("Excessive depth" in error.message for error in parser.error_log)
    return root, too_deep


def _base_href(root: Any) -> str | None:
    for base in root.iter("base"):
        href = absolute_url(base.get("href"))
        if href is not None:
            return href
    return None


@dataclass
class _ListState:
    ordered: bool
    next_number: int
    step: int = 1
    style: str = "1"


@dataclass
class _RowState:
    cells: int = 0
    open_cells: int = 0


@dataclass
class _Renderer:
    builder: TextBuilder
    base: str | None
    lists: list[_ListState] = field(default_factory=list)
    rows: list[_RowState] = field(default_factory=list)
    pre_depth: int = 0
    open_links: dict[int, tuple[int, str]] = field(default_factory=dict)
    open_sups: dict[int, int] = field(default_factory=dict)
    marker_start: int = -1
    bullet: bool = False
    marker_end: int = -1

    def render(self, root: Any) -> None:
        walker = etree.iterwalk(root, events=("start", "end"))
        skipped: set[int] = set()
        for event, element in walker:
            tag = element.tag if isinstance(element.tag, str) else ""
            if event == "start":
                if not tag or self._is_skipped(element, tag):
                    skipped.add(id(element))
                    walker.skip_subtree()
                    continue
                self._start(element, tag.lower())
            else:
                if id(element) in skipped:
                    skipped.discard(id(element))
                else:
                    self._end(element, tag.lower())
                self._text(element.tail)

    def _is_skipped(self, element: Any, tag: str) -> bool:
        if tag.lower() in _SKIPPED or element.get("hidden") is not None:
            return True
        if _NOISE_CLASSES.intersection((element.get("class") or "").split()):
            return True
        if _HIDDEN_STYLE.search(element.get("style") or ""):
            return True
        return (
            tag.lower() == "a"
            and (element.get("href") or "").startswith("#")
            and element.text_content().strip() in _BACKLINK_TEXTS
        )

    def _start(self, element: Any, tag: str) -> None:
        if tag == "br":
            self.builder.hard_break()
            return
        if tag in _BLOCKS and self.builder.position != self.marker_end:
            # A block opening right after a list marker ("<li><p>") stays on the marker's line.
            self._block_break(tag)
        if tag == "pre":
            self.pre_depth += 1
        elif tag in ("ol", "ul"):
            self.lists.append(_new_list(element, ordered=tag == "ol"))
        elif tag == "li":
            self._list_marker(element)
        elif tag == "tr":
            self.rows.append(_RowState())
        elif tag in ("td", "th"):
            self._cell()
        elif tag == "a":
            target = absolute_url(element.get("href"), self.base)
            if target is not None:
                self.open_links[id(element)] = (self.builder.position, target)
        elif tag == "sup":
            self.open_sups[id(element)] = self.builder.position
        self._text(element.text)

    def _end(self, element: Any, tag: str) -> None:
        if tag in _BLOCKS:
            self._block_break(tag)
        if tag in ("td", "th") and self.rows:
            self.rows[-1].open_cells -= 1
        elif tag == "li" and self.builder.position == self.marker_end and self.bullet:
            # An empty bullet item (icon-only menus, spacers) would leave a bare "- " line;
            # an empty numbered item keeps its number, as a browser shows it.
            self.builder.retract(self.marker_start)
        if tag == "pre":
            self.pre_depth -= 1
        elif tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        elif tag == "tr" and self.rows:
            self.rows.pop()
        elif tag == "a" and id(element) in self.open_links:
            start, target = self.open_links.pop(id(element))
            self.builder.link(start, self.builder.position, target)
        elif tag == "sup" and id(element) in self.open_sups:
            start = self.open_sups.pop(id(element))
            marker = self.builder.text_since(start)
            raised = superscript(marker)
            if raised != marker:
                self.builder.replace_tail(start, raised)

    def _text(self, text: str | None) -> None:
        if not text:
            return
        if self.pre_depth:
            self.builder.write(text)
        else:
            self.builder.inline(text)

    def _list_marker(self, element: Any) -> None:
        self.marker_start = self.builder.position
        self.bullet = not self.lists or not self.lists[-1].ordered
        if self.bullet:
            self.builder.write("- ")
        else:
            state = self.lists[-1]
            value = _int_attribute(element, "value")
            if value is not None:
                state.next_number = value
            style = _HTML_LIST_STYLES.get(state.style, "decimal")
            self.builder.write(format_number(state.next_number, style) + ". ")
            state.next_number += state.step
        self.marker_end = self.builder.position

    def _cell(self) -> None:
        if self.rows:
            row = self.rows[-1]
            if row.cells:
                self.builder.separator("\t")
            row.cells += 1
            row.open_cells += 1

    def _block_break(self, tag: str) -> None:
        """Blocks start new lines, except inside a table cell, where the row must stay one line."""
        if tag not in _ROW_STRUCTURE and self.rows and self.rows[-1].open_cells:
            self.builder.space()
        else:
            self.builder.newline()


_ROW_STRUCTURE = frozenset({"table", "thead", "tbody", "tfoot", "tr"})
_HTML_LIST_STYLES = {
    "1": "decimal",
    "a": "lowerLetter",
    "A": "upperLetter",
    "i": "lowerRoman",
    "I": "upperRoman",
}


def _new_list(element: Any, *, ordered: bool) -> _ListState:
    if not ordered:
        return _ListState(ordered=False, next_number=1)
    reversed_list = element.get("reversed") is not None
    start = _int_attribute(element, "start")
    if start is None:
        start = sum(1 for child in element if child.tag == "li") if reversed_list else 1
    return _ListState(
        ordered=True,
        next_number=start,
        step=-1 if reversed_list else 1,
        style=(element.get("type") or "1").strip(),
    )


def _int_attribute(element: Any, name: str) -> int | None:
    value = (element.get(name) or "").strip()
    try:
        return int(value)
    except ValueError:
        return None
