"""Extracting authors, title, container and dates from one reference string.

Styles differ in where the title sits: MLA, Chicago notes and IEEE quote it; APA and Harvard
put it after the year; Vancouver puts it after the author list. We look for a quoted title
first, then a year in author position, then fall back to the sentence after the authors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citecheck.parse.dates import FoundDate, find_dates

_QUOTED = re.compile(
    r"``(?P<l>[^`']{3,}?)''|[“\"](?P<t>[^“”\"]{3,}?)[”\"]|«\s*(?P<g>[^»]{3,}?)\s*»|‘(?P<s>[^‘’]{3,}?)’(?!\w)|(?<![\w])'(?P<a>[^']{8,}?)'(?![\w])"
)
_ACCESS = re.compile(
    r"[\[(]?\s*(?:last\s+)?(?:accessed|retrieved|viewed|visited|consult[ée]e?\s+le|consulted|cited"
    r"|abgerufen\s+am|zugegriffen\s+am|zugriff\s+am|date\s+accessed|access(?:ed)?\s+date)"
    r"\s*(?:on\s+)?:?\s*",
    re.IGNORECASE,
)
_YEAR_AFTER_AUTHORS = re.compile(
    r"(?:\(\s*(?P<p>[^()]{0,20}?(?:1[5-9]|20)\d\d[a-z]?(?:\s*,?\s*[^()]{1,25})?|n\.\s?d\.)\s*\)|(?<=[.,]\s)(?P<b>(?:1[5-9]|20)\d\d[a-z]?)(?=[.,:]\s))"
)
_HANDLE = re.compile(r"^@\w+$")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:vs|Vol|vol|No|no|St|Dr|Mr|Mrs|Ms|Jr|Sr|Inc|Ltd|Co|Corp|eds?|Ed|pp|p"
    r"|et al|al|e\.g|i\.e|U\.S|U\.K))$"
)
_SENTENCE_END = re.compile(r"[.?!](?=\s|$)")
_SURNAME_INITIALS = re.compile(r"^[A-ZÀ-Ý][\w'’\-]+(?:\s[A-ZÀ-Ý][\w'’\-]+)*\s[A-Z]{1,3}$")
_INITIALS = re.compile(r"^(?:[A-ZÀ-Ý]\.?\s?-?){1,4}$")
_GIVEN = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ'’\-]+(?:\s[A-ZÀ-Ý]\.?)*(?:\s[A-ZÀ-Ý][a-zà-ÿ'’\-]+)?\.?$")


@dataclass(frozen=True)
class Fields:
    """Fields extracted from one reference."""

    authors: tuple[str, ...]
    title: str | None
    container: str | None
    published: str | None
    accessed: str | None


def extract_fields(text: str) -> Fields:
    """Fields of ``text``, a reference with its URLs and DOI already blanked out."""
    text = _dehyphenate(text)
    text, accessed = _take_access_date(text)
    quoted = _title_quote(text)
    if quoted:
        return _quoted_style(text, quoted, accessed)
    year = _YEAR_AFTER_AUTHORS.search(text)
    if year and year.start() < len(text) * 0.6 and _looks_like_authors(text[: year.start()]):
        return _author_date_style(text, year, accessed)
    return _sentence_style(text, accessed)


def _title_quote(text: str) -> re.Match[str] | None:
    """A quoted span that stands where a title stands: not a phrase quoted inside other text."""
    for quoted in _QUOTED.finditer(text):
        before = text[: quoted.start()].rstrip()
        if not before or before[-1] in ".,:;)]" or before.endswith(("In", "in")):
            return quoted
    return None


def _dehyphenate(text: str) -> str:
    text = re.sub(r"(?<=[a-zà-ÿ]{2})-\s*\n\s*(?=[a-zà-ÿ])", "", text)
    return " ".join(text.split())


def _take_access_date(text: str) -> tuple[str, str | None]:
    for keyword in _ACCESS.finditer(text):
        tail = text[keyword.end() : keyword.end() + 40]
        dates = find_dates(tail)
        if dates and dates[0].start <= 2:
            date = dates[0]
            end = keyword.end() + date.end
            end = _skip(text, end, " ,.;:])")
            if re.match(r"\s*from\b", text[end:], re.I):
                end += len(re.match(r"\s*from\b", text[end:], re.I).group())  # type: ignore[union-attr]
            return (text[: keyword.start()] + " " + text[end:]).strip(), date.iso
    web = re.search(r"\bWeb\.\s*(?=\d{1,2}\s+\w+\.?\s+\d{4})", text)
    if web:
        dates = find_dates(text[web.end() :])
        if dates and dates[0].start == 0:
            return text[: web.start()] + text[web.end() + dates[0].end :], dates[0].iso
    return text, None


def _skip(text: str, position: int, characters: str) -> int:
    while position < len(text) and text[position] in characters:
        position += 1
    return position


def _quoted_style(text: str, quoted: re.Match[str], accessed: str | None) -> Fields:
    title = _clean_title(
        quoted.group("l")
        or quoted.group("g")
        or quoted.group("t")
        or quoted.group("s")
        or quoted.group("a")
    )
    before, after = text[: quoted.start()], text[quoted.end() :]
    authors = _split_authors(re.sub(r"\(?(?:1[5-9]|20)\d\d[a-z]?\)?[.,]?\s*$", "", before.rstrip()))
    container = _first_container(after)
    published = _published(text, exclude=(quoted.start(), quoted.end()))
    return Fields(authors, title, container, published, accessed)


def _author_date_style(text: str, year: re.Match[str], accessed: str | None) -> Fields:
    authors = _split_authors(text[: year.start()])
    year_text = year.group("p") or year.group("b") or ""
    dates = find_dates(year_text)
    published = dates[0].iso if dates else None
    rest = text[year.end() :]
    comma_style = rest.startswith(",")
    rest = rest.lstrip(" .,:")
    title, end = _first_clause(rest) if comma_style else _first_sentence(rest)
    container = _first_container(rest[end:].lstrip(" ."), after_in=True)
    if published is None:
        published = _published(rest)
    return Fields(authors, title, container, published, accessed)


def _sentence_style(text: str, accessed: str | None) -> Fields:
    """Vancouver, Harvard-without-brackets, IEEE-without-quotes: authors. Title. Container."""
    authors_end, separator = _author_list_end(text)
    rest = text[authors_end:].lstrip(" .,:;")
    year = re.match(r"\(?((?:1[5-9]|20)\d\d[a-z]?)\)?[.,:]?\s+", rest)
    if year:
        rest = rest[year.end() :]
    if separator == ",":
        title, end = _first_clause(rest)
    else:
        title, end = _first_sentence(rest)
    container = _first_container(rest[end:].lstrip(" .,"), after_in=True)
    published = _published(text)
    return Fields(_split_authors(text[:authors_end]), title, container, published, accessed)


_SURNAME = (
    r"(?:(?:van|von|de|der|den|du|da|di|del|della|la|le|ten|ter|St\.)\s)*"
    r"(?:Mc|Mac|O['’])?[A-ZÀ-Ý][\w'’\-]+"
)
_INITIAL_RUN = r"(?:[A-ZÀ-Ý]\.(?:\s?-?[A-ZÀ-Ý]\.)*)"
_GIVEN_NAME = r"[A-ZÀ-Ý][a-zà-ÿ'’\-]+"
_NAME_UNIT = re.compile(
    r"(?:"
    + rf"(?P<surname_initials>{_SURNAME},\s?{_INITIAL_RUN})"  # Felleisen, M. / Hill, P. M.
    + rf"|(?P<initials_surname>{_INITIAL_RUN}\s?{_SURNAME})"  # J. B. Kam
    # Smith AB; "Kim G." ends a list, but "Thomas D. Gillespie." is a given name and initial
    + rf"|(?P<vancouver>{_SURNAME}\s[A-Z]{{1,3}}(?!\w)(?!\.\s?[A-ZÀ-Ý][\w'’\-]+[.,:]))"
    # LEHTONEN, SCOTT / BUON Olivier
    + r"|(?P<caps>[A-ZÀ-Ý]{2,}(?:[\s-][A-ZÀ-Ý]{2,})*(?:,\s|\s)"
    + rf"(?:[A-ZÀ-Ý]{{2,}}|{_GIVEN_NAME}(?:[\s-]{_GIVEN_NAME})?|{_INITIAL_RUN})(?:\s[A-ZÀ-Ý]\.)?)"
    # Witten, Ian H.
    + rf"|(?P<surname_given>{_SURNAME},\s{_GIVEN_NAME}(?:\s{_GIVEN_NAME})?(?:\s{_INITIAL_RUN})?)"
    # David M. Nichols
    + rf"|(?P<given_first>{_GIVEN_NAME}(?:\s{_INITIAL_RUN}|\s{_GIVEN_NAME})?\s{_SURNAME})"
    + rf"|(?P<surname_dotted>{_SURNAME}\s{_INITIAL_RUN})"  # Gertz M.
    + rf"|(?P<single>{_SURNAME}(?=\.\s))"  # Homer.
    + r")"
)
_EDITOR_NOTE = re.compile(
    r",?\s*\(?(?:eds?|editors?|hrsg|dir|comp|trans|producer|director)\.?\)?(?=[\s.,:]|$)", re.I
)
_REPEATED_AUTHOR = re.compile(r"^\s*[-—–_]{2,}\.?\s*")
_NAME_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and|&)\s+|,\s*|;\s*|\s+(?:and|&|und|et|y)\s+)")
_NAME_FOLLOW = re.compile(r"\s*(?:[,.;:(]|\s(?:and|&|und|et|y)\s|$)")
_ET_AL = re.compile(r",?\s*(?:et\s+al\.?|and\s+others|\[?et\s+al\.?\]?)")


def _author_list_end(text: str) -> tuple[int, str]:
    """Where the author list at the start of ``text`` ends, and the punctuation after it."""
    repeated = _REPEATED_AUTHOR.match(text)
    if repeated:
        return repeated.end(), "."
    position = 0
    end = 0
    previous_kind: str | None = None
    last_separator_was_and = False
    while True:
        unit = _NAME_UNIT.match(text, position)
        if unit is None:
            break
        kind = unit.lastgroup or ""
        follows = unit.group().endswith(".") or _NAME_FOLLOW.match(text, unit.end())
        consistent = kind != "given_first" or previous_kind in (
            None,
            "surname_given",
            "given_first",
        )
        if not follows or not (consistent or last_separator_was_and):
            break
        previous_kind = kind
        end = unit.end()
        et_al = _ET_AL.match(text, end)
        if et_al:
            end = et_al.end()
            break
        editor = _EDITOR_NOTE.match(text, end)
        if editor and editor.end() > end:
            end = editor.end()
            break
        separator = _NAME_SEPARATOR.match(text, end)
        if separator is None:
            break
        last_separator_was_and = bool(re.search(r"\b(?:and|und|et|y)\b|&", separator.group()))
        position = separator.end()
    if end == 0:
        return 0, ""
    follow = text[end : end + 2].strip()
    return end, follow[:1] if follow else ""


def _first_clause(text: str) -> tuple[str | None, int]:
    """A title that a comma ends (authors and title separated by commas, as IEEE without quotes)."""
    sentence, sentence_end = _first_sentence(text)
    comma = text.find(", ")
    if comma > 0 and (sentence is None or comma < sentence_end):
        return _clean_title(text[:comma]), comma + 1
    return sentence, sentence_end


def _looks_like_authors(text: str) -> bool:
    text = text.strip(" ,.")
    if not text or len(text) > 400:
        return False
    words = [w.strip("()[],.;:") for w in text.split()]
    words = [w for w in words if w]
    capitalised = sum(
        1
        for w in words
        if w[:1].isupper() or w in {"and", "&", "et", "al.", "al", "van", "von", "de", "der"}
    )
    return capitalised >= len(words) * 0.7


def _first_sentence(text: str) -> tuple[str | None, int]:
    """The first sentence of ``text``, not stopping at initials or common abbreviations."""
    for match in _SENTENCE_END.finditer(text):
        candidate = text[: match.start()]
        if match.group() == "." and _ABBREVIATION.search(candidate):
            continue
        keep = match.group() if match.group() in "?!" else ""
        return _clean_title(candidate + keep), match.end()
    return _clean_title(text), len(text)


def _first_container(text: str, *, after_in: bool = False) -> str | None:
    """The first comma- or period-separated part of ``text`` that names a site or journal."""
    if after_in:
        text = re.sub(r"^In:?\s+(?:[^.]*?\(eds?\.?\),?\s*)?", "", text)
    for part in re.split(r",\s+|\.\s+|;\s*", text):
        part = part.strip(" .,;:")
        if not part or _HANDLE.match(part) or re.fullmatch(r"[\d\W]+|\[[^\]]*\]", part):
            continue
        if find_dates(part) and len(part) <= 25:
            continue
        if re.match(
            r"(?:vol|no|pp?|doi|url|https?|www|available|retrieved|accessed|in press)\b", part, re.I
        ):
            return None
        return part
    return None


def _published(text: str, exclude: tuple[int, int] | None = None) -> str | None:
    candidates: list[FoundDate] = [
        d for d in find_dates(text) if exclude is None or not exclude[0] <= d.start < exclude[1]
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda d: (len(d.iso), -d.start)).iso


def _clean_title(title: str | None) -> str | None:
    if title is None:
        return None
    title = " ".join(title.split()).strip(" ,;:")
    title = re.sub(r"(?<![A-Z])\.$", "", title).strip()
    title = title.strip('“”"‘’ ')
    title = re.sub(
        r"\s*(?:\((?:[^()]*\b(?:ed|edn|edition|vol)\b[^()]*)\)|\[[^\]]+\]|\([^()]*|\([^()]*(?:\d{4}|:)[^()]*\))$",
        "",
        title,
        flags=re.I,
    )
    return _without_trailing_numbers(title) or None


_NUMERIC_PART = re.compile(
    r"^(?:\d[\d\s\-–():.]*|(?:vol|no|nos|pp?|pages?|v|n|iss|issue)\.?\s*\d.*|(?:1[5-9]|20)\d\d\W*)$",
    re.I,
)


def _without_trailing_numbers(title: str) -> str:
    """Cut "Title, Journal Name, 21, 341-346" back to the title: a part of numbers after commas
    means the part before it is the container."""
    parts = title.split(", ")
    for index, part in enumerate(parts):
        if index >= 2 and _NUMERIC_PART.match(part):
            return ", ".join(parts[: index - 1])
    return title


def _split_authors(text: str) -> tuple[str, ...]:
    text = " ".join(text.split()).strip(" ,;:")
    text = re.sub(r",?\s*(?:et\s+al\.?|and\s+others)$", "", text).strip(" ,")
    if not re.search(r"\b[A-Z]\.$", text):
        text = text.rstrip(".")
    if not text:
        return ()
    groups = re.split(r"\s*;\s*|,?\s+(?:and|&|und|et|y)\s+|\s*&\s*", text)
    names: list[str] = []
    for group in groups:
        names.extend(_pair_names([p.strip() for p in group.split(",") if p.strip()]))
    return tuple(
        name.strip(" .") if not re.search(r"\b[A-Z]\.$", name) else name.strip()
        for name in names
        if name
    )


def _pair_names(parts: list[str]) -> list[str]:
    """Join "Surname, Given" pairs that a comma split apart."""
    names: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        following = parts[i + 1] if i + 1 < len(parts) else None
        is_surname = (
            len(part.split()) <= 3
            and not _SURNAME_INITIALS.match(part)
            and not _INITIALS.match(part)
        )
        if (
            following is not None
            and is_surname
            and (_INITIALS.match(following) or _GIVEN.match(following) or following.isupper())
        ):
            names.append(f"{part}, {following}")
            i += 2
            continue
        names.append(part)
        i += 1
    return names
