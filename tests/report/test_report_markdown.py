"""The Markdown report: summary, table, findings; user text can never become syntax."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt
from report_samples import all_samples, checked_report, odd_report, offline_report

from citecheck.report import render
from citecheck.report.markdown import escape, link


def _to_html(markdown: str) -> str:
    # CommonMark with raw HTML allowed, plus GFM tables: raw HTML would pass straight through.
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def _table_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("| ")]


def _cells(row: str) -> list[str]:
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a | b", r"a \| b"),
        ("*bold* _it_", r"\*bold\* \_it\_"),
        ("<script>", r"\<script\>"),
        ("[x](y)", r"\[x\](y)"),
        ("`code`", r"\`code\`"),
        ("AT&T ~strike~ $x$", r"AT\&T \~strike\~ \$x\$"),
        ("back\\slash", r"back\\slash"),
        ("two\nlines", "two lines"),
        ("@octocat", "@\u2060octocat"),
        ("see #12", "see \\#\u206012"),
        ("Investor's Business Daily: 2025-01-28.", "Investor's Business Daily: 2025-01-28."),
    ],
)
def test_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_link_only_for_web_urls() -> None:
    assert link("t", "javascript:alert(1)") == "t"
    assert link("t", "https://e.org/a b>c") == "[t](<https://e.org/a%20b%3Ec>)"
    assert link("a|b", "https://e.org/(x)") == r"[a\|b](<https://e.org/(x)>)"


def test_summary_table_and_findings() -> None:
    markdown = render([checked_report()], "markdown")
    lines = markdown.splitlines()
    assert lines[0] == "### citecheck: article.txt"
    assert lines[2] == "5 sources: 1 ok, 3 warning, 1 error · findings: 2 error, 3 warning, 2 info"
    rows = _table_rows(markdown)
    assert len(rows) == 1 + 5  # header + one row per source
    assert all(len(_cells(row)) == 7 for row in rows)
    assert _cells(rows[3])[4].strip() == "✓ 100"
    assert "[found](<https://web.archive.org/web/20250131100000/" in rows[3]
    assert markdown.index("**Errors**") < markdown.index("**Warnings**")
    assert "<details><summary>Notes</summary>" in markdown
    html = _to_html(markdown)
    assert html.count("<tr>") == 6
    assert '<a href="https://www.ft.com/content/a0dfedd1-5255-4fa9-8ccc-1fe01de87ea6">' in html


def test_hostile_text_stays_text() -> None:
    markdown = render([odd_report()], "markdown")
    rows = _table_rows(markdown)
    assert all(len(_cells(row)) == 7 for row in rows)  # the | in the title did not add a cell
    html = _to_html(markdown)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html).__repr__()
    assert "<em>" not in html and "<strong>bold" not in html
    assert "@octocat" not in markdown  # no GitHub mention
    assert "\x00" not in markdown and "\x1b" not in markdown


@pytest.mark.parametrize("shape", sorted(all_samples()))
def test_every_shape_renders_to_html_with_matching_tables(shape: str) -> None:
    reports = all_samples()[shape]
    markdown = render(reports, "markdown")
    html = _to_html(markdown)
    sources = sum(len(report.sources) for report in reports)
    assert html.count("<tr>") == sources + sum(1 for report in reports if report.sources)
    assert "<script" not in html


def test_parse_mode_table() -> None:
    markdown = render([offline_report()], "markdown", include_checks=False)
    rows = _table_rows(markdown)
    assert _cells(rows[0]) == [" # ", " Source ", " Published ", " URL ", " Verdict "]
    assert "[https://example.org/a](<https://example.org/a>)" in rows[1]


def test_several_inputs() -> None:
    markdown = render([checked_report(), offline_report()], "markdown")
    assert markdown.startswith("### citecheck\n\n2 inputs, 7 sources: 2 ok, 3 warning, 2 error")
    assert "#### citecheck: article.txt" in markdown and "#### citecheck: notes.md" in markdown
