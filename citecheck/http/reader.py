"""The one body reader: capped after decompression, and bounded in total time.

A hostile or broken server can send a small compressed body that inflates to gigabytes, or drip
one byte at a time so that no single read times out. :func:`read_capped` stops at ``cap``
decompressed bytes, and a timer breaks off the transfer once ``budget`` seconds have passed
(closing alone does not wake a blocked read; shutting the socket down does).
"""

from __future__ import annotations

import contextlib
import socket
import threading
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
    if isinstance(consumed, bytes):  # a session (requests-cache) already read it all
        return Body(consumed[:cap], truncated=len(consumed) > cap)
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        _abort(response)

    timer = threading.Timer(max(budget, 0.05), expire)
    timer.daemon = True
    timer.start()
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
        timer.cancel()
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
