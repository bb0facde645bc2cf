"""Fixtures for the archive tests: a fake Wayback service and fast limiters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from fake_wayback import FakeWayback, running

from citecheck.archives import RateLimiter, WaybackBackend


@pytest.fixture
def wayback() -> Iterator[FakeWayback]:
    """A fake Wayback service on 127.0.0.1 (real sockets, its own thread)."""
    with running() as fake:
        yield fake


@pytest.fixture
def limiter() -> RateLimiter:
    """A limiter fast enough for tests (6000 a minute), with the real 60 s pause."""
    return RateLimiter(6000)


@pytest.fixture
def backend(wayback: FakeWayback, limiter: RateLimiter) -> Iterator[WaybackBackend]:
    """A Wayback backend pointed at the fake, with its own limiters and a short timeout."""
    session = requests.Session()
    yield WaybackBackend(
        base_url=wayback.base_url,
        session=session,
        timeout=2.0,
        limiter=limiter,
        save_limiter=RateLimiter(6000),
        user_agent="citecheck-tests/1.0 (+https://github.com/citecheck/citecheck)",
    )
    session.close()


@pytest.fixture
def vcr_config() -> dict[str, Any]:
    """Cassette settings. Never a record_mode here: it would override ``--record-mode=none``."""
    return {
        "filter_headers": [("User-Agent", "citecheck-tests"), "Cookie", "Authorization"],
        "match_on": ["method", "scheme", "host", "port", "path", "query"],
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    """All cassettes live in tests/archives/cassettes (see its README.md)."""
    return str(Path(__file__).parent / "cassettes")
