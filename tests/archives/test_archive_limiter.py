"""The archive rate limiter: pace, shared 429 pause, thread safety."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest

from citecheck.archives import RateLimitedError, RateLimiter, shared_limiter
from citecheck.errors import ConfigError


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


WALL = datetime(2025, 1, 31, 12, 0, 0, tzinfo=UTC).timestamp()


def paused_limiter(clock: FakeClock) -> RateLimiter:
    return RateLimiter(20, max_wait=30, clock=clock, wall_clock=lambda: WALL)


def test_a_429_pauses_for_at_least_a_minute_and_refuses_waiters_at_once() -> None:
    clock = FakeClock()
    limiter = paused_limiter(clock)
    limiter.acquire()
    resume = limiter.pause_after_429()
    assert resume == datetime(2025, 1, 31, 12, 1, 0, tzinfo=UTC)
    with pytest.raises(RateLimitedError) as raised:
        limiter.acquire()
    assert raised.value.retry_at == resume
    assert str(raised.value) == "rate-limited: archive calls paused until 12:01:00 UTC"
    assert limiter.granted == 1


def test_repeated_429s_double_the_pause_until_a_call_succeeds() -> None:
    clock = FakeClock()
    limiter = paused_limiter(clock)
    limiter.pause_after_429()
    limiter.pause_after_429()  # a second 429 during the same pause does not extend it
    assert limiter.paused_until() == datetime(2025, 1, 31, 12, 1, 0, tzinfo=UTC)
    clock.now += 61
    assert limiter.paused_until() is None
    limiter.pause_after_429()
    assert limiter.paused_until() == datetime(2025, 1, 31, 12, 2, 0, tzinfo=UTC)  # 120 s
    clock.now += 121
    limiter.note_success()
    limiter.pause_after_429()
    assert limiter.paused_until() == datetime(2025, 1, 31, 12, 1, 0, tzinfo=UTC)  # 60 s again


def test_the_pause_never_exceeds_an_hour() -> None:
    clock = FakeClock()
    limiter = paused_limiter(clock)
    for _ in range(12):
        limiter.pause_after_429()
        clock.now += 4000
    limiter.pause_after_429()
    assert limiter.paused_until() == datetime(2025, 1, 31, 13, 0, 0, tzinfo=UTC)


def test_a_caller_may_wait_out_a_short_pause() -> None:
    limiter = RateLimiter(6000, pause=0.2, max_wait=5)
    limiter.pause_after_429()
    limiter.acquire()
    assert limiter.paused_until() is None
    assert limiter.granted == 1


def test_a_caller_waiting_for_its_slot_is_refused_when_a_long_pause_starts() -> None:
    limiter = RateLimiter(1, max_wait=5)  # one call a minute: the second caller waits ~60 s
    limiter.acquire()
    outcome: list[BaseException | None] = []

    def second_caller() -> None:
        try:
            limiter.acquire()
            outcome.append(None)
        except RateLimitedError as error:
            outcome.append(error)

    waiter = threading.Thread(target=second_caller)
    waiter.start()
    time.sleep(0.1)
    limiter.pause_after_429()
    waiter.join(timeout=5)
    assert not waiter.is_alive()
    assert isinstance(outcome[0], RateLimitedError)


def test_calls_are_evenly_spaced_across_threads() -> None:
    interval = 0.02
    limiter = RateLimiter(60 / interval)
    stamps: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(5):
            limiter.acquire()
            with lock:
                stamps.append(time.monotonic())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert limiter.granted == 40 and len(stamps) == 40
    stamps.sort()
    # 40 calls need 39 intervals at least: no burst, however the threads raced
    assert stamps[-1] - stamps[0] >= 39 * interval * 0.8


def test_a_pause_from_any_thread_stops_all_threads() -> None:
    limiter = RateLimiter(600, max_wait=1)  # 0.1 s slots
    refused: list[RateLimitedError] = []
    granted_after_pause: list[float] = []
    paused_at: list[float] = []

    def worker() -> None:
        for _ in range(10):
            try:
                limiter.acquire()
            except RateLimitedError as error:
                refused.append(error)
                return
            if paused_at:
                granted_after_pause.append(time.monotonic())

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.25)
    paused_at.append(time.monotonic())
    limiter.pause_after_429()
    for thread in threads:
        thread.join(timeout=5)
    assert len(refused) == 4
    assert granted_after_pause == [] or max(granted_after_pause) - paused_at[0] < 0.05


def test_rates_must_be_positive() -> None:
    with pytest.raises(ConfigError):
        RateLimiter(0)
    with pytest.raises(ConfigError):
        RateLimiter(20).set_rate(-1)


def test_there_is_one_shared_limiter() -> None:
    first = shared_limiter()
    assert shared_limiter() is first
    rate = first.per_minute
    try:
        assert shared_limiter(10) is first and first.per_minute == 10
    finally:
        first.set_rate(rate)


def test_a_retry_after_longer_than_the_pause_is_honoured() -> None:
    clock = FakeClock()
    limiter = paused_limiter(clock)
    assert limiter.pause_after_429(retry_after=300) == datetime(2025, 1, 31, 12, 5, 0, tzinfo=UTC)
    limiter.pause_after_429(retry_after=600)  # a later, longer Retry-After extends the pause
    assert limiter.paused_until() == datetime(2025, 1, 31, 12, 10, 0, tzinfo=UTC)
    limiter.pause_after_429(retry_after=5)  # a shorter one never shortens it
    assert limiter.paused_until() == datetime(2025, 1, 31, 12, 10, 0, tzinfo=UTC)


def test_a_short_retry_after_keeps_the_minimum_pause() -> None:
    clock = FakeClock()
    limiter = paused_limiter(clock)
    assert limiter.pause_after_429(retry_after=2) == datetime(2025, 1, 31, 12, 1, 0, tzinfo=UTC)
