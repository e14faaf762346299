"""Reading workbooks by the cells they really hold (desktop.workbooks.xlsx_cells), in group
workbooks and quarterly returns alike: one far cell is one cell, a sheet larger than any real
one is refused by name, a formula is taken by the value Excel or LibreOffice computed (and
refused when none was), an Excel error is never taken as text."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from pathlib import Path

import pytest
from return_builders import broken, set_cells, valid_return
from sqlalchemy import select
from test_group_workbook_import import only_problem, put, write_book

from desktop.models.database import Ledger
from desktop.models.group import Group
from desktop.models.meeting import Meeting
from desktop.models.permissions import SYSTEM
from desktop.workbooks.group_import import import_group_file, read_group_file
from desktop.workbooks.quarterly_return import read_return
from desktop.workbooks.safe_xlsx import DEFAULT_LIMITS, GROUP_WORKBOOK_LIMITS, Limits
from desktop.workbooks.xlsx_cells import ERROR_CODES, open_book

FIXTURES = Path(__file__).parent / "fixtures"
EXCEL_ERRORS = ["#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"]
FAR = "GR1048576"  # row 1,048,576, column 200: the last row Excel has

# -- one far cell ------------------------------------------------------------------------------


def test_one_far_cell_of_a_group_workbook_is_read_as_one_cell(tmp_path: Path) -> None:
    path = write_book(tmp_path / "s.xlsx", put("BuoiHop", FAR, "ghi chú lạc"))
    with open_book(path, GROUP_WORKBOOK_LIMITS) as book:
        sheet = book.read_sheet("BuoiHop")
    # The sheet declares 200 columns × 1,048,576 rows; the reader took in what is there:
    # 15 rows (14 of the meeting table, 1 far away) and their cells.
    assert sheet.elements_read == 15 + 14 * 12 + 1
    assert sheet.row(1_048_576) == {200: "ghi chú lạc"}
    tracemalloc.start()
    try:
        record, problems = read_group_file(path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems == [] and record is not None and len(record.rows) == 13
    assert peak < 8 * 1024 * 1024


def test_a_group_workbook_with_one_far_cell_imports(ledger: Ledger, tmp_path: Path) -> None:
    path = write_book(tmp_path / "s.xlsx", put("BuoiHop", FAR, "ghi chú lạc"))
    assert import_group_file(ledger, path, SYSTEM).problems == []


def test_one_far_cell_of_a_return_is_read_as_one_cell(tmp_path: Path) -> None:
    path = set_cells(valid_return(tmp_path), "Nhom", {FAR: "ghi chú lạc"})
    with open_book(path, DEFAULT_LIMITS) as book:
        # At most the 5 rows and their 19 cells written, and the far cell.
        assert book.read_sheet("Nhom").elements_read <= 5 + 4 * 19 + 1
    read = read_return(path)
    assert read.ok and [line.code for line in read.lines] == ["HS01", "MT02", "BM03"]


# -- a sheet larger than any real one ----------------------------------------------------------


def test_a_group_sheet_larger_than_the_limit_is_refused_by_name(tmp_path: Path,
                                                               english: None) -> None:
    # BuoiHop holds 14 rows of 12 cells; Nhom, ThanhVien and TienMat hold fewer than 60.
    record, problems = read_group_file(write_book(tmp_path / "s.xlsx"),
                                       Limits(max_sheet_cells=60))
    assert record is None
    assert [(p.sheet, p.cell, p.message) for p in problems] == [(
        "BuoiHop", "", "Sheet BuoiHop: the sheet holds more than 60 cells, more than any real "
        "workbook of this kind; it was not read. Delete the rows and columns that do not "
        "belong there (Ctrl+End shows the last cell in use) and save the file again.")]


def test_a_return_sheet_larger_than_the_limit_is_refused_by_name(tmp_path: Path,
                                                                english: None) -> None:
    read = read_return(valid_return(tmp_path), Limits(max_sheet_cells=30))
    assert not read.ok
    assert [(p.sheet, p.cell) for p in read.problems] == [("Nhom", "")]
    assert read.problems[0].message.startswith("Sheet Nhom: the sheet holds more than 30 cells")


# -- formulas ------------------------------------------------------------------------------------


def test_a_formula_never_computed_in_a_group_workbook_is_refused_naming_the_cell(
        ledger: Ledger, tmp_path: Path, english: None) -> None:
    # openpyxl, like other programs that write formulas, stores no computed value.
    path = write_book(tmp_path / "s.xlsx", put("BuoiHop", "E2", "=D2*20000"))
    sheet, cell, message = only_problem(ledger, path)
    assert (sheet, cell) == ("BuoiHop", "E2")
    assert message == (
        "Cell E2 of sheet BuoiHop: the cell holds a formula (=D2*20000) whose result was never "
        "computed: the file was written by a program that does not calculate. Open the file "
        "in Excel or LibreOffice, save it and import it again.")


def test_a_group_workbook_saved_by_libreoffice_takes_its_formulas_values(
        ledger: Ledger) -> None:
    result = import_group_file(ledger, FIXTURES / "hoa_sen_libreoffice.xlsx", SYSTEM)
    assert result.problems == []
    assert result.name == "Nhóm TK&VV Hoa Sen"  # a text formula
    record, _problems = read_group_file(FIXTURES / "hoa_sen_libreoffice.xlsx")
    assert record is not None
    assert [(row.member, row.savings) for row in record.rows[:3]] == [
        ("TV01", 60_000), ("TV02", 40_000), ("TV04", 20_000)]
    assert record.rows[2].date == dt.date(2026, 1, 8)  # a date cell, not text
    with ledger.session() as session:
        group = session.scalars(select(Group)).one()
        first = session.scalars(select(Meeting).where(Meeting.group_id == group.id)
                                .order_by(Meeting.date)).first()
        assert first is not None and first.counted_cash == 126_000


def test_a_formula_never_computed_in_a_return_is_refused_naming_the_cell(
        tmp_path: Path, english: None) -> None:
    read = read_return(broken(tmp_path, "Nhom", {"K2": "=12000000+500000"}))
    assert not read.ok
    [problem] = read.problems
    assert (problem.sheet, problem.cell) == ("Nhom", "K2")
    assert "=12000000+500000" in problem.message
    assert "Open the file in Excel or LibreOffice, save it" in problem.message


def test_a_return_saved_by_libreoffice_takes_its_formulas_values_and_percentages() -> None:
    read = read_return(FIXTURES / "return_libreoffice.xlsx")
    assert read.problems == []
    assert [(line.code, line.savings, line.loans_outstanding, line.attendance)
            for line in read.lines] == [("HS01", 12_500_000, 8_000_000, 92),
                                        ("MT02", 7_800_000, 3_000_000, 87),
                                        ("BM03", 0, 65_000_000, 81)]


# -- Excel error values ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", EXCEL_ERRORS)
def test_an_excel_error_as_a_group_code_is_refused_naming_the_cell(
        ledger: Ledger, tmp_path: Path, english: None, code: str) -> None:
    sheet, cell, message = only_problem(ledger, write_book(tmp_path / "s.xlsx",
                                                           put("Nhom", "B1", code)))
    assert (sheet, cell) == ("Nhom", "B1")
    assert message == (f"Cell B1 of sheet Nhom: the cell holds the Excel error {code} instead "
                       "of a value; correct the formula or type the value.")


def test_an_excel_error_as_a_members_name_is_refused_naming_the_cell(
        ledger: Ledger, tmp_path: Path) -> None:
    sheet, cell, _message = only_problem(ledger, write_book(
        tmp_path / "s.xlsx", put("ThanhVien", "B3", "#DIV/0!")))
    assert (sheet, cell) == ("ThanhVien", "B3")


@pytest.mark.parametrize("code", EXCEL_ERRORS)
def test_an_excel_error_as_a_returns_group_code_is_refused_naming_the_cell(
        tmp_path: Path, code: str) -> None:
    read = read_return(broken(tmp_path, "Nhom", {"A3": code}))
    assert [(p.sheet, p.cell) for p in read.problems] == [("Nhom", "A3")]
    assert code in read.problems[0].message


def test_errors_computed_by_libreoffice_are_refused_naming_their_cells() -> None:
    read = read_return(FIXTURES / "return_libreoffice_error.xlsx")
    assert [(p.sheet, p.cell) for p in read.problems] == [("Nhom", "K3"), ("Nhom", "A4")]
    assert "#DIV/0!" in read.problems[0].message and "#VALUE!" in read.problems[1].message


def test_every_error_value_excel_shows_is_known() -> None:
    assert set(EXCEL_ERRORS) <= ERROR_CODES
