"""The matcher: does the page (live or archived) say what the citation says?

Extracts every title, date, author and site-name candidate a page offers, scores the cited
title against them (threshold calibrated on real pages), compares dates time-zone aware, and
detects content drift between the live page and an archived capture. Makes no network request.
"""

from __future__ import annotations

from citecheck.match._extract import extract_metadata
from citecheck.match._match import detect_drift, match, match_page
from citecheck.match._titles import TITLE_THRESHOLD

__all__ = ["TITLE_THRESHOLD", "detect_drift", "extract_metadata", "match", "match_page"]
