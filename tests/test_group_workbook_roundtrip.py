"""Export, import into an empty ledger, export again: the same workbook, the same balances
and the same share-out (DESIGN §6.2), for a VSLA group, an ASCA group and an ISHC club."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import make_hoa_sen
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import meetings, registry, shareout
from desktop.models.balances import (
    account_balances,
    loan_outstanding,
    member_savings,
    trial_balance,
)
from desktop.models.database import Ledger, open_new_ledger
from desktop.models.enums import EventKind, GroupKind, InterestMethod, ProfitBasis
from desktop.models.group import Group
from desktop.models.journal import Event
from desktop.models.loan import Loan
from desktop.models.meeting import Meeting
from desktop.models.meetings import Entry
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM
from desktop.workbooks.group_export import export_group, record_from_ledger
from desktop.workbooks.group_import import import_group_file


def ids(session: Session, group: Group) -> dict[str, int]:
    return {m.code: m.id for m in session.scalars(
        select(Member).where(Member.group_id == group.id))}


def meeting(session: Session, group: Group, day: dt.date, rows: dict[str, Entry | dict],
            counted: int | None = None, close: bool = True) -> Meeting:
    """One meeting typed in from the paper form; ``rows`` by member code."""
    member = ids(session, group)
    held = meetings.create_meeting(session, group, day, SYSTEM)
    for code, values in rows.items():
        meetings.save_entry(session, held, Entry(member[code], **values), SYSTEM,
                            override_reason="Ban quản lý duyệt")
    if counted is not None:
        meetings.record_count(session, held, counted, "Thiếu tiền lẻ", SYSTEM)
    if close and counted is not None:
        meetings.close_meeting(session, held, SYSTEM)
    return held


def build_hoa_sen(session: Session, group: Group) -> None:
    """Four meetings of Hoa Sen: shares, a fine corrected, two loans repaid with interest,
    a social-fund grant, and Dung leaving in February."""
    meeting(session, group, dt.date(2026, 1, 8),
            {code: {"shares": 3, "social_fund": 2000} for code in ("TV01", "TV02", "TV03",
                                                                   "TV04")}, counted=248_000)
    second = meeting(session, group, dt.date(2026, 1, 15), {
        "TV01": {"shares": 2, "social_fund": 2000, "new_loan": 120_000},
        "TV02": {"shares": 1, "social_fund": 2000, "fine": 2000},
        "TV03": {"present": False},
        "TV04": {"shares": 1, "social_fund": 2000},
    }, close=False)
    # The clerk corrects Bình's fine: a reversal and a new entry in the journal.
    meetings.save_entry(session, second, Entry(ids(session, group)["TV02"], shares=1,
                                               social_fund=2000, fine=1000), SYSTEM)
    meetings.record_count(session, second, 215_000, "", SYSTEM)
    meetings.close_meeting(session, second, SYSTEM)
    meeting(session, group, dt.date(2026, 2, 15), {
        "TV01": {"shares": 1, "social_fund": 2000, "repaid": 60_000, "interest": 2_400},
        "TV02": {"shares": 2, "social_fund": 2000, "new_loan": 50_000},
        "TV03": {"shares": 1, "social_fund": 2000, "grant": 10_000},
        "TV04": {"shares": 2, "social_fund": 2000},
    }, counted=250_400)
    dung = session.get(Member, ids(session, group)["TV04"])
    registry.leave_group(session, dung, dt.date(2026, 2, 20), "Chuyển đi làm ăn xa", SYSTEM)
    meeting(session, group, dt.date(2026, 3, 15), {
        "TV01": {"shares": 5, "social_fund": 2000, "repaid": 60_000, "interest": 2_400},
        "TV02": {"shares": 1, "social_fund": 2000, "interest": 1_000},
        "TV03": {"shares": 3, "social_fund": 2000},
    }, close=False)


def build_asca(session: Session) -> Group:
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình", "Tỉnh Thái Nguyên")
    group = registry.create_group(
        session, commune, code="TK02", name="Nhóm tiết kiệm Tre Xanh", kind=GroupKind.ASCA,
        start_date=dt.date(2026, 3, 1), actor=SYSTEM, monthly_rate=Decimal("1.5"),
        interest_method=InterestMethod.DECLINING, rounding_unit=1000,
        social_fund_per_meeting=1000, profit_basis=ProfitBasis.DONG_DAYS, carry_in=300_000,
        social_fund_in=45_000)
    for code, name in (("A1", "Vũ Thị Hoa"), ("A2", "Ngô Thị Lan"), ("A3", "Đinh Văn Minh")):
        registry.add_member(session, group, code=code, full_name=name,
                            join_date=dt.date(2026, 3, 1), actor=SYSTEM)
    meeting(session, group, dt.date(2026, 3, 5), {
        "A1": {"savings": 150_000, "social_fund": 1000},
        "A2": {"savings": 80_000, "social_fund": 1000},
        "A3": {"savings": 35_000, "social_fund": 1000, "fee": 5000},
    }, counted=617_000)
    meeting(session, group, dt.date(2026, 4, 5), {
        "A1": {"savings": 100_000, "social_fund": 1000, "new_loan": 400_000},
        "A2": {"savings": 50_000, "social_fund": 1000, "fine": 2000},
        "A3": {"present": False},
    }, counted=371_000)
    meeting(session, group, dt.date(2026, 5, 5), {
        "A1": {"savings": 100_000, "social_fund": 1000, "repaid": 150_000, "interest": 6000},
        "A2": {"savings": 70_000, "social_fund": 1000, "grant": 20_000},
        "A3": {"savings": 45_000, "social_fund": 1000},
    })
    return group


def build_club(session: Session) -> Group:
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình", "Tỉnh Thái Nguyên")
    village = registry.get_or_create_village(session, commune, "Thôn Tây")
    club = registry.create_group(
        session, commune, code="CLB1", name="CLB Liên thế hệ tự giúp nhau Bình An",
        kind=GroupKind.ISHC, start_date=dt.date(2026, 1, 1), village=village, actor=SYSTEM,
        seed_capital=50_000_000, member_fee_per_month=5_000, monthly_rate=Decimal("0.5"),
        interest_method=InterestMethod.FLAT, rounding_unit=1000, max_term_months=12)
    for code, name, year in (("01", "Hoàng Văn Bảy", 1950), ("02", "Đỗ Thị Tám", 1958),
                             ("03", "Bùi Thị Chín", 1990), ("04", "Lý Văn Mười", 1947)):
        registry.add_member(session, club, code=code, full_name=name, birth_year=year,
                            join_date=dt.date(2026, 1, 1), actor=SYSTEM)
    meeting(session, club, dt.date(2026, 1, 10), {
        "01": {"fee": 5000, "social_fund": 2000, "new_loan": 5_000_000},
        "02": {"fee": 5000, "social_fund": 2000, "new_loan": 7_000_000},
        "03": {"fee": 5000, "social_fund": 2000},
        "04": {"fee": 5000, "social_fund": 2000},
    }, counted=38_028_000)
    meeting(session, club, dt.date(2026, 2, 10), {
        "01": {"fee": 5000, "repaid": 1_000_000, "interest": 25_000},
        "02": {"fee": 5000, "interest": 35_000},
        "03": {"fee": 5000, "grant": 5_000},
        "04": {"present": False},
    }, counted=39_103_000)
    leaver = session.get(Member, ids(session, club)["04"])
    registry.leave_group(session, leaver, dt.date(2026, 2, 28), "Chuyển về ở với con", SYSTEM)
    meeting(session, club, dt.date(2026, 3, 10), {
        "01": {"fee": 5000, "repaid": 1_000_000, "interest": 25_000},
        "02": {"fee": 5000, "repaid": 2_000_000, "interest": 35_000},
        "03": {"fee": 5000},
    }, close=False)
    return club


@pytest.fixture
def empty_ledger(new_place: Callable[[str], str]) -> Iterator[Ledger]:
    opened = open_new_ledger(new_place("may-tinh-khac"))
    yield opened
    opened.close()


def sheet_values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def ledger_picture(session: Session, group: Group) -> dict[str, object]:
    """What the clerk and the board see of a group, keyed by codes rather than row ids."""
    codes = {m.id: m.code for m in session.scalars(
        select(Member).where(Member.group_id == group.id))}
    loans = {loan.id: (codes[loan.member_id], loan.date, loan.principal) for loan in
             session.scalars(select(Loan).where(Loan.group_id == group.id,
                                                Loan.cancelled_at.is_(None)))}
    per_kind = dict(session.execute(
        select(Event.kind, func.sum(Event.amount)).where(Event.group_id == group.id)
        .group_by(Event.kind)).all())
    picture: dict[str, object] = {
        "accounts": account_balances(session, group.id),
        "savings": {codes[m]: v for m, v in member_savings(session, group.id).items()},
        "loans": sorted(loans.values()),
        "outstanding": sorted((loans[i], v) for i, v in loan_outstanding(
            session, group.id).items()),
        "journal_by_kind": {kind: int(total) for kind, total in per_kind.items() if total},
        "record": record_from_ledger(session, group),
        "trial_balance": trial_balance(session, group.id),
    }
    if group.kind != GroupKind.ISHC:
        result = shareout.preview(session, group)
        picture["shareout"] = (
            result.fund_value, result.total_shares, result.value_per_share, result.profit,
            result.carry_over, result.social_fund,
            [(p.code, p.shares, p.savings, p.gross, p.debt, p.netted, p.net)
             for p in result.payouts],
            [(leaver.code, leaver.leave_date, leaver.paid) for leaver in result.leavers])
    return picture


def round_trip(session: Session, group: Group, ledger: Ledger, tmp_path: Path) -> None:
    first, second = tmp_path / "lan-1.xlsx", tmp_path / "lan-2.xlsx"
    export_group(session, group, first, SYSTEM)
    before = ledger_picture(session, group)
    result = import_group_file(ledger, first, SYSTEM)
    assert result.problems == []
    with ledger.session() as other:
        copy = other.get(Group, result.group_id)
        assert copy is not None
        export_group(other, copy, second, SYSTEM)
        after = ledger_picture(other, copy)
    assert sheet_values(second) == sheet_values(first)
    assert after == before
    assert after["trial_balance"] == 0


def test_hoa_sen_round_trips_to_the_same_workbook_balances_and_share_out(
        session: Session, hoa_sen: Group, empty_ledger: Ledger, tmp_path: Path) -> None:
    build_hoa_sen(session, hoa_sen)
    round_trip(session, hoa_sen, empty_ledger, tmp_path)
    with empty_ledger.session() as other:
        payouts = other.scalars(select(Event).where(Event.kind == EventKind.LEAVER_PAYOUT)).all()
        assert [(e.date, e.amount) for e in payouts] == [(dt.date(2026, 2, 20), 120_000)]
        assert other.scalar(select(func.count(Event.id)).where(Event.reverses_id.is_not(None))) \
            == 0  # corrections arrive netted


def test_an_asca_group_with_carried_balances_round_trips(
        session: Session, empty_ledger: Ledger, tmp_path: Path) -> None:
    round_trip(session, build_asca(session), empty_ledger, tmp_path)


def test_an_ishc_club_with_seed_capital_and_a_leaver_round_trips(
        session: Session, empty_ledger: Ledger, tmp_path: Path) -> None:
    round_trip(session, build_club(session), empty_ledger, tmp_path)


def test_the_last_meeting_left_open_stays_open_after_the_round_trip(
        session: Session, hoa_sen: Group, empty_ledger: Ledger, tmp_path: Path) -> None:
    build_hoa_sen(session, hoa_sen)
    path = tmp_path / "HS01.xlsx"
    export_group(session, hoa_sen, path, SYSTEM)
    assert import_group_file(empty_ledger, path, SYSTEM).open_meeting == dt.date(2026, 3, 15)
    with empty_ledger.session() as other:
        closed = {m.date: m.is_closed for m in other.scalars(select(Meeting))}
    assert closed == {dt.date(2026, 1, 8): True, dt.date(2026, 1, 15): True,
                      dt.date(2026, 2, 15): True, dt.date(2026, 3, 15): False}


def test_a_year_of_weekly_meetings_of_25_members_imports_whole(
        session: Session, empty_ledger: Ledger, tmp_path: Path) -> None:
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    group = registry.create_group(
        session, commune, code="HS25", name="Nhóm TK&VV Hoa Mai", kind=GroupKind.VSLA,
        start_date=dt.date(2025, 11, 1), actor=SYSTEM, share_value=10_000,
        social_fund_per_meeting=1000, monthly_rate=Decimal("2"), rounding_unit=100)
    for number in range(1, 26):
        registry.add_member(session, group, code=f"TV{number:02d}",
                            full_name=f"Nguyễn Thị Thành Viên {number}",
                            join_date=dt.date(2025, 11, 1), actor=SYSTEM)
    path = tmp_path / "HS25.xlsx"
    export_group(session, group, path, SYSTEM)
    book = load_workbook(path)
    sheet = book["BuoiHop"]
    for week in range(52):
        day = dt.date(2025, 11, 3) + dt.timedelta(weeks=week)
        for number in range(1, 26):
            shares = 1 + (number + week) % 5
            borrows = week % 13 == 1 and number % 2 == 0
            repays = week % 13 in (5, 9) and number % 2 == 0
            sheet.append([day, f"TV{number:02d}", 1, shares, shares * 10_000, 1000, 0, 0,
                          50_000 if borrows else 0, 25_000 if repays else 0,
                          1_000 if repays else 0, 0])
    book.save(path)
    result = import_group_file(empty_ledger, path, SYSTEM)
    assert result.problems == []
    assert (result.meetings, result.rows, result.loans) == (52, 1300, 48)
    with empty_ledger.session() as other:
        assert other.scalar(select(func.count(Meeting.id))) == 52
        assert trial_balance(other, result.group_id) == 0
        assert loan_outstanding(other, result.group_id) == {}


def test_leaving_on_a_meeting_day_and_recording_a_leave_late_both_round_trip(
        session: Session, hoa_sen: Group, empty_ledger: Ledger, tmp_path: Path) -> None:
    member = ids(session, hoa_sen)
    meeting(session, hoa_sen, dt.date(2026, 1, 8),
            {code: {"shares": 2} for code in ("TV01", "TV02", "TV03", "TV04")},
            counted=160_000)
    # Dung's leaving on the February meeting's day is recorded before that meeting is opened:
    # she is not on its sheet, and her 40.000 đ are paid after its count.
    registry.leave_group(session, session.get(Member, member["TV04"]), dt.date(2026, 2, 15),
                         "Lấy chồng xa", SYSTEM)
    meeting(session, hoa_sen, dt.date(2026, 2, 15), {"TV01": {"shares": 1}}, counted=180_000)
    # Cúc's leaving in late February is recorded only after the March meeting was opened, so
    # that sheet still lists her, with no money.
    meeting(session, hoa_sen, dt.date(2026, 3, 15), {"TV02": {"shares": 1}}, close=False)
    registry.leave_group(session, session.get(Member, member["TV03"]), dt.date(2026, 2, 25),
                         "Ốm nặng", SYSTEM)
    round_trip(session, hoa_sen, empty_ledger, tmp_path)


# -- every interest method ---------------------------------------------------------------------

# The interest typed on the paper form by each method, for the loans of the story below:
# An's 200.000 đ of 05/01 (repaid 100.000 on 05/02 and 05/03), Bình's 100.000 đ of 05/02,
# An's 150.000 đ of 05/03 (taken again as she repays), Cúc's 60.000 đ of 05/04.
INTEREST_TYPED = {
    #                        An 05/01  An 05/02 Bình 05/02 An 05/03 Bình 05/03 Bình 05/04 Cúc
    InterestMethod.FLAT: (0, 4_000, 0, 4_000, 2_000, 2_000, 0),
    InterestMethod.DECLINING: (0, 4_000, 0, 2_000, 2_000, 1_000, 0),
    InterestMethod.UPFRONT: (12_000, 0, 6_000, 9_000, 0, 0, 3_600),
    InterestMethod.NONE: (0, 0, 0, 0, 0, 0, 0),
}


def counted(session: Session, group: Group, day: dt.date, rows: dict[str, dict]) -> None:
    """A meeting typed in, counted exactly and closed."""
    held = meeting(session, group, day, rows, close=False)
    meetings.record_count(session, held, meetings.cash_panel(session, held).expected_closing,
                          "", SYSTEM)
    meetings.close_meeting(session, held, SYSTEM)


def build_lending(session: Session, method: InterestMethod) -> Group:
    """Hoa Sen lending over four meetings with the interest of ``method``; upfront interest
    is written on the row of the disbursement, as the groups that take it do."""
    group = make_hoa_sen(session, interest_method=method)
    an, an_again, binh, an_third, binh_third, binh_last, cuc = INTEREST_TYPED[method]
    everyone = {code: {"shares": 3, "social_fund": 2000} for code in ("TV01", "TV02", "TV03",
                                                                      "TV04")}
    counted(session, group, dt.date(2026, 1, 5), {
        **everyone, "TV01": {"shares": 3, "social_fund": 2000, "new_loan": 200_000,
                             "interest": an}})
    counted(session, group, dt.date(2026, 2, 5), {
        "TV01": {"shares": 2, "repaid": 100_000, "interest": an_again},
        "TV02": {"shares": 2, "new_loan": 100_000, "interest": binh},
        "TV03": {"shares": 1}})
    # An repays the rest and borrows again on the same row.
    counted(session, group, dt.date(2026, 3, 5), {
        "TV01": {"shares": 1, "repaid": 100_000, "new_loan": 150_000, "interest": an_third},
        "TV02": {"shares": 1, "repaid": 50_000, "interest": binh_third}})
    last = meeting(session, group, dt.date(2026, 4, 5), {
        "TV02": {"shares": 1, "repaid": 50_000, "interest": binh_last},
        "TV03": {"shares": 2, "new_loan": 50_000, "interest": cuc * 5 // 6}}, close=False)
    # Cúc's loan was 60.000 đ, not 50.000: the clerk corrects the row (and its interest).
    meetings.save_entry(session, last, Entry(ids(session, group)["TV03"], shares=2,
                                             new_loan=60_000, interest=cuc), SYSTEM,
                        override_reason="Ban quản lý duyệt")
    return group


@pytest.mark.parametrize("method", list(InterestMethod))
def test_lending_under_every_interest_method_round_trips_exactly(
        session: Session, empty_ledger: Ledger, tmp_path: Path, method: InterestMethod) -> None:
    group = build_lending(session, method)
    round_trip(session, group, empty_ledger, tmp_path)
    with empty_ledger.session() as other:
        paid = sorted((loan.principal, int(total)) for loan, total in other.execute(
            select(Loan, func.sum(Event.amount)).join(Event, Event.loan_id == Loan.id)
            .where(Event.kind == EventKind.INTEREST_PAYMENT).group_by(Loan.id)))
    a, b, c, d, e, f, g = INTEREST_TYPED[method]
    expected = [(60_000, g), (100_000, c + e + f), (150_000, d), (200_000, a + b)] \
        if method == InterestMethod.UPFRONT else [(100_000, e + f), (200_000, b + d)]
    assert paid == [pair for pair in expected if pair[1]]
