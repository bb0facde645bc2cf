"""Which addresses and schemes the resolver may contact (SSRF protection).

The policy and the one name lookup per host live in :mod:`citecheck.http.guard`; connections are
made to the addresses it vetted (:mod:`citecheck.http.transport`), so a DNS answer that changes
between the check and the connection cannot reach a refused address.
"""

from __future__ import annotations

from citecheck.http.guard import (
    ALLOWED_SCHEMES,
    AddressGuard,
    Resolver,
    ensure_public,
    refusal_reason,
)

__all__ = ["ALLOWED_SCHEMES", "AddressGuard", "Resolver", "ensure_public", "refusal_reason"]
