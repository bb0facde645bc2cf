"""List numbers rendered the way a reader sees them (Word ``w:numFmt`` names, HTML list types)."""

from __future__ import annotations

_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def format_number(number: int, style: str) -> str:
    """``number`` in a Word numbering format (``decimal``, ``lowerRoman`` ...).

    Unknown formats fall back to decimal, so a reader always sees some number.
    """
    if style in ("lowerLetter", "upperLetter"):
        letters = _letters(number)
        return letters.upper() if style == "upperLetter" else letters
    if style in ("lowerRoman", "upperRoman"):
        roman = _roman(number)
        return roman.upper() if style == "upperRoman" else roman
    if style == "decimalZero":
        return f"{number:02d}"
    if style == "ordinal":
        return _ordinal(number)
    if style == "none":
        return ""
    return str(number)


def _letters(number: int) -> str:
    # Word repeats the letter past z: 27 is "aa", 28 "bb".
    if number <= 0:
        return str(number)
    letter = chr(ord("a") + (number - 1) % 26)
    return letter * ((number - 1) // 26 + 1)


def _roman(number: int) -> str:
    if not 0 < number < 4000:
        return str(number)
    digits: list[str] = []
    for value, numeral in _ROMAN:
        count, number = divmod(number, value)
        digits.append(numeral * count)
    return "".join(digits)


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
