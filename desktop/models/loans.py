"""Loans: disbursement within the constitution's limits, repayment, interest due, overdue
and write-off. Balances come from the journal (``balances.loan_outstanding``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.models import audit, interest
from desktop.models.balances import fund_position, loan_outstanding, member_savings
from desktop.models.enums import EventKind, GroupKind, InterestMethod, LoanFund, LoanPurpose
from desktop.models.errors import LedgerError, LimitWarnings
from desktop.models.formatting import format_amount
from desktop.models.group import Cycle, Group
from desktop.models.journal import Event
from desktop.models.loan import Loan
from desktop.models.meeting import Meeting
from desktop.models.permissions import Action, Actor, require
from desktop.models.posting import EventSpec, lines_for, post

_FUND_NAMES = {
    LoanFund.LOAN_FUND: N_("loan fund"),
    LoanFund.SOCIAL_FUND: N_("social fund"),
    LoanFund.INCOME_FUND: N_("income-generation fund"),
}


def fund_name(fund: LoanFund) -> str:
    """The fund's name inside a sentence: "quỹ cho vay"."""
    return _(_FUND_NAMES[LoanFund(fund)])


def meeting_cash_warnings(session: Session, meeting: Meeting) -> list[str]:
    """The meeting's loans that its funds could not pay from their cash after all the
    meeting's receipts (DESIGN §3.3): a warning the board overrides with a reason."""
    lent = session.execute(
        select(Loan.fund, func.sum(Event.amount))
        .join(Loan, Loan.id == Event.loan_id)
        .where(Event.meeting_id == meeting.id, Event.kind == EventKind.LOAN_DISBURSEMENT)
        .group_by(Loan.fund)
    ).all()
    if not any(total for _fund, total in lent):
        return []
    position = fund_position(session, meeting.group_id, meeting.date)
    warnings = []
    for fund, total in lent:
        loans = int(total or 0)
        after = position.cash_of(LoanFund(fund))
        if loans > 0 and after < 0:
            warnings.append(_("The loans of this meeting from the {fund} ({loans} đồng) are more "
                              "than the {cash} đồng it held after the meeting's receipts.").format(
                fund=fund_name(LoanFund(fund)), loans=format_amount(loans),
                cash=format_amount(max(loans + after, 0))))
    return warnings


def due_date(loan: Loan) -> dt.date:
    return interest.add_months(loan.date, loan.term_months)


def overdue_days(loan: Loan, outstanding: int, on: dt.date) -> int:
    """Days past the due date with principal still owed (0 when not overdue)."""
    if outstanding <= 0 or loan.written_off_on is not None:
        return 0
    return max((on - due_date(loan)).days, 0)


def loan_schedule(loan: Loan, rounding_unit: int) -> list[interest.Installment]:
    return interest.schedule(
        loan.principal, loan.monthly_rate, loan.term_months, loan.method, loan.date,
        rounding_unit,
    )


def _interest_paid(session: Session, loan_id: int, before: dt.date | None = None) -> int:
    query = select(func.sum(Event.amount)).where(
        Event.loan_id == loan_id, Event.kind == EventKind.INTEREST_PAYMENT
    )
    if before is not None:
        query = query.where(Event.date < before)
    return int(session.scalar(query) or 0)


def _last_interest_date(session: Session, loan: Loan, before: dt.date) -> dt.date:
    """The latest date interest was paid before ``before`` (net of reversals), or the
    disbursement date."""
    rows = session.execute(
        select(Event.date, func.sum(Event.amount))
        .where(
            Event.loan_id == loan.id,
            Event.kind == EventKind.INTEREST_PAYMENT,
            Event.date < before,
        )
        .group_by(Event.date)
    )
    paid_dates = [day for day, total in rows if total and total > 0]
    return max(paid_dates, default=loan.date)


def interest_due(session: Session, loan: Loan, on: dt.date, rounding_unit: int) -> int:
    """Interest the member owes at ``on`` (proposed on the meeting sheet; the clerk may edit)."""
    if loan.method == InterestMethod.NONE or loan.written_off_on is not None:
        return 0
    if loan.method == InterestMethod.UPFRONT:
        total = interest.upfront_interest(
            loan.principal, loan.monthly_rate, loan.term_months, rounding_unit
        )
        return max(total - _interest_paid(session, loan.id, before=on), 0)
    outstanding = loan_outstanding(session, loan.group_id, loan_ids=[loan.id]).get(loan.id, 0)
    # Repayments made at this very date do not lower the base of interest already running.
    outstanding_before = loan_outstanding(
        session, loan.group_id, on=on - dt.timedelta(days=1), loan_ids=[loan.id]
    ).get(loan.id, outstanding)
    if outstanding_before <= 0:
        return 0
    cycle = session.get(Cycle, loan.cycle_id)
    round_up = cycle.interest_months_round_up if cycle is not None else True
    last = _last_interest_date(session, loan, on)
    months = interest.months_between(last, on, round_up=round_up)
    if loan.method == InterestMethod.FLAT:
        return interest.monthly_interest(loan.principal, loan.monthly_rate, months,
                                         rounding_unit)
    # Declining: each month on what was owed when that month began. A principal repaid
    # without its interest lowers the base only from the month after it, not back to the
    # last interest date.
    month_balances = sum(
        loan_outstanding(session, loan.group_id, on=interest.add_months(last, number),
                         loan_ids=[loan.id]).get(loan.id, 0)
        for number in range(months)
    )
    return interest.monthly_interest(month_balances, loan.monthly_rate, 1, rounding_unit)


def check_limits(
    session: Session,
    group: Group,
    cycle: Cycle,
    member_id: int,
    amount: int,
    term_months: int,
    on: dt.date,
    fund: LoanFund,
    cash_available: int | None = None,
) -> list[str]:
    """Constitution limits this loan would break, as sentences for the board.

    ``cash_available``: the cash the fund holds for this loan (None: not checked here — a
    meeting's loans are checked against its cash when it closes, see
    :func:`meeting_cash_warnings`)."""
    warnings: list[str] = []
    if amount <= 0:
        raise LedgerError(_("A loan must be more than 0 đồng."))
    if cash_available is not None and amount > cash_available:
        warnings.append(_("The loan of {amount} đồng is more than the {cash} đồng in cash that "
                          "the {fund} holds.").format(
            amount=format_amount(amount), cash=format_amount(max(cash_available, 0)),
            fund=fund_name(fund)))
    if fund == LoanFund.LOAN_FUND and group.kind != GroupKind.ISHC:
        savings = member_savings(session, group.id, on).get(member_id, 0)
        limit = int(Decimal(savings) * cycle.loan_multiple)
        if amount > limit:
            warnings.append(
                _("The loan of {amount} đồng is more than {multiple} times the member's savings "
                  "({limit} đồng).").format(
                    amount=format_amount(amount), multiple=cycle.loan_multiple,
                    limit=format_amount(limit))
            )
    if cycle.max_loan_amount and amount > cycle.max_loan_amount:
        warnings.append(
            _("The loan of {amount} đồng is more than the maximum of {limit} đồng.").format(
                amount=format_amount(amount), limit=format_amount(cycle.max_loan_amount))
        )
    if cycle.max_term_months and term_months > cycle.max_term_months:
        warnings.append(
            _("A term of {term} months is longer than the maximum of {limit} months.").format(
                term=term_months, limit=cycle.max_term_months)
        )
    if cycle.one_loan_at_a_time:
        open_loans = [
            loan_id for loan_id, balance in _member_loans_outstanding(
                session, group.id, member_id, on).items() if balance > 0
        ]
        if open_loans:
            warnings.append(_("The member still has a loan outstanding."))
    return warnings


def _member_loans_outstanding(
    session: Session, group_id: int, member_id: int, on: dt.date | None = None
) -> dict[int, int]:
    loan_ids = session.scalars(
        select(Loan.id).where(Loan.member_id == member_id, Loan.cancelled_at.is_(None))
    ).all()
    if not loan_ids:
        return {}
    return loan_outstanding(session, group_id, on=on, loan_ids=loan_ids)


def member_open_loans(
    session: Session, group_id: int, member_id: int, fund: LoanFund | None = None
) -> list[tuple[Loan, int]]:
    """The member's loans with principal outstanding, oldest first."""
    balances = _member_loans_outstanding(session, group_id, member_id)
    loans = [session.get(Loan, loan_id) for loan_id, balance in balances.items() if balance > 0]
    result = [(loan, balances[loan.id]) for loan in loans if loan is not None and (
        fund is None or loan.fund == fund) and loan.written_off_on is None]
    return sorted(result, key=lambda pair: (pair[0].date, pair[0].id))


@dataclass(frozen=True)
class LoanRequest:
    member_id: int
    amount: int
    on: dt.date
    fund: LoanFund = LoanFund.LOAN_FUND
    term_months: int | None = None
    purpose: LoanPurpose = LoanPurpose.LIVELIHOOD
    meeting_id: int | None = None
    override_reason: str = ""


def disburse(session: Session, group: Group, request: LoanRequest, actor: Actor) -> Loan:
    """Lend money from a fund. Broken limits raise ``LimitWarnings`` unless the board
    overrides them with a reason."""
    require(actor, Action.ENTER_DATA)
    cycle = group.current_cycle
    term = request.term_months or cycle.max_term_months or 3
    # Outside a meeting the cash is checked now; a meeting's loans when it closes, on its cash
    # after all its receipts, so the order the rows are typed in does not matter.
    cash = None if request.meeting_id is not None else \
        fund_position(session, group.id, request.on).cash_of(request.fund)
    warnings = check_limits(
        session, group, cycle, request.member_id, request.amount, term, request.on, request.fund,
        cash_available=cash,
    )
    if warnings:
        if not request.override_reason.strip():
            raise LimitWarnings(warnings)
        require(actor, Action.OVERRIDE_LIMIT)
    loan = Loan(
        group_id=group.id,
        cycle_id=cycle.id,
        member_id=request.member_id,
        meeting_id=request.meeting_id,
        fund=request.fund,
        principal=request.amount,
        date=request.on,
        purpose=request.purpose,
        term_months=term,
        monthly_rate=cycle.monthly_rate,
        method=cycle.interest_method,
        override_reason=request.override_reason.strip() if warnings else "",
    )
    session.add(loan)
    session.flush()
    post(session, EventSpec(
        group_id=group.id, cycle_id=cycle.id, kind=EventKind.LOAN_DISBURSEMENT,
        date=request.on, amount=request.amount, meeting_id=request.meeting_id,
        member_id=request.member_id, loan_id=loan.id, user=actor.name,
        lines=lines_for(EventKind.LOAN_DISBURSEMENT, request.amount, loan_id=loan.id),
    ))
    if warnings:
        audit.record(session, actor, "override_limit", "loan", loan.id,
                     reason=loan.override_reason, warnings=warnings)
    return loan


def repay(
    session: Session,
    loan: Loan,
    principal: int,
    interest_paid: int,
    on: dt.date,
    actor: Actor,
    meeting_id: int | None = None,
) -> None:
    """Record a repayment of principal and/or interest on ``loan``."""
    require(actor, Action.ENTER_DATA)
    if principal < 0 or interest_paid < 0:
        raise LedgerError(_("Repayments cannot be negative."))
    outstanding = loan_outstanding(session, loan.group_id, loan_ids=[loan.id]).get(loan.id, 0)
    if principal > outstanding:
        raise LedgerError(
            _("The repayment of {amount} đồng is more than the {outstanding} đồng still owed.")
            .format(amount=format_amount(principal), outstanding=format_amount(outstanding))
        )
    group = session.get(Group, loan.group_id)
    assert group is not None
    cycle = group.current_cycle
    for kind, amount in ((EventKind.PRINCIPAL_REPAYMENT, principal),
                         (EventKind.INTEREST_PAYMENT, interest_paid)):
        if amount:
            post(session, EventSpec(
                group_id=loan.group_id, cycle_id=cycle.id, kind=kind, date=on, amount=amount,
                meeting_id=meeting_id, member_id=loan.member_id, loan_id=loan.id,
                user=actor.name,
                lines=lines_for(kind, amount, loan_id=loan.id, fund=loan.fund,
                                income_interest=cycle.income_fund_interest),
            ))


def write_off(session: Session, loan: Loan, on: dt.date, actor: Actor, reason: str) -> int:
    """Write off what is still owed (board only). Returns the amount written off."""
    require(actor, Action.WRITE_OFF)
    if not reason.strip():
        raise LedgerError(_("A write-off needs a reason."))
    outstanding = loan_outstanding(session, loan.group_id, loan_ids=[loan.id]).get(loan.id, 0)
    if outstanding <= 0:
        raise LedgerError(_("This loan has nothing left to write off."))
    group = session.get(Group, loan.group_id)
    assert group is not None
    post(session, EventSpec(
        group_id=loan.group_id, cycle_id=group.current_cycle.id, kind=EventKind.WRITE_OFF,
        date=on, amount=outstanding, member_id=loan.member_id, loan_id=loan.id,
        note=reason, user=actor.name,
        lines=lines_for(EventKind.WRITE_OFF, outstanding, loan_id=loan.id, fund=loan.fund),
    ))
    loan.written_off_on = on
    loan.written_off_by = actor.name
    audit.record(session, actor, "write_off", "loan", loan.id, amount=outstanding,
                 reason=reason)
    return outstanding
