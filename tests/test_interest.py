"""Interest arithmetic: months, rounding to the group's unit, repayment schedules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from desktop.models.enums import InterestMethod
from desktop.models.interest import (
    add_months,
    monthly_interest,
    months_between,
    round_down_to_unit,
    round_to_unit,
    schedule,
    upfront_interest,
)

D = dt.date


# -- add_months ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 15), 1, D(2026, 2, 15)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # clamped to the end of February
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),  # across the new year
        (D(2026, 12, 5), 1, D(2027, 1, 5)),
        (D(2026, 5, 31), 12, D(2027, 5, 31)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),  # backwards
        (D(2026, 1, 10), 0, D(2026, 1, 10)),
    ],
)
def test_add_months_moves_by_calendar_months_and_clamps_to_the_month_end(
    start: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(start, months) == expected


# -- months_between --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("start", "end", "up", "down"),
    [
        (D(2026, 2, 2), D(2026, 3, 2), 1, 1),  # exactly one month
        (D(2026, 2, 2), D(2026, 5, 2), 3, 3),  # exactly three
        (D(2026, 2, 2), D(2026, 3, 10), 2, 1),  # one month and eight days
        (D(2026, 2, 2), D(2026, 2, 20), 1, 0),  # a part month only
        (D(2026, 1, 31), D(2026, 2, 28), 1, 1),  # month end to month end
        (D(2026, 1, 15), D(2026, 2, 14), 1, 0),  # one day short of a month
        (D(2026, 12, 10), D(2027, 2, 10), 2, 2),  # across the new year
        (D(2026, 2, 2), D(2026, 2, 2), 0, 0),  # the same day
        (D(2026, 3, 2), D(2026, 2, 2), 0, 0),  # backwards: nothing is due
    ],
)
def test_months_between_counts_whole_months_and_part_months_per_the_constitution(
    start: dt.date, end: dt.date, up: int, down: int
) -> None:
    assert months_between(start, end) == up  # default: a part month counts as a month
    assert months_between(start, end, round_up=True) == up
    assert months_between(start, end, round_up=False) == down


# -- rounding --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (18_750, 1_000, 19_000),  # half up
        (18_499, 1_000, 18_000),
        (18_500, 1_000, 19_000),
        (Decimal("18749.99"), 1_000, 19_000),
        (Decimal("12345.5"), 1, 12_346),  # half a đồng goes up
        (Decimal("12345.49"), 1, 12_345),
        (Fraction(45_001, 2), 100, 22_500),  # 22.500,5 đ
        (Fraction(45_100, 2), 100, 22_600),  # 22.550 đ: half up
        (1_250, 500, 1_500),
        (1_249, 500, 1_000),
        (0, 1_000, 0),
    ],
)
def test_round_to_unit_rounds_half_up_to_the_groups_unit(
    value: Decimal | Fraction | int, unit: int, expected: int
) -> None:
    result = round_to_unit(value, unit)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (2_270_357, 1_000, 2_270_000),
        (Fraction(6_357_000 * 100, 280), 1_000, 2_270_000),  # 2.270.357,14 đ
        (Fraction(6_357_000 * 100, 280), 1, 2_270_357),
        (999, 1_000, 0),
        (1_000, 1_000, 1_000),
        (-1, 1_000, -1_000),  # towards minus infinity
    ],
)
def test_round_down_to_unit_never_rounds_up(value: Fraction | int, unit: int,
                                            expected: int) -> None:
    result = round_down_to_unit(value, unit)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize("unit", [0, -1_000])
def test_a_rounding_unit_must_be_positive(unit: int) -> None:
    with pytest.raises(ValueError):
        round_to_unit(1_000, unit)
    with pytest.raises(ValueError):
        round_down_to_unit(1_000, unit)


def test_monthly_interest_is_base_times_rate_times_months_rounded_to_the_unit() -> None:
    assert monthly_interest(1_000_000, Decimal("2"), 1, 1) == 20_000
    assert monthly_interest(1_000_000, Decimal("2"), 3, 1) == 60_000
    assert monthly_interest(1_250_000, Decimal("1.5"), 1, 1_000) == 19_000  # 18.750
    assert monthly_interest(1_250_000, Decimal("1.5"), 1, 1) == 18_750
    assert monthly_interest(500_000, Decimal("0"), 6, 1_000) == 0
    assert upfront_interest(1_000_000, Decimal("2"), 3, 1_000) == 60_000


# -- schedules -------------------------------------------------------------------------------

def _check_schedule_totals(rows: list, principal: int) -> None:  # type: ignore[type-arg]
    assert sum(row.principal for row in rows) == principal
    assert rows[-1].balance_after == 0
    for row in rows:
        assert type(row.principal) is int and type(row.interest) is int


def test_a_flat_schedule_repays_equal_principal_with_interest_on_the_original_amount() -> None:
    rows = schedule(1_000_000, Decimal("2"), 3, InterestMethod.FLAT, D(2026, 2, 2), 1_000)
    assert [(r.number, r.due_date, r.principal, r.interest, r.balance_after) for r in rows] == [
        (1, D(2026, 3, 2), 333_000, 20_000, 667_000),
        (2, D(2026, 4, 2), 333_000, 20_000, 334_000),
        (3, D(2026, 5, 2), 334_000, 20_000, 0),  # the last installment takes the rounding
    ]
    _check_schedule_totals(rows, 1_000_000)


def test_a_declining_schedule_charges_interest_on_what_is_still_owed() -> None:
    rows = schedule(1_200_000, Decimal("2"), 3, InterestMethod.DECLINING, D(2026, 2, 2), 1)
    assert [(r.principal, r.interest, r.balance_after) for r in rows] == [
        (400_000, 24_000, 800_000),
        (400_000, 16_000, 400_000),
        (400_000, 8_000, 0),
    ]
    _check_schedule_totals(rows, 1_200_000)


def test_a_declining_schedule_rounds_each_months_interest_to_the_unit() -> None:
    rows = schedule(1_000_000, Decimal("1.5"), 3, InterestMethod.DECLINING, D(2026, 2, 2), 1_000)
    # 15.000 on 1.000.000; 10.005 on 667.000 → 10.000; 5.010 on 334.000 → 5.000
    assert [(r.principal, r.interest) for r in rows] == [
        (333_000, 15_000), (333_000, 10_000), (334_000, 5_000)]
    _check_schedule_totals(rows, 1_000_000)


def test_an_upfront_schedule_asks_all_interest_at_disbursement() -> None:
    rows = schedule(1_000_000, Decimal("2"), 3, InterestMethod.UPFRONT, D(2026, 2, 2), 1_000)
    assert (rows[0].number, rows[0].due_date, rows[0].principal, rows[0].interest,
            rows[0].balance_after) == (0, D(2026, 2, 2), 0, 60_000, 1_000_000)
    assert [r.interest for r in rows[1:]] == [0, 0, 0]
    _check_schedule_totals(rows, 1_000_000)


def test_an_interest_free_schedule_only_repays_principal() -> None:
    rows = schedule(5_000_000, Decimal("0.5"), 10, InterestMethod.NONE, D(2026, 2, 2), 1_000)
    assert len(rows) == 10
    assert all(r.interest == 0 for r in rows)
    assert {r.principal for r in rows} == {500_000}
    _check_schedule_totals(rows, 5_000_000)


@pytest.mark.parametrize("unit", [1, 100, 500, 1_000])
@pytest.mark.parametrize("principal", [100_000, 1_000_000, 1_234_567, 2_000])
@pytest.mark.parametrize("term", [1, 3, 7, 12])
def test_the_principal_of_any_schedule_adds_up_to_the_loan(principal: int, term: int,
                                                           unit: int) -> None:
    for method in InterestMethod:
        rows = schedule(principal, Decimal("1.5"), term, method, D(2026, 1, 31), unit)
        _check_schedule_totals(rows, principal)
        monthly = [r for r in rows if r.number > 0]
        assert len(monthly) == term
        assert all(r.principal >= 0 for r in monthly)
        # Every installment but the last is a multiple of the unit.
        assert all(r.principal % unit == 0 for r in monthly[:-1])


def test_a_schedule_falls_due_month_by_month_clamped_to_month_ends() -> None:
    rows = schedule(300_000, Decimal("2"), 3, InterestMethod.FLAT, D(2026, 1, 31), 1)
    assert [r.due_date for r in rows] == [D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30)]
