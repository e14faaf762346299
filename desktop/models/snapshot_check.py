"""The check of the balance snapshots and the loans' settled days against a full re-sum of
the journal (part of ``commune-ledger check``): the figures the window shows come from them,
so a snapshot that disagrees with the lines is a problem named with its group, account or
member, and month.

Only the first wrong month of each account or member is told: the months after it are
wrong by the same amount.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models.enums import Account
from desktop.models.formatting import format_amount, format_date
from desktop.models.journal import JournalLine
from desktop.models.loan import Loan
from desktop.models.snapshots import ACCOUNTS, SAVINGS, expected_rows

Finding = tuple[int, str]
Kept = dict[Any, dict[dt.date, tuple[int, int]]]


def snapshot_problems(session: Session, ids: list[int], codes: dict[int, str],
                      members: dict[int | None, str]) -> list[Finding]:
    """Snapshots and settled days of the groups ``ids`` that the journal does not give."""
    found: list[Finding] = []
    accounts = expected_rows(
        ((group_id, account), day, total) for group_id, account, day, total in session.execute(
            select(JournalLine.group_id, JournalLine.account, JournalLine.date,
                   func.sum(JournalLine.amount))
            .where(JournalLine.group_id.in_(ids))
            .group_by(JournalLine.group_id, JournalLine.account, JournalLine.date)))
    kept_accounts = _kept(session.execute(
        select(ACCOUNTS.c.group_id, ACCOUNTS.c.account, ACCOUNTS.c.month, ACCOUNTS.c.balance,
               ACCOUNTS.c.moved).where(ACCOUNTS.c.group_id.in_(ids))))
    for (group_id, account), month, kept, summed in _differences(accounts, kept_accounts):
        found.append((group_id, _(
            "Group {code}: the balance kept for the account '{account}' at the end of "
            "{month} is {kept} đồng, but its entries add up to {summed} đồng.").format(
            code=codes.get(group_id, "?"), account=account, month=_month(month),
            kept=format_amount(kept), summed=format_amount(summed))))
    savings = expected_rows(
        ((group_id, member_id), day, total) for group_id, member_id, day, total in
        session.execute(
            select(JournalLine.group_id, JournalLine.member_id, JournalLine.date,
                   func.sum(JournalLine.amount))
            .where(JournalLine.group_id.in_(ids), JournalLine.account == Account.SAVINGS,
                   JournalLine.member_id.is_not(None))
            .group_by(JournalLine.group_id, JournalLine.member_id, JournalLine.date)))
    kept_savings = _kept(session.execute(
        select(SAVINGS.c.group_id, SAVINGS.c.member_id, SAVINGS.c.month, SAVINGS.c.balance,
               SAVINGS.c.moved).where(SAVINGS.c.group_id.in_(ids))))
    for (group_id, member_id), month, kept, summed in _differences(savings, kept_savings):
        found.append((group_id, _(
            "Group {code}: the savings kept for {member} at the end of {month} are {kept} "
            "đồng, but the entries add up to {summed} đồng.").format(
            code=codes.get(group_id, "?"), member=members.get(member_id, "?"),
            month=_month(month), kept=format_amount(-kept), summed=format_amount(-summed))))
    found.extend(_settled_problems(session, ids, codes))
    return found


def _kept(rows: Iterable[Any]) -> Kept:
    kept: Kept = {}
    for group_id, value, month, balance, moved in rows:
        kept.setdefault((group_id, value), {})[month] = (int(balance), int(moved))
    return kept


def _differences(expected: Kept, kept: Kept) -> list[tuple[Any, dt.date, int, int]]:
    """(key, first wrong month, kept balance, summed balance) of each key that disagrees.

    A month without a row holds the balance of the row before it; a row may stand for a
    month whose lines cancel out, if it says so."""
    wrong = []
    for key in sorted(set(expected) | set(kept), key=str):
        should, have = expected.get(key, {}), kept.get(key, {})
        summed = kept_balance = 0
        for month in sorted(set(should) | set(have)):
            summed_then, moved = should.get(month, (summed, 0))
            kept_then, kept_moved = have.get(month, (kept_balance, 0))
            summed, kept_balance = summed_then, kept_then
            if kept_then != summed_then or kept_moved != moved:
                wrong.append((key, month, kept_then, summed_then))
                break
    return wrong


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


def _month(month: dt.date) -> str:
    return f"{month.month:02d}/{month.year}"


def _day(day: dt.date | None) -> str:
    return format_date(day) if day is not None else _("not settled")
