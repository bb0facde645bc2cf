"""Every title, date, author and site-name candidate a page offers, each with its origin."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

import lxml.etree  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]

from citecheck.archives.playback import furniture_xpaths, without_furniture
from citecheck.http.page import decode_markup
from citecheck.match._dates import normalise_date, strip_archive_prefix, text_dates, url_dates
from citecheck.match._jsonld import read_jsonld
from citecheck.match._titles import title_pieces
from citecheck.model import PageDate, PageMetadata

_Item = TypeVar("_Item", str, tuple[str, str])
_TITLE_METAS = (
    ("citation_title", "meta[citation_title]"),
    ("og:title", "meta[og:title]"),
    ("twitter:title", "meta[twitter:title]"),
    ("dc.title", "meta[DC.title]"),
    ("dcterms.title", "meta[dcterms.title]"),
    ("headline", "microdata headline"),
)
_PUBLISHED_METAS = (
    "article:published_time", "og:article:published_time", "article:published",
    "og:published_time", "published_time", "datepublished", "pubdate", "publishdate",
    "publish-date", "publish_date", "published-date", "date", "dc.date", "dc.date.issued",
    "dcterms.date", "dcterms.issued", "citation_publication_date", "citation_date",
    "citation_online_date", "sailthru.date", "parsely-pub-date", "article.published",
    "release_date", "originalpublicationdate", "cxenseparse:recs:publishtime",
)  # fmt: skip
_MODIFIED_METAS = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
    "last-modified", "dc.date.modified", "dcterms.modified", "article:modified", "modified_time",
    "article.updated", "lastmod",
)  # fmt: skip
_CREATED_METAS = ("datecreated", "dc.date.created", "dcterms.created")
_AUTHOR_METAS = ("author", "article:author", "dc.creator", "citation_author", "parsely-author",
                 "sailthru.author", "byl")  # fmt: skip
_SITE_METAS = ("og:site_name", "application-name", "al:ios:app_name", "publisher", "dc.publisher",
               "citation_journal_title")  # fmt: skip
_SPACES = re.compile(r"\s+")
_BYLINE_PREFIX = re.compile(r"^\s*(by|von|par|por|di|door|av|written by)\s+", re.IGNORECASE)
_NOT_VISIBLE = ("script", "style", "noscript", "template", "svg", "nav", "footer", "aside",
                "form", "iframe", "select", "button")  # fmt: skip
_DATELINE_BEFORE = 400
_DATELINE_AFTER = 1500
_MAX_TIME_ELEMENTS = 4
_TITLE_MAX_CHARS = 400
_H1_MARK = "\ue000"
_MAX_NAME_WORDS = 5
_MAX_HEADINGS = 3
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
HTMLDATE_EXTENSIVE = False
"""htmldate's extensive search loads dateparser (seconds on first use) and guessed worse here."""
HTMLDATE_TIMEOUT = 3.0
"""Seconds htmldate may spend on one page (it is only asked when the page states no date)."""
# Roles that state the article's own date; without any, htmldate is asked for a guess.
_DATED_ROLES = frozenset({"published", "created", "time", "dateline", "url"})


def extract_metadata(
    html: bytes | str, *, url: str | None = None, headers: Mapping[str, str] | None = None
) -> PageMetadata:
    """Every title, date, author and site-name candidate of a page, each with its role."""
    text, _ = decode_markup(html, headers)
    return page_metadata(text, url=url)


def page_metadata(text: str, *, url: str | None, use_htmldate: bool = True) -> PageMetadata:
    """The page's candidates, with htmldate's guess added when the page states no date."""
    text = without_furniture(text)  # an archive's toolbar shows capture dates, never the page's
    root = parse_html(text)
    metadata = metadata_from_tree(root, url=url)
    if use_htmldate and root is not None and not _has_own_date(metadata):
        guess = _htmldate_guess(text, url)
        if guess is not None:
            dates = (*metadata.dates, PageDate(guess, "published", "htmldate"))
            metadata = PageMetadata(metadata.titles, dates, metadata.authors, metadata.site_names)
    return metadata


def _text_of(element: Any) -> str:
    """What ``element.text_content()`` gives, without lxml.html's one XPath object shared by
    every thread: under thirty concurrent matchers its lock made that three times slower, and
    a catalogue audit's workers hung with every matcher waiting on it (lxml 6.2)."""
    return "".join(element.itertext())


def parse_html(text: str) -> lxml.html.HtmlElement | None:
    """An lxml tree for the page, or ``None`` when there is no markup at all.

    libxml2 stops descending past 256 levels of nesting, which keeps hostile markup cheap.
    """
    text = _CONTROL.sub(" ", text)  # lxml refuses them in text it is later handed back
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None
    return root if isinstance(root, lxml.html.HtmlElement) else None


def metadata_from_tree(root: lxml.html.HtmlElement | None, *, url: str | None) -> PageMetadata:
    """Candidates from a parsed page; the tree is modified (invisible parts dropped) on the way."""
    url_part = [PageDate(value, "url", "url path") for value in url_dates(url)] if url else []
    domain = [_domain(url)] if url else []
    if root is None:
        return PageMetadata(dates=tuple(url_part), site_names=tuple(d for d in domain if d))
    metas = _metas(root)
    jsonld = read_jsonld([s.text or "" for s in root.iter("script") if _is_jsonld(s)])
    sites: _Ordered[str] = _Ordered()
    for value in [v for key in _SITE_METAS for v in metas.get(key, ())] + jsonld.sites + domain:
        sites.add(value)
    authors: _Ordered[str] = _Ordered()
    for value in _author_candidates(root, metas, jsonld.authors):
        authors.add(value)
    titles = _title_candidates(root, metas, jsonld.titles)  # before _dateline changes the tree
    dates = [*_meta_dates(metas), *_jsonld_dates(jsonld.dates), *_element_dates(root), *url_part]
    dates.extend(_dateline(root))
    if not any(d.role in _DATED_ROLES for d in dates):
        dates.extend(_summary_dates(metas))
    return PageMetadata(
        titles=titles, dates=_unique_dates(dates), authors=authors.items(), site_names=sites.items()
    )


def _title_candidates(
    root: lxml.html.HtmlElement,
    metas: Mapping[str, list[str]],
    jsonld_titles: Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    """``(origin, title)`` pairs, best-trusted first."""
    titles: _Ordered[tuple[str, str]] = _Ordered()
    for key, origin in _TITLE_METAS:
        for value in metas.get(key, ()):
            titles.add((origin, value))
    for origin, value in jsonld_titles:
        titles.add((origin, value))
    h1 = _first(root, "h1")
    if h1 is not None:
        titles.add(("h1", _clean(_text_of(h1))))
    for key in ("description", "og:description"):
        for value in metas.get(key, ())[:1]:
            titles.add((f"meta[{key}]", value))
    title_element = _first(root, "title")
    if title_element is not None:
        whole = _clean(_text_of(title_element))
        titles.add(("title", whole))
        # An unclosed <title> swallows the page; such a title has no pieces worth a look.
        for piece in title_pieces(whole) if len(whole) <= _TITLE_MAX_CHARS else ():
            titles.add(("title piece", piece))
    return tuple((o, t) for o, t in titles.items() if len(t) <= _TITLE_MAX_CHARS)


def _jsonld_dates(found: Iterable[tuple[str, str, str]]) -> Iterable[PageDate]:
    for role, origin, raw in found:
        value = normalise_date(raw)
        if value:
            yield PageDate(value, role, origin)


def _summary_dates(metas: Mapping[str, list[str]]) -> Iterable[PageDate]:
    """A date in the page's summary ("News of 14 January 2020"), for pages stating no other."""
    for key in ("description", "og:description"):
        for _, iso in text_dates(" ".join(metas.get(key, ())[:1]), limit=1):
            yield PageDate(iso, "dateline", f"meta[{key}] text")


class _Ordered(Generic[_Item]):
    """An insertion-ordered set of strings or ``(origin, text)`` pairs, ignoring blank text."""

    def __init__(self) -> None:
        self._seen: dict[_Item, None] = {}

    def add(self, value: _Item) -> None:
        text = value[1] if isinstance(value, tuple) else value
        if text.strip():
            self._seen.setdefault(value, None)

    def items(self) -> tuple[_Item, ...]:
        return tuple(self._seen)


def _metas(root: lxml.html.HtmlElement) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        content = meta.get("content")
        if content is None:
            content = meta.get("datetime")
        if content is None or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attribute)
            if key:
                found.setdefault(key.strip().lower(), []).append(_clean(content))
    headlines = root.xpath("//*[@itemprop='headline'][not(self::meta)]")[:2]
    if len(headlines) == 1:  # several mean a list of other articles' headlines
        found.setdefault("headline", []).append(_clean(_text_of(headlines[0])))
    return found


def _meta_dates(metas: Mapping[str, list[str]]) -> Iterable[PageDate]:
    for role, keys in (
        ("published", _PUBLISHED_METAS),
        ("created", _CREATED_METAS),
        ("modified", _MODIFIED_METAS),
    ):
        for key in keys:
            for raw in metas.get(key, ())[:3]:
                value = normalise_date(raw)
                if value:
                    yield PageDate(value, role, f"meta[{key}]")


def _element_dates(root: lxml.html.HtmlElement) -> Iterable[PageDate]:
    """Microdata ``datePublished`` elements and the first few ``<time datetime>``."""
    for element in root.xpath("//*[@itemprop][not(self::meta)]")[:200]:
        prop = (element.get("itemprop") or "").strip()
        role = {"datePublished": "published", "dateModified": "modified",
                "dateCreated": "created"}.get(prop)  # fmt: skip
        if role:
            raw = element.get("datetime") or element.get("content") or _text_of(element)
            value = normalise_date(raw or "")
            if value:
                yield PageDate(value, role, f"microdata {prop}")
    times = [t for t in root.iter("time") if not _in_sidebar(t)][:_MAX_TIME_ELEMENTS]
    for element in times:
        raw = element.get("datetime") or ""
        value = normalise_date(raw) or normalise_date(_text_of(element) or "")
        if value:
            role = "published" if element.get("pubdate") is not None else "time"
            yield PageDate(value, role, "time[datetime]" if raw else "time text")


def _in_sidebar(element: lxml.html.HtmlElement) -> bool:
    """Whether an element sits in navigation, a sidebar or a footer (other articles' dates)."""
    return any(a.tag in ("aside", "nav", "footer") for a in element.iterancestors())


def _dateline(root: lxml.html.HtmlElement) -> list[PageDate]:
    """Dates written in the visible text around the headlines (or at the top of the body).

    A page may have several ``<h1>`` (a site banner, then the headline): each anchors a window.
    """
    body = root.find("body")
    if body is None:
        return []
    headings = list(body.iter("h1"))[:_MAX_HEADINGS]
    # Holding the elements keeps lxml's proxies (and so their identity) alive.
    keep = {a for h in headings for a in h.iterancestors()} | set(headings)
    for element in list(body.iter(*_NOT_VISIBLE)):
        if element not in keep:
            element.drop_tree()
    for path in furniture_xpaths():
        for element in body.xpath(path):
            element.drop_tree()  # an archive's toolbar shows capture dates, never the page's
    for heading in headings:
        heading.text = _H1_MARK + (heading.text or "")
    text = _SPACES.sub(" ", " ".join(body.itertext()))
    marks = [m.start() for m in re.finditer(_H1_MARK, text)] or [0]
    found: dict[str, None] = {}
    for mark in marks:
        window = text[max(0, mark - _DATELINE_BEFORE) : mark + _DATELINE_AFTER]
        for _, iso in text_dates(window):
            found.setdefault(iso, None)
    return [PageDate(iso, "dateline", "text near the headline") for iso in found]


def _author_candidates(
    root: lxml.html.HtmlElement, metas: Mapping[str, list[str]], jsonld_authors: list[str]
) -> Iterable[str]:
    for key in _AUTHOR_METAS:
        for value in metas.get(key, ()):
            yield from _split_people(value)
    for value in jsonld_authors:
        yield from _split_people(value)
    bylines = root.xpath(
        "//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]"
        " | //*[contains(translate(@class,'BYLINE','byline'),'byline')]"
    )
    for element in bylines[:6]:
        text = _BYLINE_PREFIX.sub("", _clean(_text_of(element)))
        if 2 < len(text) <= 80:
            yield from _split_people(text)


def _split_people(value: str) -> Iterable[str]:
    value = _clean(value)
    if not value or value.startswith(("http://", "https://", "@")) or len(value) > 200:
        return
    for part in re.split(r"\s*(?:;|\band\b|\bund\b|\bet\b|&|\|)\s*", value):
        part = _BYLINE_PREFIX.sub("", part).strip(" ,")
        # A name has a few words and no address in it; longer text is a byline gone wrong.
        if part and "@" not in part and len(part.split()) <= _MAX_NAME_WORDS and len(part) <= 60:
            yield part


def _unique_dates(dates: Iterable[PageDate]) -> tuple[PageDate, ...]:
    seen: dict[tuple[str, str], PageDate] = {}
    for item in dates:
        seen.setdefault((item.value, item.role), item)
    return tuple(seen.values())


def _is_jsonld(script: lxml.html.HtmlElement) -> bool:
    return "ld+json" in (script.get("type") or "").lower()


def _first(root: lxml.html.HtmlElement, tag: str) -> lxml.html.HtmlElement | None:
    return next(iter(root.iter(tag)), None)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _domain(url: str) -> str:
    try:
        host = urlsplit(strip_archive_prefix(url)).hostname or ""
    except ValueError:  # e.g. a bracketed host that is no IP address
        return ""
    return host.removeprefix("www.")


def _has_own_date(metadata: PageMetadata) -> bool:
    return any(d.role in _DATED_ROLES for d in metadata.dates)


def _htmldate_guess(text: str, url: str | None) -> str | None:
    """htmldate's original-date guess, in a worker thread so a slow page cannot stall a run."""
    result: list[str | None] = []
    original = strip_archive_prefix(url) if url else None

    def run() -> None:
        try:
            from htmldate import find_date

            found = find_date(
                text,
                url=original,
                original_date=True,
                outputformat="%Y-%m-%d",
                extensive_search=HTMLDATE_EXTENSIVE,
            )
        except Exception:  # htmldate is a best-effort extra; any failure means no guess
            found = None
        result.append(found if isinstance(found, str) else None)

    worker = threading.Thread(target=run, name="citecheck-htmldate", daemon=True)
    worker.start()
    worker.join(HTMLDATE_TIMEOUT)
    if not result or result[0] is None:
        return None
    return normalise_date(result[0])
