"""TEMPORARY shim until the documents branch lands."""
from __future__ import annotations

from citecheck.model import TextDocument


def read_bytes(data: bytes, *, name: str = "-", format: str | None = None) -> TextDocument:
    text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "").replace("\u00a0", " ")
    return TextDocument(text=text, format=format or "text", name=name)
