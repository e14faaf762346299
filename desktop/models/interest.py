"""Interest and repayment schedules: pure arithmetic on int đồng and Decimal rates.

Rates are percent per month (``Decimal("1.5")`` is 1.5 %/month). Every rounding is explicit:
interest is rounded half up to the group's rounding unit.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction

from desktop.models.enums import InterestMethod


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the month's end (31/01 + 1 → 28/02)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: dt.date, end: dt.date, *, round_up: bool = True) -> int:
    """Whole months from ``start`` to ``end``; a part month counts as one when ``round_up``."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    if round_up and add_months(start, months) < end:
        months += 1
    return months


def round_to_unit(value: Decimal | Fraction | int, unit: int) -> int:
    """Round half up to a multiple of ``unit`` đồng."""
    if unit <= 0:
        raise ValueError("rounding unit must be positive")
    quotient = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(
        value, Fraction
    ) else Decimal(value)
    units = (quotient / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(units) * unit


def round_down_to_unit(value: Fraction | int, unit: int) -> int:
    """Round down (toward minus infinity) to a multiple of ``unit`` đồng."""
    if unit <= 0:
        raise ValueError("rounding unit must be positive")
    return math.floor(Fraction(value) / unit) * unit


def monthly_interest(base: int, rate: Decimal, months: int, unit: int) -> int:
    """``base × rate% × months`` rounded to the unit."""
    return round_to_unit(Decimal(base) * rate / 100 * months, unit)


def upfront_interest(principal: int, rate: Decimal, term_months: int, unit: int) -> int:
    return monthly_interest(principal, rate, term_months, unit)


@dataclass(frozen=True)
class Installment:
    number: int
    due_date: dt.date
    principal: int
    interest: int
    balance_after: int


def schedule(
    principal: int,
    rate: Decimal,
    term_months: int,
    method: InterestMethod,
    start: dt.date,
    unit: int,
) -> list[Installment]:
    """The planned monthly repayments: equal principal (the last takes the rounding),
    interest by ``method``. Upfront interest is due at disbursement (installment 0)."""
    term = max(term_months, 1)
    base = (Decimal(principal) / term).quantize(Decimal(1), rounding=ROUND_FLOOR)
    per_month = max(int(base) // unit * unit, 0) if unit > 1 else int(base)
    rows: list[Installment] = []
    if method == InterestMethod.UPFRONT:
        rows.append(Installment(0, start, 0, upfront_interest(principal, rate, term, unit),
                                principal))
    balance = principal
    for number in range(1, term + 1):
        part = balance if number == term else min(per_month, balance)
        if method == InterestMethod.FLAT:
            interest = monthly_interest(principal, rate, 1, unit)
        elif method == InterestMethod.DECLINING:
            interest = monthly_interest(balance, rate, 1, unit)
        else:
            interest = 0
        balance -= part
        rows.append(Installment(number, add_months(start, number), part, interest, balance))
    return rows
