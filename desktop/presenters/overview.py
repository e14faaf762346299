"""The commune overview: one row of key figures per group, a totals row, and the commune's
figures for the cards above the table. Qt-free; the window's table is a thin adapter.

Built from ``indicators.commune_indicators`` (SQL aggregates) on a worker thread; what
crosses to the GUI thread is these frozen dataclasses, never an ORM object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.models.enums import GroupKind
from desktop.models.formatting import format_amount
from desktop.models.indicators import GroupIndicators, commune_indicators, percent
from desktop.models.organisation import Commune
from desktop.presenters.chart_data import ChartData, commune_charts
from desktop.presenters.commune_tree import place_key
from desktop.presenters.figure import Figure
from desktop.presenters.labels import kind_badge, kind_long


class Column(IntEnum):
    """The table's columns. The village is not one: the rows come village by village, as
    in the tree beside the table."""

    CODE = 0
    NAME = 1
    KIND = 2
    MEMBERS = 3
    SAVINGS = 4
    LOANS = 5
    OVERDUE = 6
    SOCIAL_FUND = 7
    INCOME_FUND = 8
    CASH = 9
    ATTENDANCE = 10


HEADERS = {
    Column.CODE: N_("Code"),
    Column.NAME: N_("Group / club"),
    Column.KIND: N_("Kind"),
    Column.MEMBERS: N_("Members"),
    Column.SAVINGS: N_("Savings"),
    Column.LOANS: N_("Loans outstanding"),
    Column.OVERDUE: N_("Overdue"),
    Column.SOCIAL_FUND: N_("Social fund balance"),
    Column.INCOME_FUND: N_("Income-generation fund"),
    Column.CASH: N_("Cash on hand"),
    Column.ATTENDANCE: N_("Attendance this quarter"),
}
TOOLTIPS = {
    Column.LOANS: N_("Principal still owed on open loans, in đồng."),
    Column.OVERDUE: N_("Principal of loans past their due date, in đồng."),
    Column.INCOME_FUND: N_("Cash of the income-generation fund plus its loans outstanding."),
    Column.CASH: N_("Cash box and bank together, every fund included."),
    Column.ATTENDANCE: N_("Members present at the quarter's meetings, out of those "
                          "expected."),
}
NUMERIC = frozenset({Column.MEMBERS, Column.SAVINGS, Column.LOANS, Column.OVERDUE,
                     Column.SOCIAL_FUND, Column.INCOME_FUND, Column.CASH, Column.ATTENDANCE})
AMOUNTS = NUMERIC - {Column.MEMBERS, Column.ATTENDANCE}


@dataclass(frozen=True)
class OverviewRow:
    """A group's figures, or the totals (``group_id`` is ``None``)."""

    group_id: int | None
    code: str
    name: str
    kind: GroupKind | None
    village: str
    members: int
    savings: int
    loans_outstanding: int
    overdue: int
    social_fund: int
    income_fund: int
    cash: int
    attendances: int
    expected_attendances: int  # member-meetings (members who belonged at each)

    @property
    def is_total(self) -> bool:
        return self.group_id is None

    @property
    def attendance_percent(self) -> int | None:
        """``None`` when no meeting was held in the period (nothing to measure)."""
        if self.expected_attendances <= 0:
            return None
        return percent(self.attendances, self.expected_attendances)

    def raw(self, column: Column) -> int | str | None:
        """The value to sort by."""
        return {
            Column.CODE: self.code,
            Column.NAME: self.name,
            Column.KIND: self.kind.value if self.kind else "",
            Column.MEMBERS: self.members,
            Column.SAVINGS: self.savings,
            Column.LOANS: self.loans_outstanding,
            Column.OVERDUE: self.overdue,
            Column.SOCIAL_FUND: self.social_fund,
            Column.INCOME_FUND: self.income_fund,
            Column.CASH: self.cash,
            Column.ATTENDANCE: self.attendance_percent,
        }[column]

    def display(self, column: Column) -> str:
        """The text of the cell: amounts ``1.234.567``, attendance ``85%``."""
        value = self.raw(column)
        if column == Column.KIND:
            return kind_badge(self.kind) if self.kind else ""
        if column == Column.ATTENDANCE:
            return "–" if value is None else f"{value}%"
        if column in AMOUNTS or column == Column.MEMBERS:
            assert isinstance(value, int)
            return format_amount(value)
        return str(value)

    def tooltip(self, column: Column) -> str:
        if column == Column.KIND and self.kind:
            return kind_long(self.kind)
        if column == Column.ATTENDANCE and self.attendance_percent is None:
            return _("No meeting this quarter.")
        return ""


@dataclass(frozen=True)
class Overview:
    on: dt.date
    rows: tuple[OverviewRow, ...]
    total: OverviewRow

    @property
    def group_count(self) -> int:
        return len(self.rows)

    def kind_counts(self) -> dict[GroupKind, int]:
        counts = {kind: 0 for kind in GroupKind}
        for row in self.rows:
            if row.kind is not None:
                counts[row.kind] += 1
        return counts


def header(column: Column) -> str:
    return _(HEADERS[column])


def tooltip(column: Column) -> str:
    return _(TOOLTIPS[column]) if column in TOOLTIPS else ""


def row_from(figures: GroupIndicators) -> OverviewRow:
    return OverviewRow(
        group_id=figures.group_id, code=figures.code, name=figures.name, kind=figures.kind,
        village=figures.village, members=figures.members, savings=figures.savings,
        loans_outstanding=figures.loans_outstanding, overdue=figures.overdue,
        social_fund=figures.social_fund, income_fund=figures.income_fund, cash=figures.cash,
        attendances=figures.attendances,
        expected_attendances=figures.member_meetings,
    )


def build_overview(figures: list[GroupIndicators], on: dt.date) -> Overview:
    """Rows village by village, then by name, as in the commune tree; and the totals."""
    ordered = sorted(figures, key=lambda entry: (entry.village == "", place_key(entry.village),
                                                 place_key(entry.name), entry.code))
    rows = tuple(row_from(entry) for entry in ordered)
    total = OverviewRow(
        group_id=None, code="", name=_("Total"), kind=None, village="",
        members=sum(row.members for row in rows),
        savings=sum(row.savings for row in rows),
        loans_outstanding=sum(row.loans_outstanding for row in rows),
        overdue=sum(row.overdue for row in rows),
        social_fund=sum(row.social_fund for row in rows),
        income_fund=sum(row.income_fund for row in rows),
        cash=sum(row.cash for row in rows),
        attendances=sum(row.attendances for row in rows),
        expected_attendances=sum(row.expected_attendances for row in rows),
    )
    return Overview(on, rows, total)


def load_overview(session: Session, on: dt.date) -> Overview:
    """The overview of every group of the ledger at the end of ``on``."""
    return build_overview(commune_indicators(session, on), on)


def commune_cards(overview: Overview) -> list[Figure]:
    """The key figures above the table."""
    total = overview.total
    counts = overview.kind_counts()
    mix = " · ".join(f"{count} {kind_badge(kind)}" for kind, count in counts.items() if count)
    return [
        Figure(_("Groups and clubs"), format_amount(overview.group_count), mix),
        Figure(_("Members"), format_amount(total.members)),
        Figure(_("Savings"), format_amount(total.savings)),
        Figure(_("Loans outstanding"), format_amount(total.loans_outstanding),
               _("Overdue {amount}").format(amount=format_amount(total.overdue))),
        Figure(_("Cash on hand"), format_amount(total.cash)),
    ]


@dataclass(frozen=True)
class CommuneOverview:
    """Everything the overview page shows, computed in one background job."""

    commune: str
    province: str
    has_commune: bool
    overview: Overview
    charts: ChartData


def load_commune_overview(session: Session, on: dt.date) -> CommuneOverview:
    commune = session.scalar(select(Commune).order_by(Commune.id))
    return CommuneOverview(
        commune=commune.name if commune else "",
        province=commune.province if commune else "",
        has_commune=commune is not None,
        overview=load_overview(session, on),
        charts=commune_charts(session, on),
    )
