"""Recording an ISHC club's activities (``Activity``): health checks with blood pressure and
weight, home-care visits (the volunteer and the member visited), events and self-help cases
with their participants — checked before saving, with every change in the audit log — and
reading them back: one day's health checks, a period's list, the counts month by month.

Problems are data: ``activity_problems`` returns them located by field, and the services
refuse with all of them at once (``ActivityRejected``), saving nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from decimal import Decimal

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session, aliased

from desktop.i18n import _
from desktop.models import audit
from desktop.models.activity import Activity
from desktop.models.clock import today
from desktop.models.collation import nfc
from desktop.models.enums import ActivityKind, GroupKind, MemberRole
from desktop.models.errors import LedgerError, Problem
from desktop.models.formatting import format_date
from desktop.models.group import Group
from desktop.models.member import Member
from desktop.models.permissions import Action, Actor, require

SYSTOLIC = (60, 260)  # mmHg: what a cuff at a club meeting can plausibly read
DIASTOLIC = (30, 160)
WEIGHT_KG = (Decimal(20), Decimal(200))
MAX_PARTICIPANTS = 10_000


@dataclass(frozen=True)
class ActivityInput:
    """What the clerk records for one activity."""

    kind: ActivityKind
    date: dt.date
    member_id: int | None = None  # checked, visited, or helped
    volunteer_id: int | None = None
    systolic: int | None = None
    diastolic: int | None = None
    weight_kg: Decimal | None = None
    participants: int = 0
    title: str = ""
    note: str = ""


@dataclass(frozen=True)
class ActivityRow:
    """An activity as the grids show it (plain data, safe after the session closes)."""

    id: int
    kind: ActivityKind
    date: dt.date
    member_id: int | None
    member_code: str
    member_name: str
    volunteer_id: int | None
    volunteer_code: str
    volunteer_name: str
    systolic: int | None
    diastolic: int | None
    weight_kg: Decimal | None
    participants: int
    title: str
    note: str

    def as_input(self) -> ActivityInput:
        return ActivityInput(self.kind, self.date, self.member_id, self.volunteer_id,
                             self.systolic, self.diastolic, self.weight_kg, self.participants,
                             self.title, self.note)


class ActivityRejected(LedgerError):
    """The activity was not saved; ``problems`` says why, field by field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(" ".join(problem.message for problem in problems))
        self.problems = problems


# ---------------------------------------------------------------------- checking
def _person_problems(session: Session, group_id: int, person_id: int | None, day: dt.date,
                     field: str) -> list[Problem]:
    if person_id is None:
        return []
    person = session.get(Member, person_id)
    if person is None or person.group_id != group_id:
        return [Problem(_("The volunteer chosen is not in this club.") if field == "volunteer"
                        else _("The member chosen is not in this club."), cell=field)]
    if not person.is_active_on(day):
        return [Problem(_("{name} was not a member of the club on {date}.").format(
            name=person.full_name, date=format_date(day)), cell=field)]
    return []


def measurement_problems(data: ActivityInput) -> list[Problem]:
    """What is wrong with a health check's blood pressure and weight (located by field)."""
    problems = []
    if (data.systolic is None) != (data.diastolic is None):
        field = "diastolic" if data.diastolic is None else "systolic"
        problems.append(Problem(_("Blood pressure needs both figures, e.g. 130/85."),
                                cell=field))
    for value, (low, high), field in ((data.systolic, SYSTOLIC, "systolic"),
                                      (data.diastolic, DIASTOLIC, "diastolic")):
        if value is not None and not low <= value <= high:
            problems.append(Problem(_("A blood pressure of {value} mmHg cannot be right; it "
                                      "should be between {low} and {high}.").format(
                value=value, low=low, high=high), cell=field))
    if data.systolic is not None and data.diastolic is not None \
            and data.systolic <= data.diastolic:
        problems.append(Problem(_("The first figure of the blood pressure ({high}) must be "
                                  "larger than the second ({low}).").format(
            high=data.systolic, low=data.diastolic), cell="systolic"))
    if data.weight_kg is not None:
        lightest, heaviest = WEIGHT_KG
        if not lightest <= data.weight_kg <= heaviest:
            problems.append(Problem(_("A weight of {value} kg cannot be right; it should be "
                                      "between {low} and {high} kg.").format(
                value=str(data.weight_kg).replace(".", ","), low=lightest, high=heaviest),
                cell="weight"))
        elif data.weight_kg != data.weight_kg.quantize(Decimal("0.1")):
            problems.append(Problem(_("Write the weight with at most one decimal, e.g. 52,5."),
                                    cell="weight"))
    return problems


def activity_problems(session: Session, group_id: int, data: ActivityInput,
                      activity_id: int | None = None) -> list[Problem]:
    """Everything wrong with ``data`` for the club ``group_id`` (``activity_id``: the one
    being edited). Empty when it may be saved."""
    group = session.get(Group, group_id)
    if group is None:
        return [Problem(_("This group no longer exists in the ledger."))]
    if group.kind != GroupKind.ISHC:
        return [Problem(_("Activities are recorded for intergenerational self-help clubs "
                          "only."))]
    problems: list[Problem] = []
    if data.date > today():
        problems.append(Problem(_("The date {date} is in the future.").format(
            date=format_date(data.date)), cell="date"))
    founded = group.founded_on or group.cycles[0].start_date
    if data.date < founded:
        problems.append(Problem(_("The date {date} is before the club was founded "
                                  "({founded}).").format(date=format_date(data.date),
                                                         founded=format_date(founded)),
                                cell="date"))
    kind = ActivityKind(data.kind)
    if kind in (ActivityKind.HEALTH_CHECK, ActivityKind.HOME_VISIT) and data.member_id is None:
        problems.append(Problem(_("Choose the member checked.") if kind == ActivityKind.
                                HEALTH_CHECK else _("Choose the member visited."), cell="member"))
    if kind == ActivityKind.HOME_VISIT and data.volunteer_id is None:
        problems.append(Problem(_("Choose the volunteer who made the visit."),
                                cell="volunteer"))
    if data.volunteer_id is not None and data.volunteer_id == data.member_id:
        problems.append(Problem(_("The volunteer and the member visited are the same person."),
                                cell="volunteer"))
    problems += _person_problems(session, group_id, data.member_id, data.date, "member")
    problems += _person_problems(session, group_id, data.volunteer_id, data.date, "volunteer")
    if kind == ActivityKind.HEALTH_CHECK:
        if data.systolic is None and data.diastolic is None and data.weight_kg is None:
            problems.append(Problem(_("Enter the blood pressure, the weight, or both."),
                                    cell="systolic"))
        problems += measurement_problems(data)
        if data.member_id is not None:
            twin = session.scalar(select(Activity.id).where(
                Activity.group_id == group_id, Activity.kind == ActivityKind.HEALTH_CHECK,
                Activity.member_id == data.member_id, Activity.date == data.date,
                Activity.id != (activity_id or 0)))
            if twin is not None:
                problems.append(Problem(_("This member's health check of {date} is already "
                                          "recorded; change that one.").format(
                    date=format_date(data.date)), cell="member"))
    if kind in (ActivityKind.EVENT, ActivityKind.SELF_HELP) and not data.title.strip():
        problems.append(Problem(_("Say what the event was, e.g. Hội thi văn nghệ.")
                                if kind == ActivityKind.EVENT else
                                _("Say what help was given, e.g. Giúp ngày công thu hoạch."),
                                cell="title"))
    if kind == ActivityKind.EVENT and data.participants <= 0:
        problems.append(Problem(_("Enter how many people took part."), cell="participants"))
    if not 0 <= data.participants <= MAX_PARTICIPANTS:
        problems.append(Problem(_("{count} participants cannot be right.").format(
            count=data.participants), cell="participants"))
    return problems


def _clean(data: ActivityInput) -> ActivityInput:
    return replace(data, title=nfc(" ".join(data.title.split())), note=nfc(data.note.strip()))


def _snapshot(activity: Activity) -> dict[str, object]:
    return {"kind": activity.kind, "date": activity.date, "member_id": activity.member_id,
            "volunteer_id": activity.volunteer_id, "systolic": activity.systolic,
            "diastolic": activity.diastolic, "weight_kg": activity.weight_kg,
            "participants": activity.participants, "title": activity.title,
            "note": activity.note}


# ---------------------------------------------------------------------- saving
def add_activity(session: Session, group_id: int, data: ActivityInput, actor: Actor) -> int:
    """Record a new activity; returns its id. Refused whole with every problem."""
    require(actor, Action.ENTER_DATA)
    data = _clean(data)
    problems = activity_problems(session, group_id, data)
    if problems:
        raise ActivityRejected(problems)
    activity = Activity(group_id=group_id, **asdict(data))
    session.add(activity)
    session.flush()
    audit.record(session, actor, "add_activity", "activity", activity.id,
                 **_snapshot(activity))
    return activity.id


def update_activity(session: Session, activity_id: int, data: ActivityInput,
                    actor: Actor) -> None:
    """Change a recorded activity; the audit keeps what it was."""
    require(actor, Action.ENTER_DATA)
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise LedgerError(_("This activity is no longer in the ledger."))
    data = _clean(data)
    problems = activity_problems(session, activity.group_id, data, activity_id)
    if problems:
        raise ActivityRejected(problems)
    before = _snapshot(activity)
    for name, value in asdict(data).items():
        setattr(activity, name, value)
    session.flush()
    after = _snapshot(activity)
    changed = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if changed:
        audit.record(session, actor, "update_activity", "activity", activity_id,
                     changes=changed)


def remove_activity(session: Session, activity_id: int, actor: Actor) -> None:
    """Take out an activity recorded by mistake (not money: it is deleted, and the audit
    log keeps what it said)."""
    require(actor, Action.ENTER_DATA)
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise LedgerError(_("This activity is no longer in the ledger."))
    audit.record(session, actor, "remove_activity", "activity", activity_id,
                 **_snapshot(activity))
    session.delete(activity)
    session.flush()


# ---------------------------------------------------------------------- reading
def activities_of(session: Session, group_id: int, kinds: Iterable[ActivityKind],
                  start: dt.date, end: dt.date) -> list[ActivityRow]:
    """The club's activities of ``kinds`` from ``start`` to ``end``, by date."""
    member, volunteer = aliased(Member), aliased(Member)
    rows = session.execute(
        select(Activity, member.code, member.full_name, volunteer.code, volunteer.full_name)
        .outerjoin(member, member.id == Activity.member_id)
        .outerjoin(volunteer, volunteer.id == Activity.volunteer_id)
        .where(Activity.group_id == group_id, Activity.kind.in_([str(k) for k in kinds]),
               Activity.date >= start, Activity.date <= end)
        .order_by(Activity.date, member.sort_key, Activity.id))
    return [ActivityRow(
        activity.id, ActivityKind(activity.kind), activity.date, activity.member_id,
        code or "", name or "", activity.volunteer_id, volunteer_code or "",
        volunteer_name or "", activity.systolic, activity.diastolic, activity.weight_kg,
        activity.participants, activity.title, activity.note)
        for activity, code, name, volunteer_code, volunteer_name in rows]


def activity_row(session: Session, activity_id: int) -> ActivityRow:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise LedgerError(_("This activity is no longer in the ledger."))
    found = activities_of(session, activity.group_id, [ActivityKind(activity.kind)],
                          activity.date, activity.date)
    return next(row for row in found if row.id == activity_id)


def check_days(session: Session, group_id: int) -> list[tuple[dt.date, int]]:
    """The days the club held health checks, the latest first, with how many were checked."""
    rows = session.execute(
        select(Activity.date, func.count(Activity.id))
        .where(Activity.group_id == group_id, Activity.kind == ActivityKind.HEALTH_CHECK)
        .group_by(Activity.date).order_by(Activity.date.desc()))
    return [(day, int(count)) for day, count in rows]


@dataclass(frozen=True)
class Person:
    """A club member as the activity grids offer them."""

    id: int
    code: str
    name: str
    role: MemberRole
    birth_year: int | None
    join_date: dt.date
    leave_date: dt.date | None

    def active_on(self, day: dt.date) -> bool:
        return self.join_date <= day and (self.leave_date is None or self.leave_date > day)


def club_people(session: Session, group_id: int) -> list[Person]:
    """Every member the club has had, in Vietnamese name order."""
    rows = session.scalars(select(Member).where(Member.group_id == group_id)
                           .order_by(Member.sort_key, Member.code))
    return [Person(m.id, m.code, m.full_name, MemberRole(m.role), m.birth_year, m.join_date,
                   m.leave_date) for m in rows]


@dataclass(frozen=True)
class MonthCounts:
    """What the club did in one month (the quarterly report adds three of these)."""

    month: int
    health_checks: int
    people_checked: int
    home_visits: int
    people_visited: int
    events: int
    participants: int
    self_help: int


@dataclass(frozen=True)
class ActivityYear:
    months: list[MonthCounts]  # January to December
    total: MonthCounts  # the whole year (``month`` 0); people counted once each


def _counts(session: Session, group_id: int, year: int, by_month: bool) -> dict[
        tuple[int, ActivityKind], tuple[int, int, int]]:
    month = extract("month", Activity.date)
    keys = [month, Activity.kind] if by_month else [Activity.kind]
    found: dict[tuple[int, ActivityKind], tuple[int, int, int]] = {}
    for row in session.execute(
            select(*keys, func.count(Activity.id),
                   func.count(func.distinct(Activity.member_id)),
                   func.coalesce(func.sum(Activity.participants), 0))
            .where(Activity.group_id == group_id, extract("year", Activity.date) == year)
            .group_by(*keys)):
        values = tuple(row)
        number, kind, count, people, participants = values if by_month else (0, *values)
        found[(int(number), ActivityKind(kind))] = (int(count), int(people), int(participants))
    return found


def _month(number: int, found: dict[tuple[int, ActivityKind], tuple[int, int, int]]
           ) -> MonthCounts:
    def get(kind: ActivityKind) -> tuple[int, int, int]:
        return found.get((number, kind), (0, 0, 0))

    checks, visits = get(ActivityKind.HEALTH_CHECK), get(ActivityKind.HOME_VISIT)
    return MonthCounts(number, checks[0], checks[1], visits[0], visits[1],
                       get(ActivityKind.EVENT)[0], get(ActivityKind.EVENT)[2],
                       get(ActivityKind.SELF_HELP)[0])


def activity_year(session: Session, group_id: int, year: int) -> ActivityYear:
    """Twelve months of ``year`` with their counts (zeros for a quiet month), and the year."""
    by_month = _counts(session, group_id, year, by_month=True)
    return ActivityYear([_month(number, by_month) for number in range(1, 13)],
                        _month(0, _counts(session, group_id, year, by_month=False)))
