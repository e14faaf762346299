"""Importing a group workbook typed from the paper book (desktop.workbooks.group_import):
everything checked first, every problem named by sheet and cell, nothing half-imported."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import db_arg
from openpyxl import Workbook
from sqlalchemy import func, select

from desktop.models.audit import AuditEntry
from desktop.models.balances import fund_position, loan_outstanding, member_savings
from desktop.models.database import Ledger
from desktop.models.enums import (
    EventKind,
    GroupKind,
    Household,
    MeetingStatus,
    MemberRole,
    Sex,
)
from desktop.models.errors import PermissionDenied
from desktop.models.group import Group
from desktop.models.integrity import check_ledger
from desktop.models.journal import Event
from desktop.models.loan import Loan
from desktop.models.meeting import Attendance, Meeting
from desktop.models.meetings import cash_panel
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM, Actor, Role
from desktop.workbooks.group_import import import_group_file

# The Hoa Sen group's first three months, as the clerk types them from the paper book.
NHOM = [
    ["Mã nhóm", "HS01"],
    ["Tên nhóm", "Nhóm TK&VV Hoa Sen"],
    ["Loại", "VSLA"],
    ["Mã xã", "04321"],
    ["Tên xã", "Xã Yên Bình"],
    ["Thôn", "Thôn Đông"],
    ["Ngày thành lập", "01/01/2026"],
    ["Ngày bắt đầu chu kỳ", "01/01/2026"],
    ["Mệnh giá cổ phần (đ)", 20000],
    ["Lãi suất (%/tháng)", 2],
    ["Cách tính lãi", "phang"],
    ["Góp quỹ xã hội mỗi buổi (đ)", 2000],
    ["Đơn vị làm tròn (đ)", 1],
]
THANH_VIEN = [
    ["Mã TV", "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Thôn", "Hộ", "Vai trò",
     "Ngày vào", "Ngày ra"],
    ["TV01", "Nguyễn Thị An", "Nữ", 1970, "Kinh", "Thôn Đông", "nghèo", "trưởng nhóm",
     "01/01/2026", None],
    ["TV02", "Trần Thị Bình", "Nữ", 1965, "Kinh", "Thôn Đông", "khác", "treasurer",
     "01/01/2026", None],
    ["TV03", "Lê Văn Cường", "Nam", 1958, "Tày", "Thôn Tây", "cận nghèo", "thành viên",
     "01/02/2026", None],
    ["TV04", "Phạm Thị Dung", "Nữ", 1980, "Kinh", "Thôn Đông", "khác", "thư ký",
     "01/01/2026", "20/02/2026"],
]
BUOI_HOP = [
    ["Ngày họp", "Mã TV", "Có mặt", "Số cổ phần", "Tiền tiết kiệm (đ)", "Góp quỹ xã hội (đ)",
     "Tiền phạt (đ)", "Phí thành viên (đ)", "Vay mới (đ)", "Trả gốc (đ)", "Trả lãi (đ)",
     "Chi quỹ xã hội (đ)"],
    ["08/01/2026", "TV01", 1, 3, 60000, 2000, 0, 0, 0, 0, 0, 0],                # row 2
    ["08/01/2026", "TV02", 1, 2, 40000, 2000, 0, 0, 0, 0, 0, 0],                # row 3
    ["08/01/2026", "TV04", 1, 1, 20000, 2000, 0, 0, 0, 0, 0, 0],                # row 4
    ["15/01/2026", "TV01", 1, 2, 40000, 2000, 0, 0, 100000, 0, 0, 0],           # row 5
    ["15/01/2026", "TV02", 1, 5, 100000, 2000, 1000, 0, 0, 0, 0, 0],            # row 6
    ["15/01/2026", "TV04", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],                       # row 7
    ["15/02/2026", "TV01", 1, 1, 20000, 2000, 0, 0, 0, 50000, 2000, 0],         # row 8
    ["15/02/2026", "TV02", 1, 1, 20000, 2000, 0, 0, 0, 0, 0, 5000],             # row 9
    ["15/02/2026", "TV03", 1, 1, 20000, 2000, 0, 0, 0, 0, 0, 0],                # row 10
    ["15/02/2026", "TV04", 1, 1, 20000, 2000, 0, 0, 0, 0, 0, 0],                # row 11
    ["15/03/2026", "TV01", 1, 2, 40000, 2000, 0, 0, 0, 50000, 2000, 0],         # row 12
    ["15/03/2026", "TV02", 1, 1, 20000, 2000, 0, 0, 0, 0, 0, 0],                # row 13
    ["15/03/2026", "TV03", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],                       # row 14
]
TIEN_MAT = [
    ["Ngày họp", "Tiền mặt đếm được (đ)", "Ghi chú"],
    ["08/01/2026", 126000, ""],
    ["15/01/2026", 171000, ""],
    ["15/02/2026", 219000, "Thiếu 1.000 đ tiền lẻ"],
]

Edit = Callable[[Workbook], None]


def write_book(path: Path, *edits: Edit) -> Path:
    """The Hoa Sen workbook above, changed by ``edits`` (each one a clerk's slip)."""
    workbook = Workbook()
    nhom = workbook.active
    assert nhom is not None
    nhom.title = "Nhom"
    for title, rows in (("Nhom", NHOM), ("ThanhVien", THANH_VIEN), ("BuoiHop", BUOI_HOP),
                        ("TienMat", TIEN_MAT)):
        sheet = workbook[title] if title == "Nhom" else workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    for edit in edits:
        edit(workbook)
    workbook.save(path)
    return path


def put(sheet: str, cell: str, value: object) -> Edit:
    def edit(workbook: Workbook) -> None:
        workbook[sheet][cell] = value
    return edit


def group_count(ledger: Ledger) -> int:
    with ledger.session() as session:
        return int(session.scalar(select(func.count(Group.id))) or 0)


def rejected(ledger: Ledger, path: Path) -> list[tuple[str, str]]:
    """Import ``path``, insist nothing was imported, return (sheet, cell) of each problem."""
    result = import_group_file(ledger, path, SYSTEM)
    assert not result.ok
    assert group_count(ledger) == 0
    with ledger.session() as session:
        assert session.scalar(select(func.count(Event.id))) == 0
        assert session.scalar(select(func.count(Member.id))) == 0
    assert all(problem.file == path.name for problem in result.problems)
    return [(problem.sheet, problem.cell) for problem in result.problems]


def only_problem(ledger: Ledger, path: Path) -> tuple[str, str, str]:
    result = import_group_file(ledger, path, SYSTEM)
    assert group_count(ledger) == 0
    assert len(result.problems) == 1, [p.message for p in result.problems]
    problem = result.problems[0]
    return problem.sheet, problem.cell, problem.message


# -- a good workbook ---------------------------------------------------------------------------


def test_a_good_workbook_imports_members_meetings_and_loans(ledger: Ledger,
                                                            tmp_path: Path) -> None:
    result = import_group_file(ledger, write_book(tmp_path / "hoa_sen.xlsx"), SYSTEM)
    assert result.problems == []
    assert (result.code, result.members, result.meetings, result.rows, result.loans) == (
        "HS01", 4, 4, 13, 1)
    with ledger.session() as session:
        group = session.get(Group, result.group_id)
        assert group is not None and group.commune.code == "04321"
        assert group.village.name == "Thôn Đông"
        members = {m.code: m for m in session.scalars(select(Member))}
        assert members["TV01"].role == MemberRole.CHAIR
        assert members["TV01"].household == Household.POOR
        assert members["TV02"].role == MemberRole.TREASURER  # English code accepted
        assert members["TV03"].sex == Sex.MALE and members["TV03"].ethnicity == "Tày"
        assert members["TV04"].leave_date == dt.date(2026, 2, 20)
        savings = member_savings(session, group.id)
        by_code = {code: savings.get(m.id, 0) for code, m in members.items()}
        # TV04 bought 1 + 0 + 1 shares, then left on 20/02 and was paid out her savings.
        assert by_code == {"TV01": 160_000, "TV02": 180_000, "TV03": 20_000, "TV04": 0}
        [loan] = session.scalars(select(Loan)).all()
        assert loan.principal == 100_000
        assert loan_outstanding(session, group.id) == {}  # repaid in full
        position = fund_position(session, group.id)
        assert position.interest_income == 4_000 and position.fine_income == 1_000
        assert position.social_fund == 11 * 2_000 - 5_000


def test_a_leaver_is_paid_out_after_the_meetings_of_the_day_before_later_ones(
        ledger: Ledger, tmp_path: Path) -> None:
    result = import_group_file(ledger, write_book(tmp_path / "hoa_sen.xlsx"), SYSTEM)
    with ledger.session() as session:
        payout = session.scalars(select(Event).where(
            Event.kind == EventKind.LEAVER_PAYOUT)).one()
        assert (payout.date, payout.amount) == (dt.date(2026, 2, 20), 40_000)
        tv04 = session.scalars(select(Member).where(Member.code == "TV04")).one()
        last = session.scalars(select(Meeting).where(
            Meeting.group_id == result.group_id, Meeting.date == dt.date(2026, 3, 15))).one()
        assert session.get(Attendance, (last.id, tv04.id)) is None


def test_imported_history_is_closed_and_the_last_meeting_without_a_count_stays_open(
        ledger: Ledger, tmp_path: Path) -> None:
    result = import_group_file(ledger, write_book(tmp_path / "hoa_sen.xlsx"), SYSTEM)
    assert result.open_meeting == dt.date(2026, 3, 15)
    with ledger.session() as session:
        status = {m.date: (m.status, m.counted_cash, m.difference_note)
                  for m in session.scalars(select(Meeting))}
        assert status == {
            dt.date(2026, 1, 8): (MeetingStatus.CLOSED, 126_000, ""),
            dt.date(2026, 1, 15): (MeetingStatus.CLOSED, 171_000, ""),
            dt.date(2026, 2, 15): (MeetingStatus.CLOSED, 219_000, "Thiếu 1.000 đ tiền lẻ"),
            dt.date(2026, 3, 15): (MeetingStatus.OPEN, None, ""),
        }
        entry = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "import_group")).one()
        assert json.loads(entry.details)["closed"] == 3


def test_history_without_counted_cash_is_counted_as_expected_and_the_import_says_so(
        ledger: Ledger, tmp_path: Path) -> None:
    result = import_group_file(ledger, write_book(tmp_path / "s.xlsx", drop_sheet("TienMat")),
                               SYSTEM)
    assert result.ok
    assert result.counted_as_expected == (dt.date(2026, 1, 8), dt.date(2026, 1, 15),
                                          dt.date(2026, 2, 15))
    assert result.open_meeting == dt.date(2026, 3, 15)
    with ledger.session() as session:
        status = {m.date: (m.status, m.counted_cash) for m in session.scalars(select(Meeting))}
        assert status == {
            dt.date(2026, 1, 8): (MeetingStatus.CLOSED, 126_000),
            dt.date(2026, 1, 15): (MeetingStatus.CLOSED, 171_000),
            dt.date(2026, 2, 15): (MeetingStatus.CLOSED, 306_000),
            dt.date(2026, 3, 15): (MeetingStatus.OPEN, None),
        }
        assert session.scalar(select(func.count(Event.id)).where(
            Event.kind == EventKind.CASH_DIFFERENCE)) == 0
        entry = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "import_group")).one()
        assert json.loads(entry.details)["counted_as_expected"] == 3
        assert check_ledger(session) == []


def test_a_member_leaving_on_a_meeting_day_is_paid_after_its_count(ledger: Ledger,
                                                                   tmp_path: Path) -> None:
    # Dung leaves on the day of the February meeting; the treasurer's count (written without
    # a note) is the box before she is paid.
    path = write_book(tmp_path / "s.xlsx", put("ThanhVien", "J5", "15/02/2026"),
                      put("TienMat", "B4", 306_000), put("TienMat", "C4", None))
    result = import_group_file(ledger, path, SYSTEM)
    assert result.ok
    with ledger.session() as session:
        february = session.scalars(select(Meeting).where(
            Meeting.date == dt.date(2026, 2, 15))).one()
        panel = cash_panel(session, february)
        assert (panel.counted, panel.difference) == (306_000, 0)
        march = session.scalars(select(Meeting).where(Meeting.date == dt.date(2026, 3, 15))).one()
        assert cash_panel(session, march).opening == 306_000 - 40_000
        assert check_ledger(session) == []


def test_upfront_interest_on_the_row_of_the_disbursement_is_the_new_loans(
        ledger: Ledger, tmp_path: Path) -> None:
    path = write_book(tmp_path / "s.xlsx", put("Nhom", "B11", "truoc"),
                      put("BuoiHop", "K5", 6_000))
    result = import_group_file(ledger, path, SYSTEM)
    assert result.problems == []
    with ledger.session() as session:
        loan = session.scalars(select(Loan)).one()
        paid = session.scalars(select(Event).where(
            Event.kind == EventKind.INTEREST_PAYMENT).order_by(Event.date)).all()
        assert [(e.date, e.amount, e.loan_id) for e in paid] == [
            (dt.date(2026, 1, 15), 6_000, loan.id), (dt.date(2026, 2, 15), 2_000, loan.id),
            (dt.date(2026, 3, 15), 2_000, loan.id)]


def _without_share_value(kind: str) -> Edit:
    def edit(workbook: Workbook) -> None:
        nhom = workbook["Nhom"]
        nhom["B3"] = kind
        nhom.delete_rows(9)  # Mệnh giá cổ phần (đ)
        nhom.append(["Vốn hạt giống (đ)", 1_000_000])
        cleared = "D" if kind == "ASCA" else "DEG"  # a club has no shares, savings or fines
        for row in workbook["BuoiHop"].iter_rows(min_row=2):
            for cell in row:
                if cell.column_letter in cleared:
                    cell.value = None
    return edit


@pytest.mark.parametrize("kind", [GroupKind.ASCA, GroupKind.ISHC])
def test_a_group_other_than_vsla_needs_no_share_value(ledger: Ledger, tmp_path: Path,
                                                      kind: GroupKind) -> None:
    path = write_book(tmp_path / "s.xlsx", _without_share_value(kind.value),
                      drop_sheet("TienMat"))
    result = import_group_file(ledger, path, SYSTEM)
    assert result.problems == []
    with ledger.session() as session:
        group = session.get(Group, result.group_id)
        assert (group.kind, group.current_cycle.share_value) == (kind, 0)


def test_a_vsla_group_without_a_share_value_is_named(ledger: Ledger, tmp_path: Path,
                                                     english: None) -> None:
    def no_share_value(workbook: Workbook) -> None:
        workbook["Nhom"].delete_rows(9)

    sheet, cell, message = only_problem(ledger, write_book(tmp_path / "s.xlsx",
                                                           no_share_value))
    assert (sheet, cell) == ("Nhom", "")
    assert message == ("Sheet Nhom: the row Mệnh giá cổ phần (đ) is missing (the name in "
                       "column A, its value in column B); a VSLA group needs it.")


def test_every_meeting_is_closed_when_the_last_one_was_counted(ledger: Ledger,
                                                                tmp_path: Path) -> None:
    def count_last(workbook: Workbook) -> None:
        workbook["TienMat"].append(["15/03/2026", 261000, ""])

    result = import_group_file(ledger, write_book(tmp_path / "s.xlsx", count_last), SYSTEM)
    assert result.ok and result.open_meeting is None
    with ledger.session() as session:
        assert {m.status for m in session.scalars(select(Meeting))} == {MeetingStatus.CLOSED}


def test_an_active_member_without_a_row_was_absent(ledger: Ledger, tmp_path: Path) -> None:
    result = import_group_file(ledger, write_book(tmp_path / "s.xlsx"), SYSTEM)
    with ledger.session() as session:
        meeting = session.scalars(select(Meeting).where(
            Meeting.group_id == result.group_id, Meeting.date == dt.date(2026, 1, 8))).one()
        present = {session.get(Member, a.member_id).code: a.present
                   for a in session.scalars(select(Attendance).where(
                       Attendance.meeting_id == meeting.id))}
        assert present == {"TV01": True, "TV02": True, "TV04": True}


def test_a_loan_over_the_constitutions_limits_is_imported_with_the_paper_books_reason(
        ledger: Ledger, tmp_path: Path) -> None:
    # 500.000 đ against 60.000 đ of savings: far over three times the savings.
    path = write_book(tmp_path / "s.xlsx", put("BuoiHop", "I5", 500000))
    result = import_group_file(ledger, path, SYSTEM)
    assert result.ok
    with ledger.session() as session:
        loan = session.scalars(select(Loan)).one()
        assert loan.principal == 500_000
        assert loan.override_reason == "Nhập từ sổ giấy"
        override = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "override_limit")).one()
        assert override.entity_id == loan.id


def test_numbers_typed_as_text_dates_as_dates_and_a_moved_column_are_accepted(
        ledger: Ledger, tmp_path: Path) -> None:
    def clerk_typing(workbook: Workbook) -> None:
        meetings = workbook["BuoiHop"]
        meetings["E2"] = "60.000"
        meetings["E3"] = "40 000"
        meetings["E5"] = "40,000"
        meetings["I5"] = "100.000 đ"
        meetings["F6"] = 2000.0
        meetings["A8"] = dt.datetime(2026, 2, 15)
        meetings["C9"] = "x"
        meetings.insert_rows(5)  # a blank row in the middle
        meetings.move_range("L1:L15", cols=2)  # grant column moved right, a gap left
        workbook["Nhom"]["B4"] = 4321  # Excel dropped the leading zero
        workbook["ThanhVien"]["D2"] = "1970"

    result = import_group_file(ledger, write_book(tmp_path / "s.xlsx", clerk_typing), SYSTEM)
    assert result.problems == []
    with ledger.session() as session:
        group = session.get(Group, result.group_id)
        assert group is not None and group.commune.code == "04321"
        assert fund_position(session, group.id).social_fund == 11 * 2_000 - 5_000
        assert session.scalars(select(Loan)).one().principal == 100_000


def test_a_permission_short_of_the_boards_is_refused_before_reading(ledger: Ledger,
                                                                      tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        import_group_file(ledger, write_book(tmp_path / "s.xlsx"), Actor("lan", Role.CLERK))


# -- rejections: sheet and cell named, nothing imported ----------------------------------


def drop_sheet(name: str) -> Edit:
    def edit(workbook: Workbook) -> None:
        del workbook[name]
    return edit


def test_a_missing_sheet_is_named(ledger: Ledger, tmp_path: Path, english: None) -> None:
    sheet, cell, message = only_problem(
        ledger, write_book(tmp_path / "s.xlsx", drop_sheet("BuoiHop")))
    assert (sheet, cell) == ("BuoiHop", "")
    assert message == "The workbook has no sheet called BuoiHop."


def test_the_cash_sheet_may_be_left_out(ledger: Ledger, tmp_path: Path) -> None:
    assert import_group_file(ledger, write_book(tmp_path / "s.xlsx", drop_sheet("TienMat")),
                             SYSTEM).ok


def test_a_missing_required_key_is_named(ledger: Ledger, tmp_path: Path, english: None) -> None:
    def no_kind(workbook: Workbook) -> None:
        workbook["Nhom"].delete_rows(3)

    sheet, cell, message = only_problem(ledger, write_book(tmp_path / "s.xlsx", no_kind))
    assert (sheet, cell) == ("Nhom", "")
    assert message == ("Sheet Nhom: the row Loại is missing (the name in column A, its value "
                       "in column B).")


def test_a_missing_column_is_named(ledger: Ledger, tmp_path: Path, english: None) -> None:
    def no_repayments(workbook: Workbook) -> None:
        workbook["BuoiHop"].delete_cols(10)

    sheet, cell, message = only_problem(ledger, write_book(tmp_path / "s.xlsx", no_repayments))
    assert (sheet, cell) == ("BuoiHop", "")
    assert "has no column Trả gốc (đ)" in message


def test_an_unknown_group_kind_is_named(ledger: Ledger, tmp_path: Path, english: None) -> None:
    sheet, cell, message = only_problem(
        ledger, write_book(tmp_path / "s.xlsx", put("Nhom", "B3", "VSLX")))
    assert (sheet, cell) == ("Nhom", "B3")
    assert message == "Cell B3 of sheet Nhom: 'VSLX' is not one of: VSLA, ASCA, ISHC."


def test_an_unknown_interest_method_is_named(ledger: Ledger, tmp_path: Path) -> None:
    assert rejected(ledger, write_book(tmp_path / "s.xlsx", put("Nhom", "B11", "lũy tiến"))) \
        == [("Nhom", "B11")]


@pytest.mark.parametrize("code", ["4321", "043210", "04a21", 43210.5])
def test_a_commune_code_that_is_not_five_digits_is_named(ledger: Ledger, tmp_path: Path,
                                                         code: object) -> None:
    assert rejected(ledger, write_book(tmp_path / "s.xlsx", put("Nhom", "B4", code))) \
        == [("Nhom", "B4")]


def add_member(*cells: object) -> Edit:
    def edit(workbook: Workbook) -> None:
        workbook["ThanhVien"].append(list(cells))
    return edit


def test_a_missing_member_code_is_named(ledger: Ledger, tmp_path: Path, english: None) -> None:
    path = write_book(tmp_path / "s.xlsx", add_member(
        None, "Hoàng Thị Em", "Nữ", 1990, "Kinh", "Thôn Đông", "khác", "", "01/03/2026"))
    sheet, cell, message = only_problem(ledger, path)
    assert (sheet, cell) == ("ThanhVien", "A6")
    assert message == "Cell A6 of sheet ThanhVien: the member code is missing."


def test_a_duplicate_member_code_is_named_with_the_first_row(ledger: Ledger, tmp_path: Path,
                                                             english: None) -> None:
    path = write_book(tmp_path / "s.xlsx", add_member(
        "TV01", "Hoàng Thị Em", "Nữ", 1990, "Kinh", "Thôn Đông", "khác", "", "01/03/2026"))
    sheet, cell, message = only_problem(ledger, path)
    assert (sheet, cell) == ("ThanhVien", "A6")
    assert message == "Cell A6 of sheet ThanhVien: the member code TV01 is already used in row 2."


def test_a_meeting_row_for_an_unknown_member_is_named(ledger: Ledger, tmp_path: Path,
                                                      english: None) -> None:
    sheet, cell, message = only_problem(
        ledger, write_book(tmp_path / "s.xlsx", put("BuoiHop", "B3", "TV09")))
    assert (sheet, cell) == ("BuoiHop", "B3")
    assert message == "Cell B3 of sheet BuoiHop: there is no member TV09 in sheet ThanhVien."


def test_a_negative_amount_is_named(ledger: Ledger, tmp_path: Path, english: None) -> None:
    sheet, cell, message = only_problem(
        ledger, write_book(tmp_path / "s.xlsx", put("BuoiHop", "F2", -2000)))
    assert (sheet, cell) == ("BuoiHop", "F2")
    assert message == "Cell F2 of sheet BuoiHop: an amount cannot be negative (-2.000)."


def test_text_where_a_number_belongs_is_named(ledger: Ledger, tmp_path: Path) -> None:
    assert rejected(ledger, write_book(tmp_path / "s.xlsx",
                                       put("BuoiHop", "G6", "một nghìn"))) == [("BuoiHop", "G6")]


def test_shares_above_the_constitutions_maximum_are_named(ledger: Ledger,
                                                          tmp_path: Path) -> None:
    path = write_book(tmp_path / "s.xlsx", put("BuoiHop", "D6", 7), put("BuoiHop", "E6", None))
    sheet, cell, message = only_problem(ledger, path)
    assert (sheet, cell) == ("BuoiHop", "D6")
    assert message == "Ô D6 của trang BuoiHop: số cổ phần (7) vượt quá mức tối đa 5 mỗi buổi."


def test_shares_below_the_constitutions_minimum_are_named(ledger: Ledger,
                                                          tmp_path: Path) -> None:
    def minimum_two(workbook: Workbook) -> None:
        workbook["Nhom"].append(["Số cổ phần tối thiểu mỗi buổi", 2])

    path = write_book(tmp_path / "s.xlsx", minimum_two)
    problems = rejected(ledger, path)
    assert ("BuoiHop", "D4") in problems and ("BuoiHop", "D8") in problems


def test_savings_that_are_not_shares_times_value_are_named(ledger: Ledger,
                                                           tmp_path: Path) -> None:
    assert rejected(ledger, write_book(tmp_path / "s.xlsx", put("BuoiHop", "E2", 50000))) \
        == [("BuoiHop", "E2")]


def test_a_repayment_larger_than_the_loan_outstanding_is_named(ledger: Ledger, tmp_path: Path,
                                                               english: None) -> None:
    sheet, cell, message = only_problem(
        ledger, write_book(tmp_path / "s.xlsx", put("BuoiHop", "J12", 60000)))
    assert (sheet, cell) == ("BuoiHop", "J12")
    assert message == ("Cell J12 of sheet BuoiHop: the repayment (60.000) is more than the "
                       "50.000 still owed on the loan of 15/01/2026.")


def test_a_repayment_with_no_loan_is_named(ledger: Ledger, tmp_path: Path) -> None:
    assert rejected(ledger, write_book(tmp_path / "s.xlsx", put("BuoiHop", "J9", 10000))) \
        == [("BuoiHop", "J9")]


def test_interest_with_no_loan_is_named(ledger: Ledger, tmp_path: Path) -> None:
    assert rejected(ledger, write_book(tmp_path / "s.xlsx", put("BuoiHop", "K9", 3000))) \
        == [("BuoiHop", "K9")]


def test_interest_on_a_loan_made_at_the_same_meeting_is_named(ledger: Ledger,
                                                              tmp_path: Path) -> None:
    assert rejected(ledger, write_book(tmp_path / "s.xlsx", put("BuoiHop", "K5", 2000))) \
        == [("BuoiHop", "K5")]


def test_a_meeting_before_the_cycle_started_is_named(ledger: Ledger, tmp_path: Path,
                                                     english: None) -> None:
    path = write_book(tmp_path / "s.xlsx", put("BuoiHop", "A2", "31/12/2025"))
    sheet, cell, message = only_problem(ledger, path)
    assert (sheet, cell) == ("BuoiHop", "A2")
    assert message == ("Cell A2 of sheet BuoiHop: the meeting date 31/12/2025 is before the "
                       "cycle started (01/01/2026).")


def test_a_members_meeting_before_they_joined_is_named(ledger: Ledger, tmp_path: Path,
                                                       english: None) -> None:
    sheet, cell, message = only_problem(
        ledger, write_book(tmp_path / "s.xlsx", put("BuoiHop", "B7", "TV03")))
    assert (sheet, cell) == ("BuoiHop", "A7")
    assert message == ("Cell A7 of sheet BuoiHop: member TV03 joined on 01/02/2026, after this "
                       "meeting (15/01/2026).")


def test_money_at_a_meeting_after_a_member_left_is_named(ledger: Ledger,
                                                         tmp_path: Path) -> None:
    def late_shares(workbook: Workbook) -> None:
        workbook["BuoiHop"].append(["15/03/2026", "TV04", 1, 1, 20000, 2000, 0, 0, 0, 0, 0, 0])

    assert rejected(ledger, write_book(tmp_path / "s.xlsx", late_shares)) == [("BuoiHop", "A15")]


def test_an_impossible_date_is_named(ledger: Ledger, tmp_path: Path, english: None) -> None:
    sheet, cell, message = only_problem(
        ledger, write_book(tmp_path / "s.xlsx", put("BuoiHop", "A3", "31/02/2026")))
    assert (sheet, cell) == ("BuoiHop", "A3")
    assert "not a real date" in message


def test_a_leaving_date_before_the_joining_date_is_named(ledger: Ledger,
                                                         tmp_path: Path) -> None:
    assert rejected(ledger, write_book(tmp_path / "s.xlsx",
                                       put("ThanhVien", "J5", "20/12/2025"))) \
        == [("ThanhVien", "J5")]


def test_a_founding_date_after_the_cycle_start_is_named(ledger: Ledger, tmp_path: Path) -> None:
    assert rejected(ledger, write_book(tmp_path / "s.xlsx", put("Nhom", "B7", "02/01/2026"))) \
        == [("Nhom", "B7")]


def test_a_meeting_in_the_future_is_named(ledger: Ledger, tmp_path: Path) -> None:
    assert rejected(ledger, write_book(tmp_path / "s.xlsx", put("BuoiHop", "A13", "15/03/2062"),
                                       put("BuoiHop", "A14", "15/03/2062"))) \
        == [("BuoiHop", "A13"), ("BuoiHop", "A14")]


def test_a_counted_meeting_date_with_no_rows_is_named(ledger: Ledger, tmp_path: Path,
                                                      english: None) -> None:
    sheet, cell, message = only_problem(
        ledger, write_book(tmp_path / "s.xlsx", put("TienMat", "A3", "22/01/2026")))
    assert (sheet, cell) == ("TienMat", "A3")
    assert message == ("Cell A3 of sheet TienMat: there are no rows in sheet BuoiHop for the "
                       "meeting of 22/01/2026.")


def test_two_rows_for_one_member_at_one_meeting_are_named(ledger: Ledger,
                                                          tmp_path: Path) -> None:
    assert rejected(ledger, write_book(tmp_path / "s.xlsx", put("BuoiHop", "B3", "TV01"))) \
        == [("BuoiHop", "B3")]


def test_a_group_code_already_in_the_commune_is_refused(ledger: Ledger, tmp_path: Path,
                                                        english: None) -> None:
    path = write_book(tmp_path / "s.xlsx")
    assert import_group_file(ledger, path, SYSTEM).ok
    result = import_group_file(ledger, path, SYSTEM)
    assert [(p.sheet, p.cell) for p in result.problems] == [("Nhom", "B1")]
    assert "already has a group with the code HS01" in result.problems[0].message
    assert group_count(ledger) == 1


def test_every_problem_is_listed_in_sheet_and_row_order(ledger: Ledger,
                                                        tmp_path: Path) -> None:
    path = write_book(tmp_path / "s.xlsx", put("TienMat", "B2", "nhiều"),
                      put("BuoiHop", "F2", -2000), put("Nhom", "B3", "VSLX"),
                      put("ThanhVien", "C3", "nữ giới"), put("BuoiHop", "B3", "TV09"))
    assert rejected(ledger, path) == [("Nhom", "B3"), ("ThanhVien", "C3"), ("BuoiHop", "F2"),
                                      ("BuoiHop", "B3"), ("TienMat", "B2")]


def test_a_file_that_is_not_a_workbook_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    path.write_text("Mã nhóm,HS01\n", encoding="utf-8")
    assert rejected(ledger, path) == [("", "")]


def test_a_refusal_in_the_middle_of_the_replay_leaves_nothing_behind(
        ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english: None) -> None:
    from desktop.models.errors import LedgerError
    from desktop.workbooks import group_import

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise LedgerError("The cash box is locked.")

    monkeypatch.setattr(group_import, "disburse", refuse)  # the loan of 15/01, mid-import
    result = import_group_file(ledger, write_book(tmp_path / "s.xlsx"), SYSTEM)
    assert [p.message for p in result.problems] == [
        "Nothing was imported: The cash box is locked."]
    assert group_count(ledger) == 0
    with ledger.session() as session:
        assert session.scalar(select(func.count(Event.id))) == 0
        assert session.scalar(select(func.count(Meeting.id))) == 0


def test_a_blank_joining_date_means_the_start_of_the_cycle(ledger: Ledger,
                                                           tmp_path: Path) -> None:
    result = import_group_file(ledger, write_book(tmp_path / "s.xlsx",
                                                  put("ThanhVien", "I2", None)), SYSTEM)
    assert result.ok
    with ledger.session() as session:
        an = session.scalars(select(Member).where(Member.code == "TV01")).one()
        assert an.join_date == dt.date(2026, 1, 1)


def test_the_later_of_two_imports_of_one_group_at_once_is_told_the_group_exists(
        ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english: None) -> None:
    """Two clerks import the same workbook at once: both pass the check before either has
    written. The other import commits in between (a second connection, as another process
    would); this one's writing then meets the ledger's unique codes."""
    from desktop.models.database import open_ledger
    from desktop.workbooks import group_import

    path = write_book(tmp_path / "s.xlsx")
    checked = group_import.ledger_problems

    def check_then_lose_the_race(*args: object, **kwargs: object) -> list[object]:
        found = checked(*args, **kwargs)  # type: ignore[arg-type]
        monkeypatch.setattr(group_import, "ledger_problems", checked)
        other = open_ledger(db_arg(ledger))
        try:
            assert import_group_file(other, path, SYSTEM).ok
        finally:
            other.close()
        return found  # type: ignore[return-value]

    monkeypatch.setattr(group_import, "ledger_problems", check_then_lose_the_race)
    result = import_group_file(ledger, path, SYSTEM)
    assert [(p.sheet, p.cell, p.message) for p in result.problems] == [(
        "Nhom", "B1", "Cell B1 of sheet Nhom: the commune 04321 already has a group with the "
        "code HS01; import it into another ledger, or change the code.")]
    assert group_count(ledger) == 1
