"""Extracting authors, title, container and dates from one reference string.

Styles differ in where the title sits: MLA, Chicago notes and IEEE quote it; APA and Harvard
put it after the year; Vancouver puts it after the author list. We look for a quoted title
first, then a year in author position, then fall back to the sentence after the authors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from citecheck.parse.authors import UPPER, AuthorBlock, author_block, author_list_end, split_authors
from citecheck.parse.corporate import corporate_author, is_corporate_name
from citecheck.parse.dates import FoundDate, find_dates

_QUOTED = re.compile(
    r"``(?P<l>[^`']{3,}?)''|[“\"„](?P<t>[^“”\"„]{3,}?)[”\"“]|«\s*(?P<g>[^»]{3,}?)\s*»|‘(?P<s>[^‘’]{3,}?)’(?!\w)|(?<![\w])'(?P<a>[^']{8,}?)'(?![\w])"
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
_ABBREVIATION_REACH = 16
"""Characters before a period that can hold an abbreviation: searching only these keeps a
reference full of initials linear."""
_SENTENCE_END = re.compile(r"[.?!](?:</\w+>|\*{1,2})?(?=\s|$|,\s)")


_ENDS_WITH_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d[a-z]?$")
_WORD = re.compile(r"[^\W\d]{3,}")
_DIGIT = re.compile(r"\d")
_LOCATOR_START = re.compile(r"(?:\d|(?i:v|vol|no|nos|pp?|n°|t)\b\.?)")
_LOCATOR = re.compile(r"\b(?:v|vol|pp?)\.\s?[\dXIV]|\bpp?\s\d")
_NUMBERED_PART = re.compile(r"\w+ (?:\d+|[IVXLC]+)")  # Chapter 1. / Part II.
_VOLUME_PART = re.compile(r"(?i:vol|v|no|pp?|tome|t)\.?\s*\d*")


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
    if "pdated" in text or "odified" in text or "evised" in text:
        text = _REVISION_NOTE.sub(lambda note: " [" if note.group().endswith(" ") else " ", text)
    text, accessed = _take_access_date(text)
    text = _without_web_notes(text)
    quoted = _title_quote(text)
    if quoted:
        return _quoted_style(text, quoted, accessed)
    corporate = corporate_author(text)
    if corporate is not None:
        return _block_style(text, AuthorBlock(corporate.end, corporate.terminator), accessed)
    block = author_block(text)
    if block is not None and block.end > 0:
        block = _with_body_after_people(text, block)
        named_before_contributors = (
            block.terminator == "."
            and "," not in text[: block.end]
            and _CONTRIBUTOR_NEXT.match(text, block.end)
        )
        if named_before_contributors:
            # "Ghost Stories. Ed. A. Name." / "Che. Dir. A. Name.": that sentence is the title
            return _title_first(text, block.end, accessed)
        return _block_style(text, block, accessed)
    body = corporate_author(text, by_title_case=True)
    if body is not None:
        return _block_style(text, AuthorBlock(body.end, body.terminator), accessed)
    year = _YEAR_AFTER_AUTHORS.search(text)
    if year and year.start() < len(text) * 0.6 and _looks_like_authors(text[: year.start()]):
        return _author_date_style(text, year, accessed)
    fields = _sentence_style(text, accessed)
    if fields.authors or not fields.title:
        return fields
    # No authors in front: a title may run on into authors written after it.
    late_authors = _LATE_AUTHORS.search(fields.title)
    if late_authors is None or late_authors.start() == 0:
        return fields
    return replace(fields, title=fields.title[: late_authors.start()])


_LIST_GOES_ON = re.compile(r"\s*(?:[,;&]|and\s)\s*")


def _with_body_after_people(text: str, block: AuthorBlock) -> AuthorBlock:
    """ "Okoro T, World Forestry Group. Title.": a body closing a list of people is an author."""
    if block.terminator != ",":
        return block
    separator = _LIST_GOES_ON.match(text, block.end)
    if separator is None:
        return block
    body = corporate_author(text[separator.end() :], by_acronym=False)
    if body is None or body.terminator == ",":
        return block
    return AuthorBlock(separator.end() + body.end, body.terminator)


_LATE_AUTHORS = re.compile(r"\s+[A-ZÀ-Ý][\w'’-]+,\s(?:[A-ZÀ-Ý]\.\s?){1,3}(?=[\s,]|$)")


_CONTRIBUTOR_NEXT = re.compile(
    r"\s*(?:Ed|Eds|Trans|Dir|Comp|Edited by|Translated by|Directed by|Compiled by)\b\.?\s"
)


def _title_first(text: str, end: int, accessed: str | None) -> Fields:
    """A work named before its editors, translators or directors."""
    title = _clean_title(text[:end])
    return Fields((), title, None, _published(text), accessed)


def _title_quote(text: str) -> re.Match[str] | None:
    """A quoted span that stands where a title stands: not a phrase quoted inside other text."""
    for quoted in _QUOTED.finditer(text):
        before = text[: quoted.start()].rstrip()
        if (
            not before
            or before[-1] in ".,:;)]"
            or before.endswith(("In", "in"))
            or _ENDS_WITH_YEAR.search(before)
        ):
            return quoted
    return None


_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_LEADING_NOISE = re.compile(
    r"^\s*(?:[*·•▪–-]+\s*|\[\d{1,4}\]\.\s*|\[[A-Za-z][\w:+-]{2,30}\]\s+(?=[A-ZÀ-Ý]))"
)


def _dehyphenate(text: str) -> str:
    text = _INVISIBLE.sub("", text)
    text = _LEADING_NOISE.sub("", text)
    if "\n" in text:
        text = re.sub(r"(?<=[a-zà-ÿ]{2})-\s*\n\s*(?=[a-zà-ÿ])", "", text)
    return " ".join(text.split())


_ACCESS_HINTS = (
    "access", "retriev", "viewed", "visited", "consult", "cited", "abgerufen", "zugegriffen",
    "zugriff",
)  # fmt: skip


def _take_access_date(text: str) -> tuple[str, str | None]:
    lowered = text.lower()
    if not any(hint in lowered for hint in _ACCESS_HINTS):
        # Most references have no access note: skip the slow keyword scan.
        return _take_web_date(text) if "Web." in text else (text, None)
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
    return _take_web_date(text)


# "[Online]", "[Internet]", "[PDF Document]", "Available at:", "(Accessed 20 February)": notes on
# where and how a work was read, never part of its title, wherever the style puts them.
_WEB_NOTE = re.compile(
    r"[\[(]\s*(?:(?i:on-?line|internet|pdf(?:\s+(?:document|file))?|electronic(?:\s+\w+)?"
    r"|e-?book|web\s?(?:page|site)|website|home\s?page(?:\s+on\s+the\s+internet)?"
    r"|serial\s+(?:online|on\s+the\s+internet)|database\s+on\s+the\s+internet|cd-rom|dvd|html"
    r"|online\s+\w+)\s*[\])]"
    r"|(?i:last\s+)?(?i:accessed|retrieved|viewed|visited|cited|consulted)\b[^\[\]()]{0,40}[\])])"
    r"|\b(?i:available\s+(?:at|from|online|on(?:line)?)|online\s+available|available|online"
    r"|retrieved\s+from|url)\s*:(?!\S)|\b(?i:available\s+(?:at|from|online)|retrieved\s+from)\b"
)
_NOTE_PUNCTUATION = re.compile(r"\s*[.,;:]?")
# Vancouver's "[updated 2021 Jan 5; cited ...]": the revision date is neither publication nor access
_REVISION_NOTE = re.compile(
    r"[\[(]\s*(?i:updated|modified|revised)\b[^\[\]();]{0,30}(?:;\s*|[\])])"
)
_WEB_NOTE_HINTS = (
    "online", "on-line", "internet", "pdf", "electronic", "book", "web", "home", "serial",
    "database", "cd-rom", "dvd", "html", "accessed", "retrieved", "viewed", "visited", "cited",
    "consulted", "available", "url",
)  # fmt: skip


def _without_web_notes(text: str) -> str:
    lowered = text.lower()
    if not any(hint in lowered for hint in _WEB_NOTE_HINTS):
        return text  # most references carry no web note: skip the scan
    parts: list[str] = []
    position = 0
    for note in _WEB_NOTE.finditer(text):
        if note.start() < position:
            continue
        before = text[position : note.start()].rstrip()
        parts.append(before)
        position = note.end()
        if not before.strip() or before[-1] in ".,;:":
            # "2016. [Online]. Available": the note's own punctuation goes with it
            position = _NOTE_PUNCTUATION.match(text, position).end()  # type: ignore[union-attr]
    if not parts:
        return text
    parts.append(text[position:])
    return " ".join(" ".join(parts).split()).lstrip(" .,;:")


def _take_web_date(text: str) -> tuple[str, str | None]:
    """MLA 7's "Web. 12 May 2010." access date."""
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


_SUBTITLE_AFTER_QUOTE = re.compile(rf":\s+(?=[{UPPER}])")


def _quoted_style(text: str, quoted: re.Match[str], accessed: str | None) -> Fields:
    title = _clean_title(
        quoted.group("l")
        or quoted.group("g")
        or quoted.group("t")
        or quoted.group("s")
        or quoted.group("a")
    )
    before, after = text[: quoted.start()], text[quoted.end() :]
    subtitle = _SUBTITLE_AFTER_QUOTE.match(after)
    if title and subtitle:
        # “They Treat Us Like Animals”: Abuses in Detention. (a quotation heads the title)
        rest, end = _first_sentence(after[subtitle.end() :])
        if rest:
            title = f"{title}: {rest}"
            after = after[subtitle.end() + end :]
    authors = split_authors(re.sub(r"\(?(?:1[5-9]|20)\d\d[a-z]?\)?[.,]?\s*$", "", before.rstrip()))
    container = _first_container(after)
    published = _published(text, exclude=(quoted.start(), quoted.end()))
    return Fields(authors, title, container, published, accessed)


def _author_date_style(text: str, year: re.Match[str], accessed: str | None) -> Fields:
    authors = split_authors(text[: year.start()])
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


_LEADING_DATE = re.compile(
    r"[\s.,:;]*(?:\((?P<p>[^()]{0,20}?(?:1[5-9]|20)\d\d[a-z]?(?:\s*,?\s*[^()]{1,25})?|n\.\s?d\.)\s*\)"
    r"|(?P<b>(?:1[5-9]|20)\d\d[a-z]?)(?![\w-]))"
    r"(?:\s*[\[(](?:1[5-9]|20)\d\d[a-z]?[\])])?"
)


_JOURNAL_LOCATOR = re.compile(r"\d+\s?(?:\([^)]*\))?\s?:\s?\d|\b(?:vol|v|no)\.?\s?\d|\d+\(\d+\)")


def _block_style(text: str, block: AuthorBlock, accessed: str | None) -> Fields:
    """Authors read by :func:`author_block`, then an optional date, then the title."""
    authors = split_authors(text[: block.end])
    rest = text[block.end :]
    published = None
    date = _LEADING_DATE.match(rest)
    comma_style = block.terminator == ","
    if date:
        dates = find_dates(date.group("p") or date.group("b") or "")
        published = dates[0].iso if dates else None
        rest = rest[date.end() :]
        comma_style = rest.startswith(",")
    rest = rest.lstrip(" .,:;")
    if comma_style:
        title, end = _first_clause(rest)
    else:
        title, end = _with_subtitle(rest, *_first_sentence(rest))
        after = rest[end:]
        title = _without_trailing_imprint(_without_place_and_publisher(title, after), after)
    container = None
    if title and rest.startswith(title) and _JOURNAL_LOCATOR.search(rest, len(title), end):
        # the title was cut inside its sentence: "Title, Journal 8: 237-261."
        container = _first_container(rest[len(title) : end].lstrip(" .,"), after_in=True)
    if container is None:
        container = _first_container(rest[end:].lstrip(" ."), after_in=True)
    if published is None:
        published = _published_outside(text, title)
    return Fields(authors, title, container, published, accessed)


_PLACE_AND_PUBLISHER = re.compile(
    r",\s+[A-ZÀ-Ý][\w.'’-]*(?:[\s,]+[A-ZÀ-Ý][\w.'’-]*){0,3}\s?:\s?[^\s:]+(?:\s+[^\s:]+){0,4}$"
)


def _without_place_and_publisher(title: str | None, after: str) -> str | None:
    """Cut "Title, City: Publisher" when nothing but a year or pages follows the sentence, so
    that the colon cannot be a subtitle's."""
    if title is None or _WORD.search(after):
        return title
    cut = _PLACE_AND_PUBLISHER.search(title)
    return title[: cut.start()] if cut and cut.start() > 0 else title


_GENRE_PART = re.compile(
    r"(?:[A-ZÀ-Ý][\w.-]*\s){0,3}"
    r"(?:(?i:technical|research|final|annual|interim|discussion|working|policy|briefing|occasional"
    r"|white|background|issues?|consultation|position|fact)\s(?i:report|paper|brief|note|sheet)s?"
    r"|(?i:report|paper|brief|note|series|card|bulletin)s?\.?\s(?:(?i:no)\.?\s?)?[\w./-]*\d[\w./-]*"
    r"|(?i:tech(?:nical)?\.?\s?rep(?:ort)?)\.?(?:\s[\w./-]*\d[\w./-]*)?)"
)
_PLACE_PART = re.compile(
    r"[A-ZÀ-Ý][a-zà-ÿ][\w'’.-]*(?:\s(?:[A-ZÀ-Ý][a-zà-ÿ][\w'’.-]*|[A-Z]{2}))?|[A-Z]{2,3}"
)
_LOWER_WORD = re.compile(r"(?<!\S)[a-zà-ÿ]{4,}")


def _is_full_date(part: str) -> bool:
    """A month or a day, written as the whole part ("March 2017", "12 June 2018")."""
    dates = find_dates(part)
    return (
        bool(dates)
        and len(dates[0].iso) > 4
        and dates[0].start == 0
        and (dates[0].end >= len(part) - 1)
    )


def _without_trailing_imprint(title: str | None, after: str) -> str | None:
    """Cut the report type, body, place and date that grey literature writes after a title,
    comma-separated, in the title's own sentence ("Title, Working Paper 15-3, Policy Institute,
    Ottawa, 12 June 2018"). A date or a report type says the parts after the title are an
    imprint; without one, a place or body is cut only from a title in sentence case that ends
    the reference, since a title may end with a place before its journal ("..., Ontario,
    Canada. Journal of ...") and a Title Case list ("Equality, Hierarchy, Freedom") is no
    imprint."""
    if title is None or ", " not in title:
        return title
    parts = title.split(", ")
    ends_reference = not after.strip(" .,;:")
    imprint = ends_reference and len(_LOWER_WORD.findall(parts[0])) >= 2
    cut = len(parts)
    while cut > 1:
        part = parts[cut - 1]
        if _is_full_date(part) or _GENRE_PART.fullmatch(part):
            imprint = True
        elif (imprint or ends_reference) and is_corporate_name(part):
            imprint = True  # the body that issued the work, in any case
        elif not (imprint and _PLACE_PART.fullmatch(part)):
            break
        cut -= 1
    return ", ".join(parts[:cut]) if cut < len(parts) else title


_EDITION_SENTENCE = re.compile(r"^\s*[^.]{0,20}\b(?i:edition|edn|ed)\.(?:\s|$)")
_PUBLISHER_NEXT = re.compile(r"\s*(?:[A-Z][^.:;()\d]{0,40}?\s?:\s?[A-Z\d]|In:?\s)")
_NOT_SUBTITLE = re.compile(
    r"(?i:in|ed|eds|edited|trans|translated|review|vol|no|pp?)\b|.*[\d:]"
    r"|(?i:.*\b(?:edition|editio|edn|revised|reprint|proceedings|conference|workshop|symposium"
    r"|journal|thesis|dissertation|report|series))|.*\b(?:eds?|trans)\.?\)|.*\b[A-Z]\.\s|\S+$"
)


def _with_subtitle(text: str, title: str | None, end: int) -> tuple[str | None, int]:
    """A book's second sentence is part of its title when "City: Publisher" or "In" follows it
    ("Title. Subtitle. London: Sage."); before a journal name something else follows."""
    if title is None or end >= len(text):
        return title, end
    following = text[end:].lstrip()
    second, second_end = _first_sentence(following)
    if (
        second is None
        or _NOT_SUBTITLE.match(_TRAILING_NOTE.sub("", following[:second_end].rstrip(" .")))
        or not _PUBLISHER_NEXT.match(_EDITION_SENTENCE.sub("", following[second_end:]))
    ):
        return title, end
    offset = len(text[end:]) - len(text[end:].lstrip())
    return _clean_title(text[: end + offset + second_end]), end + offset + second_end


def _sentence_style(text: str, accessed: str | None) -> Fields:
    """Vancouver, Harvard-without-brackets, IEEE-without-quotes: authors. Title. Container."""
    authors_end, separator = author_list_end(text)
    rest = text[authors_end:].lstrip(" .,:;")
    year = re.match(r"\(?((?:1[5-9]|20)\d\d[a-z]?)\)?[.,:]?\s+", rest)
    if year:
        rest = rest[year.end() :]
    if separator == ",":
        title, end = _first_clause(rest)
    else:
        title, end = _first_sentence(rest)
        title = _without_trailing_imprint(title, rest[end:])
    container = _first_container(rest[end:].lstrip(" .,"), after_in=True)
    published = _published_outside(text, title)
    return Fields(split_authors(text[:authors_end]), title, container, published, accessed)


_NOT_TITLE_WORDS = re.compile(
    r"(?:in|pp?|vol|no|nos|ed|eds|edn|edited|trans|translated|dir|hrsg|tome|t|s|p|vols?"
    r"|pages?|chap|ch|art|tr|cat|to appear|working|unpublished|technical|thesis|paper|report"
    r"|catalogue|manuscript|preprint|mimeo|in press|forthcoming|dissertation|ph\.?\s?d)\b\.?",
)


# "England, 1500-1700" ends a title when a bracket, sentence end or comma follows it
_YEAR_RANGE_END = re.compile(
    r"(?:c\.\s?)?(?:1[5-9]|20)\d\d\s?[-–]\s?(?:c\.\s?)?\d{2,4}(?=\s*[(.]|$)"
)


def _first_clause(text: str) -> tuple[str | None, int]:
    """A title that a comma ends (authors and title separated by commas, as IEEE without quotes).

    A part after the comma that starts in lower case continues the title ("Rethinking science,
    technology, and social change") unless it starts a locator or an editor note."""
    sentence, sentence_end = _first_sentence(text)
    comma = text.find(", ")
    while comma > 0 and (sentence is None or comma < sentence_end):
        following = text[comma + 2 :]
        continues = following[:1].islower() and not _NOT_TITLE_WORDS.match(following)
        if continues or _YEAR_RANGE_END.match(following):
            next_comma = text.find(", ", comma + 2)
            if next_comma < 0 or (sentence is not None and next_comma > sentence_end):
                return sentence, sentence_end
            comma = next_comma
            continue
        return _clean_title(text[:comma]), comma + 1
    if sentence is not None and comma > sentence_end:
        # "Name, Title. Subtitle, Place, Year": the subtitle runs to the comma
        second = text[sentence_end:comma].strip()
        after = text[comma + 1 :].lstrip()
        if (
            second
            and not _NOT_SUBTITLE.match(second)
            and ". " not in second
            and not _LOCATOR_START.match(after)
            and not _LOCATOR.search(after[:80])
        ):
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
        end = match.start()
        # Positions, not a copy of everything before each period: a run of initials stays linear.
        if match.group() == "." and (
            _ABBREVIATION.search(text[max(0, end - _ABBREVIATION_REACH) : end])
            or _NUMBERED_PART.fullmatch(text, 0, end)
            or text.endswith((".", ". ."), 0, end)
            or text.startswith(" .", match.end())
            or _ROMAN_PART.match(text, match.end())
        ):
            continue  # an abbreviation, "Chapter 4." or an ellipsis ". . ."
        if match.group()[0] in "?!" and _subtitle_follows(text, match.end()):
            continue  # "Made you blink! Attention captured by ..."
        if _LOWER_CASE_GOES_ON.match(text, match.end()) and not _NOT_TITLE_WORDS.match(
            text, match.end() + 1
        ):
            continue
        keep = match.group() if match.group()[0] in "?!" or len(match.group()) > 1 else ""
        return _clean_title(text[:end] + keep), match.end()
    return _clean_title(text), len(text)


# No sentence, journal or place starts in lower case: such a "sentence" goes on with the title.
_LOWER_CASE_GOES_ON = re.compile(r"\s[a-zà-ÿ]{4,}\s[^.\d:]{0,40}?[a-zà-ÿ]{3}")
_ARTICLE_GOES_ON = re.compile(r"\s(?:A|An)\s[a-z]")
_SMALL_WORDS = frozenset(
    ["of", "and", "the", "in", "for", "on", "to", "a", "an", "de", "des", "du", "la", "le", "et",
     "und", "der", "die", "das", "di", "del", "y", "e"]
)  # fmt: skip


def _subtitle_follows(text: str, position: int) -> bool:
    """After "?" or "!", a sentence in sentence case (a subtitle), not a journal's Title Case;
    no journal starts with "A" or "An" either."""
    if _ARTICLE_GOES_ON.match(text, position):
        return True
    following = _SENTENCE_END.split(text[position : position + 160], maxsplit=1)[0].split()
    joined = " ".join(following)
    if len(following) < 3 or not following[0][:1].isupper() or _DIGIT.search(joined):
        return False
    if following[0].rstrip(":") in ("In", "Dans", "Im") or "journal" in joined.lower():
        return False  # a container: "In: Book" / "Journal of ..."
    lower = [w for w in following[1:] if w[:1].islower() and w not in _SMALL_WORDS]
    return len(lower) >= 2


_ROMAN_PART = re.compile(r"\s(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s+[A-Z]")
_IN_EDITORS = re.compile(r"^In:?\s+(?:[^()]{0,80}?\((?i:eds?|hrsg)\.?\),?\s*)?")
_EDITION = re.compile(
    r"(?i:\d+(?:st|nd|rd|th)|second|third|revised|new|rev\.?)\s+(?i:ed|edn|edition)"
)
_PLACE_PUBLISHER = re.compile(rf"[{UPPER}][\w.'’ -]{{1,30}}\s?:\s?[{UPPER}][^:]{{1,60}}")
_OPEN_BRACKET = re.compile(r"\s*\([^)]*$")
_CONTAINER_NUMBERS = re.compile(r"\s+\d[\d\s():,–-]*$")


def _first_container(text: str, *, after_in: bool = False) -> str | None:
    """The first comma- or period-separated part of ``text`` that names a site or journal."""
    if after_in:
        text = _IN_EDITORS.sub("", text)
    for part in re.split(r",\s+|\.\s+|;\s*", text):
        part = part.strip(" .,;:")
        if not part or _HANDLE.match(part) or re.fullmatch(r"[\d\W]+|\[[^\]]*\]", part):
            continue
        if _EDITION.fullmatch(part):
            continue
        if _PLACE_PUBLISHER.fullmatch(part):
            return None  # a book's publisher is not a container
        part = _CONTAINER_NUMBERS.sub("", _OPEN_BRACKET.sub("", part)) or part
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


def _published_outside(text: str, title: str | None) -> str | None:
    """The publication date, not a year the title names ("Healthy People 2030"), unless the
    title holds the only date."""
    dates = find_dates(text)
    start = text.find(title) if title and dates else -1
    if start >= 0 and title is not None:
        outside = [d for d in dates if not start <= d.start < start + len(title)]
        dates = outside or dates
    if not dates:
        return None
    return max(dates, key=lambda d: (len(d.iso), -d.start)).iso


def _clean_title(title: str | None) -> str | None:
    if title is None:
        return None
    title = " ".join(title.split()).strip(" ,;:")
    title = re.sub(r"(?<![A-Z])\.$", "", title).strip()
    title = title.strip('“”"‘’ ')
    # A whole title in brackets is a translated title; a bracket before or after one is a note
    # ("[Video] Title", "Title [Fact sheet]"), but "[18F]FDG" is a word.
    title = _LEADING_NOTE.sub("", title) or title
    title = _TRAILING_NOTE.sub("", title) or title
    title = _without_trailing_year(_without_trailing_publication(title))
    return _without_trailing_numbers(title) or None


_LEADING_NOTE = re.compile(r"^\[[^\[\]]{1,40}\][.:]?\s+")
_TRAILING_NOTE = re.compile(
    r"\s*(?:\((?:[^()]*\b(?:ed|edn|edition|vol|unpublished|dissertation|thesis|trans|translated"
    r"|transl)\b[^()]*|[^()]*\b(?:report|paper)\s(?:no\.?\s?)?[\w./-]*\d[^()]*)\)"
    r"|\[[^\]]+\]|\([^()]*|\([^()]*:[^()]*\)"
    r"|\(\s*(?:[^()\d]{0,20}\s)?(?:1[5-9]|20)\d\d[a-z]?(?:\s?[-–,]\s?[^()]{0,20})?\)"
    r"|\([^()]{2,50},\s*(?:1[5-9]|20)\d\d[a-z]?\))$",
    re.I,
)


_TRAILING_PUBLICATION = re.compile(
    r",\s*(?:(?:\d+(?:st|nd|rd|th)|second|third|revised|new|rev\.?)\s+(?:ed|edn|edition)\.?"
    r"|(?:trans|tr|transl|ed|eds|edited by|translated by)\.?(?:\s+[A-ZÀ-Ý][^,]*)?"
    r"|volume\s+\w+|\d+\s?(?:p|pp|pages|S|s)\.?)$"
    r"|\s*\((?:pp?|S)\.\s?\d[^()]*\)$"
    r"|,\s+[^,]*\b(?-i:Press|Verlag|Publishers?|Publishing|Books)\b[^:]*$"
    r"|,\s+(?:[A-ZÀ-Ý]\.\s?)+[A-ZÀ-Ý][\w'’-]+\s\((?:eds?|hrsg)\.?\).*$"
    r"|,\s*\((?:1[5-9]|20)\d\d[a-z]?\)\s+in\s.*$"
    r"|,\s+(?-i:in:|In:?|in(?=\s+[A-ZÀ-Ý]))\s.*$"
    r"|\s*\([^()]{2,40}:[^()]*(?:1[5-9]|20)\d\d[^()]*\).*$",
    re.I,
)


_TRAILING_YEAR = re.compile(r",\s*(?:1[5-9]|20)\d\d[a-z]?$")


def _without_trailing_publication(title: str) -> str:
    """Cut an edition, a translator note or a ", City: Publisher" run from the title's end."""
    cut = _TRAILING_PUBLICATION.search(title)
    return title[: cut.start()] if cut and cut.start() > 0 else title


def _without_trailing_year(title: str) -> str:
    year = _TRAILING_YEAR.search(title)
    if year and year.start() > 0:
        # "Title, 1997" is a date after the title; "in October, 1954" is part of it
        dates = find_dates(title[max(0, year.start() - 20) :])
        if not any(len(d.iso) > 4 for d in dates):
            return title[: year.start()]
    return title


_NUMERIC_PART = re.compile(
    r"^(?!(?:1[5-9]|20)\d\d\s?[-–]\s?(?:1[5-9]|20)?\d\d$)"  # a period of years is part of a title
    r"(?:\d[\d\s\-–():.]*|(?:vol|volume|no|nos|pp?|pages?|v|n|iss|issue|tome|band|bd)\.?\s*\d.*"
    r"|(?:1[5-9]|20)\d\d\W*)$",
    re.I,
)


_VOLUME_AND_PAGES = re.compile(r"[^\d,]+\s\d+(?:\s?\([^)]*\))?\s?:\s?\d+(?:\s?[-–]\s?\d+)?")


def _without_trailing_numbers(title: str) -> str:
    """Cut "Title, Journal Name, 21, 341-346" back to the title: a part of numbers after commas
    means the part before it is the container."""
    parts = title.split(", ")
    if len(parts) > 1 and _VOLUME_AND_PAGES.fullmatch(parts[-1]):
        parts = parts[:-1]  # "Title, Journal 8: 237-261"
    if len(parts) > 1 and _VOLUME_PART.fullmatch(parts[-1]):
        parts = parts[:-2] if len(parts) > 2 and not _DIGIT.search(parts[-1]) else parts[:-1]
    for index, part in enumerate(parts):
        if index >= 2 and _NUMERIC_PART.match(part):
            return ", ".join(parts[: index - 1])
    return ", ".join(parts)
