"""Broken returns are refused whole: every problem is named by file, sheet and cell, and
nothing of the file reaches the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from return_builders import (
    HEADERS,
    INFO_ROWS,
    broken,
    info_rows,
    set_cells,
    valid_return,
    write_book,
)
from sqlalchemy import func, select

from desktop.models.permissions import SYSTEM
from desktop.models.returns import ExpectedCommune, QuarterlyReturn, ReturnGroup
from desktop.workbooks.return_files import ImportStatus, import_return_file

# (what is wrong, sheet, cells changed, the cell the problem must name)
CELL_PROBLEMS: list[tuple[str, str, dict[str, Any], str]] = [
    ("more women than members", "Nhom", {"F2": 21}, "F2"),
    ("more poor members than members", "Nhom", {"G3": 16}, "G3"),
    ("more older people than members", "Nhom", {"H4": 61}, "H4"),
    ("a negative amount", "Nhom", {"K2": -5_000}, "K2"),
    ("a negative amount typed as text", "Nhom", {"L3": "-3.000.000"}, "L3"),
    ("a negative count", "Nhom", {"R3": -1}, "R3"),
    ("an amount in words", "Nhom", {"K3": "bảy triệu"}, "K3"),
    ("a fraction of a đồng", "Nhom", {"Q2": 4_500_000.5}, "Q2"),
    ("a count that is not a number", "Nhom", {"E3": "mười lăm"}, "E3"),
    ("digits grouped wrongly", "Nhom", {"O2": "64.00.000"}, "O2"),
    ("a formula error", "Nhom", {"K4": "#REF!"}, "K4"),
    ("a duplicate group code", "Nhom", {"A4": "HS01"}, "A4"),
    ("a duplicate group code in other case", "Nhom", {"A3": "hs01"}, "A3"),
    ("a missing group code", "Nhom", {"A3": None}, "A3"),
    ("a missing group name", "Nhom", {"B4": "  "}, "B4"),
    ("an unknown kind", "Nhom", {"C3": "Nhóm khác"}, "C3"),
    ("a missing kind", "Nhom", {"C2": None}, "C2"),
    ("attendance above 100", "Nhom", {"J2": 105}, "J2"),
    ("attendance below 0", "Nhom", {"J3": -1}, "J3"),
    ("attendance in words", "Nhom", {"J4": "đông đủ"}, "J4"),
    ("more overdue than outstanding", "Nhom", {"N2": 9_000_000}, "N2"),
    ("loans outstanding but none counted", "Nhom", {"M3": 0}, "M3"),
    ("loans counted but nothing outstanding", "Nhom", {"L2": 0, "N2": 0}, "L2"),
    ("a missing commune code", "ThongTin", {"B2": None}, "B2"),
    ("a commune code of 4 digits", "ThongTin", {"B2": "0432"}, "B2"),
    ("a commune code with letters", "ThongTin", {"B2": "04A21"}, "B2"),
    ("a quarter 5", "ThongTin", {"B5": 5}, "B5"),
    ("a missing quarter", "ThongTin", {"B5": None}, "B5"),
    ("a missing year", "ThongTin", {"B6": None}, "B6"),
    ("a two-digit year", "ThongTin", {"B6": 26}, "B6"),
    ("an unknown template version", "ThongTin", {"B9": 2}, "B9"),
    ("a missing template version", "ThongTin", {"B9": None}, "B9"),
    ("a date that does not exist", "ThongTin", {"B8": "31/02/2026"}, "B8"),
]


def nothing_imported(ledger) -> bool:  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        return all(session.scalar(select(func.count()).select_from(table)) == 0
                   for table in (QuarterlyReturn, ReturnGroup, ExpectedCommune))


def refused(ledger, path: Path):  # type: ignore[no-untyped-def]
    outcome = import_return_file(ledger, path, SYSTEM)
    assert outcome.status == ImportStatus.REFUSED
    assert nothing_imported(ledger)
    assert all(problem.file == path.name and problem.message for problem in outcome.problems)
    return outcome


@pytest.mark.parametrize(("wrong", "sheet", "cells", "cell"), CELL_PROBLEMS,
                         ids=[case[0] for case in CELL_PROBLEMS])
def test_a_wrong_cell_refuses_the_file_naming_that_cell(ledger, tmp_path, wrong, sheet,
                                                        cells, cell):
    outcome = refused(ledger, broken(tmp_path, sheet, cells))
    assert [(problem.sheet, problem.cell) for problem in outcome.problems] == [(sheet, cell)]
    assert cell in outcome.problems[0].message


def test_every_problem_of_a_file_is_listed_not_only_the_first(ledger, tmp_path):
    path = broken(tmp_path, "Nhom", {"F2": 21, "K3": "abc", "C4": "XYZ"})
    set_cells(path, "ThongTin", {"B5": 7, "B9": 3})
    outcome = refused(ledger, path)
    assert {(problem.sheet, problem.cell) for problem in outcome.problems} == {
        ("Nhom", "F2"), ("Nhom", "K3"), ("Nhom", "C4"), ("ThongTin", "B5"), ("ThongTin", "B9")}


def test_the_message_names_both_figures_when_women_outnumber_members(ledger, tmp_path):
    outcome = refused(ledger, broken(tmp_path, "Nhom", {"F2": 21}))
    message = outcome.problems[0].message
    assert "21" in message and "20" in message and "Nữ" in message


def test_a_workbook_without_the_nhom_sheet_is_refused(ledger, tmp_path):
    path = write_book(tmp_path / "sheet1.xlsx", sheets=("ThongTin", "Sheet1"))
    outcome = refused(ledger, path)
    assert ("Nhom", "") in [(problem.sheet, problem.cell) for problem in outcome.problems]
    assert any("Sheet1" in problem.message for problem in outcome.problems)


def test_a_workbook_without_the_thongtin_sheet_is_refused(ledger, tmp_path):
    path = write_book(tmp_path / "no_info.xlsx", sheets=("Thong tin chung", "Nhom"))
    outcome = refused(ledger, path)
    assert ("ThongTin", "") in [(problem.sheet, problem.cell) for problem in outcome.problems]


def test_a_missing_column_is_named(ledger, tmp_path):
    headers = [header if header != "Nữ" else "Ghi chép" for header in HEADERS]
    outcome = refused(ledger, write_book(tmp_path / "no_female.xlsx", headers=headers))
    assert [(problem.sheet, problem.cell) for problem in outcome.problems] == [("Nhom", "")]
    assert "Nữ" in outcome.problems[0].message


def test_a_column_given_twice_is_named_by_its_second_header_cell(ledger, tmp_path):
    headers = [*HEADERS, "Nữ"]
    outcome = refused(ledger, write_book(tmp_path / "twice.xlsx", headers=headers))
    assert ("Nhom", "T1") in [(problem.sheet, problem.cell) for problem in outcome.problems]


def test_a_missing_key_row_is_named(ledger, tmp_path):
    rows = [row for row in INFO_ROWS if row[0] != "Quý"]
    outcome = refused(ledger, write_book(tmp_path / "no_quarter.xlsx", info=rows))
    assert [(problem.sheet, problem.cell) for problem in outcome.problems] == [("ThongTin", "")]
    assert "Quý" in outcome.problems[0].message


def test_the_blank_template_sent_back_unfilled_is_refused(ledger, tmp_path):
    from desktop.workbooks.return_template import write_template

    outcome = refused(ledger, write_template(tmp_path / "blank.xlsx"))
    assert {(problem.sheet, problem.cell) for problem in outcome.problems} == {
        ("ThongTin", "B2"), ("ThongTin", "B5"), ("ThongTin", "B6"), ("Nhom", "")}


def test_a_good_file_beside_a_bad_one_is_still_imported(ledger, tmp_path):
    from desktop.workbooks.return_files import import_returns

    good = valid_return(tmp_path, "a_good.xlsx")
    bad = broken(tmp_path, "Nhom", {"F2": 21}, name="b_bad.xlsx")
    outcomes = import_returns(ledger, [good, bad], SYSTEM)
    assert [outcome.status for outcome in outcomes] == [ImportStatus.IMPORTED,
                                                       ImportStatus.REFUSED]
    with ledger.session() as session:
        assert session.scalar(select(func.count(ReturnGroup.id))) == 3


def test_the_quarter_may_be_written_in_roman_numerals_but_not_as_words(ledger, tmp_path):
    path = write_book(tmp_path / "words.xlsx", info=info_rows(**{"Quý": "ba"}))
    outcome = refused(ledger, path)
    assert [(problem.sheet, problem.cell) for problem in outcome.problems] == [("ThongTin", "B5")]
