"""In-text citation markers (``[3]``, ``[1, 3]``, ``[1–3]``, ``(2)``, superscripts, ``[^4]``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from citecheck.model import Finding, Markers, Severity

_BRACKETED = re.compile(r"\[(\d{1,4}(?:\s*[-–—,;]\s*\d{1,4})*)\](?!\()")
_PARENTHESISED = re.compile(r"(?<=\S)\s?\((\d{1,3}(?:\s*[-–—,;]\s*\d{1,3})*)\)")
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT = re.compile(r"(?<=[\w.,;:!?)\"”’])([⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[,⁻–-][⁰¹²³⁴⁵⁶⁷⁸⁹]+)*)")
_MAX_RANGE = 200


def _expand(spec: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", spec):
        bounds = re.split(r"\s*[-–—⁻]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            low, high = int(bounds[0]), int(bounds[1])
            if low <= high and high - low <= _MAX_RANGE:
                numbers.extend(range(low, high + 1))
        elif part.isdigit():
            numbers.append(int(part))
    return numbers


def _from_superscript(text: str) -> str:
    return "".join(
        str(_SUPERSCRIPT_DIGITS.index(c)) if c in _SUPERSCRIPT_DIGITS else c for c in text
    )


def find_markers(body: str, footnote_labels: dict[str, int] | None = None) -> list[int]:
    """Source numbers cited in ``body``, in order of first appearance, unique."""
    found: list[int] = []
    for match in _BRACKETED.finditer(body):
        found.extend(_expand(match.group(1)))
    for match in _SUPERSCRIPT.finditer(body):
        found.extend(_expand(_from_superscript(match.group(1))))
    for match in _FOOTNOTE.finditer(body):
        label = match.group(1)
        if footnote_labels and label in footnote_labels:
            found.append(footnote_labels[label])
        elif label.isdigit():
            found.append(int(label))
    if not found:
        for match in _PARENTHESISED.finditer(body):
            found.extend(_expand(match.group(1)))
    return list(dict.fromkeys(found))


def cross_check(
    cited: Iterable[int], numbers: Iterable[int | None]
) -> tuple[Markers, list[Finding]]:
    """Markers naming no source, and sources no marker names."""
    cited_sorted = tuple(sorted(set(cited)))
    known = [n for n in numbers if n is not None]
    missing = tuple(n for n in cited_sorted if n not in known)
    uncited = tuple(n for n in sorted(set(known)) if n not in cited_sorted) if cited_sorted else ()
    findings = [
        Finding(
            "marker-without-source",
            Severity.WARNING,
            f"the text cites [{n}] but the source list has no entry {n}",
            {"marker": str(n)},
        )
        for n in missing
    ]
    findings += [
        Finding(
            "source-never-cited",
            Severity.INFO,
            f"source {n} is never cited in the text",
            {"source": str(n)},
        )
        for n in uncited
    ]
    if known and not cited_sorted:
        findings.append(
            Finding("no-markers", Severity.INFO, "the text has no in-text citation markers")
        )
    return Markers(cited_sorted, missing, uncited), findings
