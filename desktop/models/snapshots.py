"""Keeping the balance snapshots (``snapshot.py``) and each loan's settled day in step with
the journal, in the same transaction as the lines.

``record`` is called with the lines just written: by ``posting.post`` (every service), and by
the bulk writers (the demo generator, the group workbook import) after their inserts. A line
dated in a month that already has later snapshots (a reversal of an old entry, a reopened
meeting, a back-dated line) adds its amount to every snapshot from its month on, so nothing
after it goes stale.

Changes are relative (``balance = balance + :delta``) so that two clerks posting to the same
group at once on a server never overwrite each other's figures.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, and_, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from desktop.models.enums import Account
from desktop.models.journal import JournalLine
from desktop.models.loan import Loan
from desktop.models.months import month_of
from desktop.models.snapshot import AccountSnapshot, SavingsSnapshot

ACCOUNTS: Table = AccountSnapshot.__table__  # type: ignore[assignment]
SAVINGS: Table = SavingsSnapshot.__table__  # type: ignore[assignment]
# The column that tells two keys of a group apart, per table.
_KEY = {ACCOUNTS.name: "account", SAVINGS.name: "member_id"}

Key = tuple[int, Any]  # (group id, account or member id)
Moves = dict[Key, dict[dt.date, int]]  # key → month → amount


@dataclass(frozen=True)
class Move:
    """One journal line, as the snapshots see it."""

    group_id: int
    date: dt.date
    account: str
    amount: int
    member_id: int | None = None
    loan_id: int | None = None


def record(session: Session, moves: Iterable[Move], *, exclusive: bool = False) -> None:
    """Bring the snapshots and the loans' settled days up to date with ``moves``, lines
    already written in this transaction.

    ``exclusive``: the groups were made in this very transaction (a bulk import), so no one
    else can be writing to them and new snapshot rows are written whole at once."""
    accounts: Moves = defaultdict(lambda: defaultdict(int))
    savings: Moves = defaultdict(lambda: defaultdict(int))
    loans: set[int] = set()
    for move in moves:
        month = month_of(move.date)
        accounts[(move.group_id, str(move.account))][month] += move.amount
        if move.account == Account.SAVINGS and move.member_id is not None:
            savings[(move.group_id, move.member_id)][month] += move.amount
        if move.account == Account.LOAN and move.loan_id is not None:
            loans.add(move.loan_id)
    _keep(session, ACCOUNTS, accounts, exclusive)
    _keep(session, SAVINGS, savings, exclusive)
    settle_loans(session, loans)


def moves_of_rows(rows: Iterable[dict[str, Any]]) -> list[Move]:
    """``Move``s of journal-line rows as given to a bulk insert."""
    return [Move(row["group_id"], row["date"], str(row["account"]), row["amount"],
                 row.get("member_id"), row.get("loan_id")) for row in rows]


def _keep(session: Session, table: Table, moves: Moves, exclusive: bool) -> None:
    moves = {key: {month: amount for month, amount in months.items() if amount}
             for key, months in moves.items()}
    moves = {key: months for key, months in moves.items() if months}
    if not moves:
        return
    column = table.c[_KEY[table.name]]
    first = {key: min(months) for key, months in moves.items()}
    lowest = min(first.values())
    groups = sorted({key[0] for key in moves})
    values = sorted({key[1] for key in moves})
    # Every row from the earliest month moved on (those after a key's first month change),
    # and each key's latest row before that month (the balance new rows start from).
    later: dict[Key, dict[dt.date, int]] = defaultdict(dict)
    for group_id, value, month, balance in session.execute(
        select(table.c.group_id, column, table.c.month, table.c.balance).where(
            table.c.group_id.in_(groups), column.in_(values), table.c.month >= lowest)
    ):
        later[(group_id, value)][month] = int(balance)
    latest = (select(table.c.group_id, column, func.max(table.c.month).label("month"))
              .where(table.c.group_id.in_(groups), column.in_(values), table.c.month < lowest)
              .group_by(table.c.group_id, column).subquery())
    earlier = {(group_id, value): int(balance) for group_id, value, balance in session.execute(
        select(table.c.group_id, column, table.c.balance).join(latest, and_(
            table.c.group_id == latest.c.group_id, column == latest.c[column.name],
            table.c.month == latest.c.month)))}
    new_rows: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for key, months in moves.items():
        rows = later.get(key, {})
        before_first = [month for month in rows if month < first[key]]
        before = rows[max(before_first)] if before_first else earlier.get(key, 0)
        have = {month: balance for month, balance in rows.items() if month >= first[key]}
        delta = 0
        for month in sorted(set(months) | set(have)):
            own = months.get(month, 0)
            delta += own
            if month in have:
                changes.append({"_g": key[0], "_k": key[1], "_m": month, "_d": delta,
                                "_o": own})
            elif exclusive:
                new_rows.append({"group_id": key[0], column.name: key[1], "month": month,
                                 "balance": before + delta, "moved": own})
            else:
                new_rows.append({"group_id": key[0], column.name: key[1], "month": month,
                                 "balance": before, "moved": 0})
                changes.append({"_g": key[0], "_k": key[1], "_m": month, "_d": delta,
                                "_o": own})
            if month in have:
                before = have[month]
    if new_rows:
        session.execute(_insert_missing(session, table), new_rows)
    if changes:
        session.execute(
            update(table).where(table.c.group_id == bindparam("_g"),
                                column == bindparam("_k"), table.c.month == bindparam("_m"))
            .values(balance=table.c.balance + bindparam("_d"),
                    moved=table.c.moved + bindparam("_o")),
            changes)


def _insert_missing(session: Session, table: Table) -> Any:
    """An insert that leaves alone a row another clerk's transaction has just made (its
    relative change then adds this one's amounts)."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing()
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table).on_conflict_do_nothing()
    return insert(table)


def settle_loans(session: Session, loan_ids: Iterable[int]) -> None:
    """Each loan's settled day: the day of its last line once nothing is owed, ``None``
    while principal is outstanding. A loan is open at a day before its settled day only."""
    ids = sorted(set(loan_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found = {loan_id: (int(total or 0), last) for loan_id, total, last in session.execute(
            select(JournalLine.loan_id, func.sum(JournalLine.amount), func.max(JournalLine.date))
            .where(JournalLine.loan_id.in_(chunk), JournalLine.account == Account.LOAN)
            .group_by(JournalLine.loan_id))}
        values = [{"_id": loan_id, "_on": last if total == 0 else None}
                  for loan_id, (total, last) in ((loan_id, found.get(loan_id, (0, None)))
                                                 for loan_id in chunk)]
        loans: Table = Loan.__table__  # type: ignore[assignment]
        session.execute(update(loans).where(loans.c.id == bindparam("_id"))
                        .values(settled_on=bindparam("_on")), values)


def expected_rows(lines: Iterable[tuple[Any, dt.date, int]]) -> dict[Any, dict[dt.date,
                                                                           tuple[int, int]]]:
    """From ``(key, day, amount)`` sums of the journal: each key's snapshots as they should
    be, month → (balance, moved), months whose lines cancel out left without a row."""
    monthly: dict[Any, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    for key, day, amount in lines:
        monthly[key][month_of(day)] += int(amount)
    result: dict[Any, dict[dt.date, tuple[int, int]]] = {}
    for key, months in monthly.items():
        running = 0
        rows: dict[dt.date, tuple[int, int]] = {}
        for month in sorted(months):
            running += months[month]
            if months[month]:
                rows[month] = (running, months[month])
        result[key] = rows
    return result


def rebuild(session: Session, group_ids: Sequence[int]) -> None:
    """Write the snapshots and settled days of ``group_ids`` afresh from their journal
    lines (after a bulk insert that did not keep them)."""
    ids = list(group_ids)
    session.execute(ACCOUNTS.delete().where(ACCOUNTS.c.group_id.in_(ids)))
    session.execute(SAVINGS.delete().where(SAVINGS.c.group_id.in_(ids)))
    accounts = expected_rows(
        ((group_id, account), day, total) for group_id, account, day, total in session.execute(
            select(JournalLine.group_id, JournalLine.account, JournalLine.date,
                   func.sum(JournalLine.amount))
            .where(JournalLine.group_id.in_(ids))
            .group_by(JournalLine.group_id, JournalLine.account, JournalLine.date)))
    savings = expected_rows(
        ((group_id, member_id), day, total) for group_id, member_id, day, total in
        session.execute(
            select(JournalLine.group_id, JournalLine.member_id, JournalLine.date,
                   func.sum(JournalLine.amount))
            .where(JournalLine.group_id.in_(ids), JournalLine.account == Account.SAVINGS,
                   JournalLine.member_id.is_not(None))
            .group_by(JournalLine.group_id, JournalLine.member_id, JournalLine.date)))
    for table, expected in ((ACCOUNTS, accounts), (SAVINGS, savings)):
        name = _KEY[table.name]
        rows = [{"group_id": key[0], name: key[1], "month": month, "balance": balance,
                 "moved": moved}
                for key, months in expected.items() for month, (balance, moved) in
                months.items()]
        if rows:
            session.execute(insert(table), rows)
    settle_loans(session, session.scalars(select(Loan.id).where(Loan.group_id.in_(ids))))
