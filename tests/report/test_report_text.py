"""The terminal report: 80 columns, colour only when asked, evidence, offline sources."""

from __future__ import annotations

import re

import pytest
from report_samples import HOSTILE, all_samples, checked_report, odd_report, offline_report
from rich.cells import cell_len

from citecheck.report import render

ANSI = re.compile(r"\x1b\[")


@pytest.mark.parametrize("width", [80, 100, 120])
@pytest.mark.parametrize("include_checks", [True, False], ids=["check", "parse"])
@pytest.mark.parametrize("shape", sorted(all_samples()))
def test_every_line_fits_the_width_without_colour(
    shape: str, include_checks: bool, width: int
) -> None:
    text = render(all_samples()[shape], "text", width=width, include_checks=include_checks)
    assert text.endswith("\n")
    assert not ANSI.search(text)
    too_long = [line for line in text.splitlines() if cell_len(line) > width]
    assert not too_long


def test_colour_uses_ansi_and_the_same_words() -> None:
    coloured = render([checked_report()], "text", color=True, width=80)
    plain = render([checked_report()], "text", color=False, width=80)
    assert ANSI.search(coloured)
    assert "\x1b[31m" in coloured or "\x1b[1;31m" in coloured  # errors in red
    stripped = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert stripped == plain


def test_table_row_per_source_with_statuses() -> None:
    text = render([checked_report()], "text", width=100)
    rows = [line for line in text.splitlines() if re.match(r"^\s*[1-5]\s{2,}\S", line)]
    assert [row.split()[0] for row in rows] == ["1", "2", "3", "4", "5"]
    assert "alive" in rows[0] and "✓ 100" in rows[0] and rows[0].rstrip().endswith("ok")
    assert "redirected" in rows[1] and "✓ upd" in rows[1]
    assert "dead" in rows[2] and "found" in rows[2]
    assert "blocked" in rows[3] and "error" in rows[3]
    assert "✗ 31" in rows[4] and rows[4].rstrip().endswith("error")


def test_findings_are_grouped_by_severity_with_evidence() -> None:
    text = render([checked_report()], "text", width=200)
    lines = text.splitlines()
    errors, warnings, notes = (lines.index(h) for h in ("Errors", "Warnings", "Notes"))
    assert errors < warnings < notes
    error_part = "\n".join(lines[errors:warnings])
    # URL as written → repaired, status, title found vs cited, date found vs cited, archive URL
    assert "url: www.businessinsider.com/trump-taiwan" in error_part
    assert "→ https://www.businessinsider.com/trump-taiwan" in error_part
    assert "link: dead (HTTP 404)" in error_part
    assert "found “Something else entirely” on the live copy (score 31)" in error_part
    assert "date: ✗ cited 2025-01 · found 2024-12-01" in error_part
    assert "archive: https://web.archive.org/web/20250131100000/" in error_part
    assert "(captured 2025-01-31 10:00 UTC)" in error_part
    warning_part = "\n".join(lines[warnings:notes])
    assert "numbering-repaired" in warning_part  # document finding
    assert (
        "redirects: 301 http://www.semiconductors.org/old/ → 308 "
        "https://www.semiconductors.org/old/ → https://www.semiconductors.org/new-home/"
    ) in warning_part
    assert "url-split-repaired" in "\n".join(lines[notes:])


def test_summary_is_the_last_line() -> None:
    last = render([checked_report()], "text", width=100).splitlines()[-1]
    assert last == "5 sources: 1 ok, 3 warning, 1 error · findings: 2 error, 3 warning, 2 info"


def test_several_inputs_end_with_a_combined_summary() -> None:
    text = render([checked_report(), offline_report()], "text", width=100)
    assert "citecheck article.txt" in text and "citecheck notes.md" in text
    assert text.splitlines()[-1].startswith("2 inputs, 7 sources: 2 ok, 3 warning, 2 error")


def test_offline_sources_show_unchecked() -> None:
    text = render([offline_report()], "text", width=80)
    row = next(line for line in text.splitlines() if line.lstrip().startswith("2 "))
    assert row.split()[-5:] == ["unchecked", "–", "–", "–", "error"]
    assert "link: unchecked (the live check did not run)" in text


def test_hostile_text_is_printed_literally() -> None:
    text = render([odd_report()], "text", width=300)
    assert HOSTILE in text  # rich markup such as [link] is not interpreted
    assert "\x00" not in text and "\x07" not in text
    assert "(empty entry)" in text and "[#2]" in text


def test_parse_mode_shows_urls_not_checks() -> None:
    text = render([checked_report()], "text", width=200, include_checks=False)
    header = next(line for line in text.splitlines() if "Source" in line)
    assert "URL" in header and "Link" not in header
    assert "https://www.ft.com/content/a0dfedd1" in text
    assert "link: " not in text


def test_summary_stays_on_one_line_at_80_columns() -> None:
    text = render([checked_report(), offline_report(), odd_report()], "text", width=80)
    assert text.splitlines()[-1] == "3 inputs, 10 sources: 2 ok, 5 warning, 3 error"
    assert not text.splitlines()[-2].strip()
    wide = render([checked_report(), offline_report(), odd_report()], "text", width=120)
    assert wide.splitlines()[-1].endswith("· findings: 4 error, 5 warning, 4 info")
