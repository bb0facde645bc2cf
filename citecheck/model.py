"""Frozen dataclasses shared by every stage: parse → resolve → archives → match → report.

Each stage only adds information: the parser makes :class:`Source` records, the resolver a
:class:`LinkResult`, the archive stage an :class:`ArchiveResult`, the matcher a :class:`Match`,
and the pipeline joins them into a :class:`SourceReport` per source inside a :class:`Report`.

Dates are ISO 8601 strings at the precision the citation gives (``"2025"``, ``"2025-01"`` or
``"2025-01-28"``), so that a month citation is never mistaken for the first of that month.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Severity(StrEnum):
    """How much a finding matters; ``--fail-on`` compares against it."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """Orders severities: info < warning < error."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True)
class Finding:
    """Something a person should know about a source or the document."""

    code: str
    """Stable kebab-case identifier, e.g. ``url-split-repaired``; pipelines key on it."""
    severity: Severity
    """``info``, ``warning`` or ``error``."""
    message: str
    """One sentence for a person, naming what was seen and what was done."""
    evidence: Mapping[str, str] = field(default_factory=dict)
    """Named values backing the message (``as_written``, ``repaired``, ``status`` ...)."""


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` in the document's text."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset just past the last character."""


@dataclass(frozen=True)
class LinkTarget:
    """A hyperlink the input format knew about (HTML ``<a href>``, DOCX relationship, PDF URI)."""

    span: Span
    """Where the link's visible text sits in :attr:`TextDocument.text`."""
    target: str
    """The exact address the link points to."""


@dataclass(frozen=True)
class TextDocument:
    """An input document reduced to text, keeping what its format knew about links."""

    text: str
    """The document as plain text with normalised line ends (``\\n``)."""
    format: str
    """The reader that produced it: ``text``, ``markdown``, ``html``, ``docx``, ``pdf``."""
    links: tuple[LinkTarget, ...] = ()
    """Hyperlink targets the format carried, in document order."""
    name: str = "-"
    """Where the document came from (a path, or ``-`` for standard input)."""
    findings: tuple[Finding, ...] = ()
    """Problems met while reading (a replaced encoding, a PDF without a text layer ...)."""


@dataclass(frozen=True)
class Source:
    """One entry of the source list, with the fields the parser extracted and repaired."""

    number: int | None
    """The entry's number after numbering repair (``None`` for unnumbered lists)."""
    label: str
    """The label as written (``"3."``, ``"[3]"``, ``""`` when unnumbered)."""
    raw: str
    """The entry's text as written, line breaks joined with single spaces."""
    authors: tuple[str, ...] = ()
    """Author names as written, one per person or organisation."""
    title: str | None = None
    """The cited title, without quotes and trailing punctuation."""
    container: str | None = None
    """The site, publisher or journal that holds the work."""
    published: str | None = None
    """Publication date, ISO 8601 at the precision cited."""
    accessed: str | None = None
    """Access date, ISO 8601 at the precision cited."""
    url: str | None = None
    """The repaired URL, with scheme; the most likely candidate when the repair was ambiguous."""
    url_as_written: str | None = None
    """The URL exactly as it appears in the text (line breaks shown as spaces)."""
    url_candidates: tuple[str, ...] = ()
    """Every plausible repair, most likely first; more than one when a split was ambiguous."""
    doi: str | None = None
    """The DOI, bare (``10.1000/xyz``), when the entry carries one."""
    span: Span | None = None
    """Where the entry sits in the document text (for ``fix``)."""
    findings: tuple[Finding, ...] = ()
    """Repairs and problems the parser reports for this entry."""


@dataclass(frozen=True)
class Markers:
    """In-text citation markers cross-checked against the source list."""

    cited: tuple[int, ...] = ()
    """Source numbers the body cites, sorted and unique."""
    missing_sources: tuple[int, ...] = ()
    """Numbers cited in the body that name no source."""
    uncited_sources: tuple[int, ...] = ()
    """Numbered sources the body never cites."""


@dataclass(frozen=True)
class Document:
    """A parsed article: its source list, in-text markers and document-level findings."""

    sources: tuple[Source, ...]
    """The source list, in order."""
    markers: Markers
    """In-text markers and their cross-check."""
    findings: tuple[Finding, ...]
    """Findings about the document as a whole (numbering, missing source list ...)."""
    text: str = ""
    """The text that was parsed."""
    format: str = "text"
    """The input format that was parsed."""
    name: str = "-"
    """Where the document came from."""
    source_list: Span | None = None
    """Where the source list sits in :attr:`text`, when one was found."""


@dataclass(frozen=True)
class Page:
    """An HTTP response body as fetched (live or from an archive), capped in size."""

    url: str
    """The URL the body was finally read from."""
    status: int
    """The final HTTP status."""
    headers: Mapping[str, str]
    """Response headers (case as received)."""
    body: bytes
    """The body, decompressed and truncated at the size cap."""
    truncated: bool = False
    """Whether the size cap cut the body short."""


class LinkStatus(StrEnum):
    """Liveness verdicts (design.md section 3)."""

    ALIVE = "alive"
    REDIRECTED = "redirected"
    DEAD = "dead"
    BLOCKED = "blocked"
    UNREACHABLE = "unreachable"
    UNCHECKED = "unchecked"


class LinkReason(StrEnum):
    """Why a link got its verdict, in a word a pipeline can branch on; ``detail`` says the
    same for people. Several reasons share a status: ``paywall``, ``rate-limited`` and
    ``bot-challenge`` are all ``blocked``."""

    HTTP_OK = "http-ok"
    """A 2xx answer that is the cited page."""
    MOVED_PERMANENTLY = "moved-permanently"
    """A leading run of permanent redirects: cite the new address."""
    NOT_FOUND = "not-found"
    """HTTP 404 or 410."""
    SOFT_404 = "soft-404"
    """A 2xx answer that is really a not-found page (by title, redirect or probe)."""
    HOST_NOT_FOUND = "host-not-found"
    """The host name does not exist in DNS."""
    REDIRECT_LOOP = "redirect-loop"
    """Redirects that come back to an address already visited."""
    TOO_MANY_REDIRECTS = "too-many-redirects"
    """More redirects than ``max_redirects``."""
    PAYWALL = "paywall"
    """HTTP 402, a redirect to a sign-in or subscription page, or a host marked paywalled."""
    AUTH_REQUIRED = "auth-required"
    """HTTP 401."""
    FORBIDDEN = "forbidden"
    """HTTP 403, 999 or another refusing 4xx (often bot protection)."""
    BOT_CHALLENGE = "bot-challenge"
    """A bot-protection challenge page (Cloudflare, captcha ...)."""
    RATE_LIMITED = "rate-limited"
    """HTTP 429 (after honouring ``Retry-After`` within its limit)."""
    LEGAL = "legal"
    """HTTP 451: unavailable for legal reasons."""
    CLIENT_RENDERED = "client-rendered"
    """Every address gets the same script shell, so the check cannot tell."""
    SERVER_ERROR = "server-error"
    """HTTP 5xx."""
    TIMEOUT = "timeout"
    """No answer within the timeout."""
    CONNECTION_FAILED = "connection-failed"
    """Refused, reset, or a TLS failure."""
    DNS_TEMPORARY = "dns-temporary"
    """A temporary name-lookup failure."""
    NETWORK_OFFLINE = "network-offline"
    """No name resolves at all: this machine looks offline."""
    ADDRESS_REFUSED = "address-refused"
    """A private, loopback or link-local address the safety rules refuse."""
    INVALID_URL = "invalid-url"
    """Not a URL that can be requested (bad port, no host, bad host name)."""
    UNSUPPORTED_SCHEME = "unsupported-scheme"
    """Not http(s), as written or after a redirect."""
    NO_URL = "no-url"
    """The source has no URL or DOI to check."""
    OFFLINE_MODE = "offline-mode"
    """``--offline``: not checked."""
    EXCLUDED = "excluded"
    """An ``--exclude`` pattern matched."""
    NOT_CHECKED = "not-checked"
    """Left unchecked for another reason the detail gives."""


@dataclass(frozen=True)
class Redirect:
    """One hop of a redirect chain."""

    url: str
    """The URL that answered with a redirect."""
    status: int
    """Its status (301, 302, 303, 307, 308)."""


@dataclass(frozen=True)
class LinkResult:
    """What the live check of one URL found."""

    status: LinkStatus
    """The verdict."""
    url: str
    """The URL that was checked (after remapping)."""
    http_status: int | None = None
    """The final HTTP status, when a response arrived."""
    final_url: str | None = None
    """Where redirects ended."""
    redirects: tuple[Redirect, ...] = ()
    """The redirect chain, in order."""
    detail: str = ""
    """The reason for the verdict, in words."""
    page: Page | None = None
    """The page body, when it was fetched for matching."""
    findings: tuple[Finding, ...] = ()
    """Evidence worth reporting (soft-404 probe, split-URL choice ...)."""
    reason: LinkReason | None = None
    """The reason for the verdict as a value; ``None`` only for results built by hand."""
    moved_to: str | None = None
    """Where a leading run of permanent redirects points: the address to cite instead."""


class ArchiveStatus(StrEnum):
    """Outcome of an archive lookup."""

    FOUND = "found"
    NONE = "none"
    SKIPPED = "skipped"
    ERROR = "error"


@dataclass(frozen=True)
class Snapshot:
    """One archived capture of a URL."""

    url: str
    """The playback URL a person opens (Wayback: ``.../web/<timestamp>/<original>``)."""
    original: str
    """The URL that was captured."""
    captured: datetime
    """The capture time, UTC."""
    status: int | None = None
    """The HTTP status recorded at capture time."""


@dataclass(frozen=True)
class ArchiveResult:
    """What the archive lookup for one source found."""

    status: ArchiveStatus
    """``found``, ``none``, ``skipped`` or ``error``."""
    snapshot: Snapshot | None = None
    """The chosen capture when found."""
    detail: str = ""
    """Why, in words (rate-limited, excluded, nearest capture before the access date ...)."""
    page: Page | None = None
    """The raw capture, when it was fetched for matching."""


@dataclass(frozen=True)
class PageDate:
    """A date the page states, with the role it plays there."""

    value: str
    """ISO 8601 as written on the page (date or date-time, with its offset when given)."""
    role: str
    """``published``, ``modified``, ``created``, ``url``, ``time`` or ``dateline``."""
    origin: str
    """Where it was found (``meta[article:published_time]``, ``json-ld datePublished`` ...)."""


@dataclass(frozen=True)
class PageMetadata:
    """Every title, date, author and site-name candidate a page offers."""

    titles: tuple[tuple[str, str], ...] = ()
    """``(origin, title)`` pairs, best-trusted first."""
    dates: tuple[PageDate, ...] = ()
    """Dates with their roles."""
    authors: tuple[str, ...] = ()
    """Author names the page states."""
    site_names: tuple[str, ...] = ()
    """Site-name candidates (``og:site_name``, JSON-LD publisher, the domain)."""


@dataclass(frozen=True)
class Match:
    """Whether a page agrees with what the citation says."""

    copy: str
    """Which copy was compared: ``live`` or ``archive``."""
    title_found: str | None = None
    """The page's title candidate that matched best."""
    title_score: float | None = None
    """Best similarity, 0-100, over all title candidates."""
    title_agrees: bool | None = None
    """Score at or above the calibrated threshold; ``None`` when either side has no title."""
    date_found: str | None = None
    """The page date compared with the cited one."""
    date_agrees: bool | None = None
    """Whether the cited date is one of the page's own dates; ``None`` when undecidable."""
    date_role: str | None = None
    """Which page date agreed (``published``, ``modified``, ``url`` ...)."""
    author_agrees: bool | None = None
    """Whether a cited author's surname appears among the page's authors."""
    site_agrees: bool | None = None
    """Whether the cited container matches the site name or domain."""
    detail: str = ""
    """How the scores were reached, in words."""
    findings: tuple[Finding, ...] = ()
    """Disagreements and caveats (date only matched across midnight ...)."""


class Verdict(StrEnum):
    """The overall outcome for a source."""

    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class SourceReport:
    """Everything citecheck learned about one source."""

    source: Source
    """The parsed source."""
    link: LinkResult | None = None
    """The live check, ``None`` when that stage did not run."""
    archive: ArchiveResult | None = None
    """The archive lookup, ``None`` when that stage did not run."""
    match: Match | None = None
    """The agreement check, ``None`` when that stage did not run."""
    verdict: Verdict = Verdict.OK
    """The overall outcome."""
    findings: tuple[Finding, ...] = ()
    """Every finding for this source, from every stage."""
    drifted: bool = False
    """The live page no longer says what its archived copy said (a ``content-drift`` finding
    gives the evidence)."""


@dataclass(frozen=True)
class Summary:
    """Counts over a report."""

    sources: int
    """Number of sources."""
    ok: int
    """Sources whose verdict is ``ok``."""
    warning: int
    """Sources whose verdict is ``warning``."""
    error: int
    """Sources whose verdict is ``error``."""


@dataclass(frozen=True)
class Report:
    """The result of checking one document."""

    input: str
    """The input's name (path or ``-``)."""
    document: Document
    """The parsed document."""
    sources: tuple[SourceReport, ...]
    """One report per source, in source-list order."""
    findings: tuple[Finding, ...] = ()
    """Run- and document-level findings (network offline, numbering repaired ...)."""

    @property
    def summary(self) -> Summary:
        """Verdict counts."""
        verdicts = [s.verdict for s in self.sources]
        return Summary(
            sources=len(verdicts),
            ok=verdicts.count(Verdict.OK),
            warning=verdicts.count(Verdict.WARNING),
            error=verdicts.count(Verdict.ERROR),
        )
