"""Finding URLs and DOIs in reference text, and repairing what PDF line wrapping did to them.

A URL wrapped at the end of a printed line comes back from a PDF either with a line break or
with a plain space where the break was (``...nvidia-stock-bro adcom-astera...``). We rejoin a
piece when it can only be the URL's continuation, and keep both readings when a line-final
hyphen may be the typesetter's rather than the URL's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_START = re.compile(
    r"(?P<digits>\d{1,3})?"
    r"(?P<url>(?:https?|ftp):\s?/\s?/|(?:https?|ftp):\s?/?(?=www\d?\.)|www\d?(?:\.|(?=\s\.\w))|(?:dx\.)?doi\.org/"
    r"|(?<![\w.])w(?:\s?ww|w\s?w)\d?\.|(?<![@\w.\-/])(?:[a-z0-9][a-z0-9\-]*\.)+(?-i:[a-z]{2,6}|(?<![a-z]\.)[A-Z]{2,6})"
    r"(?=/[\w~%\-.]))",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[^\s<>\"“”]+")
_CONNECTORS = "/-_.=?&#%~:+"
# Endings of web pages, and of the files a citation links to as well.
_PAGE_ENDINGS = r"s?html?|php\d?|aspx?|jsp|cfm|pdf|xml|json|cgi"
_FILE_ENDINGS = _PAGE_ENDINGS + r"|txt|docx?|xlsx?|pptx?"
_URL_CHARS = re.compile(rf"[/\-_=?&#%~]|\.(?:{_PAGE_ENDINGS})\b", re.I)
_STOP_WORDS = re.compile(
    r"^(?:accessed|retrieved|viewed|visited|last|consult[ée]e?|cited|doi|available|archived|and|or"
    r"|in|at|from|on|pp?|vol|url|abgerufen|abruf|zugriff|en|le|am)(?![\w/\-=?&#~%]|\.[a-z]{2})",
    re.IGNORECASE,
)  # a word, not a path piece that starts like one ("and-green-agenda/", "en/index.html")
# What a line wrap after a dot leaves on the next line when the URL goes on: a file ending, a
# top-level domain and its path, or more host or path ("html.", "com/science/...", "cn/en/").
_AFTER_DOT = re.compile(
    rf"(?:{_FILE_ENDINGS})(?![\w])"
    r"|[a-z]{2,6}/|[a-z0-9][\w\-]*[./]",
)
_FILE_ENDING = re.compile(rf"(?:{_FILE_ENDINGS})(?:[?#/]|$)")
# What no word of prose holds: a query string, a percent escape, a file name with its ending.
_QUERY_OR_FILE = re.compile(rf"[=&?#%]|\w\.(?:{_FILE_ENDINGS})$")
_DOTTED_WORD = re.compile(r"[a-z0-9][\w\-]+(?:\.[\w\-]{2,})+")
# Second-level labels under which a country's code follows ("co." + "uk", "com." + "au").
_SECOND_LEVEL = frozenset(["co", "com", "ac", "gov", "org", "net", "edu", "or", "ne", "go"])
# An access note fused to the URL's end: ".../24725854/)(accessed:January2019".
_GLUED_NOTE = re.compile(
    r"[.,;]?[)\]]?[(\[](?=(?i:accessed|retrieved|viewed|visited|consulted|last|cited|abgerufen"
    r"|zugriff))|[.,;](?=(?:Accessed|Retrieved|Viewed|Consulted|Abgerufen|Zugriff)\b)"
)
_BARE_SCHEME = re.compile(r"(?:https?|ftp):", re.I)  # "http: www.example.org", spaced by OCR
_SCHEME_WITHOUT_SLASHES = re.compile(r"(?:https?|ftp):\s?/?(?!\s?/)", re.I)
_SCHEME_PREFIX = re.compile(r"^(?:https?|ftp):", re.I)
_HOST_PIECE = re.compile(r"[a-z0-9][a-z0-9\-]*(?:[./]|$)")
# Generic top-level domains common in citations; every two-letter one is a country's.
_TOP_LEVEL = frozenset(
    ["com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "name", "pro", "museum",
     "aero", "coop", "jobs", "mobi", "travel", "io", "ai", "app", "dev", "blog", "news", "online",
     "site", "tech"]
)  # fmt: skip
_PATH_CHARS = re.compile(rf"[/=?&#%~_]|\.(?:{_PAGE_ENDINGS})\b", re.I)
_NEW_URL = re.compile(r"(?:https?|ftp):|www\d?(?:\.|(?=\s\.\w))|(?:dx\.)?doi\.org/", re.I)
_NAME = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*[.,;:]?")
_INITIALS = re.compile(r"(?:[A-ZÀ-Þ]\.){1,4},?")
_NAME_PARTICLE = re.compile(
    r"(?:von|van|vander|de|del|della|der|den|di|du|da|das|dos|la|le|ter|ten|zu)"
)
_SHORT_NUMBER = re.compile(r"\d{1,3}[.)]?")
_LOWER_WORD = re.compile(r"[a-z]{2,}[.,;:]?")
_COUNTRY_LABEL = re.compile(r"[a-z]{2}(?=/|$)")
_SCHEME_OR_WWW = re.compile(r"(?:https?|ftp):|www\d?\.", re.I)
_ITEM_NUMBER = re.compile(r"\(\d{2}\)\d")  # Elsevier's "(01)" inside a DOI
_WORD_REST = re.compile(r"\w[\w\-]*(?:\.[\w\-]+)*")
_LINE_GOES_ON = re.compile(r"[ \t]*[^\s]")
_GAP = re.compile(r"[ \t]*\n?[ \t]*")
_TRAILING = ".,;:!?'\"”’»>*"
_PAIRS = {")": "(", "]": "[", "}": "{"}
_OPENERS = {opener: closer for closer, opener in _PAIRS.items()}
_DIGIT_RUN_REST = re.compile(r"\d+(?:[.\-_][^\W_]+)*")
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d[.,;:)]?")
_DOI_URL = re.compile(r"doi\.org/10\.\d{4,9}/", re.I)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"(?:doi\s*:\s*|https?://(?:dx\.)?doi\.org/)\s*(10\.\d{4,9}/\S+)", re.I)


@dataclass(frozen=True)
class FoundUrl:
    """A URL located in reference text, with its repairs."""

    start: int
    """Offset of the URL as written (footnote digits included)."""
    end: int
    """Offset just past the URL as written (trailing punctuation excluded)."""
    as_written: str
    """The text as written, whitespace collapsed to single spaces."""
    candidates: tuple[str, ...]
    """Repaired URLs, with scheme, most likely first."""
    repairs: tuple[tuple[str, str], ...]
    """``(finding code, phrase)`` for each repair made."""


def _is_continuation(piece: str, gap: str, token: str, *, line_goes_on: bool = False) -> bool:
    """Whether ``token`` continues a URL that so far ends with ``piece`` (``line_goes_on``:
    more text follows ``token`` on its line)."""
    if not token:
        return False
    if piece.endswith("//"):
        return True
    if _NEW_URL.match(token) or token[0] in "([{<" or _STOP_WORDS.match(token):
        return False
    last = piece[-1]
    wrapped = "\n" in gap
    if last in ",;)":
        return False
    if last == ":":
        return token[0].isdigit() or token[0] == "/"  # a port or the scheme's slashes, not prose
    if last in "([" and wrapped:
        return token[0].isalnum()  # "wiki/Foo_(" + "bar)": the bracket opened inside the URL
    if token[0].isupper() and token.endswith(","):
        return False  # "Smith," starting the next reference, even after a "/"
    if last in _CONNECTORS and last != ".":
        return token[0].isalnum() or token[0] in _CONNECTORS
    if token[0].isupper():
        # A wrap inside a path with capitals ("ArticleView" + "Abstract.aspx?id=3"); a name
        # starting the next reference has none of these characters.
        core = token.rstrip(_TRAILING)
        return bool(_QUERY_OR_FILE.search(core)) or (wrapped and bool(_PATH_CHARS.search(core)))
    if not (token[0].isalnum() or token[0] in _CONNECTORS):
        return False
    core = token.rstrip(_TRAILING)
    if last == ".":
        if not core or not (core[0].islower() or core[0].isdigit()):
            return False
        if "." in core or (_FILE_ENDING.match(core) and not line_goes_on):
            return True  # "report." + "pdf", but not "page. html is a language"
        return wrapped and bool(_AFTER_DOT.match(core) or _PATH_CHARS.search(core))
    if len(core) > 1 and core[0] in "./" and core[1].isalnum():
        return True  # "...apenergy.2012.02" + ".069", "https://culanth" + ".org/..."
    if _URL_CHARS.search(core) or _DOTTED_WORD.fullmatch(core):
        return True  # "reader.eblib.c" + "om.au", even where the wrap left a space
    return wrapped and _rest_of_word(last, core)


def _starts_prose(tail: str, token: str) -> bool:
    """Whether a line starting with ``token`` and going on after it is the reference's text
    (the next reference's author, a list's bullet or number) rather than the URL's rest."""
    if not token.rstrip(_TRAILING).strip("-–—_•*·") or _SHORT_NUMBER.fullmatch(token):
        return True
    if _NAME_PARTICLE.fullmatch(token):
        return True
    if tail[-1:].isdigit() and _LOWER_WORD.fullmatch(token):
        return True  # "...0123" + "value of health research": words, not a DOI's letters
    return tail.endswith("/") and (_NAME.fullmatch(token) or _INITIALS.fullmatch(token)) is not None


def _rest_of_word(last: str, core: str) -> bool:
    """Whether a line starting with ``core`` finishes a word a wrap cut after ``last``
    ("www.n" + "etlibrary.com", "rst" + "b.2010.0140", "pii/S" + "1573446399030102")."""
    if core.isdigit():
        return last.isalpha() and len(core) >= 6
    return (core[:1].islower() or core[:1].isdigit()) and _WORD_REST.fullmatch(core) is not None


def _trim(url: str, before: str = "") -> str:
    """Drop trailing sentence punctuation, an opening bracket, and closing brackets that are not
    balanced inside the URL (``before`` is the part of it that precedes ``url``)."""
    whole = before + url
    opened = {closer: whole.count(opener) for closer, opener in _PAIRS.items()}
    closed = {closer: whole.count(closer) for closer in _PAIRS}
    end = len(url)
    while end:
        last = url[end - 1]
        if last in _OPENERS:
            opened[_OPENERS[last]] -= 1
        elif last in _PAIRS and opened[last] < closed[last]:
            closed[last] -= 1
        elif last not in _TRAILING:
            break
        end -= 1
    return url[:end]


def _without_glued_note(token: str) -> str:
    """``token`` up to an access note written against it, if any."""
    note = _GLUED_NOTE.search(token)
    return token[: note.start()] if note else token


def _word_set(text: str | None) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", (text or "").lower()) if len(w) > 1}


def _hyphen_readings(pieces: list[str], title: str | None) -> tuple[str, ...]:
    """Both readings of a URL whose line-final hyphen may have been added by typesetting."""
    kept = "".join(pieces)
    dropped = ""
    for i, piece in enumerate(pieces):
        is_break = i < len(pieces) - 1 and piece.endswith("-")
        dropped += piece[:-1] if is_break else piece
    if kept == dropped:
        return (kept,)
    title_words = _word_set(title)
    dropped_words = _word_set(dropped) - _word_set(kept)
    if dropped_words & title_words:
        return (dropped, kept)
    return (kept, dropped)


def _with_scheme(url: str) -> tuple[str, bool]:
    url = re.sub(r"^((?:https?|ftp):)\s?/?\s?/?", r"\1//", url, flags=re.I)
    if re.match(r"(?:https?|ftp)://", url, re.I):
        return url, False
    return "https://" + url, True


def find_urls(text: str, *, title: str | None = None) -> list[FoundUrl]:
    """Every URL in ``text``, rejoined across line wraps and trimmed of punctuation."""
    found: list[FoundUrl] = []
    position = 0
    while True:
        start_match = _START.search(text, position)
        if start_match is None:
            return found
        url = _read_url(text, start_match, title)
        found.append(url)
        position = max(url.end, start_match.end())


class _Reading:
    """What the continuation rules know of a URL read so far: its last characters and, while
    they last, its host (kept short, so a long URL is read in linear time)."""

    def __init__(self, first: str) -> None:
        self.tail = first[-2:]
        self.pieces = 1
        self.bare_scheme = _BARE_SCHEME.fullmatch(first) is not None
        self.doi = _DOI_URL.search(first) is not None
        self.host: str | None = ""
        self.spaced = False
        self._add_to_host(first)

    def add(self, piece: str, *, spaced: bool) -> None:
        self.tail = (self.tail + piece)[-2:]
        self.pieces += 1
        self.bare_scheme = False
        self.spaced = self.spaced or spaced
        self._add_to_host(piece)

    def _add_to_host(self, piece: str) -> None:
        if self.host is None:
            return
        rest = _SCHEME_PREFIX.sub("", self.host + piece, count=1)
        self.host = None if "/" in rest.lstrip("/") or len(rest) > 255 else rest

    def continues(self, gap: str, token: str, *, line_goes_on: bool) -> tuple[bool, bool]:
        """Whether ``token`` continues the URL, and whether it does so across a space after a
        dot (OCR's "http: //www. example. com/page. html"). ``line_goes_on`` tells whether
        more text follows ``token`` on its line."""
        if self.bare_scheme:
            return True, False
        if line_goes_on and _starts_prose(self.tail, token):
            return False, False
        if _is_continuation(self.tail, gap, token, line_goes_on=line_goes_on):
            return True, False
        if self._host_goes_on(token, line_goes_on):
            return True, False
        if ("\n" in gap or self.doi) and self._digit_run_goes_on(token):
            return True, False
        return self._continues_spaced(gap, token), True

    def _host_goes_on(self, token: str, line_goes_on: bool) -> bool:
        """A host cut after a dot before its top-level domain ("http://dx." + "doi.org/...")."""
        if self.host is None or not self.tail.endswith("."):
            return False
        core = token.rstrip(_TRAILING)
        if not _host_incomplete(self.host):
            last_label = self.host.rstrip(".").rsplit(".", 1)[-1].lower()
            country = _COUNTRY_LABEL.match(core)
            ends = not line_goes_on and not _STOP_WORDS.match(token)
            return last_label in _SECOND_LEVEL and bool(country) and (core[2:] != "" or ends)
        if _SCHEME_OR_WWW.match(token):
            return False
        if core.lower() in _TOP_LEVEL or _COUNTRY_LABEL.fullmatch(core):
            return True  # "www.cell." + "com"
        return core[:1].islower() and bool(_HOST_PIECE.match(core)) and bool(set(core) & {".", "/"})

    def _digit_run_goes_on(self, token: str) -> bool:
        """A run of digits cut by a wrap ("arnumber=340" + "872", "lom.2008.6." + "572").

        A year starting the line ("2020.") is not the rest of the URL; a short number alone
        at the end of the reference is (one followed by text is an entry's, ``_starts_prose``).
        """
        if not (self.tail[-1:].isdigit() or (self.doi and self.tail.endswith("."))):
            return False
        core = token.rstrip(_TRAILING)
        if self.doi and _ITEM_NUMBER.match(token):
            return True  # an Elsevier item number in a DOI: "S1462-0758" + "(01)00033-4"
        return bool(_DIGIT_RUN_REST.fullmatch(core)) and not _YEAR.fullmatch(token)

    def _continues_spaced(self, gap: str, token: str) -> bool:
        core = token.rstrip(_TRAILING)
        if not self.tail.endswith(".") or "\n" in gap or not core[:1].islower():
            return False
        if _NEW_URL.match(token) or _STOP_WORDS.match(token):
            return False
        if self.host is not None:
            return _host_incomplete(self.host) and bool(_HOST_PIECE.match(core))
        return self.spaced


def _host_incomplete(host: str) -> bool:
    """Whether a host that so far ends with a dot still lacks its top-level domain."""
    labels = [label for label in host.rstrip(".").lstrip("/").split(".") if label]
    return len(labels) < 2 or (labels[-1].lower() not in _TOP_LEVEL and len(labels[-1]) != 2)


def _gather(text: str, url_start: int, first_end: int) -> tuple[list[str], int]:
    """The pieces of the URL starting at ``url_start`` and the offset just past its last one."""
    pieces = [_without_glued_note(text[url_start:first_end])]
    noted = len(pieces[0]) < first_end - url_start  # the note ends the URL: nothing goes on
    end = url_start + len(pieces[0])
    reading = _Reading(pieces[0])
    while not noted:
        gap_match = _GAP.match(text, end)
        assert gap_match is not None
        if gap_match.end() == end:
            break
        token_match = _TOKEN.match(text, gap_match.end())
        if token_match is None:
            break
        token = token_match.group()
        line_goes_on = _LINE_GOES_ON.match(text, token_match.end()) is not None
        goes_on, spaced = reading.continues(gap_match.group(), token, line_goes_on=line_goes_on)
        if not goes_on:
            break
        kept = _without_glued_note(token)
        pieces.append(kept)
        reading.add(kept, spaced=spaced)
        end = token_match.start() + len(kept)
        noted = kept != token
    return pieces, end


def _read_url(text: str, start_match: re.Match[str], title: str | None) -> FoundUrl:
    repairs: list[tuple[str, str]] = []
    start = start_match.start()
    url_start = start_match.start("url")
    if start_match.group("digits"):
        digits = start_match.group("digits")
        repairs.append(
            ("url-footnote-digits-removed", f"removed footnote digits {digits!r} fused before it")
        )
    first = _TOKEN.match(text, url_start)
    pieces, end = _gather(text, url_start, first.end() if first else start_match.end())
    joined_pieces = list(pieces)
    joined_pieces[-1] = _trim(joined_pieces[-1], "".join(pieces[:-1]))
    trimmed_len = len(pieces[-1]) - len(joined_pieces[-1])
    if trimmed_len:
        repairs.append(
            (
                "url-punctuation-removed",
                f"removed {pieces[-1][-trimmed_len:]!r} after the URL (not part of it)",
            )
        )
    end -= trimmed_len
    if len(pieces) > 1:
        repairs.append(("url-split-repaired", "rejoined a URL split by a line break"))
    readings = _hyphen_readings(joined_pieces, title)
    if len(readings) > 1:
        repairs.append(
            (
                "url-split-ambiguous",
                "a line-final hyphen may belong to the URL or to the typesetting",
            )
        )
    candidates = [_with_scheme(reading)[0] for reading in readings]
    if _with_scheme(readings[0])[1]:
        repairs.append(("url-scheme-added", "added the missing scheme https://"))
    elif _SCHEME_WITHOUT_SLASHES.match(readings[0]):
        repairs.append(("url-scheme-repaired", "restored the '//' after the scheme"))
    return FoundUrl(
        start=start,
        end=end,
        as_written=" ".join(text[start:end].split()),
        candidates=tuple(dict.fromkeys(candidates)),
        repairs=tuple(repairs),
    )


def find_doi(text: str) -> str | None:
    """The first DOI in ``text``, bare (``10.xxxx/...``), trailing punctuation removed."""
    match = _DOI_PREFIX.search(text) or _DOI.search(text)
    if match is None:
        return None
    return _trim(match.group(1))
