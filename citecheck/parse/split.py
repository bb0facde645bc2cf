"""Splitting a source list into entries, and repairing what PDF extraction did to the numbering.

An entry is a list of text segments rather than one span, because a repair can move a piece
of text (a URL printed on the next numbered line) into the entry it belongs to.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from citecheck.model import Finding, Severity, Span
from citecheck.parse.urls import find_urls

_LABEL_STYLES: dict[str, re.Pattern[str]] = {
    "footnote": re.compile(r"^[ \t]{0,3}\[\^(?P<n>[^\]\s]+)\]:[ \t]*", re.M),
    "definition": re.compile(r"^[ \t]{0,3}\[(?P<n>[^\]\^\s][^\]\n]*)\]:[ \t]+(?=\S)", re.M),
    "bracket": re.compile(r"^[ \t]*\[(?P<n>\d{1,4})\](?:[ \t]+|(?=\n)|$)", re.M),
    "paren": re.compile(r"^[ \t]*\((?P<n>\d{1,4})\)[ \t]+", re.M),
    "dot": re.compile(r"^[ \t]*(?P<n>\d{1,4})[.)](?:[ \t]+|(?=\n))", re.M),
    "bare": re.compile(r"^[ \t]*(?P<n>\d{1,3})[ \t]+(?=[A-Z“\"‘'À-Ý])", re.M),
}
# Markdown footnotes ("[^note]: ...") and link definitions ("[1]: https://..."): labels that
# name rather than number, so any label counts and unnamed ones are numbered by position.
_NAMED_LABELS = ("footnote", "definition")
_NAMED_LABEL_PATTERNS = tuple(_LABEL_STYLES[style] for style in _NAMED_LABELS)
_INLINE_LABEL = {
    style: re.compile(pattern.replace("{n}", r"\d{1,4}"))
    for style, pattern in {
        "dot": r"(?:(?<=[\w.,;)\]]\s)|(?<=[\w.,;)\]]\s\s))(?P<n>{n})[.)]\s+(?=[A-Z“\"‘'À-Ý])",
        "bracket": r"(?<=\s)\[(?P<n>{n})\]\s*(?=\S)",
        "paren": r"(?<=[.,;]\s)\((?P<n>{n})\)\s+(?=[A-Z“\"‘'À-Ý])",
    }.items()
}


_INLINE_LOOKAHEAD = 4
"""Label-like numbers looked at before giving up: the next entry's label comes first, so a
run-on list is split in linear time."""


def _inline_label(style: str, number: int, text: str, start: int, end: int) -> re.Match[str] | None:
    """The label ``number`` in the given style among the first few label-like numbers inside
    ``text[start:end]``."""
    for seen, match in enumerate(_INLINE_LABEL[style].finditer(text, start, end)):
        if int(match.group("n")) == number:
            return match
        if seen >= _INLINE_LOOKAHEAD:
            break
    return None


_MAX_LOST_ENTRIES = 9
"""How many numbers a run-on list may skip where extraction lost entries ("9. ... 15. ...")."""


def _label_after_lost_entries(
    style: str, number: int, text: str, start: int, end: int
) -> re.Match[str] | None:
    """A label a little past ``number + 1`` that the label after it confirms: extraction lost
    the entries between, and the list goes on from there."""
    for seen, match in enumerate(_INLINE_LABEL[style].finditer(text, start, end)):
        found = int(match.group("n"))
        if number + 1 < found <= number + 1 + _MAX_LOST_ENTRIES and _inline_label(
            style, found + 1, text, match.end(), end
        ):
            return match
        if seen >= _INLINE_LOOKAHEAD:
            break
    return None


_BULLET = re.compile(r"^[ \t]*[-*•▪◦][ \t]+", re.M)
_URL_AT_START = re.compile(r"\s*(?:\d{1,3})?(?:https?:|www\d?\.|(?:dx\.)?doi\.org/)", re.I)
_AUTHOR_START = re.compile(
    r"^[ \t]*(?:"
    r"[A-ZÀ-Ý][\w'’\-]+(?:[ \t]+(?:van|von|de|der|da|di|la|le|del|den)?[ \t]*[A-ZÀ-Ý][\w'’\-]+)?,"
    r"[ \t]*(?:[A-ZÀ-Ý]\.|[A-ZÀ-Ý][a-zà-ÿ]+|[A-Z]{1,3}\b)"
    r"|[A-ZÀ-Ý]\.(?:[ \t]?[A-ZÀ-Ý]\.)*[ \t]*(?:[A-ZÀ-Ý][\w'’\-]+)"
    r"|(?:(?:[Vv][ao]n|[Dd][eiua]|[Dd]e[rnl]|[Ll][ae]|[Dd]el)[ \t]+){0,2}"  # de Blok, Di Cintio
    r"[A-ZÀ-Ý][\w'’\-]+[ \t]+[A-Z]{1,3}[,.( ]"
    r"|[-—–_]{2,}"
    r"|[-—–_]+\s*,"  # a repeated-author dash, then co-authors
    r"|[-—–_,&9 ]{0,6}(?:1[5-9]|20)\d\d[a-z]?\.\s"  # a repeated-author dash (OCR'd as 9) and a year
    r"|,\s[A-ZÀ-Ý]\.\s?(?:[A-ZÀ-Ý]\.\s?)*[A-ZÀ-Ý][a-z]"  # the dash lost, the co-authors kept
    r")",
    re.M,
)


_SURNAME = (
    r"(?:(?:van|von|de|der|den|du|da|di|del|la|le)\s)*[A-ZÀ-Ý][\w'’\-]+(?:\s[A-ZÀ-Ý][\w'’\-]+)?"
)
_INITIALS_DOTTED = r"[A-ZÀ-Ý]\.(?:\s?-?[A-ZÀ-Ý]\.)*"
# A line that can only be the start of a reference, whatever the line before it ends with.
_STRONG_START = re.compile(
    r"(?:"
    + rf"{_SURNAME}\s[A-Z]{{1,3}},\s{_SURNAME}\s[A-Z]{{1,3}}\b"  # Vancouver: Smith AB, Jones CD
    + rf"|{_SURNAME}\s[A-Z]{{1,3}}\s\((?:1[5-9]|20)\d\d"  # Albers HE (2012)
    + rf"|{_SURNAME},\s{_INITIALS_DOTTED},?\s(?:(?:&|and)\s)?{_SURNAME},\s{_INITIALS_DOTTED}"  # APA
    + rf"|{_SURNAME},\s{_INITIALS_DOTTED}\s\((?:1[5-9]|20)\d\d"  # Ahn, W. (2016)
    + rf"|{_SURNAME},\s{_INITIALS_DOTTED},\s(?:1[5-9]|20)\d\d[a-z]?\."  # Borges, A.S., 2007.
    + r")"
)


# An author list followed by its year ("A. Stolcke. 2002." / "Borges, A.S., Divers, T.J., 2007."):
# capitalised names and initials only, so a title (which has lower-case words) cannot pass.
_AUTHOR_YEAR = re.compile(
    r"(?=[^.]{0,200}?\b[A-ZÀ-Ý]\.)"
    r"(?:(?:(?:[A-ZÀ-Ý]\.)?[A-ZÀ-Ý][\w'’\-]*\.?|et al\.?|and|&|…)[,;]?\s){1,30}?"
    r"\(?(?:1[5-9]|20)\d\d[a-z]?\)?[.,:]"
)
# Full names without initials ("Michael Collins. 2000." / "Philipp Koehn, Franz Josef Och, and
# Daniel Marcu. 2003."): each a run of two to four capitalised words, then the year.
_FULL_NAMES_YEAR = re.compile(
    r"(?:[A-ZÀ-Ý][a-zà-ÿ'’\-]+(?:\s[A-ZÀ-Ý][a-zà-ÿ'’\-]+){1,3}(?:,\s(?:and\s|&\s)?|\s(?:and|&)\s))"
    r"{0,6}[A-ZÀ-Ý][a-zà-ÿ'’\-]+(?:\s[A-ZÀ-Ý][a-zà-ÿ'’\-]+){1,3}\.\s(?:1[5-9]|20)\d\d[a-z]?\."
)
_LONE_INITIAL = re.compile(r"(?:^|[\s.])[A-ZÀ-Ý]\.$")
_LONG_LINE = 250
_DASH_LINE = re.compile(r"[-—–_,&9. ]*[-—–_][-—–_,&. ]*")


@dataclass
class RawEntry:
    """An entry while it is being split and repaired."""

    label: str
    number: int | None
    segments: list[Span]
    findings: list[Finding] = field(default_factory=list)

    def text(self, document: str) -> str:
        return " ".join(document[s.start : s.end] for s in self.segments)


@dataclass(frozen=True)
class SplitResult:
    """Entries of a source list, and findings about its numbering."""

    entries: list[RawEntry]
    findings: list[Finding]
    style: str


def split_entries(text: str, start: int, end: int) -> SplitResult:
    """Split ``text[start:end]`` (a source list) into entries."""
    style, starts = _numbered_starts(text, start, end)
    if style is None:
        style, starts = _single_labelled_run(text, start, end)
    if style is None:
        return SplitResult(_unnumbered_entries(text, start, end), [], "unnumbered")
    entries = _entries_from_starts(text, starts, end)
    findings: list[Finding] = []
    entries = _split_inline_labels(text, entries, style, findings)
    entries = _move_url_tails(text, entries, findings)
    _repair_numbers(entries, findings)
    entries = [work for entry in entries for work in _grouped_works(text, entry)]
    return SplitResult(entries, findings, style)


# Physics and chemistry lists group several works under one number ("[8] K. Abe et al., PRL 89
# (2002);  B. Aubert et al., PRD 72 (2005)", or "a) ...; b) ..."). Each work is a source of its
# own to check; the ones after the first carry no number, since a marker names the group.
_NEXT_WORK = re.compile(
    r"(?:(?<=;)\s+|(?<=\.)\s{2,}|(?<=[;.,])\s*(?=[a-h]\s?\)))"
    r"(?=(?:[a-h]\s?\)\s*)?(?:[A-ZÀ-Ý]\.\s?-?)+\s?[A-ZÀ-Ý][\w'’-]+(?:,|\s+et\s+al\b|\s+and\s))"
)
_SUB_LABEL = re.compile(r"[a-h]\s?\)\s*")


def _grouped_works(text: str, entry: RawEntry) -> list[RawEntry]:
    if entry.number is None or len(entry.segments) != 1:
        return [entry]
    segment = entry.segments[0]
    starts = [m.end() for m in _NEXT_WORK.finditer(text, segment.start, segment.end)]
    if not starts:
        return [entry]
    bounds = [segment.start, *starts, segment.end]
    works = [entry]
    works[0].segments = [Span(segment.start, _rstrip_offset(text, segment.start, starts[0]))]
    for start, end in itertools.pairwise(bounds[1:]):
        label = _SUB_LABEL.match(text, start)
        begin = label.end() if label else start
        works.append(RawEntry("", None, [Span(begin, _rstrip_offset(text, begin, end))]))
    return works


def _numbered_starts(text: str, start: int, end: int) -> tuple[str | None, list[re.Match[str]]]:
    """The label style that numbers this list, and its labels; ``(None, [])`` when unnumbered."""
    for style in _NAMED_LABELS:
        named = list(_LABEL_STYLES[style].finditer(text, start, end))
        if named:
            return style, named
    best: tuple[str | None, list[re.Match[str]]] = (None, [])
    lines = _content_lines(text, start, end)
    for style, pattern in _LABEL_STYLES.items():
        if style in _NAMED_LABELS or (style == "bare" and best[0] is not None):
            continue
        kept = _plausible_sequence(list(pattern.finditer(text, start, end)))
        numbered = _is_numbered_list(kept) or _lone_first_entry(text, start, kept)
        if len(kept) > len(best[1]) and numbered and len(kept) >= lines / 10:
            best = (style, kept)
    return best


def _content_lines(text: str, start: int, end: int) -> int:
    return sum(1 for line in text[start:end].split("\n") if line.strip())


def _single_labelled_run(text: str, start: int, end: int) -> tuple[str | None, list[re.Match[str]]]:
    """A list whose entries all run on in one line ("1. ... 2. ... 3. ..."), as PDF copy gives."""
    for style in ("dot", "bracket"):
        first = _LABEL_STYLES[style].match(text, _skip_space(text, start, end))
        if first and first.group("n") == "1":
            following = _inline_label(style, 2, text, first.end(), end)
            if following:
                return style, [first]
    return None, []


def _lone_first_entry(text: str, start: int, matches: list[re.Match[str]]) -> bool:
    """A list of one entry, labelled 1 and opening the list."""
    return (
        len(matches) == 1
        and matches[0].group("n") == "1"
        and not text[start : matches[0].start()].strip()
    )


def _is_numbered_list(matches: list[re.Match[str]]) -> bool:
    """Labels that really number a list: mostly consecutive, and not a scatter of line-initial
    numbers (page ranges, volumes) in an unnumbered list."""
    numbers = [int(m.group("n")) for m in matches]
    if len(numbers) < 2:
        return False
    steps = sum(1 for a, b in itertools.pairwise(numbers) if abs(b - a - 1) <= 1)
    return steps >= 0.7 * (len(numbers) - 1) and (numbers[0] <= 3 or len(numbers) >= 5)


def _plausible_sequence(matches: list[re.Match[str]]) -> list[re.Match[str]]:
    """Drop label-like line starts that break the sequence badly (a "2." inside a title)."""
    kept: list[re.Match[str]] = []
    previous: int | None = None
    for match in matches:
        number = int(match.group("n"))
        if previous is None or previous - 1 <= number <= previous + 3:
            kept.append(match)
            previous = number
    return kept


def _entries_from_starts(text: str, starts: list[re.Match[str]], end: int) -> list[RawEntry]:
    entries = []
    for i, match in enumerate(starts):
        entry_end = starts[i + 1].start() if i + 1 < len(starts) else end
        content_end = _rstrip_offset(text, match.end(), entry_end)
        label = match.group().strip()
        number_text = match.group("n")
        number = int(number_text) if number_text.isdigit() else None
        if match.re in _NAMED_LABEL_PATTERNS and not number_text.isdigit():
            number = i + 1
        entries.append(RawEntry(label, number, [Span(match.end(), content_end)]))
    return entries


def _rstrip_offset(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _split_inline_labels(
    text: str, entries: list[RawEntry], style: str, findings: list[Finding]
) -> list[RawEntry]:
    """Split an entry where the next entry's label follows on the same line."""
    if style not in _INLINE_LABEL:
        return entries
    result: list[RawEntry] = []
    numbers = {e.number for e in entries}
    for entry in entries:
        pending = [entry]
        while pending:
            current = pending.pop()
            result.append(current)
            if current.number is None or current.number + 1 in numbers:
                continue
            segment = current.segments[-1]
            match = _inline_label(
                style, current.number + 1, text, segment.start, segment.end
            ) or _label_after_lost_entries(style, current.number, text, segment.start, segment.end)
            if match is None:
                continue
            current.segments[-1] = Span(
                segment.start, _rstrip_offset(text, segment.start, match.start())
            )
            label = match.group().strip()
            number = int(match.group("n"))
            follower = RawEntry(label, number, [Span(match.end(), segment.end)])
            numbers.add(number)
            findings.append(
                _numbering_finding(
                    "entry-split",
                    f"entry {number} started mid-line after entry {current.number}; "
                    "split into its own entry",
                    {"label": label},
                )
            )
            pending.append(follower)
    return result


def _move_url_tails(text: str, entries: list[RawEntry], findings: list[Finding]) -> list[RawEntry]:
    """A numbered line holding only the previous entry's URL continues that entry."""
    result: list[RawEntry] = []
    for position, entry in enumerate(entries):
        previous = result[-1] if result else None
        following = entries[position + 1] if position + 1 < len(entries) else None
        first = entry.segments[0]
        if previous is None or not _URL_AT_START.match(text, first.start):
            result.append(entry)
            continue
        if find_urls(previous.text(text)):
            result.append(entry)
            continue
        urls = find_urls(text[first.start : first.end])
        if not urls:
            result.append(entry)
            continue
        url_end = first.start + urls[0].end
        tail_end = _absorb_terminal_punctuation(text, url_end, first.end)
        if not (
            _AWAITS_URL.search(previous.text(text).rstrip())
            or _label_repeats(text, entry, _skip_space(text, tail_end, first.end))
            or (following is not None and following.number == entry.number)
        ):
            result.append(entry)  # a whole reference that is only a URL
            continue
        previous.segments.append(Span(first.start, tail_end))
        rest = _skip_space(text, tail_end, first.end)
        moved = " ".join(text[first.start : tail_end].split())
        message = (
            f"label {entry.label!r} starts a line holding only the URL of entry "
            f"{previous.number}; the URL was moved back to entry {previous.number}"
        )
        findings.append(
            _numbering_finding(
                "numbering-repaired", message, {"label": entry.label, "moved": moved}
            )
        )
        previous.findings.append(
            Finding("url-moved-to-entry", Severity.INFO, message, {"moved": moved})
        )
        relabel = re.match(
            r"(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.)])[ \t]+", text[rest : first.end]
        )
        if relabel:
            number = int(next(g for g in relabel.groups() if g))
            new_start = rest + relabel.end()
            entry = RawEntry(
                relabel.group().strip(), number, [Span(new_start, first.end), *entry.segments[1:]]
            )
            result.append(entry)
        elif rest < first.end or len(entry.segments) > 1:
            leftover = [Span(rest, first.end)] if rest < first.end else []
            previous.segments.extend(leftover + entry.segments[1:])
    return result


# An entry cut off before its URL: it ends mid-sentence or with the words that introduce one.
_AWAITS_URL = re.compile(
    r"(?:[,:;]|\b(?:retrieved|available|from|at|url|online\]?|link|see|accessed)[.:]?)$", re.I
)


def _label_repeats(text: str, entry: RawEntry, position: int) -> bool:
    """Whether the label of ``entry`` comes again right after its URL ("4. <url> 4. Field")."""
    label = re.match(r"(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.)])[ \t]", text[position:])
    return label is not None and int(next(g for g in label.groups() if g)) == entry.number


def _absorb_terminal_punctuation(text: str, position: int, limit: int) -> int:
    while position < limit and text[position] in ".,;":
        position += 1
    return position


def _skip_space(text: str, position: int, limit: int) -> int:
    while position < limit and text[position].isspace():
        position += 1
    return position


def _repair_numbers(entries: list[RawEntry], findings: list[Finding]) -> None:
    """Repair a duplicate or mistyped number the neighbours prove; report every other problem."""
    for i, entry in enumerate(entries):
        if entry.number is None or i == 0:
            continue
        previous = entries[i - 1].number
        following = entries[i + 1].number if i + 1 < len(entries) else None
        if previous is None or entry.number == previous + 1:
            continue
        expected = previous + 1
        if following is None or following == expected + 1:
            findings.append(
                _numbering_finding(
                    "numbering-repaired",
                    f"entry labelled {entry.label!r} sits between {previous} and "
                    f"{following if following is not None else 'the end'}; numbered {expected}",
                    {"label": entry.label, "number": str(expected)},
                )
            )
            entry.number = expected
        elif entry.number > expected:
            findings.append(
                _numbering_finding(
                    "numbering-gap",
                    f"numbers {expected}–{entry.number - 1} are missing before {entry.label!r}",
                    {"label": entry.label},
                )
            )
        else:
            findings.append(
                _numbering_finding(
                    "numbering-out-of-order",
                    f"entry {entry.label!r} follows entry {previous}",
                    {"label": entry.label},
                )
            )


def _numbering_finding(code: str, message: str, evidence: dict[str, str]) -> Finding:
    return Finding(code, Severity.WARNING, message, evidence)


def _unnumbered_entries(text: str, start: int, end: int) -> list[RawEntry]:
    lines = _lines(text, start, end)
    if not lines:
        return []
    bullets = [line for line in lines if _BULLET.match(text, line.start)]
    if len(bullets) >= 2:
        return _group(
            text, lines, lambda line, _prev: bool(_BULLET.match(text, line.start)), _BULLET
        )
    by_author = _group(text, lines, lambda line, prev: _starts_reference(text, line, prev))
    if sum(line.end - line.start for line in lines) / len(lines) > _LONG_LINE:
        by_author = [piece for entry in by_author for piece in _split_run_on(text, entry)]
    by_paragraph = _group(
        text, lines, lambda line, prev: prev is None or not text[prev.start : prev.end].strip()
    )
    if len(by_paragraph) >= max(2, len(by_author) // 2):
        return by_paragraph
    indents = {_indent(text, line) for line in lines if text[line.start : line.end].strip()}
    if len(indents) > 1:
        first_indent = min(indents)
        by_indent = _group(text, lines, lambda line, _prev: _indent(text, line) == first_indent)
        if len(by_indent) >= len(by_author) // 2:
            return by_indent
    return by_author


def _split_run_on(text: str, entry: RawEntry) -> list[RawEntry]:
    """Split an entry where PDF extraction ran several references into one line."""
    segment = entry.segments[0]
    starts = [segment.start]
    for boundary in re.finditer(r"(?<=[.)])\s+(?=[A-ZÀ-Ý])", text[segment.start : segment.end]):
        position = segment.start + boundary.end()
        if _LONE_INITIAL.search(
            text, max(segment.start, position - 40), segment.start + boundary.start()
        ):
            continue  # "William A. Gale": the boundary falls inside a name
        if (
            _STRONG_START.match(text, position)
            or _AUTHOR_YEAR.match(text, position)
            or _FULL_NAMES_YEAR.match(text, position)
        ):
            starts.append(position)
    ends = [
        _rstrip_offset(text, a, b) for a, b in zip(starts, [*starts[1:], segment.end], strict=True)
    ]
    return [RawEntry("", None, [Span(a, b)]) for a, b in zip(starts, ends, strict=True)]


def _lines(text: str, start: int, end: int) -> list[Span]:
    spans = []
    position = start
    while position < end:
        newline = text.find("\n", position, end)
        line_end = end if newline < 0 else newline
        spans.append(Span(position, line_end))
        position = line_end + 1
    while spans and not text[spans[0].start : spans[0].end].strip():
        spans.pop(0)
    while spans and not text[spans[-1].start : spans[-1].end].strip():
        spans.pop()
    return spans


def _indent(text: str, line: Span) -> int:
    content = text[line.start : line.end]
    return len(content) - len(content.lstrip(" \t")) if content.strip() else 10_000


# Link words an online journal prints after each reference (extracted onto their own line).
_LINK_WORDS = re.compile(
    r"(?:\s*\b(?:CrossRef|Medline|PubMed|Google Scholar|Web of Science|ISI|Abstract"
    r"|(?:FREE )?Full Text|Find this article online|View Article|Article)\b[.,;]?)+\s*$",
    re.I,
)


def _without_link_words(line_text: str) -> str:
    words = _LINK_WORDS.search(line_text)
    return line_text[: words.start()].rstrip() if words else line_text


def _starts_reference(text: str, line: Span, previous: Span | None) -> bool:
    if previous is None:
        return True
    if _LINK_WORDS.match(text[line.start : line.end]):
        return False  # "Medline" alone on a line ends the reference before it
    previous_text = _without_link_words(text[previous.start : previous.end].rstrip())
    if _DASH_LINE.fullmatch(previous_text.strip()):
        return False  # "--." on its own line stands for the previous author and starts this entry
    mid_author_list = previous_text.endswith((",", " and", "&", "-", "…", ";"))
    if not mid_author_list and _STRONG_START.match(text, _skip_space(text, line.start, line.end)):
        return True
    if not previous_text or not _AUTHOR_START.match(text, line.start):
        return not previous_text
    return previous_text[-1] in ".)]}" or previous_text[-1].isdigit()


def _group(
    text: str,
    lines: list[Span],
    starts_entry: Callable[[Span, Span | None], bool],
    marker: re.Pattern[str] | None = None,
) -> list[RawEntry]:
    entries: list[RawEntry] = []
    previous: Span | None = None
    for line in lines:
        content = text[line.start : line.end]
        if not content.strip():
            previous = line
            continue
        if not entries or starts_entry(line, previous):
            label_end = line.start
            if marker is not None and (m := marker.match(text, line.start)):
                label_end = m.end()
            else:
                label_end = line.start + len(content) - len(content.lstrip())
            entries.append(RawEntry("", None, [Span(label_end, line.end)]))
        else:
            last = entries[-1].segments[-1]
            entries[-1].segments[-1] = Span(last.start, line.end)
        previous = line
    for entry in entries:
        segment = entry.segments[-1]
        entry.segments[-1] = Span(segment.start, _rstrip_offset(text, segment.start, segment.end))
    return entries
