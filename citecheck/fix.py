"""Writing an article back with a corrected source list.

Only the source list changes: repaired URLs (with their scheme), a stray label that a PDF put
before an entry's URL, and an archive link after a dead or drifted source, written in the
entry's own citation style. Everything outside the source list stays byte for byte, and a
second run changes nothing.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from citecheck.archives.playback import cites_capture
from citecheck.documents import (
    UrlReplacement,
    bom_encoding,
    decode_text,
    normalize_with_offsets,
    read_bytes,
    read_input,
    require_text,
    rewrite_docx,
)
from citecheck.errors import InputError
from citecheck.model import ArchiveStatus, LinkStatus, Report, Source, SourceReport, Span
from citecheck.options import CheckOptions
from citecheck.parse import parse_document
from citecheck.pipeline import Checker

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.",
               "Nov.", "Dec.")  # fmt: skip
"""Months as MLA abbreviates them: May, June and July in full, September as "Sept."."""
_LABEL_BEFORE = re.compile(r"(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)])[ \t]+$")


@dataclass(frozen=True)
class Edit:
    """One change to the document text."""

    span: Span
    """What to replace, in the parsed document's text."""
    replacement: str
    """The new text."""
    reason: str
    """Why, in words (shown with ``--verbose`` and in the library)."""


def plan_edits(report: Report) -> list[Edit]:
    """Every edit the report justifies, in document order, none overlapping."""
    text = report.document.text
    cited = frozenset(report.document.markers.cited)
    edits: list[Edit] = []
    reports = report.sources
    for index, source_report in enumerate(reports):
        source = source_report.source
        if source.span is None:
            continue
        following = reports[index + 1].source if index + 1 < len(reports) else None
        edits.extend(_source_edits(text, source_report, following, cited))
    # An insertion sorts before a replacement starting at the same offset: the archive note
    # after an entry and the line break that the next entry's own-line edit puts there both
    # belong, and neither overlaps the other.
    edits.sort(key=lambda e: (e.span.start, e.span.end))
    return _without_overlaps(edits)


def _source_edits(
    text: str, report: SourceReport, following: Source | None, cited: frozenset[int]
) -> list[Edit]:
    source = report.source
    assert source.span is not None
    edits: list[Edit] = _relabel(text, source, cited)
    url_span = _url_span(text, source)
    if url_span is not None and source.url and text[url_span.start : url_span.end] != source.url:
        edits.append(
            Edit(url_span, source.url, f"repaired URL of source {source.number or source.label}")
        )
    if url_span is not None:
        # A complete URL can still sit behind a stray label (APA's "Retrieved ..., from" with
        # the URL on the next line, numbered as if it began the next entry).
        edits.extend(_stray_label(text, source, url_span))
    if following is not None and following.span is not None:
        edits.extend(_own_line(text, source, following))
    archive_text = _archive_note(text, report)
    if archive_text:
        end = source.span.end
        edits.append(
            Edit(Span(end, end), archive_text, f"archived copy for source {source.number}")
        )
    return edits


def _relabel(text: str, source: Source, cited: frozenset[int]) -> list[Edit]:
    """Write the repaired number over a duplicate or mistyped label, but only where no in-text
    marker cites the new number: a marker must keep pointing at the source it pointed at."""
    written = re.search(r"\d+", source.label)
    if source.number is None or written is None or int(written.group()) == source.number:
        return []
    if source.number in cited or source.span is None:
        return []
    line_start = text.rfind("\n", 0, source.span.start) + 1
    at = text.rfind(source.label, line_start, source.span.start)
    if at < 0:
        return []
    new_label = source.label.replace(written.group(), str(source.number), 1)
    span = Span(at, at + len(source.label))
    return [Edit(span, new_label, f"label {source.label!r} renumbered {source.number}")]


def _url_span(text: str, source: Source) -> Span | None:
    """Where the URL as written sits in the document."""
    if not source.url_as_written or source.span is None:
        return None
    pattern = r"\s+".join(re.escape(piece) for piece in source.url_as_written.split())
    match = re.compile(pattern).search(text, source.span.start, source.span.end)
    if match is None:
        return None
    return Span(match.start(), match.end())


def _stray_label(text: str, source: Source, url_span: Span) -> list[Edit]:
    """The "4." a PDF printed before entry 3's URL, on the URL's own line."""
    line_start = text.rfind("\n", 0, url_span.start) + 1
    if source.span is None or line_start <= source.span.start:
        return []
    label = _LABEL_BEFORE.search(text[line_start : url_span.start])
    if label is None:
        return []
    return [
        Edit(
            Span(line_start + label.start(), url_span.start),
            "",
            "removed a stray label before a URL",
        )
    ]


def _own_line(text: str, source: Source, following: Source) -> list[Edit]:
    """Put an entry that ran on after the previous one's URL back on its own line."""
    assert source.span is not None and following.span is not None
    if not following.label:
        return []
    label_start = text.rfind(following.label, source.span.end, following.span.start)
    if label_start < 0:
        return []
    gap_start = source.span.end
    while gap_start < label_start and text[gap_start] in ".,;":
        gap_start += 1
    gap = text[gap_start:label_start]
    if not gap or "\n" in gap or gap.strip(" \t"):
        return []
    return [
        Edit(Span(gap_start, label_start), "\n", f"entry {following.number} moved to its own line")
    ]


def _archive_note(text: str, report: SourceReport) -> str:
    """``Archived at <url>, <date>.`` in the entry's style, for dead or drifted sources."""
    archive, link, source = report.archive, report.link, report.source
    if archive is None or archive.status is not ArchiveStatus.FOUND or archive.snapshot is None:
        return ""
    if not (report.drifted or (link is not None and link.status is LinkStatus.DEAD)):
        return ""
    entry = text[source.span.start : source.span.end] if source.span else source.raw
    if archive.snapshot.url in entry or cites_capture(entry):
        return ""
    url = archive.snapshot.url
    date = _styled_date(source, archive.snapshot.captured)
    if _style(source) == "apa":
        note = f"Archived {date}, at {url}"
    elif _style(source) == "mla":
        note = f"Archived at {url}, {date}"
    else:
        note = f"Archived at {url} ({date})"
    separator = "" if entry.rstrip().endswith((".", ",")) else "."
    return f"{separator} {note}."


def _styled_date(source: Source, moment: datetime) -> str:
    """A capture date written as the entry's style writes dates (month names never follow the
    process's locale)."""
    style = _style(source)
    if style == "apa":
        return f"{_MONTHS[moment.month - 1]} {moment.day}, {moment:%Y}"
    if style == "mla":
        return f"{moment.day} {_MLA_MONTHS[moment.month - 1]} {moment:%Y}"
    return f"{moment:%Y-%m-%d}"


def _style(source: Source) -> str:
    if re.search(r"\((?:1[5-9]|20)\d\d", source.raw[:200]):
        return "apa"
    if "“" in source.raw or '"' in source.raw:
        return "mla"
    return "other"


def _without_overlaps(edits: list[Edit]) -> list[Edit]:
    kept: list[Edit] = []
    for edit in edits:
        if kept and edit.span.start < kept[-1].span.end:
            continue
        kept.append(edit)
    return kept


def apply_edits(original: str, edits: Sequence[Edit], to_original: Sequence[int]) -> str:
    """Apply edits planned on the normalised text to the original text.

    ``to_original[i]`` is where offset ``i`` of the normalised text sits in ``original``, so
    line ends and invisible characters outside the edits stay exactly as they were.
    """
    pieces: list[str] = []
    position = 0
    line_end = _line_end(original) if edits else "\n"
    for edit in edits:
        start, end = to_original[edit.span.start], to_original[edit.span.end]
        pieces.append(original[position:start])
        pieces.append(edit.replacement.replace("\n", line_end))
        position = end
    pieces.append(original[position:])
    return "".join(pieces)


def _line_end(original: str) -> str:
    """The original's most common line end: LF, CRLF or CR (classic Mac)."""
    crlf = original.count("\r\n")
    counts = {"\r\n": crlf, "\r": original.count("\r") - crlf, "\n": original.count("\n") - crlf}
    return max(counts, key=lambda end: (counts[end], end == "\n"))


def invert_offsets(from_original: Sequence[int]) -> list[int]:
    """Turn "original offset → normalised offset" into "normalised offset → original offset"."""
    to_original = [0] * (from_original[-1] + 1)
    for original in range(len(from_original) - 1, -1, -1):
        to_original[from_original[original]] = original
    return to_original


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of the change, as ``diff -u`` prints it (``git diff`` names for a
    relative path), marking a last line that has no line end."""
    absolute = os.path.isabs(name)
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=name if absolute else f"a/{name}",
        tofile=name if absolute else f"b/{name}",
    )
    return "".join(
        line if line.endswith(("\n", "\r")) else f"{line}\n\\ No newline at end of file\n"
        for line in lines
    )


@dataclass(frozen=True)
class FixResult:
    """A corrected article and what changed."""

    content: bytes
    """The corrected file, in the input's own encoding (a DOCX for a DOCX input; the corrected
    source list as UTF-8 text for a PDF, which is never rewritten)."""
    diff: str
    """A unified diff of the text that changed (empty when nothing did)."""
    edits: tuple[Edit, ...]
    """The edits applied."""
    report: Report
    """The check (or, offline, the parse) the edits are based on."""


def fix_file(path: str, options: CheckOptions) -> FixResult:
    """Check ``path`` (or only parse it, with ``options.offline``) and correct its source list."""
    data = read_input(path)
    document = require_text(read_bytes(data, name=path))
    parsed = parse_document(document)
    with Checker(options) as checker:
        report = checker.check(parsed)
    edits = tuple(plan_edits(report))
    if document.format in ("text", "markdown"):
        return _fix_text(data, path, report, edits)
    if document.format == "docx":
        return _fix_docx(data, path, report, edits)
    if document.format == "pdf":
        return _fix_pdf(report, edits)
    raise InputError(f"{path}: fix writes text, Markdown and DOCX articles, not {document.format}")


def _fix_text(data: bytes, path: str, report: Report, edits: Sequence[Edit]) -> FixResult:
    original, encoding, prefix = _decoded(data, path)
    normalised, from_original = normalize_with_offsets(original)
    if normalised != report.document.text:
        raise InputError(f"{path}: the text changed while it was being read; try again")
    fixed = apply_edits(original, edits, invert_offsets(from_original))
    content = prefix + fixed.encode(encoding, errors="strict")
    return FixResult(content, unified_diff(original, fixed, path), tuple(edits), report)


def _decoded(data: bytes, path: str) -> tuple[str, str, bytes]:
    """The text as decoded for reading, the encoding to write it back in, and its BOM."""
    text, findings = decode_text(data, name=path)
    bom = bom_encoding(data)
    if bom is not None:
        length = 4 if bom.startswith("utf-32") else 3 if bom == "utf-8" else 2
        return text, bom, data[:length]
    fallback = next(
        (f.evidence.get("encoding") for f in findings if "encoding" in f.evidence), None
    )
    return text, fallback or "utf-8", b""


def _fix_docx(data: bytes, path: str, report: Report, edits: Sequence[Edit]) -> FixResult:
    replacements = []
    for source_report in report.sources:
        source = source_report.source
        archive = _archive_note(report.document.text, source_report)
        snapshot = source_report.archive.snapshot if source_report.archive else None
        changed = source.url and source.url_as_written and source.url != source.url_as_written
        if not changed and not archive:
            continue
        replacements.append(
            UrlReplacement(
                old=source.url_as_written or source.url or "",
                new=source.url or "",
                archive_url=snapshot.url if archive and snapshot else None,
                archive_label=(
                    _styled_date(source, snapshot.captured) if archive and snapshot else None
                ),
            )
        )
    content = rewrite_docx(data, replacements) if replacements else data
    if content != data and _same_parts(data, content):
        content = data  # only the package's own bookkeeping differs: nothing to write
    if content == data:
        return FixResult(data, "", tuple(edits), report)
    # The diff shows what a reader sees change; link targets alone change no visible text.
    after = read_bytes(content, name=path).text
    diff = unified_diff(report.document.text, after, path) or f"~ {path}: link targets corrected\n"
    return FixResult(content, diff, tuple(edits), report)


def _same_parts(before: bytes, after: bytes) -> bool:
    """Whether two DOCX packages hold the same parts with the same bytes."""
    with zipfile.ZipFile(io.BytesIO(before)) as old, zipfile.ZipFile(io.BytesIO(after)) as new:
        if sorted(old.namelist()) != sorted(new.namelist()):
            return False
        return all(old.read(name) == new.read(name) for name in old.namelist())


def _fix_pdf(report: Report, edits: Sequence[Edit]) -> FixResult:
    """PDFs are not rewritten: the corrected source list is written out as text."""
    text = report.document.text
    identity = list(range(len(text) + 1))
    lines = []
    for source_report in report.sources:
        source = source_report.source
        if source.span is None:
            continue
        own = [e for e in edits if source.span.start <= e.span.start <= source.span.end]
        shifted = [
            Edit(
                Span(e.span.start - source.span.start, e.span.end - source.span.start),
                e.replacement,
                e.reason,
            )
            for e in own
            if e.span.end <= source.span.end
        ]
        entry = apply_edits(text[source.span.start : source.span.end], shifted, identity)
        lines.append(f"{source.label} {' '.join(entry.split())}".strip())
    corrected = "\n".join(lines) + "\n"
    return FixResult(corrected.encode("utf-8"), "", tuple(edits), report)
