"""Inputs built to trip quadratic behaviour finish (the timeout only guards against a hang;
speed itself is measured in benchmarks/parse_speed.py)."""

from __future__ import annotations

import pytest

import citecheck

HOSTILE = {
    "url-line": "Sources\n1. " + "http://a/" * 20_000 + "\n",
    "url-wrapped-on-every-line": "Sources\n1. http://a.org" + "\n/b" * 50_000 + "\n",
    "open-parens": "Sources\n1. " + "(" * 50_000 + "\n",
    "quotes": "Sources\n1. " + '"' * 50_000 + "\n",
    "initials": "Sources\n1. " + "A. " * 50_000 + "\n",
    "name-list": "Sources\n1. " + "Word, " * 30_000 + "\n",
    "markers": "Text [1" * 50_000 + "\nSources\n1. x\n",
    "run-on-labels": "Sources\n" + " ".join(f"{n}. Doe, J. Title {n}." for n in range(1, 3000)),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_parses(name: str) -> None:
    document = citecheck.parse(HOSTILE[name], format="text")
    assert document.source_list is not None
