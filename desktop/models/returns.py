"""Quarterly returns received by an aggregating office (DESIGN.md §6.1), kept as data.

One ``QuarterlyReturn`` row per imported file, one ``ReturnGroup`` row per group line with
every figure an integer, and the register of communes the office expects returns from. A
commune's second return for the same quarter *replaces* the first: the first stays in the
history with status ``replaced`` and a link to its successor, and only ``current`` returns are
ever added up — at most one per commune and quarter, which a partial unique index enforces.

No Excel here: the workbook code reads a file into a ``ReturnHeader`` and ``ReturnLine``s and
hands them to :func:`store_return`, which writes them in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import cast

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    insert,
    select,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from desktop.i18n import _
from desktop.models import audit
from desktop.models.base import Base, Money
from desktop.models.clock import now
from desktop.models.collation import nfc
from desktop.models.enums import GroupKind
from desktop.models.errors import LedgerError
from desktop.models.indicators import Quarter
from desktop.models.permissions import Actor
from desktop.models.registry import COMMUNE_CODE


class ReturnStatus(StrEnum):
    CURRENT = "current"  # the return that counts for its commune and quarter
    REPLACED = "replaced"  # kept in the history; a later return took its place


class CommuneSource(StrEnum):
    """Why the office expects returns from a commune."""

    RETURN = "return"  # it has sent one
    OFFICE = "office"  # the office added it to the register


# The figures of one group line, in the order of the sheet's columns.
FIGURES = (
    "members", "female", "poor", "elderly", "meetings", "attendance", "savings",
    "loans_outstanding", "loans_count", "overdue", "social_fund", "income_fund", "cash",
    "dropouts",
)
# The figures that add up across groups (attendance is a weighted average, meetings a count
# per group).
SUMMED_FIGURES = (
    "members", "female", "poor", "elderly", "savings", "loans_outstanding", "loans_count",
    "overdue", "social_fund", "income_fund", "cash", "dropouts",
)


def quarter_index(quarter: Quarter) -> int:
    """Quarters counted from year 0, so that they compare and subtract as integers."""
    return quarter.year * 4 + quarter.number - 1


def quarter_from_index(index: int) -> Quarter:
    return Quarter(index // 4, index % 4 + 1)


# ---------------------------------------------------------------------------------------------
# What a return says (plain data, read from a workbook or from the commune's own ledger)


@dataclass(frozen=True)
class ReturnHeader:
    commune_code: str
    commune_name: str
    province: str
    year: int
    quarter: int  # 1–4
    prepared_by: str = ""
    prepared_on: dt.date | None = None
    template_version: int = 1

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)


@dataclass(frozen=True)
class ReturnLine:
    """One group of a return, as at the last day of the quarter."""

    code: str
    name: str
    kind: GroupKind
    village: str
    members: int
    female: int
    poor: int  # poor or near-poor households
    elderly: int
    meetings: int
    attendance: int  # whole percent
    savings: int
    loans_outstanding: int
    loans_count: int
    overdue: int
    social_fund: int
    income_fund: int
    cash: int
    dropouts: int
    note: str = ""
    row: int = 0  # the sheet row it came from (0: not from a sheet)


# ---------------------------------------------------------------------------------------------
# Tables


class ExpectedCommune(Base):
    """A commune the office expects a quarterly return from, from ``expected_from`` on."""

    __tablename__ = "return_communes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(5), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    province: Mapped[str] = mapped_column(String(120), default="")
    expected: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[CommuneSource] = mapped_column(String(10), default=CommuneSource.OFFICE)
    expected_from: Mapped[int] = mapped_column(Integer, default=0)  # a quarter_index
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)
    added_by: Mapped[str] = mapped_column(String(60), default="")


class QuarterlyReturn(Base):
    __tablename__ = "quarterly_returns"
    __table_args__ = (
        Index("ix_quarterly_returns_period", "year", "quarter", "status"),
        Index("ix_quarterly_returns_commune", "commune_code", "year", "quarter"),
        # At most one current return per commune and quarter: nothing is double-counted.
        Index("uq_quarterly_returns_current", "commune_code", "year", "quarter", unique=True,
              sqlite_where=text("status = 'current'"),
              postgresql_where=text("status = 'current'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_code: Mapped[str] = mapped_column(String(5))
    commune_name: Mapped[str] = mapped_column(String(120), default="")
    province: Mapped[str] = mapped_column(String(120), default="")
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    prepared_by: Mapped[str] = mapped_column(String(120), default="")
    prepared_on: Mapped[dt.date | None] = mapped_column(Date)
    template_version: Mapped[int] = mapped_column(Integer, default=1)
    file_name: Mapped[str] = mapped_column(String(260), default="")
    file_sha256: Mapped[str] = mapped_column(String(64), default="")
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    imported_by: Mapped[str] = mapped_column(String(60), default="")
    status: Mapped[ReturnStatus] = mapped_column(String(10), default=ReturnStatus.CURRENT)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("quarterly_returns.id"))
    group_count: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)


class ReturnGroup(Base):
    """One group line of an imported return; every figure a whole number."""

    __tablename__ = "return_groups"
    __table_args__ = (Index("ix_return_groups_return_kind", "return_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("quarterly_returns.id"))
    row: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(160), default="")
    kind: Mapped[GroupKind] = mapped_column(String(8))
    village: Mapped[str] = mapped_column(String(120), default="")
    members: Mapped[int] = mapped_column(Integer, default=0)
    female: Mapped[int] = mapped_column(Integer, default=0)
    poor: Mapped[int] = mapped_column(Integer, default=0)
    elderly: Mapped[int] = mapped_column(Integer, default=0)
    meetings: Mapped[int] = mapped_column(Integer, default=0)
    attendance: Mapped[int] = mapped_column(Integer, default=0)
    savings: Mapped[int] = mapped_column(Money, default=0)
    loans_outstanding: Mapped[int] = mapped_column(Money, default=0)
    loans_count: Mapped[int] = mapped_column(Integer, default=0)
    overdue: Mapped[int] = mapped_column(Money, default=0)
    social_fund: Mapped[int] = mapped_column(Money, default=0)
    income_fund: Mapped[int] = mapped_column(Money, default=0)
    cash: Mapped[int] = mapped_column(Money, default=0)
    dropouts: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(500), default="")


# The Core table, for bulk inserts (one executemany for all the lines of a return).
_RETURN_GROUPS = cast(Table, ReturnGroup.__table__)


# ---------------------------------------------------------------------------------------------
# Storing a return


@dataclass(frozen=True)
class StoredReturn:
    return_id: int
    replaced_id: int | None  # the earlier return of the same commune and quarter, if any

    @property
    def replaced(self) -> bool:
        return self.replaced_id is not None


def store_return(session: Session, header: ReturnHeader, lines: list[ReturnLine], *,
                 file_name: str, actor: Actor, file_sha256: str = "") -> StoredReturn:
    """Write a validated return in the caller's transaction (all of it, or — if the caller
    rolls back — none of it). An earlier current return of the same commune and quarter
    becomes ``replaced`` and points to this one."""
    earlier = session.scalar(
        select(QuarterlyReturn).where(
            QuarterlyReturn.commune_code == header.commune_code,
            QuarterlyReturn.year == header.year,
            QuarterlyReturn.quarter == header.quarter,
            QuarterlyReturn.status == ReturnStatus.CURRENT,
        ).with_for_update()
    )
    if earlier is not None:
        # Step aside first: the partial unique index allows one current return at a time.
        earlier.status = ReturnStatus.REPLACED
        session.flush()
    stored = QuarterlyReturn(
        commune_code=header.commune_code, commune_name=nfc(header.commune_name),
        province=nfc(header.province), year=header.year, quarter=header.quarter,
        prepared_by=nfc(header.prepared_by), prepared_on=header.prepared_on,
        template_version=header.template_version, file_name=nfc(file_name)[:260],
        file_sha256=file_sha256, imported_at=now(), imported_by=actor.name,
        status=ReturnStatus.CURRENT, group_count=len(lines),
    )
    session.add(stored)
    session.flush()
    if earlier is not None:
        earlier.replaced_by_id = stored.id
    if lines:
        # vars(), not asdict(): a line holds plain values, and asdict's deep copy of each was
        # a third of the time of storing a hundred returns.
        session.execute(insert(_RETURN_GROUPS), [
            {**vars(line), "return_id": stored.id, "kind": str(line.kind)} for line in lines])
    _expect_sender(session, header, actor)
    audit.record(session, actor, "import_return", "quarterly_return", stored.id,
                 commune=header.commune_code, quarter=str(header.period), file=file_name,
                 groups=len(lines), replaced=earlier.id if earlier is not None else None)
    return StoredReturn(stored.id, earlier.id if earlier is not None else None)


def _expect_sender(session: Session, header: ReturnHeader, actor: Actor) -> None:
    """A commune that sends a return is expected to send the next ones too."""
    index = quarter_index(header.period)
    commune = session.scalar(select(ExpectedCommune).where(
        ExpectedCommune.code == header.commune_code))
    if commune is None:
        session.add(ExpectedCommune(
            code=header.commune_code, name=nfc(header.commune_name),
            province=nfc(header.province), expected=True, source=CommuneSource.RETURN,
            expected_from=index, added_at=now(), added_by=actor.name))
        return
    commune.expected = True
    commune.expected_from = min(commune.expected_from, index)
    if header.commune_name.strip():
        commune.name = nfc(header.commune_name)
    if header.province.strip():
        commune.province = nfc(header.province)


# ---------------------------------------------------------------------------------------------
# The register of expected communes


def expect_commune(session: Session, code: str, name: str, *, actor: Actor,
                   province: str = "", from_quarter: Quarter | None = None) -> ExpectedCommune:
    """Add (or re-enable) a commune the office expects returns from, from ``from_quarter``
    on (default: every quarter)."""
    code = code.strip()
    if not COMMUNE_CODE.match(code):
        raise LedgerError(_("A commune code has exactly 5 digits, not '{code}'.").format(code=code))
    index = quarter_index(from_quarter) if from_quarter else 0
    commune = session.scalar(select(ExpectedCommune).where(ExpectedCommune.code == code))
    if commune is None:
        commune = ExpectedCommune(code=code, name=nfc(name.strip()), province=nfc(province),
                                  expected=True, source=CommuneSource.OFFICE,
                                  expected_from=index, added_at=now(), added_by=actor.name)
        session.add(commune)
    else:
        commune.expected = True
        commune.expected_from = min(commune.expected_from, index)
        if name.strip():
            commune.name = nfc(name.strip())
        if province.strip():
            commune.province = nfc(province.strip())
    session.flush()
    audit.record(session, actor, "expect_commune", "return_commune", commune.id, code=code)
    return commune


def stop_expecting(session: Session, code: str, *, actor: Actor) -> None:
    """The office no longer expects returns from this commune (merged, or not its own)."""
    commune = session.scalar(select(ExpectedCommune).where(ExpectedCommune.code == code.strip()))
    if commune is None:
        raise LedgerError(_("The commune {code} is not in the list of communes expected to "
                            "send returns.").format(code=code))
    commune.expected = False
    audit.record(session, actor, "stop_expecting", "return_commune", commune.id, code=code)


def expected_communes(session: Session) -> list[ExpectedCommune]:
    return list(session.scalars(
        select(ExpectedCommune).where(ExpectedCommune.expected.is_(True))
        .order_by(ExpectedCommune.code)))


# ---------------------------------------------------------------------------------------------
# The history


def returns_history(session: Session, quarter: Quarter | None = None,
                    commune_code: str | None = None) -> list[QuarterlyReturn]:
    """Every imported return, current and replaced, newest quarter and import first."""
    query = select(QuarterlyReturn)
    if quarter is not None:
        query = query.where(QuarterlyReturn.year == quarter.year,
                            QuarterlyReturn.quarter == quarter.number)
    if commune_code is not None:
        query = query.where(QuarterlyReturn.commune_code == commune_code)
    query = query.order_by(QuarterlyReturn.year.desc(), QuarterlyReturn.quarter.desc(),
                           QuarterlyReturn.commune_code, QuarterlyReturn.id.desc())
    return list(session.scalars(query))


def return_lines(session: Session, return_id: int) -> list[ReturnGroup]:
    return list(session.scalars(
        select(ReturnGroup).where(ReturnGroup.return_id == return_id)
        .order_by(ReturnGroup.row, ReturnGroup.id)))
