"""The blank return a commune without the application fills in by hand in Excel."""

from __future__ import annotations

import openpyxl
import pytest

from desktop.workbooks.return_template import (
    GROUP_COLUMNS,
    GROUPS_SHEET,
    INFO_KEYS,
    INFO_SHEET,
    TEMPLATE_VERSION,
    write_template,
)

HEADERS = [
    "Mã nhóm", "Tên nhóm", "Loại", "Thôn", "Số thành viên", "Nữ", "Hộ nghèo, cận nghèo",
    "Người cao tuổi", "Số buổi họp", "Tỷ lệ tham dự (%)", "Tiết kiệm (đ)", "Dư nợ (đ)",
    "Số khoản vay", "Nợ quá hạn (đ)", "Quỹ xã hội (đ)", "Quỹ tăng thu nhập (đ)",
    "Tiền mặt (đ)", "Bỏ nhóm trong quý", "Ghi chú",
]


@pytest.fixture
def template(tmp_path):  # type: ignore[no-untyped-def]
    return openpyxl.load_workbook(write_template(tmp_path / "mau_bao_cao_quy.xlsx"))


def validation_for(sheet, cell: str):  # type: ignore[no-untyped-def]
    found = [dv for dv in sheet.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, cell
    return found[0]


def test_the_template_has_exactly_the_two_sheets_of_the_format(template):
    assert template.sheetnames == ["ThongTin", "Nhom"]
    assert (INFO_SHEET, GROUPS_SHEET) == ("ThongTin", "Nhom")


def test_the_group_sheet_has_the_headers_of_the_format_in_order(template):
    sheet = template["Nhom"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert [column.header for column in GROUP_COLUMNS] == HEADERS


def test_the_info_sheet_has_the_keys_in_column_a_and_the_version(template):
    sheet = template["ThongTin"]
    keys = [sheet[f"A{row}"].value for row in range(2, 2 + len(INFO_KEYS))]
    assert keys == ["Mã xã", "Tên xã", "Tỉnh", "Quý", "Năm", "Người lập", "Ngày lập",
                    "Phiên bản mẫu"]
    assert sheet["B9"].value == TEMPLATE_VERSION == 1
    assert sheet["B2"].number_format == "@"  # 04321 keeps its leading zero


def test_every_key_and_column_carries_a_vietnamese_instruction(template):
    info = template["ThongTin"]
    for row in range(2, 10):
        assert len(info[f"C{row}"].value) > 10
    assert any("HƯỚNG DẪN" in str(cell.value) for cell in info["A"])
    for cell in template["Nhom"][1]:
        assert cell.comment is not None and len(cell.comment.text) > 5


def test_headers_and_keys_are_locked_and_the_input_cells_open(template):
    info, groups = template["ThongTin"], template["Nhom"]
    assert info.protection.sheet and groups.protection.sheet
    assert groups["A1"].protection.locked and info["A2"].protection.locked
    assert info["B9"].protection.locked  # the version
    assert not info["B2"].protection.locked
    assert not groups.column_dimensions["E"].protection.locked  # typing under the header
    assert groups.freeze_panes == "C2"


def test_column_widths_fit_the_headers(template):
    sheet = template["Nhom"]
    for index, header in enumerate(HEADERS):
        letter = openpyxl.utils.get_column_letter(index + 1)
        assert sheet.column_dimensions[letter].width >= len(header) + 2, header


def test_data_validation_asks_for_whole_numbers_from_zero_and_a_kind_from_a_list(template):
    sheet = template["Nhom"]
    kind = validation_for(sheet, "C2")
    assert (kind.type, kind.formula1) == ("list", '"VSLA,ASCA,ISHC"')
    for cell in ("E2", "I2", "K2", "L2", "M2", "O2", "P2", "Q2", "R2"):
        rule = validation_for(sheet, cell)
        assert (rule.type, rule.operator, rule.formula1) == (
            "whole", "greaterThanOrEqual", "0"), cell
        assert rule.error and rule.prompt
    women = validation_for(sheet, "F2")
    assert (women.type, women.operator, women.formula1, women.formula2) == (
        "whole", "between", "0", "E2")
    attendance = validation_for(sheet, "J2")
    assert (attendance.formula1, attendance.formula2) == ("0", "100")
    quarter = validation_for(template["ThongTin"], "B5")
    assert (quarter.type, quarter.formula1, quarter.formula2) == ("whole", "1", "4")
