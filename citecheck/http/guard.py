"""Which addresses may be contacted (SSRF protection), and the one name lookup per host.

A host name is resolved once per run, with its own deadline; every address it resolves to is
checked against the policy, and connections are then made to those very addresses (see
:mod:`citecheck.http.transport`). A DNS answer that changes between the check and the connection
(DNS rebinding) therefore cannot move a connection to a refused address: there is no second
lookup to change.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any

from citecheck.errors import BlockedAddressError

ALLOWED_SCHEMES = frozenset({"http", "https"})

Resolver = Callable[[str, int], Sequence[tuple[Any, ...]]]
"""Same call shape as :func:`socket.getaddrinfo` ``(host, port)``, returning its 5-tuples."""

DEFAULT_LOOKUP_TIMEOUT = 10.0
"""Seconds a name lookup may take before it counts as a temporary DNS failure."""

_AddressType = ipaddress.IPv4Address | ipaddress.IPv6Address


def refusal_reason(address: str) -> str | None:
    """Why ``address`` must not be contacted (``"loopback"``, ``"private"`` ...), or ``None``.

    IPv4-mapped IPv6 addresses are judged by the IPv4 address they carry.
    """
    try:
        ip: _AddressType = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "unparseable"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    checks: tuple[tuple[str, bool], ...] = (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("non-public", not ip.is_global),
    )
    return next((name for name, hit in checks if hit), None)


def ensure_public(host: str, addresses: Sequence[str]) -> None:
    """Raise :class:`BlockedAddressError` when any of ``addresses`` is not public."""
    for address in addresses:
        reason = refusal_reason(address)
        if reason is not None:
            article = "an" if reason[0] in "aeiou" else "a"
            subject = f"{host} is" if address == host else f"{host} resolves to"
            where = "" if address == host else f" ({address})"
            raise BlockedAddressError(
                f"refused: {subject} {article} {reason} address{where}; use --allow-private"
            )


def lookup(host: str, port: int, resolver: Resolver, timeout: float) -> tuple[str, ...]:
    """The distinct addresses ``host`` resolves to, asked of ``resolver`` within ``timeout``.

    An address literal is its own answer. Raises :class:`socket.gaierror`: ``EAI_NONAME`` when
    there is no address, ``EAI_AGAIN`` when the lookup outlasts ``timeout`` (the resolver keeps
    running in a daemon thread; a system lookup cannot be interrupted).
    """
    literal = _literal(host)
    if literal is not None:
        return (literal,)
    answer: Future[Sequence[tuple[Any, ...]]] = Future()

    def ask() -> None:
        try:
            answer.set_result(resolver(host, port))
        except BaseException as exc:  # handed to the waiting caller
            answer.set_exception(exc)

    threading.Thread(target=ask, name="citecheck-dns", daemon=True).start()
    try:
        infos = answer.result(timeout=max(0.0, timeout))
    except TimeoutError:
        raise socket.gaierror(
            socket.EAI_AGAIN, f"name lookup for {host} timed out after {timeout:g} s"
        ) from None
    addresses = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise socket.gaierror(socket.EAI_NONAME, f"no address for {host}")
    return addresses


class AddressGuard:
    """One run's address policy and name lookups: each host is resolved once, then remembered.

    :meth:`addresses` is what every connection asks (and what a check asks before it starts);
    both get the same, already vetted answer. Origins the operator configured (the archive's
    base URL) can be trusted with :meth:`trust`; addresses taken from documents never are.
    """

    def __init__(
        self,
        *,
        allow_private: bool = False,
        resolver: Resolver = socket.getaddrinfo,
        lookup_timeout: float = DEFAULT_LOOKUP_TIMEOUT,
    ) -> None:
        self.allow_private = allow_private
        """Whether private, loopback, link-local and reserved addresses may be contacted."""
        self._resolver = resolver
        self._timeout = lookup_timeout
        self._lock = threading.Lock()
        self._answers: dict[str, Future[tuple[str, ...]]] = {}
        self._trusted: set[tuple[str, int]] = set()

    def trust(self, host: str, port: int) -> None:
        """Let ``host:port`` be contacted whatever it resolves to (an operator's choice)."""
        with self._lock:
            self._trusted.add((_key(host), port))

    def resolve(self, host: str, port: int) -> tuple[str, ...]:
        """``host``'s addresses from the run's one lookup of it, unvetted (raises
        :class:`socket.gaierror` as :func:`lookup` does, and again for every later caller)."""
        key = _key(host)
        with self._lock:
            future = self._answers.get(key)
            owner = future is None
            if future is None:
                future = self._answers[key] = Future()
        if owner:
            try:
                future.set_result(lookup(key, port, self._resolver, self._timeout))
            except BaseException as exc:
                future.set_exception(exc)
        return future.result()

    def addresses(self, host: str, port: int) -> tuple[str, ...]:
        """The addresses a connection to ``host:port`` may use; raises
        :class:`BlockedAddressError` when the policy refuses any of them."""
        found = self.resolve(host, port)
        with self._lock:
            trusted = (_key(host), port) in self._trusted
        if not self.allow_private and not trusted:
            ensure_public(host, found)
        return found

    def can_resolve(self, host: str, port: int = 443) -> bool:
        """Whether ``host`` resolves at all (within the lookup deadline), without remembering."""
        try:
            return bool(lookup(host, port, self._resolver, self._timeout))
        except (OSError, UnicodeError):
            return False


def _key(host: str) -> str:
    """One spelling per name: the checker sees ``bücher.example``, the connection its ASCII
    form; both must share one lookup."""
    name = host.lower().rstrip(".")
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None
