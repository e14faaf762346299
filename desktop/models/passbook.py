"""Member passbooks (sổ thành viên): one line per meeting at which the member's money moved,
and what has already been printed in each member's physical booklet (continuation printing).

Lines come from the journal in three aggregate queries for a whole group, so a batch of
seventy booklets costs no more than one. A line never changes once its meeting is closed;
new meetings append lines, which is what lets the same booklet go back into the printer.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from desktop.models import audit
from desktop.models.clock import now
from desktop.models.enums import Account, EventKind, GroupKind
from desktop.models.group import Group
from desktop.models.journal import Event, JournalLine
from desktop.models.loan import Loan
from desktop.models.member import Member
from desktop.models.passbook_state import PassbookState
from desktop.models.permissions import Actor

# Member events whose amounts the passbook shows in their own columns.
_COLUMN_OF_KIND = {
    EventKind.SOCIAL_FUND_CONTRIBUTION: "social_fund",
    EventKind.MEMBER_FEE: "fee",
    EventKind.FINE: "fine",
    EventKind.INTEREST_PAYMENT: "interest",
    EventKind.SOCIAL_FUND_GRANT: "grant",
}
# How a movement on a loan account is shown: a new loan, or money that paid it down.
_LOAN_TAKEN_KINDS = frozenset({EventKind.LOAN_DISBURSEMENT})
_WRITE_OFF_KINDS = frozenset({EventKind.WRITE_OFF})


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


@dataclass(frozen=True)
class Passbook:
    """A member's booklet: every line, and how many are already in the physical booklet."""

    member_id: int
    code: str
    name: str
    group_code: str
    group_name: str
    group_kind: GroupKind
    lines: list[PassbookLine] = field(default_factory=list)
    lines_printed: int = 0
    page_format: str = "A6"
    # A line already printed was changed afterwards (a reopened meeting corrected): the
    # booklet no longer matches and should be reprinted whole.
    changed_since_print: bool = False

    @property
    def new_lines(self) -> list[PassbookLine]:
        return self.lines[self.lines_printed:]

    @property
    def has_new_lines(self) -> bool:
        return len(self.lines) > self.lines_printed


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
    loan_change: int = 0
    recorded_at: dt.datetime | None = None

    def add(self, name: str, amount: int, recorded: dt.datetime | None) -> None:
        setattr(self, name, getattr(self, name) + amount)
        if recorded is not None and (self.recorded_at is None or recorded > self.recorded_at):
            self.recorded_at = recorded

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in _AMOUNT_NAMES)


_AMOUNT_NAMES = ("shares", "savings", "loan_taken", "repaid", "written_off", "interest",
                 "social_fund", "fee", "fine", "grant", "loan_change")


def _restrict(query: Select, member_ids: list[int] | None, column: Any) -> Select:  # type: ignore[type-arg]
    return query if member_ids is None else query.where(column.in_(member_ids))


def _collect(session: Session, group_id: int, member_ids: list[int] | None) -> dict[_Key, _Cell]:
    cells: dict[_Key, _Cell] = defaultdict(_Cell)

    savings = select(JournalLine.member_id, JournalLine.date, Event.meeting_id,
                     func.sum(JournalLine.amount), func.max(Event.created_at)) \
        .join(Event, Event.id == JournalLine.event_id) \
        .where(JournalLine.group_id == group_id, JournalLine.account == Account.SAVINGS) \
        .group_by(JournalLine.member_id, JournalLine.date, Event.meeting_id)
    for member_id, day, meeting_id, total, recorded in session.execute(
            _restrict(savings, member_ids, JournalLine.member_id)):
        # Savings is credit-normal: a deposit is a negative line.
        cells[(member_id, day, meeting_id)].add("savings", -int(total or 0), recorded)

    loans = select(Loan.member_id, JournalLine.date, Event.meeting_id, Event.kind,
                   func.sum(JournalLine.amount), func.max(Event.created_at)) \
        .join(Loan, Loan.id == JournalLine.loan_id) \
        .join(Event, Event.id == JournalLine.event_id) \
        .where(JournalLine.group_id == group_id, JournalLine.account == Account.LOAN) \
        .group_by(Loan.member_id, JournalLine.date, Event.meeting_id, Event.kind)
    for member_id, day, meeting_id, kind, total, recorded in session.execute(
            _restrict(loans, member_ids, Loan.member_id)):
        cell = cells[(member_id, day, meeting_id)]
        kind, total = EventKind(kind), int(total or 0)
        # Disbursements debit the loan (+); repayments, netting and write-offs credit it (−).
        if kind in _LOAN_TAKEN_KINDS:
            cell.add("loan_taken", total, recorded)
        elif kind in _WRITE_OFF_KINDS:
            cell.add("written_off", -total, recorded)
        else:
            cell.add("repaid", -total, recorded)
        cell.add("loan_change", total, None)

    kinds = [*_COLUMN_OF_KIND, EventKind.SHARE_PURCHASE]
    events = select(Event.member_id, Event.date, Event.meeting_id, Event.kind,
                    func.sum(Event.amount), func.sum(Event.quantity), func.max(Event.created_at)) \
        .where(Event.group_id == group_id, Event.member_id.is_not(None), Event.kind.in_(kinds)) \
        .group_by(Event.member_id, Event.date, Event.meeting_id, Event.kind)
    for member_id, day, meeting_id, kind, total, quantity, recorded in session.execute(
            _restrict(events, member_ids, Event.member_id)):
        cell = cells[(member_id, day, meeting_id)]
        kind = EventKind(kind)
        if kind == EventKind.SHARE_PURCHASE:
            cell.add("shares", int(quantity or 0), recorded)
        else:
            cell.add(_COLUMN_OF_KIND[kind], int(total or 0), recorded)
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
                fine=cell.fine, grant=cell.grant, recorded_at=cell.recorded_at))
        result[member_id] = lines
    return result


def group_passbooks(session: Session, group: Group, member_ids: Iterable[int] | None = None,
                    *, default_format: str = "A6", reprint: bool = False) -> list[Passbook]:
    """The passbooks of ``group`` (or of the members named), in name order.

    A booklet keeps the format it was first printed in; a booklet never printed, or one
    being reprinted whole (``reprint``), takes ``default_format`` and starts at line 1."""
    query = select(Member).where(Member.group_id == group.id).order_by(Member.sort_key)
    if member_ids is not None:
        query = query.where(Member.id.in_(list(member_ids)))
    members = session.scalars(query).all()
    ids = [member.id for member in members]
    lines = passbook_lines(session, group.id, ids)
    states = {state.member_id: state for state in session.scalars(
        select(PassbookState).where(PassbookState.member_id.in_(ids)))} if ids else {}
    books = []
    for member in members:
        member_lines = lines.get(member.id, [])
        state = states.get(member.id)
        printed, page_format, changed = 0, default_format, False
        if state is not None and state.lines_printed > 0 and not reprint:
            printed = min(state.lines_printed, len(member_lines))
            page_format = state.page_format
            changed = state.lines_printed > len(member_lines) or any(
                line.recorded_at is not None and state.updated_at is not None
                and line.recorded_at > state.updated_at for line in member_lines[:printed])
        books.append(Passbook(
            member_id=member.id, code=member.code, name=member.full_name,
            group_code=group.code, group_name=group.name, group_kind=GroupKind(group.kind),
            lines=member_lines, lines_printed=printed, page_format=page_format,
            changed_since_print=changed))
    return books


def member_passbook(session: Session, group: Group, member_id: int, *,
                    default_format: str = "A6", reprint: bool = False) -> Passbook:
    """One member's passbook (see ``group_passbooks``)."""
    books = group_passbooks(session, group, [member_id], default_format=default_format,
                            reprint=reprint)
    if not books:
        raise KeyError(member_id)
    return books[0]


def mark_printed(session: Session, books: Iterable[Passbook], actor: Actor) -> None:
    """Record that every line of ``books`` is now in the physical booklets (call it only
    once the clerk confirms the print). The caller commits."""
    for book in books:
        state = session.get(PassbookState, book.member_id)
        if state is None:
            state = PassbookState(member_id=book.member_id)
            session.add(state)
        state.lines_printed = len(book.lines)
        state.page_format = book.page_format
        state.updated_at = now()
        audit.record(session, actor.name, "print_passbook", "member", book.member_id,
                     lines=len(book.lines), page_format=book.page_format)
    session.flush()


def reset_printed(session: Session, member_id: int, actor: Actor) -> None:
    """Forget what was printed for a member (a new, empty booklet). The caller commits."""
    state = session.get(PassbookState, member_id)
    if state is not None:
        state.lines_printed = 0
        state.updated_at = now()
        audit.record(session, actor.name, "reset_passbook", "member", member_id)
    session.flush()
