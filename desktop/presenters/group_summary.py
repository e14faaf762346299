"""A group's page: the header (name, kind, village, cycle, key figures) and the figures of its
"Summary" tab. Qt-free, built on a worker thread from ``indicators.group_indicators``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models.enums import GroupKind
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_amount, format_date
from desktop.models.group import Group
from desktop.models.indicators import GroupIndicators, Quarter, group_indicators
from desktop.presenters.figure import Figure


@dataclass(frozen=True)
class GroupSummary:
    group_id: int
    code: str
    name: str
    kind: GroupKind
    village: str
    cycle_number: int
    cycle_start: dt.date
    cycle_closed: bool
    elderly_age: int
    on: dt.date
    figures: GroupIndicators

    @property
    def is_club(self) -> bool:
        return self.kind == GroupKind.ISHC

    def subtitle(self) -> str:
        """``Thôn Đông · mã HS01 · chu kỳ 2 từ 01/01/2026``."""
        parts = [self.village] if self.village else []
        parts.append(_("code {code}").format(code=self.code))
        parts.append(_("cycle {number} since {date}").format(
            number=self.cycle_number, date=format_date(self.cycle_start)))
        return " · ".join(parts)

    def cards(self) -> list[Figure]:
        """The four key figures of the page header."""
        f = self.figures
        fund = (Figure(_("Income-generation fund"), format_amount(f.income_fund),
                       _("Seed capital {amount} đồng").format(
                           amount=format_amount(f.seed_capital)))
                if self.is_club else Figure(_("Savings"), format_amount(f.savings)))
        return [
            Figure(_("Members"), format_amount(f.members)),
            fund,
            Figure(_("Loans outstanding"), format_amount(f.loans_outstanding),
                   _("{count} loans").format(count=f.loans_count)),
            Figure(_("Cash on hand"), format_amount(f.cash)),
        ]

    def details(self) -> list[Figure]:
        """Every figure of the group, in the order of the quarterly report."""
        f = self.figures
        quarter = Quarter.containing(self.on)
        rows = [
            Figure(_("Members"), format_amount(f.members)),
            Figure(_("of whom women"), format_amount(f.female), level=1),
        ]
        if self.is_club or f.elderly:
            rows.append(Figure(_("of whom older people ({age}+)").format(age=self.elderly_age),
                               format_amount(f.elderly), level=1))
        rows += [
            Figure(_("of whom poor or near-poor households"), format_amount(f.poor), level=1),
            Figure(_("Members who left this quarter"), format_amount(f.dropouts)),
            Figure(_("Meetings this quarter"), format_amount(f.meetings)),
            Figure(_("Attendance this quarter"),
                   f"{f.attendance_percent}%" if f.meetings else "–"),
        ]
        if not self.is_club or f.savings:
            rows.append(Figure(_("Savings"), format_amount(f.savings)))
        rows += [
            Figure(_("Loans outstanding"), format_amount(f.loans_outstanding),
                   _("{count} loans").format(count=f.loans_count)),
            Figure(_("Overdue"), format_amount(f.overdue),
                   _("Portfolio at risk {percent}%").format(
                       percent=f.portfolio_at_risk_percent)),
            Figure(_("Social fund balance"), format_amount(f.social_fund)),
        ]
        if self.is_club or f.income_fund:
            rows.append(Figure(_("Income-generation fund"), format_amount(f.income_fund)))
            rows.append(Figure(_("Seed capital"), format_amount(f.seed_capital)))
        if self.is_club or f.operating_fund:
            rows.append(Figure(_("Operating fund"), format_amount(f.operating_fund)))
        rows += [
            Figure(_("Cash on hand"), format_amount(f.cash)),
            Figure(_("Interest and fines this quarter"), format_amount(f.interest_and_fines),
                   _("Quarter {quarter}").format(quarter=_quarter_name(quarter))),
        ]
        return rows


def _quarter_name(quarter: Quarter) -> str:
    roman = ("I", "II", "III", "IV")[quarter.number - 1]
    return f"{roman}/{quarter.year}"


def load_group_summary(session: Session, group_id: int, on: dt.date) -> GroupSummary:
    group = session.get(Group, group_id)
    if group is None:
        raise LedgerError(_("This group is no longer in the ledger."))
    cycle = group.current_cycle
    return GroupSummary(
        group_id=group.id, code=group.code, name=group.name, kind=GroupKind(group.kind),
        village=group.village.name if group.village else "", cycle_number=cycle.number,
        cycle_start=cycle.start_date, cycle_closed=cycle.closed,
        elderly_age=group.elderly_age, on=on,
        figures=group_indicators(session, group, on),
    )
