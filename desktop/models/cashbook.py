"""The cash book (sổ thu chi quỹ / sổ quỹ tiền mặt) and the fund books of a group for a
period: an opening balance, one line per movement with a running balance, every line
traceable to its meeting and to the journal events behind it.

Two grains from one query: ``detail=True`` gives one line per event (a grid that drills
down); the default gives the paper book's line per meeting and kind of movement ("thu tiền
mua cổ phần, 12 thành viên"), where a corrected cell nets to what the form shows now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.enums import Account, EventKind
from desktop.models.journal import Event, JournalLine
from desktop.models.member import Member


class Book(StrEnum):
    """Which book: the cash box, the bank account, or one of the funds."""

    CASH = "cash"  # sổ quỹ tiền mặt (the cash box)
    BANK = "bank"  # sổ tiền gửi ngân hàng
    SOCIAL_FUND = "social_fund"  # sổ quỹ xã hội
    INCOME_FUND = "income_fund"  # sổ quỹ tăng thu nhập (ISHC)
    OPERATING_FUND = "operating_fund"  # sổ quỹ hoạt động (ISHC)


BOOK_ACCOUNT = {
    Book.CASH: Account.CASH,
    Book.BANK: Account.BANK,
    Book.SOCIAL_FUND: Account.SOCIAL_FUND,
    Book.INCOME_FUND: Account.INCOME_FUND,
    Book.OPERATING_FUND: Account.OPERATING_FUND,
}
# Cash and bank grow with debits; the funds are credit balances that grow with credits.
_DEBIT_NORMAL = frozenset({Book.CASH, Book.BANK})
_KIND_ORDER = {kind: index for index, kind in enumerate(EventKind)}


@dataclass(frozen=True)
class BookLine:
    """One line of a book. ``money_in``/``money_out`` are positive đồng (one is zero);
    ``balance`` is the book's balance after the line."""

    date: dt.date
    meeting_id: int | None
    kind: EventKind
    event_ids: tuple[int, ...]
    members: int  # how many members the line gathers (0: none, e.g. a bank deposit)
    member_id: int | None  # when the line is one member's
    member_code: str
    member_name: str
    note: str
    money_in: int
    money_out: int
    balance: int


@dataclass(frozen=True)
class CashBook:
    book: Book
    group_id: int
    start: dt.date
    end: dt.date
    opening: int
    lines: list[BookLine]

    @property
    def total_in(self) -> int:
        return sum(line.money_in for line in self.lines)

    @property
    def total_out(self) -> int:
        return sum(line.money_out for line in self.lines)

    @property
    def closing(self) -> int:
        return self.opening + self.total_in - self.total_out


@dataclass
class _Movement:
    date: dt.date
    meeting_id: int | None
    kind: EventKind
    event_ids: list[int]
    member_ids: set[int]
    member_code: str
    member_name: str
    note: str
    amount: int  # in the book's direction: + in, − out


def book_balance(session: Session, group_id: int, book: Book, before: dt.date) -> int:
    """The book's balance at the start of ``before`` (everything dated earlier)."""
    total = session.scalar(select(func.sum(JournalLine.amount)).where(
        JournalLine.group_id == group_id, JournalLine.account == BOOK_ACCOUNT[book],
        JournalLine.date < before))
    total = int(total or 0)
    return total if book in _DEBIT_NORMAL else -total


def cash_book(session: Session, group_id: int, start: dt.date, end: dt.date,
              book: Book = Book.CASH, *, detail: bool = False) -> CashBook:
    """The book from ``start`` to ``end`` inclusive. On one day, movements outside a meeting
    come first (as the meeting's cash panel counts them in its opening cash)."""
    sign = 1 if book in _DEBIT_NORMAL else -1
    rows = session.execute(
        select(Event.id, Event.date, Event.meeting_id, Event.kind, Event.member_id, Event.note,
               Member.code, Member.full_name, func.sum(JournalLine.amount))
        .join(Event, Event.id == JournalLine.event_id)
        .outerjoin(Member, Member.id == Event.member_id)
        .where(JournalLine.group_id == group_id, JournalLine.account == BOOK_ACCOUNT[book],
               JournalLine.date >= start, JournalLine.date <= end)
        .group_by(Event.id, Event.date, Event.meeting_id, Event.kind, Event.member_id,
                  Event.note, Member.code, Member.full_name)
    ).all()
    movements: dict[tuple[object, ...], _Movement] = {}
    for event_id, day, meeting_id, kind, member_id, note, code, name, total in rows:
        kind = EventKind(kind)
        # A meeting's movements of one kind make one line of the paper book.
        key: tuple[object, ...] = (
            (day, meeting_id, kind) if meeting_id is not None and not detail else (event_id,))
        movement = movements.get(key)
        if movement is None:
            movement = _Movement(day, meeting_id, kind, [], set(), code or "", name or "",
                                 note or "", 0)
            movements[key] = movement
        elif movement.member_code != (code or ""):
            movement.member_code = movement.member_name = ""
        movement.event_ids.append(event_id)
        if member_id is not None:
            movement.member_ids.add(member_id)
        movement.amount += sign * int(total or 0)
    ordered = sorted(
        (m for m in movements.values() if m.amount != 0),
        key=lambda m: (m.date, m.meeting_id is not None, m.meeting_id or 0,
                       _KIND_ORDER[m.kind], min(m.event_ids)))
    balance = opening = book_balance(session, group_id, book, start)
    lines = []
    for m in ordered:
        balance += m.amount
        single = len(m.member_ids) == 1
        lines.append(BookLine(
            date=m.date, meeting_id=m.meeting_id, kind=m.kind,
            event_ids=tuple(sorted(m.event_ids)), members=len(m.member_ids),
            member_id=next(iter(m.member_ids)) if single else None,
            member_code=m.member_code if single else "",
            member_name=m.member_name if single else "",
            note=m.note if len(m.event_ids) == 1 else "",
            money_in=max(m.amount, 0), money_out=max(-m.amount, 0), balance=balance))
    return CashBook(book, group_id, start, end, opening, lines)
