"""Balances derived from the journal with SQL aggregates.

Every figure the clerk sees (cash in the box, a member's savings, a loan's outstanding
principal, the fund value at share-out) is a sum of journal lines; nothing is stored twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from desktop.models.enums import Account, LoanFund
from desktop.models.journal import JournalLine
from desktop.models.loan import Loan


def _until(query: Select, on: dt.date | None) -> Select:  # type: ignore[type-arg]
    return query if on is None else query.where(JournalLine.date <= on)


def account_balances(
    session: Session, group_id: int, on: dt.date | None = None
) -> dict[Account, int]:
    """Signed balance (debit positive) of each account of a group, at the end of ``on``."""
    query = _until(
        select(JournalLine.account, func.sum(JournalLine.amount))
        .where(JournalLine.group_id == group_id)
        .group_by(JournalLine.account),
        on,
    )
    result = {account: 0 for account in Account}
    for account, total in session.execute(query):
        result[Account(account)] = int(total or 0)
    return result


def trial_balance(session: Session, group_id: int) -> int:
    """Sum of every line of the group: zero when the books are sound."""
    total = session.scalar(
        select(func.sum(JournalLine.amount)).where(JournalLine.group_id == group_id)
    )
    return int(total or 0)


def member_savings(
    session: Session, group_id: int, on: dt.date | None = None
) -> dict[int, int]:
    """Each member's savings balance (positive đồng) in the group."""
    query = _until(
        select(JournalLine.member_id, func.sum(JournalLine.amount))
        .where(JournalLine.group_id == group_id, JournalLine.account == Account.SAVINGS)
        .group_by(JournalLine.member_id),
        on,
    )
    return {member_id: -int(total) for member_id, total in session.execute(query) if total}


def loan_outstanding(
    session: Session,
    group_id: int,
    on: dt.date | None = None,
    loan_ids: Iterable[int] | None = None,
) -> dict[int, int]:
    """Principal still owed on each loan with a non-zero balance."""
    query = (
        select(JournalLine.loan_id, func.sum(JournalLine.amount))
        .where(JournalLine.group_id == group_id, JournalLine.account == Account.LOAN)
        .group_by(JournalLine.loan_id)
    )
    if loan_ids is not None:
        query = query.where(JournalLine.loan_id.in_(list(loan_ids)))
    return {loan_id: int(total) for loan_id, total in session.execute(_until(query, on)) if total}


def outstanding_by_fund(
    session: Session, group_id: int, on: dt.date | None = None
) -> dict[LoanFund, int]:
    query = _until(
        select(Loan.fund, func.sum(JournalLine.amount))
        .join(Loan, Loan.id == JournalLine.loan_id)
        .where(JournalLine.group_id == group_id, JournalLine.account == Account.LOAN)
        .group_by(Loan.fund),
        on,
    )
    result = {fund: 0 for fund in LoanFund}
    for fund, total in session.execute(query):
        result[LoanFund(fund)] = int(total or 0)
    return result


@dataclass(frozen=True)
class FundPosition:
    """Where a group's money is, at one moment. All amounts positive đồng."""

    cash_box: int
    bank: int
    savings: int
    social_fund: int
    income_fund: int
    operating_fund: int
    interest_income: int
    fine_income: int
    expenses: int
    write_offs: int
    retained: int
    outstanding: dict[LoanFund, int] = field(default_factory=dict)

    @property
    def cash(self) -> int:
        """Box plus bank, every fund together."""
        return self.cash_box + self.bank

    @property
    def loans_outstanding(self) -> int:
        return sum(self.outstanding.values())

    @property
    def social_fund_cash(self) -> int:
        return self.social_fund - self.outstanding.get(LoanFund.SOCIAL_FUND, 0)

    @property
    def income_fund_cash(self) -> int:
        return self.income_fund - self.outstanding.get(LoanFund.INCOME_FUND, 0)

    @property
    def loan_fund_cash(self) -> int:
        """Box and bank, less what belongs to the social, income and operating funds."""
        return self.cash - self.social_fund_cash - self.income_fund_cash - self.operating_fund

    def cash_of(self, fund: LoanFund) -> int:
        """The cash a fund holds and may lend (DESIGN §3.3): an income-generation or social
        fund its own cash, the loan fund the rest of box and bank."""
        if fund == LoanFund.SOCIAL_FUND:
            return self.social_fund_cash
        if fund == LoanFund.INCOME_FUND:
            return self.income_fund_cash
        return self.loan_fund_cash

    @property
    def fund_value(self) -> int:
        """``F`` of the share-out: loan-fund cash plus its principal still outstanding."""
        return self.loan_fund_cash + self.outstanding.get(LoanFund.LOAN_FUND, 0)

    @property
    def loan_fund_equity(self) -> int:
        """The same ``F`` seen from the other side of the books (a cross-check)."""
        return (
            self.savings + self.interest_income + self.fine_income + self.retained
            - self.expenses - self.write_offs
        )


def fund_position(session: Session, group_id: int, on: dt.date | None = None) -> FundPosition:
    balances = account_balances(session, group_id, on)
    return FundPosition(
        cash_box=balances[Account.CASH],
        bank=balances[Account.BANK],
        savings=-balances[Account.SAVINGS],
        social_fund=-balances[Account.SOCIAL_FUND],
        income_fund=-balances[Account.INCOME_FUND],
        operating_fund=-balances[Account.OPERATING_FUND],
        interest_income=-balances[Account.INTEREST_INCOME],
        fine_income=-balances[Account.FINE_INCOME],
        expenses=balances[Account.EXPENSES],
        write_offs=balances[Account.WRITE_OFF],
        retained=-balances[Account.RETAINED],
        outstanding=outstanding_by_fund(session, group_id, on),
    )
