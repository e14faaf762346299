"""Member passbooks (sổ thành viên): one line per meeting at which the member's money moved,
and what has already been printed in each member's physical booklet (continuation printing).

Lines come from the journal in three aggregate queries for a whole group, so a batch of
seventy booklets costs no more than one. New meetings append lines, which is what lets the
same booklet go back into the printer. Only closed meetings are printed: an open meeting's
line can still change. A closed meeting can be reopened and corrected, though, so what was
printed is remembered (a digest per line, ``passbook_state``): a booklet one of whose printed
lines no longer matches the books is refused until it is reprinted from that line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from base64 import b32encode
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import audit
from desktop.models.clock import now
from desktop.models.enums import Account, EventKind, GroupKind, MeetingStatus
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_date
from desktop.models.group import Cycle, Group
from desktop.models.journal import Event, JournalLine
from desktop.models.loan import Loan
from desktop.models.meeting import Meeting
from desktop.models.member import Member
from desktop.models.passbook_state import PassbookState, printed_digests, store_printed_digests
from desktop.models.permissions import Actor
from desktop.models.shareout_record import ShareOutPayout, ShareOutResult

# Member events whose amounts the passbook shows in their own columns.
_COLUMN_OF_KIND = {
    EventKind.SOCIAL_FUND_CONTRIBUTION: "social_fund",
    EventKind.MEMBER_FEE: "fee",
    EventKind.FINE: "fine",
    EventKind.INTEREST_PAYMENT: "interest",
    EventKind.SOCIAL_FUND_GRANT: "grant",
    EventKind.LEAVER_PAYOUT: "payout",
}
# How a movement on a loan account is shown: a new loan, or money that paid it down.
_LOAN_TAKEN_KINDS = frozenset({EventKind.LOAN_DISBURSEMENT})
_WRITE_OFF_KINDS = frozenset({EventKind.WRITE_OFF})

# Lines a booklet page holds, by booklet format (the printed layout follows these).
LINES_PER_PAGE = {"A6": 12, "A5": 18}


class LineKind(StrEnum):
    """What a line records: a meeting, or something done outside one that the booklet must
    name rather than show as bare numbers."""

    MEETING = "meeting"
    SHARE_OUT = "share_out"  # the cycle's share-out: savings out, payout in hand
    LEAVER = "leaver"  # the member left and was paid out
    WRITE_OFF = "write_off"  # a loan written off
    OTHER = "other"


@dataclass(frozen=True)
class PassbookLine:
    """One line of the booklet. Amounts in đồng; ``savings`` is signed (a share-out or a
    leaver's payout takes the savings back out)."""

    date: dt.date
    meeting_id: int | None
    shares: int = 0  # VSLA shares bought
    savings: int = 0  # saved (+) or paid back out (−) at this line
    savings_balance: int = 0  # cumulative savings after this line
    loan_taken: int = 0
    repaid: int = 0  # principal repaid (including debts netted at share-out)
    written_off: int = 0
    interest: int = 0
    loan_balance: int = 0  # principal still owed on all the member's loans after this line
    social_fund: int = 0
    fee: int = 0
    fine: int = 0
    grant: int = 0  # received from the social fund
    recorded_at: dt.datetime | None = None  # when the latest entry behind the line was made
    kind: LineKind = LineKind.MEETING
    payout: int = 0  # cash handed to the member at a share-out or on leaving


def line_digest(line: PassbookLine) -> str:
    """A short fingerprint of what the booklet shows on ``line``: two lines print the same
    exactly when their digests are equal. (Changing what goes in flags every booklet.)

    The text hashed is the JSON list [date, kind, amounts…], written out directly (a
    thousand-page print digests every line twice): the same characters ``json.dumps`` gives
    for ISO dates, the kinds' plain words and whole numbers."""
    amounts = (line.shares, line.savings, line.savings_balance, line.loan_taken, line.repaid,
               line.written_off, line.interest, line.loan_balance, line.social_fund, line.fee,
               line.fine, line.grant, line.payout)
    shown = (f'["{line.date.isoformat()}", "{line.kind.value}", '
             f'{", ".join(str(int(amount)) for amount in amounts)}]')
    return hashlib.sha256(shown.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Passbook:
    """A member's booklet: every line, how many are already in the physical booklet (where
    this print starts), how many may be printed, and the first printed line that no longer
    matches the books."""

    member_id: int
    code: str
    name: str
    group_code: str
    group_name: str
    group_kind: GroupKind
    lines: list[PassbookLine] = field(default_factory=list)
    lines_printed: int = 0  # lines kept in the booklet: this print starts after them
    page_format: str = "A6"
    # Lines that may be printed: those before the first line of a meeting still open (None:
    # every line). An open meeting's line can change, and so can every balance after it.
    printable: int | None = None
    # Index of the first line already in the booklet that the books now show differently (a
    # reopened meeting corrected), or None. The booklet must be reprinted from there.
    changed_line: int | None = None

    @property
    def printable_count(self) -> int:
        return len(self.lines) if self.printable is None else min(self.printable, len(self.lines))

    @property
    def changed_since_print(self) -> bool:
        return self.changed_line is not None

    @property
    def blocked(self) -> bool:
        """True when this print would continue a booklet holding a wrong line."""
        return self.changed_line is not None and self.changed_line < self.lines_printed

    @property
    def new_lines(self) -> list[PassbookLine]:
        return self.lines[self.lines_printed:self.printable_count]

    @property
    def has_new_lines(self) -> bool:
        return self.printable_count > self.lines_printed

    @property
    def lines_per_page(self) -> int:
        return LINES_PER_PAGE.get(self.page_format, LINES_PER_PAGE["A6"])

    def page_of(self, index: int) -> int:
        """The booklet page (from 1) that line ``index`` (from 0) is printed on."""
        return index // self.lines_per_page + 1


_Key = tuple[int, dt.date, int | None]  # member, date, meeting (None: outside a meeting)


@dataclass
class _Cell:
    """Running totals of one (member, date, meeting) while the queries are read."""

    shares: int = 0
    savings: int = 0
    loan_taken: int = 0
    repaid: int = 0
    written_off: int = 0
    interest: int = 0
    social_fund: int = 0
    fee: int = 0
    fine: int = 0
    grant: int = 0
    payout: int = 0
    loan_change: int = 0
    recorded_at: dt.datetime | None = None
    kinds: set[EventKind] = field(default_factory=set)

    def add(self, name: str, amount: int, recorded: dt.datetime | None,
            kind: EventKind | None = None) -> None:
        setattr(self, name, getattr(self, name) + amount)
        if kind is not None:
            self.kinds.add(kind)
        if recorded is not None and (self.recorded_at is None or recorded > self.recorded_at):
            self.recorded_at = recorded

    def is_empty(self) -> bool:
        return not (self.shares or self.savings or self.loan_taken or self.repaid
                    or self.written_off or self.interest or self.social_fund or self.fee
                    or self.fine or self.grant or self.payout or self.loan_change)

    def kind(self, meeting_id: int | None) -> LineKind:
        if meeting_id is not None:
            return _MEETING
        if EventKind.SHARE_OUT in self.kinds:
            return LineKind.SHARE_OUT
        if EventKind.LEAVER_PAYOUT in self.kinds:
            return LineKind.LEAVER
        if self.kinds and self.kinds <= _WRITE_OFF_KINDS:
            return LineKind.WRITE_OFF
        return LineKind.OTHER


_MEETING = LineKind.MEETING


def _restrict(query: Select, member_ids: list[int] | None, column: Any) -> Select:  # type: ignore[type-arg]
    return query if member_ids is None else query.where(column.in_(member_ids))


def _collect(session: Session, group_id: int, member_ids: list[int] | None) -> dict[_Key, _Cell]:
    cells: dict[_Key, _Cell] = defaultdict(_Cell)
    # Rows, not objects: a thousand-page batch reads tens of thousands of them, and the
    # session's object loading would cost more than the queries.
    run = session.connection().execute

    savings = select(JournalLine.member_id, JournalLine.date, Event.meeting_id, Event.kind,
                     func.sum(JournalLine.amount), func.max(Event.created_at)) \
        .join(Event, Event.id == JournalLine.event_id) \
        .where(JournalLine.group_id == group_id, JournalLine.account == Account.SAVINGS) \
        .group_by(JournalLine.member_id, JournalLine.date, Event.meeting_id, Event.kind)
    for member_id, day, meeting_id, kind, total, recorded in run(
            _restrict(savings, member_ids, JournalLine.member_id)):
        # Savings is credit-normal: a deposit is a negative line.
        cells[(member_id, day, meeting_id)].add("savings", -int(total or 0), recorded,
                                                EventKind(kind))

    loans = select(Loan.member_id, JournalLine.date, Event.meeting_id, Event.kind,
                   func.sum(JournalLine.amount), func.max(Event.created_at)) \
        .join(Loan, Loan.id == JournalLine.loan_id) \
        .join(Event, Event.id == JournalLine.event_id) \
        .where(JournalLine.group_id == group_id, JournalLine.account == Account.LOAN) \
        .group_by(Loan.member_id, JournalLine.date, Event.meeting_id, Event.kind)
    for member_id, day, meeting_id, kind, total, recorded in run(
            _restrict(loans, member_ids, Loan.member_id)):
        cell = cells[(member_id, day, meeting_id)]
        kind, total = EventKind(kind), int(total or 0)
        # Disbursements debit the loan (+); repayments, netting and write-offs credit it (−).
        if kind in _LOAN_TAKEN_KINDS:
            cell.add("loan_taken", total, recorded, kind)
        elif kind in _WRITE_OFF_KINDS:
            cell.add("written_off", -total, recorded, kind)
        else:
            cell.add("repaid", -total, recorded, kind)
        cell.add("loan_change", total, None)

    kinds = [*_COLUMN_OF_KIND, EventKind.SHARE_PURCHASE]
    events = select(Event.member_id, Event.date, Event.meeting_id, Event.kind,
                    func.sum(Event.amount), func.sum(Event.quantity), func.max(Event.created_at)) \
        .where(Event.group_id == group_id, Event.member_id.is_not(None), Event.kind.in_(kinds)) \
        .group_by(Event.member_id, Event.date, Event.meeting_id, Event.kind)
    for member_id, day, meeting_id, kind, total, quantity, recorded in run(
            _restrict(events, member_ids, Event.member_id)):
        cell = cells[(member_id, day, meeting_id)]
        kind = EventKind(kind)
        if kind == EventKind.SHARE_PURCHASE:
            cell.add("shares", int(quantity or 0), recorded, kind)
        else:
            cell.add(_COLUMN_OF_KIND[kind], int(total or 0), recorded, kind)

    # A share-out's payout per member is not a journal line of its own (the cash leaves in
    # one line for the group); the final sheet kept at closing has it.
    paid = select(ShareOutPayout.member_id, ShareOutResult.date,
                  ShareOutPayout.gross - ShareOutPayout.netted) \
        .join(ShareOutResult, ShareOutResult.id == ShareOutPayout.result_id) \
        .join(Cycle, Cycle.id == ShareOutResult.cycle_id) \
        .where(Cycle.group_id == group_id)
    for member_id, day, amount in run(
            _restrict(paid, member_ids, ShareOutPayout.member_id)):
        key = (member_id, day, None)
        if key in cells:
            cells[key].payout += int(amount or 0)
    return cells


def passbook_lines(session: Session, group_id: int,
                   member_ids: Iterable[int] | None = None) -> dict[int, list[PassbookLine]]:
    """Each member's passbook lines, oldest first, with running savings and loan balances.

    A line is a meeting (or a date outside meetings: a share-out, a leaver's payout, a
    write-off) at which something of the member's moved; meetings missed leave no line."""
    wanted = None if member_ids is None else list(member_ids)
    by_member: dict[int, list[tuple[_Key, _Cell]]] = defaultdict(list)
    for key, cell in _collect(session, group_id, wanted).items():
        if not cell.is_empty():
            by_member[key[0]].append((key, cell))
    result: dict[int, list[PassbookLine]] = {}
    for member_id, items in by_member.items():
        # Meetings before anything dated the same day outside a meeting (a share-out).
        items.sort(key=lambda item: (item[0][1], item[0][2] is None, item[0][2] or 0))
        savings_balance = loan_balance = 0
        lines = []
        for (_member, day, meeting_id), cell in items:
            savings_balance += cell.savings
            loan_balance += cell.loan_change
            lines.append(PassbookLine(
                date=day, meeting_id=meeting_id, shares=cell.shares, savings=cell.savings,
                savings_balance=savings_balance, loan_taken=cell.loan_taken,
                repaid=cell.repaid, written_off=cell.written_off, interest=cell.interest,
                loan_balance=loan_balance, social_fund=cell.social_fund, fee=cell.fee,
                fine=cell.fine, grant=cell.grant, recorded_at=cell.recorded_at,
                kind=cell.kind(meeting_id), payout=cell.payout))
        result[member_id] = lines
    return result


def _printable(lines: list[PassbookLine], open_meetings: set[int]) -> int:
    for index, line in enumerate(lines):
        if line.meeting_id is not None and line.meeting_id in open_meetings:
            return index
    return len(lines)


def _first_changed(lines: list[PassbookLine], state: PassbookState,
                   digests: list[str]) -> int | None:
    """The first line in the booklet that the books now show differently, or None."""
    for index in range(state.lines_printed):
        if index >= len(lines):
            return index  # a printed line is gone (its only entry corrected away)
        line = lines[index]
        if index < len(digests):
            if digests[index] != line_digest(line):
                return index
        elif (line.recorded_at is not None and state.updated_at is not None
              and line.recorded_at > state.updated_at):
            # Printed before digests were kept: a line recorded after the print changed.
            return index
    return None


def group_passbooks(session: Session, group: Group, member_ids: Iterable[int] | None = None,
                    *, default_format: str = "A6", reprint: bool = False,
                    from_page: int | None = None) -> list[Passbook]:
    """The passbooks of ``group`` (or of the members named), in name order.

    A booklet keeps the format it was first printed in and continues after its last printed
    line; ``from_page`` reprints it from that booklet page (or continues, if it has not
    reached that page yet). A booklet never printed, or one reprinted whole (``reprint``:
    a new booklet), takes ``default_format`` and starts at line 1."""
    if from_page is not None and from_page < 1:
        raise LedgerError(_("A booklet's pages are numbered from 1."))
    query = select(Member).where(Member.group_id == group.id).order_by(Member.sort_key)
    if member_ids is not None:
        query = query.where(Member.id.in_(list(member_ids)))
    members = session.scalars(query).all()
    ids = [member.id for member in members]
    lines = passbook_lines(session, group.id, ids)
    states = {state.member_id: state for state in session.scalars(
        select(PassbookState).where(PassbookState.member_id.in_(ids)))} if ids else {}
    digests = printed_digests(session, ids)
    open_meetings = set(session.scalars(select(Meeting.id).where(
        Meeting.group_id == group.id, Meeting.status != MeetingStatus.CLOSED)))
    books = []
    for member in members:
        member_lines = lines.get(member.id, [])
        state = states.get(member.id)
        start, page_format, changed = 0, default_format, None
        if state is not None and state.lines_printed > 0:
            changed = _first_changed(member_lines, state, digests.get(member.id, []))
            if not reprint:
                page_format = state.page_format
                start = state.lines_printed
                if from_page is not None:
                    per_page = LINES_PER_PAGE.get(page_format, LINES_PER_PAGE["A6"])
                    start = min(start, (from_page - 1) * per_page)
        books.append(Passbook(
            member_id=member.id, code=member.code, name=member.full_name,
            group_code=group.code, group_name=group.name, group_kind=GroupKind(group.kind),
            lines=member_lines, lines_printed=start, page_format=page_format,
            printable=_printable(member_lines, open_meetings), changed_line=changed))
    return books


def member_passbook(session: Session, group: Group, member_id: int, *,
                    default_format: str = "A6", reprint: bool = False,
                    from_page: int | None = None) -> Passbook:
    """One member's passbook (see ``group_passbooks``)."""
    books = group_passbooks(session, group, [member_id], default_format=default_format,
                            reprint=reprint, from_page=from_page)
    if not books:
        raise KeyError(member_id)
    return books[0]


def changed_message(book: Passbook) -> str:
    """The clerk's sentence for a booklet refused because a printed line has changed."""
    assert book.changed_line is not None
    index = book.changed_line
    if index >= len(book.lines):
        return _("The passbook of {name} ({code}) was not printed: line {line} on booklet "
                 "page {page} was printed before and is no longer in the books. Reprint this "
                 "booklet from page {page}.").format(
            name=book.name, code=book.code, line=index + 1, page=book.page_of(index))
    return _("The passbook of {name} ({code}) was not printed: line {line} on booklet page "
             "{page}, dated {date}, was printed before and has changed since. Reprint this "
             "booklet from page {page}.").format(
        name=book.name, code=book.code, line=index + 1, page=book.page_of(index),
        date=format_date(book.lines[index].date))


def print_code(books: Iterable[Passbook]) -> str:
    """A short code naming exactly what a print put in which booklets: the command line
    records a print as done only when given back this code and the books still match it."""
    payload = [[book.member_id, book.lines_printed, book.page_format,
                [line_digest(line) for line in book.lines[:book.printable_count]]]
               for book in books if book.has_new_lines and not book.blocked]
    text = b32encode(hashlib.sha256(json.dumps(payload).encode()).digest()).decode()[:8]
    return f"{text[:4]}-{text[4:]}"


def mark_printed(session: Session, books: Iterable[Passbook], actor: Actor) -> None:
    """Record that the lines of ``books`` are now in the physical booklets, as they were
    printed (call it only once the clerk confirms the print). The caller commits."""
    for book in books:
        if not book.has_new_lines:
            continue
        if book.blocked:
            raise LedgerError(changed_message(book))
        count = book.printable_count
        state = session.get(PassbookState, book.member_id)
        if state is None:
            state = PassbookState(member_id=book.member_id)
            session.add(state)
        state.lines_printed = count
        state.page_format = book.page_format
        state.updated_at = now()
        # Lines before this print's start were checked unchanged when it was made.
        store_printed_digests(session, book.member_id,
                              [line_digest(line) for line in book.lines[:count]])
        audit.record(session, actor, "print_passbook", "member", book.member_id,
                     lines=count, from_line=book.lines_printed + 1,
                     page_format=book.page_format)
    session.flush()


def reset_printed(session: Session, member_id: int, actor: Actor) -> None:
    """Forget what was printed for a member (a new, empty booklet). The caller commits."""
    state = session.get(PassbookState, member_id)
    if state is not None:
        state.lines_printed = 0
        state.updated_at = now()
        store_printed_digests(session, member_id, [])
        audit.record(session, actor, "reset_passbook", "member", member_id)
    session.flush()
