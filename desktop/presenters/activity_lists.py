"""An ISHC club's home-care visits and its events and self-help cases as editable lists,
and the activity counts month by month, without Qt.

A visit names the volunteer and the member visited; an event its title and how many took
part; a self-help case what help was given (and to whom). New ones come from a dialog
(``add``); a cell edited in the list saves at once through the activities service, which
refuses, with a located sentence, what cannot be right.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import replace
from enum import IntEnum, StrEnum
from typing import Any

from desktop.i18n import N_, _
from desktop.models.activities import (
    ActivityInput,
    ActivityRejected,
    ActivityRow,
    ActivityYear,
    MonthCounts,
    Person,
    activities_of,
    activity_year,
    add_activity,
    club_people,
    remove_activity,
    update_activity,
)
from desktop.models.clock import today
from desktop.models.database import Ledger
from desktop.models.enums import ActivityKind
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_date
from desktop.models.group import Group
from desktop.models.permissions import Actor
from desktop.presenters.activities import parse_person, person_choices, refuse_changes
from desktop.presenters.book_labels import activity_label
from desktop.presenters.cells import CellKind, Choice
from desktop.presenters.entry_rights import EntryGrid
from desktop.presenters.listing import ListingPresenter
from desktop.presenters.periods import Period, PeriodShown
from desktop.presenters.table import CellChange, CellIssue, WriteResult


class ListKind(StrEnum):
    VISITS = "visits"
    EVENTS = "events"


LIST_KINDS = {ListKind.VISITS: (ActivityKind.HOME_VISIT,),
              ListKind.EVENTS: (ActivityKind.EVENT, ActivityKind.SELF_HELP)}


class ListColumn(IntEnum):
    NUMBER = 0
    DATE = 1
    KIND = 2
    TITLE = 3
    MEMBER = 4
    VOLUNTEER = 5
    PARTICIPANTS = 6
    NOTE = 7


_FIELD_COLUMN = {"date": ListColumn.DATE, "member": ListColumn.MEMBER,
                 "volunteer": ListColumn.VOLUNTEER, "title": ListColumn.TITLE,
                 "participants": ListColumn.PARTICIPANTS}
_ATTRIBUTE = {ListColumn.DATE: "date", ListColumn.KIND: "kind", ListColumn.TITLE: "title",
              ListColumn.MEMBER: "member_id", ListColumn.VOLUNTEER: "volunteer_id",
              ListColumn.PARTICIPANTS: "participants", ListColumn.NOTE: "note"}


class ActivityListPresenter(PeriodShown, EntryGrid):
    """The visits (``ListKind.VISITS``) or the events and self-help cases of a period."""

    Column = ListColumn
    kinds = {  # noqa: RUF012 - read-only class table
        ListColumn.NUMBER: CellKind.COUNT, ListColumn.DATE: CellKind.DATE,
        ListColumn.KIND: CellKind.CHOICE, ListColumn.MEMBER: CellKind.CHOICE,
        ListColumn.VOLUNTEER: CellKind.CHOICE, ListColumn.PARTICIPANTS: CellKind.COUNT,
    }
    editable_columns = frozenset(set(ListColumn) - {ListColumn.NUMBER})

    def __init__(self, ledger: Ledger, actor: Actor, group_id: int, kind: ListKind) -> None:
        super().__init__()
        self._ledger = ledger
        self.actor = actor
        self.group_id = group_id
        self.list_kind = ListKind(kind)
        self.people: list[Person] = []
        self._rows: list[ActivityRow] = []
        self._index: dict[int, int] = {}
        self.new_row: int | None = None  # where ``add`` put the activity
        with ledger.session() as session:
            group = session.get(Group, group_id)
            if group is None:
                raise LedgerError(_("This group no longer exists in the ledger."))
            self._cycle_start = group.current_cycle.start_date
            self._first_start = group.cycles[0].start_date
        self.period = Period.QUARTER
        self._period_up_to_today()
        self.reload()

    # ------------------------------------------------------------------ shape
    @property
    def columns(self) -> list[IntEnum]:
        if self.list_kind == ListKind.VISITS:
            return [ListColumn.NUMBER, ListColumn.DATE, ListColumn.MEMBER,
                    ListColumn.VOLUNTEER, ListColumn.NOTE]
        return [ListColumn.NUMBER, ListColumn.DATE, ListColumn.KIND, ListColumn.TITLE,
                ListColumn.PARTICIPANTS, ListColumn.MEMBER, ListColumn.NOTE]

    @property
    def total_columns(self) -> frozenset[IntEnum]:  # type: ignore[override]
        return frozenset({ListColumn.PARTICIPANTS}) if self.list_kind == ListKind.EVENTS \
            else frozenset()

    @property
    def totals_label_column(self) -> IntEnum:  # type: ignore[override]
        return ListColumn.TITLE

    def headers(self) -> dict[IntEnum, str]:
        visits = self.list_kind == ListKind.VISITS
        return {
            ListColumn.NUMBER: _("No."), ListColumn.DATE: _("Date"),
            ListColumn.KIND: _("Kind"), ListColumn.TITLE: _("What"),
            ListColumn.MEMBER: _("Member visited") if visits else _("Member helped"),
            ListColumn.VOLUNTEER: _("Volunteer"), ListColumn.PARTICIPANTS: _("People taking part"),
            ListColumn.NOTE: _("Note"),
        }

    def choices(self, column: IntEnum) -> list[Choice]:
        if column == ListColumn.KIND:
            return [Choice(kind, activity_label(kind)) for kind in LIST_KINDS[self.list_kind]]
        if column in (ListColumn.MEMBER, ListColumn.VOLUNTEER):
            return person_choices(self.people)
        return []

    # ------------------------------------------------------------------ rows
    def reload(self) -> None:
        with self._ledger.session() as session:
            self.people = club_people(session, self.group_id)
            self._rows = activities_of(session, self.group_id, LIST_KINDS[self.list_kind],
                                       self.start, self.end)
        self._index = {row.id: number for number, row in enumerate(self._rows)}
        self._pending.clear()
        self._notify_reset()

    def row_count(self) -> int:
        return len(self._rows)

    def key(self, row: int) -> Hashable:
        return self._rows[row].id

    def row_of(self, key: Hashable) -> int | None:
        return self._index.get(key)  # type: ignore[call-overload]

    def activity(self, row: int) -> ActivityRow:
        return self._rows[row]

    def value(self, row: int, column: IntEnum) -> Any:
        if column == ListColumn.NUMBER:
            return row + 1
        return getattr(self._rows[row], _ATTRIBUTE[ListColumn(column)])

    def row_label(self, row: int, lower: bool = False) -> str:
        """"Sự kiện ngày 01/10/2026" (``lower``: inside a sentence)."""
        item = self._rows[row]
        what = activity_label(item.kind)
        return _("{what} of {date}").format(what=what.lower() if lower else what,
                                             date=format_date(item.date))

    # ------------------------------------------------------------------ typing
    def parse(self, column: IntEnum, text: str) -> Any:
        if column in (ListColumn.MEMBER, ListColumn.VOLUNTEER):
            return parse_person(text, self.people)
        return super().parse(column, text)

    def validate(self, row: int, column: IntEnum, value: Any) -> CellIssue | None:
        if column == ListColumn.DATE and value is None:
            return CellIssue(_("Please enter a date."))
        return super().validate(row, column, value)

    def _write(self, changes: list[CellChange]) -> WriteResult:
        """Each activity changed through the service, in one transaction; one refused keeps
        its cells marked, the others are saved."""
        result = WriteResult()
        by_activity: dict[Hashable, list[CellChange]] = {}
        for change in changes:
            by_activity.setdefault(change.key, []).append(change)
        with self._ledger.session() as session:
            for activity_id, group in by_activity.items():
                row = self.row_of(activity_id)
                if row is None:
                    continue
                data = replace(self._rows[row].as_input(), **{
                    _ATTRIBUTE[ListColumn(change.column)]: change.new for change in group})
                try:
                    update_activity(session, int(activity_id), data,  # type: ignore[call-overload]
                                    self.actor)
                except LedgerError as error:
                    refuse_changes(result, group, error, _FIELD_COLUMN)
                    continue
                result.saved += group
                self._rows[row] = replace(self._rows[row], **{
                    field: getattr(data, field) for field in (
                        "date", "kind", "title", "member_id", "volunteer_id", "participants",
                        "note")})
        return result

    # ------------------------------------------------------------------ add, remove
    def add(self, data: ActivityInput) -> list[str]:
        """Record a new activity; the problems found (empty when it was saved)."""
        try:
            with self._ledger.session() as session:
                new_id = add_activity(session, self.group_id, data, self.actor)
        except ActivityRejected as error:
            return [problem.message for problem in error.problems]
        except LedgerError as error:
            return [str(error)]
        if not self.start <= data.date <= self.end:
            self.period = Period.CUSTOM  # show the period the new activity falls in
            self.start, self.end = min(self.start, data.date), max(self.end, data.date)
        self.reload()
        self.new_row = self.row_of(new_id)
        self._say(_("{what} of {date} recorded.").format(
            what=activity_label(data.kind).lower(), date=format_date(data.date)))
        return []

    def remove(self, row: int) -> bool:
        """Take out an activity recorded by mistake."""
        item = self._rows[row]
        label = self.row_label(row, lower=True)
        try:
            with self._ledger.session() as session:
                remove_activity(session, item.id, self.actor)
        except LedgerError as error:
            self._say(str(error))
            return False
        self.reload()
        self._say(_("{what} was taken out of the list.").format(what=label))
        return True


class CountColumn(IntEnum):
    MONTH = 0
    HEALTH_CHECKS = 1
    PEOPLE_CHECKED = 2
    HOME_VISITS = 3
    PEOPLE_VISITED = 4
    EVENTS = 5
    PARTICIPANTS = 6
    SELF_HELP = 7


_COUNT_HEADERS = {
    CountColumn.MONTH: N_("Month"), CountColumn.HEALTH_CHECKS: N_("Health checks"),
    CountColumn.PEOPLE_CHECKED: N_("People checked"),
    CountColumn.HOME_VISITS: N_("Home-care visits"),
    CountColumn.PEOPLE_VISITED: N_("People visited"), CountColumn.EVENTS: N_("Events"),
    CountColumn.PARTICIPANTS: N_("People at events"),
    CountColumn.SELF_HELP: N_("Self-help cases"),
}
_COUNT_FIELD = {
    CountColumn.HEALTH_CHECKS: "health_checks", CountColumn.PEOPLE_CHECKED: "people_checked",
    CountColumn.HOME_VISITS: "home_visits", CountColumn.PEOPLE_VISITED: "people_visited",
    CountColumn.EVENTS: "events", CountColumn.PARTICIPANTS: "participants",
    CountColumn.SELF_HELP: "self_help",
}


class MonthlyCountsPresenter(ListingPresenter[MonthCounts]):
    """What the club did each month of ``year``; the totals row is the year's, where a
    person checked in several months counts once."""

    kinds = {column: CellKind.COUNT for column in _COUNT_FIELD}  # noqa: RUF012
    total_columns = frozenset(_COUNT_FIELD)
    totals_label_column = CountColumn.MONTH
    unsortable = frozenset(CountColumn)

    def __init__(self, ledger: Ledger, group_id: int) -> None:
        super().__init__()
        self._ledger = ledger
        self.group_id = group_id
        self.year = today().year
        self._year: ActivityYear | None = None
        with ledger.session() as session:
            group = session.get(Group, group_id)
            if group is None:
                raise LedgerError(_("This group no longer exists in the ledger."))
            founded = group.founded_on or group.cycles[0].start_date
        self.years = list(range(today().year, min(founded.year, today().year) - 1, -1))
        self.reload()

    @property
    def columns(self) -> list[IntEnum]:
        return list(CountColumn)

    def headers(self) -> dict[IntEnum, str]:
        return {column: _(text) for column, text in _COUNT_HEADERS.items()}

    def reload(self) -> None:
        with self._ledger.session() as session:
            self._year = activity_year(session, self.group_id, self.year)
        last = 12 if self.year < today().year else today().month
        self.set_rows(self._year.months[:last])  # months to come would only show zeros

    def set_year(self, year: int) -> None:
        if year != self.year:
            self.year = year
            self.reload()

    def row_key(self, item: MonthCounts) -> Hashable:
        return item.month

    def cell(self, item: MonthCounts, column: IntEnum) -> Any:
        if column == CountColumn.MONTH:
            return _("Month {number}/{year}").format(number=item.month, year=self.year)
        return getattr(item, _COUNT_FIELD[CountColumn(column)])

    def totals_label(self) -> str:
        return _("Year {year}").format(year=self.year)

    def total(self, column: IntEnum) -> int | None:
        if column not in _COUNT_FIELD or self._year is None:
            return None
        return int(getattr(self._year.total, _COUNT_FIELD[CountColumn(column)]))

    def year_total(self) -> MonthCounts | None:
        return self._year.total if self._year is not None else None
