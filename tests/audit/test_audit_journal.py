"""The audit's journal: what survives an interruption at any byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citecheck.audit import Journal, JournalError


def _line(article: str, index: int) -> str:
    return json.dumps({"input": article, "index": index, "verdict": "ok"})


def test_lines_beyond_the_index_and_a_torn_tail_are_recovered(tmp_path: Path) -> None:
    results = tmp_path / "r.jsonl"
    with Journal(results, "catalogue") as journal:
        journal.write([("a.txt", 0, _line("a.txt", 0))])
    # A run killed after writing a line, before indexing it, in the middle of the next one.
    with results.open("ab") as handle:
        handle.write(_line("a.txt", 1).encode() + b"\n" + _line("a.txt", 2).encode()[:9])
    with Journal(results, "catalogue") as journal:
        assert journal.done_indexes("a.txt") == {0, 1} and journal.resumed == 2
        journal.write([("a.txt", 2, _line("a.txt", 2))])
    assert [json.loads(x)["index"] for x in results.read_text().splitlines()] == [0, 1, 2]


def test_a_key_lost_between_write_and_index_is_found_again(tmp_path: Path) -> None:
    results = tmp_path / "r.jsonl"
    journal = Journal(results, "catalogue")
    journal.write([("a.txt", 0, _line("a.txt", 0))])
    journal._file.write(_line("a.txt", 1).encode() + b"\n")  # interrupted before its key
    journal.close()
    with Journal(results, "catalogue") as again:
        assert again.done_indexes("a.txt") == {0, 1}


def test_another_catalogue_or_a_stranger_file_is_refused(tmp_path: Path) -> None:
    results = tmp_path / "r.jsonl"
    Journal(results, "one").close()
    with pytest.raises(JournalError, match="not of two"):
        Journal(results, "two")
    stranger = tmp_path / "other.jsonl"
    stranger.write_text("{}\n", encoding="utf-8")
    with pytest.raises(JournalError, match="--restart"):
        Journal(stranger, "one")
