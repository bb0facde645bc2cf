"""Reading CDX answers: plain text, JSON arrays and pywb's JSON lines, tolerantly.

Every line that is not a well-formed capture record (a resume key, a blank separator, a line
with too few fields or a bad timestamp) is skipped, never fatal. Records become waybackpy
:class:`~waybackpy.cdx_snapshot.CDXSnapshot` objects, which parse the timestamp.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from waybackpy.cdx_snapshot import CDXSnapshot

FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
"""The CDX server's default field order."""
_PYWB_NAMES = {"url": "original", "mime": "mimetype", "status": "statuscode"}
_TIMESTAMP = re.compile(r"\d{14}")
_SUCCESS = re.compile(r"2\d\d")


class NotCdx(ValueError):
    """The answer is not CDX at all (an HTML error page served with status 200)."""


def parse_cdx(text: str) -> list[CDXSnapshot]:
    """Every well-formed capture record in a CDX answer, in order, duplicates dropped.

    Raises :class:`NotCdx` when the answer has content but not one record and looks like
    HTML, so that callers can treat it as a broken service rather than "no captures".
    """
    stripped = text.strip()
    if stripped.startswith("["):
        rows = _json_rows(stripped)
    elif stripped.startswith("{"):
        rows = _json_lines(stripped)
    else:
        rows = (line.split() for line in stripped.splitlines())
    records = [r for r in map(_record, _unique(rows)) if r is not None]
    if not records and stripped.startswith("<"):
        raise NotCdx("the CDX server answered with an HTML page")
    return records


def is_successful(record: CDXSnapshot) -> bool:
    """Whether the capture recorded a 2xx answer (``-`` and redirects are not successes)."""
    return bool(_SUCCESS.fullmatch(record.statuscode))


def nearest_before(records: Iterable[CDXSnapshot], timestamp: str) -> CDXSnapshot | None:
    """The successful capture at or before ``timestamp`` that is latest."""
    candidates = [r for r in records if is_successful(r) and r.timestamp <= timestamp]
    return max(candidates, key=lambda r: r.timestamp, default=None)


def nearest_after(records: Iterable[CDXSnapshot], timestamp: str) -> CDXSnapshot | None:
    """The successful capture at or after ``timestamp`` that is earliest."""
    candidates = [r for r in records if is_successful(r) and r.timestamp >= timestamp]
    return min(candidates, key=lambda r: r.timestamp, default=None)


def _json_rows(text: str) -> Iterator[list[str]]:
    """``output=json``: a header row, then records; then ``[]`` and a resume-key row."""
    try:
        data = json.loads(text)
    except ValueError:
        return
    if not isinstance(data, list) or not data:
        return
    header = data[0]
    if not (isinstance(header, list) and "timestamp" in header):
        header, body = list(FIELDS), data
    else:
        body = data[1:]
    names = [_PYWB_NAMES.get(str(name), str(name)) for name in header]
    for row in body:
        if isinstance(row, list) and len(row) == len(names):
            yield _ordered(dict(zip(names, row, strict=True)))


def _json_lines(text: str) -> Iterator[list[str]]:
    """pywb's ``output=json``: one JSON object a line, with its own field names."""
    for line in text.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict):
            yield _ordered({_PYWB_NAMES.get(str(k), str(k)): v for k, v in item.items()})


def _ordered(fields: dict[str, Any]) -> list[str]:
    return [str(fields.get(name, "-")) for name in FIELDS]


def _record(row: list[str]) -> CDXSnapshot | None:
    if len(row) != len(FIELDS) or not _TIMESTAMP.fullmatch(row[1]):
        return None
    try:
        return CDXSnapshot(dict(zip(FIELDS, row, strict=True)))
    except ValueError:  # a 14-digit string that is not a date (month 13 ...)
        return None


def _unique(rows: Iterable[list[str]]) -> list[list[str]]:
    """Rows in order, each only once (the CDX server repeats lines across its indexes)."""
    seen: set[tuple[str, ...]] = set()
    unique = []
    for row in rows:
        key = tuple(row)
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique
