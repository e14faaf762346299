"""A document's number as Decree 30/2020 writes it under the issuing body: ``Số: …/BC-HLHPN``
(the number itself is written by hand from the office's register)."""

from __future__ import annotations

import unicodedata

from desktop.models.collation import nfc
from desktop.printing import wording
from desktop.printing.fitting import PLACE_WORDS


def report_number(abbreviation: str) -> str:
    """``Số: ……/BC-HLHPN`` for a report of the body abbreviated ``abbreviation``."""
    return wording.NUMBER.format(kind=wording.REPORT, issuer=abbreviation)


def issuer_initials(name: str) -> str:
    """The initials of a body's name before its place: ``HỘI LIÊN HIỆP PHỤ NỮ XÃ YÊN BÌNH``
    and ``HỘI LHPN XÃ YÊN BÌNH`` both give ``HLHPN``. A Vietnamese word always has a vowel,
    so a word without one is an abbreviation and is kept whole."""
    words = nfc(name).upper().split()
    initials = []
    for index, word in enumerate(words):
        if index and any(words[index:index + len(place.split())] == place.split()
                         for place in PLACE_WORDS):
            break
        letters = [_base_letter(char) for char in word if char.isalnum()]
        if not letters:
            continue
        has_vowel = any(letter in "AEIOUY" for letter in letters)
        initials.append(letters[0] if has_vowel else "".join(letters))
    return "".join(initials)


def _base_letter(char: str) -> str:
    """The letter without its marks ("Ộ" → "O"); "Đ" is a letter of its own."""
    if char in "Đđ":
        return "Đ"
    return unicodedata.normalize("NFD", char)[0].upper()
