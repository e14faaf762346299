"""The check of the figures kept for quick reading — the balance snapshots, the loans'
settled days, the meetings' attendance counts — against a full re-sum of the journal and the
attendance lists (part of ``commune-ledger check``): the figures the window shows come from
them, so one that disagrees is a problem named with its group, account or member, and month.

The re-sum is done by the database, month by month, and compared there: only the keys'
final balances and the rows that disagree come back. A snapshot is right when (1) every
month with lines has its row, moving by the month's lines and standing at their running
total, (2) every row stands at the row before it plus its own movement, and (3) each key's
last row stands at the total of all its lines. Only the first wrong month of each account or
member is told: the months after it are wrong by the same amount.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, and_, func, or_, select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import attendance_counts
from desktop.models.enums import Account
from desktop.models.formatting import format_amount, format_date
from desktop.models.journal import JournalLine
from desktop.models.loan import Loan
from desktop.models.meeting import Meeting
from desktop.models.months import month_start
from desktop.models.snapshots import ACCOUNTS, SAVINGS

Finding = tuple[int, str]
Key = tuple[int, Any]  # (group id, account or member id)


@dataclass
class Resummed:
    """What re-summing a batch of groups' lines gave, and what disagreed."""

    findings: list[Finding] = field(default_factory=list)
    totals: dict[int, int] = field(default_factory=dict)  # trial balance of each group
    savings: dict[Key, int] = field(default_factory=dict)  # each saver's final balance (signed)


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

    finals = _compare(session, ACCOUNTS, JournalLine.account, [JournalLine.group_id.in_(ids)],
                      ids, account_problem, result.findings)
    for (group_id, _account), balance in finals.items():
        result.totals[group_id] = result.totals.get(group_id, 0) + balance
    result.savings = _compare(
        session, SAVINGS, JournalLine.member_id,
        [JournalLine.group_id.in_(ids), JournalLine.account == Account.SAVINGS,
         JournalLine.member_id.is_not(None)], ids, savings_problem, result.findings)
    result.findings.extend(_settled_problems(session, ids, codes))
    result.findings.extend(_attendance_count_problems(session, ids, codes))
    return result


def _compare(session: Session, table: Table, column: Any, where: list[Any], ids: list[int],
             problem: Callable[[Key, dt.date, int, int], str],
             findings: list[Finding]) -> dict[Key, int]:
    """Compare ``table``'s rows with the lines (keyed by group and ``column``); returns each
    key's total of all its lines."""
    kept = table.c[column.key]
    # Day by day first (in the covering index's order, no sorting), then month by month.
    days = (select(JournalLine.group_id.label("group_id"), column.label("key"),
                   month_start(JournalLine.date).label("month"),
                   func.sum(JournalLine.amount).label("total"))
            .where(*where).group_by(JournalLine.group_id, column, JournalLine.date).subquery())
    keys = (days.c.group_id, days.c.key)
    lines = (
        select(days.c.group_id, days.c.key, days.c.month, func.sum(days.c.total).label("moved"),
               func.sum(func.sum(days.c.total)).over(
                   partition_by=keys, order_by=days.c.month).label("running"),
               func.row_number().over(partition_by=keys, order_by=days.c.month.desc())
               .label("last"))
        .group_by(days.c.group_id, days.c.key, days.c.month).subquery())
    wrong: dict[Key, tuple[dt.date, int, int]] = {}
    summed: dict[Key, int] = {}
    for group_id, value, day, moved, running, last, balance, kept_moved in session.execute(
        select(lines.c.group_id, lines.c.key, lines.c.month, lines.c.moved, lines.c.running,
               lines.c.last, table.c.balance, table.c.moved)
        .outerjoin(table, and_(table.c.group_id == lines.c.group_id, kept == lines.c.key,
                               table.c.month == lines.c.month))
        .where(or_(lines.c.last == 1,
                   and_(table.c.balance.is_(None), lines.c.moved != 0),
                   table.c.balance != lines.c.running, table.c.moved != lines.c.moved))
    ):
        key = (group_id, value)
        if last == 1:
            summed[key] = int(running)
        missing = balance is None and moved != 0
        if missing or (balance is not None and (balance != running or kept_moved != moved)):
            _first(wrong, key, (day, int(balance) if balance is not None else
                                int(running) - int(moved), int(running)))
    chain = (
        select(table.c.group_id, kept.label("key"), table.c.month, table.c.balance,
               table.c.moved,
               func.lag(table.c.balance, 1, 0).over(
                   partition_by=(table.c.group_id, kept), order_by=table.c.month)
               .label("before"),
               func.row_number().over(partition_by=(table.c.group_id, kept),
                                      order_by=table.c.month.desc()).label("last"))
        .where(table.c.group_id.in_(ids)).subquery())
    for group_id, value, day, balance, moved, before, last in session.execute(
        select(chain).where(or_(chain.c.last == 1,
                                chain.c.balance != chain.c.before + chain.c.moved))
    ):
        key = (group_id, value)
        if balance != before + moved:
            _first(wrong, key, (day, int(balance), int(before) + int(moved)))
        if last == 1 and int(balance) != summed.get(key, 0):
            _first(wrong, key, (day, int(balance), summed.get(key, 0)))
    for key, (day, balance, should) in sorted(wrong.items(), key=str):
        findings.append((key[0], problem(key, day, balance, should)))
    return summed


def _first(wrong: dict[Key, tuple[dt.date, int, int]], key: Key,
           found: tuple[dt.date, int, int]) -> None:
    if key not in wrong or found[0] < wrong[key][0]:
        wrong[key] = found


def _settled_problems(session: Session, ids: list[int], codes: dict[int, str]) -> list[Finding]:
    found: list[Finding] = []
    lines = {loan_id: (int(total or 0), last) for loan_id, total, last in session.execute(
        select(JournalLine.loan_id, func.sum(JournalLine.amount), func.max(JournalLine.date))
        .join(Loan, Loan.id == JournalLine.loan_id)
        .where(Loan.group_id.in_(ids), JournalLine.account == Account.LOAN)
        .group_by(JournalLine.loan_id))}
    for loan_id, group_id, settled in session.execute(
            select(Loan.id, Loan.group_id, Loan.settled_on).where(Loan.group_id.in_(ids))):
        total, last = lines.get(loan_id, (0, None))
        should = last if total == 0 else None
        if settled != should:
            found.append((group_id, _(
                "Group {code}: loan no. {loan} is marked as settled on {kept}, but its "
                "entries say {summed}.").format(
                code=codes.get(group_id, "?"), loan=loan_id, kept=_day(settled),
                summed=_day(should))))
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
