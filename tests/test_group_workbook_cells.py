"""Reading cells as people type them, and opening uploaded files safely
(desktop.workbooks.cells, desktop.workbooks.opening)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.models.formatting import InputError
from desktop.workbooks.cells import (
    Column,
    Problems,
    cell_ref,
    find_sheet,
    is_blank,
    read_amount,
    read_choice,
    read_count,
    read_date,
    read_flag,
    read_key_values,
    read_rate,
    read_table,
    read_text,
    read_whole_number,
    row_number,
    text_key,
)
from desktop.workbooks.opening import open_workbook
from desktop.workbooks.safe_xlsx import GROUP_WORKBOOK_LIMITS
from desktop.workbooks.xlsx_cells import Book, Sheet, open_book


@pytest.mark.parametrize("typed", ["1.234.567", "1 234 567", "1,234,567", " 1.234.567 đ ",
                                   1234567, 1234567.0, Decimal("1234567"), "1234567"])
def test_amounts_typed_as_text_or_whole_floats_read_as_int_dong(typed: object) -> None:
    amount = read_amount(typed)
    assert amount == 1_234_567 and type(amount) is int


def test_a_blank_amount_cell_is_zero() -> None:
    assert read_amount(None) == 0
    assert read_amount("   ") == 0


def test_a_negative_amount_is_refused_unless_allowed(english: None) -> None:
    with pytest.raises(InputError, match=r"cannot be negative \(-5\.000\)"):
        read_amount("-5.000")
    assert read_amount(-5000, allow_negative=True) == -5000


@pytest.mark.parametrize("typed", ["sáu mươi nghìn", "12,5", dt.date(2026, 1, 8), True])
def test_text_a_fraction_or_a_date_in_an_amount_cell_is_refused(typed: object) -> None:
    with pytest.raises(InputError):
        read_amount(typed)


def test_whole_numbers_and_counts_accept_text_and_floats(english: None) -> None:
    assert read_whole_number("1960") == 1960
    assert read_whole_number(1960.0) == 1960
    assert read_whole_number("") is None
    assert read_count(None) == 0
    assert read_count("3") == 3
    with pytest.raises(InputError, match="not a whole number"):
        read_whole_number("ba")
    with pytest.raises(InputError, match="cannot be negative"):
        read_count(-1)


@pytest.mark.parametrize("typed", [dt.datetime(2026, 2, 5), dt.date(2026, 2, 5), "05/02/2026",
                                   "5/2/2026", "2026-02-05", " 05-02-2026 "])
def test_dates_read_from_date_cells_or_day_month_year_text(typed: object) -> None:
    assert read_date(typed) == dt.date(2026, 2, 5)


def test_a_blank_date_is_none_and_an_impossible_date_is_refused(english: None) -> None:
    assert read_date(None) is None
    with pytest.raises(InputError, match="not a real date"):
        read_date("31/02/2026")
    with pytest.raises(InputError, match="not a date"):
        read_date(46058)


def test_rates_accept_a_decimal_comma_and_excel_floats() -> None:
    assert read_rate("1,5") == Decimal("1.5")
    assert read_rate(1.5) == Decimal("1.5")
    assert read_rate(2) == Decimal("2")
    assert read_rate("") is None


def test_text_is_nfc_with_single_spaces_and_codes_lose_excels_float() -> None:
    decomposed = "Nguye\u0302\u0303n  Thi\u0323   An "
    assert read_text(decomposed) == "Nguyễn Thị An"
    assert read_text(7.0) == "7"
    assert read_text(dt.date(2026, 2, 5)) == "05/02/2026"
    assert read_text(None) == ""


@pytest.mark.parametrize(("typed", "expected"), [
    (1, True), (0, False), ("1", True), ("x", True), ("Có", True), ("không", False),
    (1.0, True), (None, True),
])
def test_flags_read_one_zero_x_and_co_khong(typed: object, expected: bool) -> None:
    assert read_flag(typed, blank=True) is expected


def test_an_unreadable_flag_is_refused(english: None) -> None:
    with pytest.raises(InputError, match="not 1 or 0"):
        read_flag("có lẽ", blank=True)


def test_choices_match_without_diacritics_case_or_underscores(english: None) -> None:
    choices = {text_key("giam_dan"): "declining", text_key("phang"): "flat"}
    assert read_choice("Giảm dần", choices, ["phang", "giam_dan"]) == "declining"
    assert read_choice(" PHANG ", choices, ["phang", "giam_dan"]) == "flat"
    with pytest.raises(InputError, match="'lũy tiến' is not one of: phang, giam_dan"):
        read_choice("lũy tiến", choices, ["phang", "giam_dan"])


def test_header_keys_ignore_diacritics_spacing_and_a_dong_unit() -> None:
    assert text_key("Tiền phạt (đ)") == text_key("tien  phat") == "tien phat"
    assert text_key("Tiền phạt (đồng)") == "tien phat"
    assert text_key("Mã TV:") == "ma tv"


def test_cell_names_and_rows_and_blanks() -> None:
    assert cell_ref(7, 5) == "E7"
    assert cell_ref(12, 28) == "AB12"
    assert row_number("AB12") == 12
    assert row_number("") == 0
    assert is_blank("  ") and is_blank(None) and not is_blank(0)


COLUMNS = (Column("date", "Ngày họp"), Column("member", "Mã TV"),
           Column("amount", "Tiền tiết kiệm (đ)"), Column("note", "Ghi chú", required=False))


def _sheet(rows: list[list[object]]) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "BuoiHop"
    for row in rows:
        sheet.append(row)
    return workbook


def _saved(workbook: Workbook) -> Book:
    """``workbook`` as the import reads it: saved, then opened cell by cell."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return open_book(buffer, GROUP_WORKBOOK_LIMITS)


def _first(workbook: Workbook) -> Sheet:
    book = _saved(workbook)
    return book.read_sheet(book.sheetnames[0])


def test_a_table_is_found_under_a_title_by_its_headers_in_any_order() -> None:
    workbook = _sheet([
        ["SỔ GHI CHÉP BUỔI HỌP"],
        [],
        ["Cột thêm", "Tiền tiết kiệm", "mã tv", "NGÀY HỌP"],
        ["x", "60.000", "TV01", "08/01/2026"],
        [None, None, None, None],
        ["", " ", None, None],
        ["y", 40000.0, "TV02", dt.datetime(2026, 1, 15)],
    ])
    problems = Problems("so.xlsx")
    table = read_table(_first(workbook), COLUMNS, problems)
    assert not problems
    assert table is not None and table.header_row == 3
    assert [row.number for row in table.rows] == [4, 7]
    first = table.rows[0]
    assert first["amount"] == "60.000" and first.ref("amount") == "B4"
    assert first["member"] == "TV01" and first.ref("date") == "D4"
    assert first["note"] is None


def test_a_missing_required_column_is_named_with_the_header_row(english: None) -> None:
    workbook = _sheet([["Ngày họp", "Mã TV"], ["08/01/2026", "TV01"]])
    problems = Problems("so.xlsx")
    assert read_table(_first(workbook), COLUMNS, problems) is None
    [problem] = problems
    assert (problem.file, problem.sheet, problem.cell) == ("so.xlsx", "BuoiHop", "")
    assert problem.message == ("Sheet BuoiHop: the header row (row 1) has no column "
                               "Tiền tiết kiệm (đ).")


def test_a_column_given_twice_is_named_by_its_cell(english: None) -> None:
    workbook = _sheet([["Ngày họp", "Mã TV", "Tiền tiết kiệm (đ)", "Mã TV"]])
    problems = Problems()
    assert read_table(_first(workbook), COLUMNS, problems) is None
    assert [(p.sheet, p.cell) for p in problems] == [("BuoiHop", "D1")]


def test_a_sheet_without_any_known_header_says_which_columns_it_needs(english: None) -> None:
    workbook = _sheet([["a", "b"], [1, 2]])
    problems = Problems()
    assert read_table(_first(workbook), COLUMNS, problems) is None
    assert "Ngày họp, Mã TV, Tiền tiết kiệm (đ)" in problems.items[0].message


def test_key_values_are_found_by_key_text_and_name_their_value_cell(english: None) -> None:
    workbook = _sheet([["Thông tin", "Giá trị"], ["Ma nhom", "HS01"], ["Ghi chú", "bất kỳ"],
                       ["Loại", "VSLA"], ["Loại", "ASCA"]])
    keys = (Column("code", "Mã nhóm"), Column("kind", "Loại"), Column("start", "Ngày bắt đầu"),
            Column("village", "Thôn", required=False))
    problems = Problems()
    values = read_key_values(_first(workbook), keys, problems, name="Nhom")
    assert values["code"] == "HS01" and values.ref("code") == "B2"
    assert values["kind"] == "VSLA" and values.ref("kind") == "B4"
    assert "village" not in values
    assert [(p.sheet, p.cell) for p in problems] == [("Nhom", "A5"), ("Nhom", "")]
    assert problems.items[0].message == "Cell A5 of sheet Nhom: the row Loại is given twice."
    assert "Ngày bắt đầu" in problems.items[1].message


def test_sheets_are_found_by_name_without_diacritics_and_a_missing_one_is_a_problem() -> None:
    workbook = _sheet([])
    workbook.create_sheet("Thành Viên")
    book = _saved(workbook)
    problems = Problems("so.xlsx")
    found = find_sheet(book, "ThanhVien", problems)
    assert found is not None and found.title == "Thành Viên"
    assert find_sheet(book, "TienMat", problems, required=False) is None
    assert not problems
    assert find_sheet(book, "Nhom", problems) is None
    assert [(p.file, p.sheet, p.cell) for p in problems] == [("so.xlsx", "Nhom", "")]


def test_problems_at_a_cell_read_as_one_vietnamese_sentence() -> None:
    problems = Problems("so.xlsx")
    problems.at_cell("BuoiHop", "F12", "ví dụ")
    assert problems.items[0].cell == "F12"
    assert problems.items[0].message == "Ô F12 của trang BuoiHop: ví dụ."


# -- opening files ---------------------------------------------------------------------------


def test_a_real_workbook_opens_and_its_cells_read(tmp_path: Path) -> None:
    path = tmp_path / "so.xlsx"
    _sheet([["Ngày họp"], ["08/01/2026"]]).save(path)
    problems = Problems(path.name)
    workbook = open_workbook(path, problems)
    assert not problems and workbook is not None
    with workbook:
        assert workbook.read_sheet("BuoiHop").row(2) == {1: "08/01/2026"}


def _only_message(path: Path) -> str:
    problems = Problems(path.name)
    assert open_workbook(path, problems) is None
    [problem] = problems
    assert problem.file == path.name
    return problem.message


def test_a_renamed_csv_is_not_a_workbook(tmp_path: Path, english: None) -> None:
    path = tmp_path / "so.xlsx"
    path.write_text("Mã nhóm;HS01\n", encoding="utf-8")
    message = _only_message(path)
    assert "CSV" in message and "not an Excel workbook" in message


def test_a_damaged_zip_is_reported(tmp_path: Path, english: None) -> None:
    path = tmp_path / "so.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert "damaged" in _only_message(path)


def test_an_old_excel_or_protected_file_is_recognised(tmp_path: Path, english: None) -> None:
    path = tmp_path / "so.xlsx"  # the OLE signature of .xls and of password-protected .xlsx
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    message = _only_message(path)
    assert "97–2003" in message and "save it as an Excel Workbook (.xlsx)" in message


def test_a_zip_bomb_is_not_unpacked(tmp_path: Path, english: None) -> None:
    path = tmp_path / "so.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (8 * 1024 * 1024))
    assert "far more than such a workbook" in _only_message(path)


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path: Path, english: None) -> None:
    assert "cannot be read" in _only_message(tmp_path / "khong-co.xlsx")
