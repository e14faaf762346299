"""Key figures of a group at a date: what the window's overview, the quarterly report and the
quarterly return all show (DESIGN.md §6.1 says what each figure means)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from desktop.models.balances import fund_position, loan_outstanding
from desktop.models.enums import EventKind, GroupKind, Household, Sex
from desktop.models.group import Group
from desktop.models.journal import Event
from desktop.models.loan import Loan
from desktop.models.loans import due_date
from desktop.models.meeting import Attendance, Meeting
from desktop.models.member import Member


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1–4

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``2026Q3`` (also ``2026-Q3``, ``Q3/2026``)."""
        cleaned = "".join(text.split()).upper().replace("-", "").replace("/", "")
        if cleaned.startswith("Q") and len(cleaned) == 6:
            cleaned = cleaned[2:] + "Q" + cleaned[1]
        if len(cleaned) != 6 or cleaned[4] != "Q" or not cleaned[:4].isdigit() or \
                cleaned[5] not in "1234":
            raise ValueError(text)
        return cls(int(cleaned[:4]), int(cleaned[5]))

    @classmethod
    def containing(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> dt.date:
        month = 3 * self.number
        following = dt.date(self.year + (month == 12), month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year,
                                                                          self.number - 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"


def percent(numerator: int, denominator: int) -> int:
    """A whole percent, halves rounded up; 0 when there is nothing to divide by."""
    if denominator <= 0:
        return 0
    return int((Decimal(numerator) * 100 / denominator).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass(frozen=True)
class GroupIndicators:
    group_id: int
    code: str
    name: str
    kind: GroupKind
    village: str
    members: int
    female: int
    poor: int  # poor or near-poor households
    elderly: int
    meetings: int
    attendances: int  # members present, at meetings held while they belonged
    member_meetings: int  # Σ over the meetings of the members who belonged at each
    savings: int
    loans_outstanding: int
    loans_count: int
    overdue: int
    social_fund: int
    income_fund: int  # its cash plus its loans outstanding
    seed_capital: int
    operating_fund: int
    cash: int
    dropouts: int
    interest_and_fines: int  # earned during the period

    @property
    def attendance_percent(self) -> int:
        return min(percent(self.attendances, self.member_meetings), 100)

    @property
    def portfolio_at_risk_percent(self) -> int:
        return percent(self.overdue, self.loans_outstanding)


def group_indicators(
    session: Session, group: Group, on: dt.date, since: dt.date | None = None
) -> GroupIndicators:
    """The figures of ``group`` at the end of ``on``; flows (meetings, dropouts, income)
    count from ``since`` (default: the start of ``on``'s quarter)."""
    since = since or Quarter.containing(on).first_day
    members = session.scalars(select(Member).where(Member.group_id == group.id)).all()
    active = [m for m in members if m.is_active_on(on)]
    meetings = int(session.scalar(select(func.count(Meeting.id)).where(
        Meeting.group_id == group.id, Meeting.date >= since, Meeting.date <= on)) or 0)
    attendances, member_meetings = _attendance(session, group.id, since, on)
    position = fund_position(session, group.id, on)
    balances = loan_outstanding(session, group.id, on)
    loans = {loan.id: loan for loan in session.scalars(
        select(Loan).where(Loan.id.in_(list(balances))))} if balances else {}
    open_balances = {loan_id: amount for loan_id, amount in balances.items() if amount > 0}
    overdue = sum(amount for loan_id, amount in open_balances.items()
                  if due_date(loans[loan_id]) < on)
    seed = session.scalar(select(func.sum(Event.amount)).where(
        Event.group_id == group.id, Event.kind == EventKind.SEED_CAPITAL, Event.date <= on))
    income = session.scalar(select(func.sum(Event.amount)).where(
        Event.group_id == group.id, Event.kind.in_([EventKind.INTEREST_PAYMENT, EventKind.FINE]),
        Event.date >= since, Event.date <= on))
    return GroupIndicators(
        group_id=group.id,
        code=group.code,
        name=group.name,
        kind=GroupKind(group.kind),
        village=group.village.name if group.village else "",
        members=len(active),
        female=sum(1 for m in active if m.sex == Sex.FEMALE),
        poor=sum(1 for m in active if m.household in (Household.POOR, Household.NEAR_POOR)),
        elderly=sum(1 for m in active if (m.age_in(on.year) or 0) >= group.elderly_age),
        meetings=meetings,
        attendances=attendances,
        member_meetings=member_meetings,
        savings=position.savings,
        loans_outstanding=sum(open_balances.values()),
        loans_count=len(open_balances),
        overdue=overdue,
        social_fund=position.social_fund,
        income_fund=position.income_fund,
        seed_capital=int(seed or 0),
        operating_fund=position.operating_fund,
        cash=position.cash,
        dropouts=sum(1 for m in members if m.leave_date and since <= m.leave_date <= on),
        interest_and_fines=int(income or 0),
    )


def _belonged_at_meeting() -> ColumnElement[bool]:
    """The member belonged to the group on the meeting's day. A member leaving on a meeting
    day still attends that meeting (she is paid out after its count, DESIGN §6.2)."""
    return and_(
        Member.group_id == Meeting.group_id,
        Member.join_date <= Meeting.date,
        or_(Member.leave_date.is_(None), Member.leave_date >= Meeting.date),
    )


def _attendance(session: Session, group_id: int, since: dt.date,
                on: dt.date) -> tuple[int, int]:
    """(attendances, member-meetings) of the group's meetings from ``since`` to ``on``:
    each member counted only at the meetings held while she belonged (DESIGN §6.1), so a
    leaver's attendances count against her own meetings and the rate never passes 100 %."""
    in_period = and_(Meeting.group_id == group_id, Meeting.date >= since, Meeting.date <= on)
    member_meetings = session.scalar(
        select(func.count()).select_from(Meeting).join(Member, _belonged_at_meeting())
        .where(in_period))
    attendances = session.scalar(
        select(func.count()).select_from(Attendance)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Member, and_(Member.id == Attendance.member_id, _belonged_at_meeting()))
        .where(in_period, Attendance.present.is_(True)))
    return int(attendances or 0), int(member_meetings or 0)


def commune_indicators(session: Session, on: dt.date,
                       since: dt.date | None = None) -> list[GroupIndicators]:
    """Every group of the ledger, by village then code."""
    groups = session.scalars(select(Group).order_by(Group.code)).all()
    rows = [group_indicators(session, group, on, since) for group in groups]
    return sorted(rows, key=lambda row: (row.village, row.code))
