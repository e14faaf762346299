"""Key figures of a group at a date: what the window's overview, the quarterly report and the
quarterly return all show (DESIGN.md §6.1 says what each figure means)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from desktop.models.balances import Scope, balances_of, loan_balances
from desktop.models.enums import Account, EventKind, GroupKind, Household, Sex
from desktop.models.group import Group
from desktop.models.interest import add_months
from desktop.models.journal import Event
from desktop.models.loan import Loan
from desktop.models.meeting import Attendance, Meeting
from desktop.models.member import Member
from desktop.models.organisation import Village


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
    return figures_of(session, [group.id], on, since)[0]


def commune_indicators(session: Session, on: dt.date, since: dt.date | None = None,
                       commune_id: int | None = None) -> list[GroupIndicators]:
    """Every group of the ledger (or of one commune), by village then code."""
    scope: Scope = select(Group.id) if commune_id is None else \
        select(Group.id).where(Group.commune_id == commune_id)
    return sorted(figures_of(session, scope, on, since),
                  key=lambda row: (row.village, row.code))


def figures_of(session: Session, groups: Scope, on: dt.date,
               since: dt.date | None = None) -> list[GroupIndicators]:
    """The figures of every group of the scope (in no particular order), in a handful of
    grouped statements whatever the number of groups: members, meetings, attendance,
    balances (``balances``: snapshots and the month's lines), loans still open, seed
    capital and the period's interest and fines."""
    since = since or Quarter.containing(on).first_day
    people = _members(session, groups, on, since)
    meetings = dict(session.execute(
        select(Meeting.group_id, func.count()).where(
            _in(Meeting.group_id, groups), Meeting.date >= since, Meeting.date <= on)
        .group_by(Meeting.group_id)).all())
    attendance = _attendance(session, groups, since, on)
    balances = balances_of(session, groups, on)
    loans = _open_loans(session, groups, on)
    seed = _event_totals(session, groups, [EventKind.SEED_CAPITAL], None, on)
    income = _event_totals(session, groups, [EventKind.INTEREST_PAYMENT, EventKind.FINE],
                           since, on)
    rows = []
    for group_id, code, name, kind, village in session.execute(
        select(Group.id, Group.code, Group.name, Group.kind, Village.name)
        .outerjoin(Village, Village.id == Group.village_id).where(_in(Group.id, groups))
    ):
        counts = people.get(group_id, (0, 0, 0, 0, 0))
        position = balances.get(group_id, {account: 0 for account in Account})
        open_loans = loans.get(group_id, [])
        attendances, member_meetings = attendance.get(group_id, (0, 0))
        rows.append(GroupIndicators(
            group_id=group_id, code=code, name=name, kind=GroupKind(kind),
            village=village or "",
            members=counts[0], female=counts[1], poor=counts[2], elderly=counts[3],
            meetings=int(meetings.get(group_id, 0)),
            attendances=attendances, member_meetings=member_meetings,
            savings=-position[Account.SAVINGS],
            loans_outstanding=sum(amount for amount, _due in open_loans),
            loans_count=len(open_loans),
            overdue=sum(amount for amount, due in open_loans if due < on),
            social_fund=-position[Account.SOCIAL_FUND],
            income_fund=-position[Account.INCOME_FUND],
            seed_capital=seed.get(group_id, 0),
            operating_fund=-position[Account.OPERATING_FUND],
            cash=position[Account.CASH] + position[Account.BANK],
            dropouts=counts[4],
            interest_and_fines=income.get(group_id, 0),
        ))
    return rows


def _in(column: Any, groups: Scope) -> ColumnElement[bool]:
    return column.in_(groups if isinstance(groups, Select) else list(groups))  # type: ignore[no-any-return]


def _count(condition: ColumnElement[bool]) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _members(session: Session, groups: Scope, on: dt.date,
             since: dt.date) -> dict[int, tuple[int, int, int, int, int]]:
    """(active, women, poor or near-poor, older, left in the period) per group: members
    active at the end of ``on``; older people by each group's own age threshold."""
    active = and_(Member.join_date <= on,
                  or_(Member.leave_date.is_(None), Member.leave_date > on))
    query = (
        select(Member.group_id, _count(active), _count(and_(active, Member.sex == Sex.FEMALE)),
               _count(and_(active, Member.household.in_([Household.POOR,
                                                         Household.NEAR_POOR]))),
               _count(and_(active, Member.birth_year.is_not(None),
                           Member.birth_year <= on.year - Group.elderly_age)),
               _count(and_(Member.leave_date.is_not(None), Member.leave_date >= since,
                           Member.leave_date <= on)))
        .join(Group, Group.id == Member.group_id)
        .where(_in(Member.group_id, groups)).group_by(Member.group_id))
    return {group_id: tuple(int(value or 0) for value in values)  # type: ignore[misc]
            for group_id, *values in session.execute(query)}


def _open_loans(session: Session, groups: Scope,
                on: dt.date) -> dict[int, list[tuple[int, dt.date]]]:
    """Each group's loans with principal owed at the end of ``on``: (owed, due date)."""
    owed = loan_balances(session, groups, on)
    found: dict[int, list[tuple[int, dt.date]]] = {}
    ids = [loan_id for loan_id, amount in owed.items() if amount > 0]
    for start in range(0, len(ids), 5_000):
        for loan_id, group_id, day, term in session.execute(
                select(Loan.id, Loan.group_id, Loan.date, Loan.term_months)
                .where(Loan.id.in_(ids[start:start + 5_000]))):
            found.setdefault(group_id, []).append((owed[loan_id], add_months(day, term)))
    return found


def _event_totals(session: Session, groups: Scope, kinds: list[EventKind],
                  since: dt.date | None, on: dt.date) -> dict[int, int]:
    query = (select(Event.group_id, func.sum(Event.amount))
             .where(_in(Event.group_id, groups), Event.kind.in_(kinds), Event.date <= on)
             .group_by(Event.group_id))
    if since is not None:
        query = query.where(Event.date >= since)
    return {group_id: int(total or 0) for group_id, total in session.execute(query)}


def _belonged_at_meeting() -> ColumnElement[bool]:
    """The member belonged to the group on the meeting's day. A member leaving on a meeting
    day still attends that meeting (she is paid out after its count, DESIGN §6.2)."""
    return and_(
        Member.group_id == Meeting.group_id,
        Member.join_date <= Meeting.date,
        or_(Member.leave_date.is_(None), Member.leave_date >= Meeting.date),
    )


def _attendance(session: Session, groups: Scope, since: dt.date,
                on: dt.date) -> dict[int, tuple[int, int]]:
    """(attendances, member-meetings) of each group's meetings from ``since`` to ``on``:
    each member counted only at the meetings held while she belonged (DESIGN §6.1), so a
    leaver's attendances count against her own meetings and the rate never passes 100 %."""
    in_period = and_(_in(Meeting.group_id, groups), Meeting.date >= since, Meeting.date <= on)
    member_meetings = dict(session.execute(
        select(Meeting.group_id, func.count()).select_from(Meeting)
        .join(Member, _belonged_at_meeting()).where(in_period)
        .group_by(Meeting.group_id)).all())
    attendances = dict(session.execute(
        select(Meeting.group_id, func.count()).select_from(Attendance)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Member, and_(Member.id == Attendance.member_id, _belonged_at_meeting()))
        .where(in_period, Attendance.present.is_(True))
        .group_by(Meeting.group_id)).all())
    return {group_id: (int(attendances.get(group_id, 0)), int(total))
            for group_id, total in member_meetings.items()}
