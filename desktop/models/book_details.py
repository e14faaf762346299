"""What stands behind the lines of the cash book and fund books (``cashbook.py``): the
meeting a line comes from and each journal event in it — who recorded it and when, what it
moved in that book, and whether it is a correction — plus the small facts the book's page
shows around the lines (which books a group uses, the seed capital received).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from desktop.models.cashbook import BOOK_ACCOUNT, Book
from desktop.models.enums import Account, EventKind, MeetingStatus
from desktop.models.group import Cycle
from desktop.models.journal import Event, JournalLine
from desktop.models.meeting import Meeting
from desktop.models.member import Member

_ACCOUNT_BOOK = {account: book for book, account in BOOK_ACCOUNT.items()}
_DEBIT_NORMAL = frozenset({Book.CASH, Book.BANK})  # as in cashbook: cash grows with debits


@dataclass(frozen=True)
class MeetingTrace:
    id: int
    date: dt.date
    cycle_number: int
    closed: bool
    closed_by: str
    closed_at: dt.datetime | None
    counted_cash: int | None


@dataclass(frozen=True)
class TracedEvent:
    """One journal event behind a book line. ``in_book`` is what it moved in the book
    (+ in, − out); ``amount`` what the paper form shows for it."""

    id: int
    date: dt.date
    kind: EventKind
    member_code: str
    member_name: str
    amount: int
    quantity: int
    in_book: int
    note: str
    created_by: str
    created_at: dt.datetime
    reverses_id: int | None  # this event corrects (reverses) that one
    reversed_by_id: int | None  # a later event reversed this one


@dataclass(frozen=True)
class LineTrace:
    meeting: MeetingTrace | None
    events: list[TracedEvent]


def trace_line(session: Session, group_id: int, book: Book,
               event_ids: Iterable[int]) -> LineTrace:
    """The meeting and the events behind a book line (``BookLine.event_ids``)."""
    ids = list(event_ids)
    sign = 1 if book in _DEBIT_NORMAL else -1
    reversal = aliased(Event)
    rows = session.execute(
        select(Event, Member.code, Member.full_name, func.sum(JournalLine.amount),
               func.min(reversal.id))
        .join(JournalLine, (JournalLine.event_id == Event.id)
              & (JournalLine.account == BOOK_ACCOUNT[book]))
        .outerjoin(Member, Member.id == Event.member_id)
        .outerjoin(reversal, reversal.reverses_id == Event.id)
        .where(Event.id.in_(ids), Event.group_id == group_id)
        .group_by(Event.id, Member.code, Member.full_name)
        .order_by(Event.date, Event.id)).all()
    events = [TracedEvent(
        id=event.id, date=event.date, kind=EventKind(event.kind), member_code=code or "",
        member_name=name or "", amount=event.amount, quantity=event.quantity,
        in_book=sign * int(total or 0), note=event.note or "", created_by=event.created_by,
        created_at=event.created_at, reverses_id=event.reverses_id, reversed_by_id=reversed_by)
        for event, code, name, total, reversed_by in rows]
    meeting_ids = {event.meeting_id for event, *_rest in rows if event.meeting_id is not None}
    meeting = None
    if len(meeting_ids) == 1:
        found = session.execute(
            select(Meeting, Cycle.number).join(Cycle, Cycle.id == Meeting.cycle_id)
            .where(Meeting.id == next(iter(meeting_ids)))).first()
        if found is not None:
            record, number = found
            meeting = MeetingTrace(record.id, record.date, number,
                                   record.status == MeetingStatus.CLOSED, record.closed_by,
                                   record.closed_at, record.counted_cash)
    return LineTrace(meeting, events)


def books_in_use(session: Session, group_id: int) -> set[Book]:
    """The books with at least one line in the group's journal."""
    accounts = session.scalars(
        select(JournalLine.account).where(JournalLine.group_id == group_id,
                                          JournalLine.account.in_(list(_ACCOUNT_BOOK)))
        .distinct()).all()
    return {_ACCOUNT_BOOK[Account(account)] for account in accounts}


def seed_capital_received(session: Session, group_id: int, until: dt.date) -> int:
    """Seed capital (vốn hỗ trợ ban đầu) the club received up to ``until``, corrections
    included."""
    total = session.scalar(select(func.sum(Event.amount)).where(
        Event.group_id == group_id, Event.kind == EventKind.SEED_CAPITAL, Event.date <= until))
    return int(total or 0)
