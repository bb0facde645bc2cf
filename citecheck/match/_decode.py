"""Turn a response body into text: the one page decoder (:mod:`citecheck.http.page`).

The matcher and the soft-404 rules read pages through the same decoder, so they agree on the
characters of a page.
"""

from __future__ import annotations

from citecheck.http.page import MAX_HTML_BYTES
from citecheck.http.page import decode_markup as decode_html

__all__ = ["MAX_HTML_BYTES", "decode_html"]
