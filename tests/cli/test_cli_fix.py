"""``citecheck fix``: where the corrected article goes, and that only the source list changes.

Offline, fix applies the parser's repairs alone (the archive notes need the network: see
tests/e2e), which for the seed's source list are: URLs rejoined and given their scheme, the
stray "4." before entry 3's URL removed, and entry 4 put back on a line of its own.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path
from typing import Any

import pytest

from .conftest import ARTICLE, cli

ORIGINAL = ARTICLE.read_text(encoding="utf-8")
SOURCES_HEADING = "\nSources\n"


def _corrected(original: str) -> str:
    """The fixture with its source list corrected, edit by edit."""
    edits = [
        ("www.investors.com/", "https://www.investors.com/"),
        ("stock-bro adcom-astera", "stock-broadcom-astera"),
        ("www.semiconductors.org/", "https://www.semiconductors.org/"),
        ("manufacturing-capa city-by", "manufacturing-capacity-by"),
        ("\n4. www.businessinsider.com/", "\nhttps://www.businessinsider.com/"),
        ("deepseek-2025-1. 4. Field", "deepseek-2025-1.\n4. Field"),
        ("www.cnbc.com/", "https://www.cnbc.com/"),
        ("valuat ion.html", "valuation.html"),
        ("www.ft.com/", "https://www.ft.com/"),
    ]
    text = original
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


CORRECTED = _corrected(ORIGINAL)


def _body(text: str) -> str:
    return text[: text.index(SOURCES_HEADING) + len(SOURCES_HEADING)]


def test_output_file_gets_the_corrected_article_and_stdout_the_diff(tmp_path: Path) -> None:
    out = tmp_path / "fixed.txt"
    result = cli("fix", ARTICLE, "--offline", "-o", out)
    assert result.code == 0 and result.stderr == ""
    assert out.read_text(encoding="utf-8") == CORRECTED
    assert ARTICLE.read_text(encoding="utf-8") == ORIGINAL  # the input is untouched
    diff = result.stdout
    assert diff.startswith(f"--- {ARTICLE}\n+++ {ARTICLE}\n@@ ")
    assert "-4. www.businessinsider.com/" in diff
    assert "+https://www.businessinsider.com/" in diff
    assert diff.endswith("\\ No newline at end of file\n")
    assert not any(line.startswith(("-Chips", "+Chips")) for line in diff.splitlines())


def test_relative_paths_get_git_style_names_in_the_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "article.txt").write_text(ORIGINAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("fix", "article.txt", "--offline", "-o", "fixed.txt")
    assert result.stdout.startswith("--- a/article.txt\n+++ b/article.txt\n")


def test_in_place_rewrites_the_file(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ORIGINAL, encoding="utf-8")
    result = cli("fix", path, "--in-place", "--offline")
    assert result.code == 0 and result.stderr == ""
    assert path.read_text(encoding="utf-8") == CORRECTED
    assert result.stdout.startswith(f"--- {path}\n")


def test_without_a_destination_the_article_goes_to_stdout_and_the_diff_to_stderr() -> None:
    result = cli("fix", ARTICLE, "--offline")
    assert result.code == 0
    assert result.stdout_bytes == CORRECTED.encode("utf-8")
    assert result.stderr.startswith(f"--- {ARTICLE}\n")


def test_standard_input_to_standard_output() -> None:
    result = cli("fix", "-", "--offline", "--quiet", stdin=ARTICLE.read_bytes())
    assert result.code == 0 and result.stderr == ""
    assert result.stdout_bytes == CORRECTED.encode("utf-8")


def test_in_place_needs_a_file(tmp_path: Path) -> None:
    result = cli("fix", "-", "--in-place", "--offline", stdin=ARTICLE.read_bytes())
    assert result.code == 2
    assert result.stderr.startswith("citecheck: error: ") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("mode", ["stdout", "output", "in-place"])
def test_quiet_prints_no_diff(mode: str, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ORIGINAL, encoding="utf-8")
    extra = {"stdout": [], "output": ["-o", str(tmp_path / "out.txt")], "in-place": ["--in-place"]}
    result = cli("fix", path, "--offline", "--quiet", *extra[mode])
    assert result.code == 0 and result.stderr == ""
    assert result.stdout_bytes == (CORRECTED.encode("utf-8") if mode == "stdout" else b"")


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    assert cli("fix", ARTICLE, "--offline", "-o", first).code == 0
    result = cli("fix", first, "--offline", "-o", second)
    assert result.code == 0
    assert result.stdout == ""  # nothing to show
    assert second.read_bytes() == first.read_bytes()
    in_place = cli("fix", first, "--offline", "--in-place")
    assert in_place.stdout == "" and first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("final", ["\r\n", ""], ids=["final CRLF", "no final newline"])
def test_crlf_line_ends_and_the_final_newline_stay_byte_for_byte(
    final: str, tmp_path: Path
) -> None:
    original = ORIGINAL.replace("\n", "\r\n") + final
    path = tmp_path / "windows.txt"
    path.write_bytes(original.encode("utf-8"))
    result = cli("fix", path, "--offline", "--quiet")
    fixed = result.stdout_bytes
    expected = CORRECTED.replace("\n", "\r\n") + final
    assert fixed == expected.encode("utf-8")
    assert b"\n" not in fixed.replace(b"\r\n", b"")  # no bare LF, not even in new line breaks
    crlf_body = _body(ORIGINAL).replace("\n", "\r\n").encode("utf-8")
    assert fixed.startswith(crlf_body)


def test_lf_file_with_a_final_newline_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "unix.txt"
    path.write_text(ORIGINAL + "\n", encoding="utf-8")
    result = cli("fix", path, "--offline", "--quiet")
    assert result.stdout_bytes == (CORRECTED + "\n").encode("utf-8")


def test_classic_mac_line_ends_stay(tmp_path: Path) -> None:
    path = tmp_path / "mac.txt"
    path.write_bytes(ORIGINAL.replace("\n", "\r").encode("utf-8"))
    result = cli("fix", path, "--offline", "--quiet")
    assert result.stdout_bytes == CORRECTED.replace("\n", "\r").encode("utf-8")


def test_utf8_bom_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ORIGINAL.encode("utf-8"))
    result = cli("fix", path, "--offline", "--quiet")
    assert result.stdout_bytes == b"\xef\xbb\xbf" + CORRECTED.encode("utf-8")


@pytest.mark.parametrize(("bom", "codec"), [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_a_utf16_article_is_written_back_in_utf16(bom: bytes, codec: str, tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(bom + ORIGINAL.replace("\n", "\r\n").encode(codec))
    result = cli("fix", path, "--offline", "--quiet")
    assert result.code == 0, result.stderr
    assert result.stdout_bytes == bom + CORRECTED.replace("\n", "\r\n").encode(codec)


def test_a_cp1252_article_is_written_back_in_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(ORIGINAL.encode("cp1252"))
    result = cli("fix", path, "--offline", "--quiet")
    assert result.code == 0, result.stderr
    assert result.stdout_bytes == CORRECTED.encode("cp1252")


def test_an_article_without_a_source_list_is_written_back_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    content = b"A paragraph.\r\n\r\nAnother one, with no sources.\r\n"
    path.write_bytes(content)
    result = cli("fix", path, "--offline", "-o", tmp_path / "out.txt")
    assert result.code == 0 and result.stdout == ""
    assert (tmp_path / "out.txt").read_bytes() == content


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes and links")
def test_in_place_keeps_the_file_mode_and_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text(ORIGINAL, encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    result = cli("fix", link, "--in-place", "--offline", "--quiet")
    assert result.code == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text(encoding="utf-8") == CORRECTED
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_new_output_file_gets_the_usual_mode(tmp_path: Path) -> None:
    out = tmp_path / "fixed.txt"
    mask = os.umask(0o022)
    try:
        assert cli("fix", ARTICLE, "--offline", "--quiet", "-o", out).code == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_output_to_a_named_pipe_is_written_in_place(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = cli("fix", ARTICLE, "--offline", "--quiet", "-o", pipe)
    reader.join(timeout=10)
    assert result.code == 0, result.stderr
    assert received == [CORRECTED.encode("utf-8")]
    assert pipe.is_fifo()


_APA_LIST = """Councils publish more [1] than they did [2], and libraries adapt [3].

References

{label1} Nguyen, T. (2019). Reading habits of adult learners. J. Adult Learn., 12(3), 45-60.
{label2} Smith, J. (2020). Open data in local government. Retrieved May 4, 2021, from
{stray} {url}
{label3} Patel, R., & Jones, K. (2018). Libraries after the pandemic. Retrieved from https://example.com/libraries
"""


@pytest.mark.parametrize(
    ("labels", "url", "fixed_url"),
    [
        (("1.", "2.", "3.", "3."), "https://example.org/open-data/local", "https://example.org/open-data/local"),
        (("[1]", "[2]", "[3]", "[3]"), "https://example.org/open-data/local", "https://example.org/open-data/local"),
        (("(1)", "(2)", "(3)", "(3)"), "www.example.org/open-data/local", "https://www.example.org/open-data/local"),
    ],
    ids=["dotted", "bracketed", "parenthesised without scheme"],
)  # fmt: skip
def test_an_apa_url_labelled_as_the_next_entry_goes_back_to_its_entry(
    labels: tuple[str, str, str, str], url: str, fixed_url: str, tmp_path: Path
) -> None:
    label1, label2, stray, label3 = labels
    article = tmp_path / "apa.txt"
    article.write_text(
        _APA_LIST.format(label1=label1, label2=label2, stray=stray, url=url, label3=label3),
        encoding="utf-8",
    )
    before = _parse_json(article)
    assert "numbering-repaired" in [f["code"] for f in before["findings"]]

    fixed = tmp_path / "fixed.txt"
    assert cli("fix", article, "--offline", "-o", fixed).code == 0
    text = fixed.read_text(encoding="utf-8")
    assert f"Retrieved May 4, 2021, from\n{fixed_url}\n{label3} Patel" in text
    assert f"{stray} {url}" not in text

    after = _parse_json(fixed)
    assert after["findings"] == []
    assert [s["number"] for s in after["sources"]] == [1, 2, 3]
    assert after["sources"][1]["url"] == fixed_url
    assert after["sources"][2]["url"] == "https://example.com/libraries"
    assert all(not s["findings"] for s in after["sources"])
    # Fixing the fixed file changes nothing.
    again = tmp_path / "again.txt"
    assert cli("fix", fixed, "--offline", "-o", again).code == 0
    assert again.read_text(encoding="utf-8") == text


def _parse_json(path: Path) -> dict[str, Any]:
    result = cli("parse", path, "--format", "json")
    assert result.code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document
