"""The link checker's limits: the HTTP layer's registry (request slots keyed by host).

Kept as a name for existing imports; see :mod:`citecheck.http.limits`.
"""

from __future__ import annotations

from citecheck.http.limits import LimiterRegistry, host_settings

Limits = LimiterRegistry
"""Request slots: at most ``concurrency`` overall and the host's limit per host."""

__all__ = ["Limits", "host_settings"]
