"""The blank group workbook (Sổ nhóm, DESIGN §6.2) a group without the application fills in
by hand in Excel, then imports: its sheets and headers are the import's, its marks and
defaults tell the truth, and the Sao Mai group typed into it imports with its balances."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from sqlalchemy import select

from desktop.cli import main
from desktop.models.balances import fund_position, loan_outstanding, member_savings
from desktop.models.database import Ledger
from desktop.models.enums import Household, MeetingStatus, MemberRole, ProfitBasis, Sex
from desktop.models.group import Group
from desktop.models.loan import Loan
from desktop.models.meeting import Meeting
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM
from desktop.workbooks import group_format as fmt
from desktop.workbooks.group_import import import_group_file, read_group_file
from desktop.workbooks.group_instructions import CASH_HELP, KEY_HELP, MEETING_HELP, MEMBER_HELP
from desktop.workbooks.group_template import TEMPLATE_VERSION, write_group_template

SHEETS = ["HuongDan", "Nhom", "ThanhVien", "BuoiHop", "TienMat"]
KEYS = [
    "Mã nhóm", "Tên nhóm", "Loại", "Mã xã", "Tên xã", "Tỉnh", "Thôn", "Ngày thành lập",
    "Ngày bắt đầu chu kỳ", "Mệnh giá cổ phần (đ)", "Lãi suất (%/tháng)", "Cách tính lãi",
    "Góp quỹ xã hội mỗi buổi (đ)", "Đơn vị làm tròn (đ)", "Số cổ phần tối thiểu mỗi buổi",
    "Số cổ phần tối đa mỗi buổi", "Hạn mức vay (lần tiết kiệm)", "Thời hạn vay tối đa (tháng)",
    "Vốn hạt giống (đ)", "Phí thành viên mỗi tháng (đ)", "Số dư chuyển sang (đ)",
    "Quỹ xã hội chuyển sang (đ)", "Chia lãi theo",
]
HEADERS = {
    "ThanhVien": ["Mã TV", "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Thôn", "Hộ",
                  "Vai trò", "Ngày vào", "Ngày ra", "Lý do ra", "Ngày đồng ý",
                  "Hình thức đồng ý", "Ngày rút đồng ý", "Điện thoại", "Số CCCD"],
    "BuoiHop": ["Ngày họp", "Mã TV", "Có mặt", "Số cổ phần", "Tiền tiết kiệm (đ)",
                "Góp quỹ xã hội (đ)", "Tiền phạt (đ)", "Phí thành viên (đ)", "Vay mới (đ)",
                "Trả gốc (đ)", "Trả lãi (đ)", "Chi quỹ xã hội (đ)"],
    "TienMat": ["Ngày họp", "Tiền mặt đếm được (đ)", "Ghi chú"],
}

# Nhóm TK&VV Sao Mai as its secretary types it from the paper book; the optional keys are
# left blank, the share value typed with dots as on paper.
SAO_MAI = {
    "Mã nhóm": "SM01", "Tên nhóm": "Nhóm TK&VV Sao Mai", "Loại": "VSLA", "Mã xã": "04321",
    "Tên xã": "Xã Yên Bình", "Thôn": "Thôn Đông", "Ngày bắt đầu chu kỳ": dt.date(2026, 1, 5),
    "Mệnh giá cổ phần (đ)": "10.000", "Lãi suất (%/tháng)": 2, "Cách tính lãi": "phang",
    "Góp quỹ xã hội mỗi buổi (đ)": 1000, "Đơn vị làm tròn (đ)": 100,
}
MEMBERS = [
    ["TV01", "Nguyễn Thị Lan", "Nữ", 1972, "Kinh", "Thôn Đông", "nghèo", "trưởng nhóm"],
    ["TV02", "Hoàng Văn Minh", "Nam", 1960, "Tày", "Thôn Tây", "cận nghèo", "thủ quỹ"],
    ["TV03", "Đỗ Thị Hạnh", "Nữ", 1985, "Kinh", "Thôn Đông", "khác", "thành viên"],
]
FIRST, SECOND = dt.date(2026, 1, 5), dt.date(2026, 1, 19)
ROWS = [
    # date, member, present, shares, savings, social fund, fine, fee, loan, repaid, interest
    [FIRST, "TV01", 1, 3, None, 1000, 0, 0, 60000, 0, 0, 0],
    [FIRST, "TV02", 1, 2, 20000, 1000, 0, 0, 0, 0, 0, 0],
    [FIRST, "TV03", 1, 1, None, 1000, 0, 0, 0, 0, 0, 0],
    ["19/01/2026", "TV01", 1, 2, None, 1000, 0, 0, 0, 30000, 1200, 0],
    ["19/01/2026", "TV02", 0, 0, None, 0, 0, 0, 0, 0, 0, 0],
    ["19/01/2026", "TV03", 1, 1, None, 1000, 500, 0, 0, 0, 0, 0],
]
# 60.000 in shares + 3.000 social fund − the loan of 60.000; then 30.000 in shares, 2.000
# social fund, a 500 fine, 30.000 repaid and 1.200 interest.
COUNTS = [[FIRST, 3000, ""], [SECOND, 66700, "Đủ"]]


@pytest.fixture
def template_path(tmp_path: Path) -> Path:
    return write_group_template(tmp_path / "mau_so_nhom.xlsx")


@pytest.fixture
def template(template_path: Path) -> Iterator[Workbook]:
    workbook = openpyxl.load_workbook(template_path)
    yield workbook
    workbook.close()


def key_rows(workbook: Workbook) -> dict[str, int]:
    sheet = workbook["Nhom"]
    return {sheet.cell(row, 1).value: row for row in range(2, sheet.max_row + 1)}


def fill(path: Path, values: dict[str, object] = SAO_MAI) -> Path:
    """The template at ``path`` with the Sao Mai group typed in, saved in place."""
    workbook = openpyxl.load_workbook(path)
    rows = key_rows(workbook)
    for key, value in values.items():
        workbook["Nhom"].cell(rows[key], 2, value)
    for name, lines in (("ThanhVien", MEMBERS), ("BuoiHop", ROWS), ("TienMat", COUNTS)):
        for line in lines:
            workbook[name].append(line)
    workbook.save(path)
    return path


def validation_for(sheet, cell: str):  # type: ignore[no-untyped-def]
    found = [dv for dv in sheet.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, cell
    return found[0]


# -- sheets, keys and headers -----------------------------------------------------------------


def test_the_template_has_the_instructions_then_the_four_sheets_of_the_format(template):
    assert template.sheetnames == SHEETS
    assert SHEETS[1:] == [fmt.GROUP_SHEET, fmt.MEMBERS_SHEET, fmt.MEETINGS_SHEET,
                          fmt.CASH_SHEET]


def test_each_table_has_exactly_the_headers_the_import_reads(template):
    for name, columns in (("ThanhVien", fmt.MEMBER_COLUMNS), ("BuoiHop", fmt.MEETING_COLUMNS),
                          ("TienMat", fmt.CASH_COLUMNS)):
        written = [cell.value for cell in template[name][1]]
        assert written == HEADERS[name] == [column.header for column in columns], name
        assert template[name].max_row == 1  # nothing under the header yet


def test_the_group_sheet_lists_every_key_in_column_a_with_an_empty_value(template):
    sheet = template["Nhom"]
    assert [cell.value for cell in sheet[1]][:2] == list(fmt.GROUP_KEY_HEADER)
    assert [sheet.cell(row, 1).value for row in range(2, 2 + len(KEYS))] == KEYS
    assert [column.header for column in fmt.GROUP_KEYS] == KEYS
    assert all(sheet.cell(row, 2).value is None for row in range(2, 2 + len(KEYS)))
    assert sheet["B5"].number_format == "@"  # the commune code 04321 keeps its zero


def test_required_keys_are_marked_and_defaults_shown(template):
    sheet = template["Nhom"]
    rows = key_rows(template)
    marks = {key: sheet.cell(row, 3).value for key, row in rows.items()}
    defaults = {key: sheet.cell(row, 4).value for key, row in rows.items()}
    assert {key for key, mark in marks.items() if mark == "có"} == {
        "Mã nhóm", "Tên nhóm", "Loại", "Mã xã", "Ngày bắt đầu chu kỳ", "Cách tính lãi",
        "Đơn vị làm tròn (đ)"}
    assert marks["Mệnh giá cổ phần (đ)"] == "có, với nhóm VSLA"
    assert (defaults["Số cổ phần tối thiểu mỗi buổi"], defaults["Số cổ phần tối đa mỗi buổi"],
            defaults["Hạn mức vay (lần tiết kiệm)"], defaults["Thời hạn vay tối đa (tháng)"],
            defaults["Vốn hạt giống (đ)"], defaults["Chia lãi theo"]) == (
        "1", "5", "3", "3", "0", "tiet_kiem")
    assert defaults["Ngày thành lập"] == "bằng Ngày bắt đầu chu kỳ"
    assert all(len(sheet.cell(row, 5).value) > 10 for row in rows.values())


@pytest.mark.parametrize("key", KEYS)
def test_a_key_marked_required_is_refused_blank_and_any_other_may_stay_blank(
        template_path: Path, key: str) -> None:
    workbook = openpyxl.load_workbook(template_path)
    mark = workbook["Nhom"].cell(key_rows(workbook)[key], 3).value
    cell = f"B{key_rows(workbook)[key]}"
    workbook.close()
    record, problems = read_group_file(fill(template_path, {
        name: value for name, value in SAO_MAI.items() if name != key}))
    if mark in ("có", "có, với nhóm VSLA"):  # Sao Mai is a VSLA group
        assert record is None and ("Nhom", cell) in {(p.sheet, p.cell) for p in problems}
    else:
        assert problems == [] and record is not None, [p.message for p in problems]


def test_the_blank_template_is_refused_only_for_the_required_keys(template_path: Path):
    _record, problems = read_group_file(template_path)
    assert [(p.sheet, p.cell) for p in problems] == [
        ("Nhom", "B2"), ("Nhom", "B3"), ("Nhom", "B4"), ("Nhom", "B5"), ("Nhom", "B10"),
        ("Nhom", "B13"), ("Nhom", "B15")]


# -- validation, protection, widths -------------------------------------------------------------


def test_the_group_sheet_offers_lists_for_kind_interest_and_profit_basis(template):
    sheet = template["Nhom"]
    rows = key_rows(template)
    for key, words in (("Loại", '"VSLA,ASCA,ISHC"'),
                       ("Cách tính lãi", '"phang,giam_dan,truoc,khong"'),
                       ("Chia lãi theo", '"tiet_kiem,dong_ngay"'),
                       ("Đơn vị làm tròn (đ)", '"1,100,500,1000"')):
        rule = validation_for(sheet, f"B{rows[key]}")
        assert (rule.type, rule.formula1) == ("list", words), key
    for key in ("Mệnh giá cổ phần (đ)", "Góp quỹ xã hội mỗi buổi (đ)", "Vốn hạt giống (đ)",
                "Số cổ phần tối đa mỗi buổi", "Thời hạn vay tối đa (tháng)"):
        rule = validation_for(sheet, f"B{rows[key]}")
        assert (rule.type, rule.operator, rule.formula1) == (
            "whole", "greaterThanOrEqual", "0"), key
    assert validation_for(sheet, f"B{rows['Mã xã']}").type == "textLength"
    assert validation_for(sheet, f"B{rows['Ngày bắt đầu chu kỳ']}").type == "date"


def test_the_tables_validate_amounts_counts_presence_words_and_dates(template):
    members, meetings, cash = template["ThanhVien"], template["BuoiHop"], template["TienMat"]
    for sheet, cell, words in ((members, "C2", '"Nam,Nữ"'),
                               (members, "G300", '"nghèo,cận nghèo,khác"'),
                               (meetings, "C2", '"1,0"')):
        rule = validation_for(sheet, cell)
        assert (rule.type, rule.formula1) == ("list", words)
    roles = validation_for(members, "H2").formula1
    assert "trưởng nhóm" in roles and "chủ nhiệm" in roles and "thủ quỹ" in roles
    assert validation_for(members, "D2").type == "whole"  # year of birth
    for sheet, cell in ((meetings, "D2"), (meetings, "E2"), (meetings, "L5000"),
                        (cash, "B2")):
        rule = validation_for(sheet, cell)
        assert (rule.type, rule.operator, rule.formula1) == (
            "whole", "greaterThanOrEqual", "0"), cell
        assert rule.prompt and rule.error
    for sheet, cell in ((members, "I2"), (members, "J2"), (meetings, "A2"), (cash, "A2")):
        assert validation_for(sheet, cell).type == "date", cell
    assert validation_for(meetings, "B2").formula1 == "'ThanhVien'!$A$2:$A$301"
    assert validation_for(members, "A2").type == "custom"  # each member code once


def test_header_rows_are_locked_and_frozen_and_the_data_area_open(template):
    for name in SHEETS:
        protection = template[name].protection
        assert protection.sheet and not protection.password, name
    nhom = template["Nhom"]
    assert nhom["A1"].protection.locked and nhom["A2"].protection.locked
    assert not nhom["B2"].protection.locked and not nhom["B24"].protection.locked
    for name in ("ThanhVien", "BuoiHop", "TienMat"):
        sheet = template[name]
        assert all(cell.protection.locked for cell in sheet[1]), name
        for index in range(1, len(HEADERS[name]) + 1):
            letter = openpyxl.utils.get_column_letter(index)
            assert not sheet.column_dimensions[letter].protection.locked, (name, letter)
    assert template["ThanhVien"].freeze_panes == "C2"
    assert template["BuoiHop"].freeze_panes == "C2"
    assert template["TienMat"].freeze_panes == "A2" and nhom.freeze_panes == "A2"


def test_column_widths_fit_the_headers_and_the_keys(template):
    for name, headers in HEADERS.items():
        sheet = template[name]
        for index, header in enumerate(headers, start=1):
            letter = openpyxl.utils.get_column_letter(index)
            assert sheet.column_dimensions[letter].width >= len(header) + 2, header
    assert template["Nhom"].column_dimensions["A"].width >= max(map(len, KEYS)) + 2


def test_each_header_carries_a_vietnamese_instruction(template):
    for name in HEADERS:
        for cell in template[name][1]:
            assert cell.comment is not None and len(cell.comment.text) > 10, cell.value


def test_the_instructions_say_how_to_fill_each_sheet_and_what_is_refused(template):
    text = "\n".join(str(cell.value) for row in template["HuongDan"].iter_rows()
                     for cell in row if cell.value)
    assert text.startswith("HƯỚNG DẪN ĐIỀN SỔ NHÓM")
    assert f"phiên bản {TEMPLATE_VERSION}" in text
    for sheet in SHEETS[1:]:
        assert f"Trang {sheet}" in text
    for phrase in ("số đồng chẵn", "1.234.567", "Mỗi thành viên, mỗi buổi họp một dòng",
                   "không nhập gì cả", "Ô J7 của trang BuoiHop", "ngân hàng"):
        assert phrase in text, phrase


def test_no_instruction_is_cut_short_in_excels_input_prompt() -> None:
    for helps in (KEY_HELP, MEMBER_HELP, MEETING_HELP, CASH_HELP):
        assert all(len(help_text) <= 255 for help_text in helps.values())


def test_the_format_version_is_in_the_workbook_properties(template):
    assert TEMPLATE_VERSION == fmt.FORMAT_VERSION == 1
    assert template.properties.subject == "Mẫu sổ nhóm, phiên bản 1"
    assert "phien-ban-1" in template.properties.keywords


# -- filled in and imported -------------------------------------------------------------------


def test_the_template_filled_with_a_small_vsla_group_imports_with_its_balances(
        template_path: Path, ledger: Ledger) -> None:
    result = import_group_file(ledger, fill(template_path), SYSTEM)
    assert result.problems == []
    assert (result.code, result.members, result.meetings, result.rows, result.loans,
            result.open_meeting) == ("SM01", 3, 2, 6, 1, None)
    with ledger.session() as session:
        group = session.get(Group, result.group_id)
        assert group is not None and group.founded_on == FIRST
        cycle = group.current_cycle
        assert (cycle.share_value, cycle.rounding_unit, cycle.max_shares, cycle.min_shares,
                cycle.loan_multiple, cycle.profit_basis) == (
            10_000, 100, 5, 1, Decimal("3"), ProfitBasis.SAVINGS)
        members = {m.code: m for m in session.scalars(select(Member))}
        assert members["TV01"].role == MemberRole.CHAIR
        assert members["TV01"].join_date == FIRST  # blank: the cycle's start
        assert members["TV02"].sex == Sex.MALE
        assert members["TV02"].household == Household.NEAR_POOR
        savings = member_savings(session, group.id)
        assert {code: savings.get(m.id, 0) for code, m in members.items()} == {
            "TV01": 50_000, "TV02": 20_000, "TV03": 20_000}
        [loan] = session.scalars(select(Loan)).all()
        assert (loan.principal, loan.date) == (60_000, FIRST)
        assert loan_outstanding(session, group.id) == {loan.id: 30_000}
        position = fund_position(session, group.id)
        assert (position.cash_box, position.social_fund, position.interest_income,
                position.fine_income) == (66_700, 5_000, 1_200, 500)
        assert {m.date: m.status for m in session.scalars(select(Meeting))} == {
            FIRST: MeetingStatus.CLOSED, SECOND: MeetingStatus.CLOSED}


# -- the command line --------------------------------------------------------------------------


def test_template_group_writes_the_blank_group_workbook(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "so_nhom.xlsx"
    assert main(["template", "group", str(path)]) == 0
    assert "so_nhom.xlsx" in capsys.readouterr().out
    assert openpyxl.load_workbook(path).sheetnames == SHEETS


def test_template_return_still_writes_the_blank_return(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "bao_cao.xlsx"
    assert main(["template", "return", str(path)]) == 0
    assert "bao_cao.xlsx" in capsys.readouterr().out
    assert openpyxl.load_workbook(path).sheetnames == ["ThongTin", "Nhom"]
