"""Parse stage: an article's text → a :class:`~citecheck.model.Document` with its source list."""

from __future__ import annotations

from citecheck.parse._parser import parse, parse_document, parse_reference
from citecheck.parse.dates import parse_date

__all__ = ["parse", "parse_date", "parse_document", "parse_reference"]
