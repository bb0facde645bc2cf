"""The resolver: live link checks that tell dead from blocked.

``LinkChecker`` checks the URLs of a run through one pooled, cached HTTP session with global and
per-host limits, and classifies each as alive, redirected, dead, blocked, unreachable or
unchecked (design.md section 3), with its evidence.
"""

from __future__ import annotations

from citecheck.resolve.checker import LinkChecker, default_user_agent
from citecheck.resolve.safety import refusal_reason

__all__ = ["LinkChecker", "default_user_agent", "refusal_reason"]
