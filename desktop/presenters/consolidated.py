"""The consolidated page without Qt: the quarter's figures by commune and by kind of group,
the indicators, the communes that have not sent, and the data of its two charts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from desktop.i18n import N_, _
from desktop.models.clock import today
from desktop.models.consolidation import (
    Consolidated,
    Totals,
    consolidated,
    quarters_with_returns,
    trend,
)
from desktop.models.database import Ledger
from desktop.models.enums import GroupKind
from desktop.models.formatting import format_amount
from desktop.models.indicators import Quarter
from desktop.presenters.figure import Figure
from desktop.presenters.labels import kind_short
from desktop.presenters.returns_import import quarter_text

TREND_QUARTERS = 8


class Column(IntEnum):
    NAME = 0
    GROUPS = 1
    MEMBERS = 2
    FEMALE = 3
    POOR = 4
    ELDERLY = 5
    ATTENDANCE = 6
    SAVINGS = 7
    LOANS = 8
    AT_RISK = 9
    SOCIAL_FUND = 10
    INCOME_FUND = 11
    CASH = 12
    DROPOUTS = 13


_HEADERS = {
    Column.NAME: N_("Commune"),
    Column.GROUPS: N_("Groups"),
    Column.MEMBERS: N_("Members"),
    Column.FEMALE: N_("Women (%)"),
    Column.POOR: N_("Poor, near-poor (%)"),
    Column.ELDERLY: N_("Older people (%)"),
    Column.ATTENDANCE: N_("Attendance (%)"),
    Column.SAVINGS: N_("Savings"),
    Column.LOANS: N_("Loans outstanding"),
    Column.AT_RISK: N_("Overdue (%)"),
    Column.SOCIAL_FUND: N_("Social fund"),
    Column.INCOME_FUND: N_("Income-generation fund"),
    Column.CASH: N_("Cash"),
    Column.DROPOUTS: N_("Left in the quarter"),
}
_TIPS = {
    Column.FEMALE: N_("Women among the members active on the last day of the quarter"),
    Column.POOR: N_("Members of poor or near-poor households"),
    Column.ELDERLY: N_("Older people among the members"),
    Column.ATTENDANCE: N_("Attendances ÷ (members × meetings) over the quarter"),
    Column.AT_RISK: N_("Portfolio at risk: overdue principal ÷ loans outstanding"),
    Column.INCOME_FUND: N_("Clubs' income-generation fund: its cash plus its loans"),
}
NUMERIC = frozenset(Column) - {Column.NAME}


def header(column: Column) -> str:
    return _(_HEADERS[column])


def tooltip(column: Column) -> str:
    return _(_TIPS[column]) if column in _TIPS else ""


@dataclass(frozen=True)
class Row:
    """One line of a consolidated table: a commune, a kind of group, or the total."""

    label: str
    totals: Totals
    is_total: bool = False
    code: str = ""

    def value(self, column: Column) -> int | str:
        """The raw value (sorting); percentages as whole numbers."""
        totals = self.totals
        values: dict[Column, int | str] = {
            Column.NAME: self.label, Column.GROUPS: totals.groups,
            Column.MEMBERS: totals.members, Column.FEMALE: totals.female_percent,
            Column.POOR: totals.poor_percent, Column.ELDERLY: totals.elderly_percent,
            Column.ATTENDANCE: totals.attendance_percent, Column.SAVINGS: totals.savings,
            Column.LOANS: totals.loans_outstanding,
            Column.AT_RISK: totals.portfolio_at_risk_percent,
            Column.SOCIAL_FUND: totals.social_fund, Column.INCOME_FUND: totals.income_fund,
            Column.CASH: totals.cash, Column.DROPOUTS: totals.dropouts,
        }
        return values[column]

    def display(self, column: Column) -> str:
        value = self.value(column)
        return value if isinstance(value, str) else format_amount(value)

    def tooltip(self, column: Column) -> str:
        totals = self.totals
        if column == Column.FEMALE:
            return _("{count} women of {members} members").format(
                count=format_amount(totals.female), members=format_amount(totals.members))
        if column == Column.POOR:
            return _("{count} of {members} members").format(
                count=format_amount(totals.poor), members=format_amount(totals.members))
        if column == Column.ELDERLY:
            return _("{count} of {members} members").format(
                count=format_amount(totals.elderly), members=format_amount(totals.members))
        if column == Column.AT_RISK:
            return _("{overdue} đ overdue of {loans} đ outstanding in {count} loans").format(
                overdue=format_amount(totals.overdue),
                loans=format_amount(totals.loans_outstanding), count=totals.loans_count)
        return ""


@dataclass(frozen=True)
class ConsolidatedScreen:
    """Everything the page shows for one quarter (plain data, made off the GUI thread)."""

    quarter: Quarter
    data: Consolidated
    history: list[tuple[Quarter, Totals]]
    quarters: list[Quarter]  # the quarters the clerk may choose, newest first

    @property
    def title(self) -> str:
        return _("Consolidated returns, quarter {quarter}").format(
            quarter=quarter_text(self.quarter))

    @property
    def subtitle(self) -> str:
        return _("{communes} communes sent their return, {missing} have not; {groups} groups "
                 "and clubs.").format(communes=self.data.communes,
                                      missing=len(self.data.missing), groups=self.data.groups)

    def commune_rows(self) -> list[Row]:
        rows = [Row(f"{row.code} {row.name}".strip(), row.totals, code=row.code)
                for row in self.data.by_commune]
        return [*rows, Row(_("Total"), self.data.totals, is_total=True)] if rows else []

    def kind_rows(self) -> list[Row]:
        if not self.data.by_commune:
            return []
        rows = [Row(kind_short(kind), self.data.by_kind[kind], code=str(kind))
                for kind in GroupKind]
        return [*rows, Row(_("Total"), self.data.totals, is_total=True)]

    def indicators(self) -> list[Figure]:
        totals = self.data.totals
        return [
            Figure(_("Members"), format_amount(totals.members),
                      _("in {groups} groups and clubs").format(
                          groups=format_amount(totals.groups))),
            Figure(_("Women"), f"{totals.female_percent} %",
                      _("{count} women").format(count=format_amount(totals.female))),
            Figure(_("Poor, near-poor"), f"{totals.poor_percent} %",
                      _("{count} members").format(count=format_amount(totals.poor))),
            Figure(_("Attendance"), f"{totals.attendance_percent} %",
                      _("of members at the quarter's meetings")),
            Figure(_("Portfolio at risk"), f"{totals.portfolio_at_risk_percent} %",
                      _("{overdue} đ overdue").format(overdue=format_amount(totals.overdue))),
            Figure(_("Savings"), format_amount(totals.savings) + " đ",
                      _("loans outstanding {loans} đ").format(
                          loans=format_amount(totals.loans_outstanding))),
        ]

    def missing_lines(self) -> list[str]:
        return [f"{row.code} {row.name}".strip() for row in self.data.missing]

    def by_commune_chart(self) -> list[tuple[str, int, int]]:
        """(commune, savings, loans outstanding) for the bar chart."""
        return [(row.name or row.code, row.totals.savings, row.totals.loans_outstanding)
                for row in self.data.by_commune]

    def trend_chart(self) -> list[tuple[str, int, int, int]]:
        """(quarter, savings, loans outstanding, members) for the trend chart, from the
        first quarter with returns (earlier empty quarters would draw a false rise)."""
        first = next((index for index, (_quarter, totals) in enumerate(self.history)
                      if totals.groups), len(self.history))
        return [(quarter_text(quarter), totals.savings, totals.loans_outstanding,
                 totals.members) for quarter, totals in self.history[first:]]


def default_quarter(quarters: list[Quarter]) -> Quarter:
    """The newest quarter with returns; with none, the quarter just ended."""
    return quarters[0] if quarters else Quarter.containing(today()).previous()


def load_screen(ledger: Ledger, quarter: Quarter | None = None) -> ConsolidatedScreen:
    """Query everything the page shows (opens its own session: safe on a worker thread)."""
    with ledger.session() as session:
        quarters = quarters_with_returns(session)
        chosen = quarter or default_quarter(quarters)
        if chosen not in quarters:
            quarters = sorted({*quarters, chosen}, key=lambda q: (q.year, q.number),
                              reverse=True)
        return ConsolidatedScreen(chosen, consolidated(session, chosen),
                                  trend(session, chosen, TREND_QUARTERS), quarters)
