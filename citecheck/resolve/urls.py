"""URL rewriting before a check: remapping (as lychee has it), exclusion, and small helpers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit, urlunsplit

from citecheck.errors import ConfigError


class Remapper:
    """Applies ``(regex, replacement)`` pairs in order, and tells which URLs are ignored."""

    def __init__(self, remaps: Sequence[tuple[str, str]], ignore: Sequence[str]) -> None:
        self._remaps = tuple((_compile(pattern, "--remap"), repl) for pattern, repl in remaps)
        self._ignore = tuple(_compile(pattern, "ignore") for pattern in ignore)
        self.remap("")  # compiles every replacement template, so a bad one fails before the run

    def remap(self, url: str) -> str:
        """``url`` after every remap rule (``re.sub`` semantics, ``\\1`` or ``\\g<1>``)."""
        for pattern, replacement in self._remaps:
            try:
                url = pattern.sub(replacement, url)
            except (re.error, IndexError) as exc:
                raise ConfigError(
                    f"remap {pattern.pattern!r} -> {replacement!r} is invalid: {exc}"
                ) from exc
        return url

    def ignored_by(self, *urls: str) -> str | None:
        """The first ignore pattern matching any of ``urls``, or ``None``."""
        for pattern in self._ignore:
            if any(pattern.search(url) for url in urls):
                return pattern.pattern
        return None


def _compile(pattern: str, what: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"{what} pattern {pattern!r} is not a valid regex: {exc}") from exc


def without_fragment(url: str) -> str:
    """``url`` without its ``#fragment``, which is never sent to the server."""
    return url.split("#", 1)[0]


def is_site_root(url: str) -> bool:
    """Whether ``url`` is a site's home page (``/``, empty or ``/index.*``) with no query."""
    parts = urlsplit(url)
    return not parts.query and re.fullmatch(r"/?(index\.\w+)?", parts.path) is not None


def parent_path(url: str) -> str:
    """The path of the folder holding ``url`` (``/a/b/c`` → ``/a/b/``, ``/a/b/`` → ``/a/``)."""
    path = urlsplit(url).path or "/"
    trimmed = path[:-1] if path.endswith("/") and path != "/" else path
    return trimmed[: trimmed.rfind("/") + 1] or "/"


def origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url``, lowercased."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "", "", ""))
