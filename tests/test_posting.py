"""Posting rules: every business event writes balanced lines; corrections are exact reversals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desktop.models.enums import Account, EventKind, IncomeFundInterest, LoanFund
from desktop.models.errors import LedgerError
from desktop.models.journal import Event, JournalLine
from desktop.models.member import Member
from desktop.models.posting import (
    EventSpec,
    Line,
    UnbalancedEvent,
    check_balanced,
    interest_account,
    lines_for,
    post,
    reverse,
)

# What the clerk's paper form means, in the books: (account debited, account credited).
EXPECTED_ACCOUNTS = {
    EventKind.SHARE_PURCHASE: (Account.CASH, Account.SAVINGS),
    EventKind.SAVINGS_DEPOSIT: (Account.CASH, Account.SAVINGS),
    EventKind.SAVINGS_WITHDRAWAL: (Account.SAVINGS, Account.CASH),
    EventKind.SOCIAL_FUND_CONTRIBUTION: (Account.CASH, Account.SOCIAL_FUND),
    EventKind.SOCIAL_FUND_GRANT: (Account.SOCIAL_FUND, Account.CASH),
    EventKind.FINE: (Account.CASH, Account.FINE_INCOME),
    EventKind.MEMBER_FEE: (Account.CASH, Account.OPERATING_FUND),
    EventKind.DONATION: (Account.CASH, Account.OPERATING_FUND),
    EventKind.EXPENSE: (Account.EXPENSES, Account.CASH),
    EventKind.OPERATING_EXPENSE: (Account.OPERATING_FUND, Account.CASH),
    EventKind.SEED_CAPITAL: (Account.CASH, Account.INCOME_FUND),
    EventKind.LOAN_DISBURSEMENT: (Account.LOAN, Account.CASH),
    EventKind.PRINCIPAL_REPAYMENT: (Account.CASH, Account.LOAN),
    EventKind.INTEREST_PAYMENT: (Account.CASH, Account.INTEREST_INCOME),
    EventKind.BANK_DEPOSIT: (Account.BANK, Account.CASH),
    EventKind.BANK_WITHDRAWAL: (Account.CASH, Account.BANK),
    EventKind.WRITE_OFF: (Account.WRITE_OFF, Account.LOAN),
    EventKind.OPENING_BALANCE: (Account.CASH, Account.RETAINED),
    EventKind.OPENING_SOCIAL_FUND: (Account.CASH, Account.SOCIAL_FUND),
    # A surplus found at the count; a shortage is the same rule with a negative amount.
    EventKind.CASH_DIFFERENCE: (Account.CASH, Account.EXPENSES),
}
# Share-out and a leaver's payout touch many accounts at once; they are built (and checked
# balanced) in shareout.py and registry.py, and tested there.
COMPOUND_KINDS = {EventKind.SHARE_OUT, EventKind.LEAVER_PAYOUT}


def test_every_event_kind_has_a_rule_or_is_a_known_compound_event() -> None:
    assert set(EXPECTED_ACCOUNTS) | COMPOUND_KINDS == set(EventKind)


@pytest.mark.parametrize("kind", sorted(EXPECTED_ACCOUNTS), ids=str)
def test_each_simple_event_debits_and_credits_the_accounts_of_its_paper_form(
    kind: EventKind,
) -> None:
    lines = lines_for(kind, 150_000, member_id=7, loan_id=3)
    debit, credit = EXPECTED_ACCOUNTS[kind]
    assert [(line.account, line.amount) for line in lines] == [(debit, 150_000),
                                                               (credit, -150_000)]
    assert sum(line.amount for line in lines) == 0
    for line in lines:
        # Only the member's savings account names the member; only the loan account the loan.
        assert line.member_id == (7 if line.account == Account.SAVINGS else None)
        assert line.loan_id == (3 if line.account == Account.LOAN else None)


@pytest.mark.parametrize("kind", sorted(COMPOUND_KINDS), ids=str)
def test_compound_events_have_no_simple_rule(kind: EventKind) -> None:
    with pytest.raises(ValueError):
        lines_for(kind, 100_000)


@pytest.mark.parametrize(
    ("fund", "setting", "account"),
    [
        (LoanFund.LOAN_FUND, IncomeFundInterest.STAYS_IN_FUND, Account.INTEREST_INCOME),
        (LoanFund.SOCIAL_FUND, IncomeFundInterest.STAYS_IN_FUND, Account.SOCIAL_FUND),
        (LoanFund.INCOME_FUND, IncomeFundInterest.STAYS_IN_FUND, Account.INCOME_FUND),
        (LoanFund.INCOME_FUND, IncomeFundInterest.OPERATING_FUND, Account.OPERATING_FUND),
        # The club's setting only moves interest of the income-generation fund.
        (LoanFund.LOAN_FUND, IncomeFundInterest.OPERATING_FUND, Account.INTEREST_INCOME),
    ],
)
def test_interest_goes_to_the_fund_that_lent_the_money(
    fund: LoanFund, setting: IncomeFundInterest, account: Account
) -> None:
    assert interest_account(fund, setting) == account
    lines = lines_for(EventKind.INTEREST_PAYMENT, 20_000, loan_id=5, fund=fund,
                      income_interest=setting)
    assert [(line.account, line.amount) for line in lines] == [(Account.CASH, 20_000),
                                                               (account, -20_000)]


@pytest.mark.parametrize(
    ("fund", "account"),
    [(LoanFund.LOAN_FUND, Account.WRITE_OFF), (LoanFund.SOCIAL_FUND, Account.SOCIAL_FUND),
     (LoanFund.INCOME_FUND, Account.INCOME_FUND)],
)
def test_a_write_off_is_borne_by_the_fund_that_lent(fund: LoanFund, account: Account) -> None:
    lines = lines_for(EventKind.WRITE_OFF, 300_000, loan_id=9, fund=fund)
    assert [(line.account, line.amount, line.loan_id) for line in lines] == [
        (account, 300_000, None), (Account.LOAN, -300_000, 9)]


@pytest.mark.parametrize("amount", [1.5, 20_000.0, Decimal("20000"), True, "20000"])
def test_money_that_is_not_an_int_is_refused(amount: object) -> None:
    with pytest.raises(TypeError):
        lines_for(EventKind.FINE, amount)  # type: ignore[arg-type]


def test_check_balanced_refuses_float_lines_even_when_they_sum_to_zero() -> None:
    with pytest.raises(TypeError):
        check_balanced([Line(Account.CASH, 1.5), Line(Account.FINE_INCOME, -1.5)])  # type: ignore[arg-type]


def test_check_balanced_refuses_an_unbalanced_set_and_says_by_how_much() -> None:
    with pytest.raises(UnbalancedEvent) as raised:
        check_balanced([Line(Account.CASH, 50_000), Line(Account.SAVINGS, -40_000, member_id=1)])
    assert "10000" in str(raised.value)


def test_check_balanced_drops_zero_lines_and_keeps_the_rest() -> None:
    kept = check_balanced([Line(Account.CASH, 40_000), Line(Account.RETAINED, 0),
                           Line(Account.SAVINGS, -40_000, member_id=1)])
    assert [line.account for line in kept] == [Account.CASH, Account.SAVINGS]


def _spec(group_id: int, cycle_id: int, member_id: int, amount: int = 100_000) -> EventSpec:
    return EventSpec(
        group_id=group_id, cycle_id=cycle_id, kind=EventKind.SHARE_PURCHASE,
        date=dt.date(2026, 1, 5), amount=amount, quantity=5, member_id=member_id,
        user="Chị Lan", lines=lines_for(EventKind.SHARE_PURCHASE, amount, member_id=member_id),
    )


def _an(session, group) -> Member:  # type: ignore[no-untyped-def]
    return session.scalar(select(Member).where(Member.group_id == group.id,
                                               Member.code == "TV01"))


def test_posting_an_event_writes_its_lines_with_the_date_and_group(session, hoa_sen) -> None:
    an = _an(session, hoa_sen)
    event = post(session, _spec(hoa_sen.id, hoa_sen.current_cycle.id, an.id))
    assert event.id is not None
    assert event.created_by == "Chị Lan"
    assert event.created_at == dt.datetime(2026, 11, 23, 9, 0, 0)
    rows = session.execute(select(JournalLine.account, JournalLine.amount, JournalLine.member_id,
                                  JournalLine.date, JournalLine.group_id)
                           .where(JournalLine.event_id == event.id)
                           .order_by(JournalLine.id)).all()
    assert rows == [
        (Account.CASH, 100_000, None, dt.date(2026, 1, 5), hoa_sen.id),
        (Account.SAVINGS, -100_000, an.id, dt.date(2026, 1, 5), hoa_sen.id),
    ]


def test_an_unbalanced_event_is_never_written(session, hoa_sen) -> None:
    an = _an(session, hoa_sen)
    spec = _spec(hoa_sen.id, hoa_sen.current_cycle.id, an.id)
    spec.lines = [Line(Account.CASH, 100_000), Line(Account.SAVINGS, -90_000, member_id=an.id)]
    before = session.scalar(select(func.count(Event.id)))
    with pytest.raises(UnbalancedEvent):
        post(session, spec)
    assert session.scalar(select(func.count(Event.id))) == before


def test_an_event_amount_that_is_a_float_is_refused(session, hoa_sen) -> None:
    an = _an(session, hoa_sen)
    spec = _spec(hoa_sen.id, hoa_sen.current_cycle.id, an.id)
    spec.amount = 100_000.0  # type: ignore[assignment]
    with pytest.raises(TypeError):
        post(session, spec)


def test_a_reversal_negates_the_event_exactly(session, hoa_sen) -> None:
    an = _an(session, hoa_sen)
    original = post(session, _spec(hoa_sen.id, hoa_sen.current_cycle.id, an.id))
    correction = reverse(session, original, "Chị Hoa", note="Ghi nhầm")
    assert correction.reverses_id == original.id
    assert (correction.kind, correction.date, correction.member_id, correction.meeting_id) == (
        original.kind, original.date, original.member_id, original.meeting_id)
    assert correction.amount == -100_000
    assert correction.quantity == -5
    assert correction.note == "Ghi nhầm"
    assert correction.created_by == "Chị Hoa"
    assert sorted((line.account, line.amount, line.member_id) for line in correction.lines) == \
        sorted((line.account, -line.amount, line.member_id) for line in original.lines)
    # Together they leave nothing behind; both stay in the journal.
    total = session.scalar(select(func.sum(JournalLine.amount)).where(
        JournalLine.member_id == an.id))
    assert total == 0
    assert session.scalar(select(func.count(Event.id)).where(
        Event.member_id == an.id)) == 2


def test_an_event_cannot_be_reversed_twice(session, hoa_sen) -> None:
    an = _an(session, hoa_sen)
    original = post(session, _spec(hoa_sen.id, hoa_sen.current_cycle.id, an.id))
    reverse(session, original, "Chị Hoa")
    with pytest.raises(LedgerError, match="đã"):
        reverse(session, original, "Chị Hoa")
    assert session.scalar(select(func.count(Event.id)).where(
        Event.reverses_id == original.id)) == 1


def test_every_line_in_the_database_belongs_to_a_balanced_event(session, hoa_sen) -> None:
    an = _an(session, hoa_sen)
    cycle_id = hoa_sen.current_cycle.id
    for amount in (20_000, 40_000, 100_000):
        post(session, _spec(hoa_sen.id, cycle_id, an.id, amount))
    unbalanced = session.execute(
        select(JournalLine.event_id).group_by(JournalLine.event_id)
        .having(func.sum(JournalLine.amount) != 0)).all()
    assert unbalanced == []
