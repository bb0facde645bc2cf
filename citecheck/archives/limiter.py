"""One polite pace for every archive call in the process.

The Wayback Machine answers too many requests with a 429 that carries no ``Retry-After``, and
its firewall blocks, for an hour and then doubling, IPs that keep calling after one. So a 429
stops *all* archive calls for at least a minute, and callers that would have to wait longer
than they may are told at once (:class:`RateLimitedError`) instead of hanging the run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from citecheck.archives.errors import RateLimitedError
from citecheck.errors import ConfigError
from citecheck.http.limits import SERVICE_PACES

DEFAULT_PER_MINUTE = 20.0
"""Archive calls a minute by default (the CDX server tolerates about 30)."""
SAVE_PER_MINUTE = 15.0
"""Save Page Now's documented limit for anonymous callers."""
MIN_PAUSE = 60.0
"""Seconds every archive call stops for after a 429."""
MAX_PAUSE = 3600.0
"""The longest pause repeated 429s can build up to."""
DEFAULT_MAX_WAIT = 30.0
"""Seconds a caller may wait out a pause before it is told to give up."""


_ABANDON_CHECK = 0.2
"""Seconds between asking a waiting caller whether it still wants its turn."""


class RateLimiter:
    """A thread-safe limiter: ``per_minute`` calls, evenly spaced, plus a shared 429 pause.

    Every thread that calls :meth:`acquire` gets the next free slot; slots are
    ``60 / per_minute`` seconds apart. After :meth:`pause_after_429` no slot is granted until
    the pause ends; a caller whose remaining wait exceeds its ``max_wait`` gets
    :class:`RateLimitedError` immediately. Consecutive 429s (with no success between) double
    the pause, up to :data:`MAX_PAUSE`.
    """

    def __init__(
        self,
        per_minute: float = DEFAULT_PER_MINUTE,
        *,
        max_wait: float = DEFAULT_MAX_WAIT,
        pause: float = MIN_PAUSE,
        max_pause: float = MAX_PAUSE,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        if not per_minute > 0:
            raise ConfigError(f"archive rate must be a positive number a minute, not {per_minute}")
        if pause < 0 or max_wait < 0:
            raise ConfigError("archive pause and wait limits must not be negative")
        self._interval = 60.0 / per_minute
        self._per_minute = per_minute
        self._max_wait = max_wait
        self._pause = pause
        self._max_pause = max(max_pause, pause)
        self._clock = clock
        self._wall_clock = wall_clock
        self._cond = threading.Condition()
        self._next_slot = float("-inf")
        self._paused_until = float("-inf")
        self._pause_epoch = 0
        self._strikes = 0
        self._granted = 0

    @property
    def per_minute(self) -> float:
        """Calls allowed a minute."""
        return self._per_minute

    def set_rate(self, per_minute: float) -> None:
        """Change the pace; slots already handed out keep their times."""
        if not per_minute > 0:
            raise ConfigError(f"archive rate must be a positive number a minute, not {per_minute}")
        with self._cond:
            self._per_minute = per_minute
            self._interval = 60.0 / per_minute

    @property
    def max_wait(self) -> float:
        """Seconds a caller waits out a 429 pause before :class:`RateLimitedError`."""
        return self._max_wait

    @property
    def granted(self) -> int:
        """How many calls this limiter has let through."""
        with self._cond:
            return self._granted

    def paused_until(self) -> datetime | None:
        """When the current 429 pause ends (UTC), or ``None`` when calls are not paused."""
        with self._cond:
            now = self._clock()
            if self._paused_until <= now:
                return None
            return self._to_wall(self._paused_until, now)

    def acquire(
        self, max_wait: float | None = None, *, abandon: Callable[[], bool] | None = None
    ) -> None:
        """Block until this caller may make one archive call.

        Raises :class:`RateLimitedError` at once when a 429 pause has longer to run than
        ``max_wait`` (the limiter's own default when ``None``). ``abandon`` is asked while
        waiting; when it says so the wait ends early without a call being granted (the caller
        then gives up, e.g. because the service turned out to be unreachable).
        """
        limit = self._max_wait if max_wait is None else max_wait
        with self._cond:
            while True:
                now = self._clock()
                self._refuse_long_pause(now, limit)
                if self._paused_until > now:
                    self._cond.wait(self._paused_until - now)
                    continue
                slot = max(now, self._next_slot)
                self._next_slot = slot + self._interval
                if abandon is not None and abandon():
                    return
                if self._wait_for(slot, self._pause_epoch, abandon):
                    if abandon is not None and abandon():
                        return
                    self._granted += 1
                    return

    def pause_after_429(self, retry_after: float | None = None) -> datetime:
        """Stop every archive call: at least :data:`MIN_PAUSE`, doubling on repeated 429s,
        and never shorter than the service's ``Retry-After`` (seconds) when it sent one.

        Returns when calls may resume (UTC). Waiting callers wake up and re-check at once.
        """
        with self._cond:
            now = self._clock()
            if self._paused_until <= now:
                length = min(self._max_pause, self._pause * 2**self._strikes)
                self._strikes += 1
                self._pause_until(now + max(length, min(retry_after or 0.0, self._max_pause)))
            elif retry_after and now + min(retry_after, self._max_pause) > self._paused_until:
                self._pause_until(now + min(retry_after, self._max_pause))
            return self._to_wall(self._paused_until, now)

    def _pause_until(self, moment: float) -> None:
        """(Holding the condition.) No slot before ``moment``; waiters re-check at once."""
        self._paused_until = moment
        self._next_slot = moment
        self._pause_epoch += 1
        self._cond.notify_all()

    def note_success(self) -> None:
        """A call got through without a 429: the next 429 starts again from the shortest pause."""
        with self._cond:
            if self._paused_until <= self._clock():
                self._strikes = 0

    def _wait_for(self, slot: float, epoch: int, abandon: Callable[[], bool] | None = None) -> bool:
        """Wait (holding the condition) until ``slot``; ``False`` if a pause voided it."""
        while True:
            if self._pause_epoch != epoch:
                return False
            remaining = slot - self._clock()
            if remaining <= 0 or (abandon is not None and abandon()):
                return True
            self._cond.wait(remaining if abandon is None else min(remaining, _ABANDON_CHECK))

    def _refuse_long_pause(self, now: float, limit: float) -> None:
        if self._paused_until - now > limit:
            raise RateLimitedError(self._to_wall(self._paused_until, now))

    def _to_wall(self, moment: float, now: float) -> datetime:
        return datetime.fromtimestamp(self._wall_clock() + (moment - now), tz=UTC)


WAYBACK = "wayback"
"""The service name the Wayback Machine's lookup and playback pace is registered under."""
WAYBACK_SAVE = "wayback-save"
"""The service name of Save Page Now's pace."""


def shared_limiter(per_minute: float = DEFAULT_PER_MINUTE) -> RateLimiter:
    """The process-wide limiter for archive lookups and playback (created on first use).

    There is only ever one, because two limiters for one archive would double the pace it sees;
    asking for another rate changes the rate of that one limiter.
    """
    return service_limiter(WAYBACK, per_minute)


def shared_save_limiter() -> RateLimiter:
    """The process-wide limiter for Save Page Now (:data:`SAVE_PER_MINUTE`)."""
    return service_limiter(WAYBACK_SAVE, SAVE_PER_MINUTE)


def service_limiter(service: str, per_minute: float) -> RateLimiter:
    """The process-wide pace of archive ``service`` in the HTTP layer's registry (a second
    archive service registers its own name and rate)."""
    limiter = SERVICE_PACES.get(service, lambda: RateLimiter(per_minute), RateLimiter)
    if limiter.per_minute != per_minute:
        limiter.set_rate(per_minute)
    return limiter
