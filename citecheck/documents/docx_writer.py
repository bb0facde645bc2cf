"""Rewriting a DOCX's URLs in place: hyperlink targets, visible URL text, archive links.

Only the story parts (body, footnotes, endnotes) and their relationships are rewritten; every
other part of the package is copied byte for byte, so styles, images and settings survive.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from citecheck.documents._docx import MAX_UNCOMPRESSED_BYTES
from citecheck.documents._links import same_address
from citecheck.errors import InputError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W + "}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_HYPERLINK_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_STORIES = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


@dataclass(frozen=True)
class UrlReplacement:
    """One URL to correct in a document, and optionally an archived copy to cite with it."""

    old: str
    """The URL as the document has it (hyperlink target or visible text)."""
    new: str
    """The corrected URL; equal to :attr:`old` when only an archive link is added."""
    archive_url: str | None = None
    """A snapshot URL to add after the link as `` Archived at <archive_url>``."""
    archive_label: str | None = None
    """Text shown after the archive link in parentheses, such as the capture date."""


def rewrite_docx(data: bytes, replacements: Sequence[UrlReplacement]) -> bytes:
    """Apply ``replacements`` to a DOCX and return the new package.

    Hyperlink relationships whose target is ``old`` point to ``new``; visible text naming
    ``old`` (inside a hyperlink, in plain runs, in HYPERLINK field instructions) names ``new``
    (without a scheme when the text had none); with ``archive_url`` a run `` Archived at ``
    and a hyperlink to the snapshot follow each occurrence.
    """
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"not a Word document ({exc})") from exc
    with source:
        names = source.namelist()
        if "word/document.xml" not in names:
            raise InputError("not a Word document (no word/document.xml)")
        if sum(info.file_size for info in source.infolist()) > MAX_UNCOMPRESSED_BYTES:
            raise InputError("the Word document inflates beyond the size limit")
        changed: dict[str, bytes] = {}
        for story in _STORIES:
            if story in names:
                changed.update(_rewrite_story(source, story, replacements))
        return _repack(source, changed)


def _rels_name(story: str) -> str:
    folder, _, base = story.rpartition("/")
    return f"{folder}/_rels/{base}.rels"


def _rewrite_story(
    source: zipfile.ZipFile, story: str, replacements: Sequence[UrlReplacement]
) -> dict[str, bytes]:
    rels_name = _rels_name(story)
    try:
        root = etree.fromstring(source.read(story), _PARSER)
        rels = (
            etree.fromstring(source.read(rels_name), _PARSER)
            if rels_name in source.namelist()
            else etree.Element(f"{{{_PACKAGE_RELS}}}Relationships", nsmap={None: _PACKAGE_RELS})
        )
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not a readable Word document ({story}: {exc})") from exc
    editor = _StoryEditor(root, rels)
    for replacement in replacements:
        editor.apply(replacement)
    if not editor.modified:
        return {}
    return {
        story: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True),
        rels_name: etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True),
    }


class _StoryEditor:
    """Edits one story part and its relationships."""

    def __init__(self, root: Any, rels: Any) -> None:
        self.root = root
        self.rels = rels
        self.modified = False

    def apply(self, replacement: UrlReplacement) -> None:
        changed_ids = self._retarget(replacement)
        handled: set[int] = set()
        for hyperlink in list(self.root.iter(_W + "hyperlink")):
            texts = list(hyperlink.iter(_W + "t"))
            visible = "".join(text.text or "" for text in texts)
            by_target = hyperlink.get(_R_ID) in changed_ids
            by_text = _names(visible, replacement.old)
            if not (by_target or by_text):
                continue
            handled.update(id(text) for text in texts)
            if by_text:
                self._set_text(texts, _shown_like(visible, replacement.new))
            if replacement.archive_url:
                self._add_archive(hyperlink, hyperlink, replacement)
        self._replace_in_runs(replacement, handled)
        self._replace_in_fields(replacement)

    def _retarget(self, replacement: UrlReplacement) -> set[str]:
        changed = set()
        for rel in self.rels.iterchildren(f"{{{_PACKAGE_RELS}}}Relationship"):
            if rel.get("Type") != _HYPERLINK_TYPE or rel.get("TargetMode") != "External":
                continue
            target = rel.get("Target") or ""
            if same_address(target, "".join(replacement.old.split())):
                changed.add(rel.get("Id"))
                if target != replacement.new:
                    rel.set("Target", replacement.new)
                    self.modified = True
        return changed

    def _replace_in_runs(self, replacement: UrlReplacement, handled: set[int]) -> None:
        forms = sorted({replacement.old, _SCHEME.sub("", replacement.old)}, key=len, reverse=True)
        for text in list(self.root.iter(_W + "t")):
            if id(text) in handled or not text.text:
                continue
            for form in forms:
                index = text.text.find(form)
                if index == -1:
                    continue
                shown = _shown_like(form, replacement.new)
                before, after = text.text[:index], text.text[index + len(form) :]
                run = text.getparent()
                inside_link = (
                    run is not None
                    and run.getparent() is not None
                    and (run.getparent().tag == _W + "hyperlink")
                )
                if replacement.archive_url and run is not None and not inside_link:
                    self._set_text([text], before + shown)
                    self._split_run(run, text, after)
                    self._add_archive(run, run, replacement)
                else:
                    self._set_text([text], before + shown + after)
                break

    def _split_run(self, run: Any, text: Any, after: str) -> None:
        """Move what follows the URL in ``run`` into a copy of the run placed after it."""
        following = list(text.itersiblings())
        if not after and not following:
            return
        rest = copy.deepcopy(run)
        for child in list(rest):
            if child.tag != _W + "rPr":
                rest.remove(child)
        rest_text = etree.SubElement(rest, _W + "t")
        rest_text.text = after
        rest_text.set(_XML_SPACE, "preserve")
        # Content after the URL's text element moves with the rest, in order.
        for sibling in following:
            rest.append(sibling)
        run.addnext(rest)

    def _replace_in_fields(self, replacement: UrlReplacement) -> None:
        quoted = f'"{replacement.old}"'
        for instruction in self.root.iter(_W + "instrText"):
            if instruction.text and quoted in instruction.text:
                instruction.text = instruction.text.replace(quoted, f'"{replacement.new}"')
                self.modified = True
        for simple in self.root.iter(_W + "fldSimple"):
            instr = simple.get(_W + "instr") or ""
            if quoted in instr:
                simple.set(_W + "instr", instr.replace(quoted, f'"{replacement.new}"'))
                self.modified = True

    def _set_text(self, texts: list[Any], value: str) -> None:
        if not texts:
            return
        if "".join(text.text or "" for text in texts) == value:
            return
        texts[0].text = value
        texts[0].set(_XML_SPACE, "preserve")
        for text in texts[1:]:
            text.text = ""
        self.modified = True

    def _add_archive(self, anchor: Any, styled: Any, replacement: UrlReplacement) -> None:
        """Insert `` Archived at <link>`` (and `` (label)``) right after ``anchor``."""
        assert replacement.archive_url is not None
        paragraph = next(anchor.iterancestors(_W + "p"), None)
        if paragraph is not None and self._already_archived(paragraph, replacement.archive_url):
            return
        properties = next(styled.iter(_W + "rPr"), None)
        plain = _run(" Archived at ", None)
        link = etree.Element(_W + "hyperlink", nsmap={"w": W})
        link.set(_R_ID, self._new_relationship(replacement.archive_url))
        link.append(_run(replacement.archive_url, properties, hyperlink_style=True))
        anchor.addnext(plain)
        plain.addnext(link)
        if replacement.archive_label:
            link.addnext(_run(f" ({replacement.archive_label})", None))
        self.modified = True

    def _already_archived(self, paragraph: Any, archive_url: str) -> bool:
        targets = {
            rel.get("Id"): rel.get("Target")
            for rel in self.rels.iterchildren(f"{{{_PACKAGE_RELS}}}Relationship")
        }
        return any(
            targets.get(link.get(_R_ID)) == archive_url for link in paragraph.iter(_W + "hyperlink")
        )

    def _new_relationship(self, target: str) -> str:
        existing = {rel.get("Id") for rel in self.rels}
        number = len(existing) + 1
        while f"rId{number}" in existing:
            number += 1
        rel_id = f"rId{number}"
        rel = etree.SubElement(self.rels, f"{{{_PACKAGE_RELS}}}Relationship")
        rel.set("Id", rel_id)
        rel.set("Type", _HYPERLINK_TYPE)
        rel.set("Target", target)
        rel.set("TargetMode", "External")
        return rel_id


def _run(text: str, properties: Any | None, *, hyperlink_style: bool = False) -> Any:
    """A run showing ``text`` with a copy of ``properties`` (plus Word's Hyperlink style)."""
    run = etree.Element(_W + "r", nsmap={"w": W})
    copied = copy.deepcopy(properties) if properties is not None else None
    if hyperlink_style:
        if copied is None:
            copied = etree.Element(_W + "rPr", nsmap={"w": W})
        if copied.find(_W + "rStyle") is None:
            style = etree.Element(_W + "rStyle", nsmap={"w": W})
            style.set(_W + "val", "Hyperlink")
            copied.insert(0, style)
    if copied is not None:
        run.append(copied)
    element = etree.SubElement(run, _W + "t")
    element.text = text
    element.set(_XML_SPACE, "preserve")
    return run


def _names(visible: str, url: str) -> bool:
    """Whether a hyperlink's visible text is the URL itself (with or without scheme), also when
    a stray space split it, as pasting from a PDF leaves it."""
    joined = "".join(visible.split())
    return bool(joined) and same_address(joined, "".join(url.split()))


def _shown_like(visible: str, new: str) -> str:
    """``new`` written the way the old text was: without a scheme if it had none."""
    return new if _SCHEME.match(visible.strip()) else _SCHEME.sub("", new)


def _repack(source: zipfile.ZipFile, changed: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        written = set()
        for info in source.infolist():
            written.add(info.filename)
            payload = changed.get(info.filename)
            if payload is None:
                target.writestr(info, source.read(info.filename))
            else:
                target.writestr(info, payload, compress_type=zipfile.ZIP_DEFLATED)
        for name, payload in changed.items():
            if name not in written:
                target.writestr(name, payload, compress_type=zipfile.ZIP_DEFLATED)
    return output.getvalue()
