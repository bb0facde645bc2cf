"""Fixtures for the resolver tests: the local test web (see resolve_web.py)."""

from __future__ import annotations

from resolve_web import web

__all__ = ["web"]
