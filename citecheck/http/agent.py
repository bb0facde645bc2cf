"""The one User-Agent citecheck identifies itself with."""

from __future__ import annotations

from citecheck._version import __version__

PROJECT_URL = "https://github.com/citecheck/citecheck"


def default_user_agent() -> str:
    """``citecheck/<version> (+<project url>)``."""
    return f"citecheck/{__version__} (+{PROJECT_URL})"


def user_agent(override: str | None = None) -> str:
    """The User-Agent for a run: ``override`` when given, else :func:`default_user_agent`."""
    return override or default_user_agent()
