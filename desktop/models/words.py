"""Vietnamese amounts in words (*số tiền bằng chữ*, DESIGN §3.1), written by hand.

``amount_in_words(1234567)`` →
``"Một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy đồng"``.

Reading rules, for each group of three digits (hundreds, tens, units):

* a ten is *mười* (10, 11 mười một, 14 mười bốn, 15 mười lăm);
* after twenty a final 1 is *mốt* (21 hai mươi mốt), a final 4 is *tư* or *bốn* (setting),
  and a final 5 is *lăm* after any ten (15, 25); alone or after *linh* they stay *một*,
  *bốn*, *năm* (1, 4, 5, 101, 104, 105);
* a zero tens digit before a unit is *linh* or *lẻ* (setting): 101 một trăm linh một;
  a zero tens digit with a zero unit says nothing (100 một trăm, 1.012 … không trăm mười hai);
* a group that is not the first of the number is read with all three digits, so empty
  hundreds are *không trăm* (1.046.912 một triệu không trăm bốn mươi sáu nghìn …);
* a group that is all zeros is not read at all, nor is its unit (1.000.005 một triệu
  không trăm linh năm; 1.000.000.000 một tỷ).

Group units are *nghìn* (or *ngàn*, setting), *triệu*, *tỷ*; above a tỷ the count of tỷ is
itself read as a number (1.500.000.000.000 một nghìn năm trăm tỷ; 10^18 một tỷ tỷ).
Negative numbers begin with *âm*. No Qt, no I/O, no translation: these are Vietnamese words.
"""

from __future__ import annotations

__all__ = ["FOUR_WORDS", "THOUSAND_WORDS", "ZERO_TENS_WORDS", "amount_in_words", "number_in_words"]

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

THOUSAND_WORDS = ("nghìn", "ngàn")
"""Allowed words for a thousand (northern, southern usage)."""
ZERO_TENS_WORDS = ("linh", "lẻ")
"""Allowed words for a zero tens digit before a unit (101 một trăm linh/lẻ một)."""
FOUR_WORDS = ("tư", "bốn")
"""Allowed words for a final 4 after twenty (24 hai mươi tư/bốn)."""

_BILLION = 10**9


def _check_options(thousand: str, zero_tens: str, four: str) -> None:
    for value, allowed, name in (
        (thousand, THOUSAND_WORDS, "thousand"),
        (zero_tens, ZERO_TENS_WORDS, "zero_tens"),
        (four, FOUR_WORDS, "four"),
    ):
        if value not in allowed:
            raise ValueError(f"{name} must be one of {allowed!r}, not {value!r}")


def _check_int(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"only an int can be read in words, not {type(n).__name__}")
    return n


def _read_group(group: int, *, full: bool, zero_tens: str, four: str) -> list[str]:
    """Words for ``group`` (1-999); ``full`` reads empty hundreds as *không trăm*."""
    hundreds, rest = divmod(group, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if full or hundreds:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(zero_tens)
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 4:
            words.append(four)
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(DIGITS[units])
    return words


def _read_below_billion(
    n: int, *, leading: bool, thousand: str, zero_tens: str, four: str
) -> list[str]:
    """Words for ``0 < n < 10^9``; ``leading`` when nothing has been said before it."""
    words: list[str] = []
    for unit, size in (("triệu", 10**6), (thousand, 10**3), ("", 1)):
        group, n = divmod(n, size)
        if not group:
            continue
        full = bool(words) or not leading
        words += _read_group(group, full=full, zero_tens=zero_tens, four=four)
        if unit:
            words.append(unit)
    return words


def _read_positive(n: int, *, leading: bool, thousand: str, zero_tens: str, four: str) -> list[str]:
    """Words for ``n > 0``: the count of tỷ (read recursively), then the rest."""
    billions, rest = divmod(n, _BILLION)
    words: list[str] = []
    if billions:
        words += _read_positive(
            billions, leading=leading, thousand=thousand, zero_tens=zero_tens, four=four
        )
        words.append("tỷ")
    if rest:
        words += _read_below_billion(
            rest,
            leading=leading and not words,
            thousand=thousand,
            zero_tens=zero_tens,
            four=four,
        )
    return words


def number_in_words(
    n: int, *, thousand: str = "nghìn", zero_tens: str = "linh", four: str = "tư"
) -> str:
    """Read the integer ``n`` in Vietnamese words, lower case.

    ``number_in_words(1046912)`` →
    ``"một triệu không trăm bốn mươi sáu nghìn chín trăm mười hai"``;
    ``0`` → ``"không"``; ``-5`` → ``"âm năm"``.

    Settings (regional usage): ``thousand`` ``"nghìn"``/``"ngàn"``, ``zero_tens``
    ``"linh"``/``"lẻ"``, ``four`` ``"tư"``/``"bốn"`` for a final 4 after twenty.
    Raises :class:`TypeError` unless ``n`` is an ``int`` (not a float, ``Decimal`` or bool).
    """
    n = _check_int(n)
    _check_options(thousand, zero_tens, four)
    if n == 0:
        return DIGITS[0]
    words = ["âm"] if n < 0 else []
    words += _read_positive(abs(n), leading=True, thousand=thousand, zero_tens=zero_tens, four=four)
    return " ".join(words)


def amount_in_words(
    n: int, *, thousand: str = "nghìn", zero_tens: str = "linh", four: str = "tư"
) -> str:
    """The amount ``n`` in đồng as written on receipts: capitalised, ending in *đồng*.

    ``amount_in_words(1234567)`` →
    ``"Một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy đồng"``;
    ``0`` → ``"Không đồng"``. Settings as for :func:`number_in_words`.
    """
    words = number_in_words(n, thousand=thousand, zero_tens=zero_tens, four=four)
    return f"{words[0].upper()}{words[1:]} đồng"
