"""The installed version of citecheck, for the User-Agent and ``--version``."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("citecheck")
except metadata.PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.1.0"
