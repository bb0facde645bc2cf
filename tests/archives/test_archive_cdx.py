"""Reading CDX answers in every format the CDX servers send."""

from __future__ import annotations

import pytest
import requests
from fake_wayback import Capture, FakeWayback

from citecheck.archives.cdx import NotCdx, nearest_after, nearest_before, parse_cdx

TEXT = """\
com,ex)/ 20250120101010 https://ex.com/ text/html 200 AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH 1402
com,ex)/ 20250120101010 https://ex.com/ text/html 200 AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH 1402
com,ex)/ 20250125000000 https://ex.com/ warc/revisit - AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH -
com,ex)/ 20250126000000 https://ex.com/ text/html 301 IIIIJJJJKKKKLLLLMMMMNNNNOOOOPPPP 512
com,ex)/ 2025013 https://ex.com/ text/html 200 QQQQ 1
com,ex)/ 20251399000000 https://ex.com/ text/html 200 QQQQRRRRSSSSTTTTUUUUVVVVWWWWXXXX 1
this line is not a record
com,ex)/ 20250201080000 https://ex.com/ text/html 200 QQQQRRRRSSSSTTTTUUUUVVVVWWWWXXXX 1500

com%2Cex%29%2F+20250201080000%21
"""

JSON = """[["urlkey","timestamp","original","mimetype","statuscode","digest","length"],
["com,example)/", "20250120101010", "https://example.com/", "text/html", "200", "AAAA", "1402"],
["com,example)/", "20250120101010", "https://example.com/", "text/html", "200", "AAAA", "1402"],
["com,example)/", "20250201080000", "https://example.com/", "text/html", "200", "QQQQ", "-"],
["short", "row"],
[],
["com%2Cexample%29%2F+20250201080000%21"]]"""

PYWB = """\
{"urlkey": "com,example)/", "timestamp": "20250120101010", "url": "https://example.com/", \
"mime": "text/html", "status": "200", "digest": "sha1:AAAA", "length": "1402"}
not json at all
{"urlkey": "com,example)/", "timestamp": "20250201080000", "url": "https://example.com/", \
"mime": "text/html", "status": "404", "digest": "sha1:QQQQ", "length": "900"}
"""


def test_text_output_skips_duplicates_resume_keys_and_malformed_lines() -> None:
    records = parse_cdx(TEXT)
    assert [(r.timestamp, r.statuscode) for r in records] == [
        ("20250120101010", "200"),
        ("20250125000000", "-"),
        ("20250126000000", "301"),
        ("20250201080000", "200"),
    ]
    assert records[0].original == "https://ex.com/"
    assert records[0].datetime_timestamp.year == 2025


def test_json_output_reads_the_header_row_and_ignores_the_resume_key() -> None:
    records = parse_cdx(JSON)
    assert [r.timestamp for r in records] == ["20250120101010", "20250201080000"]
    assert records[1].length == "-"


def test_pywb_json_lines_are_mapped_to_cdx_fields() -> None:
    records = parse_cdx(PYWB)
    assert [(r.original, r.statuscode) for r in records] == [
        ("https://example.com/", "200"),
        ("https://example.com/", "404"),
    ]


def test_empty_answers_mean_no_captures() -> None:
    assert parse_cdx("") == []
    assert parse_cdx("[]") == []
    assert parse_cdx("\n\n") == []


def test_an_html_page_is_not_an_empty_index() -> None:
    with pytest.raises(NotCdx):
        parse_cdx("<html><body>Temporarily Offline</body></html>")


def test_choice_skips_unsuccessful_captures_on_both_sides() -> None:
    records = parse_cdx(TEXT)
    assert nearest_before(records, "20250131235959").timestamp == "20250120101010"  # type: ignore[union-attr]
    assert nearest_after(records, "20250121000000").timestamp == "20250201080000"  # type: ignore[union-attr]
    assert nearest_before(records, "20250101000000") is None
    assert nearest_after(records, "20250301000000") is None


def test_the_fake_cdx_server_speaks_the_real_formats(wayback: FakeWayback) -> None:
    url = "https://example.com/"
    wayback.add(
        url, Capture("20250120101010"), Capture("20250125000000", None), Capture("20250201080000")
    )
    base = f"{wayback.base_url}/cdx/search/cdx"
    text = requests.get(
        base, params={"url": url, "limit": "2", "showResumeKey": "true"}, timeout=5
    ).text
    lines = text.splitlines()
    assert lines[0] == lines[1]  # repeated lines, as the real index returns them
    assert lines[-2] == "" and lines[-1].endswith("%21")  # blank line, then the resume key
    assert len(lines[0].split(" ")) == 7
    assert [r.timestamp for r in parse_cdx(text)] == ["20250120101010"]

    as_json = requests.get(base, params={"url": url, "output": "json"}, timeout=5).json()
    assert as_json[0][1] == "timestamp"
    assert ["-" in row for row in as_json[1:]].count(True) >= 1
    assert {
        r.timestamp
        for r in parse_cdx(
            requests.get(base, params={"url": url, "output": "json"}, timeout=5).text
        )
    } == {"20250120101010", "20250125000000", "20250201080000"}


def test_closest_without_sort_does_not_sort(wayback: FakeWayback) -> None:
    url = "https://example.com/"
    wayback.add(url, Capture("20240101000000"), Capture("20250131000000"))
    base = f"{wayback.base_url}/cdx/search/cdx"
    unsorted = requests.get(
        base, params={"url": url, "closest": "20250131", "limit": "1"}, timeout=5
    ).text
    assert "20240101000000" in unsorted
    nearest = requests.get(
        base, params={"url": url, "closest": "20250131", "sort": "closest", "limit": "1"}, timeout=5
    ).text
    assert "20250131000000" in nearest
