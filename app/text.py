"""Vietnamese text helpers: NFC normalisation, decimal-comma numbers and ABC collation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from fractions import Fraction

_SPACES = re.compile(r"\s+")

# Vietnamese alphabet order (Đ after D; Ă, Â after A; Ê after E; Ô, Ơ after O; Ư after U).
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Tone order used by Vietnamese dictionaries: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_MODIFIERS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def translatable(context: str, text: str) -> str:
    """`text`, marked for the GUI's translation under `context`; returned unchanged.

    Words the core owns and the GUI shows (mark columns, reasons, scan outcomes) are written once, here in
    app/; `tools/i18n.py` runs pyside6-lupdate with this function as an alias of `QT_TRANSLATE_NOOP`, so the
    English .ts holds them, and the GUI translates them with `tr(context, text)`. Both arguments must be
    string literals (implicit concatenation is fine; parentheses round the text are not).
    """
    return text


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC with runs of white space collapsed and the ends trimmed.

    Decomposed input (some Vietnamese keyboards type NFD) would put tone marks in the wrong
    place when printed, so every string is normalised at the boundary where it enters the app.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def name_key(text: str) -> str:
    """Return the key under which two spellings of one name count as the same name.

    Case, spacing and Unicode composition are ignored; diacritics are kept, because
    "Hùng" and "Hưng" are different people.
    """
    return nfc(text).casefold()


def search_key(text: str) -> str:
    """Return a diacritic-free, case-folded key for searching names ("Thúy" → "thuy")."""
    decomposed = unicodedata.normalize("NFD", nfc(text).casefold().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", word.casefold()):
        tone = 0
        base = ""
        for part in unicodedata.normalize("NFD", ch):
            if part in _TONE_RANK:
                tone = _TONE_RANK[part]
            else:
                base += part
        composed = unicodedata.normalize("NFC", base)
        for letter in composed:
            if letter in _MODIFIERS:
                continue
            letters.append(_LETTER_RANK.get(letter, 100 + ord(letter)))
            tones.append(tone)
    return tuple(letters), tuple(tones)


def collation_key(full_name: str) -> tuple[object, ...]:
    """Sort key for Vietnamese ABC order of a full name.

    Given name (last word) first, then family name (first word), then middle names, as on
    State election lists (docs/regulations.md §2.2). Within a word, letters are compared first (Đ after
    D), tones only to break ties ("Ly" before "Lý"), and a word decides before the next one.
    """
    words = nfc(full_name).split(" ")
    if not words or words == [""]:
        return ()
    ordered = [words[-1], words[0], *words[1:-1]] if len(words) > 1 else words
    # Word by word: the whole given name (letters, then tones) decides before the family name.
    return tuple(_word_key(w) for w in ordered)


def format_decimal(value: Fraction | int, places: int = 2) -> str:
    """Format `value` rounded half up to `places` decimals with a decimal comma ("54,55")."""
    scale = 10**places
    scaled = Fraction(value) * scale
    magnitude = abs(scaled)
    rounded = int(magnitude + Fraction(1, 2))  # half up, away from zero
    sign = "-" if scaled < 0 and rounded else ""
    whole, frac = divmod(rounded, scale)
    if places == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole},{frac:0{places}d}"


def percent(count: int, base: int) -> str:
    """`count` as a percentage of `base`, half up to 2 decimals with a decimal comma.

    A base of 0 gives "0,00": there is nothing to divide by and nobody can pass on it.
    """
    if base <= 0:
        return format_decimal(0)
    return format_decimal(Fraction(100 * count, base))


def join_names(names: Sequence[str]) -> str:
    """Join names the Vietnamese way: "An", "An và Bình", "An, Bình và Cường"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " và " + names[-1]


def serial_key(text: str) -> str:
    """Return the one spelling under which a ballot serial or code is stored and compared (issue #14).

    Compatibility forms (full-width letters and digits), every dash (‐ – — −) typed for "-", invisible
    format characters (zero-width space, joiners, direction marks, soft hyphen), white space and case are
    folded, so "X-1", "x-1", "X‐1" and "X-1" followed by a zero-width space are one ballot.
    """
    folded = unicodedata.normalize("NFKC", text)
    kept = []
    for ch in folded:
        category = unicodedata.category(ch)
        if category == "Cf" or ch.isspace():
            continue
        kept.append("-" if category == "Pd" or ch == "\u2212" else ch)
    return "".join(kept).casefold().upper()
