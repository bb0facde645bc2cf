"""Markdown keeps its text as written and reports the targets of its links."""

from __future__ import annotations

from citecheck.documents import read_bytes
from citecheck.model import TextDocument


def linked(document: TextDocument) -> list[tuple[str, str]]:
    return [
        (document.text[link.span.start : link.span.end], link.target) for link in document.links
    ]


def test_inline_links_point_at_their_visible_text() -> None:
    source = (
        "# Sources\n\n"
        '1. Smith. [A title](https://example.org/a "tip"). 2024.\n'
        "2. Wiki: [Foo (bar)](https://en.wikipedia.org/wiki/Foo_(bar)).\n"
        "3. Angled [page](<https://example.org/with space>).\n"
        "4. Image ![alt](https://img.example.org/x.png) and relative [x](../local.md).\n"
    )
    document = read_bytes(source.encode(), name="a.md")
    assert document.format == "markdown"
    assert document.text == source
    assert linked(document) == [
        ("A title", "https://example.org/a"),
        ("Foo (bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("page", "https://example.org/with space"),
    ]


def test_reference_definitions_and_uses() -> None:
    source = (
        "Prices fell [sharply][ibd] and [CNBC][] reported it, see [ft].\n\n"
        '[ibd]: https://www.investors.com/a/ "IBD"\n'
        "[CNBC]: <https://www.cnbc.com/b.html>\n"
        "[ft]: https://www.ft.com/content/c\n"
        "[^1]: A footnote, not a link definition.\n"
    )
    document = read_bytes(source.encode(), name="a.md")
    assert linked(document) == [
        ("sharply", "https://www.investors.com/a/"),
        ("CNBC", "https://www.cnbc.com/b.html"),
        ("ft", "https://www.ft.com/content/c"),
        ("https://www.investors.com/a/", "https://www.investors.com/a/"),
        ("https://www.cnbc.com/b.html", "https://www.cnbc.com/b.html"),
        ("https://www.ft.com/content/c", "https://www.ft.com/content/c"),
    ]


def test_autolinks_and_code_is_ignored() -> None:
    source = (
        "See <https://example.org/auto>.\n"
        "`[not](https://example.org/code)`\n"
        "```\n[also not](https://example.org/fenced)\n```\n"
    )
    document = read_bytes(source.encode(), name="a.md")
    assert linked(document) == [("https://example.org/auto", "https://example.org/auto")]


def test_spans_index_the_normalised_text() -> None:
    source = "Soft\u00adhyphen\r\n[x\u00a0y](https://example.org/z)\r\n"
    document = read_bytes(source.encode(), name="a.md")
    assert document.text == "Softhyphen\n[x y](https://example.org/z)\n"
    assert linked(document) == [("x y", "https://example.org/z")]


def test_url_text_that_disagrees_with_its_target_is_a_finding() -> None:
    source = "[www.example.org/old](https://example.org/new)\n"
    document = read_bytes(source.encode(), name="a.md")
    assert [finding.code for finding in document.findings] == ["link-text-mismatch"]
    assert document.findings[0].evidence == {
        "visible": "www.example.org/old",
        "target": "https://example.org/new",
    }


def test_hostile_brackets_and_parentheses_stay_linear() -> None:
    import time

    started = time.perf_counter()
    for data in (
        b"[" * 1_000_000 + b"](" * 100_000,
        b"[a](http://x.org/" + b"(" * 500_000,
        b"[x]: http://a.org/\n" + b"[x]" * 300_000,
    ):
        read_bytes(data, name="a.md")
    # A correctness bound, not a benchmark: quadratic behaviour would take minutes.
    assert time.perf_counter() - started < 30
