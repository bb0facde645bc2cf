"""Choosing a reader by content first (magic bytes, HTML sniffing), then by file extension."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from citecheck.documents._decode import SUPPORTED, bom_encoding
from citecheck.errors import InputError

FORMATS = ("text", "markdown", "html", "docx", "pdf")
"""The formats a reader exists for."""

_EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".pdf": "pdf",
    ".docx": "docx",
}
_HTML_TAGS = (
    "html|head|body|div|p|ol|ul|li|section|article|main|h[1-6]|table|span|a|sup|meta|title|"
    "header|nav|footer|aside|blockquote|br|cite|em|strong|b|i"
)
_HTML_START = re.compile(
    rf"\A(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<(?:{_HTML_TAGS})[\s>/])",
    re.IGNORECASE | re.DOTALL,
)
_MARKDOWN_LINK = re.compile(
    r"\]\((?:https?|ftp)://|^ {0,3}\[[^\]^\n]+\]:[ \t]*<?(?:https?|ftp)://|^ {0,3}\[\^[^\]\n]+\]:",
    re.MULTILINE,
)
_PDF_MAGIC_WINDOW = 1024
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_format(data: bytes, name: str) -> str:
    """Name the reader for ``data``: content decides, then the extension, else ``text``.

    Raises :class:`InputError` for formats recognised but not supported (legacy Word ``.doc``,
    ZIP archives that are not Word documents, RTF).
    """
    by_content = _binary_format(data, name)
    if by_content is not None:
        return by_content
    extension = _EXTENSIONS.get(PurePath(name).suffix.lower()) if name != "-" else None
    if extension == "markdown":
        # Markdown may open with raw HTML; the extension is the author's word.
        return "markdown"
    head = _text_head(data)
    if _HTML_START.match(head.lstrip()):
        return "html"
    if extension in ("html", "text"):
        return extension
    if _MARKDOWN_LINK.search(head):
        return "markdown"
    return "text"


def _binary_format(data: bytes, name: str) -> str | None:
    if _is_pdf(data):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if _is_docx(data) or (_is_damaged_zip(data) and _looks_like_docx(data, name)):
            # A damaged Word file goes to the DOCX reader, which says it is damaged.
            return "docx"
        raise InputError(f"{name}: a ZIP archive that is not a Word (.docx) document; {SUPPORTED}")
    if data.startswith(_OLE2_MAGIC):
        raise InputError(
            f"{name}: a legacy Word .doc (OLE2) file; save it as .docx first; {SUPPORTED}"
        )
    if data.lstrip()[:5] == b"{\\rtf":
        raise InputError(f"{name}: an RTF document; save it as .docx first; {SUPPORTED}")
    return None


def _is_pdf(data: bytes) -> bool:
    """A PDF header at the start, or after binary junk within the first KB (readers accept
    that); never a text file that merely mentions ``%PDF-``."""
    at = data.find(b"%PDF-", 0, _PDF_MAGIC_WINDOW)
    if at < 0:
        return False
    prefix = data[:at]
    return not prefix.strip() or any(byte < 9 or 13 < byte < 32 for byte in prefix)


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _is_damaged_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)):
            return False
    except (zipfile.BadZipFile, OSError, ValueError):
        return True


def _looks_like_docx(data: bytes, name: str) -> bool:
    return PurePath(name).suffix.lower() == ".docx" or b"word/" in data[:65_536]


def _text_head(data: bytes) -> str:
    """The first 64 KB as text, good enough to sniff (never raises)."""
    head = data[:65_536]
    encoding = bom_encoding(head) or "utf-8"
    return head.decode(encoding, errors="replace").lstrip("\ufeff")
