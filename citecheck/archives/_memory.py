"""What a backend's lookups answered, remembered for the process (found or not)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from citecheck.model import Snapshot

_MEMORY_TTL = 30 * 86_400.0
_MEMORY_ENTRIES = 4096


@dataclass
class _Entry:
    snapshot: Snapshot | None
    stored: float


class LookupMemory:
    """In-process answers to ``nearest`` (found or not), kept for a month, thread-safe: a URL
    cited twice in a run (or in two documents of one run) is looked up once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str], _Entry] = {}

    def get(self, url: str, timestamp: str) -> tuple[bool, Snapshot | None]:
        with self._lock:
            entry = self._entries.get((url, timestamp))
            if entry is None or time.monotonic() - entry.stored > _MEMORY_TTL:
                return False, None
            return True, entry.snapshot

    def forget(self, url: str) -> None:
        with self._lock:
            for key in [key for key in self._entries if key[0] == url]:
                del self._entries[key]

    def put(self, url: str, timestamp: str, snapshot: Snapshot | None) -> None:
        with self._lock:
            if len(self._entries) >= _MEMORY_ENTRIES:
                self._entries.pop(next(iter(self._entries)))
            self._entries[(url, timestamp)] = _Entry(snapshot, time.monotonic())
