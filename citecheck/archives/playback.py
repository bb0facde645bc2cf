"""The playback shapes of every archive known in this process, for the stages that meet
captures without a backend at hand: the matcher (the original URL inside a playback URL, a
capture without its toolbar) and ``fix`` (does an entry already link a capture?).

Each backend module registers its shape on import (importing any part of
:mod:`citecheck.archives` imports them all), so these helpers know every archive citecheck
can ask, whatever service a run was pointed at.
"""

from __future__ import annotations

import threading
from typing import TypeVar

from citecheck.archives.interface import PlaybackShape

_Shape = TypeVar("_Shape", bound=PlaybackShape)

_lock = threading.Lock()
_shapes: list[PlaybackShape] = []


def register(shape: _Shape) -> _Shape:
    """Make ``shape`` known (once; an equal shape registered again is ignored)."""
    with _lock:
        if shape not in _shapes:
            _shapes.append(shape)
    return shape


def shapes() -> tuple[PlaybackShape, ...]:
    """Every registered shape, in registration order."""
    with _lock:
        return tuple(_shapes)


def original_url(url: str) -> str:
    """The captured URL when ``url`` is a playback URL of a known archive, else ``url``."""
    for shape in shapes():
        original = shape.original(url)
        if original is not None:
            return original
    return url


def without_furniture(html: str) -> str:
    """``html`` without what any known archive's playback inserts into a capture."""
    for shape in shapes():
        html = shape.without_furniture(html)
    return html


def cites_capture(text: str) -> bool:
    """Whether ``text`` already links a capture in any known archive."""
    return any(shape.cites_capture(text) for shape in shapes())


def furniture_xpaths() -> tuple[str, ...]:
    """XPaths of elements any known archive's playback inserts (for a parsed page)."""
    return tuple(path for shape in shapes() if (path := shape.furniture_xpath) is not None)
