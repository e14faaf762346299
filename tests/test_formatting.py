"""Parsing and display of money, dates and rates (DESIGN §3.1): desktop.models.formatting."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.models.formatting import (
    MAX_AMOUNT,
    AmountError,
    DateError,
    InputError,
    RateError,
    format_amount,
    format_date,
    format_long_date,
    format_money,
    format_rate,
    parse_amount,
    parse_date,
    parse_rate,
)

AMOUNTS = st.integers(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT)


# ---------------------------------------------------------------------------------------------
# format_amount / format_money


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "0"),
        (5, "5"),
        (999, "999"),
        (1_000, "1.000"),
        (1_234_567, "1.234.567"),
        (-1_234_567, "-1.234.567"),
        (-5, "-5"),
        (MAX_AMOUNT, "1.000.000.000.000.000"),
    ],
)
def test_format_amount_groups_thousands_with_dots(amount: int, expected: str) -> None:
    assert format_amount(amount) == expected


def test_format_money_appends_dong_sign_after_a_space() -> None:
    assert format_money(1_234_567) == "1.234.567 đ"
    assert format_money(-5_000) == "-5.000 đ"


def test_format_money_accepts_the_unicode_dong_sign() -> None:
    assert format_money(1_234_567, symbol="₫") == "1.234.567 ₫"


def test_format_money_rejects_other_symbols() -> None:
    with pytest.raises(ValueError):
        format_money(1, symbol="$")


@pytest.mark.parametrize("value", [1.0, 1234567.0, Decimal("1"), True, "1", None])
def test_format_amount_refuses_anything_but_int(value: object) -> None:
    with pytest.raises(TypeError):
        format_amount(value)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# parse_amount: accepted forms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234.567", 1_234_567),
        ("1234567", 1_234_567),
        ("1 234 567", 1_234_567),
        ("1\u00a0234\u00a0567", 1_234_567),  # non-breaking spaces
        ("1\u202f234\u202f567", 1_234_567),  # narrow non-breaking spaces
        ("1,234,567", 1_234_567),
        (" 1.234.567 đ ", 1_234_567),
        ("1.234.567đ", 1_234_567),
        ("1.234.567 ₫", 1_234_567),
        ("₫1,000", 1_000),
        ("1.234.567 Đ", 1_234_567),
        ("1.234.567 VND", 1_234_567),
        ("1.234.567 đồng", 1_234_567),
        ("-5.000", -5_000),
        ("−5.000", -5_000),  # unicode minus sign
        ("- 5.000 đ", -5_000),
        ("-₫1,000", -1_000),
        ("+5.000", 5_000),
        ("0", 0),
        ("-0", 0),
        ("5", 5),
        ("500", 500),
        ("1.000", 1_000),
        ("12,345", 12_345),
        ("1.234,00", 1_234),  # a zero fraction is still whole đồng
        ("1,234.00", 1_234),
        ("1234567.0", 1_234_567),  # str() of an Excel float
        ("1.000.000.000.000.000", MAX_AMOUNT),
    ],
)
def test_parse_amount_reads_accepted_text_forms(text: str, expected: int) -> None:
    assert parse_amount(text) == expected


def test_parse_amount_reads_decomposed_unicode_dong_word() -> None:
    import unicodedata

    assert parse_amount(unicodedata.normalize("NFD", "1.000 đồng")) == 1_000


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1_234_567, 1_234_567),
        (-5_000, -5_000),
        (0, 0),
        (1234567.0, 1_234_567),
        (-5000.0, -5_000),
        (Decimal("1234567"), 1_234_567),
        (Decimal("1234567.00"), 1_234_567),
    ],
)
def test_parse_amount_reads_whole_numbers_given_as_numbers(value: object, expected: int) -> None:
    result = parse_amount(value)  # type: ignore[arg-type]
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize("blank", ["", "   ", "\u00a0", None])
def test_parse_amount_reads_blank_as_zero_by_default(blank: str | None) -> None:
    assert parse_amount(blank) == 0


@pytest.mark.parametrize("blank", ["", "  ", None])
def test_parse_amount_rejects_blank_when_blank_is_not_zero(blank: str | None) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(blank, blank_is_zero=False)
    assert caught.value.message


# ---------------------------------------------------------------------------------------------
# parse_amount: rejected forms


@pytest.mark.parametrize(
    "text",
    ["abc", "12a", "a12", "đ", "-", "1..234", "1.234.", ".234", "1,,000", "5.000-", "1e6", "0x10"],
)
def test_parse_amount_rejects_text_that_is_not_a_number(text: str, english: None) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert "is not an amount" in caught.value.message


@pytest.mark.parametrize("text", ["1.234,5", "12.5", "12,5", "1,234.56", "0,5", "1 234,5"])
def test_parse_amount_rejects_fractions_of_a_dong_and_says_so(text: str, english: None) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert "fraction of a đồng" in caught.value.message
    assert text in caught.value.message


@pytest.mark.parametrize("value", [12.5, -0.5, Decimal("12.5")])
def test_parse_amount_rejects_numbers_with_a_fraction_of_a_dong(
    value: object, english: None
) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(value)  # type: ignore[arg-type]
    assert "fraction of a đồng" in caught.value.message


@pytest.mark.parametrize(
    "text", ["1.23.4", "1.2345", "12.34.567", "1234.567", "1.234.5678", "0.500", "12 5", "1.0000"]
)
def test_parse_amount_rejects_groupings_that_are_not_thousands(text: str, english: None) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert "not thousands" in caught.value.message


@pytest.mark.parametrize("text", ["1.234,567", "1,234.567", "1 234.567", "1.234,567,890"])
def test_parse_amount_rejects_mixed_separators_and_says_so(text: str, english: None) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert "mixes dots, commas or spaces" in caught.value.message
    assert text in caught.value.message
    assert caught.value.text == text


@pytest.mark.parametrize(
    "value", ["1.000.000.000.000.001", "99999999999999999999", "9" * 5000, MAX_AMOUNT + 1,
              -MAX_AMOUNT - 1, 1e16, Decimal("1E+20")]
)  # fmt: skip
def test_parse_amount_rejects_values_above_ten_to_the_fifteen(value: object, english: None) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(value)  # type: ignore[arg-type]
    assert "too large" in caught.value.message
    assert "1.000.000.000.000.000" in caught.value.message


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN"), True])
def test_parse_amount_rejects_non_finite_numbers_and_booleans(value: object) -> None:
    with pytest.raises(AmountError):
        parse_amount(value)  # type: ignore[arg-type]


def test_amount_error_is_a_value_error_with_a_message_naming_the_input() -> None:
    with pytest.raises(ValueError) as caught:
        parse_amount("12a")
    error = caught.value
    assert isinstance(error, AmountError)
    assert isinstance(error, InputError)
    assert "12a" in error.message
    assert str(error) == error.message
    assert error.text == "12a"


def test_parse_amount_refuses_unsupported_types() -> None:
    with pytest.raises(TypeError):
        parse_amount([1])  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Round trips


@given(AMOUNTS)
def test_parse_amount_reads_back_format_amount(n: int) -> None:
    assert parse_amount(format_amount(n)) == n


@given(AMOUNTS, st.sampled_from(["đ", "₫"]))
def test_parse_amount_reads_back_format_money(n: int, symbol: str) -> None:
    assert parse_amount(format_money(n, symbol=symbol)) == n


@given(AMOUNTS)
def test_parse_amount_reads_back_plain_digits_and_excel_floats(n: int) -> None:
    assert parse_amount(str(n)) == n
    assert parse_amount(float(n)) == n


@given(AMOUNTS, st.sampled_from([",", " ", "\u00a0", "\u202f"]))
def test_parse_amount_reads_other_thousands_separators(n: int, separator: str) -> None:
    assert parse_amount(format_amount(n).replace(".", separator)) == n


# ---------------------------------------------------------------------------------------------
# Dates


def test_format_date_is_day_month_year_with_slashes() -> None:
    assert format_date(date(2026, 2, 5)) == "05/02/2026"
    assert format_date(datetime(2026, 12, 31, 23, 59)) == "31/12/2026"


def test_format_long_date_is_the_printed_vietnamese_wording() -> None:
    assert format_long_date(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"


@pytest.mark.parametrize("value", ["05/02/2026", 20260205, None])
def test_format_date_refuses_non_dates(value: object) -> None:
    with pytest.raises(TypeError):
        format_date(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "05/02/2026",
        "5/2/2026",
        "05-02-2026",
        "5-2-2026",
        "05.02.2026",
        "2026-02-05",
        "2026-2-5",
        "2026-02-05T00:00:00",
        "2026-02-05 13:45:10",
        " 05/02/2026 ",
    ],
)
def test_parse_date_reads_accepted_text_forms(text: str) -> None:
    assert parse_date(text) == date(2026, 2, 5)


def test_parse_date_reads_day_first_not_month_first() -> None:
    assert parse_date("01/12/2026") == date(2026, 12, 1)


def test_parse_date_accepts_date_and_datetime_objects() -> None:
    assert parse_date(date(2026, 2, 5)) == date(2026, 2, 5)
    result = parse_date(datetime(2026, 2, 5, 14, 30))
    assert result == date(2026, 2, 5)
    assert type(result) is date


@pytest.mark.parametrize(
    "text",
    ["", "  ", "hôm nay", "05/02/26", "05/02", "2026", "05/02-2026", "05022026", "5 2 2026"],
)
def test_parse_date_rejects_other_forms(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert caught.value.message


@pytest.mark.parametrize(
    "text", ["31/02/2026", "29/02/2025", "00/01/2026", "13/13/2026", "2026-13-01"]
)
def test_parse_date_rejects_days_that_do_not_exist(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert text in caught.value.message


def test_parse_date_accepts_a_leap_day() -> None:
    assert parse_date("29/02/2024") == date(2024, 2, 29)


@pytest.mark.parametrize("value", ["05/02/0026", "01/01/1899", "01/01/2101", date(1, 1, 1)])
def test_parse_date_rejects_implausible_years(value: object) -> None:
    with pytest.raises(DateError):
        parse_date(value)  # type: ignore[arg-type]


def test_parse_date_rejects_none_with_a_date_error() -> None:
    with pytest.raises(DateError):
        parse_date(None)


def test_date_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_date("abc")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_parse_date_reads_back_format_date(d: date) -> None:
    assert parse_date(format_date(d)) == d
    assert parse_date(d.isoformat()) == d


# ---------------------------------------------------------------------------------------------
# Rates


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        (Decimal("1.5"), "1,5"),
        (Decimal("1.50"), "1,5"),
        (Decimal("2"), "2"),
        (Decimal("0.75"), "0,75"),
        (Decimal("0.125"), "0,125"),
        (Decimal("0.0001"), "0,0001"),
        (Decimal("1E+1"), "10"),
        (3, "3"),
    ],
)
def test_format_rate_uses_a_decimal_comma(rate: Decimal, expected: str) -> None:
    assert format_rate(rate) == expected


@pytest.mark.parametrize("value", [1.5, "1,5", None, True])
def test_format_rate_refuses_floats_and_text(value: object) -> None:
    with pytest.raises(TypeError):
        format_rate(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value", ["1,5", "1.5", " 1,5 ", "1,5%", "1.5 %", "1,50", 1.5, Decimal("1.5")]
)
def test_parse_rate_reads_comma_dot_and_numbers(value: object) -> None:
    result = parse_rate(value)  # type: ignore[arg-type]
    assert isinstance(result, Decimal)
    assert result == Decimal("1.5")


def test_parse_rate_converts_floats_through_str() -> None:
    assert parse_rate(0.1) == Decimal("0.1")
    assert str(parse_rate(0.1)) == "0.1"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2", Decimal(2)), (2, Decimal(2)), ("0", Decimal(0)), (",5", Decimal("0.5")),
     ("-0,5", Decimal("-0.5"))],
)  # fmt: skip
def test_parse_rate_reads_whole_and_signed_rates(value: object, expected: Decimal) -> None:
    assert parse_rate(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value", ["", "  ", None, "abc", "1,5,0", "1.234,5", "1,5%%", float("nan"), Decimal("Inf")]
)
def test_parse_rate_rejects_non_rates(value: object) -> None:
    with pytest.raises(RateError) as caught:
        parse_rate(value)  # type: ignore[arg-type]
    assert caught.value.message


@given(st.decimals(min_value=0, max_value=100, places=4, allow_nan=False))
def test_parse_rate_reads_back_format_rate(rate: Decimal) -> None:
    assert parse_rate(format_rate(rate)) == rate
