"""Bulk writing of demo rows: ids assigned in advance, journal lines from the posting rules,
and one ``INSERT … executemany`` per table when the buffer is flushed.

Ids are pre-assigned (one more than the largest in the table) so that a meeting's events,
loans and lines can point at each other before anything reaches the database. When an ORM
service writes in between (a share-out, a leaver's payout), ``flush`` first and ``resync``
after, so that the next ids start above what the service wrote.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from desktop.models import attendance_counts, audit, posting, sequences, snapshots
from desktop.models.activity import Activity
from desktop.models.audit import AuditChain, AuditEntry
from desktop.models.base import Base
from desktop.models.enums import EventKind, IncomeFundInterest, LoanFund
from desktop.models.group import Cycle, Group
from desktop.models.journal import Event, JournalLine
from desktop.models.loan import Loan
from desktop.models.meeting import Attendance, Meeting
from desktop.models.member import Member
from desktop.models.organisation import Commune, Village


def table_of(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


# Parents before children, so that SQLite's foreign keys hold row by row.
TABLES: tuple[Table, ...] = tuple(
    table_of(model)
    for model in (Commune, Village, Group, Cycle, Member, Meeting, Attendance, Loan, Event,
                  JournalLine, Activity, AuditEntry)
)
_WITH_ID = tuple(table for table in TABLES if "id" in table.c)


@functools.cache
def _defaults(table: Table) -> dict[str, Any]:
    """Every column of ``table`` with its default (``None`` where it has none)."""
    return {column.name: column.default.arg
            if isinstance(column.default, ScalarElementColumnDefault) else None
            for column in table.columns}


class BulkWriter:
    """Rows waiting to be inserted, table by table, with their ids already chosen."""

    def __init__(self, session: Session, user: str) -> None:
        self.session = session
        self.user = user
        self._rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._next_id: dict[str, int] = {}

    # -- ids and rows ---------------------------------------------------------------------
    def _allocate(self, table: Table) -> int:
        if table.name not in self._next_id:
            largest = self.session.scalar(select(func.max(table.c.id)))
            self._next_id[table.name] = int(largest or 0) + 1
        value = self._next_id[table.name]
        self._next_id[table.name] = value + 1
        return value

    def add(self, model: type[Base], row: dict[str, Any]) -> dict[str, Any]:
        """Queue a row of ``model``'s table (its ``id`` assigned when the table has one);
        returns the row, which may still be completed (a meeting's counted cash) until the
        next flush."""
        table = table_of(model)
        if "id" in table.c and "id" not in row:
            row = {"id": self._allocate(table), **row}
        # executemany wants every row of a table to carry the same keys: fill in defaults.
        row = {**_defaults(table), **row}
        self._rows[table.name].append(row)
        return row

    def event(
        self,
        *,
        group_id: int,
        cycle_id: int,
        kind: EventKind,
        date: dt.date,
        amount: int,
        meeting_id: int | None = None,
        member_id: int | None = None,
        loan_id: int | None = None,
        quantity: int = 0,
        note: str = "",
        reverses_id: int | None = None,
        fund: LoanFund = LoanFund.LOAN_FUND,
        income_interest: IncomeFundInterest = IncomeFundInterest.STAYS_IN_FUND,
        at: dt.datetime | None = None,
    ) -> tuple[int, list[posting.Line]]:
        """Queue one event with the lines its posting rule gives; returns its id and lines."""
        lines = posting.check_balanced(posting.lines_for(
            kind, amount, member_id=member_id, loan_id=loan_id, fund=fund,
            income_interest=income_interest))
        row = self.add(Event, {
            "group_id": group_id, "cycle_id": cycle_id, "meeting_id": meeting_id,
            "member_id": member_id, "loan_id": loan_id, "kind": str(kind), "date": date,
            "amount": amount, "quantity": quantity, "note": note, "reverses_id": reverses_id,
            "created_at": at or dt.datetime.combine(date, dt.time(15, 0)),
            "created_by": self.user,
        })
        for line in lines:
            self.add(JournalLine, {
                "event_id": row["id"], "group_id": group_id, "date": date,
                "account": str(line.account), "member_id": line.member_id,
                "loan_id": line.loan_id, "amount": line.amount,
            })
        return row["id"], lines

    def audit(self, at: dt.datetime, action: str, entity: str, entity_id: int | None,
              details: str = "{}") -> None:
        self.add(AuditEntry, {
            "at": at, "user": self.user, "action": action, "entity": entity,
            "entity_id": entity_id, "details": details,
        })

    # -- database -------------------------------------------------------------------------
    def chain(self) -> None:
        """Chain the audit entries inserted since the chain's head (``audit`` rows carry no
        hash when queued)."""
        self.session.flush()
        head = self.session.get(AuditChain, 1)
        audit.rechain_after(self.session, head.last_id if head is not None else 0)

    def flush(self) -> None:
        """Insert every queued row, parents first, one executemany per table."""
        written: dict[str, list[dict[str, Any]]] = {}
        for table in TABLES:
            rows = self._rows.pop(table.name, None)
            if rows:
                self.session.execute(insert(table), rows)
                written[table.name] = rows
        # The groups are this writer's own, made in this transaction: snapshots written whole.
        snapshots.record(self.session, snapshots.moves_of_rows(
            written.get(JournalLine.__tablename__, [])), exclusive=True)
        attendance_counts.recount(self.session, {
            row["meeting_id"] for row in written.get(Attendance.__tablename__, [])})
        # The ids were given: on a server, the next row added the ordinary way (a share-out
        # between two months of the story) must not take one of them.
        sequences.catch_up(self.session, [table for table in TABLES if table.name in written])
        # ORM objects loaded earlier (a group's cycles) must see the rows just inserted.
        self.session.expire_all()

    def mark(self) -> dict[str, int]:
        """Flush, then the largest id of each table: call before an ORM service writes.
        The audit entries written so far are chained first, so that the service's own
        entries follow them."""
        self.flush()
        self.chain()
        return {table.name: int(self.session.scalar(select(func.max(table.c.id))) or 0)
                for table in _WITH_ID}

    def settle(self, mark: dict[str, int], at: dt.datetime) -> None:
        """After an ORM service wrote rows: date its events and audit entries to ``at``, the
        moment in the story when it happened (services stamp the real clock), and start the
        next ids above what it wrote."""
        self.session.flush()
        events = table_of(Event)
        audits = table_of(AuditEntry)
        self.session.execute(update(events).where(events.c.id > mark[events.name])
                             .values(created_at=at, created_by=self.user))
        self.session.execute(update(audits).where(audits.c.id > mark[audits.name])
                             .values(at=at, user=self.user))
        self.session.expire_all()
        audit.rechain_after(self.session, mark[audits.name])
        self._next_id.clear()
        self.session.expire_all()
