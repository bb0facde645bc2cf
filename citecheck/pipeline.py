"""Runs the stages — parse → resolve → archives → match — and joins their results per source.

One :class:`Checker` holds the HTTP client, its cache and the archive backend for a whole run,
so several documents share connections, the per-host limits and the archive rate limit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from concurrent.futures import Future, as_completed
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import TypeVar

import requests

from citecheck._threads import LazyPool
from citecheck.archives import ArchiveBackend, backends_from_options, find_archive, save_capture
from citecheck.documents import read_path
from citecheck.match import detect_drift, match_page
from citecheck.model import (
    ArchiveResult,
    ArchiveStatus,
    Document,
    Finding,
    LinkReason,
    LinkResult,
    LinkStatus,
    Match,
    Page,
    Report,
    Severity,
    Source,
    SourceReport,
    Verdict,
)
from citecheck.options import ArchiveMode, CheckOptions
from citecheck.parse import parse_document
from citecheck.resolve import LinkChecker

ProgressCallback = Callable[[SourceReport], None]
K = TypeVar("K", bound=Hashable)

_DOI_RESOLVER = "https://doi.org/"
_NEEDS_ARCHIVE = {LinkStatus.DEAD, LinkStatus.BLOCKED, LinkStatus.UNREACHABLE}
_LINK_FINDINGS: dict[LinkStatus, tuple[str, Severity, str]] = {
    LinkStatus.REDIRECTED: ("link-redirected", Severity.WARNING, "the page moved permanently"),
    LinkStatus.DEAD: ("link-dead", Severity.ERROR, "the link is dead"),
    LinkStatus.BLOCKED: ("link-blocked", Severity.WARNING, "the site refused an automated check"),
    LinkStatus.UNREACHABLE: (
        "link-unreachable",
        Severity.WARNING,
        "the site could not be reached (not proof that it is gone)",
    ),
}


class Checker:
    """Checks documents; one per run, shared by every input. Use as a context manager."""

    def __init__(
        self, options: CheckOptions | None = None, *, links: LinkChecker | None = None
    ) -> None:
        """``links`` lends a ready :class:`LinkChecker` (one with its own name resolver, say);
        by default one is made from ``options`` when first needed."""
        self.options = options or CheckOptions()
        self._links: LinkChecker | None = links
        self._archives: tuple[ArchiveBackend, ...] | None = None
        self._lock = threading.Lock()
        self._matchers = LazyPool(min(8, self.options.concurrency), "citecheck-match")

    def __enter__(self) -> Checker:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the threads, the HTTP client and its cache."""
        self._matchers.close()
        if self._links is not None:
            self._links.close()

    @property
    def links(self) -> LinkChecker:
        with self._lock:
            if self._links is None:
                self._links = LinkChecker(self.options)
            return self._links

    @property
    def archives(self) -> tuple[ArchiveBackend, ...]:
        """The run's archives, in the order they are asked (``options.archive_services``)."""
        with self._lock:
            if self._archives is None:
                self._archives = backends_from_options(self.options, session=self._session())
            return self._archives

    def _session(self) -> requests.Session:
        """The link checker's session, so archive lookups share its pool and cache."""
        if self._links is None:
            self._links = LinkChecker(self.options)
        return self._links.session

    def check(self, document: Document, *, on_source: ProgressCallback | None = None) -> Report:
        """Check every source of a parsed document."""
        if self.options.offline:
            parsed = offline_report(document)
            for source_report in parsed.sources:
                if on_source:
                    on_source(source_report)
            return parsed
        results: dict[int, SourceReport] = {}
        for index, report in self.check_sources(enumerate(document.sources)):
            results[index] = report
            if on_source:
                on_source(report)
        ordered = [results[index] for index in range(len(document.sources))]
        return Report(
            document.name,
            document,
            tuple(ordered),
            (*document.findings, *self.links.run_findings()),
        )

    def check_sources(self, items: Iterable[tuple[K, Source]]) -> Iterator[tuple[K, SourceReport]]:
        """Check sources from any documents, keyed by the caller, yielding ``(key, report)``.

        The seam batch work runs through (``citecheck audit`` groups a catalogue's sources by
        host and checks each group here): the same stages as :meth:`check`, without the
        document around them.
        """
        given = list(items)
        if self.options.offline:
            yield from ((key, _parsed_only(source)) for key, source in given)
            return
        sources = dict(given)
        checks = [(key, urls) for key, source in given if (urls := _candidates(source))]
        checked = {key for key, _ in checks}
        for key, source in given:
            if key not in checked:
                yield key, _without_url(source)
        links = self.links.check_many(checks, want_body=True)
        pending: dict[Future[SourceReport], K] = {}
        try:
            for key, link in links:
                pending[self._matchers.submit(self._finish, sources[key], link)] = key
                for future in [f for f in pending if f.done()]:  # stream while links go on
                    yield pending.pop(future), future.result()
            for future in as_completed(pending):
                yield pending[future], future.result()
        finally:
            for future in pending:
                future.cancel()

    def check_path(self, path: str | Path, *, on_source: ProgressCallback | None = None) -> Report:
        """Read, parse and check one file (``-`` for standard input)."""
        return self.check(parse_document(read_path(path)), on_source=on_source)

    def _finish(self, source: Source, link: LinkResult) -> SourceReport:
        source = self._with_chosen_url(source, link)
        page = _live_page(link)
        live = match_page(source, page, copy="live") if page is not None else None
        archive = self._archive_for(source, link, live)
        archived = (
            match_page(source, archive.page, copy="archive")
            if archive is not None and archive.page is not None
            else None
        )
        drift = None
        if live is not None and archived is not None and archive is not None and archive.snapshot:
            drift = detect_drift(source, live, archived, archive.snapshot.url)
        chosen = _chosen_match(live, archived)
        findings = [
            *source.findings,
            *link.findings,
            *_link_findings(link, rescued=_rescued(link, archive, chosen)),
        ]
        if chosen is not None:
            findings.extend(chosen.findings)
        if drift is not None:
            findings.append(drift)
        findings.extend(_archive_findings(link, archive))
        return SourceReport(
            source,
            link,
            archive,
            chosen,
            _verdict(findings),
            tuple(findings),
            drifted=drift is not None,
        )

    def _offline(self, link: LinkResult) -> bool:
        return link.reason is LinkReason.NETWORK_OFFLINE or self.links.network_offline

    def _with_chosen_url(self, source: Source, link: LinkResult) -> Source:
        """When the resolver kept another reading of an ambiguous URL, the source cites that."""
        if len(source.url_candidates) < 2:
            return source
        chosen = next((c for c in source.url_candidates if self.links.remap(c) == link.url), None)
        if chosen is None or chosen == source.url:
            return source
        return replace(source, url=chosen)

    def _archive_for(
        self, source: Source, link: LinkResult, live: Match | None
    ) -> ArchiveResult | None:
        mode = self.options.archive
        if mode is ArchiveMode.NEVER:
            return ArchiveResult(ArchiveStatus.SKIPPED, detail="archive lookups are off")
        mismatch = live is not None and (live.title_agrees is False or live.date_agrees is False)
        wanted = mode is ArchiveMode.ALWAYS or link.status in _NEEDS_ARCHIVE or mismatch
        if not wanted:
            return ArchiveResult(
                ArchiveStatus.SKIPPED, detail="the live page is fine; no lookup needed"
            )
        if link.status is LinkStatus.UNREACHABLE and self._offline(link):
            return ArchiveResult(
                ArchiveStatus.ERROR, detail="not looked up: the network looks offline"
            )
        live_is_fine = link.status in (LinkStatus.ALIVE, LinkStatus.REDIRECTED) and not mismatch
        url = source.url or next(iter(_candidates(source)), None)
        result = find_archive(source, self.archives, url=url, fetch_page=not live_is_fine)
        if (
            result.status is ArchiveStatus.NONE
            and self.options.save_missing
            and live_is_fine
            and source.url
        ):
            return save_capture(source.url, self.archives)
        return result


def _candidates(source: Source) -> tuple[str, ...]:
    """The URLs to check for a source: its URL readings, else its DOI through doi.org."""
    if source.url_candidates:
        return source.url_candidates
    if source.url:
        return (source.url,)
    return (_DOI_RESOLVER + source.doi,) if source.doi else ()


def _live_page(link: LinkResult) -> Page | None:
    """The page to match, when the link led to one that is really there."""
    return link.page if link.status in (LinkStatus.ALIVE, LinkStatus.REDIRECTED) else None


def _chosen_match(live: Match | None, archived: Match | None) -> Match | None:
    """The live page when it agrees or nothing else exists, else the archived copy."""
    if live is None:
        return archived
    if archived is None or live.title_agrees is not False:
        return live
    return archived if archived.title_agrees else live


def _link_findings(link: LinkResult, *, rescued: bool) -> list[Finding]:
    """The finding a link's status gives; a dead link an agreeing archived copy can replace
    is a warning, not an error (design.md §5)."""
    if link.status not in _LINK_FINDINGS:
        return []
    code, severity, words = _LINK_FINDINGS[link.status]
    if rescued:
        severity = Severity.WARNING
    evidence = {"url": link.url, "status": str(link.http_status or "-")}
    if link.final_url:
        evidence["final_url"] = link.final_url
    if link.reason is LinkReason.MOVED_PERMANENTLY and link.detail:
        message = f"the page {link.detail}"  # "moved permanently to ...": the detail says it
    else:
        message = f"{words}: {link.detail}" if link.detail else words
    return [Finding(code, severity, message, evidence)]


def _archive_findings(link: LinkResult, archive: ArchiveResult | None) -> list[Finding]:
    """Point a dead link to the archived copy that can replace it."""
    if archive is None or link.status is not LinkStatus.DEAD:
        return []
    if archive.status is ArchiveStatus.FOUND and archive.snapshot is not None:
        return [
            Finding(
                "archived-copy-available",
                Severity.INFO,
                f"an archived copy from {archive.snapshot.captured:%Y-%m-%d} can replace the "
                "dead link",
                {"archive_url": archive.snapshot.url},
            )
        ]
    return []


def _verdict(findings: Iterable[Finding]) -> Verdict:
    worst = max((f.severity.rank for f in findings), default=0)
    return {0: Verdict.OK, 1: Verdict.WARNING, 2: Verdict.ERROR}[worst]


def _parsed_only(source: Source) -> SourceReport:
    return SourceReport(source, verdict=_verdict(source.findings), findings=source.findings)


def _without_url(source: Source) -> SourceReport:
    link = LinkResult(
        LinkStatus.UNCHECKED, url="", detail="no URL to check", reason=LinkReason.NO_URL
    )
    return SourceReport(source, link, None, None, _verdict(source.findings), source.findings)


def _rescued(link: LinkResult, archive: ArchiveResult | None, match: Match | None) -> bool:
    """Whether a dead link's archived copy agrees with the citation, so it can replace it."""
    return (
        link.status is LinkStatus.DEAD
        and archive is not None
        and archive.status is ArchiveStatus.FOUND
        and match is not None
        and match.copy == "archive"
        and match.title_agrees is not False
    )


def check(
    document: Document,
    options: CheckOptions | None = None,
    *,
    on_source: ProgressCallback | None = None,
) -> Report:
    """Check a parsed document with a one-off :class:`Checker`; ``on_source`` is called with
    each source's report as soon as it is complete."""
    with Checker(options) as checker:
        return checker.check(document, on_source=on_source)


def check_file(path: str | Path, **options: object) -> Report:
    """Read, parse and check one file; keyword arguments are :class:`CheckOptions` fields."""
    with Checker(CheckOptions(**options)) as checker:  # type: ignore[arg-type]
        return checker.check_path(path)


def check_paths(
    paths: Sequence[str | Path], options: CheckOptions, *, on_source: ProgressCallback | None = None
) -> list[Report]:
    """Check several files with one shared HTTP client, cache and archive limiter.

    Every file is read and parsed before the first request, so a bad input among good ones
    fails the run at once instead of after the network work on the others.
    """
    documents = [parse_document(read_path(path)) for path in paths]
    with Checker(options) as checker:
        return [checker.check(document, on_source=on_source) for document in documents]


def offline_report(document: Document) -> Report:
    """A report of the parse stage alone: repairs and findings, no network."""
    sources = tuple(_parsed_only(source) for source in document.sources)
    return Report(document.name, document, sources, document.findings)


def link_candidates(source: Source) -> tuple[str, ...]:
    """The URLs the live check tries for ``source``: its URL readings, else its DOI."""
    return _candidates(source)
