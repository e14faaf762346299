"""Exporting a group's whole record to the group workbook (desktop.workbooks.group_export):
the sheets, keys and headers of DESIGN §6.2, real dates and whole-đồng amounts."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import loans, meetings, registry
from desktop.models.audit import AuditEntry
from desktop.models.enums import GroupKind, Household, MemberRole, Sex
from desktop.models.group import Group
from desktop.models.meetings import Entry
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM
from desktop.workbooks.group_export import export_group

GROUP_KEYS = [
    "Mã nhóm", "Tên nhóm", "Loại", "Mã xã", "Tên xã", "Tỉnh", "Thôn", "Ngày thành lập",
    "Ngày bắt đầu chu kỳ", "Mệnh giá cổ phần (đ)", "Lãi suất (%/tháng)", "Cách tính lãi",
    "Góp quỹ xã hội mỗi buổi (đ)", "Đơn vị làm tròn (đ)", "Số cổ phần tối thiểu mỗi buổi",
    "Số cổ phần tối đa mỗi buổi", "Hạn mức vay (lần tiết kiệm)", "Thời hạn vay tối đa (tháng)",
    "Vốn hạt giống (đ)", "Phí thành viên mỗi tháng (đ)", "Số dư chuyển sang (đ)",
    "Quỹ xã hội chuyển sang (đ)", "Chia lãi theo",
]
MEETING_HEADERS = [
    "Ngày họp", "Mã TV", "Có mặt", "Số cổ phần", "Tiền tiết kiệm (đ)", "Góp quỹ xã hội (đ)",
    "Tiền phạt (đ)", "Phí thành viên (đ)", "Vay mới (đ)", "Trả gốc (đ)", "Trả lãi (đ)",
    "Chi quỹ xã hội (đ)",
]


def members(session: Session, group: Group) -> dict[str, int]:
    return {m.code: m.id for m in session.scalars(
        select(Member).where(Member.group_id == group.id))}


def two_meetings(session: Session, group: Group) -> None:
    """Hoa Sen's first two meetings: shares all round, then An borrows and Bình is fined."""
    ids = members(session, group)
    first = meetings.create_meeting(session, group, dt.date(2026, 1, 8), SYSTEM)
    for code in ("TV01", "TV02", "TV03", "TV04"):
        meetings.save_entry(session, first, Entry(ids[code], shares=3, social_fund=2000),
                            SYSTEM)
    meetings.record_count(session, first, 248_000, "", SYSTEM)
    meetings.close_meeting(session, first, SYSTEM)
    second = meetings.create_meeting(session, group, dt.date(2026, 1, 15), SYSTEM)
    meetings.save_entry(session, second, Entry(ids["TV01"], shares=2, social_fund=2000,
                                               new_loan=120_000), SYSTEM)
    meetings.save_entry(session, second, Entry(ids["TV02"], shares=1, fine=1_000), SYSTEM)
    meetings.save_entry(session, second, Entry(ids["TV03"], present=False), SYSTEM)


def test_the_workbook_has_the_four_sheets_with_bold_frozen_headers(
        session: Session, hoa_sen: Group, tmp_path: Path) -> None:
    two_meetings(session, hoa_sen)
    path = tmp_path / "HS01.xlsx"
    export_group(session, hoa_sen, path, SYSTEM)
    book = load_workbook(path)
    assert book.sheetnames == ["Nhom", "ThanhVien", "BuoiHop", "TienMat"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None)
        assert sheet.column_dimensions["A"].width >= 8
    assert [cell.value for cell in book["BuoiHop"][1]] == MEETING_HEADERS
    assert [cell.value for cell in book["TienMat"][1]] == [
        "Ngày họp", "Tiền mặt đếm được (đ)", "Ghi chú"]
    assert [cell.value for cell in book["ThanhVien"][1]] == [
        "Mã TV", "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Thôn", "Hộ", "Vai trò",
        "Ngày vào", "Ngày ra", "Lý do ra", "Ngày đồng ý", "Hình thức đồng ý",
        "Ngày rút đồng ý", "Điện thoại", "Số CCCD"]


def test_sheet_nhom_holds_exactly_the_keys_of_the_format_with_their_values(
        session: Session, hoa_sen: Group, tmp_path: Path) -> None:
    path = tmp_path / "HS01.xlsx"
    export_group(session, hoa_sen, path, SYSTEM)
    sheet = load_workbook(path)["Nhom"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [key for key, _value in rows] == GROUP_KEYS
    values = dict(rows)
    assert values["Mã nhóm"] == "HS01" and values["Loại"] == "VSLA"
    assert values["Mã xã"] == "04321" and values["Tên xã"] == "Xã Yên Bình"
    assert values["Thôn"] == "Thôn Đông"
    assert values["Ngày bắt đầu chu kỳ"] == dt.datetime(2026, 1, 1)
    assert values["Mệnh giá cổ phần (đ)"] == 20_000
    assert values["Lãi suất (%/tháng)"] == 2 and values["Cách tính lãi"] == "phang"
    assert values["Đơn vị làm tròn (đ)"] == 1 and values["Chia lãi theo"] == "tiet_kiem"
    codes = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    assert codes["Mã xã"].number_format == "@"
    assert codes["Ngày thành lập"].number_format == "dd/mm/yyyy"
    assert codes["Mệnh giá cổ phần (đ)"].number_format == "#,##0"


def test_meeting_rows_are_real_dates_and_integer_amounts_one_row_per_member(
        session: Session, hoa_sen: Group, tmp_path: Path) -> None:
    two_meetings(session, hoa_sen)
    path = tmp_path / "HS01.xlsx"
    summary = export_group(session, hoa_sen, path, SYSTEM)
    assert (summary.members, summary.meetings, summary.rows) == (4, 2, 8)
    sheet = load_workbook(path)["BuoiHop"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[4] == (dt.datetime(2026, 1, 15), "TV01", 1, 2, 40_000, 2_000, 0, 0, 120_000,
                       0, 0, 0)
    assert rows[5] == (dt.datetime(2026, 1, 15), "TV02", 1, 1, 20_000, 0, 1_000, 0, 0, 0, 0, 0)
    assert rows[6][:3] == (dt.datetime(2026, 1, 15), "TV03", 0)
    assert all(type(value) is int for row in rows for value in row[2:])
    assert sheet["A2"].number_format == "dd/mm/yyyy"
    assert sheet["E2"].number_format == "#,##0"
    cash = list(load_workbook(path)["TienMat"].iter_rows(min_row=2, values_only=True))
    assert cash == [(dt.datetime(2026, 1, 8), 248_000, None), (dt.datetime(2026, 1, 15), None,
                                                               None)]


def test_members_are_written_in_vietnamese_words(session: Session, tmp_path: Path) -> None:
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    club = registry.create_group(
        session, commune, code="CLB1", name="CLB Liên thế hệ Bình An", kind=GroupKind.ISHC,
        start_date=dt.date(2026, 1, 1), actor=SYSTEM, seed_capital=50_000_000,
        rounding_unit=1000, interest_method="khong")
    registry.add_member(session, club, code="01", full_name="Hoàng Văn Bảy",
                        join_date=dt.date(2026, 1, 1), actor=SYSTEM, sex=Sex.MALE,
                        birth_year=1950, household=Household.NEAR_POOR, role=MemberRole.CHAIR,
                        ethnicity="Nùng")
    registry.add_member(session, club, code="02", full_name="Đỗ Thị Tám",
                        join_date=dt.date(2026, 1, 1), actor=SYSTEM,
                        role=MemberRole.VOLUNTEER, household=Household.POOR)
    path = tmp_path / "CLB1.xlsx"
    export_group(session, club, path, SYSTEM)
    book = load_workbook(path)
    rows = list(book["ThanhVien"].iter_rows(min_row=2, values_only=True))
    assert rows[0][:8] == ("01", "Hoàng Văn Bảy", "Nam", 1950, "Nùng", None, "cận nghèo",
                           "chủ nhiệm")
    assert rows[1][2] == "Nữ" and rows[1][6:8] == ("nghèo", "tình nguyện viên")
    values = dict(book["Nhom"].iter_rows(min_row=2, values_only=True))
    assert values["Loại"] == "ISHC" and values["Cách tính lãi"] == "khong"
    assert values["Vốn hạt giống (đ)"] == 50_000_000


def test_a_vsla_chair_is_truong_nhom_and_a_key_holder_is_named_in_full(
        session: Session, hoa_sen: Group, tmp_path: Path) -> None:
    ids = members(session, hoa_sen)
    session.get(Member, ids["TV01"]).role = MemberRole.CHAIR
    session.get(Member, ids["TV02"]).role = MemberRole.KEY_HOLDER
    path = tmp_path / "HS01.xlsx"
    export_group(session, hoa_sen, path, SYSTEM)
    roles = [row[7] for row in load_workbook(path)["ThanhVien"].iter_rows(min_row=2,
                                                                          values_only=True)]
    assert roles == ["trưởng nhóm", "người giữ chìa khóa", "thành viên", "thành viên"]


def test_money_outside_the_meeting_sheet_is_counted_as_not_carried(
        session: Session, hoa_sen: Group, tmp_path: Path) -> None:
    two_meetings(session, hoa_sen)
    ids = members(session, hoa_sen)
    loans.disburse(session, hoa_sen, loans.LoanRequest(
        member_id=ids["TV02"], amount=50_000, on=dt.date(2026, 1, 20),
        override_reason="Ban quản lý duyệt"), SYSTEM)
    summary = export_group(session, hoa_sen, tmp_path / "HS01.xlsx", SYSTEM)
    assert summary.omitted_events == 1 and summary.earlier_cycles == 0


def test_the_export_is_in_the_audit_log_because_personal_data_leaves(
        session: Session, hoa_sen: Group, tmp_path: Path) -> None:
    export_group(session, hoa_sen, tmp_path / "HS01.xlsx", SYSTEM)
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "export_group")).one()
    assert entry.entity_id == hoa_sen.id
    assert json.loads(entry.details)["file"] == "HS01.xlsx"


def test_a_rate_with_decimals_is_written_as_a_number(session: Session, tmp_path: Path) -> None:
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    group = registry.create_group(
        session, commune, code="TK02", name="Nhóm tiết kiệm Tre Xanh", kind=GroupKind.ASCA,
        start_date=dt.date(2026, 1, 1), actor=SYSTEM, monthly_rate=Decimal("1.5"),
        loan_multiple=Decimal("2.5"), profit_basis="dong_ngay")
    path = tmp_path / "TK02.xlsx"
    export_group(session, group, path, SYSTEM)
    values = dict(load_workbook(path)["Nhom"].iter_rows(min_row=2, values_only=True))
    assert values["Lãi suất (%/tháng)"] == 1.5
    assert values["Hạn mức vay (lần tiết kiệm)"] == 2.5
    assert values["Chia lãi theo"] == "dong_ngay"
