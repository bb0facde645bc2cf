"""Which addresses and schemes the resolver may contact (SSRF protection).

Every hop of every check resolves the host name first and refuses the request when any address it
resolves to is not public, unless private addresses are allowed. The check and the connection
resolve separately, so a name whose DNS answer changes in between (DNS rebinding) is not covered.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from typing import Any

from citecheck.errors import BlockedAddressError

ALLOWED_SCHEMES = frozenset({"http", "https"})

Resolver = Callable[[str, int], Sequence[tuple[Any, ...]]]
"""Same call shape as :func:`socket.getaddrinfo` ``(host, port)``, returning its 5-tuples."""

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


def host_addresses(host: str, port: int, resolve_host: Resolver) -> tuple[str, ...]:
    """The distinct addresses ``host`` resolves to; raises :class:`socket.gaierror` if none."""
    literal = _literal(host)
    if literal is not None:
        return (literal,)
    infos = resolve_host(host, port)
    addresses = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise socket.gaierror(socket.EAI_NONAME, f"no address for {host}")
    return addresses


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


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None
