"""Text normalisation and a builder that keeps link spans aligned with the normalised text."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from citecheck.model import Finding, LinkTarget, Span, TextDocument

# Characters that change how a line looks but never what it says: removed or replaced so the
# parser sees "docu\u00admentation" as "documentation" and a URL broken with a zero-width
# space as one URL. ZWNJ and ZWJ are kept: they carry meaning in Persian, Indic scripts and emoji.
_CHANGED: dict[str, str | None] = {
    "\u00ad": None,  # soft hyphen
    "\u200b": None,  # zero-width space
    "\u2060": None,  # word joiner
    "\ufeff": None,  # zero-width no-break space (a BOM inside the text)
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\u2007": " ",  # figure space
    "\u2028": "\n",  # line separator
    "\u2029": "\n",  # paragraph separator
    "\x0b": "\n",  # vertical tab (Word's manual line break in some exports)
    "\x0c": "\n",  # form feed (a page break in extracted text)
    "\x85": "\n",  # next line
    # Typographic ligatures (PDF text layers keep them): letters a search can match.
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_LENGTH_CHANGING = re.compile(
    "[\r"
    + "".join(char for char, value in _CHANGED.items() if value is None or len(value) != 1)
    + "]"
)
_LINE_ENDS = re.compile(r"\r\n?")
_INLINE_SPACE = re.compile(r"[ \t\n]+")
_SUPERSCRIPTS = str.maketrans(
    "0123456789-ivxlcdm",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁻ⁱᵛˣˡᶜᵈᵐ",
)
_SUPERSCRIPT_NUMBER = re.compile(r"[0-9]+(?:[,\u2013-][0-9]+)*")
_SUPERSCRIPT_ROMAN = re.compile(r"[ivxlcdm]+")
_SPECIAL = re.compile("[" + "".join(_CHANGED) + "]")


def normalize_text(text: str) -> str:
    """Unify line ends as ``\\n``, drop invisible characters and make no-break spaces plain."""
    # A regex finds the few characters to change far faster than str.translate scans them.
    return _SPECIAL.sub(_replacement, _LINE_ENDS.sub("\n", text))


def _replacement(match: re.Match[str]) -> str:
    return _CHANGED[match.group()] or ""


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """:func:`normalize_text`, plus where each original offset (and the end) lands in the result."""
    if not _LENGTH_CHANGING.search(text):
        return normalize_text(text), list(range(len(text) + 1))
    pieces: list[str] = []
    offsets: list[int] = []
    length = 0
    for index, char in enumerate(text):
        offsets.append(length)
        if char == "\r":
            piece = "" if text.startswith("\n", index + 1) else "\n"
        else:
            replacement = _CHANGED.get(char, char)
            piece = "" if replacement is None else replacement
        pieces.append(piece)
        length += len(piece)
    offsets.append(length)
    return "".join(pieces), offsets


def superscript(marker: str, *, roman: bool = False) -> str:
    """Render a note marker the way a reader sees it: ``12`` becomes ``¹²``.

    Numbers (``1``, ``1,3``, ``2–4``) and, with ``roman``, lower-case roman numerals are
    raised; anything else is returned unchanged.
    """
    if _SUPERSCRIPT_NUMBER.fullmatch(marker) or (roman and _SUPERSCRIPT_ROMAN.fullmatch(marker)):
        return marker.translate(_SUPERSCRIPTS)
    return marker


class TextBuilder:
    """Accumulates normalised text line by line and records link spans into it.

    Separators are requested (:meth:`space`, :meth:`newline`) and only written when more text
    follows, so no line ends in a space and the text never starts or ends with blank lines.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._last = "\n"
        self._pending_newlines = 0
        self._pending_space = False
        self._links: list[tuple[int, int, str]] = []
        self._skip_blanks = False

    @property
    def position(self) -> int:
        """Offset of the next character written (pending separators not counted)."""
        return self._length

    def write(self, text: str) -> None:
        """Append text verbatim (after normalisation); whitespace inside it is kept."""
        text = normalize_text(text)
        if self._skip_blanks:
            text = text.lstrip(" \t")
        if not text:
            return
        self._skip_blanks = False
        self._flush_separators()
        self._emit(text)

    def inline(self, text: str) -> None:
        """Append HTML-style inline text: runs of whitespace collapse to one space."""
        text = _INLINE_SPACE.sub(" ", normalize_text(text))
        if not text:
            return
        if text[0] == " ":
            self.space()
            text = text[1:]
        trailing = text.endswith(" ")
        text = text.rstrip(" ")
        if text:
            self._flush_separators()
            self._emit(text)
        if trailing:
            self.space()

    def space(self) -> None:
        """Ask for a space before the next text, unless it starts a line."""
        self._pending_space = True

    def newline(self, count: int = 1) -> None:
        """Ask for the next text to start a new line (``count=2`` leaves a blank line)."""
        self._pending_newlines = max(self._pending_newlines, count)

    def hard_break(self) -> None:
        """Write a line break now, even an empty line (HTML ``<br>``)."""
        self._pending_space = False
        self._pending_newlines = 0
        self._emit("\n")

    def replace_tail(self, start: int, text: str) -> None:
        """Replace what was written since ``start`` with text of the same length."""
        head, tail = self._split_tail(start)
        if len(text) != len(tail):
            raise ValueError("replace_tail keeps offsets only when the length is unchanged")
        self._parts.append(head + text)

    def retract(self, start: int) -> None:
        """Remove what was written since ``start`` (a list marker whose item stayed empty)."""
        if any(end > start for _, end, _ in self._links):
            raise ValueError("cannot retract text that a link covers")
        head, _ = self._split_tail(start)
        self._parts.append(head)
        self._length = start
        self._last = next((part[-1] for part in reversed(self._parts) if part), "\n")

    def text_since(self, start: int) -> str:
        """What was written since offset ``start``."""
        head, tail = self._split_tail(start)
        self._parts.append(head + tail)
        return tail

    def _split_tail(self, start: int) -> tuple[str, str]:
        """Pop the parts that reach back to ``start``: (their text before it, the rest)."""
        start = max(0, min(start, self._length))
        popped: list[str] = []
        covered = 0
        while self._parts and covered < self._length - start:
            part = self._parts.pop()
            popped.append(part)
            covered += len(part)
        joined = "".join(reversed(popped))
        cut = len(joined) - (self._length - start)
        return joined[:cut], joined[cut:]

    def link(self, start: int, end: int, target: str) -> None:
        """Record that ``[start, end)`` shows a link to ``target`` (whitespace is trimmed later)."""
        if end > start:
            self._links.append((start, end, target))

    def build(self, format: str, name: str, findings: Iterable[Finding] = ()) -> TextDocument:
        """The finished document (blanks at line ends removed, link spans moved with the text)."""
        text, links = _strip_line_ends("".join(self._parts), self._links)
        return TextDocument(
            text=text,
            format=format,
            links=trim_links(text, links),
            name=name,
            findings=tuple(findings),
        )

    def separator(self, text: str) -> None:
        """Write a separator (a table cell's tab) in place of any space asked for."""
        self._pending_space = False
        self.write(text)

    def skip_leading_blanks(self) -> None:
        """Drop spaces and tabs at the start of the next text (after a note's number)."""
        self._skip_blanks = True

    def _flush_separators(self) -> None:
        if self._pending_newlines and self._length:
            have = 0
            while have < self._pending_newlines and self._ends_with("\n" * (have + 1)):
                have += 1
            self._emit("\n" * (self._pending_newlines - have))
        elif self._pending_space and self._last not in " \n\t":
            self._emit(" ")
        self._pending_newlines = 0
        self._pending_space = False

    def _ends_with(self, suffix: str) -> bool:
        tail = ""
        for part in reversed(self._parts):
            tail = part + tail
            if len(tail) >= len(suffix):
                break
        return tail.endswith(suffix)

    def _emit(self, text: str) -> None:
        if text:
            self._parts.append(text)
            self._length += len(text)
            self._last = text[-1]


_LINE_END_BLANKS = re.compile(r"[ \t]+(?=\n|\Z)")


def _strip_line_ends(
    text: str, links: list[tuple[int, int, str]]
) -> tuple[str, list[tuple[int, int, str]]]:
    removed = [match.span() for match in _LINE_END_BLANKS.finditer(text)]
    if not removed:
        return text, links
    starts = [start for start, _ in removed]
    shifts = [0]
    for start, end in removed:
        shifts.append(shifts[-1] + end - start)

    def moved(offset: int) -> int:
        index = bisect_right(starts, offset) - 1
        if index < 0:
            return offset
        start, end = removed[index]
        # Inside a removed run: land where the run was.
        return (
            (start if offset < end else offset)
            - shifts[index]
            - (0 if offset < end else end - start)
        )

    kept = _LINE_END_BLANKS.sub("", text)
    return kept, [(moved(start), moved(end), target) for start, end, target in links]


def trim_links(text: str, links: Iterable[tuple[int, int, str]]) -> tuple[LinkTarget, ...]:
    """Turn raw ``(start, end, target)`` triples into LinkTargets without edge whitespace."""
    result: list[LinkTarget] = []
    for start, end, target in sorted(links, key=lambda link: (link[0], link[1])):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            result.append(LinkTarget(span=Span(start, end), target=target))
    return tuple(result)
