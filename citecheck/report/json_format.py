"""The JSON contract (design.md section 5): a promise to pipelines, so keys are only ever added."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from citecheck.model import (
    ArchiveResult,
    Finding,
    LinkResult,
    Markers,
    Match,
    Report,
    Source,
    SourceReport,
    Summary,
)
from citecheck.report._common import combined_summary, document_findings, iso_datetime, safe
from citecheck.report._common import source_findings as collect_source_findings
from citecheck.report.options import RenderOptions

SCHEMA_VERSION = 1
"""Bumped only if a key's meaning changes; new keys do not bump it."""


def _text(value: str | None) -> str | None:
    return None if value is None else safe(value)


def _number(value: float | None) -> float | None:
    # NaN and infinities are not JSON; they mean "no score".
    return None if value is None or not math.isfinite(value) else value


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """``{"code", "severity", "message", "evidence"}``."""
    return {
        "code": safe(finding.code),
        "severity": finding.severity.value,
        "message": safe(finding.message),
        "evidence": {safe(k): safe(v) for k, v in finding.evidence.items()},
    }


_LINK_KEYS = (
    "status",
    "http_status",
    "final_url",
    "detail",
    "url",
    "redirects",
    "reason",
    "moved_to",
)
_ARCHIVE_KEYS = ("status", "url", "captured", "detail", "original", "capture_status")
_MATCH_KEYS = (
    "copy",
    "title_found",
    "title_score",
    "title_agrees",
    "date_found",
    "date_agrees",
    "date_role",
    "author_agrees",
    "site_agrees",
    "detail",
)


def _not_run(keys: Sequence[str]) -> dict[str, Any]:
    # Always an object, so consumers can read source["link"]["status"] without a None check.
    return dict.fromkeys(keys)


def link_to_dict(link: LinkResult | None) -> dict[str, Any]:
    """The live check; every field ``null`` when it did not run."""
    if link is None:
        return _not_run(_LINK_KEYS)
    return {
        "status": link.status.value,
        "http_status": link.http_status,
        "final_url": _text(link.final_url),
        "detail": safe(link.detail),
        "url": safe(link.url),
        "redirects": [{"url": safe(hop.url), "status": hop.status} for hop in link.redirects],
        "reason": link.reason.value if link.reason is not None else None,
        "moved_to": _text(link.moved_to),
    }


def archive_to_dict(archive: ArchiveResult | None) -> dict[str, Any]:
    """The archive lookup; every field ``null`` when it did not run."""
    if archive is None:
        return _not_run(_ARCHIVE_KEYS)
    snapshot = archive.snapshot
    return {
        "status": archive.status.value,
        "url": safe(snapshot.url) if snapshot else None,
        "captured": iso_datetime(snapshot.captured) if snapshot else None,
        "detail": safe(archive.detail),
        "original": safe(snapshot.original) if snapshot else None,
        "capture_status": snapshot.status if snapshot else None,
    }


def match_to_dict(match: Match | None) -> dict[str, Any]:
    """The agreement check; every field ``null`` when it did not run."""
    if match is None:
        return _not_run(_MATCH_KEYS)
    return {
        "copy": safe(match.copy),
        "title_found": _text(match.title_found),
        "title_score": _number(match.title_score),
        "title_agrees": match.title_agrees,
        "date_found": _text(match.date_found),
        "date_agrees": match.date_agrees,
        "date_role": _text(match.date_role),
        "author_agrees": match.author_agrees,
        "site_agrees": match.site_agrees,
        "detail": safe(match.detail),
    }


def _source_fields(source: Source) -> dict[str, Any]:
    return {
        "number": source.number,
        "label": safe(source.label),
        "raw": safe(source.raw),
        "authors": [safe(author) for author in source.authors],
        "title": _text(source.title),
        "container": _text(source.container),
        "published": _text(source.published),
        "accessed": _text(source.accessed),
        "url": _text(source.url),
        "url_as_written": _text(source.url_as_written),
        "url_candidates": [safe(url) for url in source.url_candidates],
        "doi": _text(source.doi),
        "span": None
        if source.span is None
        else {"start": source.span.start, "end": source.span.end},
    }


def source_report_to_dict(report: SourceReport, *, include_checks: bool = True) -> dict[str, Any]:
    """One entry of ``sources``; in parse output its ``link``, ``archive`` and ``match`` hold
    only ``null`` fields, since those stages did not run."""
    entry = _source_fields(report.source)
    entry["link"] = link_to_dict(report.link if include_checks else None)
    entry["archive"] = archive_to_dict(report.archive if include_checks else None)
    entry["match"] = match_to_dict(report.match if include_checks else None)
    entry["verdict"] = report.verdict.value
    entry["findings"] = [finding_to_dict(f) for f in collect_source_findings(report)]
    return entry


def markers_to_dict(markers: Markers) -> dict[str, Any]:
    """The in-text marker cross-check."""
    return {
        "cited": list(markers.cited),
        "missing_sources": list(markers.missing_sources),
        "uncited_sources": list(markers.uncited_sources),
    }


def summary_to_dict(summary: Summary) -> dict[str, int]:
    """Verdict counts."""
    return {
        "sources": summary.sources,
        "ok": summary.ok,
        "warning": summary.warning,
        "error": summary.error,
    }


def report_to_dict(report: Report, *, include_checks: bool = True) -> dict[str, Any]:
    """One document of the JSON contract.

    ``include_checks=False`` is the output of ``citecheck parse --format json``: the same
    document with ``"mode": "parse"`` and the ``link``, ``archive`` and ``match`` objects of
    every source all ``null``.
    """
    return {
        "schema_version": SCHEMA_VERSION,
        "mode": "check" if include_checks else "parse",
        "input": safe(report.input),
        "input_format": safe(report.document.format),
        "sources": [
            source_report_to_dict(source, include_checks=include_checks)
            for source in report.sources
        ],
        "markers": markers_to_dict(report.document.markers),
        "findings": [finding_to_dict(f) for f in document_findings(report)],
        "summary": summary_to_dict(report.summary),
    }


def reports_to_dict(reports: Sequence[Report], *, include_checks: bool = True) -> dict[str, Any]:
    """One report's document as is; several wrapped as ``{schema_version, reports, summary}``."""
    if len(reports) == 1:
        return report_to_dict(reports[0], include_checks=include_checks)
    summary = summary_to_dict(combined_summary(reports))
    return {
        "schema_version": SCHEMA_VERSION,
        "mode": "check" if include_checks else "parse",
        "reports": [report_to_dict(r, include_checks=include_checks) for r in reports],
        "summary": {"inputs": len(reports), **summary},
    }


class JsonFormat:
    """``--format json``: the contract, pretty-printed, UTF-8 characters kept as they are."""

    name = "json"
    summary = "the JSON contract, for pipelines"
    suffix = ".json"

    def render(self, reports: Sequence[Report], options: RenderOptions) -> str:
        """The JSON text (colour and options.width do not apply)."""
        document = reports_to_dict(reports, include_checks=options.include_checks)
        return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
