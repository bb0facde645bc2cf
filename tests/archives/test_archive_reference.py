"""The reference time a capture should be nearest to."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from citecheck.archives import reference_time
from citecheck.model import Source

NOW = datetime(2026, 11, 29, 13, 0, 0, tzinfo=UTC)


def cited(accessed: str | None = None, published: str | None = None) -> Source:
    return Source(
        number=1,
        label="1.",
        raw="x",
        url="https://example.com/",
        accessed=accessed,
        published=published,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-01-28", datetime(2025, 1, 28, 23, 59, 59, tzinfo=UTC)),
        ("2025-02", datetime(2025, 2, 28, 23, 59, 59, tzinfo=UTC)),
        ("2024-02", datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC)),
        ("2025", datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ("2025-01-28T10:30:00+02:00", datetime(2025, 1, 28, 8, 30, 0, tzinfo=UTC)),
        ("2025-01-28T10:30:00Z", datetime(2025, 1, 28, 10, 30, 0, tzinfo=UTC)),
    ],
)
def test_a_date_stands_for_the_end_of_the_period_it_names(value: str, expected: datetime) -> None:
    assert reference_time(cited(accessed=value), now=NOW) == expected


def test_the_access_date_comes_before_the_publication_date() -> None:
    source = cited(accessed="2025-01-31", published="2025-01-30")
    assert reference_time(source, now=NOW) == datetime(2025, 1, 31, 23, 59, 59, tzinfo=UTC)


def test_the_publication_date_comes_before_now() -> None:
    source = cited(published="2024-05-08")
    assert reference_time(source, now=NOW) == datetime(2024, 5, 8, 23, 59, 59, tzinfo=UTC)


def test_unreadable_dates_fall_through() -> None:
    assert reference_time(cited(accessed="2025-13-40", published="someday"), now=NOW) == NOW
    assert reference_time(
        cited(accessed="2025-02-30", published="2025-02-03"), now=NOW
    ) == datetime(2025, 2, 3, 23, 59, 59, tzinfo=UTC)


def test_without_dates_it_is_now() -> None:
    assert reference_time(cited(), now=NOW) == NOW
    moment = reference_time(cited())
    assert moment.tzinfo is not None
    assert abs((moment - datetime.now(UTC)).total_seconds()) < 60
