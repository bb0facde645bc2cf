"""Read JSON-LD blocks the way pages actually write them: graphs, lists, nesting, broken JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

_MAX_DEPTH = 12
_MAX_ITEMS = 500
# Items that describe something other than the work itself: their "name" is no title.
_NOT_A_WORK = re.compile(
    r"person|organization|organisation|corporation|brand|imageobject|logo|place|postaladdress"
    r"|searchaction|entrypoint|website|wpheader|wpfooter|wpsidebar|sitenavigation|breadcrumb"
    r"|listitem|offer|rating|contactpoint|country|city|audience|propertyvalue|language"
    r"|business|event|store|restaurant",
    re.IGNORECASE,
)
# Items that are the work a citation names; only their "name" can be its title.
_A_WORK = re.compile(
    r"article|posting|page|creativework|report|recipe|howto|book|product|video|podcast|episode"
    r"|review|faq|dataset|software|course|movie|music|thesis|chapter|guide",
    re.IGNORECASE,
)
# Keys under which the *main* work lives; anything else nested (related articles, comments,
# reviews, list items) describes other things and must not lend its title or dates.
_MAIN_KEYS = frozenset({"@graph", "mainEntity", "mainEntityOfPage", "itemReviewed"})
_ARTICLE = re.compile(r"article|posting|page|report|creativework", re.IGNORECASE)
_PEOPLE_KEYS = frozenset({"author", "creator"})
_DATE_KEYS = {
    "datePublished": "published",
    "dateModified": "modified",
    "dateCreated": "created",
    "uploadDate": "published",
}
_FALLBACK_FIELD = re.compile(
    r'"(headline|datePublished|dateModified|dateCreated)"\s*:\s*"((?:[^"\\]|\\.){1,400})"'
)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


@dataclass
class JsonLdFacts:
    """What the JSON-LD blocks of one page say about the work."""

    titles: list[tuple[str, str]] = field(default_factory=list)
    """``(origin, title)`` candidates."""
    dates: list[tuple[str, str, str]] = field(default_factory=list)
    """``(role, origin, value)`` candidates."""
    authors: list[str] = field(default_factory=list)
    """Author names."""
    sites: list[str] = field(default_factory=list)
    """Publisher and website names."""


def read_jsonld(blocks: list[str]) -> JsonLdFacts:
    """Collect titles, dates, authors and site names from the text of ``ld+json`` scripts."""
    facts = JsonLdFacts()
    for block in blocks:
        documents = _load(block)
        if documents is None:
            _salvage(block, facts)
            continue
        budget = [_MAX_ITEMS]
        for document in documents:
            _walk(document, facts, main=True, depth=0, budget=budget)
    facts.dates = _article_dates_first(facts.dates)
    return facts


def _article_dates_first(dates: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """When an article (or page) item states its dates, the dates of other items beside it (an
    embedded video's upload date, an event's date) are not the article's."""
    if not any(_ARTICLE.search(origin) for _, origin, _ in dates):
        return dates
    return [d for d in dates if _ARTICLE.search(d[1]) or "broken JSON" in d[1]]


def _load(block: str) -> list[Any] | None:
    """Every JSON value in a block, despite comments, CDATA, trailing commas, several values."""
    text = block.strip()
    for junk in ("<!--", "-->", "<![CDATA[", "]]>", "//<![CDATA[", "//]]>"):
        text = text.replace(junk, "")
    decoder = json.JSONDecoder(strict=False)
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        values: list[Any] = []
        position = 0
        try:
            while position < len(attempt):
                while position < len(attempt) and attempt[position] in " \t\r\n;":
                    position += 1
                if position >= len(attempt):
                    break
                value, position = decoder.raw_decode(attempt, position)
                values.append(value)
        except (ValueError, RecursionError):  # RecursionError: hostile nesting
            if values:
                return values
            continue
        return values
    return None


def _salvage(block: str, facts: JsonLdFacts) -> None:
    """Pick the main fields out of JSON too broken to load."""
    for key, raw in _FALLBACK_FIELD.findall(block):
        try:
            value = json.loads(f'"{raw}"')
        except ValueError:
            value = raw
        if key == "headline":
            facts.titles.append(("json-ld headline (broken JSON)", value))
        else:
            facts.dates.append((_DATE_KEYS[key], f"json-ld {key} (broken JSON)", value))


def _walk(node: Any, facts: JsonLdFacts, *, main: bool, depth: int, budget: list[int]) -> None:
    if depth > _MAX_DEPTH or budget[0] <= 0:
        return
    budget[0] -= 1
    if isinstance(node, list):
        for item in node:
            _walk(item, facts, main=main, depth=depth + 1, budget=budget)
        return
    if not isinstance(node, dict):
        return
    kind = _type_name(node)
    if main:
        _read_item(node, kind, facts)
    for key, value in node.items():
        if key in _PEOPLE_KEYS or key == "publisher":
            continue
        if isinstance(value, dict | list):
            _walk(value, facts, main=main and key in _MAIN_KEYS, depth=depth + 1, budget=budget)


def _read_item(node: dict[str, Any], kind: str, facts: JsonLdFacts) -> None:
    label = f"json-ld {kind}" if kind else "json-ld"
    headline = _text(node.get("headline"))
    if headline:
        facts.titles.append((f"{label}.headline", headline))
    name = _text(node.get("name"))
    if name:
        if re.search(r"website|organization|organisation|newsmedia", kind, re.IGNORECASE):
            facts.sites.append(name)
        elif _A_WORK.search(kind) and not _NOT_A_WORK.search(kind):
            facts.titles.append((f"{label}.name", name))
    for key, role in _DATE_KEYS.items():
        value = _text(node.get(key))
        if value:
            facts.dates.append((role, f"{label}.{key}", value))
    if not _NOT_A_WORK.search(kind):
        for key in _PEOPLE_KEYS:
            facts.authors.extend(_names(node.get(key)))
        facts.sites.extend(_names(node.get("publisher")))


def _names(value: Any) -> Iterator[str]:
    """Names in an ``author``/``publisher`` value: a string, an object, or a list of either."""
    if isinstance(value, str):
        if value.strip() and not value.strip().startswith(("http://", "https://")):
            yield value.strip()
    elif isinstance(value, dict):
        name = _text(value.get("name"))
        if name:
            yield name
    elif isinstance(value, list):
        for item in value[:20]:
            yield from _names(item)


def _type_name(node: dict[str, Any]) -> str:
    kind = node.get("@type", "")
    if isinstance(kind, list):
        kind = ",".join(str(k) for k in kind)
    return str(kind)[:80]


def _text(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("@value")
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
