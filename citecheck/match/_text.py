"""Normalise titles and names so that only wording differences count."""

from __future__ import annotations

import html
import re
import unicodedata

_APOSTROPHES = re.compile(r"['’‘‛`´ʼ]")
_NOT_WORD = re.compile(r"[^\w]+|_")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower-case words without accents, punctuation, entities or typographic variants.

    NFKC folds compatibility forms (full-width letters, ligatures); apostrophes are dropped so
    that "Investor's" and "Investors" agree; every other punctuation mark becomes a space.
    """
    text = html.unescape(html.unescape(text))
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = unicodedata.normalize("NFC", text)
    text = _APOSTROPHES.sub("", text)
    text = _NOT_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def compact(text: str) -> str:
    """:func:`normalise` without spaces, for comparing names with domains."""
    return normalise(text).replace(" ", "")
