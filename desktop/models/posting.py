"""Posting rules: which balanced lines each business event writes, and how events are
posted and reversed.

The rules are pure functions of plain values so that the same code serves one edit in the
meeting grid and a bulk insert of ten years of demo meetings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import snapshots
from desktop.models.clock import now
from desktop.models.enums import Account, EventKind, IncomeFundInterest, LoanFund
from desktop.models.errors import LedgerError
from desktop.models.journal import Event, JournalLine


class UnbalancedEvent(ValueError):
    """An event whose lines do not sum to zero: a programming error, never saved."""


@dataclass(frozen=True)
class Line:
    account: Account
    amount: int  # debit positive, credit negative
    member_id: int | None = None
    loan_id: int | None = None


# Simple events: (debit account, credit account). Member or loan accounts take the event's
# member or loan.
_SIMPLE: dict[EventKind, tuple[Account, Account]] = {
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
    EventKind.BANK_DEPOSIT: (Account.BANK, Account.CASH),
    EventKind.BANK_WITHDRAWAL: (Account.CASH, Account.BANK),
    EventKind.OPENING_BALANCE: (Account.CASH, Account.RETAINED),
    EventKind.OPENING_SOCIAL_FUND: (Account.CASH, Account.SOCIAL_FUND),
    EventKind.CASH_DIFFERENCE: (Account.CASH, Account.EXPENSES),
}

_FUND_ACCOUNT = {
    LoanFund.LOAN_FUND: Account.INTEREST_INCOME,
    LoanFund.SOCIAL_FUND: Account.SOCIAL_FUND,
    LoanFund.INCOME_FUND: Account.INCOME_FUND,
}
_WRITE_OFF_ACCOUNT = {
    LoanFund.LOAN_FUND: Account.WRITE_OFF,
    LoanFund.SOCIAL_FUND: Account.SOCIAL_FUND,
    LoanFund.INCOME_FUND: Account.INCOME_FUND,
}
def interest_account(fund: LoanFund, income_interest: IncomeFundInterest) -> Account:
    """Where interest on a loan from ``fund`` goes."""
    if fund == LoanFund.INCOME_FUND and income_interest == IncomeFundInterest.OPERATING_FUND:
        return Account.OPERATING_FUND
    return _FUND_ACCOUNT[fund]


def lines_for(
    kind: EventKind,
    amount: int,
    *,
    member_id: int | None = None,
    loan_id: int | None = None,
    fund: LoanFund = LoanFund.LOAN_FUND,
    income_interest: IncomeFundInterest = IncomeFundInterest.STAYS_IN_FUND,
) -> list[Line]:
    """The balanced lines of a simple event of ``amount`` đồng (may be negative: a reversal)."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError("money is int đồng")
    if kind == EventKind.INTEREST_PAYMENT:
        debit, credit = Account.CASH, interest_account(fund, income_interest)
    elif kind == EventKind.WRITE_OFF:
        debit, credit = _WRITE_OFF_ACCOUNT[fund], Account.LOAN
    elif kind in _SIMPLE:
        debit, credit = _SIMPLE[kind]
    else:
        raise ValueError(f"{kind} has no simple posting rule")

    def line(account: Account, value: int) -> Line:
        return Line(
            account,
            value,
            member_id if account == Account.SAVINGS else None,
            loan_id if account == Account.LOAN else None,
        )

    return [line(debit, amount), line(credit, -amount)]


def check_balanced(lines: list[Line]) -> list[Line]:
    """Drop zero lines and insist the rest sum to zero."""
    kept = [line for line in lines if line.amount != 0]
    for line in kept:
        if not isinstance(line.amount, int) or isinstance(line.amount, bool):
            raise TypeError("money is int đồng")
    if sum(line.amount for line in kept) != 0:
        raise UnbalancedEvent(_("The entry does not balance: its lines sum to {total} đồng.")
                              .format(total=sum(line.amount for line in kept)))
    return kept


@dataclass
class EventSpec:
    """Everything needed to write one event, with its lines."""

    group_id: int
    cycle_id: int
    kind: EventKind
    date: dt.date
    amount: int
    lines: list[Line]
    meeting_id: int | None = None
    member_id: int | None = None
    loan_id: int | None = None
    quantity: int = 0
    note: str = ""
    reverses_id: int | None = None
    user: str = ""
    extra: dict[str, object] = field(default_factory=dict)


def post(session: Session, spec: EventSpec) -> Event:
    """Write ``spec`` as an event with its lines (the caller commits)."""
    # The event's own amount is what the paper form shows: it must be int đồng like its lines.
    for value in (spec.amount, spec.quantity):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("money is int đồng")
    lines = check_balanced(spec.lines)
    event = Event(
        group_id=spec.group_id,
        cycle_id=spec.cycle_id,
        meeting_id=spec.meeting_id,
        member_id=spec.member_id,
        loan_id=spec.loan_id,
        kind=spec.kind,
        date=spec.date,
        amount=spec.amount,
        quantity=spec.quantity,
        note=spec.note,
        reverses_id=spec.reverses_id,
        created_at=now(),
        created_by=spec.user,
    )
    event.lines = [
        JournalLine(
            group_id=spec.group_id,
            date=spec.date,
            account=line.account,
            member_id=line.member_id,
            loan_id=line.loan_id,
            amount=line.amount,
        )
        for line in lines
    ]
    session.add(event)
    session.flush()
    # The balance snapshots move with the lines, in the same transaction.
    snapshots.record(session, [
        snapshots.Move(spec.group_id, spec.date, str(line.account), line.amount,
                       line.member_id, line.loan_id) for line in lines])
    return event


def reverse(session: Session, event: Event, user: str, note: str = "") -> Event:
    """Post the exact opposite of ``event`` on its own date (a correction, bút toán điều chỉnh)."""
    already = session.scalar(select(Event.id).where(Event.reverses_id == event.id))
    if already is not None:
        raise LedgerError(_("This entry has already been reversed."))
    spec = EventSpec(
        group_id=event.group_id,
        cycle_id=event.cycle_id,
        kind=event.kind,
        date=event.date,
        amount=-event.amount,
        quantity=-event.quantity,
        meeting_id=event.meeting_id,
        member_id=event.member_id,
        loan_id=event.loan_id,
        note=note,
        reverses_id=event.id,
        user=user,
        lines=[
            Line(line.account, -line.amount, line.member_id, line.loan_id) for line in event.lines
        ],
    )
    return post(session, spec)
