"""Balances derived from the journal, read through the balance snapshots.

Every figure the clerk sees (cash in the box, a member's savings, a loan's outstanding
principal, the fund value at share-out) is a sum of journal lines. To give it without
re-summing years of history, a balance at a day is the snapshot of the month before
(``snapshot.py``, kept with every posting) plus that month's lines up to the day; a loan's
balance is the sum of its own few lines, read only for loans not yet settled at that day.
``commune-ledger check`` re-sums the whole journal and compares.

The functions taking ``groups`` work for any number of groups at once, in a handful of
statements: a scope is a list of group ids or a ``select`` of them (a commune's groups).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Date, Select, bindparam, func, or_, select
from sqlalchemy.orm import Session

from desktop.models.enums import Account, LoanFund
from desktop.models.group import Group
from desktop.models.journal import JournalLine
from desktop.models.loan import Loan
from desktop.models.member import Member
from desktop.models.months import month_end, month_of
from desktop.models.snapshots import ACCOUNTS, SAVINGS

# A set of groups: their ids, or a select of ids (``select(Group.id).where(…)``).
Scope = Sequence[int] | Select  # type: ignore[type-arg]


@dataclass(frozen=True)
class Cut:
    """Where a balance at ``on`` is read: the snapshot rows of months up to ``through``
    (``None``: every row), then the lines from ``lines_from`` to ``on`` (none to read when
    ``lines_from`` is ``None``)."""

    through: dt.date | None
    lines_from: dt.date | None
    on: dt.date | None

    @classmethod
    def at(cls, on: dt.date | None) -> Cut:
        if on is None:
            return cls(None, None, None)
        month = month_of(on)
        if on == month_end(month):
            return cls(month, None, on)
        previous = month_of(month - dt.timedelta(days=1))
        return cls(previous, month, on)


def _in(column: Any, scope: Scope) -> ColumnElement[bool]:
    return column.in_(scope if isinstance(scope, Select) else list(scope))  # type: ignore[no-any-return]


def _snapshot(table: Any, key: ColumnElement[bool], through: Any) -> Any:
    """The balance of the key's latest snapshot up to the month ``through`` (``None``: the
    latest of all): a correlated subquery, one index seek."""
    query = select(table.c.balance).where(key)
    if through is not None:
        query = query.where(table.c.month <= through)
    return query.order_by(table.c.month.desc()).limit(1).scalar_subquery()


def _snapshots_statement(accounts: tuple[Account, ...], bounded: bool,
                         scope: Select | None = None) -> Select:  # type: ignore[type-arg]
    """The groups' latest snapshot of each account (the month bound later, and the groups
    too when they are a list of ids)."""
    through = bindparam("through", type_=Date) if bounded else None
    columns = [_snapshot(ACCOUNTS, (ACCOUNTS.c.group_id == Group.id) &
                         (ACCOUNTS.c.account == account.value), through)
               for account in accounts]
    chosen: Any = scope if scope is not None else bindparam("groups", expanding=True)
    return select(Group.id, *columns).where(Group.id.in_(chosen))


def _month_lines_statement(accounts: tuple[Account, ...],
                           scope: Select | None = None) -> Select:  # type: ignore[type-arg]
    chosen: Any = scope if scope is not None else bindparam("groups", expanding=True)
    return (select(JournalLine.group_id, JournalLine.account, func.sum(JournalLine.amount))
            .where(JournalLine.group_id.in_(chosen),
                   JournalLine.account.in_([account.value for account in accounts]),
                   JournalLine.date >= bindparam("since", type_=Date),
                   JournalLine.date <= bindparam("until", type_=Date))
            .group_by(JournalLine.group_id, JournalLine.account))


# Statements for a list of groups, built once per shape: a dozen subqueries cost more to
# build than to run for one group.
_cached_snapshots = functools.cache(_snapshots_statement)
_cached_month_lines = functools.cache(_month_lines_statement)


def balances_of(session: Session, groups: Scope, on: dt.date | None = None,
                accounts: Iterable[Account] = tuple(Account)) -> dict[int, dict[Account, int]]:
    """Signed balance (debit positive) of each account of each group, at the end of ``on``
    (``None``: everything recorded)."""
    accounts = tuple(accounts)
    cut = Cut.at(on)
    # A select of groups is part of the statement; a list of ids is bound to it.
    bounded = cut.through is not None
    bound: dict[str, Any] = {"through": cut.through, "since": cut.lines_from,
                             "until": cut.on}
    if isinstance(groups, Select):
        snapshots = _snapshots_statement(accounts, bounded, groups)
        lines = _month_lines_statement(accounts, groups)
    else:
        snapshots, lines = _cached_snapshots(accounts, bounded), _cached_month_lines(accounts)
        bound["groups"] = list(groups)
    result: dict[int, dict[Account, int]] = {}
    for group_id, *values in session.execute(snapshots, bound):
        result[group_id] = {account: int(value or 0)
                            for account, value in zip(accounts, values, strict=True)}
    if cut.lines_from is not None:
        for group_id, account, total in session.execute(lines, bound):
            if group_id in result:
                result[group_id][Account(account)] += int(total or 0)
    return result


def account_balances(
    session: Session, group_id: int, on: dt.date | None = None
) -> dict[Account, int]:
    """Signed balance (debit positive) of each account of a group, at the end of ``on``."""
    return balances_of(session, [group_id], on).get(group_id, {account: 0 for account in Account})


def trial_balance(session: Session, group_id: int) -> int:
    """Sum of every line of the group, re-summed from the journal: zero when the books are
    sound."""
    total = session.scalar(
        select(func.sum(JournalLine.amount)).where(JournalLine.group_id == group_id)
    )
    return int(total or 0)


def member_savings(
    session: Session, group_id: int, on: dt.date | None = None
) -> dict[int, int]:
    """Each member's savings balance (positive đồng) in the group."""
    cut = Cut.at(on)
    found: dict[int, int] = defaultdict(int)
    for member_id, balance in session.execute(
        select(Member.id, _snapshot(SAVINGS, (SAVINGS.c.group_id == group_id) &
                                    (SAVINGS.c.member_id == Member.id), cut.through))
        .where(Member.group_id == group_id)
    ):
        found[member_id] += int(balance or 0)
    if cut.lines_from is not None:
        for member_id, total in session.execute(
            select(JournalLine.member_id, func.sum(JournalLine.amount))
            .where(JournalLine.group_id == group_id, JournalLine.account == Account.SAVINGS,
                   JournalLine.date >= cut.lines_from, JournalLine.date <= cut.on)
            .group_by(JournalLine.member_id)
        ):
            if member_id is not None:
                found[member_id] += int(total or 0)
    return {member_id: -total for member_id, total in found.items() if total}


def unsettled_loans(groups: Scope, on: dt.date | None) -> Select:  # type: ignore[type-arg]
    """The ids of the groups' loans that may still be owed at the end of ``on``: those not
    settled by then (a settled loan owes nothing from its settled day on)."""
    open_then = Loan.settled_on.is_(None) if on is None else or_(
        Loan.settled_on.is_(None), Loan.settled_on > on)
    return select(Loan.id).where(_in(Loan.group_id, groups), open_then)


def loan_balances(session: Session, groups: Scope, on: dt.date | None = None,
                  loan_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Principal still owed on each loan of the groups with a non-zero balance at the end
    of ``on``: the sum of its own lines, for the loans not settled by then."""
    candidates = unsettled_loans(groups, on)
    if loan_ids is not None:
        candidates = candidates.where(Loan.id.in_(list(loan_ids)))
    query = (
        select(JournalLine.loan_id, func.sum(JournalLine.amount))
        .where(JournalLine.loan_id.in_(candidates), JournalLine.account == Account.LOAN,
               _in(JournalLine.group_id, groups))
        .group_by(JournalLine.loan_id)
    )
    if on is not None:
        query = query.where(JournalLine.date <= on)
    return {loan_id: int(total) for loan_id, total in session.execute(query)
            if loan_id is not None and total}


def loan_outstanding(
    session: Session,
    group_id: int,
    on: dt.date | None = None,
    loan_ids: Iterable[int] | None = None,
) -> dict[int, int]:
    """Principal still owed on each loan with a non-zero balance."""
    return loan_balances(session, [group_id], on, loan_ids)


def outstanding_by_fund(
    session: Session, group_id: int, on: dt.date | None = None
) -> dict[LoanFund, int]:
    balances = loan_outstanding(session, group_id, on)
    result = {fund: 0 for fund in LoanFund}
    if balances:
        for loan_id, fund in session.execute(
                select(Loan.id, Loan.fund).where(Loan.id.in_(list(balances)))):
            result[LoanFund(fund)] += balances[loan_id]
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


def position_from(balances: dict[Account, int],
                  outstanding: dict[LoanFund, int]) -> FundPosition:
    """The position of signed account balances and loans outstanding by fund."""
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
        outstanding=outstanding,
    )


def fund_position(session: Session, group_id: int, on: dt.date | None = None) -> FundPosition:
    balances = account_balances(session, group_id, on)
    return position_from(balances, outstanding_by_fund(session, group_id, on))
