"""Returns filled in by hand in Excel: everything people do to a spreadsheet that is not
wrong must be read as the clerk meant it."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from return_builders import (
    EXPECTED,
    GROUP_ROWS,
    HEADERS,
    INFO_ROWS,
    info_rows,
    set_cells,
    valid_return,
    with_cached_values,
    write_book,
)

from desktop.models.enums import GroupKind
from desktop.models.returns import ReturnHeader
from desktop.workbooks.quarterly_return import read_return


def assert_reads_as_the_valid_return(path) -> None:  # type: ignore[no-untyped-def]
    read = read_return(path)
    assert read.problems == []
    assert read.header == ReturnHeader("04321", "Xã Yên Bình", "Tỉnh Thái Nguyên", 2026, 3,
                                       "Nguyễn Thị Hoa", dt.date(2026, 10, 5), 1)
    figures = {line.code: (line.members, line.savings, line.loans_outstanding,
                           line.income_fund) for line in read.lines}
    assert figures == EXPECTED
    assert [line.kind for line in read.lines] == [GroupKind.VSLA, GroupKind.ASCA,
                                                  GroupKind.ISHC]


def test_the_clean_return_is_read_whole(tmp_path):
    read = read_return(valid_return(tmp_path))
    assert read.ok
    hoa_sen = read.lines[0]
    assert (hoa_sen.code, hoa_sen.name, hoa_sen.village, hoa_sen.female, hoa_sen.poor,
            hoa_sen.elderly, hoa_sen.meetings, hoa_sen.attendance, hoa_sen.loans_count,
            hoa_sen.overdue, hoa_sen.social_fund, hoa_sen.cash, hoa_sen.dropouts,
            hoa_sen.row) == ("HS01", "Nhóm TK&VV Hoa Sen", "Thôn Đông", 18, 6, 3, 6, 92, 5,
                             500_000, 640_000, 4_500_000, 1, 2)
    assert read.lines[2].note == "Vốn hạt giống 70 triệu"


def test_amounts_typed_as_text_with_dots_commas_or_spaces_are_read(tmp_path):
    path = set_cells(valid_return(tmp_path), "Nhom", {
        "K2": "12.500.000", "L2": "8 000 000", "K3": "7,800,000", "L3": " 3.000.000 đ ",
        "E4": " 60 ", "L4": "65\u00a0000\u00a0000", "P4": "92.000.000đ"})
    assert_reads_as_the_valid_return(path)


def test_blank_rows_between_groups_are_skipped(tmp_path):
    groups = [GROUP_ROWS[0], [None] * 19, ["", " "], GROUP_ROWS[1], [], GROUP_ROWS[2], []]
    assert_reads_as_the_valid_return(write_book(tmp_path / "blank_rows.xlsx", groups=groups))


def test_an_extra_column_is_ignored_and_columns_are_found_by_header(tmp_path):
    headers = ["STT", *HEADERS[:5], "Ghi chú của xã", *HEADERS[5:]]
    groups = [[number, *row[:5], "thêm", *row[5:]] for number, row in enumerate(GROUP_ROWS, 1)]
    assert_reads_as_the_valid_return(write_book(tmp_path / "extra.xlsx", headers=headers,
                                                groups=groups))


def test_columns_in_another_order_are_found_by_their_header_text(tmp_path):
    headers = list(reversed(HEADERS))
    groups = [list(reversed(row)) for row in GROUP_ROWS]
    assert_reads_as_the_valid_return(write_book(tmp_path / "reversed.xlsx", headers=headers,
                                                groups=groups))


def test_headers_written_slightly_differently_are_recognised(tmp_path):
    headers = [header.replace(" (đ)", "").upper() if "(đ)" in header else header
               for header in HEADERS]
    headers[HEADERS.index("Tỷ lệ tham dự (%)")] = "Tỉ lệ tham dự"
    assert_reads_as_the_valid_return(write_book(tmp_path / "headers.xlsx", headers=headers))


def test_a_merged_title_above_the_header_row_is_passed_over(tmp_path):
    path = write_book(tmp_path / "title.xlsx", title="BÁO CÁO QUÝ III NĂM 2026 - XÃ YÊN BÌNH")
    read = read_return(path)
    assert_reads_as_the_valid_return(path)
    assert [line.row for line in read.lines] == [4, 5, 6]


def test_formulas_give_their_cached_values_and_a_totals_row_is_not_a_group(tmp_path):
    path = valid_return(tmp_path)
    set_cells(path, "Nhom", {"E2": "=18+2", "K4": "=0*1", "A5": None, "B5": "Tổng cộng",
                             "E5": "=SUM(E2:E4)", "K5": "=SUM(K2:K4)"})
    with_cached_values(path, "xl/worksheets/sheet2.xml",
                       {"E2": 20, "K4": 0, "E5": 95, "K5": 20_300_000})
    assert_reads_as_the_valid_return(path)
    assert len(read_return(path).lines) == 3


def test_kinds_may_be_written_as_their_vietnamese_names(tmp_path):
    path = set_cells(valid_return(tmp_path), "Nhom", {
        "C2": "Nhóm tiết kiệm và vốn vay thôn bản",
        "C3": "nhóm tiết kiệm do cộng đồng tự quản",
        "C4": "Câu lạc bộ Liên thế hệ tự giúp nhau"})
    assert_reads_as_the_valid_return(path)


def test_a_commune_code_excel_turned_into_a_number_gets_its_leading_zero_back(tmp_path):
    path = write_book(tmp_path / "number_code.xlsx", info=info_rows(**{
        "Mã xã": 4321, "Quý": "III", "Năm": "2026", "Ngày lập": dt.datetime(2026, 10, 5)}))
    assert_reads_as_the_valid_return(path)


def test_attendance_as_a_percent_formatted_fraction_or_text_is_a_whole_percent(tmp_path):
    path = valid_return(tmp_path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Nhom"]
    sheet["J2"] = 0.92
    sheet["J2"].number_format = "0%"
    sheet["J3"] = "87 %"
    sheet["J4"] = "80,5"
    workbook.save(path)
    read = read_return(path)
    assert read.problems == []
    assert [line.attendance for line in read.lines] == [92, 87, 81]


def test_blank_figures_count_as_zero(tmp_path):
    path = set_cells(valid_return(tmp_path), "Nhom", {"N2": None, "R2": "", "P2": " "})
    read = read_return(path)
    assert read.problems == []
    assert (read.lines[0].overdue, read.lines[0].dropouts, read.lines[0].income_fund) == (0, 0, 0)


def test_a_return_written_by_the_application_template_reads_back_the_same(tmp_path):
    from desktop.workbooks.return_template import write_return

    first = read_return(valid_return(tmp_path))
    assert first.header is not None
    again = read_return(write_return(tmp_path / "again.xlsx", first.header, first.lines))
    assert again.problems == []
    assert again.header == first.header
    assert again.lines == first.lines


@pytest.mark.parametrize("key", ["Tên xã", "Tỉnh", "Người lập", "Ngày lập"])
def test_optional_keys_may_be_left_out(tmp_path, key):
    rows = [row for row in INFO_ROWS if row[0] != key]
    read = read_return(write_book(tmp_path / "optional.xlsx", info=rows))
    assert read.problems == []
