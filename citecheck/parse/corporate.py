"""Corporate authors: organisations, agencies and ministries named where a person would be.

Government, NGO and web sources are written by bodies ("Department of the Navy (DON)",
"Ministère des transports du Québec (MTQ)", "World Health Organization"), in every style: APA
and Harvard put the year after them, MLA, Chicago and Vancouver a period, IEEE a comma. Such a
name is no person's name, so the personal-name reader rejects it and the title reader would
take it for the title. What marks a body is a word that names one (Department, Council,
Agency...) or its acronym in brackets; what keeps a title starting with such a word from being
read as a body is that a personal author comes first, or that nothing title-like follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PART = r"(?:(?:[A-ZÀ-Ý]\.){2,}|[^\s\d.,;:()\[\]\"“”«»][^\s.,;:()\[\]\"“”«»]*)"
# WHO, MoE, CoMedE, U.S.: two capitals or more, as an acronym has and a bracketed word lacks
_ACRONYM = r"[(\[](?=[^)\]]{0,10}[)\]])[a-zà-ÿ&.'’-]*[A-ZÀ-Ý][a-zà-ÿ&.'’-]*[A-ZÀ-Ý][\w&.'’-]*[)\]]"
# "Ministry of Health, Labour and Welfare": a list of nouns, closed by "and", inside a name
_LIST_TAIL = r"(?:,\s[A-ZÀ-Ý][\w'’-]+){1,4},?\s(?:and|&)\s[A-ZÀ-Ý][\w'’-]+"
_NAME = re.compile(
    rf"{_PART}(?:\s+{_PART}){{0,14}}(?:{_LIST_TAIL})?"
    rf"(?:\s*{_ACRONYM}(?:\s+{_PART}(?:\s+{_PART}){{0,12}})?)?"
)
_ACRONYM_AT_END = re.compile(rf"\s*{_ACRONYM}\s*$")
_ACRONYM_INSIDE = re.compile(rf"\s{_ACRONYM}\s")
_BODY_WORD = re.compile(
    r"(?i:organi[sz]ations?|organismo|minist\w*|department\w*|départ\w*|departamento|agency"
    r"|agencies|agence|agencia|institut\w*|council|conseil|consejo|commission\w*|committee"
    r"|comité|association|associação|asociación|society|société|sociedad|foundation|fondation"
    r"|fundación|universit\w*|centre|center|centro|board|authority|authorities|autorité"
    r"|services?|programme|bank|banque|fund|fonds|forum|network|federation|fédération"
    r"|corporation|company|inc|ltd|llc|plc|gmbh|government|gouvernement|gobierno|parliament"
    r"|parlement|senate|sénat|congress|administration|trust|alliance|coalition|league"
    r"|academ\w*|secretariat|secrétariat|office|bureau|police|court|tribunal|assembly"
    r"|assemblée|group|groupe|partnership|panel|directorate|direction|dirección"
    r"|observatory|observatoire|laboratory|laboratories|chamber|embassy|nations|museum"
    r"|library|hospital|statistics|statistique|census|navy|army|force|forces|frontières"
    r"|party|unit|commissioner|ombudsman|regulator|initiative|watch|union|confederation|city"
    r"|county|municipality|province|state|commonwealth|republic|district|region|shire)s?"
)
_CONNECTORS = frozenset(
    ["of", "for", "and", "&", "on", "in", "to", "at", "the", "de", "des", "du", "la", "le", "les",
     "et", "für", "und", "der", "die", "das", "di", "del", "della", "y", "e", "van", "von", "pour",
     "sur", "en", "sans"]
)  # fmt: skip
_WORK_WORD = re.compile(
    r"(?i:reports?|review|guide|guidelines?|strategy|plan|survey|assessment|handbook|manual"
    r"|statement|act|bill|policy|framework|study|analysis|overview|proceedings|journal"
    r"|bulletin|magazine|newsletter|history|introduction|role|impact|effects?|towards"
    r"|how|why|what|when)"
)
_TITLE_FOLLOWS = re.compile(r"\s*[\"“‘'«]?[\w\[]")
# "London: Sage." / "Washington, DC: HHS; 2020.": a place of one to three words, its publisher,
# and nothing after but the year
_PLACE_AND_PUBLISHER = re.compile(
    r"\s*[A-ZÀ-Ý][\w'’-]+(?:,?\s[A-ZÀ-Ý][\w'’-]+){0,2}(?:\s\([A-Z]{2}\))?\s?:\s?[A-ZÀ-Ý]"
    r"[^.:;]{0,60}?(?:[.;,]\s*(?:1[5-9]|20)\d\d|[.;,]?\s*$)"
)
_YEAR_NEXT = re.compile(r"[.,]?\s*[(\[]?\s*(?:(?:1[5-9]|20)\d\d[a-z]?(?![\w–-])|n\.\s?d\.)")
_UNIT_BREAK = re.compile(r"(?<=[a-zà-ÿ]{2})\.\s")  # not the period of "U.S."
_PERIOD_NEXT = re.compile(r"\.\s+")
_COMMA_NEXT = re.compile(r",\s+")


@dataclass(frozen=True)
class CorporateAuthor:
    """A body named at the head of a reference."""

    end: int
    """Offset just after the name (and the period that closes it, if any)."""
    terminator: str
    """What follows the name: "." (sentence style), "," (comma style) or "year"."""


def is_corporate_name(text: str) -> bool:
    """Whether ``text`` as a whole names a body rather than one or more people."""
    text = text.strip(" .,;:")
    return all(_is_one_body(unit) for unit in _UNIT_BREAK.split(text))


def _is_one_body(text: str) -> bool:
    name = _NAME.match(text)
    return name is not None and name.end() == len(text) and _names_a_body(text)


def corporate_author(
    text: str, *, by_acronym: bool = True, by_title_case: bool = False
) -> CorporateAuthor | None:
    """The body that ``text`` starts with, when a title (or a year, then a title) follows it.

    ``by_acronym=False`` asks for a word that names a body: after personal names an acronym
    in brackets may be the title's own ("Adeno-associated virus (AAV) vectors").
    ``by_title_case`` also takes a name in Title Case before a year ("Save the Children
    (2019)"), for text that no personal-name reading fits."""
    name = _NAME.match(text)
    if name is None:
        return None
    end = name.end()
    if not _names_a_body(name.group()):
        if by_title_case and _YEAR_NEXT.match(text, end) and _title_case_name(name.group()):
            return CorporateAuthor(end, "year")  # "Save the Children (2019)."
        return None
    if not by_acronym and not any(_BODY_WORD.fullmatch(w) for w in name.group().split()):
        return None
    if _YEAR_NEXT.match(text, end):
        return CorporateAuthor(end, "year")
    period = _PERIOD_NEXT.match(text, end)
    if period and _title_follows(text, period.end()):
        unit = _sub_unit(text, period.end())
        return unit or CorporateAuthor(end + 1, ".")
    comma = _COMMA_NEXT.match(text, end)
    if comma and _ACRONYM_AT_END.search(name.group()) and _title_follows(text, comma.end()):
        return CorporateAuthor(end, ",")
    return None


def _sub_unit(text: str, position: int) -> CorporateAuthor | None:
    """ "Parliament of Ruritania. Senate Committee on Roads. Title.": a unit of the body, named
    in a sentence of its own, before the title."""
    name = _NAME.match(text, position)
    if name is None or not _names_a_body(name.group()):
        return None
    end = name.end()
    if _YEAR_NEXT.match(text, end):
        return CorporateAuthor(end, "year")
    period = _PERIOD_NEXT.match(text, end)
    if period and _title_follows(text, period.end()):
        return CorporateAuthor(end + 1, ".")
    return None


def _title_follows(text: str, position: int) -> bool:
    """A title, not a "City: Publisher" run, starts at ``position``."""
    return bool(_TITLE_FOLLOWS.match(text, position)) and not _PLACE_AND_PUBLISHER.match(
        text, position
    )


def _title_case_name(name: str) -> bool:
    """ "Save the Children", "Friends of the Earth": every word but the small ones capitalised,
    as a body's name is and an APA or Harvard title (in sentence case) is not."""
    words = name.split()
    return (
        2 <= len(words) <= 6
        and words[0][:1].isupper()
        and all(w[:1].isupper() or w in _CONNECTORS for w in words)
        and not any(_WORK_WORD.fullmatch(w) or any(c.isdigit() for c in w) for w in words)
    )


def _names_a_body(name: str) -> bool:
    acronym = _ACRONYM_AT_END.search(name) or _ACRONYM_INSIDE.search(name)
    words = _ACRONYM_AT_END.sub("", name).split()
    if words and words[0] == "The":
        words = words[1:]
    if len(words) < 2 or any(any(c.isdigit() for c in w) for w in words):
        return False
    has_body_word = any(_BODY_WORD.fullmatch(w.strip("()[]")) for w in words)
    if not has_body_word and not acronym:
        return False
    if words[0] in _CONNECTORS or words[-1].lower() in _CONNECTORS:
        return False
    lower = [w for w in words if w[:1].islower() and w not in _CONNECTORS]
    if lower and not (acronym or _BODY_WORD.fullmatch(words[0])):
        return False  # "Ministère de la santé" capitalises only its first word
    # "Annual Report of the Reserve Bank" is a work, not its author
    return bool(acronym) or not any(_WORK_WORD.fullmatch(w) for w in words)
