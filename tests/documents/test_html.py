"""HTML: reading order, list numbers as shown, footnote sections, link targets."""

from __future__ import annotations

import time

from citecheck.documents import read_bytes
from citecheck.model import TextDocument

from .builders import SEED_SOURCES


def linked(document: TextDocument) -> list[tuple[str, str]]:
    return [
        (document.text[link.span.start : link.span.end], link.target) for link in document.links
    ]


def read_html(markup: str) -> TextDocument:
    return read_bytes(markup.encode(), name="page.html")


def test_blocks_headings_scripts_and_lists() -> None:
    document = read_html(
        "<html><head><title>Ignored</title><style>p {}</style></head><body>"
        "<h1>The headline</h1><p>First <b>bold</b>\n   paragraph.<script>var x = 1;</script></p>"
        "<div>Second</div><ul><li>bullet</li></ul>"
        "<table><tr><th>1</th><td>cell</td></tr></table>"
        "<pre>  kept   as\n  is</pre>line<br>break</body></html>"
    )
    assert document.text == (
        "The headline\nFirst bold paragraph.\nSecond\n- bullet\n1\tcell\n"
        "  kept   as\n  is\nline\nbreak"
    )


def test_ordered_lists_show_the_numbers_a_reader_sees() -> None:
    document = read_html(
        '<ol start="4"><li>four</li><li value="9">nine</li><li>ten</li></ol>'
        '<ol type="a"><li>a</li><li>b</li></ol>'
        "<ol reversed><li>three</li><li>two</li><li>one</li></ol>"
        '<ol type="I" start="3"><li>iii</li></ol>'
    )
    assert document.text == (
        "4. four\n9. nine\n10. ten\na. a\nb. b\n3. three\n2. two\n1. one\nIII. iii"
    )


def test_wikipedia_references_and_markers() -> None:
    document = read_html(
        '<p>Claim.<sup id="cite_ref-1" class="reference"><a href="#cite_note-1">[1]</a></sup> '
        "x<sup>2</sup></p>"
        '<h2>References<span class="mw-editsection">[edit]</span></h2>'
        '<ol class="references"><li id="cite_note-1"><span class="mw-cite-backlink"><b>'
        '<a href="#cite_ref-1">^</a></b></span> <span class="reference-text">'
        '<cite>Smith. <a rel="nofollow" class="external text" '
        'href="https://example.org/a_(b)">"A title"</a>. Retrieved 2025.</cite></span></li></ol>'
    )
    assert document.text == ('Claim.[1] x²\nReferences\n1. Smith. "A title". Retrieved 2025.')
    assert linked(document) == [('"A title"', "https://example.org/a_(b)")]


def test_footnote_section_with_backlinks() -> None:
    document = read_html(
        '<p>Text<a href="#fn1" class="footnote-ref"><sup>1</sup></a>.</p>'
        '<section class="footnotes"><hr><ol><li id="fn1"><p>Note with '
        '<a href="https://example.org/n">https://example.org/n</a>. '
        '<a href="#fnref1" class="footnote-back">↩︎</a></p></li></ol></section>'
    )
    assert document.text == "Text¹.\n1. Note with https://example.org/n."
    assert linked(document) == [("https://example.org/n", "https://example.org/n")]


def test_links_resolve_against_base_and_skip_non_web_targets() -> None:
    document = read_html(
        '<head><base href="https://example.org/dir/"></head><body><p>'
        '<a href="page.html">relative</a> <a href="mailto:a@b.c">mail</a> '
        '<a href="javascript:void(0)">js</a> <a href="#top">top</a> '
        '<a href="  https://example.org/x\n">spaced</a> <a href="//cdn.example.org/y">proto</a>'
        "</p></body>"
    )
    assert linked(document) == [
        ("relative", "https://example.org/dir/page.html"),
        ("spaced", "https://example.org/x"),
        ("proto", "https://cdn.example.org/y"),
    ]


def test_relative_links_without_base_are_ignored() -> None:
    assert read_html('<a href="/local">x</a>').links == ()


def test_seed_list_link_targets_are_exact_and_spans_cover_visible_urls() -> None:
    items = "".join(
        f'<li>{source.before}<a href="{source.target}">{" ".join(source.url_pieces)}</a>'
        f"{source.after}</li>"
        for source in SEED_SOURCES
    )
    document = read_html(f"<h2>Sources</h2><ol>{items}</ol>")
    lines = document.text.split("\n")
    assert lines[0] == "Sources"
    assert [line.split(" ", 1)[0] for line in lines[1:]] == ["1.", "2.", "3.", "4.", "5."]
    assert linked(document) == [
        (" ".join(source.url_pieces), source.target) for source in SEED_SOURCES
    ]


def test_url_text_mismatch_is_a_finding() -> None:
    document = read_html(
        '<a href="https://www.ft.com/content/b">www.ft.com/content/a</a>'
        '<a href="https://www.ft.com/content/c">https://ft.com/content/c/</a>'
    )
    assert [finding.evidence for finding in document.findings] == [
        {"visible": "www.ft.com/content/a", "target": "https://www.ft.com/content/b"}
    ]


def test_meta_charset_is_honoured() -> None:
    markup = '<meta charset="windows-1252"><p>Café – “quoted”</p>'.encode("cp1252")
    assert read_bytes(markup, name="a.html").text == "Café – “quoted”"


def test_hostile_nesting_is_fast_and_keeps_the_text_it_can() -> None:
    started = time.perf_counter()
    deep = read_bytes(b"<p>before</p>" + b"<div>" * 2_000_000 + b"deep", name="a.html")
    elapsed = time.perf_counter() - started
    assert deep.text.startswith("before")
    assert "html-too-deep" in [finding.code for finding in deep.findings]
    # A correctness bound, not a benchmark: minutes would mean quadratic behaviour.
    assert elapsed < 30


def test_blocks_inside_table_cells_keep_the_row_on_one_line() -> None:
    document = read_html(
        "<table><tr><td><p>1.</p></td><td><p>Smith.</p><p>A title.</p></td></tr>"
        "<tr><td>2.</td><td><div>Jones.</div></td></tr></table>"
    )
    assert document.text == "1.\tSmith. A title.\n2.\tJones."


def test_empty_bullets_vanish_but_empty_numbered_items_keep_their_number() -> None:
    document = read_html(
        "<p>Menu</p><ul><li></li><li><img src=x></li><li>Real</li></ul>"
        "<ol><li>one</li><li></li><li>three</li></ol>"
    )
    assert document.text == "Menu\n- Real\n1. one\n2.\n3. three"
