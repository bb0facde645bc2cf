"""Bad input: one clear line on stderr, "citecheck: error: ...", exit code 2, never a traceback."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ARTICLE, cli

Setup = Callable[[Path], list[str]]
"""Builds the bad input under a temporary folder and returns the arguments that use it."""


def _binary(folder: Path) -> list[str]:
    path = folder / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    return [str(path)]


def _huge(folder: Path) -> list[str]:
    path = folder / "huge.txt"
    with path.open("wb") as handle:  # sparse: 50 MB that take no room on disk
        handle.truncate(50 * 1024 * 1024)
    return [str(path)]


def _huge_text(folder: Path) -> list[str]:
    path = folder / "huge.md"
    with path.open("wb") as handle:
        handle.write(b'Sources\n1. A. "Title." Site, 2024, https://example.org/a\n')
        handle.seek(50 * 1024 * 1024 - 2)
        handle.write(b"x\n")
    return [str(path)]


def _empty_directory(folder: Path) -> list[str]:
    path = folder / "drafts"
    path.mkdir()
    (path / "notes.json").write_text("{}", encoding="utf-8")
    (path / "sub").mkdir()
    return [str(path)]


def _missing(folder: Path) -> list[str]:
    return [str(folder / "no-such-article.txt")]


def _missing_with_a_line_break(folder: Path) -> list[str]:
    return [str(folder / "two\nlines.txt")]


def _undecodable(folder: Path) -> list[str]:
    # Invalid UTF-8, and bytes cp1252 leaves undefined (0x81, 0x8d, 0x8f, 0x90, 0x9d).
    path = folder / "mangled.txt"
    path.write_bytes(b"Caf\xe9 \x81\x8d\x8f\x90\x9d \x81\x81\n\nSources\n1. A. Title. 2024.\n" * 20)
    return [str(path)]


def _output_in_missing_folder(folder: Path) -> list[str]:
    return [str(ARTICLE), "--offline", "-o", str(folder / "missing" / "report.txt")]


def _output_under_a_file(folder: Path) -> list[str]:
    blocker = folder / "file"
    blocker.write_text("x", encoding="utf-8")
    return [str(ARTICLE), "--offline", "--format", "json", "-o", str(blocker / "report.json")]


def _output_is_a_directory(folder: Path) -> list[str]:
    return [str(ARTICLE), "--offline", "--output", str(folder)]


def _output_is_the_input(folder: Path) -> list[str]:
    article = folder / "article.txt"
    article.write_bytes(ARTICLE.read_bytes())
    return [str(article), "--offline", "-o", str(folder / "." / "article.txt")]


def _remap_without_replacement(_folder: Path) -> list[str]:
    return [str(ARTICLE), "--remap", "^https://example.org/"]


def _remap_bad_regex(_folder: Path) -> list[str]:
    return [str(ARTICLE), "--remap", "^https://(example.org/ http://127.0.0.1/"]


def _remap_bad_group(_folder: Path) -> list[str]:
    return [str(ARTICLE), "--remap", r"^https://(example)\.org/ http://127.0.0.1/\2/"]


def _config(text: str, name: str = "citecheck.toml") -> Setup:
    def setup(folder: Path) -> list[str]:
        (folder / name).write_text(text, encoding="utf-8")
        article = folder / "article.txt"
        article.write_bytes(ARTICLE.read_bytes())
        return [str(article), "--offline"]

    return setup


def _explicit_missing_config(folder: Path) -> list[str]:
    return [str(ARTICLE), "--offline", "--config", str(folder / "nowhere.toml")]


def _unknown_format(_folder: Path) -> list[str]:
    return [str(ARTICLE), "--offline", "--format", "pdf"]


def _bad_fail_on(_folder: Path) -> list[str]:
    return [str(ARTICLE), "--offline", "--fail-on", "sometimes"]


def _unknown_option(_folder: Path) -> list[str]:
    return [str(ARTICLE), "--frobnicate"]


def _bad_input_among_good(folder: Path) -> list[str]:
    return [str(ARTICLE), *_binary(folder), "--offline"]


def _archive_services(value: str) -> Setup:
    def setup(folder: Path) -> list[str]:
        return [str(ARTICLE), "--offline", "--archive-services", value]

    return setup


CASES: dict[str, tuple[Setup, str]] = {
    # name: (setup, words the message must contain)
    "binary file": (_binary, "binary"),
    "50 MB file": (_huge, "too large"),
    "50 MB article": (_huge_text, "too large"),
    "directory without articles": (_empty_directory, "no article files"),
    "missing path": (_missing, "no such file"),
    "missing path with a line break": (_missing_with_a_line_break, "two lines.txt"),
    "invalid UTF-8, not cp1252 either": (_undecodable, "UTF-8"),
    "output in a missing folder": (_output_in_missing_folder, "cannot write"),
    "output under a file": (_output_under_a_file, "cannot write"),
    "output is a directory": (_output_is_a_directory, "directory"),
    "output is the input": (_output_is_the_input, "would overwrite it"),
    "remap without replacement": (_remap_without_replacement, "REGEX REPLACEMENT"),
    "remap with a bad regex": (_remap_bad_regex, "regular expression"),
    "remap with a bad group": (_remap_bad_group, "invalid replacement"),
    "config not TOML": (_config("fail-on = \n"), "not valid TOML"),
    "config unknown key": (_config('fail-of = "warning"\n'), "did you mean 'fail-on'"),
    "config bad value": (_config('timeout = "soon"\n'), "timeout"),
    "config bad pyproject": (
        _config("[tool.citecheck]\nper-host = 0\n", "pyproject.toml"),
        "per-host",
    ),
    "config named but missing": (_explicit_missing_config, "not found"),
    "unknown format": (_unknown_format, "pdf"),
    "bad fail-on": (_bad_fail_on, "sometimes"),
    "unknown option": (_unknown_option, "--frobnicate"),
    "unknown archive service": (_archive_services("wayback,archive-it"), "known: wayback"),
    "archive service twice": (_archive_services("wayback,wayback"), "named twice"),
    "no archive service": (_archive_services(" "), "at least one archive"),
    "bad memento url": (lambda _: [str(ARTICLE), "--memento-url", "archive.ph"], "memento_url"),
    "one bad input among good ones": (_bad_input_among_good, "binary"),
}


def _assert_one_line_error(stderr: str, stdout: str, words: str) -> None:
    assert stderr.startswith("citecheck: error: "), stderr
    assert stderr.endswith("\n") and stderr.count("\n") == 1, stderr
    assert words in stderr, stderr
    assert "Traceback" not in stderr
    assert stdout == ""


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_one_line_and_exit_code_2(case: str, tmp_path: Path) -> None:
    setup, words = CASES[case]
    args = setup(tmp_path)
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    before = {path: path.read_bytes() for path in files if path.stat().st_size < 1_000_000}
    result = cli(*args)
    assert result.code == 2, (result.stdout, result.stderr)
    _assert_one_line_error(result.stderr, result.stdout, words)
    for path, content in before.items():  # a refused run changes no file
        assert path.read_bytes() == content, path


@pytest.mark.parametrize(
    "case",
    ["binary file", "50 MB file", "missing path", "invalid UTF-8, not cp1252 either",
     "directory without articles"],
)  # fmt: skip
@pytest.mark.parametrize("command", ["parse", "fix"])
def test_parse_and_fix_refuse_bad_input_alike(case: str, command: str, tmp_path: Path) -> None:
    setup, words = CASES[case]
    path = setup(tmp_path)[0]
    result = cli(command, path, *(["--offline"] if command == "fix" else []))
    assert result.code == 2, (result.stdout, result.stderr)
    if case == "directory without articles":
        words = "directory"  # parse and fix take one file, not a folder
    _assert_one_line_error(result.stderr, result.stdout, words)


def test_binary_standard_input(tmp_path: Path) -> None:
    result = cli("parse", "-", stdin=b"\x00\x01\x02binary\x00" * 100)
    assert result.code == 2
    _assert_one_line_error(result.stderr, result.stdout, "binary")


def test_fix_in_place_refuses_an_output_file_too(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(ARTICLE.read_bytes())
    result = cli("fix", article, "--in-place", "-o", tmp_path / "out.txt", "--offline")
    assert result.code == 2
    _assert_one_line_error(result.stderr, result.stdout, "--in-place")
    assert article.read_bytes() == ARTICLE.read_bytes()


def test_fix_writes_nothing_when_the_output_cannot_be_written(tmp_path: Path) -> None:
    result = cli("fix", ARTICLE, "--offline", "-o", tmp_path / "missing" / "fixed.txt")
    assert result.code == 2
    _assert_one_line_error(result.stderr, result.stdout, "cannot write")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("article.txt", b""),
        ("article.txt", b"\xef\xbb\xbf"),
        ("article.txt", b"\n\n  \t\n"),
        ("article.md", "\ufeff\r\n \r\n".encode("utf-16")),
        ("article.html", b"<html><body>  </body></html>"),
    ],
    ids=["empty", "bom only", "blank lines", "utf-16 blanks", "html without text"],
)
@pytest.mark.parametrize("command", [("--offline",), ("parse",), ("fix", "--offline")])
def test_an_empty_input_is_an_input_error(
    name: str, content: bytes, command: tuple[str, ...], tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = cli(*command, path)
    assert result.code == 2
    _assert_one_line_error(result.stderr, result.stdout, f"{name}: is empty")


def test_an_empty_standard_input_is_an_input_error() -> None:
    result = cli("-", "--offline", stdin=b"")
    assert result.code == 2
    _assert_one_line_error(result.stderr, result.stdout, "-: is empty")


def test_no_source_list_is_a_finding_and_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(b"Just a paragraph with no sources at all.\n")
    result = cli(path, "--offline")
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    assert "no-source-list" in result.stdout
    assert "0 sources" in result.stdout
    parsed = cli("parse", path)
    assert parsed.code == 0 and "no-source-list" in parsed.stdout


def test_no_source_list_fails_only_at_fail_on_warning(tmp_path: Path) -> None:
    path = tmp_path / "prose.txt"
    path.write_bytes(b"Just a paragraph with no sources at all.\n")
    assert cli(path, "--offline", "--fail-on", "warning").code == 1


@pytest.mark.skipif(os.name != "posix", reason="permissions are POSIX here")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_bytes(ARTICLE.read_bytes())
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read anything (root)")
        result = cli(path, "--offline")
        assert result.code == 2
        _assert_one_line_error(result.stderr, result.stdout, "secret.txt")
    finally:
        path.chmod(0o644)
