"""The meeting sheet: saving rows, corrections, the cash panel, closing and reopening."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from conftest import make_hoa_sen
from sqlalchemy import func, select

from desktop.models import registry
from desktop.models.audit import AuditEntry
from desktop.models.balances import fund_position, loan_outstanding, member_savings
from desktop.models.enums import EventKind, GroupKind, InterestMethod, MeetingStatus
from desktop.models.errors import LedgerError, LimitWarnings, MeetingLocked, PermissionDenied
from desktop.models.group import Group
from desktop.models.journal import Event
from desktop.models.loan import Loan
from desktop.models.loans import interest_due
from desktop.models.meeting import Attendance, Meeting
from desktop.models.meetings import (
    Entry,
    Field,
    cash_panel,
    close_meeting,
    create_meeting,
    entry_problems,
    fields_for,
    record_count,
    reopen_meeting,
    save_entry,
    sheet,
)
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM, Actor, Role

D = dt.date
BOARD = Actor("Chị Hoa (Chủ nhiệm)", Role.BOARD)
CLERK = Actor("Chị Lan (cán bộ)", Role.CLERK)
VIEWER = Actor("Anh Tùng (huyện)", Role.VIEWER)


def mid(session, group: Group, code: str) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(Member.id).where(Member.group_id == group.id,
                                                  Member.code == code))


def save(session, meeting: Meeting, group: Group, code: str, actor: Actor = CLERK,  # type: ignore[no-untyped-def]
         override_reason: str = "", **amounts) -> Entry:
    return save_entry(session, meeting, Entry(member_id=mid(session, group, code), **amounts),
                      actor, override_reason)


def row(session, meeting: Meeting, group: Group, code: str) -> Entry:  # type: ignore[no-untyped-def]
    member_id = mid(session, group, code)
    return next(entry for entry in sheet(session, meeting) if entry.member_id == member_id)


def close(session, meeting: Meeting, note: str = "") -> None:  # type: ignore[no-untyped-def]
    """The treasurer counts exactly what the book expects, and the board closes."""
    record_count(session, meeting, cash_panel(session, meeting).expected_closing, note, CLERK)
    close_meeting(session, meeting, BOARD)


def events(session, meeting: Meeting, kind: EventKind) -> list[Event]:  # type: ignore[no-untyped-def]
    return list(session.scalars(select(Event).where(Event.meeting_id == meeting.id,
                                                    Event.kind == kind).order_by(Event.id)))


# -- creating a meeting ----------------------------------------------------------------------

def test_a_new_meeting_starts_with_every_active_member_present(session, hoa_sen) -> None:
    registry.add_member(session, hoa_sen, code="TV05", full_name="Vũ Thị Én",
                        join_date=D(2026, 3, 1), actor=SYSTEM)
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    assert meeting.status == MeetingStatus.OPEN
    assert meeting.cycle_id == hoa_sen.current_cycle.id
    present = session.scalars(select(Attendance.present).where(
        Attendance.meeting_id == meeting.id)).all()
    assert present == [True] * 4  # Chị Én joins in March
    rows = sheet(session, meeting)
    names = [session.get(Member, r.member_id).full_name for r in rows]
    # Name order: An, Bình, Cúc, Dung (by given name).
    assert names == ["Nguyễn Thị An", "Trần Thị Bình", "Lê Thị Cúc", "Phạm Thị Dung"]
    assert all(r == Entry(member_id=r.member_id, present=True) for r in rows)


def test_a_meeting_before_the_cycle_started_is_refused(session, hoa_sen) -> None:
    with pytest.raises(LedgerError) as raised:
        create_meeting(session, hoa_sen, D(2025, 12, 28), CLERK)
    assert "28/12/2025" in str(raised.value)


def test_two_meetings_on_the_same_day_are_refused(session, hoa_sen) -> None:
    create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    with pytest.raises(LedgerError) as raised:
        create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    assert "05/01/2026" in str(raised.value)


def test_a_meeting_in_a_closed_cycle_is_refused(session, hoa_sen) -> None:
    hoa_sen.current_cycle.closed = True
    with pytest.raises(LedgerError):
        create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)


def test_a_viewer_cannot_open_a_meeting_or_enter_data(session, hoa_sen) -> None:
    with pytest.raises(PermissionDenied):
        create_meeting(session, hoa_sen, D(2026, 1, 5), VIEWER)
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    with pytest.raises(PermissionDenied):
        save(session, meeting, hoa_sen, "TV01", actor=VIEWER, shares=2)


def test_the_columns_of_each_kind_of_group() -> None:
    assert fields_for(GroupKind.VSLA)[0] == Field.SHARES
    assert fields_for(GroupKind.ASCA)[0] == Field.SAVINGS
    assert Field.SHARES not in fields_for(GroupKind.ISHC)
    assert Field.SAVINGS not in fields_for(GroupKind.ISHC)
    assert Field.FEE in fields_for(GroupKind.ISHC)


# -- saving rows -----------------------------------------------------------------------------

def test_vsla_shares_are_saved_as_shares_times_the_share_value(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    # Whatever was typed in the savings column, a VSLA saves shares × 20.000 đ.
    saved = save(session, meeting, hoa_sen, "TV01", shares=3, savings=12_345, social_fund=2_000)
    assert (saved.shares, saved.savings, saved.social_fund) == (3, 60_000, 2_000)
    [purchase] = events(session, meeting, EventKind.SHARE_PURCHASE)
    assert (purchase.amount, purchase.quantity, purchase.created_by) == (60_000, 3, CLERK.name)
    assert member_savings(session, hoa_sen.id) == {mid(session, hoa_sen, "TV01"): 60_000}
    assert fund_position(session, hoa_sen.id).social_fund == 2_000


@pytest.mark.parametrize("shares", [6, 10])
def test_shares_above_the_constitutions_maximum_are_refused(session, hoa_sen,
                                                            shares: int) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    with pytest.raises(LedgerError) as raised:
        save(session, meeting, hoa_sen, "TV01", shares=shares)
    assert "1" in str(raised.value) and "5" in str(raised.value)
    assert events(session, meeting, EventKind.SHARE_PURCHASE) == []


def test_shares_below_the_constitutions_minimum_are_refused(session) -> None:
    group = make_hoa_sen(session, min_shares=2)
    meeting = create_meeting(session, group, D(2026, 1, 5), CLERK)
    with pytest.raises(LedgerError):
        save(session, meeting, group, "TV01", shares=1)
    assert save(session, meeting, group, "TV01", shares=2).savings == 40_000
    # Buying no share at all is not "below the minimum": the member simply did not buy.
    assert save(session, meeting, group, "TV02", shares=0, social_fund=2_000).shares == 0


def test_entry_problems_name_the_cell(session, hoa_sen) -> None:
    problems = entry_problems(Entry(member_id=1, shares=7, fine=-5_000), hoa_sen)
    assert [field for field, _message in problems] == [Field.FINE, Field.SHARES]


def test_a_negative_amount_is_refused(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    with pytest.raises(LedgerError):
        save(session, meeting, hoa_sen, "TV01", fine=-5_000)


def test_asca_savings_are_any_amount(session) -> None:
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    group = registry.create_group(session, commune, code="TK02", name="Nhóm tiết kiệm Bản Mới",
                                  kind=GroupKind.ASCA, start_date=D(2026, 1, 1), actor=SYSTEM,
                                  rounding_unit=1_000)
    registry.add_member(session, group, code="A01", full_name="Lò Thị Xuân",
                        join_date=D(2026, 1, 1), actor=SYSTEM)
    meeting = create_meeting(session, group, D(2026, 1, 10), CLERK)
    saved = save(session, meeting, group, "A01", savings=153_000, social_fund=5_000)
    assert (saved.savings, saved.shares) == (153_000, 0)
    [deposit] = events(session, meeting, EventKind.SAVINGS_DEPOSIT)
    assert deposit.amount == 153_000
    assert events(session, meeting, EventKind.SHARE_PURCHASE) == []


def test_fines_fees_social_fund_and_grants_each_post_their_event(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    save(session, meeting, hoa_sen, "TV01", shares=2, social_fund=2_000, fine=5_000, fee=3_000)
    save(session, meeting, hoa_sen, "TV03", social_fund=2_000, grant=3_000)
    kinds = {kind: total for kind, total in session.execute(
        select(Event.kind, func.sum(Event.amount)).where(Event.meeting_id == meeting.id)
        .group_by(Event.kind))}
    assert kinds == {EventKind.SHARE_PURCHASE: 40_000,
                     EventKind.SOCIAL_FUND_CONTRIBUTION: 4_000, EventKind.FINE: 5_000,
                     EventKind.MEMBER_FEE: 3_000, EventKind.SOCIAL_FUND_GRANT: 3_000}
    position = fund_position(session, hoa_sen.id)
    assert (position.social_fund, position.fine_income, position.operating_fund) == (
        1_000, 5_000, 3_000)
    assert position.cash_box == 40_000 + 4_000 + 5_000 + 3_000 - 3_000
    cuc = row(session, meeting, hoa_sen, "TV03")
    assert (cuc.social_fund, cuc.grant) == (2_000, 3_000)


def test_a_new_loan_and_its_repayment_with_interest_at_later_meetings(session, hoa_sen) -> None:
    first = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    save(session, first, hoa_sen, "TV01", shares=5)
    save(session, first, hoa_sen, "TV02", shares=5)
    close(session, first)
    second = create_meeting(session, hoa_sen, D(2026, 2, 2), CLERK)
    saved = save(session, second, hoa_sen, "TV02", new_loan=150_000)
    assert saved.new_loan == 150_000
    loan = session.scalar(select(Loan))
    assert (loan.member_id, loan.meeting_id, loan.principal, loan.date) == (
        mid(session, hoa_sen, "TV02"), second.id, 150_000, D(2026, 2, 2))
    close(session, second)
    third = create_meeting(session, hoa_sen, D(2026, 3, 2), CLERK)
    saved = save(session, third, hoa_sen, "TV02", shares=1, repaid=100_000, interest=6_000)
    assert (saved.repaid, saved.interest, saved.savings) == (100_000, 6_000, 20_000)
    assert loan_outstanding(session, hoa_sen.id) == {loan.id: 50_000}
    assert {e.loan_id for e in events(session, third, EventKind.PRINCIPAL_REPAYMENT)} == \
        {loan.id}
    assert {e.loan_id for e in events(session, third, EventKind.INTEREST_PAYMENT)} == {loan.id}
    assert fund_position(session, hoa_sen.id).interest_income == 6_000


def test_a_loan_can_be_repaid_and_a_new_one_taken_in_one_row(session, hoa_sen) -> None:
    first = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    save(session, first, hoa_sen, "TV02", shares=5)
    old = save(session, first, hoa_sen, "TV02", shares=5, new_loan=200_000)
    assert old.new_loan == 200_000
    second = create_meeting(session, hoa_sen, D(2026, 2, 2), CLERK)
    save(session, second, hoa_sen, "TV02", repaid=200_000, interest=4_000, new_loan=250_000)
    old_loan, new_loan = session.scalars(select(Loan).order_by(Loan.id)).all()
    assert loan_outstanding(session, hoa_sen.id) == {new_loan.id: 250_000}
    assert [e.loan_id for e in events(session, second, EventKind.INTEREST_PAYMENT)] == \
        [old_loan.id]


def test_interest_added_later_goes_to_the_loan_repaid_not_the_one_just_taken(session,
                                                                             hoa_sen) -> None:
    first = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    save(session, first, hoa_sen, "TV02", shares=5, new_loan=200_000)
    second = create_meeting(session, hoa_sen, D(2026, 2, 2), CLERK)
    save(session, second, hoa_sen, "TV02", repaid=200_000, new_loan=250_000)
    # The clerk forgot the interest on the old loan and adds it afterwards.
    save(session, second, hoa_sen, "TV02", repaid=200_000, interest=4_000, new_loan=250_000)
    old_loan, _new_loan = session.scalars(select(Loan).order_by(Loan.id)).all()
    assert [e.loan_id for e in events(session, second, EventKind.INTEREST_PAYMENT)] == \
        [old_loan.id]


def test_a_repayment_without_a_loan_is_refused(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    with pytest.raises(LedgerError):
        save(session, meeting, hoa_sen, "TV03", repaid=50_000)


def test_a_repayment_above_what_is_owed_is_refused(session, hoa_sen) -> None:
    first = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    save(session, first, hoa_sen, "TV02", shares=5, new_loan=200_000)
    second = create_meeting(session, hoa_sen, D(2026, 2, 2), CLERK)
    with pytest.raises(LedgerError) as raised:
        save(session, second, hoa_sen, "TV02", repaid=250_000)
    assert "200.000" in str(raised.value)


def test_a_new_loan_beyond_the_limits_needs_the_boards_override(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    save(session, meeting, hoa_sen, "TV01", shares=5)  # 100.000 saved: limit 300.000
    with pytest.raises(LimitWarnings):
        save(session, meeting, hoa_sen, "TV01", shares=5, new_loan=500_000)
    with pytest.raises(PermissionDenied):
        save(session, meeting, hoa_sen, "TV01", shares=5, new_loan=500_000,
             override_reason="Sửa nhà sau bão")
    saved = save(session, meeting, hoa_sen, "TV01", actor=BOARD, shares=5, new_loan=500_000,
                 override_reason="Sửa nhà sau bão")
    assert saved.new_loan == 500_000
    assert session.scalar(select(Loan.override_reason)) == "Sửa nhà sau bão"


def test_absence_is_saved(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    saved = save(session, meeting, hoa_sen, "TV04", present=False)
    assert saved.present is False
    assert row(session, meeting, hoa_sen, "TV04").present is False


# -- corrections -----------------------------------------------------------------------------

def test_editing_a_saved_amount_reverses_it_and_posts_the_new_one(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    save(session, meeting, hoa_sen, "TV01", shares=3, social_fund=2_000)
    saved = save(session, meeting, hoa_sen, "TV01", actor=BOARD, shares=4, social_fund=2_000)
    assert (saved.shares, saved.savings) == (4, 80_000)
    assert (row(session, meeting, hoa_sen, "TV01").shares,
            row(session, meeting, hoa_sen, "TV01").savings) == (4, 80_000)
    purchases = events(session, meeting, EventKind.SHARE_PURCHASE)
    assert [(e.amount, e.quantity, e.reverses_id, e.created_by) for e in purchases] == [
        (60_000, 3, None, CLERK.name),
        (-60_000, -3, purchases[0].id, BOARD.name),
        (80_000, 4, None, BOARD.name),
    ]
    # The unchanged social fund cell was left alone.
    assert len(events(session, meeting, EventKind.SOCIAL_FUND_CONTRIBUTION)) == 1
    assert member_savings(session, hoa_sen.id) == {mid(session, hoa_sen, "TV01"): 80_000}
    corrections = session.scalars(select(AuditEntry).where(
        AuditEntry.action == "correct_entry")).all()
    assert [(c.user, c.entity_id) for c in corrections] == [(BOARD.name, purchases[0].id)]


def test_clearing_a_cell_reverses_it_without_a_new_event(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    save(session, meeting, hoa_sen, "TV03", fine=10_000)
    saved = save(session, meeting, hoa_sen, "TV03", fine=0)
    assert saved.fine == 0
    assert [e.amount for e in events(session, meeting, EventKind.FINE)] == [10_000, -10_000]
    assert fund_position(session, hoa_sen.id).fine_income == 0


def test_a_second_correction_reverses_only_what_stands(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    for fine in (10_000, 5_000, 8_000):
        save(session, meeting, hoa_sen, "TV03", fine=fine)
    assert [e.amount for e in events(session, meeting, EventKind.FINE)] == [
        10_000, -10_000, 5_000, -5_000, 8_000]
    assert row(session, meeting, hoa_sen, "TV03").fine == 8_000


def test_saving_the_same_row_again_posts_nothing(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    save(session, meeting, hoa_sen, "TV01", shares=2, social_fund=2_000, fine=1_000)
    count = session.scalar(select(func.count(Event.id)))
    save(session, meeting, hoa_sen, "TV01", shares=2, social_fund=2_000, fine=1_000)
    assert session.scalar(select(func.count(Event.id))) == count


def test_correcting_a_new_loan_cancels_the_first_loan(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    save(session, meeting, hoa_sen, "TV02", shares=5, new_loan=200_000)
    save(session, meeting, hoa_sen, "TV02", shares=5, new_loan=250_000)
    first, second = session.scalars(select(Loan).order_by(Loan.id)).all()
    assert first.cancelled_at is not None and second.cancelled_at is None
    assert loan_outstanding(session, hoa_sen.id) == {second.id: 250_000}
    assert row(session, meeting, hoa_sen, "TV02").new_loan == 250_000


def test_correcting_a_repayment_keeps_it_on_the_same_loan(session, hoa_sen) -> None:
    first = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    save(session, first, hoa_sen, "TV02", shares=5, new_loan=200_000)
    second = create_meeting(session, hoa_sen, D(2026, 2, 2), CLERK)
    save(session, second, hoa_sen, "TV02", repaid=200_000, interest=4_000)
    save(session, second, hoa_sen, "TV02", repaid=150_000, interest=4_000)
    loan = session.scalar(select(Loan))
    assert loan_outstanding(session, hoa_sen.id) == {loan.id: 50_000}


def test_a_closed_meeting_is_locked(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    save(session, meeting, hoa_sen, "TV01", shares=2)
    close(session, meeting)
    with pytest.raises(MeetingLocked) as raised:
        save(session, meeting, hoa_sen, "TV01", actor=BOARD, shares=3)
    assert "05/01/2026" in str(raised.value)
    with pytest.raises(MeetingLocked):
        record_count(session, meeting, 0, "", CLERK)
    assert row(session, meeting, hoa_sen, "TV01").shares == 2


# -- the cash panel --------------------------------------------------------------------------

def test_the_cash_panel_follows_the_box_from_meeting_to_meeting(session, hoa_sen) -> None:
    first = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    save(session, first, hoa_sen, "TV01", shares=5, social_fund=2_000)
    save(session, first, hoa_sen, "TV02", shares=3, social_fund=2_000)
    save(session, first, hoa_sen, "TV03", shares=2, social_fund=2_000, fine=5_000)
    save(session, first, hoa_sen, "TV04", present=False)
    panel = cash_panel(session, first)
    assert (panel.opening, panel.money_in, panel.money_out) == (0, 211_000, 0)
    assert panel.expected_closing == 211_000
    assert panel.counted is None and panel.difference is None
    panel = record_count(session, first, 211_000, "", CLERK)
    assert panel.difference == 0
    close_meeting(session, first, BOARD)

    second = create_meeting(session, hoa_sen, D(2026, 2, 2), CLERK)
    save(session, second, hoa_sen, "TV01", shares=2)
    save(session, second, hoa_sen, "TV02", new_loan=150_000)
    save(session, second, hoa_sen, "TV03", grant=3_000)
    panel = cash_panel(session, second)
    assert (panel.opening, panel.money_in, panel.money_out) == (211_000, 40_000, 153_000)
    assert panel.expected_closing == 98_000
    assert panel.expected_closing == fund_position(session, hoa_sen.id).cash_box


def test_money_arriving_before_the_meeting_is_in_the_opening_cash(session) -> None:
    group = make_hoa_sen(session, carry_in=500_000, social_fund_in=80_000)
    meeting = create_meeting(session, group, D(2026, 1, 1), CLERK)  # the cycle's first day
    panel = cash_panel(session, meeting)
    assert (panel.opening, panel.money_in, panel.money_out) == (580_000, 0, 0)


def test_a_cash_difference_must_be_explained_before_closing(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    save(session, meeting, hoa_sen, "TV01", shares=5, social_fund=2_000)
    with pytest.raises(LedgerError):
        close_meeting(session, meeting, BOARD)  # nothing counted yet
    panel = record_count(session, meeting, 101_000, "   ", CLERK)
    assert panel.difference == -1_000
    with pytest.raises(LedgerError) as raised:
        close_meeting(session, meeting, BOARD)
    assert "102.000" in str(raised.value)
    assert not meeting.is_closed
    record_count(session, meeting, 101_000, "Thiếu 1.000 đ tiền lẻ, thủ quỹ bù sau", CLERK)
    close_meeting(session, meeting, BOARD)
    assert meeting.is_closed
    assert (meeting.closed_by, meeting.closed_at) == (BOARD.name,
                                                      dt.datetime(2026, 11, 23, 9, 0))
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "close_meeting"))
    assert json.loads(entry.details)["difference"] == -1_000


def test_counted_cash_cannot_be_negative(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    with pytest.raises(LedgerError):
        record_count(session, meeting, -1, "", CLERK)


def test_only_the_board_closes_a_meeting(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    record_count(session, meeting, 0, "", CLERK)
    with pytest.raises(PermissionDenied):
        close_meeting(session, meeting, CLERK)
    assert not meeting.is_closed


def test_reopening_needs_the_board_and_a_reason_and_is_audited(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    save(session, meeting, hoa_sen, "TV01", shares=2)
    close(session, meeting)
    with pytest.raises(PermissionDenied):
        reopen_meeting(session, meeting, CLERK, "Ghi nhầm số cổ phần")
    with pytest.raises(LedgerError):
        reopen_meeting(session, meeting, BOARD, "  ")
    assert meeting.is_closed
    reopen_meeting(session, meeting, BOARD, " Ghi nhầm số cổ phần ")
    assert meeting.status == MeetingStatus.OPEN
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "reopen_meeting"))
    assert (entry.user, entry.entity, entry.entity_id) == (BOARD.name, "meeting", meeting.id)
    assert json.loads(entry.details) == {"date": "2026-01-05", "reason": "Ghi nhầm số cổ phần"}
    # Now the correction goes through.
    assert save(session, meeting, hoa_sen, "TV01", shares=3).shares == 3


def test_an_open_meeting_cannot_be_reopened(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    with pytest.raises(LedgerError):
        reopen_meeting(session, meeting, BOARD, "thử")


def test_the_rate_and_share_value_come_from_the_constitution(session) -> None:
    group = make_hoa_sen(session, share_value=50_000, monthly_rate=Decimal("1.5"))
    meeting = create_meeting(session, group, D(2026, 1, 5), CLERK)
    assert save(session, meeting, group, "TV01", shares=2).savings == 100_000
    save(session, meeting, group, "TV01", shares=2, new_loan=100_000)
    assert session.scalar(select(Loan.monthly_rate)) == Decimal("1.5")


def test_interest_corrected_away_no_longer_counts_as_paid(session, hoa_sen) -> None:
    first = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    save(session, first, hoa_sen, "TV02", shares=5, new_loan=200_000)
    second = create_meeting(session, hoa_sen, D(2026, 2, 5), CLERK)
    save(session, second, hoa_sen, "TV02", interest=4_000)
    loan = session.scalar(select(Loan))
    assert interest_due(session, loan, D(2026, 3, 5), 1) == 4_000  # one month since 05/02
    save(session, second, hoa_sen, "TV02", interest=0)  # it was typed on the wrong row
    assert interest_due(session, loan, D(2026, 3, 5), 1) == 8_000  # two months since 05/01


def test_upfront_interest_is_paid_on_the_loan_taken_at_the_same_meeting(session) -> None:
    group = make_hoa_sen(session, interest_method=InterestMethod.UPFRONT)
    first = create_meeting(session, group, D(2026, 1, 5), CLERK)
    save(session, first, group, "TV02", shares=5)
    second = create_meeting(session, group, D(2026, 2, 2), CLERK)
    # 200.000 × 2 % × 3 months, paid when the money is handed over.
    saved = save(session, second, group, "TV02", new_loan=200_000, interest=12_000)
    assert (saved.new_loan, saved.interest) == (200_000, 12_000)
    loan = session.scalar(select(Loan))
    assert [e.loan_id for e in events(session, second, EventKind.INTEREST_PAYMENT)] == [loan.id]
    assert interest_due(session, loan, D(2026, 3, 2), 1) == 0


def test_upfront_interest_of_a_new_loan_goes_to_it_when_an_old_loan_is_repaid_that_day(
        session) -> None:
    group = make_hoa_sen(session, interest_method=InterestMethod.UPFRONT)
    first = create_meeting(session, group, D(2026, 1, 5), CLERK)
    save(session, first, group, "TV02", shares=5, new_loan=200_000, interest=12_000)
    second = create_meeting(session, group, D(2026, 2, 2), CLERK)
    # Bình repays her first loan in full and borrows again, paying the new loan's interest
    # upfront: the paper form has all three on her row.
    save(session, second, group, "TV02", override_reason="Ban quản lý duyệt", repaid=200_000,
         new_loan=300_000, interest=18_000)
    old, new = session.scalars(select(Loan).order_by(Loan.id)).all()
    assert [e.loan_id for e in events(session, second, EventKind.INTEREST_PAYMENT)] == [new.id]
    assert interest_due(session, new, D(2026, 3, 2), 1) == 0
    assert loan_outstanding(session, group.id) == {new.id: 300_000}
    assert old.id != new.id


def test_upfront_interest_follows_its_loan_when_the_loan_amount_is_corrected(session) -> None:
    group = make_hoa_sen(session, interest_method=InterestMethod.UPFRONT)
    meeting = create_meeting(session, group, D(2026, 1, 5), CLERK)
    save(session, meeting, group, "TV02", shares=5, new_loan=200_000, interest=12_000)
    save(session, meeting, group, "TV02", shares=5, new_loan=250_000, interest=12_000)
    loan = session.scalars(select(Loan).where(Loan.cancelled_at.is_(None))).one()
    assert loan.principal == 250_000
    standing = session.scalar(select(func.sum(Event.amount)).where(
        Event.kind == EventKind.INTEREST_PAYMENT, Event.loan_id == loan.id))
    assert standing == 12_000
    assert row(session, meeting, group, "TV02").interest == 12_000


def test_interest_on_the_row_of_a_new_loan_is_refused_unless_taken_upfront(
        session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    with pytest.raises(LedgerError, match="lãi trước"):
        save(session, meeting, hoa_sen, "TV02", shares=5, new_loan=200_000, interest=4_000)


def test_a_loan_taken_at_this_meeting_cannot_be_repaid_at_it(session, hoa_sen) -> None:
    meeting = create_meeting(session, hoa_sen, D(2026, 1, 5), CLERK)
    save(session, meeting, hoa_sen, "TV02", shares=5, new_loan=200_000)
    with pytest.raises(LedgerError):
        save(session, meeting, hoa_sen, "TV02", shares=5, new_loan=200_000, repaid=50_000)


# -- a difference at the count -----------------------------------------------------------------

def _two_meetings_with_a_shortage(session, group: Group):  # type: ignore[no-untyped-def]
    """Four members buy 2 shares each (160.000 đ); the box is found 5.000 đ short."""
    members = session.scalars(select(Member).where(Member.group_id == group.id)
                              .order_by(Member.code)).all()
    first = create_meeting(session, group, dt.date(2026, 2, 2), CLERK)
    for member in members:
        save_entry(session, first, Entry(member.id, shares=2), CLERK)
    record_count(session, first, 155_000, "Thiếu 5.000 đ, thủ quỹ đếm lại vẫn thiếu", CLERK)
    close_meeting(session, first, BOARD)
    second = create_meeting(session, group, dt.date(2026, 2, 16), CLERK)
    return first, second


def test_a_shortage_at_closing_is_posted_so_the_next_meeting_opens_with_the_counted_cash(
        session, hoa_sen) -> None:
    first, second = _two_meetings_with_a_shortage(session, hoa_sen)
    panel = cash_panel(session, first)
    assert (panel.expected_closing, panel.counted, panel.difference) == (160_000, 155_000, -5_000)
    assert cash_panel(session, second).opening == 155_000
    difference = session.scalars(select(Event).where(
        Event.kind == EventKind.CASH_DIFFERENCE)).one()
    assert (difference.amount, difference.meeting_id) == (-5_000, first.id)
    assert fund_position(session, hoa_sen.id).cash_box == 155_000
    # the loss is the loan fund's: its value falls by what is missing
    assert fund_position(session, hoa_sen.id).fund_value == 155_000


def test_reopening_a_meeting_takes_its_count_adjustment_back(session, hoa_sen) -> None:
    first, second = _two_meetings_with_a_shortage(session, hoa_sen)
    reopen_meeting(session, first, BOARD, "Thủ quỹ tìm thấy 5.000 đ kẹp trong sổ")
    assert cash_panel(session, second).opening == 160_000
    record_count(session, first, 160_000, "", CLERK)
    close_meeting(session, first, BOARD)
    assert cash_panel(session, second).opening == 160_000
    total = session.scalar(select(func.sum(Event.amount)).where(
        Event.kind == EventKind.CASH_DIFFERENCE))
    assert total == 0  # posted once, reversed once


def test_a_new_loan_already_repaid_at_a_later_meeting_cannot_be_changed(session, hoa_sen) -> None:
    members = session.scalars(select(Member).where(Member.group_id == hoa_sen.id)
                              .order_by(Member.code)).all()
    an = members[0]
    first = create_meeting(session, hoa_sen, dt.date(2026, 2, 2), CLERK)
    for member in members:
        save_entry(session, first, Entry(member.id, shares=5), CLERK)
    save_entry(session, first, Entry(an.id, shares=5, new_loan=200_000), CLERK)
    later = create_meeting(session, hoa_sen, dt.date(2026, 3, 2), CLERK)
    save_entry(session, later, Entry(an.id, repaid=100_000), CLERK)
    with pytest.raises(LedgerError, match="buổi họp sau"):
        save_entry(session, first, Entry(an.id, shares=5, new_loan=300_000), CLERK)
