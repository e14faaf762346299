"""Parsing and display of money, dates and interest rates (DESIGN §3.1).

This is the one place where text typed by a clerk (or read from an Excel cell) becomes an
amount, a date or a rate, and where those values become text again. No Qt, no I/O.

* Money is always an ``int`` number of đồng; a float never survives :func:`parse_amount`.
  Display uses the Vietnamese grouping ``1.234.567`` (babel, locale ``vi``).
* Dates are shown ``dd/mm/yyyy``; the long printed form is ``ngày 05 tháng 02 năm 2026``.
* Rates (percent per period) are :class:`~decimal.Decimal` and shown with a decimal comma.

Input errors raise a subclass of :class:`InputError` (itself a :class:`ValueError`) whose
``message`` is translated with :func:`desktop.i18n._` and can be shown to the clerk as is.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal

from babel.numbers import format_decimal

from desktop.i18n import _

__all__ = [
    "CURRENCY_SYMBOLS",
    "MAX_AMOUNT",
    "MAX_YEAR",
    "MIN_YEAR",
    "AmountError",
    "DateError",
    "InputError",
    "RateError",
    "format_amount",
    "format_date",
    "format_long_date",
    "format_money",
    "format_rate",
    "parse_amount",
    "parse_date",
    "parse_rate",
]

LOCALE = "vi"
"""The babel locale used for digit grouping."""

MAX_AMOUNT = 10**15
"""The largest amount (in absolute value) :func:`parse_amount` accepts: a thousand tỷ đồng."""

CURRENCY_SYMBOLS = ("đ", "₫")
"""Symbols :func:`format_money` may print after an amount."""

MIN_YEAR = 1900
MAX_YEAR = 2100
"""Years outside this range are taken for typing mistakes by :func:`parse_date`."""


class InputError(ValueError):
    """A value typed by a user that cannot be read.

    ``message`` is the translated, user-facing explanation (also ``str(error)``);
    ``text`` is the input as the user gave it, for highlighting the offending cell.
    """

    def __init__(self, message: str, text: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.text = text


class AmountError(InputError):
    """Text that is not a whole number of đồng."""


class DateError(InputError):
    """Text that is not a date."""


class RateError(InputError):
    """Text that is not an interest rate."""


# --------------------------------------------------------------------------------------------
# Money


def _check_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int number of đồng, not {type(value).__name__}")
    return value


def format_amount(amount: int) -> str:
    """Format whole đồng with Vietnamese digit grouping: ``1234567`` → ``"1.234.567"``.

    Negative amounts get a leading ASCII hyphen-minus: ``"-1.234.567"``.
    Raises :class:`TypeError` for anything but an ``int`` (floats never hold money).
    """
    amount = _check_int(amount, "amount")
    digits = format_decimal(abs(amount), format="#,##0", locale=LOCALE)
    return f"-{digits}" if amount < 0 else digits


def format_money(amount: int, *, symbol: str = "đ") -> str:
    """Format whole đồng with a currency symbol, for print: ``"1.234.567 đ"``.

    ``symbol`` is ``"đ"`` (default) or ``"₫"``.
    """
    if symbol not in CURRENCY_SYMBOLS:
        raise ValueError(f"symbol must be one of {CURRENCY_SYMBOLS!r}, not {symbol!r}")
    return f"{format_amount(amount)} {symbol}"


# Currency marks accepted around an amount (matched case-insensitively, after NFC).
_CURRENCY = r"(?:vnđ|vnd|đồng|đ|₫)"
_LEADING_CURRENCY = re.compile(rf"^{_CURRENCY}\s*", re.IGNORECASE)
_TRAILING_CURRENCY = re.compile(rf"\s*{_CURRENCY}$", re.IGNORECASE)
_SIGN = re.compile(r"^([-−+])\s*")
_NUMBER_CHARS = re.compile(r"[0-9]+(?:[., ][0-9]+)*")
_SEPARATORS = re.compile(r"([., ])")


def _amount_error(message: str, text: str, **values: object) -> AmountError:
    """Fill a translated ``message`` and wrap it in an :class:`AmountError`."""
    return AmountError(message.format(text=text, **values), text)


def _not_an_amount(text: str) -> AmountError:
    return _amount_error(_("'{text}' is not an amount in đồng"), text)


def _not_whole(text: str) -> AmountError:
    return _amount_error(_("'{text}' has a fraction of a đồng; amounts are whole đồng"), text)


def _bad_grouping(text: str) -> AmountError:
    return _amount_error(
        _(
            "'{text}' has digit groups that are not thousands; each group after a dot or "
            "a comma must have exactly 3 digits, e.g. 1.234.567"
        ),
        text,
    )


def _mixed_separators(text: str) -> AmountError:
    return _amount_error(
        _(
            "'{text}' mixes dots, commas or spaces between the thousands; use one kind "
            "only, e.g. 1.234.567"
        ),
        text,
    )


def _too_large(text: str) -> AmountError:
    return _amount_error(
        _("'{text}' is too large; the largest amount is {limit} đồng"),
        text,
        limit=format_amount(MAX_AMOUNT),
    )


def _check_range(amount: int, text: str) -> int:
    if abs(amount) > MAX_AMOUNT:
        raise _too_large(text)
    return amount


def _strip_currency_and_sign(body: str) -> tuple[bool, str]:
    """Remove currency marks at either end and a leading sign; return (negative, digits)."""
    negative = False
    body = _LEADING_CURRENCY.sub("", body)
    body = _TRAILING_CURRENCY.sub("", body)
    sign = _SIGN.match(body)
    if sign:
        negative = sign.group(1) in "-−"
        body = body[sign.end() :]
        body = _LEADING_CURRENCY.sub("", body)  # "-₫1,000" as well as "₫-1,000"
    return negative, body.strip()


def _read_grouped(groups: list[str], separators: list[str], text: str) -> int:
    """Read an integer written as digit groups joined by one kind of thousands separator."""
    if not separators:
        return _to_int(groups[0], text)
    if len(set(separators)) > 1:
        raise _mixed_separators(text)
    first, rest = groups[0], groups[1:]
    # The leading group has 1-3 digits and no leading zero ("0.500" is not five hundred).
    if not 1 <= len(first) <= 3 or first.startswith("0"):
        raise _bad_grouping(text)
    if any(len(group) != 3 for group in rest):
        raise _bad_grouping(text)
    return _to_int("".join(groups), text)


def _to_int(digits: str, text: str) -> int:
    """``int(digits)``, refusing long digit strings before converting them."""
    if len(digits.lstrip("0")) > len(str(MAX_AMOUNT)):
        raise _too_large(text)
    return int(digits)


def _parse_amount_text(raw: str, blank_is_zero: bool) -> int:
    text = unicodedata.normalize("NFC", raw).strip()
    if not text:
        if blank_is_zero:
            return 0
        raise AmountError(_("Please enter an amount."), raw)
    negative, body = _strip_currency_and_sign(text)
    body = re.sub(r"\s+", " ", body)
    if not _NUMBER_CHARS.fullmatch(body):
        raise _not_an_amount(text)

    pieces = _SEPARATORS.split(body)
    groups, separators = pieces[0::2], pieces[1::2]

    # A final dot or comma followed by 1 or 2 digits is a decimal mark (4+ digits: a bad group).
    if separators and separators[-1] in ".," and len(groups[-1]) != 3:
        decimal_mark, fraction = separators[-1], groups[-1]
        groups, separators = groups[:-1], separators[:-1]
        if decimal_mark in separators:
            raise _bad_grouping(text)  # "1.23.4", "1.234.5": no consistent reading
        if len(fraction) > 2:
            raise _bad_grouping(text)  # "1.2345": neither thousands nor cents
        if fraction.strip("0"):
            raise _not_whole(text)  # "12.5", "1.234,5"
        # "1.234,00" or "1234567.0": a zero fraction is still a whole number of đồng.

    amount = _read_grouped(groups, separators, text)
    return _check_range(-amount if negative else amount, text)


def parse_amount(value: str | int | float | Decimal | None, *, blank_is_zero: bool = True) -> int:
    """Read an amount of whole đồng from text typed by a clerk or from a spreadsheet cell.

    Accepted: ``"1.234.567"``, ``"1234567"``, ``"1 234 567"`` (any kind of space, including
    non-breaking and narrow ones), ``"1,234,567"``, ``" 1.234.567 đ "``, ``"1.234.567đ"``,
    ``"₫1,000"``, ``"-5.000"``, an ``int``, and a ``float`` or ``Decimal`` holding a whole
    number (Excel gives ``1234567.0``). A dot or comma followed by exactly three digits
    groups thousands; a zero fraction such as ``"1.234,00"`` is accepted.

    Blank text (or ``None``) is ``0`` when ``blank_is_zero`` is true, an error otherwise.

    Raises :class:`AmountError` for text that is not a number, for fractions of a đồng
    (``"12.5"``, ``"1.234,5"``, ``12.5``), for groupings that are not thousands
    (``"1.23.4"``), for mixed separators (``"1.234,567"``) and for amounts whose absolute
    value is above :data:`MAX_AMOUNT`.
    """
    if value is None:
        return _parse_amount_text("", blank_is_zero)
    if isinstance(value, str):
        return _parse_amount_text(value, blank_is_zero)
    if isinstance(value, bool):
        raise _not_an_amount(str(value))
    if isinstance(value, int):
        return _check_range(value, str(value))
    if isinstance(value, float):
        text = repr(value)
        if not math.isfinite(value):
            raise _not_an_amount(text)
        if abs(value) > MAX_AMOUNT:
            raise _too_large(text)
        if not value.is_integer():
            raise _not_whole(text)
        return int(value)
    if isinstance(value, Decimal):
        text = str(value)
        if not value.is_finite():
            raise _not_an_amount(text)
        if abs(value) > MAX_AMOUNT:
            raise _too_large(text)
        if value != value.to_integral_value():
            raise _not_whole(text)
        return int(value)
    raise TypeError(f"cannot read an amount from {type(value).__name__}")


# --------------------------------------------------------------------------------------------
# Dates

_DAY_FIRST = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_YEAR_FIRST = re.compile(
    r"(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date, not {type(value).__name__}")


def format_date(value: date) -> str:
    """Show a date the Vietnamese way: ``date(2026, 2, 5)`` → ``"05/02/2026"``.

    A ``datetime`` is shown by its date.
    """
    d = _as_date(value)
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_long_date(value: date) -> str:
    """The date as written on printed forms: ``"ngày 05 tháng 02 năm 2026"``.

    Always Vietnamese: it is the wording of the official forms, not interface text.
    """
    d = _as_date(value)
    return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year:04d}"


def _check_year(d: date, text: str) -> date:
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise DateError(
            _("'{text}': the year must be between {first} and {last}").format(
                text=text, first=MIN_YEAR, last=MAX_YEAR
            ),
            text,
        )
    return d


def parse_date(value: str | date | datetime | None) -> date:
    """Read a date from text typed by a clerk, or from a ``date``/``datetime`` cell value.

    Accepted text: ``dd/mm/yyyy``, ``d/m/yyyy``, ``dd-mm-yyyy`` (also with dots), and
    ``yyyy-mm-dd`` (optionally followed by a time, which is ignored). Years must lie between
    :data:`MIN_YEAR` and :data:`MAX_YEAR`.

    Raises :class:`DateError` for blank text, other forms, two-digit years and days that do
    not exist (``31/02/2026``).
    """
    if isinstance(value, date):  # datetime included
        d = _as_date(value)
        return _check_year(d, format_date(d))
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise TypeError(f"cannot read a date from {type(value).__name__}")
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise DateError(_("Please enter a date."), value)
    day_first = _DAY_FIRST.fullmatch(text)
    year_first = _YEAR_FIRST.fullmatch(text)
    if day_first:
        day, month, year = int(day_first[1]), int(day_first[3]), int(day_first[4])
    elif year_first:
        year, month, day = int(year_first[1]), int(year_first[3]), int(year_first[4])
    else:
        raise DateError(
            _("'{text}' is not a date; write it as dd/mm/yyyy, e.g. 05/02/2026").format(text=text),
            text,
        )
    try:
        d = date(year, month, day)
    except ValueError:
        raise DateError(
            _("'{text}' is not a real date (check the day and the month)").format(text=text),
            text,
        ) from None
    return _check_year(d, text)


# --------------------------------------------------------------------------------------------
# Rates

_RATE = re.compile(r"([-−+]?)\s*(\d+(?:[.,]\d+)?|[.,]\d+)\s*%?")


def format_rate(rate: Decimal | int) -> str:
    """Show a rate (percent per period) Vietnamese style: ``Decimal("1.5")`` → ``"1,5"``.

    All significant decimals are kept, trailing zeros dropped (``Decimal("1.50")`` → ``"1,5"``).
    Floats are refused: convert them with :func:`parse_rate` first.
    """
    if isinstance(rate, bool) or not isinstance(rate, Decimal | int):
        raise TypeError(f"rate must be a Decimal, not {type(rate).__name__}")
    if isinstance(rate, Decimal) and not rate.is_finite():
        raise ValueError(f"rate must be finite, not {rate}")
    return format_decimal(rate, format="#,##0.###", locale=LOCALE, decimal_quantization=False)


def _not_a_rate(text: str) -> RateError:
    return RateError(
        _("'{text}' is not a rate; write a number such as 1,5").format(text=text), text
    )


def parse_rate(value: str | Decimal | int | float | None) -> Decimal:
    """Read a rate (percent per period) as a :class:`~decimal.Decimal`.

    ``"1,5"``, ``"1.5"``, ``"1,5 %"``, ``1.5`` and ``Decimal("1.5")`` all give
    ``Decimal("1.5")``. Either a dot or a comma is the decimal mark (a rate has no thousands
    grouping). Floats go through ``str()`` so ``0.1`` gives ``Decimal("0.1")`` exactly.

    Raises :class:`RateError` for blank or non-numeric input.
    """
    if isinstance(value, bool):
        raise _not_a_rate(str(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _not_a_rate(str(value))
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _not_a_rate(repr(value))
        return Decimal(str(value))
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise TypeError(f"cannot read a rate from {type(value).__name__}")
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise RateError(_("Please enter a rate."), value)
    match = _RATE.fullmatch(text)
    if not match:
        raise _not_a_rate(text)
    sign = "-" if match[1] in ("-", "−") else ""
    return Decimal(sign + match[2].replace(",", "."))
