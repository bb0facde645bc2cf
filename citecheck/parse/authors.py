"""Reading the author list at the head of a reference, and splitting it into names.

A name comes in many forms ("Smith, J. A.", "Smith JA", "J. A. Smith", "John Smith", "SMITH,
John", "van der Berg, A."), lists mix them, and the list ends where the title begins, which
nothing marks but the words themselves: a chunk that cannot be (part of) a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from citecheck.parse.corporate import is_corporate_name

_SURNAME_INITIALS = re.compile(r"^[A-ZÀ-Ý][\w'’\-]+(?:\s[A-ZÀ-Ý][\w'’\-]+)*\s[A-Z]{1,3}$")
_INITIALS = re.compile(
    r"^(?:[A-ZÀ-Ý]\.?\s?-?){1,3}$|^(?:[A-ZÀ-Ý]\.\s?-?){4}$|^(?:[A-ZÀ-Ý][a-z]?\.){2,3}$"
)
UPPER = "A-ZÀ-ÝА-ЯЁΑ-Ω"
_LOWER = "a-zà-ÿа-яёα-ω"
_GIVEN_PART = rf"[{UPPER}][{_LOWER}'’]+(?:-[{UPPER}]?[{_LOWER}'’]+)*"
_GIVEN = re.compile(
    rf"^(?:[{UPPER}]\.\s?)*{_GIVEN_PART}(?:\s[{UPPER}]\.?)*(?:\s{_GIVEN_PART})?"
    r"(?:\s(?:de|da|do|dos|das|van|von|der|du|del|della))?\.?$"
)
_BRACKETED_INITIALS = re.compile(r"\(\s*(?:[^\W\d_]{1,2}\.\s?-?)+\s*\)[.,:]?")
_DASH_FOR_AUTHOR = re.compile(r"\s*(?:[-—–_]{2,}|[—–]\s*(?=[.,]))\.?")
_AND = re.compile(r"(?i)\b(?:and|und|et|y|e|a|i)\b|&")
_DIGIT = re.compile(r"\d")

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


def author_list_end(text: str) -> tuple[int, str]:
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


_EDITOR_SUFFIX = re.compile(
    r",?\s*\(?(?i:eds?|editors?|hrsg|dir|comp)\.?\)?\.?$|,?\s*\(?(?i:eds?|hrsg)\.\)?\.?$"
)
_PERIOD_SEPARATED_NAMES = re.compile(
    r"(?:[A-ZÀ-Ý][\w'’-]+(?:\s[A-ZÀ-Ý][\w'’-]+)?,\s?(?:[A-ZÀ-Ý]{1,3}|[A-ZÀ-Ý][a-zà-ÿ-]+)\.\s+)+"
    r"[A-ZÀ-Ý][\w'’-]+(?:\s[A-ZÀ-Ý][\w'’-]+)?,\s?(?:[A-ZÀ-Ý]{1,3}|[A-ZÀ-Ý][a-zà-ÿ-]+)\.?"
)


def split_authors(text: str) -> tuple[str, ...]:
    text = " ".join(text.split()).strip(" ,;:")
    if is_corporate_name(text):
        return (text.rstrip("."),)  # "Department of Health and Human Services" is one author
    text = re.sub(r",?\s*(?:et\s+al\.?|and\s+others)$", "", text).strip(" ,")
    text = _EDITOR_SUFFIX.sub("", text)
    # "Guerra, AB. Lindt, CD." lists end each name with a period instead of a comma
    if _PERIOD_SEPARATED_NAMES.fullmatch(text):
        text = re.sub(r"\.\s+", "; ", text)
    if not re.search(r"\b[A-Z]\.$", text):
        text = text.rstrip(".")
    if not text:
        return ()
    groups = re.split(r"\s*;\s*|,?\s+(?:and|&|und|et|y|a|i)\s+|\s*&\s*", text)
    names: list[str] = []
    for group in groups:
        names.extend(_pair_names([p.strip() for p in group.split(",") if p.strip()]))
    return tuple(
        name.strip(" .") if not re.search(r"\b[A-Z]\.$", name) else name.strip()
        for name in names
        if name
    )


_LEADING_INITIAL = re.compile(rf"[{UPPER}]\.")


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
            and not _LEADING_INITIAL.match(part)
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


# --- The author block: names at the head of a reference, read chunk by chunk -----------------
#
# A chunk is what lies between name separators ("," ";" "&" "and"). Each chunk is a whole name
# ("J. A. Smith", "Smith JA", "Smith J.", "Mark Johnson") or half of one ("Smith" then "J. A."
# or "John"). The block ends where a name is closed by a period or colon and more text follows,
# where a year comes, or where a chunk cannot be (part of) a name: that chunk starts the title.

_BLOCK_TOKEN = re.compile(
    r"\s*(?:(?P<etal>(?i:et\.?\s*al\b\.?|and\s+others\b)|a\s+kol\b\.?)"
    r"|(?P<editor>\(\s*(?i:eds?|editors?|hrsg|dir|coord|comp|ed\.\s*lit)\.?\s*\)\.?"
    r"|(?i:eds?|hrsg)\.(?=[\s,:]|$)|(?i:editors?)\b\.?)"
    r"|(?P<paren>\([^()]{0,60}\)[.,:]?)"
    r"|(?P<sep>[,;&]|(?:and|And|AND|und|et|y|e|a|i)(?=\s)|\.\s?\.\s?\.|…)"
    r"|(?P<word>[^\s,;&()]+))"
)
_PARTICLES = frozenset(
    [
        "van",
        "von",
        "de",
        "der",
        "den",
        "du",
        "da",
        "di",
        "del",
        "della",
        "des",
        "dos",
        "das",
        "la",
        "le",
        "ten",
        "ter",
        "auf",
        "zu",
        "dit",
        "bin",
        "al",
        "el",
    ]
)
_FUNCTION_WORDS = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "Of",
        "For",
        "To",
        "From",
        "With",
        "At",
        "By",
        "As",
        "Is",
        "Are",
        "Why",
        "How",
        "What",
        "When",
        "Where",
        "Who",
        "Towards",
    ]
)
_YEAR_WORD = re.compile(r"\(?(?:1[5-9]|20)\d\d[a-z]?\)?[.,:;]?|\(?n\.\s?d\.\)?[.,]?")
_DOTTED_INITIALS = re.compile(
    r"-?(?:[A-ZÀ-ÝА-ЯЁΑ-Ω]h?\.\s?-?)+|[A-ZÀ-ÝА-ЯЁΑ-Ω]\.?-|(?:[A-ZÀ-ÝА-ЯЁΑ-Ω][a-z]?\.){2,3}"
)
_BARE_INITIALS = re.compile(r"[A-ZÀ-ÝА-ЯЁΑ-Ω]{1,3}")
_CAPWORD = re.compile(r"(?:Mc|Mac|O['’]|D['’]|d['’]|L['’]|l['’])?[A-ZÀ-ÝА-ЯЁΑ-Ω][\w'’\-]*")
_SUFFIX = re.compile(r"(?:Jr|Sr|II|III|IV)\.?,?")
_NEXT_NAME_AFTER_PERIOD = re.compile(
    r"\s+[A-ZÀ-Ý][\w'’-]+(?:[\s-][A-ZÀ-Ý][\w'’-]+)?"
    r"(?:,\s+(?:[A-ZÀ-Ý]{1,3}|[A-ZÀ-Ý][a-zà-ÿ]+(?:[\s-][A-ZÀ-Ý][a-zà-ÿ]+)?)|\s[A-Z]{1,3})\.(?:\s|$)"
)
_NAME_START = re.compile(
    r"[\s,;&]*(?:(?:and|und|et)\s+)?(?:[A-ZÀ-Ý]\.|[A-ZÀ-Ý][\w'’-]+"
    r"(?:,|\s+[A-ZÀ-Ý]\.|\s+[A-ZÀ-Ý][\w'’-]+[.,]))"
)
_PAREN_YEAR = re.compile(
    r"\(\s*(?:(?:\d{1,2}\.?\s+)?(?:[A-Za-zÀ-ÿ]+\.?\s+)?(?:\d{1,2},?\s+)?(?:1[5-9]|20)\d\d|n\.\s?d\.)"
)


@dataclass(frozen=True)
class AuthorBlock:
    """Where the author block at the head of a reference ends."""

    end: int
    """Offset just after the last name (and its "et al." or editor note)."""
    terminator: str
    """What closed the block: "." or ":" (sentence style), "," (comma style) or "year"."""


@dataclass
class _Word:
    kind: str  # initial | bare | cap | particle | suffix
    dotted: bool
    start: int
    end: int


@lru_cache(maxsize=8192)
def _word_kind(word: str) -> str | None:
    word = word.rstrip("*†")
    core = word.rstrip(".:")
    if not core:
        return None
    if _DOTTED_INITIALS.fullmatch(word.rstrip(":")) and len(core) <= 8:
        return "initial"
    if _SUFFIX.fullmatch(word.rstrip(":")):
        return "suffix"
    if core in _PARTICLES:
        return "particle"
    if _BARE_INITIALS.fullmatch(core):
        return "bare"
    if core in _FUNCTION_WORDS:
        return None
    if _CAPWORD.fullmatch(core) and not any(c.isdigit() for c in core):
        return "cap"
    return None


@dataclass
class _Chunk:
    """The words of one chunk and what stopped reading it."""

    words: list[_Word]
    stop: str | None  # None (a separator or the end), ".", ":", "year" or "fail"
    stop_end: int
    position: int
    token: re.Match[str] | None
    block: AuthorBlock | None = None  # set when an "et al." or editor note closes the block here


def _read_words(text: str, position: int, pending_surname: bool) -> _Chunk:
    """Read name-like words from ``position`` up to a separator, a sentence end or a non-name."""
    words: list[_Word] = []
    token = _BLOCK_TOKEN.match(text, position)
    while token is not None and token.lastgroup != "sep":
        if token.lastgroup in ("etal", "editor"):
            return _Chunk(words, "after", 0, position, token, AuthorBlock(token.end(), "after"))
        stop = _chunk_stop(text, token, words, pending_surname)
        if stop == "skip":
            position = token.end()
            token = _BLOCK_TOKEN.match(text, position)
            continue
        if stop in ("year", "fail"):
            return _Chunk(words, stop, 0, position, token)
        position = token.end()
        if stop in (".", ":"):
            return _Chunk(words, stop, token.end(), position, token)
        if stop == "next":
            return _Chunk(words, None, 0, position, token)
        if len(words) > 12:
            return _Chunk(words, "fail", 0, position, token)
        token = _BLOCK_TOKEN.match(text, position)
    return _Chunk(words, None, 0, position, token)


def _chunk_stop(text: str, token: re.Match[str], words: list[_Word], pending: bool) -> str:
    """Take one token into ``words``; say how reading goes on: "" (go on), "skip", "next"
    (the chunk ends, the block does not), ".", ":", "year" or "fail"."""
    if token.lastgroup == "paren":
        inner = token.group("paren")
        if _PAREN_YEAR.match(inner):
            return "year"
        if words and _BRACKETED_INITIALS.fullmatch(inner):
            words.append(_Word("initial", True, token.start(), token.end()))  # Kefi (N.)
            return "next" if inner.endswith(",") else "skip"
        if words and len(inner) <= 40 and not _DIGIT.search(inner):
            last = words[-1]  # Gorky, Maxim (Alexei Maximovich Peshkov)
            words[-1] = _Word(last.kind, inner.endswith("."), last.start, token.end())
            return "skip"
        return "fail"
    word = token.group("word")
    if _YEAR_WORD.fullmatch(word):
        return "year"
    if word in ("*", "†"):
        return "skip"
    kind = _word_kind(word)
    if kind is None:
        return "fail"
    words.append(_Word(kind, word.endswith("."), token.end() - len(word), token.end()))
    if word.endswith(":"):
        return ":"
    if word.endswith(".") and (
        kind == "cap"
        or (kind == "bare" and not text.startswith(",", token.end()))
        or (kind == "particle" and pending)
    ):
        if (pending or kind == "bare") and _NEXT_NAME_AFTER_PERIOD.match(text, token.end()):
            return "next"  # "Guastella, AJ. Carson, DS." / "BAYLE, Isabelle. MAISH, Véronique."
        return "."
    return ""


@dataclass
class _Scan:
    """What the author-block scan knows after the chunks read so far."""

    end: int = 0
    previous_end: int = 0  # where the block ended before the last chunk
    names: int = 0
    pending_surname: bool = False  # the last chunk was a bare surname awaiting its given names
    pending_end: int = 0
    pending_capitals: int = 0
    last_shape: str = ""
    last_all_capitals: bool = False
    last_inner_particle: bool = False  # "Van de Walle": a surname, whatever its capitals say
    surname_first: bool | None = None


def author_block(text: str) -> AuthorBlock | None:
    """The author block at the head of ``text``, or None when it does not start with names."""
    repeated = _DASH_FOR_AUTHOR.match(text)
    if repeated:
        return AuthorBlock(repeated.end(), ".")
    scan = _Scan()
    position = 0
    while True:
        token = _BLOCK_TOKEN.match(text, position)
        while token is not None and token.lastgroup == "sep" and position < len(text):
            position = token.end()
            token = _BLOCK_TOKEN.match(text, position)
        between = text[scan.end : position]
        after_and = scan.names > 0 and bool(_AND.search(between))
        chunk = _read_words(text, position, scan.pending_surname)
        if chunk.stop == "after":
            return chunk.block if scan.names or chunk.words else None
        verdict = _judge_chunk(text, chunk, scan, after_and)
        if verdict is None:
            return _block_before(chunk, scan, after_and)
        shape, cut = verdict
        words = chunk.words
        scan.last_shape = shape
        scan.last_all_capitals = all(w.kind in ("cap", "particle") for w in words)
        scan.last_inner_particle = any(w.kind == "particle" for w in words[1:-1])
        if cut is not None:
            # A dotted initial closed the name and the title follows in the same chunk.
            return AuthorBlock(words[cut].end, ".")
        if shape == "surname":
            scan.pending_capitals = sum(1 for w in words if w.kind == "cap")
            scan.pending_end = scan.end
            scan.pending_surname = True
        else:
            if scan.surname_first is None or (scan.pending_surname and scan.names <= 1):
                scan.surname_first = scan.pending_surname or shape == "surname-initials"
            scan.pending_surname = False
            scan.names += 1
        scan.previous_end = scan.end
        scan.end = words[-1].end
        position = chunk.position
        if chunk.stop is not None:
            return _block_after(chunk, scan)
        if chunk.token is None:
            return AuthorBlock(scan.end, "")


def _judge_chunk(
    text: str, chunk: _Chunk, scan: _Scan, after_and: bool
) -> tuple[str, int | None] | None:
    """:func:`_read_chunk` with the second readings that one chunk alone cannot settle."""
    words, stop = chunk.words, chunk.stop
    token = chunk.token
    next_is_name = bool(
        token is not None and token.lastgroup == "sep" and _NAME_START.match(text, token.start())
    )
    first_reading = scan.surname_first, after_and, stop, next_is_name
    verdict = _read_chunk(words, scan.pending_surname, *first_reading)
    if (
        scan.pending_surname
        and scan.pending_capitals >= 2
        and (verdict is None or verdict[1] is not None)
    ):
        # "Kinsland, Gary L., Manuel Hurtado and Kevin O. Pope": a whole name, not a surname
        retry = _read_chunk(words, False, scan.surname_first, after_and, stop)
        if retry is not None and retry[1] is None and stop != "fail":
            scan.pending_surname = False
            scan.names += 1
            verdict = retry
    if stop == ":" and scan.names and all(w.kind in ("cap", "particle") for w in words):
        verdict = None  # "Benedict Anderson, Imagined Communities: Reflections on ..."
    reinterpreted = False
    if (
        verdict is None
        and scan.last_shape == "given-first"
        and scan.last_all_capitals
        and (any(w.kind in ("initial", "bare") for w in words) or scan.last_inner_particle)
    ):
        # "van der Mast, C." / "Gutiérrez Posse, Hortensia D.": the last chunk was a surname
        verdict = _read_chunk(words, True, *first_reading)
        reinterpreted = True
    if verdict is not None and verdict[1] is None and stop == "fail":
        last_initial = max(
            (i for i, w in enumerate(words) if w.kind == "initial" and w.dotted), default=-1
        )
        if last_initial >= 1 or (last_initial == 0 and scan.pending_surname):
            verdict = (verdict[0], last_initial)  # "Smith, J. The Title" / "Smith J. A Title"
        else:
            verdict = None  # name-like words running on into the title
    if reinterpreted and verdict is not None:
        scan.pending_surname = True
    return verdict


def _block_before(chunk: _Chunk, scan: _Scan, after_and: bool) -> AuthorBlock | None:
    """The block when ``chunk`` is no name: it ends before it (and before a waiting surname)."""
    if after_and and scan.last_shape == "given-first" and scan.last_all_capitals:
        # "David Brook, American Politics and Society": "X and <no name>" is a title's words
        return AuthorBlock(scan.previous_end, ",") if scan.previous_end else None
    if scan.pending_surname and chunk.stop == "year" and not chunk.words:
        return AuthorBlock(scan.end, "year")  # "Collectif, 2005": a one-word author
    end = scan.end
    if scan.pending_surname:
        end = scan.pending_end
        if end == 0:
            return None
    if scan.names == 0 and not scan.pending_surname:
        return None
    return AuthorBlock(end, "," if chunk.stop != "year" else "year")


def _block_after(chunk: _Chunk, scan: _Scan) -> AuthorBlock | None:
    """The block when a sentence end, a year or a non-name word stopped ``chunk`` (a name)."""
    if chunk.stop in (".", ":"):
        if scan.pending_surname:
            return AuthorBlock(scan.end, ".") if scan.names else None
        return AuthorBlock(chunk.stop_end, chunk.stop)
    if chunk.stop == "year":
        return AuthorBlock(scan.end, "year")
    return AuthorBlock(scan.end, ",") if scan.names else None


def _read_chunk(
    words: list[_Word],
    pending_surname: bool,
    surname_first: bool | None,
    after_and: bool,
    stop: str | None,
    next_is_name: bool = False,
) -> tuple[str, int | None] | None:
    """What one chunk is: ("surname" | "given" | "surname-initials" | "given-first", cut) where
    ``cut`` is the index of a dotted initial after which the title starts; None if no name."""
    if not words:
        return None
    kinds = [w.kind for w in words]
    if pending_surname:
        # The given names of "Smith, J. A." or "Smith, John": initials and given names only.
        for index, word in enumerate(words):
            if index > 0 and words[index - 1].kind == "initial" and words[index - 1].dotted:
                last = index == len(words) - 1 and (stop in (".", ":", "year") or next_is_name)
                if word.kind == "cap" and not last:
                    return "given", index - 1
            given_words = sum(1 for w in words[: index + 1] if w.kind != "particle")
            if given_words > 3 or word.kind not in ("initial", "bare", "cap", "suffix", "particle"):
                return None
        return "given", None
    first = kinds[0]
    if first in ("initial", "bare"):
        # J. A. Smith (and "S. Keshav H. Zhang", two names missing their comma)
        return ("given-first", None) if "cap" in kinds else None
    surname_end = 0
    while surname_end < len(words) and kinds[surname_end] in ("cap", "particle"):
        surname_end += 1
        if words[surname_end - 1].dotted:
            break
    rest = kinds[surname_end:]
    if rest:
        initials_end = surname_end
        while initials_end < len(words) and kinds[initials_end] in ("initial", "bare", "suffix"):
            initials_end += 1
        if initials_end == surname_end:
            return None
        after = kinds[initials_end:]
        if not after or (
            stop != "fail"
            and kinds[-1] in ("initial", "bare")
            and all(k != "suffix" for k in after)
        ):
            return "surname-initials", None  # Smith JA / Smith J. A. / Liu SM Zhong J
        given_first_list = surname_first is False or after_and
        if (
            after == ["cap"]
            and surname_end == 1
            and stop != "fail"
            and (stop != "." or given_first_list or surname_first is None)
        ):
            return "given-first", None  # Tristram R. Kidder
        if words[initials_end - 1].dotted or stop in (".", ":"):
            return "surname-initials", initials_end - 1
        return None
    capitals = kinds.count("cap")
    dotted = words[-1].dotted
    if capitals == 1:
        if dotted:
            return "given-first", None  # Homer.
        return None if surname_first is False else ("surname", None)
    if surname_first and not after_and:
        return None if dotted else ("surname", None)
    if capitals > 4:
        return None
    return "given-first", None
