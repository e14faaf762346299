"""The consolidated picture of the communes' current returns for a quarter.

Everything is added up by the database (one ``GROUP BY`` over the quarter's current returns,
served by the period index), so a province with thousands of returns is as quick as a
district with ten. Replaced returns never count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.enums import GroupKind
from desktop.models.indicators import Quarter, percent
from desktop.models.returns import (
    SUMMED_FIGURES,
    ExpectedCommune,
    QuarterlyReturn,
    ReturnGroup,
    ReturnStatus,
    quarter_from_index,
    quarter_index,
)


@dataclass(frozen=True)
class Totals:
    """Figures added up over some groups, with the indicators derived from them."""

    groups: int = 0
    members: int = 0
    female: int = 0
    poor: int = 0
    elderly: int = 0
    savings: int = 0
    loans_outstanding: int = 0
    loans_count: int = 0
    overdue: int = 0
    social_fund: int = 0
    income_fund: int = 0
    cash: int = 0
    dropouts: int = 0
    meetings: int = 0
    # Attendance is averaged over member-meetings: Σ(percent × members × meetings) and
    # Σ(members × meetings), so a club of 70 weighs more than a group of 15.
    attendance_weighted: int = 0
    member_meetings: int = 0

    def __add__(self, other: Totals) -> Totals:
        return Totals(**{f.name: getattr(self, f.name) + getattr(other, f.name)
                         for f in fields(self)})

    @property
    def female_percent(self) -> int:
        return percent(self.female, self.members)

    @property
    def poor_percent(self) -> int:
        return percent(self.poor, self.members)

    @property
    def elderly_percent(self) -> int:
        return percent(self.elderly, self.members)

    @property
    def portfolio_at_risk_percent(self) -> int:
        return percent(self.overdue, self.loans_outstanding)

    @property
    def attendance_percent(self) -> int:
        return percent(self.attendance_weighted, 100 * self.member_meetings)

    def figures(self) -> dict[str, int]:
        """The summed figures, as the JSON ``totals`` object holds them."""
        return {name: getattr(self, name) for name in SUMMED_FIGURES}


@dataclass(frozen=True)
class CommuneTotals:
    code: str
    name: str
    province: str
    return_id: int
    file_name: str
    imported_at: dt.datetime
    prepared_by: str
    totals: Totals
    by_kind: dict[GroupKind, Totals] = field(default_factory=dict)


@dataclass(frozen=True)
class MissingCommune:
    code: str
    name: str
    province: str


@dataclass(frozen=True)
class Consolidated:
    quarter: Quarter
    totals: Totals
    by_kind: dict[GroupKind, Totals]
    by_commune: list[CommuneTotals]
    missing: list[MissingCommune]

    @property
    def communes(self) -> int:
        return len(self.by_commune)

    @property
    def groups(self) -> int:
        return self.totals.groups

    def as_json(self) -> dict[str, Any]:
        """The object ``consolidated --json`` prints."""
        return {
            "quarter": str(self.quarter),
            "communes": self.communes,
            "groups": self.groups,
            "totals": self.totals.figures(),
            "by_kind": {str(kind): {"groups": totals.groups, **totals.figures()}
                        for kind, totals in self.by_kind.items()},
            "by_commune": [
                {"code": row.code, "name": row.name, "province": row.province,
                 "groups": row.totals.groups, **row.totals.figures()}
                for row in self.by_commune
            ],
            "missing": [{"code": row.code, "name": row.name} for row in self.missing],
        }


def _sum_columns() -> list[Any]:
    return [
        func.count(ReturnGroup.id),
        *(func.coalesce(func.sum(getattr(ReturnGroup, name)), 0) for name in SUMMED_FIGURES),
        func.coalesce(func.sum(ReturnGroup.meetings), 0),
        func.coalesce(func.sum(ReturnGroup.attendance * ReturnGroup.members
                               * ReturnGroup.meetings), 0),
        func.coalesce(func.sum(ReturnGroup.members * ReturnGroup.meetings), 0),
    ]


def _totals(values: Any) -> Totals:
    numbers = [int(value or 0) for value in values]
    names = ["groups", *SUMMED_FIGURES, "meetings", "attendance_weighted", "member_meetings"]
    return Totals(**dict(zip(names, numbers, strict=True)))


def _current(quarter: Quarter) -> list[Any]:
    return [QuarterlyReturn.year == quarter.year, QuarterlyReturn.quarter == quarter.number,
            QuarterlyReturn.status == ReturnStatus.CURRENT]


def consolidated(session: Session, quarter: Quarter) -> Consolidated:
    """The quarter's current returns added up, by commune and by group kind, with the
    communes expected but missing."""
    rows = session.execute(
        select(QuarterlyReturn.id, ReturnGroup.kind, *_sum_columns())
        .join(ReturnGroup, ReturnGroup.return_id == QuarterlyReturn.id)
        .where(*_current(quarter))
        .group_by(QuarterlyReturn.id, ReturnGroup.kind)
    ).all()
    per_return: dict[int, dict[GroupKind, Totals]] = {}
    for return_id, kind, *values in rows:
        per_return.setdefault(return_id, {})[GroupKind(kind)] = _totals(values)
    returns = session.scalars(
        select(QuarterlyReturn).where(*_current(quarter)).order_by(QuarterlyReturn.commune_code)
    ).all()
    by_commune = []
    by_kind = {kind: Totals() for kind in GroupKind}
    for stored in returns:
        kinds = per_return.get(stored.id, {})
        total = Totals()
        for kind, totals in kinds.items():
            total = total + totals
            by_kind[kind] = by_kind[kind] + totals
        by_commune.append(CommuneTotals(
            code=stored.commune_code, name=stored.commune_name, province=stored.province,
            return_id=stored.id, file_name=stored.file_name, imported_at=stored.imported_at,
            prepared_by=stored.prepared_by, totals=total, by_kind=dict(kinds)))
    grand = Totals()
    for totals in by_kind.values():
        grand = grand + totals
    return Consolidated(quarter=quarter, totals=grand, by_kind=by_kind,
                        by_commune=by_commune, missing=missing_communes(session, quarter))


def missing_communes(session: Session, quarter: Quarter) -> list[MissingCommune]:
    """Communes expected for ``quarter`` that have no current return for it."""
    sent = select(QuarterlyReturn.commune_code).where(*_current(quarter))
    rows = session.scalars(
        select(ExpectedCommune).where(
            ExpectedCommune.expected.is_(True),
            ExpectedCommune.expected_from <= quarter_index(quarter),
            ExpectedCommune.code.not_in(sent),
        ).order_by(ExpectedCommune.code)
    ).all()
    return [MissingCommune(row.code, row.name, row.province) for row in rows]


def trend(session: Session, last: Quarter, count: int = 8) -> list[tuple[Quarter, Totals]]:
    """The consolidated totals of the ``count`` quarters ending with ``last`` (quarters
    without returns give zero totals), oldest first — for the trend chart."""
    first = quarter_from_index(quarter_index(last) - count + 1)
    rows = session.execute(
        select(QuarterlyReturn.year, QuarterlyReturn.quarter, *_sum_columns())
        .join(ReturnGroup, ReturnGroup.return_id == QuarterlyReturn.id)
        .where(QuarterlyReturn.year >= first.year, QuarterlyReturn.year <= last.year,
               QuarterlyReturn.status == ReturnStatus.CURRENT)
        .group_by(QuarterlyReturn.year, QuarterlyReturn.quarter)
    ).all()
    found = {Quarter(year, number): _totals(values) for year, number, *values in rows}
    quarters = [quarter_from_index(index)
                for index in range(quarter_index(first), quarter_index(last) + 1)]
    return [(quarter, found.get(quarter, Totals())) for quarter in quarters]


def quarters_with_returns(session: Session) -> list[Quarter]:
    """Quarters for which at least one return was imported, newest first."""
    rows = session.execute(
        select(QuarterlyReturn.year, QuarterlyReturn.quarter).distinct()
        .order_by(QuarterlyReturn.year.desc(), QuarterlyReturn.quarter.desc())
    ).all()
    return [Quarter(year, number) for year, number in rows]
