"""The loans ledger (sổ theo dõi cho vay và thu hồi vốn): one row per loan with what was
repaid, what is still owed and how late; a loan's movements; a member's history; and the
next repayment a member should bring (for the meeting slips).

Figures come from the journal in a few grouped queries over the whole group, so the grid
and the printed register read the same numbers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.enums import Account, EventKind, InterestMethod, LoanFund, LoanPurpose
from desktop.models.journal import Event, JournalLine
from desktop.models.loan import Loan
from desktop.models.loans import due_date, interest_due, loan_schedule, overdue_days
from desktop.models.member import Member


@dataclass(frozen=True)
class LoanRow:
    """A loan as the register shows it at a date. Amounts in đồng."""

    loan_id: int
    member_id: int
    member_code: str
    member_name: str
    fund: LoanFund
    date: dt.date
    purpose: LoanPurpose
    principal: int
    monthly_rate: Decimal  # percent per month
    method: InterestMethod
    term_months: int
    due_date: dt.date
    paid_principal: int  # repaid, or netted from a payout
    paid_interest: int
    written_off: int
    outstanding: int
    overdue_days: int
    meeting_id: int | None

    @property
    def is_overdue(self) -> bool:
        return self.overdue_days > 0


@dataclass(frozen=True)
class LoanRegister:
    group_id: int
    on: dt.date
    since: dt.date | None
    rows: list[LoanRow]

    @property
    def total_principal(self) -> int:
        return sum(row.principal for row in self.rows)

    @property
    def total_paid_principal(self) -> int:
        return sum(row.paid_principal for row in self.rows)

    @property
    def total_paid_interest(self) -> int:
        return sum(row.paid_interest for row in self.rows)

    @property
    def total_outstanding(self) -> int:
        return sum(row.outstanding for row in self.rows)

    @property
    def total_overdue(self) -> int:
        return sum(row.outstanding for row in self.rows if row.is_overdue)


def _sums_by_loan(session: Session, group_id: int, on: dt.date) -> tuple[
        dict[int, int], dict[int, int], dict[int, int]]:
    """Principal outstanding, interest paid and written off per loan, at the end of ``on``."""
    outstanding = {loan_id: int(total or 0) for loan_id, total in session.execute(
        select(JournalLine.loan_id, func.sum(JournalLine.amount))
        .where(JournalLine.group_id == group_id, JournalLine.account == Account.LOAN,
               JournalLine.date <= on)
        .group_by(JournalLine.loan_id)) if loan_id is not None}
    interest: dict[int, int] = defaultdict(int)
    written_off: dict[int, int] = defaultdict(int)
    for loan_id, kind, total in session.execute(
            select(Event.loan_id, Event.kind, func.sum(Event.amount))
            .where(Event.group_id == group_id, Event.loan_id.is_not(None), Event.date <= on,
                   Event.kind.in_([EventKind.INTEREST_PAYMENT, EventKind.WRITE_OFF]))
            .group_by(Event.loan_id, Event.kind)):
        target = interest if EventKind(kind) == EventKind.INTEREST_PAYMENT else written_off
        if loan_id is not None:
            target[loan_id] += int(total or 0)
    return outstanding, interest, written_off


def loan_register(session: Session, group_id: int, on: dt.date, since: dt.date | None = None,
                  *, member_id: int | None = None, fund: LoanFund | None = None) -> LoanRegister:
    """Every loan of the group disbursed by ``on`` (cancelled entries left out), by date.

    With ``since``, only the loans that concern the period: disbursed in it, or still owed
    when it began."""
    query = (select(Loan, Member.code, Member.full_name)
             .join(Member, Member.id == Loan.member_id)
             .where(Loan.group_id == group_id, Loan.cancelled_at.is_(None), Loan.date <= on)
             .order_by(Loan.date, Member.sort_key, Loan.id))
    if member_id is not None:
        query = query.where(Loan.member_id == member_id)
    if fund is not None:
        query = query.where(Loan.fund == fund)
    outstanding, interest, written_off = _sums_by_loan(session, group_id, on)
    before: dict[int, int] = {}
    if since is not None:
        before, _interest, _written = _sums_by_loan(session, group_id,
                                                    since - dt.timedelta(days=1))
    rows = []
    for loan, code, name in session.execute(query):
        owed = outstanding.get(loan.id, 0)
        if since is not None and loan.date < since and before.get(loan.id, 0) <= 0:
            continue
        lost = written_off.get(loan.id, 0)
        rows.append(LoanRow(
            loan_id=loan.id, member_id=loan.member_id, member_code=code, member_name=name,
            fund=LoanFund(loan.fund), date=loan.date, purpose=LoanPurpose(loan.purpose),
            principal=loan.principal, monthly_rate=loan.monthly_rate,
            method=InterestMethod(loan.method), term_months=loan.term_months,
            due_date=due_date(loan), paid_principal=loan.principal - owed - lost,
            paid_interest=interest.get(loan.id, 0), written_off=lost, outstanding=owed,
            overdue_days=overdue_days(loan, owed, on), meeting_id=loan.meeting_id))
    return LoanRegister(group_id, on, since, rows)


def member_history(session: Session, group_id: int, member_id: int,
                   on: dt.date) -> list[LoanRow]:
    """Every loan a member has had in the group, oldest first."""
    return loan_register(session, group_id, on, member_id=member_id).rows


@dataclass(frozen=True)
class LoanMovement:
    """One date's movement on a loan: principal lent (+) or paid down (−), interest paid,
    and the principal still owed after it."""

    date: dt.date
    meeting_id: int | None
    kind: EventKind
    principal: int
    interest: int
    balance: int
    event_ids: tuple[int, ...]


def loan_movements(session: Session, loan_id: int) -> list[LoanMovement]:
    """What happened to one loan, in order, with the balance after each movement."""
    rows = session.execute(
        select(Event.id, Event.date, Event.meeting_id, Event.kind, Event.amount,
               func.coalesce(func.sum(JournalLine.amount), 0))
        .outerjoin(JournalLine, (JournalLine.event_id == Event.id)
                   & (JournalLine.account == Account.LOAN))
        .where(Event.loan_id == loan_id)
        .group_by(Event.id, Event.date, Event.meeting_id, Event.kind, Event.amount)
        .order_by(Event.date, Event.id)).all()
    # Share-outs and leavers' payouts net a debt without naming the loan on the event.
    netted = session.execute(
        select(Event.id, Event.date, Event.meeting_id, Event.kind, JournalLine.amount)
        .join(JournalLine, JournalLine.event_id == Event.id)
        .where(JournalLine.loan_id == loan_id, JournalLine.account == Account.LOAN,
               Event.loan_id.is_(None))).all()
    items = [(day, event_id, meeting_id, EventKind(kind),
              int(principal), int(amount) if EventKind(kind) == EventKind.INTEREST_PAYMENT else 0)
             for event_id, day, meeting_id, kind, amount, principal in rows]
    items += [(day, event_id, meeting_id, EventKind(kind), int(amount), 0)
              for event_id, day, meeting_id, kind, amount in netted]
    items.sort(key=lambda item: (item[0], item[1]))
    grouped: dict[tuple[dt.date, int | None, EventKind], list[tuple[int, int, int]]] = {}
    for day, event_id, meeting_id, kind, principal, paid_interest in items:
        grouped.setdefault((day, meeting_id, kind), []).append((event_id, principal,
                                                                paid_interest))
    movements, balance = [], 0
    for (day, meeting_id, kind), parts in grouped.items():
        principal = sum(part[1] for part in parts)
        paid_interest = sum(part[2] for part in parts)
        if principal == 0 and paid_interest == 0:
            continue  # an entry and its correction on the same day
        balance += principal
        movements.append(LoanMovement(day, meeting_id, kind, principal, paid_interest, balance,
                                      tuple(part[0] for part in parts)))
    return movements


@dataclass(frozen=True)
class NextDue:
    """The next repayment of a loan: its date, the principal and interest to bring; when
    ``overdue``, the date is the first instalment missed and the amounts are all that is due
    by today."""

    loan_id: int
    date: dt.date
    principal: int
    interest: int
    overdue: bool

    @property
    def amount(self) -> int:
        return self.principal + self.interest


def next_due(session: Session, loan: Loan, row: LoanRow, on: dt.date,
             rounding_unit: int) -> NextDue | None:
    """The repayment the member should bring next, by the loan's schedule (``None`` once
    nothing is owed). Interest is what ``loans.interest_due`` would ask at that date."""
    if row.outstanding <= 0 or loan.written_off_on is not None:
        return None
    instalments = [item for item in loan_schedule(loan, rounding_unit) if item.number >= 1]
    cumulative, first_unpaid = 0, instalments[-1]
    for item in instalments:
        cumulative += item.principal
        if cumulative > row.paid_principal:
            first_unpaid = item
            break
    overdue = first_unpaid.due_date < on
    until = on if overdue else first_unpaid.due_date
    principal_due = sum(item.principal for item in instalments if item.due_date <= until)
    principal = min(max(principal_due - row.paid_principal, 0), row.outstanding)
    owed_interest = interest_due(session, loan, until, rounding_unit)
    return NextDue(loan.id, first_unpaid.due_date, principal, owed_interest, overdue)
