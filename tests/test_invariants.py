"""Properties that must hold whatever the clerk types: balanced books, one fund value seen from
both sides, a share-out where nothing vanishes, and money that is never a float."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from decimal import Decimal

import pytest
from engines import SQLITE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from desktop.models import registry
from desktop.models.balances import (
    account_balances,
    fund_position,
    loan_outstanding,
    member_savings,
    trial_balance,
)
from desktop.models.database import Ledger, open_ledger
from desktop.models.enums import Account, DebtPolicy, GroupKind, InterestMethod
from desktop.models.group import Group
from desktop.models.journal import Event, JournalLine
from desktop.models.loans import member_open_loans
from desktop.models.meeting import Meeting
from desktop.models.meetings import (
    Entry,
    cash_panel,
    close_meeting,
    create_meeting,
    record_count,
    save_entry,
    sheet,
)
from desktop.models.permissions import SYSTEM, Actor, Role
from desktop.models.shareout import (
    CashShortfall,
    Holding,
    close_cycle,
    compute,
    cut_to_cash,
    preview,
)

BOARD = Actor("Chị Hoa (Chủ nhiệm)", Role.BOARD)
NAMES = ["Nguyễn Thị An", "Trần Thị Bình", "Lê Thị Cúc", "Phạm Thị Dung"]
SETTINGS = settings(max_examples=20, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])
_codes = itertools.count(1)


@pytest.fixture(scope="module")
def memory_ledger(engine_name: str, request: pytest.FixtureRequest) -> Iterator[Ledger]:
    """One ledger for every example (in memory, or a database of the server); each example
    rolls its group back."""
    ledger = open_ledger("sqlite://" if engine_name == SQLITE else
                         request.getfixturevalue("postgres").new_ledger())
    yield ledger
    ledger.close()


# -- what a clerk may type -------------------------------------------------------------------

rows = st.fixed_dictionaries({
    "present": st.booleans(),
    "shares": st.integers(0, 5),
    "extra_savings": st.sampled_from([0, 0, 5_000, 37_000]),  # ASCA: any amount
    "social_fund": st.sampled_from([0, 2_000]),
    "fine": st.sampled_from([0, 0, 0, 1_000, 5_000]),
    "fee": st.sampled_from([0, 0, 3_000]),
    "grant": st.sampled_from([0, 0, 0, 0, 3_000]),
    "quarters_repaid": st.integers(0, 4),  # of the oldest loan's balance
    "interest": st.sampled_from([0, 0, 2_000, 6_000, 11_500]),
    "new_loan": st.sampled_from([0, 0, 0, 100_000, 250_000, 600_000]),
})
programs = st.fixed_dictionaries({
    "method": st.sampled_from(list(InterestMethod)),
    "unit": st.sampled_from([1, 100, 500, 1_000]),
    "meetings": st.lists(st.lists(rows, min_size=4, max_size=4), min_size=1, max_size=4),
    # (meeting, member, new row) corrections after the fact, on an open meeting
    "edits": st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), rows), max_size=3),
})


def _group(session, kind: GroupKind, method: InterestMethod, unit: int) -> Group:  # type: ignore[no-untyped-def]
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    group = registry.create_group(
        session, commune, code=f"P{next(_codes)}", name="Nhóm thử", kind=kind,
        start_date=dt.date(2026, 1, 1), actor=SYSTEM, share_value=20_000,
        monthly_rate=Decimal("2"), interest_method=method, rounding_unit=unit,
        social_fund_per_meeting=2_000, carry_in=50_000)
    for number, name in enumerate(NAMES, 1):
        registry.add_member(session, group, code=f"TV{number:02}", full_name=name,
                            join_date=dt.date(2026, 1, 1), actor=SYSTEM)
    return group


def _entry(session, group: Group, meeting: Meeting, member_id: int, row: dict) -> Entry:  # type: ignore[no-untyped-def, type-arg]
    """A row the sheet accepts: repayments no larger than what is owed, interest only on a
    loan."""
    open_loans = [(loan, balance) for loan, balance in member_open_loans(
        session, group.id, member_id, group.lending_fund) if loan.date < meeting.date]
    saved = next((e for e in sheet(session, meeting) if e.member_id == member_id), None)
    already = saved.repaid if saved else 0
    oldest = open_loans[0][1] + already if open_loans else already
    has_loan = bool(open_loans) or already > 0
    savings = row["shares"] * 20_000 + row["extra_savings"]
    return Entry(
        member_id=member_id, present=row["present"], shares=row["shares"],
        savings=savings if group.kind == GroupKind.ASCA else 0,
        social_fund=row["social_fund"], fine=row["fine"], fee=row["fee"], grant=row["grant"],
        repaid=oldest * row["quarters_repaid"] // 4 if has_loan else 0,
        interest=row["interest"] if has_loan else 0, new_loan=row["new_loan"],
    )


def assert_books_sound(session, group: Group) -> None:  # type: ignore[no-untyped-def]
    unbalanced = session.execute(
        select(JournalLine.event_id).where(JournalLine.group_id == group.id)
        .group_by(JournalLine.event_id).having(func.sum(JournalLine.amount) != 0)).all()
    assert unbalanced == []
    assert trial_balance(session, group.id) == 0
    position = fund_position(session, group.id)
    assert position.fund_value == position.loan_fund_equity
    balances = account_balances(session, group.id)
    assert all(type(value) is int for value in balances.values())
    assert all(type(value) is int for value in member_savings(session, group.id).values())
    outstanding = loan_outstanding(session, group.id)
    assert all(type(value) is int and value >= 0 for value in outstanding.values())
    amounts = session.scalars(select(Event.amount).where(Event.group_id == group.id)).all()
    assert all(type(value) is int for value in amounts)
    lines = session.scalars(select(JournalLine.amount).where(
        JournalLine.group_id == group.id)).all()
    assert all(type(value) is int and value != 0 for value in lines)


@pytest.mark.parametrize("kind", [GroupKind.VSLA, GroupKind.ASCA])
@SETTINGS
@given(program=programs)
def test_any_sequence_of_meetings_keeps_the_books_balanced(memory_ledger: Ledger,
                                                           kind: GroupKind,
                                                           program: dict) -> None:  # type: ignore[type-arg]
    with memory_ledger.sessions() as session:
        group = _group(session, kind, program["method"], program["unit"])
        members = [m.id for m in group.members]
        meetings: list[Meeting] = []
        for number, meeting_rows in enumerate(program["meetings"]):
            meeting = create_meeting(session, group,
                                     dt.date(2026, 1, 5) + dt.timedelta(days=28 * number),
                                     BOARD)
            meetings.append(meeting)
            for member_id, row in zip(members, meeting_rows, strict=True):
                save_entry(session, meeting, _entry(session, group, meeting, member_id, row),
                           BOARD, override_reason="Ban quản lý đồng ý")
            assert_books_sound(session, group)
        for meeting_index, member_index, row in program["edits"]:
            meeting = meetings[meeting_index % len(meetings)]
            member_id = members[member_index]
            saved = next(e for e in sheet(session, meeting) if e.member_id == member_id)
            # Corrections of the simple cells; loan cells keep what was saved.
            edited = _entry(session, group, meeting, member_id, row)
            save_entry(session, meeting, Entry(
                member_id=member_id, present=edited.present, shares=edited.shares,
                savings=edited.savings, social_fund=edited.social_fund, fine=edited.fine,
                fee=edited.fee, grant=edited.grant, repaid=saved.repaid,
                interest=saved.interest, new_loan=saved.new_loan), BOARD)
            assert next(e for e in sheet(session, meeting) if e.member_id == member_id).fine \
                == edited.fine
            assert_books_sound(session, group)
        last = meetings[-1]
        assert cash_panel(session, last).expected_closing == \
            account_balances(session, group.id)[Account.CASH]
        for meeting in meetings:
            record_count(session, meeting, max(cash_panel(session, meeting).expected_closing,
                                               0), "Kiểm đếm thử", BOARD)
            close_meeting(session, meeting, BOARD, override_reason="Ban quản lý đồng ý")

        result = preview(session, group)
        assert result.total_paid + result.total_netted + result.carry_over == \
            result.fund_value
        if result.shortfall:  # the board carries it: payouts cut to the cash
            with pytest.raises(CashShortfall):
                close_cycle(session, group, last.date, BOARD)
            result = cut_to_cash(result, "Ban quản lý chuyển sang chu kỳ sau")
            assert result.total_paid <= max(result.cash_held, 0)
            assert result.total_paid + result.total_netted + result.carry_over == \
                result.fund_value
        held_before = fund_position(session, group.id).loan_fund_cash
        close_cycle(session, group, last.date, BOARD,
                    carry_shortfall_reason="Ban quản lý chuyển sang chu kỳ sau")
        assert_books_sound(session, group)
        assert member_savings(session, group.id) == {}
        position = fund_position(session, group.id)
        assert position.retained == result.carry_over == group.current_cycle.carry_in
        assert position.fund_value == result.carry_over
        # The share-out never pays cash the loan fund does not hold.
        assert position.loan_fund_cash == held_before - result.total_paid
        assert position.loan_fund_cash >= min(held_before, 0)
        session.rollback()


# -- share-out arithmetic --------------------------------------------------------------------

@st.composite
def share_outs(draw) -> tuple:  # type: ignore[no-untyped-def, type-arg]
    kind = draw(st.sampled_from([GroupKind.VSLA, GroupKind.ASCA]))
    share_value = draw(st.sampled_from([10_000, 20_000, 50_000]))
    holdings = []
    for member_id in range(1, draw(st.integers(1, 12)) + 1):
        shares = draw(st.integers(0, 60))
        savings = shares * share_value if kind == GroupKind.VSLA else draw(
            st.integers(0, 5_000_000))
        weight = savings * draw(st.integers(0, 365)) if draw(st.booleans()) else savings
        debt = draw(st.sampled_from([0, 0, 0, 150_000, 1_000_000, 9_999_999]))
        holdings.append(Holding(member_id, f"TV{member_id:02}", "", shares, savings, weight,
                                debt))
    total = sum(h.savings for h in holdings)
    fund_value = total + draw(st.integers(-total, 3_000_000))
    unit = draw(st.sampled_from([1, 100, 500, 1_000]))
    policy = draw(st.sampled_from(list(DebtPolicy)))
    return kind, fund_value, holdings, unit, policy


@settings(max_examples=50, deadline=None, derandomize=True)
@given(case=share_outs())
def test_a_share_out_never_loses_or_invents_a_dong(case: tuple) -> None:  # type: ignore[type-arg]
    kind, fund_value, holdings, unit, policy = case
    result = compute(kind, fund_value, holdings, unit, debt_policy=policy)
    assert result.total_paid + result.total_netted + result.carry_over == fund_value
    for payout, holding in zip(result.payouts, holdings, strict=True):
        assert type(payout.gross) is int and type(payout.paid) is int
        assert payout.gross >= 0
        assert payout.gross % unit == 0
        assert 0 <= payout.netted <= min(payout.debt, payout.gross)
        assert payout.net == payout.gross - holding.debt
        if policy == DebtPolicy.BLOCK:
            assert payout.netted == 0
    has_stake = (sum(h.shares for h in holdings) if kind == GroupKind.VSLA
                 else sum(h.savings for h in holdings)) > 0
    if fund_value >= 0 and has_stake:
        assert 0 <= result.carry_over < len(holdings) * unit
    if kind == GroupKind.ASCA:
        assert result.profit == fund_value - sum(h.savings for h in holdings)
