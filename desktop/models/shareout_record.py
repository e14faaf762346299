"""The final share-out of each closed cycle, kept as it was signed (DESIGN.md §3.4).

``preview`` always computes the *current* cycle from the journal; once the board closes a
cycle that computation is gone (the share-out event empties the savings and the loans). So
``close_cycle`` stores its result here, in the same transaction, and :func:`final_result`
gives back the very same ``ShareOut`` to print or reprint the signed sheet. The value per
share is kept as an exact fraction (numerator and denominator), never as a rounded number.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from desktop.i18n import _
from desktop.models.base import Base, Money
from desktop.models.enums import DebtPolicy, GroupKind
from desktop.models.errors import LedgerError
from desktop.models.group import Cycle, Group
from desktop.models.shareout import Leaver, Payout, ShareOut


class ShareOutResult(Base):
    """One row per closed cycle: the totals of its final share-out."""

    __tablename__ = "shareout_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"), unique=True)
    date: Mapped[dt.date] = mapped_column(Date)  # the share-out day (the cycle's end)
    kind: Mapped[GroupKind] = mapped_column(String(8))
    fund_value: Mapped[int] = mapped_column(Money)
    total_shares: Mapped[int | None] = mapped_column(Integer)  # VSLA only
    # The exact value per share, fund value ÷ shares, as a reduced fraction (VSLA only).
    share_value_numerator: Mapped[int | None] = mapped_column(BigInteger)
    share_value_denominator: Mapped[int | None] = mapped_column(BigInteger)
    profit: Mapped[int] = mapped_column(Money)
    rounding_unit: Mapped[int] = mapped_column(Integer)
    carry_over: Mapped[int] = mapped_column(Money)
    social_fund: Mapped[int] = mapped_column(Money)
    debt_policy: Mapped[DebtPolicy] = mapped_column(String(10))
    cash_held: Mapped[int] = mapped_column(Money)  # the loan fund's cash that day
    shortfall_reason: Mapped[str] = mapped_column(String(300), default="")

    payouts: Mapped[list[ShareOutPayout]] = relationship(
        order_by="ShareOutPayout.line", cascade="all, delete-orphan")
    leavers: Mapped[list[ShareOutLeaver]] = relationship(
        order_by="ShareOutLeaver.line", cascade="all, delete-orphan")


class ShareOutPayout(Base):
    """A member's line of the final sheet, in the sheet's order."""

    __tablename__ = "shareout_payouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("shareout_results.id"), index=True)
    line: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    # Code and name as printed that day: a later rename does not change a signed sheet.
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120))
    shares: Mapped[int] = mapped_column(Integer)
    savings: Mapped[int] = mapped_column(Money)
    gross: Mapped[int] = mapped_column(Money)
    debt: Mapped[int] = mapped_column(Money)
    netted: Mapped[int] = mapped_column(Money)
    net: Mapped[int] = mapped_column(Money)
    cut: Mapped[int] = mapped_column(Money, default=0)  # withheld for a carried shortfall


class ShareOutLeaver(Base):
    """A member who left during the cycle, listed on the sheet but not paid again."""

    __tablename__ = "shareout_leavers"

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("shareout_results.id"), index=True)
    line: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120))
    leave_date: Mapped[dt.date] = mapped_column(Date)
    paid: Mapped[int] = mapped_column(Money)


def store_result(session: Session, cycle: Cycle, on: dt.date, result: ShareOut) -> None:
    """Keep ``result`` as the final share-out of ``cycle`` (in the caller's transaction)."""
    value = result.value_per_share
    record = ShareOutResult(
        cycle_id=cycle.id, date=on, kind=result.kind, fund_value=result.fund_value,
        total_shares=result.total_shares,
        share_value_numerator=None if value is None else value.numerator,
        share_value_denominator=None if value is None else value.denominator,
        profit=result.profit, rounding_unit=result.rounding_unit,
        carry_over=result.carry_over, social_fund=result.social_fund,
        debt_policy=result.debt_policy, cash_held=result.cash_held,
        shortfall_reason=result.shortfall_reason,
        payouts=[ShareOutPayout(line=line, member_id=p.member_id, code=p.code, name=p.name,
                                shares=p.shares, savings=p.savings, gross=p.gross,
                                debt=p.debt, netted=p.netted, net=p.net, cut=p.cut)
                 for line, p in enumerate(result.payouts, start=1)],
        leavers=[ShareOutLeaver(line=line, member_id=leaver.member_id, code=leaver.code,
                                name=leaver.name, leave_date=leaver.leave_date,
                                paid=leaver.paid)
                 for line, leaver in enumerate(result.leavers, start=1)],
    )
    session.add(record)
    session.flush()


def final_record(session: Session, cycle: Cycle) -> ShareOutResult | None:
    """The stored row of ``cycle``'s final share-out, or None while it is not closed."""
    return session.scalar(select(ShareOutResult).where(ShareOutResult.cycle_id == cycle.id))


def final_result(session: Session, cycle: Cycle) -> ShareOut | None:
    """The final share-out of a closed cycle, exactly as it was made; None if there is none."""
    record = final_record(session, cycle)
    if record is None:
        return None
    value = None
    if record.share_value_numerator is not None and record.share_value_denominator is not None:
        value = Fraction(record.share_value_numerator, record.share_value_denominator)
    payouts = [Payout(p.member_id, p.code, p.name, p.shares, p.savings, p.gross, p.debt,
                      p.netted, p.net, p.cut) for p in record.payouts]
    leavers = [Leaver(leaver.member_id, leaver.code, leaver.name, leaver.leave_date,
                      leaver.paid) for leaver in record.leavers]
    return ShareOut(GroupKind(record.kind), record.fund_value, record.total_shares, value,
                    record.profit, record.rounding_unit, payouts, record.carry_over,
                    record.social_fund, leavers, DebtPolicy(record.debt_policy),
                    record.cash_held, record.shortfall_reason)


def closed_cycles(session: Session, group: Group) -> list[Cycle]:
    """The group's cycles whose final share-out is kept, the latest first."""
    return list(session.scalars(
        select(Cycle).join(ShareOutResult, ShareOutResult.cycle_id == Cycle.id)
        .where(Cycle.group_id == group.id).order_by(Cycle.number.desc())).all())


def closed_cycle_result(session: Session, group: Group, number: int) -> tuple[Cycle, ShareOut]:
    """Cycle ``number`` of ``group`` and its final share-out; refused, in words a clerk
    understands, when there is no such cycle or it has not been shared out."""
    cycle = session.scalar(select(Cycle).where(Cycle.group_id == group.id,
                                               Cycle.number == number))
    if cycle is None:
        raise LedgerError(_("The group {group} has no cycle {number}.").format(
            group=group.code, number=number))
    if not cycle.closed:
        raise LedgerError(_("Cycle {number} of the group {group} has not been shared out yet: "
                            "only a preview of its share-out can be printed.").format(
            number=number, group=group.code))
    result = final_result(session, cycle)
    if result is None:  # closed before the ledger kept final share-outs
        raise LedgerError(_("Cycle {number} of the group {group} was shared out before this "
                            "version kept the final sheet; it cannot be printed again.").format(
            number=number, group=group.code))
    return cycle, result
