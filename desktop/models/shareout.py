"""Share-out (tất toán chu kỳ / chia lãi) for VSLA and ASCA groups — DESIGN.md §3.4.

``compute`` is pure arithmetic on plain values; ``preview`` gathers those values from the
journal; ``close_cycle`` posts the share-out and opens the next cycle. Nothing vanishes:
``Σ paid + Σ debts netted + carry-over == fund value`` to the đồng.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import audit
from desktop.models.balances import account_balances, fund_position, member_savings
from desktop.models.enums import Account, DebtPolicy, EventKind, GroupKind, LoanFund, ProfitBasis
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_date
from desktop.models.group import Cycle, Group
from desktop.models.interest import round_down_to_unit
from desktop.models.journal import Event, JournalLine
from desktop.models.loans import member_open_loans
from desktop.models.meeting import Meeting
from desktop.models.member import Member
from desktop.models.permissions import Action, Actor, require
from desktop.models.posting import EventSpec, Line, post


@dataclass(frozen=True)
class Holding:
    """A member's stake in the cycle, as share-out needs it."""

    member_id: int
    code: str
    name: str
    shares: int
    savings: int
    weight: int  # savings, or đồng × days, per the constitution
    debt: int  # loan-fund principal still owed


@dataclass(frozen=True)
class Payout:
    member_id: int
    code: str
    name: str
    shares: int
    savings: int
    gross: int
    debt: int
    netted: int  # the part of the debt taken from the gross
    net: int  # gross − debt; below zero the member still owes the rest

    @property
    def paid(self) -> int:
        return self.gross - self.netted


@dataclass(frozen=True)
class Leaver:
    member_id: int
    code: str
    name: str
    leave_date: dt.date
    paid: int


@dataclass(frozen=True)
class ShareOut:
    kind: GroupKind
    fund_value: int
    total_shares: int | None
    value_per_share: Fraction | None
    profit: int
    rounding_unit: int
    payouts: list[Payout]
    carry_over: int
    social_fund: int
    leavers: list[Leaver]
    debt_policy: DebtPolicy = DebtPolicy.NET

    @property
    def total_paid(self) -> int:
        return sum(p.paid for p in self.payouts)

    @property
    def total_netted(self) -> int:
        return sum(p.netted for p in self.payouts)

    @property
    def total_gross(self) -> int:
        return sum(p.gross for p in self.payouts)

    @property
    def blocking_debtors(self) -> list[Payout]:
        """Members whose debts block the share-out when the constitution says so."""
        if self.debt_policy != DebtPolicy.BLOCK:
            return []
        return [p for p in self.payouts if p.debt > 0]


def compute(
    kind: GroupKind,
    fund_value: int,
    holdings: list[Holding],
    rounding_unit: int,
    *,
    social_fund: int = 0,
    leavers: list[Leaver] | None = None,
    debt_policy: DebtPolicy = DebtPolicy.NET,
) -> ShareOut:
    """Divide ``fund_value`` among ``holdings``; grosses rounded down to the unit."""
    if kind == GroupKind.ISHC:
        raise LedgerError(_("A club's funds are not shared out."))
    total_shares: int | None = None
    value: Fraction | None = None
    profit = 0
    exact: dict[int, Fraction] = {}
    if kind == GroupKind.VSLA:
        total_shares = sum(h.shares for h in holdings)
        if total_shares > 0:
            value = Fraction(fund_value, total_shares)
            exact = {h.member_id: h.shares * value for h in holdings}
    else:
        total_savings = sum(h.savings for h in holdings)
        profit = fund_value - total_savings
        weights = {h.member_id: h.weight for h in holdings}
        # A loss is borne in proportion to savings: weighted by time, an early saver's share
        # could fall below zero, and rounding it up to 0 would pay out money the group does
        # not have. With no đồng-days at all (every deposit on the share-out day) the profit
        # is shared by savings too, rather than all carried over.
        if profit < 0 or sum(weights.values()) <= 0:
            weights = {h.member_id: h.savings for h in holdings}
        total_weight = sum(weights.values())
        for h in holdings:
            weight = weights[h.member_id]
            share = Fraction(profit * weight, total_weight) if total_weight else Fraction(0)
            exact[h.member_id] = h.savings + share
    payouts = []
    for h in holdings:
        gross = max(round_down_to_unit(exact.get(h.member_id, Fraction(0)), rounding_unit), 0)
        netted = min(h.debt, gross) if debt_policy == DebtPolicy.NET else 0
        payouts.append(Payout(h.member_id, h.code, h.name, h.shares, h.savings, gross, h.debt,
                              netted, gross - h.debt))
    carry_over = fund_value - sum(p.gross for p in payouts)
    return ShareOut(kind, fund_value, total_shares, value, profit, rounding_unit, payouts,
                    carry_over, social_fund, list(leavers or []), debt_policy)


def _shares_in_cycle(session: Session, cycle_id: int) -> dict[int, int]:
    rows = session.execute(
        select(Event.member_id, func.sum(Event.quantity))
        .where(Event.cycle_id == cycle_id, Event.kind == EventKind.SHARE_PURCHASE)
        .group_by(Event.member_id)
    )
    return {member_id: int(total or 0) for member_id, total in rows if member_id is not None}


def _dong_days(session: Session, group_id: int, cycle_id: int, on: dt.date) -> dict[int, int]:
    """Σ deposit × days from its date to ``on``, per member (withdrawals count negative)."""
    rows = session.execute(
        select(JournalLine.member_id, JournalLine.date, func.sum(JournalLine.amount))
        .join(Event, Event.id == JournalLine.event_id)
        .where(
            JournalLine.group_id == group_id,
            JournalLine.account == Account.SAVINGS,
            Event.cycle_id == cycle_id,
            Event.kind != EventKind.SHARE_OUT,
            JournalLine.date <= on,
        )
        .group_by(JournalLine.member_id, JournalLine.date)
    )
    weights: dict[int, int] = defaultdict(int)
    for member_id, day, total in rows:
        if member_id is None:  # savings lines always name their member
            continue
        weights[member_id] += -int(total) * max((on - day).days, 0)
    return weights


def share_out_date(session: Session, cycle: Cycle) -> dt.date:
    """For a preview: the cycle's last meeting (or its start when none was held)."""
    last = session.scalar(select(func.max(Meeting.date)).where(Meeting.cycle_id == cycle.id))
    return last or cycle.start_date


def preview(session: Session, group: Group, on: dt.date | None = None) -> ShareOut:
    """The share-out of the current cycle as it would be at ``on`` (a projection)."""
    cycle = group.current_cycle
    # Without a date: everything recorded so far, weighted to the cycle's last meeting. With
    # one: the fund and savings as they stood at the end of that day.
    as_of = on
    on = on or share_out_date(session, cycle)
    position = fund_position(session, group.id, as_of)
    savings = member_savings(session, group.id, as_of)
    shares = _shares_in_cycle(session, cycle.id)
    weights = (
        _dong_days(session, group.id, cycle.id, on)
        if group.kind == GroupKind.ASCA and cycle.profit_basis == ProfitBasis.DONG_DAYS
        else savings
    )
    members = session.scalars(
        select(Member).where(Member.group_id == group.id).order_by(Member.sort_key)
    ).all()
    holdings, leavers = [], []
    for member in members:
        balance = savings.get(member.id, 0)
        if member.leave_date is not None and balance == 0:
            if member.leave_date >= cycle.start_date:
                paid = session.scalar(select(func.sum(Event.amount)).where(
                    Event.member_id == member.id, Event.kind == EventKind.LEAVER_PAYOUT,
                    Event.cycle_id == cycle.id)) or 0
                leavers.append(Leaver(member.id, member.code, member.full_name,
                                      member.leave_date, int(paid)))
            continue
        if balance == 0 and member.join_date > on:
            continue
        debt = sum(balance for _loan, balance in member_open_loans(
            session, group.id, member.id, LoanFund.LOAN_FUND))
        holdings.append(Holding(
            member.id, member.code, member.full_name, shares.get(member.id, 0),
            savings.get(member.id, 0), weights.get(member.id, 0), debt,
        ))
    return compute(group.kind, position.fund_value, holdings, cycle.rounding_unit,
                   social_fund=position.social_fund, leavers=leavers,
                   debt_policy=cycle.debt_policy)


def close_cycle(session: Session, group: Group, on: dt.date, actor: Actor) -> Cycle:
    """Make the share-out final (board only): pay out, net debts, carry the rest over and
    open the next cycle with the same constitution. Returns the new cycle."""
    require(actor, Action.SHARE_OUT)
    cycle = group.current_cycle
    if group.kind == GroupKind.ISHC:
        raise LedgerError(_("A club's funds are not shared out."))
    open_meetings = session.scalar(select(func.count(Meeting.id)).where(
        Meeting.cycle_id == cycle.id, Meeting.status == "open"))
    if open_meetings:
        raise LedgerError(_("Close every meeting of the cycle before the share-out."))
    last = share_out_date(session, cycle)
    if on < last:
        raise LedgerError(_("The share-out date is before the cycle's last meeting."))
    later = session.scalar(select(func.max(JournalLine.date)).where(
        JournalLine.group_id == group.id))
    if later is not None and later > on:
        raise LedgerError(_("Money was recorded after the share-out date ({date}); choose a "
                            "later date.").format(date=format_date(later)))
    result = preview(session, group, on)
    if result.blocking_debtors:
        raise LedgerError(_("The constitution blocks the share-out until every loan is repaid: "
                            "{codes}.").format(
            codes=", ".join(p.code for p in result.blocking_debtors)))
    lines = _share_out_lines(session, group, result)
    post(session, EventSpec(
        group_id=group.id, cycle_id=cycle.id, kind=EventKind.SHARE_OUT, date=on,
        amount=result.total_paid, user=actor.name, lines=lines,
        note=_("Share-out of cycle {number}").format(number=cycle.number),
    ))
    cycle.closed = True
    cycle.end_date = on
    next_cycle = Cycle(group_id=group.id, number=cycle.number + 1,
                       start_date=on + dt.timedelta(days=1), carry_in=result.carry_over,
                       social_fund_in=result.social_fund, seed_capital=cycle.seed_capital,
                       **cycle.constitution())
    session.add(next_cycle)
    group.cycles.append(next_cycle)
    session.flush()
    # Imported here: the record module builds on this one's dataclasses.
    from desktop.models.shareout_record import store_result

    store_result(session, cycle, on, result)  # the signed sheet can be printed again later
    audit.record(session, actor.name, "close_cycle", "cycle", cycle.id,
                 fund_value=result.fund_value, paid=result.total_paid,
                 netted=result.total_netted, carry_over=result.carry_over)
    return next_cycle


def _share_out_lines(session: Session, group: Group, result: ShareOut) -> list[Line]:
    balances = account_balances(session, group.id)
    lines = [Line(Account.SAVINGS, p.savings, member_id=p.member_id) for p in result.payouts]
    for account in (Account.INTEREST_INCOME, Account.FINE_INCOME, Account.EXPENSES,
                    Account.WRITE_OFF, Account.RETAINED):
        lines.append(Line(account, -balances[account]))
    lines.append(Line(Account.RETAINED, -result.carry_over))
    lines.append(Line(Account.CASH, -result.total_paid))
    for payout in result.payouts:
        remaining = payout.netted
        for loan, balance in member_open_loans(session, group.id, payout.member_id,
                                               LoanFund.LOAN_FUND):
            if remaining <= 0:
                break
            part = min(balance, remaining)
            lines.append(Line(Account.LOAN, -part, loan_id=loan.id))
            remaining -= part
    return lines
