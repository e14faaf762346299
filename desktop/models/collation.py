"""Vietnamese text: NFC normalisation, name order and diacritic-free search.

Vietnamese registers sort people by given name (the last word), then the middle names, then
the family name, and compare letters in the Vietnamese alphabet (a ă â b c d đ e ê …), with
tones deciding only between otherwise equal names (ngang, huyền, hỏi, ngã, sắc, nặng).
"""

from __future__ import annotations

import unicodedata

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_CODE = {letter: chr(0x30 + index) for index, letter in enumerate(ALPHABET)}
# Tone marks as they appear after NFD, in dictionary order (no mark is first).
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
# Both sort before every letter code; the tone section's mark sorts before the word
# separator so that a name which is a prefix of another comes first ("An" before "Lê An").
_PART_SEPARATOR = "!"
_TONE_SECTION = " "


def nfc(text: str) -> str:
    """``text`` in Unicode NFC (reportlab misplaces decomposed accents)."""
    return unicodedata.normalize("NFC", text)


def _split_letter(char: str) -> tuple[str, str]:
    """One precomposed character → (letter without tone, tone digit)."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = "0"
    kept = []
    for part in decomposed:
        if part in _TONES:
            tone = _TONES[part]
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _word_keys(word: str) -> tuple[str, str]:
    primary, tones = [], []
    for char in nfc(word.lower()):
        letter, tone = _split_letter(char)
        code = _LETTER_CODE.get(letter)
        if code is None:  # digits, hyphens, foreign letters: after the alphabet, stable
            code = chr(0x60 + min(ord(letter[0]) if letter else 0, 0xFFFF) % 0x1F)
        primary.append(code)
        tones.append(tone)
    return "".join(primary), "".join(tones)


def name_sort_key(full_name: str) -> str:
    """A string whose plain (binary) order is the Vietnamese order of full names.

    Usable as a Python sort key and stored in the database for ``ORDER BY``.
    """
    words = nfc(full_name).split()
    if not words:
        return ""
    ordered = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    keys = [_word_keys(word) for word in ordered]
    primary = _PART_SEPARATOR.join(key[0] for key in keys)
    tones = _PART_SEPARATOR.join(key[1] for key in keys)
    return primary + _TONE_SECTION + tones


def fold(text: str) -> str:
    """Lower case without diacritics, for search: ``fold("Hương") == "huong"``."""
    decomposed = unicodedata.normalize("NFD", nfc(text).lower().replace("đ", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def matches(query: str, text: str) -> bool:
    """Search as a clerk types: "huong" finds "Hương", "hương" finds only "Hương"."""
    query = nfc(query).strip().lower()
    if not query:
        return True
    if fold(query) == query:  # typed without diacritics: compare folded
        return query in fold(text)
    return query in nfc(text).lower()
