"""What the meeting sheet needs around ``meetings.sheet``: the list of a group's meetings,
who each row is, and the amounts proposed for a new meeting (social fund and member fee from
the constitution, interest due from each member's loan).

Proposals are only proposals: nothing here writes to the ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from desktop.models import schema  # noqa: F401  (every table mapped before the first query)
from desktop.models.balances import loan_outstanding
from desktop.models.enums import EventKind, MeetingStatus
from desktop.models.group import Cycle, Group
from desktop.models.journal import Event
from desktop.models.loan import Loan
from desktop.models.loans import interest_due
from desktop.models.meeting import Meeting
from desktop.models.meetings import Entry, Field, fields_for
from desktop.models.member import Member


@dataclass(frozen=True)
class MeetingInfo:
    id: int
    date: dt.date
    closed: bool


def meetings_of(session: Session, group_id: int) -> list[MeetingInfo]:
    """The group's meetings, the latest first."""
    rows = session.execute(
        select(Meeting.id, Meeting.date, Meeting.status)
        .where(Meeting.group_id == group_id).order_by(Meeting.date.desc()))
    return [MeetingInfo(meeting_id, day, status == MeetingStatus.CLOSED)
            for meeting_id, day, status in rows]


def member_labels(session: Session, member_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """``{member id: (code, full name)}``."""
    ids = list(member_ids)
    rows = session.execute(select(Member.id, Member.code, Member.full_name)
                           .where(Member.id.in_(ids)))
    return {member_id: (code, name) for member_id, code, name in rows}


def _fee_paid_this_month(session: Session, meeting: Meeting) -> set[int]:
    """Members who already paid a fee at another meeting of the same calendar month."""
    rows = session.execute(
        select(Event.member_id, func.sum(Event.amount))
        .where(Event.group_id == meeting.group_id, Event.kind == EventKind.MEMBER_FEE,
               Event.meeting_id != meeting.id,
               extract("year", Event.date) == meeting.date.year,
               extract("month", Event.date) == meeting.date.month)
        .group_by(Event.member_id))
    return {member_id for member_id, total in rows
            if member_id is not None and total and total > 0}


def _oldest_open_loans(session: Session, group: Group, meeting: Meeting,
                       member_ids: set[int]) -> dict[int, Loan]:
    """Each member's oldest loan with principal outstanding from the sheet's lending fund,
    taken before this meeting — the loan a repayment typed on the sheet goes to."""
    balances = loan_outstanding(session, group.id)
    open_ids = [loan_id for loan_id, balance in balances.items() if balance > 0]
    if not open_ids or not member_ids:
        return {}
    loans = session.scalars(
        select(Loan).where(Loan.id.in_(open_ids), Loan.member_id.in_(member_ids),
                           Loan.fund == group.lending_fund, Loan.written_off_on.is_(None),
                           Loan.cancelled_at.is_(None), Loan.date < meeting.date)
        .order_by(Loan.date, Loan.id))
    oldest: dict[int, Loan] = {}
    for loan in loans:
        oldest.setdefault(loan.member_id, loan)
    return oldest


def proposals(session: Session, meeting: Meeting,
              entries: Sequence[Entry]) -> dict[int, dict[Field, int]]:
    """Amounts proposed for present members whose cell is still empty:
    the social fund contribution per meeting, the member fee once a calendar month, and the
    interest due on the loan a repayment would go to (by the loan's method)."""
    group = session.get(Group, meeting.group_id)
    cycle = session.get(Cycle, meeting.cycle_id)
    assert group is not None and cycle is not None
    shown = set(fields_for(group.kind))
    present = [entry for entry in entries if entry.present]
    fee_paid = _fee_paid_this_month(session, meeting) if cycle.member_fee_per_month else set()
    loans = _oldest_open_loans(session, group, meeting, {entry.member_id for entry in present}) \
        if Field.INTEREST in shown else {}
    result: dict[int, dict[Field, int]] = {}
    for entry in present:
        proposed: dict[Field, int] = {}
        if Field.SOCIAL_FUND in shown and cycle.social_fund_per_meeting and not entry.social_fund:
            proposed[Field.SOCIAL_FUND] = cycle.social_fund_per_meeting
        if (Field.FEE in shown and cycle.member_fee_per_month and not entry.fee
                and entry.member_id not in fee_paid):
            proposed[Field.FEE] = cycle.member_fee_per_month
        loan = loans.get(entry.member_id)
        if loan is not None and not entry.interest:
            due = interest_due(session, loan, meeting.date, cycle.rounding_unit)
            if due > 0:
                proposed[Field.INTEREST] = due
        if proposed:
            result[entry.member_id] = proposed
    return result
