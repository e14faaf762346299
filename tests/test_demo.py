"""The demo ledger: a commune a clerk would recognise, sound books, the same every build."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

import pytest
from conftest import place_maker
from sqlalchemy import func, select

from desktop.demo import build_demo
from desktop.models import loans
from desktop.models.balances import loan_outstanding
from desktop.models.database import Ledger, open_new_ledger
from desktop.models.enums import (
    EventKind,
    GroupKind,
    Household,
    InterestMethod,
    MeetingStatus,
    MemberRole,
    Sex,
)
from desktop.models.errors import LedgerError
from desktop.models.group import Cycle, Group
from desktop.models.integrity import check_ledger
from desktop.models.journal import Event, JournalLine
from desktop.models.loan import Loan
from desktop.models.meeting import Meeting
from desktop.models.meetings import cash_panel
from desktop.models.member import Member
from desktop.models.organisation import Commune, Village

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(tmp_path_factory, request) -> Iterator[Ledger]:  # type: ignore[no-untyped-def]
    ledger = open_new_ledger(place_maker(request, tmp_path_factory.mktemp("demo"))("demo"))
    with ledger.session() as session:
        build_demo(session, TODAY)
    yield ledger
    ledger.close()


@pytest.fixture
def db(demo: Ledger):  # type: ignore[no-untyped-def]
    with demo.sessions() as session:
        yield session
        session.rollback()


def groups_of(db, kind: GroupKind) -> list[Group]:  # type: ignore[no-untyped-def]
    return list(db.scalars(select(Group).where(Group.kind == kind).order_by(Group.code)))


def test_demo_is_one_commune_with_villages_and_groups_of_every_kind(db):
    commune = db.scalars(select(Commune)).one()
    assert re.fullmatch(r"\d{5}", commune.code)
    assert commune.name == "Xã Yên Bình" and commune.province == "Tỉnh Thái Nguyên"
    assert 4 <= db.scalar(select(func.count(Village.id))) <= 5
    kinds = Counter(db.scalars(select(Group.kind)))
    assert kinds[GroupKind.VSLA] >= 2 and kinds[GroupKind.ASCA] >= 1
    assert kinds[GroupKind.ISHC] >= 2


def active_members(db, group: Group) -> list[Member]:  # type: ignore[no-untyped-def]
    return [m for m in group.members if m.is_active_on(TODAY)]


def test_demo_vsla_groups_have_10_to_25_members_and_shares_of_20_to_50_thousand(db):
    for group in groups_of(db, GroupKind.VSLA):
        assert 10 <= len(active_members(db, group)) <= 25
        assert 20_000 <= group.current_cycle.share_value <= 50_000
    assert {group.current_cycle.profit_basis for group in groups_of(db, GroupKind.ASCA)} == \
        {"tiet_kiem", "dong_ngay"}


def test_demo_clubs_are_mostly_older_women_from_poor_households(db):
    for club in groups_of(db, GroupKind.ISHC):
        members = active_members(db, club)
        assert 50 <= len(members) <= 70
        elderly = sum(1 for m in members if m.age_in(TODAY.year) >= club.elderly_age)
        women = sum(1 for m in members if m.sex == Sex.FEMALE)
        poor = sum(1 for m in members if m.household != Household.OTHER)
        assert 0.6 <= elderly / len(members) <= 0.8
        assert 0.6 <= women / len(members) <= 0.8
        assert poor / len(members) >= 0.3
        assert 50_000_000 <= club.current_cycle.seed_capital <= 130_000_000
        assert club.current_cycle.member_fee_per_month > 0
        principals = db.scalars(select(Loan.principal).where(Loan.group_id == club.id)).all()
        assert principals and all(5_000_000 <= p <= 10_000_000 for p in principals)


def test_demo_groups_meet_for_a_year_up_to_today(db):
    for group in db.scalars(select(Group)):
        first, last = db.execute(select(func.min(Meeting.date), func.max(Meeting.date))
                                 .where(Meeting.group_id == group.id)).one()
        assert last <= TODAY and (TODAY - last).days <= 21
        assert (TODAY - first).days >= 330


def test_demo_leaves_only_the_latest_meeting_of_one_group_open(db):
    open_meetings = db.scalars(select(Meeting).where(Meeting.status == MeetingStatus.OPEN)).all()
    assert len(open_meetings) == 1
    meeting = open_meetings[0]
    latest = db.scalar(select(func.max(Meeting.date)).where(Meeting.group_id == meeting.group_id))
    assert meeting.date == latest and meeting.counted_cash is None
    closed = db.scalars(select(Meeting).where(Meeting.status == MeetingStatus.CLOSED)).all()
    assert all(m.counted_cash is not None for m in closed)
    explained = [m for m in closed if cash_panel(db, m).difference]
    assert len(explained) == 1 and explained[0].difference_note


def test_demo_has_a_cycle_closed_by_a_real_share_out_and_the_next_one_running(db):
    closed = db.scalars(select(Cycle).where(Cycle.closed.is_(True))).all()
    assert len(closed) == 1
    cycle = closed[0]
    group = db.get(Group, cycle.group_id)
    assert group.kind == GroupKind.VSLA
    share_out = db.scalars(select(Event).where(Event.cycle_id == cycle.id,
                                               Event.kind == EventKind.SHARE_OUT)).one()
    assert share_out.date == cycle.end_date and share_out.amount > 0
    running = group.current_cycle
    assert running.number == 2 and not running.closed and running.social_fund_in > 0
    assert db.scalar(select(func.count(Meeting.id)).where(Meeting.cycle_id == running.id)) >= 4


def test_demo_has_overdue_loans_at_today(db):
    overdue = []
    for loan in db.scalars(select(Loan)):
        owed = loan_outstanding(db, loan.group_id, loan_ids=[loan.id]).get(loan.id, 0)
        if loans.overdue_days(loan, owed, TODAY) > 0:
            overdue.append(loan)
    assert len(overdue) >= 2
    assert {db.get(Group, loan.group_id).kind for loan in overdue} >= {GroupKind.ISHC}


def test_demo_lends_with_every_interest_method(db):
    assert set(db.scalars(select(Loan.method).distinct())) == set(InterestMethod)


def test_demo_interest_paid_is_what_the_loan_rules_ask(db):
    payments = db.scalars(select(Event).where(Event.kind == EventKind.INTEREST_PAYMENT)).all()
    assert len(payments) > 100
    for payment in payments:
        loan = db.get(Loan, payment.loan_id)
        if loan.method == InterestMethod.UPFRONT:
            assert payment.date == loan.date
            continue
        unit = db.get(Cycle, loan.cycle_id).rounding_unit
        assert loans.interest_due(db, loan, payment.date, unit) == payment.amount


def test_demo_records_fines_social_fund_grants_donations_and_expenses(db):
    kinds = Counter(db.scalars(select(Event.kind)))
    for kind in (EventKind.FINE, EventKind.SOCIAL_FUND_CONTRIBUTION,
                 EventKind.SOCIAL_FUND_GRANT, EventKind.DONATION, EventKind.OPERATING_EXPENSE,
                 EventKind.MEMBER_FEE, EventKind.SEED_CAPITAL, EventKind.EXPENSE,
                 EventKind.LEAVER_PAYOUT, EventKind.SHARE_OUT):
        assert kinds[kind] >= 1, kind


def test_demo_has_a_member_who_left_mid_cycle_and_was_paid(db):
    leavers = db.scalars(select(Member).where(Member.leave_date.is_not(None))).all()
    assert len(leavers) == 1
    leaver = leavers[0]
    cycle = db.get(Group, leaver.group_id).current_cycle
    assert cycle.start_date < leaver.leave_date < TODAY and leaver.leave_reason
    payout = db.scalars(select(Event).where(Event.member_id == leaver.id,
                                            Event.kind == EventKind.LEAVER_PAYOUT)).one()
    assert payout.amount > 0


def test_demo_members_have_vietnamese_names_roles_and_households(db):
    members = db.scalars(select(Member)).all()
    assert all(unicodedata.is_normalized("NFC", m.full_name) for m in members)
    assert all(len(m.full_name.split()) >= 3 for m in members)
    ethnicities = Counter(m.ethnicity for m in members)
    assert ethnicities.most_common(1)[0][0] == "Kinh" and len(ethnicities) >= 4
    assert all(1930 <= m.birth_year <= TODAY.year - 18 for m in members)
    for group in db.scalars(select(Group)):
        roles = Counter(m.role for m in group.members)
        assert roles[MemberRole.CHAIR] == 1 and roles[MemberRole.TREASURER] == 1
        assert roles[MemberRole.SECRETARY] == 1
        assert roles[MemberRole.KEY_HOLDER] == 3 or roles[MemberRole.VOLUNTEER] >= 5


def test_demo_books_pass_the_integrity_check(db):
    assert check_ledger(db) == []


def test_demo_is_the_same_on_every_build(demo, new_place):
    def journal(ledger: Ledger) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        with ledger.sessions() as session:
            events = session.execute(select(
                Event.id, Event.group_id, Event.cycle_id, Event.meeting_id, Event.member_id,
                Event.loan_id, Event.kind, Event.date, Event.amount, Event.quantity, Event.note,
                Event.created_at).order_by(Event.id)).all()
            lines = session.execute(select(
                JournalLine.id, JournalLine.event_id, JournalLine.account,
                JournalLine.member_id, JournalLine.loan_id, JournalLine.amount)
                .order_by(JournalLine.id)).all()
        return [tuple(row) for row in events], [tuple(row) for row in lines]

    again = open_new_ledger(new_place("again"))
    try:
        with again.session() as session:
            build_demo(session, TODAY)
        assert journal(again) == journal(demo)
    finally:
        again.close()


def test_demo_refuses_a_ledger_that_already_has_data(db):
    with pytest.raises(LedgerError):
        build_demo(db, TODAY)
