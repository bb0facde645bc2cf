"""Planning and applying source-list edits, on reports built by hand (no network)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

import citecheck
from citecheck.documents import normalize_with_offsets
from citecheck.fix import apply_edits, fix_file, invert_offsets, plan_edits
from citecheck.model import (
    ArchiveResult,
    ArchiveStatus,
    LinkResult,
    LinkStatus,
    Report,
    Snapshot,
    SourceReport,
)
from citecheck.pipeline import offline_report

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "article.txt"
SNAPSHOT = Snapshot(
    url="https://web.archive.org/web/20250131093512/https://www.cnbc.com/x.html",
    original="https://www.cnbc.com/x.html",
    captured=datetime(2025, 1, 31, 9, 35, 12, tzinfo=UTC),
)


def _dead_with_capture(report: Report, index: int) -> Report:
    sources = list(report.sources)
    source = sources[index].source
    sources[index] = SourceReport(
        source,
        LinkResult(LinkStatus.DEAD, url=source.url or "", http_status=404),
        ArchiveResult(ArchiveStatus.FOUND, snapshot=SNAPSHOT),
    )
    return replace(report, sources=tuple(sources))


def _apply(report: Report) -> str:
    text = report.document.text
    return apply_edits(text, plan_edits(report), list(range(len(text) + 1)))


def test_offline_edits_repair_urls_and_the_stray_label() -> None:
    report = offline_report(citecheck.parse(ARTICLE.read_text(encoding="utf-8")))
    fixed = _apply(report)
    body_end = report.document.source_list.start if report.document.source_list else 0
    assert fixed[:body_end] == report.document.text[:body_end]
    assert "stock-broadcom-astera-deepseek/." in fixed
    assert "\nhttps://www.businessinsider.com/trump-taiwan" in fixed
    assert "deepseek-2025-1.\n4. Field" in fixed
    assert "\n4. www." not in fixed
    again = offline_report(citecheck.parse(fixed))
    assert plan_edits(again) == []


def test_mla_entry_gets_an_archive_note_once() -> None:
    report = _dead_with_capture(offline_report(citecheck.parse(ARTICLE.read_text("utf-8"))), 3)
    fixed = _apply(report)
    assert f"Accessed 31 Jan. 2025. Archived at {SNAPSHOT.url}, 31 Jan. 2025." in fixed
    again = _dead_with_capture(offline_report(citecheck.parse(fixed)), 3)
    assert plan_edits(again) == []


def test_apa_entry_gets_an_apa_archive_note() -> None:
    text = (
        "Caching matters [1].\n\nReferences\n"
        "1. Nottingham, M. (2022, June 6). Caching best practices. Web Performance Notes. "
        "https://example.org/notes/caching\n"
    )
    report = _dead_with_capture(offline_report(citecheck.parse(text)), 0)
    assert _apply(report).endswith(
        f"notes/caching. Archived January 31, 2025, at {SNAPSHOT.url}.\n"
    )


def test_alive_sources_get_no_archive_note() -> None:
    report = offline_report(citecheck.parse(ARTICLE.read_text(encoding="utf-8")))
    sources = list(report.sources)
    sources[0] = replace(
        sources[0],
        link=LinkResult(LinkStatus.ALIVE, url="x", http_status=200),
        archive=ArchiveResult(ArchiveStatus.FOUND, snapshot=SNAPSHOT),
    )
    assert "Archived" not in _apply(replace(report, sources=tuple(sources)))


def test_offsets_map_edits_back_onto_crlf_text() -> None:
    original = "a\r\nb\u00adc\r\n"
    normalised, from_original = normalize_with_offsets(original)
    assert normalised == "a\nbc\n"
    to_original = invert_offsets(from_original)
    assert original[to_original[2] : to_original[4]] == "b\u00adc"
    assert to_original[-1] == len(original)


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_fix_file_keeps_line_ends_and_the_final_newline(tmp_path: Path, line_end: str) -> None:
    text = ARTICLE.read_text(encoding="utf-8").replace("\n", line_end)
    article = tmp_path / "article.txt"
    article.write_bytes(text.encode("utf-8"))
    result = fix_file(str(article), citecheck.CheckOptions(offline=True))
    fixed = result.content.decode("utf-8")
    source_list = fixed.index("Sources")
    assert fixed[:source_list] == text[:source_list]
    assert fixed.count("\r\n") == (fixed.count("\n") if line_end == "\r\n" else 0)
    assert fixed.endswith("87ea6.")
    assert "-broadcom-astera" in result.diff


@pytest.mark.parametrize(("body", "relabelled"), [("[1] and [2]", True), ("[1] and [3]", False)])
def test_a_duplicate_label_is_renumbered_only_when_no_marker_cites_the_new_number(
    body: str, relabelled: bool
) -> None:
    text = f"Claims {body}.\n\nSources\n" + "".join(
        f"{label} Doe, J. “Story {n}.” Site, 2020, https://example.com/{n}.\n"
        for n, label in enumerate(["1.", "2.", "2.", "4."], start=1)
    )
    fixed = _apply(offline_report(citecheck.parse(text)))
    assert ("\n3. Doe, J. “Story 3.”" in fixed) is relabelled
    assert fixed.startswith(f"Claims {body}.")
