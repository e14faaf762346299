"""The ledger's self-check: each kind of damage is found and named where it is."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from conftest import make_hoa_sen
from sqlalchemy import delete, select, text, update

from desktop.models import attendance_counts, registry
from desktop.models.enums import EventKind, GroupKind, MeetingStatus
from desktop.models.group import Group
from desktop.models.integrity import check_ledger, inspect_ledger
from desktop.models.journal import Event
from desktop.models.loans import LoanRequest, disburse
from desktop.models.meeting import Attendance, Meeting
from desktop.models.meetings import (
    Entry,
    cash_panel,
    close_meeting,
    create_meeting,
    record_count,
    save_entry,
)
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM
from desktop.models.posting import EventSpec, Line, lines_for, post
from desktop.models.shareout import close_cycle

D = dt.date(2026, 1, 5)
LATER = D + dt.timedelta(days=3)  # after the meeting, so its cash count stays right


def member(session, group: Group, code: str) -> Member:  # type: ignore[no-untyped-def]
    return session.scalar(select(Member).where(Member.group_id == group.id, Member.code == code))


def simple(session, group: Group, kind: EventKind, amount: int, *,  # type: ignore[no-untyped-def]
           member_id: int | None = None, loan_id: int | None = None, quantity: int = 0,
           day: dt.date = D, meeting_id: int | None = None, lines: list[Line] | None = None):
    return post(session, EventSpec(
        group_id=group.id, cycle_id=group.current_cycle.id, kind=kind, date=day, amount=amount,
        member_id=member_id, loan_id=loan_id, quantity=quantity, meeting_id=meeting_id,
        lines=lines if lines is not None else lines_for(kind, amount, member_id=member_id,
                                                        loan_id=loan_id)))


def closed_meeting(session, group: Group, day: dt.date = D) -> Meeting:  # type: ignore[no-untyped-def]
    """A meeting where everyone buys 2 shares and pays 2.000 đ to the social fund, counted
    and closed as the treasurer would."""
    meeting = create_meeting(session, group, day, SYSTEM)
    for code in ("TV01", "TV02", "TV03", "TV04"):
        save_entry(session, meeting, Entry(member(session, group, code).id, shares=2,
                                           social_fund=2_000), SYSTEM)
    record_count(session, meeting, 4 * 42_000, "", SYSTEM)
    close_meeting(session, meeting, SYSTEM)
    session.flush()
    return meeting


def messages(session) -> list[str]:  # type: ignore[no-untyped-def]
    return [problem.message for problem in check_ledger(session)]


def test_a_ledger_kept_through_the_services_has_no_problems(session, hoa_sen):
    meeting = closed_meeting(session, hoa_sen)
    an = member(session, hoa_sen, "TV01")
    disburse(session, hoa_sen, LoanRequest(an.id, 100_000, LATER), SYSTEM)
    assert meeting.status == MeetingStatus.CLOSED
    assert check_ledger(session) == []
    report = inspect_ledger(session)
    assert [(g.code, g.trial_balance, g.sound) for g in report.groups] == [("HS01", 0, True)]


def test_a_member_leaving_on_a_meeting_day_is_paid_after_its_count(session, hoa_sen):
    meeting = closed_meeting(session, hoa_sen)
    before = cash_panel(session, meeting)
    dung = member(session, hoa_sen, "TV04")
    paid = registry.leave_group(session, dung, D, "Chuyển đi làm ăn xa", SYSTEM)
    assert paid == 40_000
    # The box was counted before Dung was paid: the count stands, and the payout is in the
    # next meeting's opening cash.
    assert cash_panel(session, meeting) == before
    assert check_ledger(session) == []
    later = create_meeting(session, hoa_sen, LATER, SYSTEM)
    assert cash_panel(session, later).opening == before.expected_closing - 40_000


def test_a_cycle_shared_out_on_the_day_of_its_last_meeting_is_paid_after_its_count(
        session, hoa_sen):
    meeting = closed_meeting(session, hoa_sen)
    before = cash_panel(session, meeting)
    close_cycle(session, hoa_sen, D, SYSTEM)
    assert cash_panel(session, meeting) == before
    assert check_ledger(session) == []


def test_an_unbalanced_line_is_found_with_its_entry_and_the_trial_balance(session, hoa_sen):
    closed_meeting(session, hoa_sen)
    event_id = session.scalar(select(Event.id).order_by(Event.id))
    session.execute(text("INSERT INTO journal_lines (event_id, group_id, date, account, amount) "
                         "VALUES (:event, :group, '2026-01-05', 'cash', 1000)"),
                    {"event": event_id, "group": hoa_sen.id})
    found = messages(session)
    assert any(f"số {event_id}" in m or f"no. {event_id}" in m for m in found)
    report = inspect_ledger(session)
    assert report.groups[0].trial_balance == 1_000
    assert not report.sound


def test_an_overpaid_loan_is_found(session, hoa_sen):
    closed_meeting(session, hoa_sen)
    binh = member(session, hoa_sen, "TV02")
    loan = disburse(session, hoa_sen, LoanRequest(binh.id, 100_000, LATER), SYSTEM)
    # A repayment larger than the loan, posted past the service that would refuse it.
    simple(session, hoa_sen, EventKind.PRINCIPAL_REPAYMENT, 150_000, member_id=binh.id,
           loan_id=loan.id, day=LATER)
    found = messages(session)
    assert len(found) == 1
    assert str(loan.id) in found[0] and "Trần Thị Bình" in found[0]


def test_negative_savings_are_found(session, hoa_sen):
    closed_meeting(session, hoa_sen)
    cuc = member(session, hoa_sen, "TV03")
    simple(session, hoa_sen, EventKind.SAVINGS_WITHDRAWAL, 50_000, member_id=cuc.id, day=LATER)
    found = messages(session)
    assert len(found) == 1
    assert "Lê Thị Cúc" in found[0] and "-10.000" in found[0]


def test_a_share_purchase_not_costing_quantity_times_share_value_is_found(session, hoa_sen):
    dung = member(session, hoa_sen, "TV04")
    event = simple(session, hoa_sen, EventKind.SHARE_PURCHASE, 30_000, member_id=dung.id,
                   quantity=2)
    found = messages(session)
    assert len(found) == 1
    assert str(event.id) in found[0] and "30.000" in found[0] and "20.000" in found[0]


def test_a_closed_meeting_without_counted_cash_is_found(session, hoa_sen):
    meeting = closed_meeting(session, hoa_sen)
    session.execute(update(Meeting).where(Meeting.id == meeting.id).values(counted_cash=None))
    found = messages(session)
    assert len(found) == 1 and "05/01/2026" in found[0]


def test_an_unexplained_cash_difference_is_found_and_an_explained_one_is_not(session, hoa_sen):
    meeting = closed_meeting(session, hoa_sen)
    session.execute(update(Meeting).where(Meeting.id == meeting.id)
                    .values(counted_cash=167_000, difference_note=""))
    found = messages(session)
    assert len(found) == 1 and "168.000" in found[0] and "-1.000" in found[0]
    session.execute(update(Meeting).where(Meeting.id == meeting.id)
                    .values(difference_note="Thủ quỹ thối nhầm 1.000 đ"))
    assert messages(session) == []


def test_a_meeting_ending_with_less_than_nothing_in_the_box_is_found(session, hoa_sen):
    meeting = closed_meeting(session, hoa_sen)
    simple(session, hoa_sen, EventKind.EXPENSE, 200_000, meeting_id=meeting.id)
    session.execute(update(Meeting).where(Meeting.id == meeting.id)
                    .values(counted_cash=0, difference_note="Hòm tiền trống"))
    found = messages(session)
    assert len(found) == 1 and "-32.000" in found[0]


def test_an_entry_dated_apart_from_its_meeting_is_found(session, hoa_sen):
    meeting = closed_meeting(session, hoa_sen)
    event = simple(session, hoa_sen, EventKind.FINE, 2_000, meeting_id=meeting.id,
                   day=D + dt.timedelta(days=1))
    found = messages(session)
    assert any(str(event.id) in m for m in found)


def test_amounts_of_a_member_missing_from_the_attendance_list_are_found(session, hoa_sen):
    meeting = closed_meeting(session, hoa_sen)
    an = member(session, hoa_sen, "TV01")
    session.execute(delete(Attendance).where(Attendance.meeting_id == meeting.id,
                                             Attendance.member_id == an.id))
    attendance_counts.recount(session, [meeting.id])  # the list's counts follow the list
    found = messages(session)
    assert len(found) == 1 and "TV01 Nguyễn Thị An" in found[0]


def test_attendance_counts_that_differ_from_the_list_are_found(session, hoa_sen):
    meeting = closed_meeting(session, hoa_sen)
    session.execute(update(Attendance).where(Attendance.meeting_id == meeting.id)
                    .values(present=False))
    found = messages(session)
    assert len(found) == 1 and "05/01/2026" in found[0]
    assert "4" in found[0] and "0" in found[0]


def test_an_entry_naming_a_member_of_another_group_is_found(session, hoa_sen):
    commune = hoa_sen.commune
    other = registry.create_group(session, commune, code="HS02", name="Nhóm TK&VV Hoa Mai",
                                  kind=GroupKind.VSLA, start_date=D, actor=SYSTEM,
                                  share_value=20_000)
    stranger = registry.add_member(session, other, code="TV01", full_name="Đỗ Thị Mơ",
                                   join_date=D, actor=SYSTEM)
    simple(session, hoa_sen, EventKind.SHARE_PURCHASE, 20_000, member_id=stranger.id,
           quantity=1)
    report = inspect_ledger(session)
    by_code = {group.code: group for group in report.groups}
    assert by_code["HS02"].sound
    assert not by_code["HS01"].sound
    assert any("Đỗ Thị Mơ" in p.message for p in by_code["HS01"].problems)


@pytest.mark.sqlite_only("SQLite's foreign_key_check of a damaged file")
def test_sqlite_foreign_key_damage_is_found(ledger):
    with ledger.session() as session:
        make_hoa_sen(session)
    ledger.close()
    database = ledger.engine.url.database
    with sqlite3.connect(database) as raw:  # foreign keys are off on a bare connection
        raw.execute("INSERT INTO journal_lines (event_id, group_id, date, account, amount) "
                    "VALUES (9999, 1, '2026-01-05', 'cash', 500)")
        raw.execute("INSERT INTO journal_lines (event_id, group_id, date, account, amount) "
                    "VALUES (9999, 1, '2026-01-05', 'fine_income', -500)")
    with ledger.session() as session:
        report = inspect_ledger(session)
    assert report.problems, "the file-level check names the dangling rows"
    assert all("journal_lines" in p.message for p in report.problems)
    assert not report.sound
