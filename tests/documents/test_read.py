"""Reading paths and standard input: bad input is one clear InputError line, never a traceback."""

from __future__ import annotations

import io
import os
import sys
import threading
from pathlib import Path

import pytest

from citecheck.documents import MAX_INPUT_BYTES, read_bytes, read_path
from citecheck.errors import CitecheckError, InputError

from .builders import seed_docx, seed_pdf


def refused(path: str | Path) -> str:
    with pytest.raises(InputError) as caught:
        read_path(path)
    message = str(caught.value)
    assert "\n" not in message
    assert isinstance(caught.value, CitecheckError)
    return message


def test_reads_each_format_from_a_path(tmp_path: Path) -> None:
    cases = {
        "a.txt": (b"Sources\n1. One.\n", "text"),
        "a.md": (b"# Sources\n1. [x](https://e.org/x)\n", "markdown"),
        "a.html": (b"<ol><li>One</li></ol>", "html"),
        "a.docx": (seed_docx(), "docx"),
        "a.pdf": (seed_pdf(), "pdf"),
    }
    for name, (data, format) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        document = read_path(path)
        assert (document.format, document.name) == (format, str(path))


def test_stdin_is_read_as_bytes_and_detected(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO("\ufeffSources\r\n1. Café.\r\n".encode("utf-8-sig")))
    monkeypatch.setattr(sys, "stdin", fake)
    document = read_path("-")
    assert (document.text, document.format, document.name) == ("Sources\n1. Café.\n", "text", "-")


def test_stdin_pdf_is_detected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(seed_pdf())))
    assert read_path("-").format == "pdf"


def test_empty_bytes_are_empty_text() -> None:
    document = read_bytes(b"", name="empty.txt")
    assert (document.text, document.links, document.findings) == ("", (), ())


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b" \n\t\n"])
def test_an_empty_file_is_an_input_error(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert refused(path) == f"{path}: is empty; there is no text to check"


def test_missing_path(tmp_path: Path) -> None:
    assert refused(tmp_path / "nope.txt") == f"{tmp_path / 'nope.txt'}: no such file"


def test_directory(tmp_path: Path) -> None:
    assert refused(tmp_path) == f"{tmp_path}: is a directory, not a file"


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "article.bin"
    path.write_bytes(bytes(range(256)) * 16)
    assert refused(path) == (
        f"{path}: looks like a binary file (NUL bytes); "
        "citecheck reads text, Markdown, HTML, DOCX and PDF"
    )


def test_50_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(50 * 2**20)  # sparse: 50 MiB of NUL bytes, no disk used
    message = refused(path)
    assert "52,428,800 bytes" in message
    assert f"limit is {MAX_INPUT_BYTES:,} bytes" in message


def test_text_file_just_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes(b"a" * (MAX_INPUT_BYTES + 1))
    assert "too large" in refused(path)
    at_limit = tmp_path / "ok.txt"
    at_limit.write_bytes(b"word " * (MAX_INPUT_BYTES // 5))
    assert len(read_path(at_limit).text) == MAX_INPUT_BYTES


def test_pipe_larger_than_the_limit_is_cut_off(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    written: list[int] = []

    def feed() -> None:
        try:
            with fifo.open("wb") as stream:
                chunk = b"x" * 2**20
                for _ in range(MAX_INPUT_BYTES // len(chunk) + 5):
                    written.append(stream.write(chunk))
        except BrokenPipeError:
            pass  # the reader stopped at the limit, as it should

    writer = threading.Thread(target=feed)
    writer.start()
    message = refused(fifo)
    writer.join(timeout=10)
    assert "too large" in message and "more than that" in message


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    if os.geteuid() != 0:
        assert refused(path) == f"{path}: permission denied"
        return
    # Root reads any file: drop the effective user to "nobody" for the read, then restore.
    tmp_path.chmod(0o755)
    os.seteuid(65534)
    try:
        message = refused(path)
    finally:
        os.seteuid(0)
    assert message == f"{path}: permission denied"


def test_invalid_utf8_garbage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 8)
    assert "not valid UTF-8" in refused(path)


def test_explicit_format_overrides_detection_and_unknown_formats_are_refused() -> None:
    assert read_bytes(b"<p>x</p>", format="text").text == "<p>x</p>"
    with pytest.raises(InputError, match="unknown input format 'rtf'"):
        read_bytes(b"x", format="rtf")


def test_read_bytes_refuses_oversized_data() -> None:
    with pytest.raises(InputError, match="too large"):
        read_bytes(b"a" * (MAX_INPUT_BYTES + 1))
