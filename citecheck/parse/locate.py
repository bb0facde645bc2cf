"""Finding the source list: a heading such as "Sources" or "References", else the trailing run
of numbered entries, else Markdown footnote definitions."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING_WORDS = (
    r"sources?|references?|reference\s+list|works\s+cited|works\s+consulted|sources\s+cited"
    r"|bibliography|bibliographie|notes|end\s*notes|footnotes|citations|further\s+reading"
    r"|literatur(?:verzeichnis)?|quellen(?:verzeichnis)?|r[ée]f[ée]rences(?:\s+bibliographiques)?"
    r"|referencias|fuentes|bibliograf[ií]a|riferimenti|fonti"
)
_HEADING = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*|\*\*|__|=+[ \t]*)?(?P<word>" + _HEADING_WORDS + r")"
    r"[ \t]*:?[ \t]*(?:\*\*|__|=+)?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# PDF extraction of a letter-spaced heading ("R E F E R E N C E S"): read with its spaces removed.
_SPACED_HEADING = re.compile(
    r"^[ \t]*(?P<letters>(?:[^\W\d_][ \t]){4,}[^\W\d_])[ \t]*:?[ \t]*$", re.MULTILINE
)
_MARKDOWN_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+\S", re.MULTILINE)
NUMBERED_LINE = re.compile(r"^[ \t]*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)])[ \t]*\S", re.MULTILINE)
_FOOTNOTE_DEFINITION = re.compile(r"^[ \t]{0,3}\[\^[^\]\s]+\]:", re.MULTILINE)
_LINK_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\^\s][^\]\n]*\]:[ \t]+\S", re.MULTILINE)


@dataclass(frozen=True)
class SourceListLocation:
    """Where the source list is and how it was found."""

    start: int
    """Offset of the first character after the heading (or of the first entry)."""
    end: int
    """Offset just past the list."""
    heading: str | None
    """The heading as written, when one introduced the list."""
    how: str
    """``heading``, ``trailing-numbered-run`` or ``footnotes``."""


def locate(text: str) -> SourceListLocation | None:
    """The source list in ``text``, or ``None`` when the document has none."""
    return _by_heading(text) or _by_footnotes(text) or _by_trailing_run(text)


def _headings(text: str) -> list[re.Match[str]]:
    spaced = (
        m
        for m in _SPACED_HEADING.finditer(text)
        if _HEADING.fullmatch(re.sub(r"[ \t]", "", m.group("letters")))
    )
    return sorted([*_HEADING.finditer(text), *spaced], key=lambda m: m.start())


def _by_heading(text: str) -> SourceListLocation | None:
    for heading in reversed(_headings(text)):
        start = heading.end()
        end = _section_end(text, start)
        if text[start:end].strip():
            return SourceListLocation(start, end, heading.group().strip(), "heading")
    return None


def _section_end(text: str, start: int) -> int:
    """The next Markdown heading that is not itself a source-list heading, else the end."""
    for match in _MARKDOWN_HEADING.finditer(text, start):
        line_end = text.find("\n", match.start())
        line = text[match.start() : line_end if line_end >= 0 else len(text)]
        if not _HEADING.fullmatch(line):
            return match.start()
    return len(text)


def _by_footnotes(text: str) -> SourceListLocation | None:
    """Markdown footnote definitions, else a trailing block of link definitions."""
    definitions = list(_FOOTNOTE_DEFINITION.finditer(text))
    if definitions:
        return SourceListLocation(definitions[0].start(), len(text), None, "footnotes")
    links = list(_LINK_DEFINITION.finditer(text))
    if len(links) >= 2:
        return SourceListLocation(links[0].start(), len(text), None, "link-definitions")
    return None


def _by_trailing_run(text: str) -> SourceListLocation | None:
    """The last block of consecutive numbered lines (continuation lines allowed between)."""
    numbered = list(NUMBERED_LINE.finditer(text))
    if len(numbered) < 2:
        return None
    run_start = numbered[-1].start()
    count = 1
    for previous, current in zip(reversed(numbered[:-1]), reversed(numbered[1:]), strict=True):
        between = text[previous.end() : current.start()]
        if between.count("\n") > 8 or re.search(r"\n[ \t]*\n[ \t]*\n", between):
            break
        run_start = previous.start()
        count += 1
    if count < 2:
        return None
    return SourceListLocation(run_start, len(text), None, "trailing-numbered-run")
