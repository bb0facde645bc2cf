"""The Memento protocol's wire format (RFC 7089) that every archive shares: the
``Memento-Datetime`` header and TimeMaps in link format (RFC 6690)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_LINK = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,<=]+(?:=\s*(?:\"[^\"]*\"|[^;,<]*))?)*)")
_PARAM = re.compile(r";\s*([^=;,\s]+)\s*(?:=\s*(\"[^\"]*\"|[^;,]*))?")


def memento_datetime(headers: Mapping[str, str]) -> datetime | None:
    """The capture time a playback response states in ``Memento-Datetime`` (UTC)."""
    value = next((v for k, v in headers.items() if k.lower() == "memento-datetime"), None)
    return http_date(value) if value is not None else None


def http_date(value: str) -> datetime | None:
    """An HTTP date (``Fri, 31 Jan 2025 02:14:53 GMT``) as an aware UTC datetime."""
    try:
        return parsedate_to_datetime(value.strip()).astimezone(UTC)
    except (TypeError, ValueError, IndexError):
        return None


@dataclass(frozen=True)
class Memento:
    """One capture a TimeMap lists."""

    url: str
    """The memento's URI (its playback URL)."""
    captured: datetime
    """Its ``datetime`` attribute, UTC."""


def links(text: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Every ``<uri>; name="value"; ...`` entry of a link-format document, in order.

    Parameter names are lower-cased and quotes removed; an entry that does not parse ends the
    scan of that stretch only, never the document.
    """
    for match in _LINK.finditer(text):
        params = {
            name.lower(): (value or "").strip().strip('"')
            for name, value in _PARAM.findall(match.group(2))
        }
        yield match.group(1).strip(), params


def timemap_mementos(text: str) -> list[Memento]:
    """The mementos of a TimeMap (every entry whose ``rel`` names ``memento``), oldest first."""
    found: dict[str, Memento] = {}
    for uri, params in links(text):
        if "memento" not in params.get("rel", "").split():
            continue
        captured = http_date(params.get("datetime", ""))
        if captured is not None and uri:
            found.setdefault(uri, Memento(uri, captured))
    return sorted(found.values(), key=lambda m: m.captured)
