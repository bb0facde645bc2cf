"""Reading a path, standard input or bytes into a TextDocument, with size and sanity checks."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

from citecheck.documents._detect import FORMATS, detect_format
from citecheck.documents._docx import DocxReader
from citecheck.documents._html import HtmlReader
from citecheck.documents._pdf import PdfDocumentReader
from citecheck.documents._plain import MarkdownReader, PlainTextReader
from citecheck.errors import InputError
from citecheck.model import TextDocument

MAX_INPUT_BYTES = 20 * 1024 * 1024
"""Largest input read (20 MiB): ten times a long book as text, beyond any article as DOCX/PDF.

Larger inputs are refused after reading at most this many bytes plus one.
"""


@runtime_checkable
class DocumentReader(Protocol):
    """Turns the bytes of one input format into a :class:`TextDocument`."""

    format: str
    """The format name it reads (``text``, ``markdown``, ``html``, ``docx``, ``pdf`` ...)."""

    def read(self, data: bytes, name: str) -> TextDocument:
        """Read ``data`` (named ``name`` in messages); raise InputError when it cannot."""
        ...


_READERS: dict[str, DocumentReader] = {
    reader.format: reader
    for reader in (
        PlainTextReader(),
        MarkdownReader(),
        HtmlReader(),
        DocxReader(),
        PdfDocumentReader(),
    )
}


def register_reader(reader: DocumentReader) -> None:
    """Add or replace the reader for ``reader.format`` (chosen with ``format=``)."""
    _READERS[reader.format] = reader


def read_bytes(data: bytes, *, name: str = "-", format: str | None = None) -> TextDocument:
    """Read an input held in memory; ``format`` overrides detection by content and name."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(_too_large(name, f"{len(data):,} bytes"))
    if format is None:
        format = detect_format(data, name)
    reader = _READERS.get(format)
    if reader is None:
        known = ", ".join(sorted(set(FORMATS) | set(_READERS)))
        raise InputError(f"{name}: unknown input format {format!r}; choose one of {known}")
    if not data:
        return TextDocument(text="", format=format, name=name)
    return reader.read(data, name)


def read_path(path: str | Path, *, format: str | None = None) -> TextDocument:
    """Read a file, or standard input when ``path`` is ``"-"``; it must hold some text."""
    return require_text(read_bytes(read_input(path), name=str(path), format=format))


def require_text(document: TextDocument) -> TextDocument:
    """``document``, unless it has no text (empty, only a byte-order mark or blanks, a page
    with no words): an input file like that is an :class:`InputError`, because checking it
    would report success on nothing, which in a pipeline usually means the wrong file."""
    if not document.text.strip():
        raise InputError(f"{document.name}: is empty; there is no text to check")
    return document


def read_input(path: str | Path) -> bytes:
    """The bytes of a file, or of standard input when ``path`` is ``"-"``, size-capped, with
    every failure turned into a one-line :class:`InputError`."""
    name = str(path)
    if name == "-":
        if sys.stdin is None:
            raise InputError("-: there is no standard input to read")
        return _read_capped(sys.stdin.buffer, "-")
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{name}: is a directory, not a file")
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_INPUT_BYTES:
            raise InputError(_too_large(name, f"{info.st_size:,} bytes"))
        with open(path, "rb") as stream:
            data = _read_capped(stream, name)
    except FileNotFoundError as exc:
        raise InputError(f"{name}: no such file") from exc
    except PermissionError as exc:
        raise InputError(f"{name}: permission denied") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a directory, not a file") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    return data


def _read_capped(stream: BinaryIO, name: str) -> bytes:
    """Read at most MAX_INPUT_BYTES + 1 bytes: enough to know a pipe or FIFO is too large."""
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(_too_large(name, "more than that"))
    return data


def _too_large(name: str, size: str) -> str:
    return (
        f"{name}: too large to be an article ({size}); the limit is "
        f"{MAX_INPUT_BYTES:,} bytes ({MAX_INPUT_BYTES // 2**20} MiB)"
    )
