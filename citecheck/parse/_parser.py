"""The parse stage put together: locate the list, split it, read fields and URLs, check markers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from citecheck.model import (
    Document,
    Finding,
    LinkTarget,
    Markers,
    Severity,
    Source,
    Span,
    TextDocument,
)
from citecheck.parse.author_date import cross_check_author_date
from citecheck.parse.fields import extract_fields
from citecheck.parse.locate import locate
from citecheck.parse.markers import cross_check, find_markers
from citecheck.parse.split import RawEntry, split_entries
from citecheck.parse.urls import FoundUrl, find_doi, find_urls

_MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_MARKDOWN_EMPHASIS = re.compile(r"(?<!\w)([*_]{1,2})(?=\S)(.+?)(?<=\S)\1(?!\w)")
_DEFINITION_TITLE = re.compile(r"^\s*<?\S+?>?\s+\((?P<title>[^()]+)\)\s*$")
_FORMATS = ("text", "markdown", "html")


def parse(text: str, *, format: str | None = None, name: str = "-") -> Document:
    """Parse an article given as a string into its source list, markers and findings.

    ``format`` is ``text``, ``markdown`` or ``html``; ``None`` guesses from the content.
    """
    if format is not None and format not in _FORMATS:
        raise ValueError(f"format must be one of {', '.join(_FORMATS)}, not {format!r}")
    from citecheck.documents import read_bytes

    return parse_document(read_bytes(text.encode("utf-8"), name=name, format=format))


def parse_document(document: TextDocument) -> Document:
    """Parse a :class:`TextDocument` (from any reader) into a :class:`Document`."""
    text = document.text
    location = locate(text)
    if location is None:
        finding = Finding(
            "no-source-list", Severity.WARNING, "no source list was found in the document"
        )
        return Document(
            sources=(),
            markers=Markers(),
            findings=(*document.findings, finding),
            text=text,
            format=document.format,
            name=document.name,
        )
    split = split_entries(text, location.start, location.end)
    sources = tuple(_source(text, entry, document) for entry in split.entries)
    body = text[: location.start] if location.how != "footnotes" else _without_definitions(text)
    markers, marker_findings = _markers(body, sources)
    marker_findings += cross_check_author_date(body, sources)
    return Document(
        sources=sources,
        markers=markers,
        findings=(*document.findings, *split.findings, *marker_findings),
        text=text,
        format=document.format,
        name=document.name,
        source_list=Span(location.start, location.end),
    )


def _without_definitions(text: str) -> str:
    return re.sub(r"^[ \t]{0,3}\[\^[^\]\s]+\]:.*$", "", text, flags=re.M)


def _markers(body: str, sources: tuple[Source, ...]) -> tuple[Markers, list[Finding]]:
    labels = {s.label.strip("[]^:"): s.number for s in sources if s.number is not None}
    cited = find_markers(body, {k: v for k, v in labels.items() if v is not None})
    return cross_check(cited, [s.number for s in sources])


@dataclass(frozen=True)
class _EntryText:
    """An entry's text joined from its segments, with a map back to document offsets."""

    text: str
    offsets: tuple[tuple[int, int], ...]  # (entry offset, document offset) per segment

    def to_document(self, position: int) -> int:
        base_entry, base_document = self.offsets[0]
        for entry_offset, document_offset in self.offsets:
            if entry_offset <= position:
                base_entry, base_document = entry_offset, document_offset
        return base_document + position - base_entry


def _entry_text(text: str, entry: RawEntry) -> _EntryText:
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    length = 0
    for segment in entry.segments:
        if parts:
            parts.append(" ")
            length += 1
        offsets.append((length, segment.start))
        parts.append(text[segment.start : segment.end])
        length += segment.end - segment.start
    return _EntryText("".join(parts), tuple(offsets))


def _source(text: str, entry: RawEntry, document: TextDocument) -> Source:
    joined = _entry_text(text, entry)
    entry_text = joined.text
    is_markdown = document.format == "markdown"
    parenthesised = _DEFINITION_TITLE.match(entry_text) if entry.label.endswith("]:") else None
    urls = find_urls(entry_text)
    blanked = _blank(entry_text, urls)
    doi = find_doi(entry_text)
    if doi:
        blanked = blanked.replace(doi, " ")
        blanked = re.sub(r"\bdoi\s*:\s*(?=\s|$)", " ", blanked, flags=re.I)
    field_text = _markdown_to_text(blanked) if is_markdown else blanked
    fields = extract_fields(field_text)
    title = fields.title
    if parenthesised:
        title = parenthesised.group("title")  # [1]: <https://...> (Title), as Markdown allows
    if any(len(u.candidates) > 1 for u in urls):
        urls = find_urls(entry_text, title=title)
    findings = list(entry.findings)
    url, as_written, candidates = _choose_url(urls, joined, document.links, findings)
    if url is None:
        url, as_written, candidates = _url_from_links(joined, document.links)
    if doi is None and url and "doi.org/" in url:
        doi = find_doi(url)
    return Source(
        number=entry.number,
        label=entry.label,
        raw=" ".join(entry_text.split()),
        authors=fields.authors,
        title=title,
        container=fields.container,
        published=fields.published,
        accessed=fields.accessed,
        url=url,
        url_as_written=as_written,
        url_candidates=candidates,
        doi=doi,
        span=Span(entry.segments[0].start, entry.segments[-1].end),
        findings=tuple(findings),
    )


def _blank(text: str, urls: list[FoundUrl]) -> str:
    for url in urls:
        text = text[: url.start] + " " * (url.end - url.start) + text[url.end :]
    return re.sub(
        r"\b(?:URL|Available(?: at| from| online)?|Retrieved from|Online|Web)\s*:?\s*(?=\s*$)",
        "",
        text,
        flags=re.I,
    )


def _markdown_to_text(text: str) -> str:
    text = _MARKDOWN_LINK.sub(lambda m: m.group(1), text)
    return _MARKDOWN_EMPHASIS.sub(lambda m: m.group(2), text)


def _choose_url(
    urls: list[FoundUrl], joined: _EntryText, links: tuple[LinkTarget, ...], findings: list[Finding]
) -> tuple[str | None, str | None, tuple[str, ...]]:
    if not urls:
        return None, None, ()
    found = urls[0]
    candidates = found.candidates
    target = _link_target_for(joined, found.start, found.end, links)
    if target is not None and target != candidates[0]:
        findings.append(
            Finding(
                "url-from-link-target",
                Severity.INFO,
                f"The document's hyperlink gives the exact URL {target}.",
                {"as_written": found.as_written, "repaired": target},
            )
        )
        return target, found.as_written, (target,)
    if target is not None:
        candidates = (target,)  # the hyperlink settles an ambiguous line break
    for code, phrase in found.repairs:
        findings.append(
            Finding(
                code,
                Severity.INFO,
                phrase[0].upper() + phrase[1:] + ".",
                {"as_written": found.as_written, "repaired": candidates[0]},
            )
        )
    return candidates[0], found.as_written, candidates


def _link_target_for(
    joined: _EntryText, start: int, end: int, links: tuple[LinkTarget, ...]
) -> str | None:
    if not links:
        return None
    document_start, document_end = joined.to_document(start), joined.to_document(end)
    for link in links:
        overlaps = link.span.start < document_end and document_start < link.span.end
        if overlaps and re.match(r"https?://", link.target, re.I):
            return link.target
    return None


def _url_from_links(
    joined: _EntryText, links: tuple[LinkTarget, ...]
) -> tuple[str | None, str | None, tuple[str, ...]]:
    target = _link_target_for(joined, 0, len(joined.text), links)
    if target is None:
        return None, None, ()
    return target, None, (target,)


def parse_reference(reference: str) -> Source:
    """Parse one reference string on its own (no source list around it)."""
    text = reference.strip()
    label = re.match(r"(?:\[(\d{1,4})\][.:]?|\((\d{1,4})\)|(\d{1,4})[.)])\s+", text)
    number = int(next(g for g in label.groups() if g)) if label else None
    start = label.end() if label else 0
    entry = RawEntry(label.group().strip() if label else "", number, [Span(start, len(text))])
    return _source(text, entry, TextDocument(text=text, format="text"))
