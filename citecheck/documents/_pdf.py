"""PDF reader (pypdf): text in reading order, and URI link annotations matched to their text."""

from __future__ import annotations

import importlib
import io
import logging
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from citecheck.documents._decode import SUPPORTED
from citecheck.documents._links import absolute_url
from citecheck.documents._text import normalize_with_offsets
from citecheck.errors import InputError
from citecheck.model import Finding, LinkTarget, Severity, Span, TextDocument


def _pypdf_font_class() -> Any:
    """pypdf's font metrics live in a private module; without them widths are estimated."""
    try:
        module = importlib.import_module("pypdf.generic._font")
    except ImportError:  # pragma: no cover - depends on the pypdf version
        return None
    return getattr(module, "Font", None)


_PypdfFont: Any = _pypdf_font_class()

_DEFAULT_WIDTH = 500.0
"""Glyph width (thousandths of the font size) assumed when a font gives none."""
_REFINE_CHARS = 6
"""How far a link span may move to line up with the link's own address."""


@dataclass(frozen=True)
class _Chunk:
    """A run of text pypdf drew at one position, located in the page text."""

    start: int
    """Offset of its first character in the page text (before normalisation)."""
    text: str
    """The text (one line)."""
    x: float
    """Where the first glyph starts, in page space."""
    y: float
    """The baseline, in page space."""
    advances: tuple[float, ...]
    """Each character's advance width, in page space."""
    height: float
    """The font size, in page space."""


@dataclass(frozen=True)
class _Rect:
    left: float
    bottom: float
    right: float
    top: float


class PdfDocumentReader:
    """Reads PDFs with pypdf: page text joined in order, URI link annotations as LinkTargets."""

    format = "pdf"

    def read(self, data: bytes, name: str) -> TextDocument:
        """Extract the text layer; a PDF without one gives empty text and a warning."""
        reader = _open(data, name)
        pages: list[str] = []
        links: list[LinkTarget] = []
        offset = 0
        try:
            for page in reader.pages:
                text, page_links = _read_page(page)
                links.extend(
                    LinkTarget(Span(offset + start, offset + end), target)
                    for start, end, target in page_links
                )
                pages.append(text)
                offset += len(text) + 1
        except InputError:
            raise
        except Exception as exc:
            # pypdf raises many types on damaged streams; all mean the file cannot be read.
            raise InputError(f"{name}: a damaged PDF ({type(exc).__name__}: {exc})") from exc
        text = "\n".join(pages)
        return TextDocument(
            text=text,
            format=self.format,
            links=tuple(sorted(set(links), key=lambda link: (link.span.start, link.span.end))),
            name=name,
            findings=_text_layer_findings(pages),
        )


def _open(data: bytes, name: str) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _decrypt(reader, name)
        len(reader.pages)
    except InputError:
        raise
    except FileNotDecryptedError as exc:
        raise InputError(f"{name}: the PDF is encrypted and needs a password") from exc
    except Exception as exc:
        raise InputError(
            f"{name}: not a readable PDF ({type(exc).__name__}: {exc}); {SUPPORTED}"
        ) from exc
    return reader


def _decrypt(reader: PdfReader, name: str) -> None:
    """Open a PDF protected only by an owner password (the empty user password)."""
    try:
        opened = reader.decrypt("")
    except DependencyError as exc:
        raise InputError(
            f"{name}: the PDF is encrypted with AES, which needs the 'cryptography' package to open"
        ) from exc
    if not opened:
        raise InputError(f"{name}: the PDF is encrypted and needs a password")


def _text_layer_findings(pages: Sequence[str]) -> tuple[Finding, ...]:
    empty = [str(number) for number, text in enumerate(pages, start=1) if not text.strip()]
    if not pages or not empty:
        return ()
    if len(empty) == len(pages):
        return (
            Finding(
                code="pdf-no-text-layer",
                severity=Severity.WARNING,
                message="The PDF has no text layer (a scanned document?); run OCR on it "
                "first, for example with ocrmypdf.",
                evidence={"pages": str(len(pages))},
            ),
        )
    return (
        Finding(
            code="pdf-pages-without-text",
            severity=Severity.INFO,
            message=f"{len(empty)} of {len(pages)} pages have no text layer; their text "
            "is missing.",
            evidence={"pages": ", ".join(empty)},
        ),
    )


def _read_page(page: Any) -> tuple[str, list[tuple[int, int, str]]]:
    """The page's normalised text and ``(start, end, target)`` for each link piece on it."""
    recorder = _ChunkRecorder()
    logger = logging.getLogger("pypdf")
    previous = logger.level
    logger.setLevel(logging.ERROR)  # pypdf warns about every odd font; they are not ours
    try:
        page.extract_text(visitor_text=recorder.visit)
    finally:
        logger.setLevel(previous)
    raw, chunks = recorder.layout()
    text, offsets = normalize_with_offsets(raw)
    links = []
    for target, rects in _safe_annotations(page):
        for rect in rects:
            covered = _covered_range(chunks, rect)
            if covered is None:
                continue
            start, end = _refine(raw, covered[0], covered[1], target)
            start, end = offsets[start], offsets[end]
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                links.append((start, end, target))
    return text, links


class _ChunkRecorder:
    """Collects the text runs pypdf's visitor reports and lays them out as lines.

    The page text is assembled here rather than taken from ``extract_text``'s result so that
    every character's position is known: runs on the same baseline, left to right, join one
    line (pypdf starts a new line for every text object, and some PDFs draw each word as one).
    """

    def __init__(self) -> None:
        self._visits: list[tuple[str, list[float], float, Any]] = []
        self._fonts: dict[int, dict[str, float]] = {}

    def visit(self, text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip():
            self._visits.append((text, _multiply(tm, cm), float(size or 0), font))

    def layout(self) -> tuple[str, list[_Chunk]]:
        """The page text, and each positioned run with its offset in that text."""
        parts: list[str] = []
        length = 0
        chunks: list[_Chunk] = []
        previous: _Chunk | None = None
        for text, matrix, size, font in self._visits:
            for index, line in enumerate(text.split("\n")):
                chunk = self._chunk(line, matrix, size, font) if index == 0 else None
                stripped = line.strip()
                if not stripped:
                    continue
                separator = _separator(previous, chunk, length)
                parts.append(separator)
                length += len(separator)
                if chunk is not None:
                    chunk = _place(chunk, length)
                    chunks.append(chunk)
                    text_to_add = chunk.text
                else:
                    text_to_add = stripped
                parts.append(text_to_add)
                length += len(text_to_add)
                previous = chunk
        return "".join(parts), chunks

    def _chunk(self, line: str, matrix: list[float], size: float, font: Any) -> _Chunk:
        scale_x = math.hypot(matrix[0], matrix[1]) * size / 1000
        widths = self._widths(font)
        default = widths.get("default", _DEFAULT_WIDTH)
        advances = [widths.get(char, default) * scale_x for char in line]
        # Leading blanks move the start; trailing blanks are dropped.
        lead = len(line) - len(line.lstrip())
        kept = line.strip()
        return _Chunk(
            start=0,
            text=kept,
            x=matrix[4] + sum(advances[:lead]),
            y=matrix[5],
            advances=tuple(advances[lead : lead + len(kept)]),
            height=math.hypot(matrix[2], matrix[3]) * size,
        )

    def _widths(self, font: Any) -> dict[str, float]:
        if font is None or _PypdfFont is None:
            return {}
        key = id(font)
        if key not in self._fonts:
            try:
                self._fonts[key] = _unicode_widths(_PypdfFont.from_font_resource(font))
            except Exception:  # a broken font only costs position accuracy
                self._fonts[key] = {}
        return self._fonts[key]


def _unicode_widths(font: Any) -> dict[str, float]:
    """Glyph widths keyed by the characters the text shows (pypdf keys them by code)."""
    by_code = {code: float(width) for code, width in font.character_widths.items() if width}
    widths = dict(by_code)
    encoding = font.encoding if isinstance(font.encoding, dict) else {}
    for code, character in encoding.items():
        if isinstance(code, int) and chr(code) in by_code:
            widths[str(character)] = by_code[chr(code)]
    for code, character in font.character_map.items():
        if isinstance(code, str) and code in by_code and isinstance(character, str):
            widths[character] = by_code[code]
    return widths


def _place(chunk: _Chunk, start: int) -> _Chunk:
    return _Chunk(start, chunk.text, chunk.x, chunk.y, chunk.advances, chunk.height)


def _separator(previous: _Chunk | None, chunk: _Chunk | None, length: int) -> str:
    """What goes between two runs: nothing, a space (a visible gap) or a line break."""
    if not length:
        return ""
    if previous is None or chunk is None:
        return "\n"
    height = max(previous.height, chunk.height, 1.0)
    end = previous.x + sum(previous.advances)
    same_line = abs(chunk.y - previous.y) < 0.5 * height and chunk.x > end - 0.5 * height
    if not same_line:
        return "\n"
    return " " if chunk.x - end > 0.15 * height else ""


def _multiply(m: list[float], n: list[float]) -> list[float]:
    """The PDF matrix product ``m × n`` (text matrix × current transformation matrix)."""
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def _safe_annotations(page: Any) -> list[tuple[str, list[_Rect]]]:
    """The page's URI links; a damaged annotation costs the links, never the text."""
    try:
        return list(_uri_annotations(page))
    except Exception:  # pypdf raises many types on damaged objects
        return []


def _uri_annotations(page: Any) -> Iterator[tuple[str, list[_Rect]]]:
    annotations = page.get("/Annots")
    if annotations is None:
        return
    for reference in annotations.get_object():
        annotation = reference.get_object()
        if annotation.get("/Subtype") != "/Link":
            continue
        action = annotation.get("/A")
        action = action.get_object() if action is not None else None
        if action is None or action.get("/S") != "/URI":
            continue
        uri = action.get("/URI")
        if isinstance(uri, bytes):
            uri = uri.decode("utf-8", errors="replace")
        target = absolute_url(str(uri)) if uri is not None else None
        rects = _rects(annotation)
        if target is not None and rects:
            yield target, rects


def _rects(annotation: Any) -> list[_Rect]:
    """The areas a link covers: each quadrilateral of /QuadPoints, else its /Rect."""
    quads = annotation.get("/QuadPoints")
    numbers = [float(value) for value in quads.get_object()] if quads is not None else []
    rects = []
    for index in range(0, len(numbers) - 7, 8):
        xs, ys = numbers[index : index + 8 : 2], numbers[index + 1 : index + 8 : 2]
        rects.append(_Rect(min(xs), min(ys), max(xs), max(ys)))
    if rects:
        return rects
    rect = annotation.get("/Rect")
    if rect is None:
        return []
    left, bottom, right, top = (float(value) for value in rect.get_object())
    return [_Rect(min(left, right), min(bottom, top), max(left, right), max(bottom, top))]


def _covered_range(chunks: Sequence[_Chunk], rect: _Rect) -> tuple[int, int] | None:
    """The page-text range of the characters whose centres lie inside ``rect``."""
    first: int | None = None
    last: int | None = None
    for chunk in chunks:
        middle = chunk.y + 0.3 * chunk.height
        slack = 0.2 * chunk.height
        if not rect.bottom - slack <= middle <= rect.top + slack:
            continue
        x = chunk.x
        for index, advance in enumerate(chunk.advances):
            centre = x + advance / 2
            x += advance
            if rect.left - 0.5 <= centre <= rect.right + 0.5:
                offset = chunk.start + index
                first = offset if first is None else min(first, offset)
                last = offset if last is None else max(last, offset)
    if first is None or last is None:
        return None
    return first, last + 1


def _refine(text: str, start: int, end: int, target: str) -> tuple[int, int]:
    """Line the span up with the link's address when its text is a piece of that address.

    Glyph widths are estimates, so the geometric span can be off by a character or two at
    either end; a URL piece that matches the target exactly fixes that.
    """
    wanted = target.lower()
    best: tuple[int, int] | None = None
    for trimmed in range(2 * _REFINE_CHARS + 1):
        for cut_start in range(min(trimmed, _REFINE_CHARS) + 1):
            cut_end = trimmed - cut_start
            if cut_end > _REFINE_CHARS:
                continue
            a, b = start + cut_start, end - cut_end
            if b - a >= 4 and text[a:b].lower() in wanted and not text[a:b].isspace():
                best = (a, b)
                break
        if best is not None:
            break
    if best is None:
        return start, end
    a, b = best
    for _ in range(_REFINE_CHARS):
        if a > 0 and not text[a - 1].isspace() and text[a - 1 : b].lower() in wanted:
            a -= 1
    for _ in range(_REFINE_CHARS):
        if b < len(text) and not text[b].isspace() and text[a : b + 1].lower() in wanted:
            b += 1
    return a, b
