"""The check of the figures kept for quick reading — the balance snapshots, the loans'
settled days, the meetings' attendance counts — against a full re-sum of the journal and the
attendance lists (part of ``commune-ledger check``): the figures the window shows come from
them, so one that disagrees is a problem named with its group, account or member, and month.

A snapshot is right when (1) every month with lines has its row, moving by the month's lines
and standing at their running total, (2) every row stands at the row before it plus its own
movement, and (3) each key's last row stands at the total of all its lines. Only the first
wrong month of each account or member is told: the months after it are wrong by the same
amount.

The database does the re-sum and the comparing for a whole batch of groups, and sends back
one row per account or saver (not per month): a key is suspect when (a) a month with lines
has no row though they moved it, or a row moving by another amount, (b) a row does not stand
at the row before it plus its movement, (c) its rows move by more in all than its lines (a row
moving in a month without lines), or (d) its rows and its lines do not move by the same in
all. Every key that (1)–(3) find wrong is suspect (given (a) and (c), the rows move exactly as
the lines, month by month; given (b), each stands at the running total); only the suspects'
months are then read and told as above. On a sound ledger nothing per month leaves the
database: a province's millions of months are compared where they are.

The same pass gives each group's trial balance and each saver's final balance; the cash at
the end of every day (for the meetings' cash check) and one pass over the loans' lines give
the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, and_, case, func, or_, select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import attendance_counts
from desktop.models.enums import Account
from desktop.models.formatting import format_amount, format_date
from desktop.models.journal import JournalLine
from desktop.models.loan import Loan
from desktop.models.meeting import Meeting
from desktop.models.months import month_start
from desktop.models.raw_values import as_date, plain
from desktop.models.snapshots import ACCOUNTS, SAVINGS

Finding = tuple[int, str]
Key = tuple[int, Any]  # (group id, account or member id)
# Months (as the driver gives them) of one key, in order → amount.
Months = dict[Any, int]
# A kept row: (balance, moved), by month in order.
Kept = dict[Any, tuple[int, int]]


@dataclass(frozen=True)
class LoanBalance:
    """One loan of the batch, its lines re-summed."""

    loan_id: int
    group_id: int
    member_id: int
    principal: int
    balance: int | None  # None: the loan has no lines on the loan account
    last_day: dt.date | None  # of its last line on the loan account
    settled_on: dt.date | None  # as kept


@dataclass
class Resummed:
    """What re-summing a batch of groups' lines gave, and what disagreed."""

    findings: list[Finding] = field(default_factory=list)
    totals: dict[int, int] = field(default_factory=dict)  # trial balance of each group
    savings: dict[Key, int] = field(default_factory=dict)  # each saver's final balance (signed)
    # Each group's cash account at the end of each day with cash lines: the days (as the
    # driver gives them, ascending) and the running balances.
    cash: dict[int, tuple[list[Any], list[int]]] = field(default_factory=dict)
    loans: list[LoanBalance] = field(default_factory=list)


def resum(session: Session, ids: list[int], codes: dict[int, str],
          members: dict[int | None, str]) -> Resummed:
    """Re-sum the lines of the groups ``ids`` and compare with what is kept."""
    result = Resummed()

    def account_problem(key: Key, month: dt.date, kept: int, summed: int) -> str:
        return _("Group {code}: the balance kept for the account '{account}' at the end of "
                 "{month} is {kept} đồng, but its entries add up to {summed} đồng.").format(
            code=codes.get(key[0], "?"), account=key[1], month=_month(month),
            kept=format_amount(kept), summed=format_amount(summed))

    def savings_problem(key: Key, month: dt.date, kept: int, summed: int) -> str:
        return _("Group {code}: the savings kept for {member} at the end of {month} are "
                 "{kept} đồng, but the entries add up to {summed} đồng.").format(
            code=codes.get(key[0], "?"), member=members.get(key[1], "?"), month=_month(month),
            kept=format_amount(-kept), summed=format_amount(-summed))

    finals = _verify(session, ACCOUNTS, JournalLine.account, [JournalLine.group_id.in_(ids)],
                     [JournalLine.group_id, JournalLine.account, JournalLine.date], ids,
                     account_problem, result.findings)
    for (group_id, _account), balance in finals.items():
        result.totals[group_id] = result.totals.get(group_id, 0) + balance
    result.savings = _verify(
        session, SAVINGS, JournalLine.member_id,
        [JournalLine.group_id.in_(ids), JournalLine.account == Account.SAVINGS,
         JournalLine.member_id.is_not(None)],
        [JournalLine.group_id, JournalLine.date, JournalLine.member_id], ids, savings_problem,
        result.findings)
    for group_id, day, total in session.execute(
        # In the covering index's order: no sorting, one row per day.
        select(JournalLine.group_id, plain(JournalLine.date), plain(func.sum(JournalLine.amount)))
        .where(JournalLine.group_id.in_(ids), JournalLine.account == Account.CASH)
        .group_by(JournalLine.group_id, JournalLine.date)
        .order_by(JournalLine.group_id, JournalLine.date)
    ):
        days, running = result.cash.setdefault(group_id, ([], []))
        days.append(day)
        running.append((running[-1] if running else 0) + int(total))
    result.loans = _loan_balances(session, ids)
    result.findings.extend(_settled_problems(codes, result.loans))
    result.findings.extend(_attendance_count_problems(session, ids, codes))
    return result


def _verify(session: Session, table: Table, column: Any, where: list[Any], by_day: list[Any],
            ids: list[int], problem: Callable[[Key, dt.date, int, int], str],
            findings: list[Finding]) -> dict[Key, int]:
    """Compare ``table``'s rows with the lines (keyed by group and ``column``, those
    ``where`` says, summed day by day grouped ``by_day``: the covering index's order);
    returns each key's total of all its lines."""
    kept = table.c[column.key]
    # Day by day first, without sorting (a sort of every line otherwise), then month by month.
    days = (select(JournalLine.group_id.label("group_id"), column.label("key"),
                   month_start(JournalLine.date).label("month"),
                   func.sum(JournalLine.amount).label("moved"))
            .where(*where).group_by(*by_day).subquery())
    months = (select(days.c.group_id, days.c.key, days.c.month,
                     func.sum(days.c.moved).label("moved"))
              .group_by(days.c.group_id, days.c.key, days.c.month).subquery())
    wrong_month = case((or_(and_(table.c.balance.is_(None), months.c.moved != 0),
                            table.c.moved != months.c.moved), 1), else_=0)
    lines = {(group_id, value): (int(moved), int(size), bool(wrong))
             for group_id, value, moved, size, wrong in session.execute(
                 select(months.c.group_id, months.c.key, plain(func.sum(months.c.moved)),
                        plain(func.sum(func.abs(months.c.moved))), func.max(wrong_month))
                 .outerjoin(table, and_(table.c.group_id == months.c.group_id,
                                        kept == months.c.key, table.c.month == months.c.month))
                 .group_by(months.c.group_id, months.c.key))}
    chain = (select(table.c.group_id, kept.label("key"), table.c.balance, table.c.moved,
                    func.lag(table.c.balance, 1, 0).over(
                        partition_by=(table.c.group_id, kept), order_by=table.c.month)
                    .label("before"))
             .where(table.c.group_id.in_(ids)).subquery())
    broken = case((chain.c.balance != chain.c.before + chain.c.moved, 1), else_=0)
    rows = {(group_id, value): (int(moved), int(size), bool(wrong))
            for group_id, value, moved, size, wrong in session.execute(
                select(chain.c.group_id, chain.c.key, plain(func.sum(chain.c.moved)),
                       plain(func.sum(func.abs(chain.c.moved))), func.max(broken))
                .group_by(chain.c.group_id, chain.c.key))}
    suspects = [key for key in sorted({*lines, *rows}, key=str)
                if _suspect(lines.get(key), rows.get(key))]
    if suspects:
        _compare(*_months_of(session, table, column, where, suspects), problem, findings)
    return {key: moved for key, (moved, _size, _wrong) in lines.items()}


def _suspect(lines: tuple[int, int, bool] | None, rows: tuple[int, int, bool] | None) -> bool:
    """Whether a key's months must be read: (a)–(d) of the module's description, from its
    lines' (movement, Σ|month's movement|, a month without its row) and its rows'
    (movement, Σ|movement|, a row off the chain)."""
    moved, size, wrong = lines if lines is not None else (0, 0, False)
    kept_moved, kept_size, broken = rows if rows is not None else (0, 0, False)
    return wrong or broken or size != kept_size or moved != kept_moved


def _months_of(session: Session, table: Table, column: Any, where: list[Any],
               keys: list[Key]) -> tuple[dict[Key, Months], dict[Key, Kept]]:
    """The lines' months and the kept rows of ``keys``, each key's months in order."""
    kept = table.c[column.key]
    month = month_start(JournalLine.date)
    lines: dict[Key, Months] = {}
    rows: dict[Key, Kept] = {}
    for group_id, value in keys:
        lines[(group_id, value)] = {
            when: int(moved) for when, moved in session.execute(
                select(plain(month), plain(func.sum(JournalLine.amount)))
                .where(*where, JournalLine.group_id == group_id, column == value)
                .group_by(month).order_by(month))}
        rows[(group_id, value)] = {
            when: (int(balance), int(moved)) for when, balance, moved in session.execute(
                select(plain(table.c.month), plain(table.c.balance), plain(table.c.moved))
                .where(table.c.group_id == group_id, kept == value).order_by(table.c.month))}
    return lines, rows


def _compare(lines: dict[Key, Months], kept: dict[Key, Kept],
             problem: Callable[[Key, dt.date, int, int], str],
             findings: list[Finding]) -> dict[Key, int]:
    """Compare the kept rows with the lines' months; returns each key's total of all its
    lines."""
    wrong: dict[Key, tuple[Any, int, int]] = {}
    summed: dict[Key, int] = {}
    for key, months in lines.items():
        rows = kept.get(key, {})
        running = 0
        for month, moved in months.items():
            running += moved
            row = rows.get(month)
            if row is None:
                if moved != 0:  # a month that moved the key has no row
                    _first(wrong, key, (month, running - moved, running))
            elif row[0] != running or row[1] != moved:
                _first(wrong, key, (month, row[0], running))
        summed[key] = running
    for key, rows in kept.items():
        before = 0
        month, balance = None, 0
        for month, (balance, moved) in rows.items():
            if balance != before + moved:
                _first(wrong, key, (month, balance, before + moved))
            before = balance
        if month is not None and balance != summed.get(key, 0):
            _first(wrong, key, (month, balance, summed.get(key, 0)))
    for key, (month, balance, should) in sorted(wrong.items(), key=lambda item: str(item[0])):
        findings.append((key[0], problem(key, as_date(month), balance, should)))
    return summed


def _first(wrong: dict[Key, tuple[Any, int, int]], key: Key,
           found: tuple[Any, int, int]) -> None:
    if key not in wrong or found[0] < wrong[key][0]:
        wrong[key] = found


def _loan_balances(session: Session, ids: list[int]) -> list[LoanBalance]:
    """Every loan of the groups ``ids`` with the sum and last day of its loan-account
    lines."""
    lines = (select(JournalLine.loan_id.label("loan_id"),
                    func.sum(JournalLine.amount).label("balance"),
                    func.max(JournalLine.date).label("last_day"))
             .join(Loan, Loan.id == JournalLine.loan_id)
             .where(Loan.group_id.in_(ids), JournalLine.account == Account.LOAN)
             .group_by(JournalLine.loan_id).subquery())
    return [LoanBalance(loan_id, group_id, member_id, int(principal),
                        None if balance is None else int(balance), last_day, settled_on)
            for loan_id, group_id, member_id, principal, balance, last_day, settled_on
            in session.execute(
                select(Loan.id, Loan.group_id, Loan.member_id, plain(Loan.principal),
                       plain(lines.c.balance), lines.c.last_day, Loan.settled_on)
                .outerjoin(lines, lines.c.loan_id == Loan.id)
                .where(Loan.group_id.in_(ids)))]


def _settled_problems(codes: dict[int, str], loans: Iterable[LoanBalance]) -> list[Finding]:
    """Loans whose settled day is not the day of their last line when they are repaid."""
    found: list[Finding] = []
    for loan in loans:
        should = loan.last_day if loan.balance == 0 else None
        if loan.settled_on != should:
            found.append((loan.group_id, _(
                "Group {code}: loan no. {loan} is marked as settled on {kept}, but its "
                "entries say {summed}.").format(
                code=codes.get(loan.group_id, "?"), loan=loan.loan_id,
                kept=_day(loan.settled_on), summed=_day(should))))
    return found


def _attendance_count_problems(session: Session, ids: list[int],
                               codes: dict[int, str]) -> list[Finding]:
    found: list[Finding] = []
    for group_id, day, listed, present, kept_listed, kept_present in session.execute(
        select(Meeting.group_id, Meeting.date, attendance_counts.listed(),
               attendance_counts.present(), Meeting.listed_count, Meeting.present_count)
        .where(Meeting.group_id.in_(ids))
    ):
        if (listed, present) != (kept_listed, kept_present):
            found.append((group_id, _(
                "Group {code}, meeting of {date}: the attendance counts kept ({present} of "
                "{listed} present) differ from its attendance list ({actual_present} of "
                "{actual_listed}).").format(
                code=codes.get(group_id, "?"), date=format_date(day), present=kept_present,
                listed=kept_listed, actual_present=present, actual_listed=listed)))
    return found


def _month(month: dt.date) -> str:
    return f"{month.month:02d}/{month.year}"


def _day(day: dt.date | None) -> str:
    return format_date(day) if day is not None else _("not settled")
