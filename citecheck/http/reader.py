"""The one body reader: capped after decompression, and bounded in total time.

A hostile or broken server can send a small compressed body that inflates to gigabytes, or drip
one byte at a time so that no single read times out. :func:`read_capped` stops at ``cap``
decompressed bytes, and a timer breaks off the transfer once ``budget`` seconds have passed
(closing alone does not wake a blocked read; shutting the socket down does).
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests
import urllib3

_CHUNK = 65_536


@dataclass(frozen=True)
class Body:
    """What was read of a response body."""

    data: bytes
    """The decompressed bytes, at most the cap."""
    truncated: bool
    """Whether the body was cut short: by the cap, the time budget or broken compression."""
    timed_out: bool = False
    """Whether the time budget cut it short."""


def read_capped(response: requests.Response, cap: int, budget: float) -> Body:
    """Read at most ``cap`` decompressed bytes of ``response`` within ``budget`` seconds.

    Broken compression ends the body where it broke (truncated); a connection that breaks off
    raises what urllib3 raises (a :class:`urllib3.exceptions.ProtocolError` or an
    :class:`OSError`).
    """
    consumed = getattr(response, "_content", False)
    if isinstance(consumed, bytes):  # a session subclass already read it all
        return Body(consumed[:cap], truncated=len(consumed) > cap)
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        _abort(response)

    alarm = _WATCHDOG.set(max(budget, 0.05), expire)
    chunks: list[bytes] = []
    size = 0
    try:
        while size <= cap:
            chunk = response.raw.read(min(_CHUNK, cap + 1 - size), decode_content=True)
            if not chunk:
                return Body(b"".join(chunks), truncated=False)
            chunks.append(chunk)
            size += len(chunk)
    except urllib3.exceptions.DecodeError:
        return Body(b"".join(chunks)[:cap], truncated=True)
    except Exception:  # a stream broken off by the timer raises many different types
        if expired.is_set():
            return Body(b"".join(chunks)[:cap], truncated=True, timed_out=True)
        raise
    finally:
        _WATCHDOG.cancel(alarm)
    return Body(b"".join(chunks)[:cap], truncated=True)


def _abort(response: requests.Response) -> None:
    """Break off a transfer from another thread."""
    for sock in _sockets(response):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(Exception):
        response.close()


def _sockets(response: requests.Response) -> list[socket.socket]:
    """The socket under a streamed response: on the connection, or (once http.client handed
    it over, as it does when the server will close) inside the response's file object."""
    raw = response.raw
    socket_file = getattr(getattr(getattr(raw, "_fp", None), "fp", None), "raw", None)
    candidates = [
        getattr(getattr(raw, "connection", None), "sock", None),
        getattr(socket_file, "_sock", None),
    ]
    return [c for c in candidates if isinstance(c, socket.socket)]


class _Watchdog:
    """One daemon thread that runs the callbacks of alarms not cancelled in time.

    A thread per read (``threading.Timer``) would cost a thread start per request; reads are
    many and almost always finish in time, so one thread keeps a heap of deadlines instead.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int]] = []
        self._callbacks: dict[int, Callable[[], None]] = {}
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None

    def set(self, seconds: float, callback: Callable[[], None]) -> int:
        """Run ``callback`` in ``seconds`` unless :meth:`cancel` is called first."""
        with self._cond:
            alarm = next(self._ids)
            self._callbacks[alarm] = callback
            heapq.heappush(self._heap, (time.monotonic() + seconds, alarm))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="citecheck-read-watchdog", daemon=True
                )
                self._thread.start()
            self._cond.notify()
            return alarm

    def cancel(self, alarm: int) -> None:
        """Forget ``alarm`` (its callback will not run, unless it already has)."""
        with self._cond:
            self._callbacks.pop(alarm, None)
            if len(self._heap) > 1024 and len(self._heap) > 4 * len(self._callbacks):
                # Cancelled alarms wait in the heap for their deadline; drop them in one go.
                self._heap = [entry for entry in self._heap if entry[1] in self._callbacks]
                heapq.heapify(self._heap)

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._heap and self._heap[0][1] not in self._callbacks:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                due, alarm = self._heap[0]
                remaining = due - time.monotonic()
                if remaining > 0:
                    self._cond.wait(remaining)
                    continue
                heapq.heappop(self._heap)
                callback = self._callbacks.pop(alarm)
            with contextlib.suppress(Exception):
                callback()


_WATCHDOG = _Watchdog()
