"""Reading inputs into text: plain text, Markdown, HTML, DOCX and PDF, with link targets.

Every reader returns a :class:`citecheck.model.TextDocument`: the text with ``\\n`` line ends
(soft hyphens and zero-width characters removed, no-break spaces made plain) and a
:class:`~citecheck.model.LinkTarget` for every hyperlink whose visible text sits in it. The
parser prefers those exact targets to the URL as printed.

>>> from citecheck.documents import read_bytes
>>> read_bytes(b'<ol><li><a href="https://example.org/a">example.org/a</a></li></ol>').text
'1. example.org/a'
"""

from __future__ import annotations

from citecheck.documents._decode import bom_encoding, decode_text
from citecheck.documents._detect import FORMATS, detect_format
from citecheck.documents._read import (
    MAX_INPUT_BYTES,
    DocumentReader,
    read_bytes,
    read_input,
    read_path,
    register_reader,
    require_text,
)
from citecheck.documents._text import normalize_with_offsets
from citecheck.documents.docx_writer import UrlReplacement, rewrite_docx

__all__ = [
    "FORMATS",
    "MAX_INPUT_BYTES",
    "DocumentReader",
    "UrlReplacement",
    "bom_encoding",
    "decode_text",
    "detect_format",
    "normalize_with_offsets",
    "read_bytes",
    "read_input",
    "read_path",
    "register_reader",
    "require_text",
    "rewrite_docx",
]
