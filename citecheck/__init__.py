"""citecheck: verify the sources an article cites.

    >>> import citecheck
    >>> document = citecheck.parse(open("article.txt").read())
    >>> report = citecheck.check(document, citecheck.CheckOptions(offline=True))

The stages live in sub-packages named after them: ``documents`` (reading inputs), ``parse``,
``resolve`` (live link checks), ``archives``, ``match`` and ``report``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from citecheck._version import __version__
from citecheck.errors import (
    BlockedAddressError,
    CitecheckError,
    ConfigError,
    InputError,
    NetworkError,
)
from citecheck.match import match
from citecheck.model import (
    ArchiveResult,
    ArchiveStatus,
    Document,
    Finding,
    LinkReason,
    LinkResult,
    LinkStatus,
    Markers,
    Match,
    Report,
    Severity,
    Snapshot,
    Source,
    SourceReport,
    Verdict,
)
from citecheck.options import ArchiveMode, CheckOptions, HostSettings
from citecheck.parse import parse, parse_reference

if TYPE_CHECKING:
    from citecheck.pipeline import Checker, check, check_file, check_paths

# The pipeline pulls in every stage's dependencies (PDF, Word, HTTP cache, archives); it is
# loaded on first use so that `citecheck --version` or a parse-only script starts quickly.
_FROM_PIPELINE = frozenset({"Checker", "check", "check_file", "check_paths"})


def __getattr__(name: str) -> Any:
    if name in _FROM_PIPELINE:
        from citecheck import pipeline

        value = getattr(pipeline, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'citecheck' has no attribute {name!r}")


__all__ = [
    "ArchiveMode",
    "ArchiveResult",
    "ArchiveStatus",
    "BlockedAddressError",
    "CheckOptions",
    "Checker",
    "CitecheckError",
    "ConfigError",
    "Document",
    "Finding",
    "HostSettings",
    "InputError",
    "LinkReason",
    "LinkResult",
    "LinkStatus",
    "Markers",
    "Match",
    "NetworkError",
    "Report",
    "Severity",
    "Snapshot",
    "Source",
    "SourceReport",
    "Verdict",
    "__version__",
    "check",
    "check_file",
    "check_paths",
    "match",
    "parse",
    "parse_reference",
]
