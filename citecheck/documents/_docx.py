"""DOCX reader: body, Word's list numbers, tables, footnotes, endnotes and hyperlink targets."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

import docx
from lxml import etree  # type: ignore[import-untyped]

from citecheck.documents._decode import SUPPORTED
from citecheck.documents._links import absolute_url, mismatch_findings
from citecheck.documents._numbering import format_number
from citecheck.documents._text import TextBuilder, superscript
from citecheck.errors import InputError
from citecheck.model import TextDocument

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "{" + W + "}"
_R_ID = "{" + R + "}id"
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
"""A DOCX whose parts inflate to more than this is refused (a ZIP bomb, not an article)."""

# Content the reader never sees as body text: deletions (tracked changes), text moved away,
# drawings and text boxes (their text would be duplicated by mc:Fallback), field instructions.
_SKIPPED = frozenset(
    _W + tag
    for tag in (
        "del",
        "moveFrom",
        "drawing",
        "pict",
        "rPr",
        "pPr",
        "sectPr",
        "delText",
        "instrText",
        "footnoteRef",
        "endnoteRef",
        "object",
    )
) | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}
_HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+(?:"([^"]+)"|(\S+))', re.IGNORECASE)
_NOTE_KINDS = {
    "footnote": ("footnotes", "Notes", "decimal"),
    "endnote": ("endnotes", "Endnotes", "lowerRoman"),
}
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


class DocxReader:
    """Reads Word documents (``.docx``) with python-docx."""

    format = "docx"

    def read(self, data: bytes, name: str) -> TextDocument:
        """Render the document as text; hyperlinks become LinkTargets with exact targets."""
        _refuse_zip_bomb(data, name)
        try:
            document = docx.Document(io.BytesIO(data))
            renderer = _Renderer.for_document(document)
            renderer.render()
        except InputError:
            raise
        except Exception as exc:
            # python-docx and lxml raise many types on a damaged package; all mean one thing.
            raise InputError(
                f"{name}: not a readable Word document ({type(exc).__name__}: {exc}); {SUPPORTED}"
            ) from exc
        built = renderer.builder.build(self.format, name)
        findings = mismatch_findings(built.text, built.links)
        return renderer.builder.build(self.format, name, findings)


def _refuse_zip_bomb(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{name}: a damaged Word document ({exc}); {SUPPORTED}") from exc
    if inflated > MAX_UNCOMPRESSED_BYTES:
        raise InputError(
            f"{name}: the Word document inflates to {inflated:,} bytes, over the "
            f"{MAX_UNCOMPRESSED_BYTES:,}-byte limit"
        )


@dataclass(frozen=True)
class _Level:
    start: int
    format: str
    text: str
    style: str | None
    suffix: str


@dataclass
class _Numbering:
    """Word's list definitions and the counters a reader's eye keeps while reading."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    style_links: dict[str, str] = field(default_factory=dict)
    """abstractNumId → the list style whose numbering it uses (``w:numStyleLink``)."""
    style_numbers: dict[str, str] = field(default_factory=dict)
    """List style id → the numId its paragraph properties name."""
    instances: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: Any | None, style_numbers: dict[str, str]) -> _Numbering:
        numbering = cls(style_numbers=style_numbers)
        if root is None:
            return numbering
        for abstract in root.iterchildren(_W + "abstractNum"):
            levels = {}
            for level in abstract.iterchildren(_W + "lvl"):
                levels[_int(level.get(_W + "ilvl"), 0)] = _Level(
                    start=_int(_val(level, "start"), 1),
                    format=_val(level, "numFmt") or "decimal",
                    text=_val(level, "lvlText") or "",
                    style=_val(level, "pStyle"),
                    suffix=_val(level, "suff") or "tab",
                )
            abstract_id = abstract.get(_W + "abstractNumId", "")
            numbering.abstract[abstract_id] = levels
            linked_style = _val(abstract, "numStyleLink")
            if linked_style is not None:
                numbering.style_links[abstract_id] = linked_style
        for instance in root.iterchildren(_W + "num"):
            overrides = {}
            for override in instance.iterchildren(_W + "lvlOverride"):
                start = _val(override, "startOverride")
                if start is not None:
                    overrides[_int(override.get(_W + "ilvl"), 0)] = _int(start, 1)
            numbering.instances[instance.get(_W + "numId", "")] = (
                _val(instance, "abstractNumId") or "",
                overrides,
            )
        return numbering

    def level_for_style(self, num_id: str, style: str) -> int:
        levels = self._levels(num_id)
        return next((ilvl for ilvl, level in levels.items() if level.style == style), 0)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The number the reader sees on the next paragraph of this list, e.g. ``"3."``."""
        if num_id not in self.instances:
            return None
        levels = self._levels(num_id)
        if ilvl not in levels:
            return None
        abstract_id, overrides = self.instances[num_id]
        # Instances that restart numbering count on their own; the others share the list.
        counters = self.counters.setdefault(num_id if overrides else abstract_id, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else self._start(num_id, ilvl)
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.format == "bullet":
            return "-"

        def number(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            value = counters.get(index, self._start(num_id, index))
            shown = levels.get(index, level)
            return format_number(value, shown.format)

        return re.sub(r"%([1-9])", number, level.text)

    def suffix(self, num_id: str, ilvl: int) -> str:
        level = self._levels(num_id).get(ilvl)
        return "" if level is not None and level.suffix == "nothing" else " "

    def _levels(self, num_id: str) -> dict[int, _Level]:
        abstract_id = self.instances.get(num_id, ("", {}))[0]
        # Lists defined by a list style hold no levels: follow the style to its own list.
        for _ in range(4):
            if self.abstract.get(abstract_id) or abstract_id not in self.style_links:
                break
            linked_num = self.style_numbers.get(self.style_links[abstract_id], "")
            abstract_id = self.instances.get(linked_num, ("", {}))[0]
        return self.abstract.get(abstract_id, {})

    def _start(self, num_id: str, ilvl: int) -> int:
        overrides = self.instances.get(num_id, ("", {}))[1]
        if ilvl in overrides:
            return overrides[ilvl]
        level = self._levels(num_id).get(ilvl)
        return level.start if level is not None else 1


@dataclass
class _Field:
    instruction: str = ""
    result_start: int | None = None


@dataclass
class _Notes:
    """Footnotes or endnotes: their bodies, and numbers in order of first reference."""

    heading: str
    number_format: str
    bodies: dict[str, Any] = field(default_factory=dict)
    rels: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)

    def marker(self, note_id: str) -> str:
        number = self.numbers.setdefault(note_id, len(self.numbers) + 1)
        return format_number(number, self.number_format)


@dataclass
class _Renderer:
    body: Any
    rels: dict[str, str]
    numbering: _Numbering
    styles: dict[str, tuple[str | None, int | None, str | None]]
    notes: dict[str, _Notes]
    builder: TextBuilder = field(default_factory=TextBuilder)
    inline_depth: int = 0
    fields: list[_Field] = field(default_factory=list)

    @classmethod
    def for_document(cls, document: Any) -> _Renderer:
        part = document.part
        settings = _related_xml(part, "/settings")
        section = document.element.body.find(_W + "sectPr")
        notes = {}
        for kind, (part_suffix, heading, default_format) in _NOTE_KINDS.items():
            note_part = _related_part(part, "/" + part_suffix)
            root = _xml(note_part) if note_part is not None else None
            notes[kind] = _Notes(
                heading=heading,
                number_format=_note_format(kind, settings, section) or default_format,
                bodies=_note_bodies(root, kind),
                rels=_hyperlink_targets(note_part) if note_part is not None else {},
            )
        styles_root = _related_xml(part, "/styles")
        return cls(
            body=document.element.body,
            rels=_hyperlink_targets(part),
            numbering=_Numbering.parse(
                _related_xml(part, "/numbering"), _list_style_numbers(styles_root)
            ),
            styles=_paragraph_styles(styles_root),
            notes=notes,
        )

    def render(self) -> None:
        self._blocks(self.body)
        for kind in ("footnote", "endnote"):
            self._render_notes(self.notes[kind])

    def _render_notes(self, notes: _Notes) -> None:
        if not notes.numbers:
            return
        self.builder.newline(2)
        self.builder.write(notes.heading)
        body_rels = self.rels
        self.rels = notes.rels
        self.inline_depth += 1
        # Notes referenced inside notes get numbers while rendering: iterate until stable.
        rendered: set[str] = set()
        while len(rendered) < len(notes.numbers):
            for note_id, number in sorted(notes.numbers.items(), key=lambda item: item[1]):
                if note_id in rendered:
                    continue
                rendered.add(note_id)
                self.builder.newline()
                self.builder.write(format_number(number, notes.number_format) + ". ")
                self.builder.skip_leading_blanks()
                if note_id in notes.bodies:
                    self._blocks(notes.bodies[note_id])
        self.inline_depth -= 1
        self.rels = body_rels

    def _blocks(self, container: Any) -> None:
        for child in container.iterchildren():
            tag = child.tag
            if tag == _W + "p":
                self._paragraph(child)
            elif tag == _W + "tbl":
                self._table(child)
            elif tag in (_W + "sdt", _W + "customXml"):
                content = child.find(_W + "sdtContent")
                self._blocks(content if content is not None else child)

    def _table(self, table: Any) -> None:
        for row in table.iterchildren(_W + "tr"):
            self._break()
            self.inline_depth += 1
            for index, cell in enumerate(row.iterchildren(_W + "tc")):
                if index:
                    self.builder.separator("\t")
                self._blocks(cell)
            self.inline_depth -= 1
            self._break()

    def _break(self) -> None:
        if self.inline_depth:
            self.builder.space()
        else:
            self.builder.newline()

    def _paragraph(self, paragraph: Any) -> None:
        self._break()
        label = self._list_label(paragraph)
        if label:
            self.builder.write(label)
        self._runs(paragraph)
        self._break()

    def _list_label(self, paragraph: Any) -> str | None:
        properties = paragraph.find(_W + "pPr")
        if properties is None:
            return None
        style = _val(properties, "pStyle")
        num_id, ilvl = None, None
        direct = properties.find(_W + "numPr")
        if direct is not None:
            num_id, ilvl = _val(direct, "numId"), _optional_int(_val(direct, "ilvl"))
        if num_id is None and style is not None:
            num_id, style_ilvl = self._style_numbering(style)
            ilvl = ilvl if ilvl is not None else style_ilvl
            if num_id is not None and ilvl is None:
                ilvl = self.numbering.level_for_style(num_id, style)
        if num_id is None or num_id == "0":
            return None
        ilvl = ilvl or 0
        label = self.numbering.label(num_id, ilvl)
        return label + self.numbering.suffix(num_id, ilvl) if label else None

    def _style_numbering(self, style: str) -> tuple[str | None, int | None]:
        seen: set[str] = set()
        current: str | None = style
        while current is not None and current not in seen and current in self.styles:
            seen.add(current)
            num_id, ilvl, based_on = self.styles[current]
            if num_id is not None:
                return num_id, ilvl
            current = based_on
        return None, None

    def _runs(self, paragraph: Any) -> None:
        walker = etree.iterwalk(paragraph, events=("start", "end"))
        next(walker)  # the paragraph itself
        open_links: dict[int, tuple[int, str]] = {}
        for event, element in walker:
            tag = element.tag
            if event == "end":
                if id(element) in open_links:
                    start, target = open_links.pop(id(element))
                    self.builder.link(start, self.builder.position, target)
                continue
            if tag in _SKIPPED or tag == _W + "p" or (tag == _W + "r" and _hidden(element)):
                if tag == _W + "instrText" and self.fields:
                    self.fields[-1].instruction += element.text or ""
                walker.skip_subtree()
                continue
            link_target = self._link_target(element, tag)
            if link_target is not None:
                open_links[id(element)] = (self.builder.position, link_target)
            self._run_content(element, tag)

    def _link_target(self, element: Any, tag: str) -> str | None:
        if tag == _W + "hyperlink":
            return self.rels.get(element.get(_R_ID) or "")
        if tag == _W + "fldSimple":
            return _field_target(element.get(_W + "instr") or "")
        return None

    def _run_content(self, element: Any, tag: str) -> None:
        if tag == _W + "t":
            if not self._in_field_instruction():
                self.builder.write(element.text or "")
        elif tag == _W + "tab":
            self.builder.write("\t")
        elif tag in (_W + "br", _W + "cr"):
            self.builder.write(" " if self.inline_depth else "\n")
        elif tag == _W + "noBreakHyphen":
            self.builder.write("-")
        elif tag in (_W + "footnoteReference", _W + "endnoteReference"):
            self._note_reference(element, "footnote" if "foot" in tag else "endnote")
        elif tag == _W + "fldChar":
            self._field_char(element.get(_W + "fldCharType"))

    def _note_reference(self, element: Any, kind: str) -> None:
        marker = self.notes[kind].marker(element.get(_W + "id") or "")
        if element.get(_W + "customMarkFollows") not in ("1", "true", "on"):
            self.builder.write(superscript(marker, roman=True))

    def _field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            self.fields[-1].result_start = self.builder.position
        elif kind == "end" and self.fields:
            done = self.fields.pop()
            target = _field_target(done.instruction)
            if target is not None and done.result_start is not None:
                self.builder.link(done.result_start, self.builder.position, target)

    def _in_field_instruction(self) -> bool:
        return bool(self.fields) and self.fields[-1].result_start is None


def _hidden(run: Any) -> bool:
    """Whether a run is formatted as hidden text (``w:vanish``), which a reader never sees."""
    properties = run.find(_W + "rPr")
    vanish = properties.find(_W + "vanish") if properties is not None else None
    return vanish is not None and vanish.get(_W + "val") not in ("0", "false", "off")


def _field_target(instruction: str) -> str | None:
    match = _HYPERLINK_FIELD.match(instruction)
    if match is None:
        return None
    return absolute_url(match.group(1) or match.group(2))


def _val(element: Any, child: str) -> str | None:
    found = element.find(_W + child)
    return None if found is None else found.get(_W + "val")


def _int(value: str | None, default: int) -> int:
    parsed = _optional_int(value)
    return default if parsed is None else parsed


def _optional_int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _related_part(part: Any, reltype_suffix: str) -> Any | None:
    for rel in part.rels.values():
        if not rel.is_external and rel.reltype.endswith(reltype_suffix):
            return rel.target_part
    return None


def _xml(part: Any) -> Any:
    element = getattr(part, "element", None)
    if element is not None:
        return element
    return etree.fromstring(part.blob, _XML_PARSER)


def _related_xml(part: Any, reltype_suffix: str) -> Any | None:
    related = _related_part(part, reltype_suffix)
    return _xml(related) if related is not None else None


def _hyperlink_targets(part: Any) -> dict[str, str]:
    targets = {}
    for rel_id, rel in part.rels.items():
        if rel.is_external and rel.reltype.endswith("/hyperlink"):
            target = absolute_url(rel.target_ref)
            if target is not None:
                targets[rel_id] = target
    return targets


def _paragraph_styles(root: Any | None) -> dict[str, tuple[str | None, int | None, str | None]]:
    styles: dict[str, tuple[str | None, int | None, str | None]] = {}
    if root is None:
        return styles
    for style in root.iterchildren(_W + "style"):
        if style.get(_W + "type") != "paragraph":
            continue
        properties = style.find(_W + "pPr")
        numbering = properties.find(_W + "numPr") if properties is not None else None
        num_id = _val(numbering, "numId") if numbering is not None else None
        ilvl = _optional_int(_val(numbering, "ilvl")) if numbering is not None else None
        styles[style.get(_W + "styleId") or ""] = (num_id, ilvl, _val(style, "basedOn"))
    return styles


def _list_style_numbers(root: Any | None) -> dict[str, str]:
    """List (numbering) style id → the numId it names."""
    numbers: dict[str, str] = {}
    if root is None:
        return numbers
    for style in root.iterchildren(_W + "style"):
        if style.get(_W + "type") != "numbering":
            continue
        properties = style.find(_W + "pPr")
        numbering = properties.find(_W + "numPr") if properties is not None else None
        num_id = _val(numbering, "numId") if numbering is not None else None
        if num_id is not None:
            numbers[style.get(_W + "styleId") or ""] = num_id
    return numbers


def _note_bodies(root: Any | None, kind: str) -> dict[str, Any]:
    if root is None:
        return {}
    return {
        note.get(_W + "id") or "": note
        for note in root.iterchildren(_W + kind)
        if note.get(_W + "type") in (None, "normal")
    }


def _note_format(kind: str, settings: Any | None, section: Any | None) -> str | None:
    for holder in (section, settings):
        if holder is None:
            continue
        properties = holder.find(f"{_W}{kind}Pr")
        if properties is not None and _val(properties, "numFmt"):
            return _val(properties, "numFmt")
    return None
