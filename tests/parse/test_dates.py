from __future__ import annotations

import pytest

from citecheck.parse.dates import parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("28 Jan. 2025", "2025-01-28"),
        ("January 31, 2025", "2025-01-31"),
        ("(2015, Aug 6)", "2015-08-06"),
        ("May 2024", "2024-05"),
        ("(2011a).", "2011"),
        ("2025-01-28T10:00:00Z", "2025-01-28"),
        ("[accessed 5 February 2016]", "2016-02-05"),
        ("31 janvier 2025", "2025-01-31"),
        ("28. Januar 2025", "2025-01-28"),
        ("2010 Mar 12;45(3)", "2010-03-12"),
        ("Sept. 2019", "2019-09"),
        ("pp. 1761–1800", None),
        ("31 February 2020", "2020-02"),
        ("no date", None),
        ("[Accessed: 03-Mar-2020]", "2020-03-03"),
        ("3-Sept-2019", "2019-09-03"),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso
