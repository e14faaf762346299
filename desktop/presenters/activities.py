"""An ISHC club's health checks without Qt, typed like the paper sheet of a check day: one
row per member, the blood pressure written as on paper ("130/85"), the weight ("52,5"), the
volunteer who measured, a note. Each committed cell saves the member's check at once (a row
left without a measure removes it); the day's summary counts who was checked and whose blood
pressure is high.

Also the words and cell readers the other activity grids share (``activity_lists.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from enum import IntEnum
from typing import Any

from desktop.i18n import N_, _
from desktop.models.activities import (
    ActivityInput,
    ActivityRejected,
    ActivityRow,
    Person,
    activities_of,
    add_activity,
    check_days,
    club_people,
    measurement_problems,
    remove_activity,
    update_activity,
)
from desktop.models.clock import today
from desktop.models.collation import fold
from desktop.models.database import Ledger
from desktop.models.enums import ActivityKind, MemberRole
from desktop.models.errors import LedgerError
from desktop.models.formatting import InputError, format_date
from desktop.models.meeting_queries import meetings_of
from desktop.models.permissions import Actor
from desktop.presenters.cells import CellKind, Choice
from desktop.presenters.entry_rights import EntryGrid
from desktop.presenters.table import CellChange, CellIssue, WriteResult

HIGH_PRESSURE = (140, 90)  # mmHg: the threshold clubs are taught to refer to a doctor
_PRESSURE = re.compile(r"^\s*(\d{2,3})\s*[/\\\-\s]\s*(\d{2,3})\s*$")


def parse_pressure(text: str) -> tuple[int, int] | None:
    """``130/85`` (or ``130 85``, ``130-85``) as two whole numbers; blank is none."""
    if not text.strip():
        return None
    match = _PRESSURE.match(text)
    if not match:
        raise InputError(_("Write the blood pressure as on the paper sheet, e.g. 130/85."), text)
    return int(match[1]), int(match[2])


def format_pressure(value: tuple[int, int] | None) -> str:
    return "" if value is None else f"{value[0]}/{value[1]}"


def parse_weight(text: str) -> Decimal | None:
    """A weight in kg: ``52,5``, ``52.5`` or ``52``; blank is none."""
    body = text.strip().lower().removesuffix("kg").strip()
    if not body:
        return None
    try:
        weight = Decimal(body.replace(",", "."))
    except InvalidOperation:
        raise InputError(_("'{text}' is not a weight; write it in kg, e.g. 52,5.").format(
            text=text.strip()), text) from None
    if not weight.is_finite():
        raise InputError(_("'{text}' is not a weight; write it in kg, e.g. 52,5.").format(
            text=text.strip()), text)
    return weight


def format_weight(value: Decimal | None) -> str:
    """``Decimal("52.5")`` → ``52,5`` (the Vietnamese decimal comma)."""
    return "" if value is None else str(value).replace(".", ",")


def person_label(person: Person) -> str:
    return f"{person.code} {person.name}"


def person_choices(people: list[Person], *, blank: bool = True) -> list[Choice]:
    """Members to pick from: volunteers first (they do the visits and the measuring)."""
    ordered = sorted(people, key=lambda p: p.role != MemberRole.VOLUNTEER)
    choices = [Choice(p.id, person_label(p)) for p in ordered]
    return [Choice(None, ""), *choices] if blank else choices


def parse_person(text: str, people: list[Person]) -> int | None:
    """A member typed or pasted as "TV09", "Hoàng Thị Chung" or "TV09 Hoàng Thị Chung"
    (accents may be left out); blank is nobody."""
    typed = fold(" ".join(text.split()))
    if not typed:
        return None
    for person in people:
        if typed in (fold(person.code), fold(person.name), fold(person_label(person))):
            return person.id
    raise InputError(_("'{text}' is not a member of the club; type the member code, e.g. "
                       "TV09.").format(text=text.strip()), text)


def refuse_changes(result: WriteResult, changes: list[CellChange], error: LedgerError,
                   field_column: Mapping[str, IntEnum]) -> None:
    """Mark ``changes`` (one activity's) refused in ``result``: each cell with the problem
    the activities service found in its column, or else with the whole sentence."""
    problems = error.problems if isinstance(error, ActivityRejected) else []
    for change in changes:
        located = [p.message for p in problems if field_column.get(p.cell) == change.column]
        result.refused[(change.key, change.column)] = CellIssue((located or [str(error)])[0])


class CheckColumn(IntEnum):
    NUMBER = 0
    CODE = 1
    NAME = 2
    AGE = 3
    PRESSURE = 4
    WEIGHT = 5
    VOLUNTEER = 6
    NOTE = 7


_HEADERS = {
    CheckColumn.NUMBER: N_("No."), CheckColumn.CODE: N_("Member code"),
    CheckColumn.NAME: N_("Full name"), CheckColumn.AGE: N_("Age"),
    CheckColumn.PRESSURE: N_("Blood pressure (mmHg)"), CheckColumn.WEIGHT: N_("Weight (kg)"),
    CheckColumn.VOLUNTEER: N_("Measured by"), CheckColumn.NOTE: N_("Note"),
}
_FIELD_COLUMN = {"systolic": CheckColumn.PRESSURE, "diastolic": CheckColumn.PRESSURE,
                 "weight": CheckColumn.WEIGHT, "volunteer": CheckColumn.VOLUNTEER}


@dataclass(frozen=True)
class CheckRow:
    person: Person
    check: ActivityRow | None


@dataclass(frozen=True)
class DaySummary:
    checked: int
    high_pressure: int
    members: int


class HealthCheckSheet(EntryGrid):
    """The health checks of one day (``day``) of the club ``group_id``."""

    Column = CheckColumn
    editable_columns = frozenset({CheckColumn.PRESSURE, CheckColumn.WEIGHT,
                                  CheckColumn.VOLUNTEER, CheckColumn.NOTE})
    kinds = {  # noqa: RUF012 - read-only class table
        CheckColumn.NUMBER: CellKind.COUNT, CheckColumn.AGE: CellKind.COUNT,
        # Read and shown here (130/85, 52,5); the kind only right-aligns them.
        CheckColumn.PRESSURE: CellKind.COUNT, CheckColumn.WEIGHT: CellKind.COUNT,
        CheckColumn.VOLUNTEER: CellKind.CHOICE,
    }

    def __init__(self, ledger: Ledger, actor: Actor, group_id: int) -> None:
        super().__init__()
        self._ledger = ledger
        self.actor = actor
        self.group_id = group_id
        self.people: list[Person] = []
        self.days: list[tuple[dt.date, int]] = []
        self._rows: list[CheckRow] = []
        self._index: dict[int, int] = {}
        with ledger.session() as session:
            found = check_days(session, group_id)
        self.day = found[0][0] if found else today()
        self.reload()

    # ------------------------------------------------------------------ shape
    @property
    def columns(self) -> list[IntEnum]:
        return list(CheckColumn)

    def headers(self) -> dict[IntEnum, str]:
        return {column: _(text) for column, text in _HEADERS.items()}

    def choices(self, column: IntEnum) -> list[Choice]:
        return person_choices(self.people) if column == CheckColumn.VOLUNTEER else []

    # ------------------------------------------------------------------ rows
    def reload(self) -> None:
        """Read the day's checks (and the club's members) again."""
        with self._ledger.session() as session:
            self.people = club_people(session, self.group_id)
            self.days = check_days(session, self.group_id)
            checks = {row.member_id: row for row in activities_of(
                session, self.group_id, [ActivityKind.HEALTH_CHECK], self.day, self.day)}
        self._rows = [CheckRow(person, checks.get(person.id)) for person in self.people
                      if person.active_on(self.day) or person.id in checks]
        self._index = {row.person.id: number for number, row in enumerate(self._rows)}
        self._pending.clear()
        self.clear_history()
        self._notify_reset()

    def set_day(self, day: dt.date) -> bool:
        """Show (or start) the checks of ``day``; False (and why) for a day after today."""
        if day > today():
            self._say(_("The date {date} is in the future.").format(date=format_date(day)))
            return False
        if day != self.day:
            self.day = day
            self.reload()
        return True

    def proposed_new_day(self) -> dt.date:
        """The date a new check day starts on: the club's latest meeting when no checks
        were typed for it yet (checks are made at the meetings), otherwise today — never
        the last check day again, which Enter would only show a second time."""
        with self._ledger.session() as session:
            latest = next(iter(meetings_of(session, self.group_id)), None)
        last_check = self.days[0][0] if self.days else None
        if latest is not None and latest.date <= today() and (
                last_check is None or latest.date > last_check):
            return latest.date
        return today()

    def row_count(self) -> int:
        return len(self._rows)

    def key(self, row: int) -> Hashable:
        return self._rows[row].person.id

    def row_of(self, key: Hashable) -> int | None:
        return self._index.get(key)  # type: ignore[call-overload]

    def value(self, row: int, column: IntEnum) -> Any:
        person, check = self._rows[row].person, self._rows[row].check
        column = CheckColumn(column)
        if column == CheckColumn.NUMBER:
            return row + 1
        if column == CheckColumn.CODE:
            return person.code
        if column == CheckColumn.NAME:
            return person.name
        if column == CheckColumn.AGE:
            return self.day.year - person.birth_year if person.birth_year else None
        if check is None:
            return "" if column == CheckColumn.NOTE else None
        if column == CheckColumn.PRESSURE:
            return (check.systolic, check.diastolic) if check.systolic is not None else None
        if column == CheckColumn.WEIGHT:
            return check.weight_kg
        if column == CheckColumn.VOLUNTEER:
            return check.volunteer_id
        return check.note

    def display(self, row: int, column: IntEnum) -> str:
        if column in (CheckColumn.PRESSURE, CheckColumn.WEIGHT) and \
                self.pending(row, column) is None:
            value = self.value(row, column)
            return format_pressure(value) if column == CheckColumn.PRESSURE else \
                format_weight(value)
        return super().display(row, column)

    def edit_text(self, row: int, column: IntEnum) -> str:
        if column in (CheckColumn.PRESSURE, CheckColumn.WEIGHT):
            return self.display(row, column)
        return super().edit_text(row, column)

    def row_label(self, row: int) -> str:
        person = self._rows[row].person
        return person_label(person)

    def is_high(self, row: int) -> bool:
        check = self._rows[row].check
        return check is not None and check.systolic is not None and (
            check.systolic >= HIGH_PRESSURE[0] or (check.diastolic or 0) >= HIGH_PRESSURE[1])

    def summary(self) -> DaySummary:
        checked = sum(1 for row in self._rows if row.check is not None)
        high = sum(1 for number in range(len(self._rows)) if self.is_high(number))
        return DaySummary(checked, high, len(self._rows))

    # ------------------------------------------------------------------ typing
    def parse(self, column: IntEnum, text: str) -> Any:
        if column == CheckColumn.PRESSURE:
            return parse_pressure(text)
        if column == CheckColumn.WEIGHT:
            return parse_weight(text)
        if column == CheckColumn.VOLUNTEER:
            return parse_person(text, self.people)
        return super().parse(column, text)

    def _input(self, row: int, overrides: dict[IntEnum, Any]) -> ActivityInput:
        current = self._rows[row].check
        data = current.as_input() if current is not None else ActivityInput(
            ActivityKind.HEALTH_CHECK, self.day, member_id=self._rows[row].person.id)
        for column, value in overrides.items():
            if column == CheckColumn.PRESSURE:
                systolic, diastolic = value if value is not None else (None, None)
                data = replace(data, systolic=systolic, diastolic=diastolic)
            elif column == CheckColumn.WEIGHT:
                data = replace(data, weight_kg=value)
            elif column == CheckColumn.VOLUNTEER:
                data = replace(data, volunteer_id=value)
            elif column == CheckColumn.NOTE:
                data = replace(data, note=value or "")
        return data

    def validate(self, row: int, column: IntEnum, value: Any) -> CellIssue | None:
        if column in (CheckColumn.PRESSURE, CheckColumn.WEIGHT):
            problems = measurement_problems(self._input(row, {column: value}))
            return CellIssue(problems[0].message) if problems else None
        if column in (CheckColumn.VOLUNTEER, CheckColumn.NOTE) and value and \
                self._rows[row].check is None:
            return CellIssue(_("Enter the blood pressure or the weight first."))
        return None

    # ------------------------------------------------------------------ saving
    def _write(self, changes: list[CellChange]) -> WriteResult:
        """Each member's check through the activities service, in one transaction: added,
        changed, or removed when no measure is left. A member refused keeps the cells
        marked; the others are saved."""
        result = WriteResult()
        by_member: dict[Hashable, list[CellChange]] = {}
        for change in changes:
            by_member.setdefault(change.key, []).append(change)
        with self._ledger.session() as session:
            for member_id, group in by_member.items():
                row = self.row_of(member_id)
                if row is None:
                    continue
                data = self._input(row, {change.column: change.new for change in group})
                current = self._rows[row].check
                try:
                    if data.systolic is None and data.weight_kg is None:
                        if current is not None:
                            remove_activity(session, current.id, self.actor)
                    elif current is not None:
                        update_activity(session, current.id, data, self.actor)
                    else:
                        add_activity(session, self.group_id, data, self.actor)
                except LedgerError as error:
                    refuse_changes(result, group, error, _FIELD_COLUMN)
                    continue
                result.saved += group
        self._reread([self.row_of(key) for key in by_member])
        return result

    def _reread(self, rows: list[int | None]) -> None:
        with self._ledger.session() as session:
            checks = {row.member_id: row for row in activities_of(
                session, self.group_id, [ActivityKind.HEALTH_CHECK], self.day, self.day)}
            self.days = check_days(session, self.group_id)
        for row in rows:
            if row is not None:
                person = self._rows[row].person
                self._rows[row] = CheckRow(person, checks.get(person.id))
