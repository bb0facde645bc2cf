"""Plain-text and Markdown readers; Markdown also yields the targets of its links."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from citecheck.documents._decode import decode_text
from citecheck.documents._links import absolute_url, mismatch_findings
from citecheck.documents._text import normalize_text, trim_links
from citecheck.model import TextDocument


class PlainTextReader:
    """Reads plain text: decoded, line ends unified, invisible characters dropped."""

    format = "text"

    def read(self, data: bytes, name: str) -> TextDocument:
        """Decode ``data`` into a :class:`TextDocument` without links."""
        text, findings = decode_text(data, name=name)
        return TextDocument(
            text=normalize_text(text), format=self.format, name=name, findings=findings
        )


class MarkdownReader:
    """Reads Markdown: the text as written, plus the targets of inline and reference links."""

    format = "markdown"

    def read(self, data: bytes, name: str) -> TextDocument:
        """Decode ``data``; link targets point at each link's visible text."""
        text, findings = decode_text(data, name=name)
        text = normalize_text(text)
        links = trim_links(text, markdown_links(text))
        return TextDocument(
            text=text,
            format=self.format,
            links=links,
            name=name,
            findings=(*findings, *mismatch_findings(text, links)),
        )


_CODE = re.compile(
    r"^ {0,3}(```|~~~)[^\n]*\n.*?(?:^ {0,3}\1[^\n]*$|\Z)|`+[^`\n]+`+", re.MULTILINE | re.DOTALL
)
_DEFINITION = re.compile(
    r"^ {0,3}\[(?P<label>[^\]\n^][^\]\n]*)\]:[ \t]*(?:<(?P<angled>[^>\n]+)>|(?P<bare>\S+))"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$",
    re.MULTILINE,
)
_BRACKETED = re.compile(r"(?<![!\\\]])\[(?P<text>[^\[\]\n]*(?:\n[^\[\]\n]+)*)\]")
_AUTOLINK = re.compile(r"<(?P<url>(?:https?|ftp)://[^\s<>]+)>")


def markdown_links(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, target)`` for inline links, reference links, definitions and autolinks."""
    code = [match.span() for match in _CODE.finditer(text)]
    code_starts = [start for start, _ in code]

    def in_code(offset: int) -> bool:
        index = bisect_right(code_starts, offset) - 1
        return index >= 0 and offset < code[index][1]

    definitions: dict[str, str] = {}
    links: list[tuple[int, int, str]] = []
    definition_spans: list[tuple[int, int]] = []
    for match in _DEFINITION.finditer(text):
        if in_code(match.start()):
            continue
        group = "angled" if match.group("angled") else "bare"
        target = absolute_url(match.group(group))
        definition_spans.append(match.span())
        if target is None:
            continue
        definitions.setdefault(_label_key(match.group("label")), target)
        links.append((match.start(group), match.end(group), target))
    definition_starts = [start for start, _ in definition_spans]
    for start, end, target in _bracketed_links(text, definitions):
        index = bisect_right(definition_starts, start) - 1
        in_definition = index >= 0 and start < definition_spans[index][1]
        if not in_code(start) and not in_definition:
            links.append((start, end, target))
    for match in _AUTOLINK.finditer(text):
        index = bisect_right(definition_starts, match.start()) - 1
        in_definition = index >= 0 and match.start() < definition_spans[index][1]
        if not in_code(match.start()) and not in_definition:
            links.append((match.start("url"), match.end("url"), match.group("url")))
    return links


def _bracketed_links(text: str, definitions: dict[str, str]) -> Iterator[tuple[int, int, str]]:
    for match in _BRACKETED.finditer(text):
        start, end = match.span("text")
        after = match.end()
        if text.startswith("(", after):
            destination = _destination(text, after + 1)
            target = absolute_url(destination) if destination is not None else None
        elif text.startswith("[", after):
            label_end = text.find("]", after + 1)
            label = text[after + 1 : label_end] if label_end != -1 else ""
            target = definitions.get(_label_key(label or match.group("text")))
        elif text.startswith(":", after) or match.group("text").startswith("^"):
            continue
        else:
            target = definitions.get(_label_key(match.group("text")))
        if target is not None:
            yield start, end, target


def _destination(text: str, start: int) -> str | None:
    """The link destination after ``](``, allowing balanced parentheses inside it."""
    index = start
    while index < len(text) and text[index] in " \t":
        index += 1
    if text.startswith("<", index):
        close = text.find(">", index)
        return text[index + 1 : close] if close != -1 else None
    depth = 0
    begin = index
    while index < len(text):
        char = text[index]
        if char.isspace():
            break
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        index += 1
    return text[begin:index] or None


def _label_key(label: str) -> str:
    return " ".join(label.split()).casefold()
