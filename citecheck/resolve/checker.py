"""LinkChecker: live link checks for one run, classified per design.md section 3."""

from __future__ import annotations

import hashlib
import socket
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from types import TracebackType
from typing import TypeVar
from urllib.parse import urljoin, urlsplit

import requests

from citecheck._threads import LazyPool
from citecheck.errors import BlockedAddressError
from citecheck.http.agent import default_user_agent as default_user_agent
from citecheck.http.agent import user_agent
from citecheck.http.cache import cache_path
from citecheck.http.client import FetchFailure, HttpClient
from citecheck.http.guard import ALLOWED_SCHEMES, AddressGuard, Resolver
from citecheck.http.limits import LimiterRegistry, host_settings
from citecheck.http.session import build_session
from citecheck.model import Finding, LinkReason, LinkResult, LinkStatus, Page, Redirect, Severity
from citecheck.options import CheckOptions
from citecheck.resolve.http import Fetcher, FetchError, Reply
from citecheck.resolve.memo import Memo
from citecheck.resolve.signals import (
    DEAD_STATUSES,
    PageText,
    challenge_reason,
    login_url,
    not_found_title,
    not_found_url,
    same_page,
    script_shell,
    status_verdict,
)
from citecheck.resolve.urls import (
    Remapper,
    is_site_root,
    origin,
    parent_path,
    without_fragment,
)

K = TypeVar("K", bound=Hashable)

DNS_CANARIES = ("example.com", "www.wikipedia.org", "www.google.com")
"""Well-known names resolved once per run to tell a missing name from a missing network."""

PROBES_KEPT = 2048
"""Soft-404 probes a long run remembers at most (each holds a page's text) before starting over."""
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_HEAD_UNRELIABLE = frozenset({400, 403, 405, 501})
_RESOLVED = frozenset({LinkStatus.ALIVE, LinkStatus.REDIRECTED})
_FAILURE_REASONS = {
    FetchFailure.TIMEOUT: LinkReason.TIMEOUT,
    FetchFailure.DNS: LinkReason.DNS_TEMPORARY,
}
"""The reason a request without a response gives; refused, reset and TLS failures are all
``connection-failed``."""
_CANDIDATE_RANK = {
    LinkStatus.ALIVE: 0,
    LinkStatus.REDIRECTED: 0,
    LinkStatus.BLOCKED: 1,
    LinkStatus.UNREACHABLE: 2,
    LinkStatus.UNCHECKED: 3,
    LinkStatus.DEAD: 4,
}


@dataclass(frozen=True)
class _Trail:
    """Where following a URL's redirects ended."""

    hops: tuple[Redirect, ...]
    reply: Reply


@dataclass(frozen=True)
class _Probe:
    """How a site answers a made-up URL next to a cited one."""

    url: str
    status: int
    final_url: str
    page: PageText | None


class LinkChecker:
    """Checks URLs live for one run: one pooled, cached HTTP session, shared limits and memos.

    Safe to call from several threads; every URL is requested at most once per run.
    """

    def __init__(
        self,
        options: CheckOptions,
        *,
        resolve_host: Resolver = socket.getaddrinfo,
        backoff: float = 0.5,
        dns_canaries: Sequence[str] = DNS_CANARIES,
    ) -> None:
        """``resolve_host`` (shaped like :func:`socket.getaddrinfo`) answers every name lookup
        of the run (each host once, within ``options.timeout``): the address checks, the
        connections and the offline test. ``backoff`` is the first retry delay in seconds."""
        self._options = options
        self._urls = Remapper(options.remaps, options.ignore)
        self._guard = AddressGuard(
            allow_private=options.allow_private,
            resolver=resolve_host,
            lookup_timeout=options.timeout,
        )
        self._dns_canaries = tuple(dns_canaries)
        self._run_findings: list[Finding] = []
        self._session = self._open_session(options)
        self._client = HttpClient(
            self._session, user_agent=user_agent(options.user_agent), timeout=options.timeout
        )
        self._limits = LimiterRegistry(options.concurrency, options.per_host, options.hosts)
        self._fetcher = Fetcher(self._client, options, self._limits, backoff=backoff)
        self._results: Memo[tuple[str, bool], LinkResult] = Memo()
        self._probes: Memo[tuple[str, str], _Probe | None] = Memo()
        self._dns_state: Memo[str, bool] = Memo()
        self._lock = threading.Lock()
        self._offline_hosts: set[str] = set()
        # One pool for every batch of the run: concurrency is bounded by the limiter anyway.
        self._pool = LazyPool(options.concurrency, "citecheck-link")

    def _open_session(self, options: CheckOptions) -> requests.Session:
        agent = user_agent(options.user_agent)
        try:
            return build_session(options, self._guard, agent)
        except OSError as exc:
            self._run_findings.append(
                Finding(
                    "cache-unavailable",
                    Severity.WARNING,
                    f"The HTTP cache could not be opened ({exc}); checking without it.",
                    {"cache": str(cache_path(options.cache_dir))},
                )
            )
            return build_session(replace(options, use_cache=False), self._guard, agent)

    @property
    def session(self) -> requests.Session:
        """The run's HTTP session (pooled, guarded, cached), for other stages to share."""
        return self._session

    @property
    def guard(self) -> AddressGuard:
        """The run's address policy and name lookups (every connection of the session)."""
        return self._guard

    def close(self) -> None:
        """Release the threads, connections and the cache."""
        self._pool.close()
        self._session.close()

    def __enter__(self) -> LinkChecker:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def remap(self, url: str) -> str:
        """``url`` after the run's ``--remap`` rules: the address that is actually requested."""
        return self._urls.remap(url.strip())

    @property
    def network_offline(self) -> bool:
        """Whether some host could not be looked up because no name resolves at all."""
        with self._lock:
            return bool(self._offline_hosts)

    def forget(self, urls: Iterable[str]) -> None:
        """Drop what this run remembers about ``urls`` (their results and pages), so that a
        long batch run keeps its memory flat; the persistent cache still answers a repeat.
        Soft-404 probes (one per site folder) are kept until there are many."""
        for written in urls:
            url = without_fragment(self._urls.remap(written.strip()))
            self._results.discard((url, True))
            self._results.discard((url, False))
        if len(self._probes) > PROBES_KEPT:
            self._probes.clear()

    def run_findings(self) -> tuple[Finding, ...]:
        """Findings about the run as a whole (``network-offline``, ``cache-unavailable``)."""
        with self._lock:
            findings = list(self._run_findings)
            offline = sorted(self._offline_hosts)
        if offline:
            findings.append(
                Finding(
                    "network-offline",
                    Severity.WARNING,
                    f"No host name could be resolved, not even well-known ones: the network "
                    f"looks offline, so {len(offline)} host(s) could not be checked. Their links "
                    "are marked unreachable, not dead.",
                    {"hosts": ", ".join(offline[:20]), "canaries": ", ".join(self._dns_canaries)},
                )
            )
        return tuple(findings)

    # -- checking -------------------------------------------------------------------------

    def check(self, candidates: Sequence[str], *, want_body: bool = True) -> LinkResult:
        """Check one source's URL candidates, most likely first, keeping the first that resolves.

        ``want_body`` fetches the page with GET (capped) for matching; otherwise HEAD is tried
        first and GET only where HEAD is refused or the site needs a soft-404 comparison.
        """
        if not candidates:
            return LinkResult(
                LinkStatus.UNCHECKED, url="", detail="no URL to check", reason=LinkReason.NO_URL
            )
        results: list[LinkResult] = []
        for candidate in candidates:
            results.append(self._check_url(candidate, want_body))
            if results[-1].status in _RESOLVED:
                break
        if len(candidates) == 1:
            return results[0]
        return _choose_candidate(candidates, results)

    def check_many(
        self,
        items: Iterable[tuple[K, Sequence[str]]],
        *,
        want_body: bool = True,
        on_result: Callable[[LinkResult], None] | None = None,
    ) -> Iterator[tuple[K, LinkResult]]:
        """Check many sources concurrently, yielding ``(key, result)`` as each completes.

        ``on_result`` is called (from the consuming thread) for each result, e.g. for progress.
        """
        ordered = self._interleave_by_host(list(items))
        if not ordered:
            return
        futures = {
            self._pool.submit(self.check, candidates, want_body=want_body): key
            for key, candidates in ordered
        }
        try:
            for future in as_completed(futures):
                result = future.result()
                if on_result is not None:
                    on_result(result)
                yield futures[future], result
        finally:
            for future in futures:
                future.cancel()

    def _interleave_by_host(
        self, items: list[tuple[K, Sequence[str]]]
    ) -> list[tuple[K, Sequence[str]]]:
        # Round-robin over hosts so that workers are not all queued behind one host's limit.
        by_host: dict[str, list[tuple[K, Sequence[str]]]] = defaultdict(list)
        for key, candidates in items:
            host = ""
            if candidates:
                try:
                    host = urlsplit(self._urls.remap(candidates[0])).hostname or ""
                except ValueError:
                    host = ""
            by_host[host].append((key, candidates))
        queues = list(by_host.values())
        ordered: list[tuple[K, Sequence[str]]] = []
        for index in range(max((len(q) for q in queues), default=0)):
            ordered.extend(q[index] for q in queues if index < len(q))
        return ordered

    def _check_url(self, written: str, want_body: bool) -> LinkResult:
        url = self._urls.remap(written.strip())
        if self._options.offline:
            return LinkResult(
                LinkStatus.UNCHECKED,
                url,
                detail="offline mode: not checked",
                reason=LinkReason.OFFLINE_MODE,
            )
        pattern = self._urls.ignored_by(written, url)
        if pattern is not None:
            return LinkResult(
                LinkStatus.UNCHECKED,
                url,
                detail=f"excluded by pattern {pattern!r}",
                reason=LinkReason.EXCLUDED,
            )
        problem = _url_problem(url)
        if problem is not None:
            return problem
        key = without_fragment(url)
        if want_body:
            result = self._results.get((key, True), lambda: self._check_live(key, True))
        else:
            known = self._results.known((key, True))
            result = known or self._results.get((key, False), lambda: self._check_live(key, False))
        result = result if result.url == url else replace(result, url=url)
        # Settings name the cited host; with --remap the host contacted may be another one.
        return self._softened(written, result) if written != url else result

    def _check_live(self, url: str, want_body: bool) -> LinkResult:
        if want_body:
            known = self._results.known((url, False))
            if known is not None and known.status not in _RESOLVED:
                return known
        trail = self._follow(url, "GET" if want_body else "HEAD")
        if isinstance(trail, LinkResult):
            return trail
        return self._classify(url, trail, want_body)

    # -- fetching -------------------------------------------------------------------------

    def _follow(self, url: str, method: str) -> _Trail | LinkResult:
        """Request ``url`` and its redirects hop by hop, vetting every hop's address."""
        hops: list[Redirect] = []
        redirected_from: Counter[str] = Counter()
        current = url
        while True:
            refusal = self._vet(url, current, hops)
            if refusal is not None:
                return refusal
            host = urlsplit(current).hostname or ""
            try:
                reply = self._fetcher.fetch(method, current, host)
                if method == "HEAD" and reply.status in _HEAD_UNRELIABLE:
                    reply = self._fetcher.fetch("GET", current, host)
            except FetchError as error:
                if error.kind is FetchFailure.BLOCKED:
                    return _refused(url, current, hops, error.detail)
                return LinkResult(
                    LinkStatus.UNREACHABLE,
                    url,
                    final_url=current,
                    redirects=tuple(hops),
                    detail=f"{error.detail}; not proof of death",
                    reason=_FAILURE_REASONS.get(error.kind, LinkReason.CONNECTION_FAILED),
                )
            location = reply.headers.get("Location") or reply.headers.get("location")
            if reply.status not in _REDIRECT_STATUSES or not location:
                return _Trail(tuple(hops), reply)
            hops.append(Redirect(current, reply.status))
            redirected_from[current] += 1
            target = without_fragment(urljoin(current, location.strip()))
            if redirected_from[target] >= 2:
                return self._redirect_failure(
                    url, hops, target, "a redirect loop", LinkReason.REDIRECT_LOOP
                )
            if len(hops) > self._options.max_redirects:
                return self._redirect_failure(
                    url,
                    hops,
                    target,
                    f"more than {self._options.max_redirects} redirects",
                    LinkReason.TOO_MANY_REDIRECTS,
                )
            current = target

    def _redirect_failure(
        self, url: str, hops: list[Redirect], target: str, what: str, reason: LinkReason
    ) -> LinkResult:
        chain = " → ".join([h.url for h in hops[:4]] + (["…"] if len(hops) > 4 else []))
        return self._softened(
            url,
            LinkResult(
                LinkStatus.DEAD,
                url,
                http_status=hops[-1].status,
                final_url=target,
                redirects=tuple(hops),
                detail=f"{what} ({chain}); the page cannot be reached",
                reason=reason,
            ),
        )

    def _vet(self, url: str, current: str, hops: list[Redirect]) -> LinkResult | None:
        """``None`` when ``current`` may be requested, else the result that stops the check."""
        parts = urlsplit(current)
        if parts.scheme.lower() not in ALLOWED_SCHEMES:
            return LinkResult(
                LinkStatus.UNCHECKED,
                url,
                final_url=current,
                redirects=tuple(hops),
                detail=f"redirected to an unsupported scheme ({parts.scheme}:)",
                reason=LinkReason.UNSUPPORTED_SCHEME,
            )
        host = parts.hostname or ""
        try:
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
            # The same vetted answer the connection will use: the name is looked up once.
            self._guard.addresses(host, port)
        except BlockedAddressError as exc:
            return _refused(url, current, hops, str(exc))
        except socket.gaierror as exc:
            return self._name_failure(url, host, exc, current, tuple(hops))
        except (UnicodeError, ValueError) as exc:
            return LinkResult(
                LinkStatus.UNCHECKED,
                url,
                final_url=current,
                redirects=tuple(hops),
                detail=f"invalid host name {host!r}: {exc}",
                reason=LinkReason.INVALID_URL,
            )
        return None

    def _name_failure(
        self,
        url: str,
        host: str,
        error: socket.gaierror,
        final_url: str,
        hops: tuple[Redirect, ...],
    ) -> LinkResult:
        if not self._dns_works():
            with self._lock:
                self._offline_hosts.add(host)
            return LinkResult(
                LinkStatus.UNREACHABLE,
                url,
                final_url=final_url,
                redirects=hops,
                detail=f"could not resolve {host}, and no well-known name resolves either: "
                "the network looks offline; not proof of death",
                reason=LinkReason.NETWORK_OFFLINE,
            )
        if error.errno == socket.EAI_AGAIN:
            return LinkResult(
                LinkStatus.UNREACHABLE,
                url,
                final_url=final_url,
                redirects=hops,
                detail=f"temporary DNS failure for {host} ({error}); not proof of death",
                reason=LinkReason.DNS_TEMPORARY,
            )
        return self._softened(
            url,
            LinkResult(
                LinkStatus.DEAD,
                url,
                final_url=final_url,
                redirects=hops,
                detail=f"the host name {host} does not exist (DNS: {error.strerror or error})",
                reason=LinkReason.HOST_NOT_FOUND,
            ),
            host_name_missing=True,
        )

    def _dns_works(self) -> bool:
        return self._dns_state.get("canaries", self._probe_dns)

    def _probe_dns(self) -> bool:
        # All at once: without a reachable resolver each lookup can take the resolver's timeout.
        if not self._dns_canaries:
            return False
        pool = ThreadPoolExecutor(len(self._dns_canaries), thread_name_prefix="citecheck-dns")
        try:
            lookups = [pool.submit(self._resolves, name) for name in self._dns_canaries]
            return any(lookup.result() for lookup in as_completed(lookups))
        finally:
            pool.shutdown(wait=False)

    def _resolves(self, name: str) -> bool:
        return self._guard.can_resolve(name, 443)

    # -- classification -------------------------------------------------------------------

    def _classify(self, url: str, trail: _Trail, want_body: bool) -> LinkResult:
        reply = trail.reply
        base = LinkResult(
            LinkStatus.ALIVE,
            url,
            http_status=reply.status,
            final_url=reply.url,
            redirects=trail.hops,
            page=_page(reply) if want_body else None,
        )
        # A 404 page may carry a captcha form; only the challenge header can overrule its status.
        looked_at = (None, None) if reply.status in DEAD_STATUSES else (reply.body, reply.page)
        challenge = challenge_reason(reply.headers, *looked_at)
        if challenge is not None:
            return replace(
                base,
                status=LinkStatus.BLOCKED,
                detail=f"{challenge}; not verifiable",
                reason=LinkReason.BOT_CHALLENGE,
            )
        status, reason, detail = status_verdict(reply.status)
        if status is not LinkStatus.ALIVE:
            if reply.retry_after is not None and reply.retry_after > self._options.max_retry_after:
                detail += (
                    f" (the server asked to wait {reply.retry_after:.0f} s, more than the "
                    f"{self._options.max_retry_after:.0f} s allowed)"
                )
            return self._softened(url, replace(base, status=status, detail=detail, reason=reason))
        soft = self._soft_404(url, trail, want_body)
        if soft is not None:
            return self._softened(url, soft)
        return _alive_or_moved(base, reply)

    def _soft_404(self, url: str, trail: _Trail, want_body: bool) -> LinkResult | None:
        """A dead (or blocked) result when the 2xx answer is not really the cited page."""
        reply = trail.reply
        base = LinkResult(
            LinkStatus.DEAD,
            url,
            http_status=reply.status,
            final_url=reply.url,
            redirects=trail.hops,
            page=_page(reply) if want_body else None,
            reason=LinkReason.SOFT_404,
        )
        if trail.hops:
            redirected = _soft_404_by_redirect(url, reply.url, base)
            if redirected is not None:
                return redirected
        if reply.page is not None and not_found_title(reply.page.title):
            return replace(base, detail=f"soft 404: the page title says {reply.page.title!r}")
        if is_site_root(reply.url):
            return None  # a site answering every address with its home page keeps that page
        return self._soft_404_by_probe(reply, base)

    def _soft_404_by_probe(self, reply: Reply, base: LinkResult) -> LinkResult | None:
        probe = self._probes.get(
            (origin(reply.url), parent_path(reply.url)), lambda: self._sibling_probe(reply.url)
        )
        if probe is None or probe.page is None or not 200 <= probe.status < 300:
            return None  # the site says "not found" properly (or could not be asked)
        if reply.method == "HEAD":
            # HEAD told us little, and this site answers made-up URLs with 200: look closer.
            host = urlsplit(reply.url).hostname or ""
            try:
                reply = self._fetcher.fetch("GET", reply.url, host)
            except FetchError:
                return None
            if reply.page is not None and not_found_title(reply.page.title):
                return replace(base, detail=f"soft 404: the page title says {reply.page.title!r}")
        cited = reply.page
        if cited is None:
            return None
        same, score = same_page(cited, probe.page)
        if not same:
            return None
        if script_shell(cited, reply.body or b""):
            return replace(
                base,
                status=LinkStatus.BLOCKED,
                detail="client-rendered site: every address, made-up or not, gets the same "
                "script shell, so the live check cannot tell; not verifiable",
                reason=LinkReason.CLIENT_RENDERED,
            )
        return replace(
            base,
            detail=f"soft 404: a made-up address next to it ({probe.url}) is answered with "
            f"HTTP {probe.status} and the same page ({score:.0f}% alike)",
            findings=(
                Finding(
                    "soft-404",
                    Severity.INFO,
                    "The site answers made-up addresses with the same page, so this page is "
                    "treated as not found.",
                    {
                        "probe_url": probe.url,
                        "probe_status": str(probe.status),
                        "similarity": f"{score:.0f}",
                    },
                ),
            ),
        )

    def _sibling_probe(self, url: str) -> _Probe | None:
        """Ask for a made-up URL in the same folder (deterministic, so the cache can answer)."""
        folder = origin(url) + parent_path(url)
        slug = "citecheck-probe-" + hashlib.sha256(folder.encode()).hexdigest()[:16]
        trail = self._follow(folder + slug, "GET")
        if isinstance(trail, LinkResult):
            return None
        reply = trail.reply
        return _Probe(folder + slug, reply.status, reply.url, reply.page)

    def _softened(
        self, url: str, result: LinkResult, *, host_name_missing: bool = False
    ) -> LinkResult:
        """Paywalled hosts are never dead: a refusal there only means it could not be verified."""
        if result.status is not LinkStatus.DEAD or host_name_missing:
            return result
        hosts = {urlsplit(url).hostname or "", urlsplit(result.final_url or url).hostname or ""}
        if not any(
            (s := host_settings(self._options.hosts, h)) is not None and s.paywalled for h in hosts
        ):
            return result
        return replace(
            result,
            status=LinkStatus.BLOCKED,
            detail=f"{result.detail} — but the host is marked paywalled, so this is not proof "
            "of death",
            reason=LinkReason.PAYWALL,
        )


def _url_problem(url: str) -> LinkResult | None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        return _unsupported(url, LinkReason.INVALID_URL, f"not a valid URL: {exc}")
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        scheme = f"{parts.scheme}:" if parts.scheme else "no scheme"
        return _unsupported(
            url, LinkReason.UNSUPPORTED_SCHEME, f"only http and https are checked ({scheme})"
        )
    if not parts.hostname:
        return _unsupported(url, LinkReason.INVALID_URL, "the URL has no host name")
    return None


def _unsupported(url: str, reason: LinkReason, detail: str) -> LinkResult:
    """A URL that cannot be requested; its finding's code is the reason's word."""
    return LinkResult(
        LinkStatus.UNCHECKED,
        url,
        detail=detail,
        findings=(Finding(reason.value, Severity.WARNING, f"{url}: {detail}.", {"url": url}),),
        reason=reason,
    )


def _soft_404_by_redirect(url: str, final_url: str, base: LinkResult) -> LinkResult | None:
    if is_site_root(final_url) and not is_site_root(url):
        return replace(base, detail="soft 404: redirected to the site's home page")
    if not_found_url(final_url) and not not_found_url(url):
        return replace(base, detail=f"soft 404: redirected to an error page ({final_url})")
    if login_url(final_url) and not login_url(url):
        return replace(
            base,
            status=LinkStatus.BLOCKED,
            detail=f"redirected to a sign-in or subscription page ({final_url}); not verifiable",
            reason=LinkReason.PAYWALL,
        )
    return None


def _refused(url: str, current: str, hops: list[Redirect], why: str) -> LinkResult:
    return LinkResult(
        LinkStatus.UNCHECKED,
        url,
        final_url=current,
        redirects=tuple(hops),
        detail=why,
        findings=(Finding("address-refused", Severity.WARNING, why, {"url": current}),),
        reason=LinkReason.ADDRESS_REFUSED,
    )


def _page(reply: Reply) -> Page | None:
    if reply.method == "HEAD" or not 200 <= reply.status < 300:
        return None
    return Page(reply.url, reply.status, dict(reply.headers), reply.body, reply.truncated)


def _alive_or_moved(base: LinkResult, reply: Reply) -> LinkResult:
    notes = [f"HTTP {reply.status}"]
    if base.redirects:
        notes.append(f"after {len(base.redirects)} redirect(s)")
    if reply.truncated:
        notes.append("body cut at the size cap")
    if reply.from_cache:
        notes.append("from cache")
    moved_to = _permanent_target(base.redirects, reply.url)
    if moved_to is None:
        return replace(base, detail=", ".join(notes), reason=LinkReason.HTTP_OK)
    return replace(
        base,
        status=LinkStatus.REDIRECTED,
        detail=f"moved permanently to {moved_to}; cite that address ({', '.join(notes)})",
        reason=LinkReason.MOVED_PERMANENTLY,
        moved_to=moved_to,
    )


def _permanent_target(hops: tuple[Redirect, ...], final_url: str) -> str | None:
    """Where the leading run of permanent redirects points, when the chain starts with one."""
    leading = 0
    while leading < len(hops) and hops[leading].status in _PERMANENT:
        leading += 1
    if leading == 0:
        return None
    return hops[leading].url if leading < len(hops) else final_url


def _choose_candidate(candidates: Sequence[str], results: list[LinkResult]) -> LinkResult:
    best = min(range(len(results)), key=lambda i: (_CANDIDATE_RANK[results[i].status], i))
    chosen = results[best]
    tried = "; ".join(
        f"{r.url} → {r.status.value}" + (f" (HTTP {r.http_status})" if r.http_status else "")
        for r in results
    )
    evidence = {"candidates": " | ".join(candidates), "tried": tried, "chosen": chosen.url}
    if chosen.status in _RESOLVED:
        finding = Finding(
            "url-candidate-chosen",
            Severity.INFO,
            f"The URL's line break was ambiguous; {chosen.url} resolves "
            f"({chosen.status.value}), so it was chosen"
            + (f" over {best} other reading(s)." if best else "."),
            evidence,
        )
    else:
        finding = Finding(
            "url-candidates-unresolved",
            Severity.WARNING,
            f"The URL's line break was ambiguous and none of the {len(candidates)} readings "
            f"resolves; keeping {chosen.url} ({chosen.status.value}).",
            evidence,
        )
    return replace(chosen, findings=(*chosen.findings, finding))
