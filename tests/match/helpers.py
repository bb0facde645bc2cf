"""Pages of the tests' own making, built from parts."""

from __future__ import annotations

from pathlib import Path

PAGES = Path(__file__).parent / "pages"


def page(head: str = "", body: str = "", *, lang: str = "en") -> str:
    """A small HTML document with the given head and body markup."""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
        f"<body>{body}</body></html>"
    )


def meta(key: str, content: str, attribute: str = "property") -> str:
    """A ``<meta>`` element."""
    return f'<meta {attribute}="{key}" content="{content}">'


def read_page(name: str) -> bytes:
    """A page stored under tests/match/pages."""
    return (PAGES / name).read_bytes()
