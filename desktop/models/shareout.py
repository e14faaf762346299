"""Share-out (tất toán chu kỳ / chia lãi) for VSLA and ASCA groups — DESIGN.md §3.4.

``compute`` is pure arithmetic on plain values; ``preview`` gathers those values from the
journal as they stood at its date; ``close_cycle`` posts the share-out and opens the next
cycle. Nothing vanishes: ``Σ paid + Σ debts netted + carry-over == fund value`` to the đồng.

The fund value counts loans still owed, but only cash can be paid out: a member whose debt
is larger than her gross still owes the rest, and that rest is not in the box. So every
share-out carries the cash it needs against the cash the loan fund holds, and the cycle is
closed only when the cash covers the payouts — or when the board records that the shortfall
stays as those members' loans and the payouts are cut to the cash.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import audit
from desktop.models.balances import (
    account_balances,
    fund_position,
    loan_outstanding,
    member_savings,
)
from desktop.models.enums import Account, DebtPolicy, EventKind, GroupKind, LoanFund, ProfitBasis
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_amount, format_date
from desktop.models.group import Cycle, Group
from desktop.models.interest import round_down_to_unit
from desktop.models.journal import Event, JournalLine
from desktop.models.loan import Loan
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
    cut: int = 0  # withheld when the board carries a cash shortfall over (then carried over)

    @property
    def paid(self) -> int:
        """Cash handed to the member at the share-out."""
        return self.gross - self.netted - self.cut

    @property
    def still_owed(self) -> int:
        """Loan principal the member still owes after her gross was netted."""
        return self.debt - self.netted


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
    cash_held: int = 0  # the loan fund's cash (box and bank, other funds' cash excluded)
    shortfall_reason: str = ""  # the board's reason for carrying a shortfall over

    @property
    def total_paid(self) -> int:
        return sum(p.paid for p in self.payouts)

    @property
    def cash_needed(self) -> int:
        """Cash the payouts take before any cut: Σ of the positive nets."""
        return sum(p.gross - p.netted for p in self.payouts)

    @property
    def shortfall(self) -> int:
        """How much the payouts exceed the loan fund's cash (0 when it covers them)."""
        return max(self.cash_needed - max(self.cash_held, 0), 0)

    @property
    def total_cut(self) -> int:
        return sum(p.cut for p in self.payouts)

    @property
    def debtors(self) -> list[Payout]:
        """Members who still owe after their gross was netted: they must repay first (or
        the board carries their debt into the next cycle)."""
        return [p for p in self.payouts if p.still_owed > 0]

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
    cash_held: int | None = None,
) -> ShareOut:
    """Divide ``fund_value`` among ``holdings``; grosses rounded down to the unit.

    ``cash_held`` is the loan fund's cash; without it, the fund value less the holders'
    debts (all the fund's loans are then theirs)."""
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
    if cash_held is None:
        cash_held = fund_value - sum(h.debt for h in holdings)
    return ShareOut(kind, fund_value, total_shares, value, profit, rounding_unit, payouts,
                    carry_over, social_fund, list(leavers or []), debt_policy, cash_held)


def cut_to_cash(result: ShareOut, reason: str) -> ShareOut:
    """The share-out with its payouts cut to the cash held, pro rata and rounded down to the
    unit; what is withheld is carried over (DESIGN §3.4 step 4). The members' debts that
    were not netted stay as their loans into the next cycle."""
    needed, held = result.cash_needed, max(result.cash_held, 0)
    if needed <= held:
        return result
    payouts = []
    for p in result.payouts:
        full = p.gross - p.netted
        kept = round_down_to_unit(Fraction(full * held, needed), result.rounding_unit)
        payouts.append(replace(p, cut=full - max(kept, 0)))
    cut = sum(p.cut for p in payouts)
    return replace(result, payouts=payouts, carry_over=result.carry_over + cut,
                   shortfall_reason=reason.strip())


def _shares_in_cycle(session: Session, cycle: Cycle, on: dt.date | None) -> dict[int, int]:
    # The group's share purchases from the cycle's start (its meetings are never earlier):
    # an index range, not every purchase of the group's earlier cycles.
    query = (
        select(Event.member_id, func.sum(Event.quantity))
        .where(Event.group_id == cycle.group_id, Event.kind == EventKind.SHARE_PURCHASE,
               Event.date >= cycle.start_date, Event.cycle_id == cycle.id)
        .group_by(Event.member_id)
    )
    if on is not None:
        query = query.where(Event.date <= on)
    return {member_id: int(total or 0) for member_id, total in session.execute(query)
            if member_id is not None}


def _dong_days(session: Session, cycle: Cycle, on: dt.date) -> dict[int, int]:
    """Σ deposit × days from its date to ``on``, per member (withdrawals count negative)."""
    rows = session.execute(
        select(JournalLine.member_id, JournalLine.date, func.sum(JournalLine.amount))
        .join(Event, Event.id == JournalLine.event_id)
        .where(
            JournalLine.group_id == cycle.group_id,
            JournalLine.account == Account.SAVINGS,
            JournalLine.date >= cycle.start_date,
            Event.cycle_id == cycle.id,
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


def loan_fund_debts(session: Session, group_id: int, on: dt.date | None = None
                    ) -> dict[int, list[tuple[Loan, int]]]:
    """Each member's loan-fund loans with principal owed at the end of ``on`` (default:
    everything recorded), oldest first; loans written off by then are not debts."""
    balances = loan_outstanding(session, group_id, on)
    owed = {loan_id: amount for loan_id, amount in balances.items() if amount > 0}
    if not owed:
        return {}
    loans = session.scalars(select(Loan).where(
        Loan.id.in_(list(owed)), Loan.fund == LoanFund.LOAN_FUND)).all()
    debts: dict[int, list[tuple[Loan, int]]] = defaultdict(list)
    for loan in sorted(loans, key=lambda loan: (loan.date, loan.id)):
        if loan.written_off_on is not None and (on is None or loan.written_off_on <= on):
            continue
        debts[loan.member_id].append((loan, owed[loan.id]))
    return dict(debts)


def share_out_date(session: Session, cycle: Cycle) -> dt.date:
    """For a preview: the cycle's last meeting (or its start when none was held)."""
    last = session.scalar(select(func.max(Meeting.date)).where(Meeting.cycle_id == cycle.id))
    return last or cycle.start_date


def preview(session: Session, group: Group, on: dt.date | None = None) -> ShareOut:
    """The share-out of the current cycle as it would be at ``on`` (a projection).

    Without a date: everything recorded so far, weighted to the cycle's last meeting. With
    one: the fund, cash, shares, savings and debts as they stood at the end of that day."""
    cycle = group.current_cycle
    as_of = on
    on = on or share_out_date(session, cycle)
    position = fund_position(session, group.id, as_of)
    savings = member_savings(session, group.id, as_of)
    shares = _shares_in_cycle(session, cycle, as_of)
    weights = (
        _dong_days(session, cycle, on)
        if group.kind == GroupKind.ASCA and cycle.profit_basis == ProfitBasis.DONG_DAYS
        else savings
    )
    debts = loan_fund_debts(session, group.id, as_of)
    leaver_query = (
        select(Event.member_id, func.sum(Event.amount))
        .where(Event.group_id == group.id, Event.kind == EventKind.LEAVER_PAYOUT,
               Event.cycle_id == cycle.id)
        .group_by(Event.member_id)
    )
    if as_of is not None:
        leaver_query = leaver_query.where(Event.date <= as_of)
    leaver_paid = {member_id: int(total or 0)
                   for member_id, total in session.execute(leaver_query)}
    members = session.scalars(
        select(Member).where(Member.group_id == group.id).order_by(Member.sort_key)
    ).all()
    holdings, leavers = [], []
    for member in members:
        balance = savings.get(member.id, 0)
        left = member.leave_date
        if left is not None and (as_of is None or left <= as_of) and balance == 0:
            if left >= cycle.start_date:
                leavers.append(Leaver(member.id, member.code, member.full_name, left,
                                      leaver_paid.get(member.id, 0)))
            continue
        if balance == 0 and member.join_date > on:
            continue
        debt = sum(owed for _loan, owed in debts.get(member.id, []))
        holdings.append(Holding(
            member.id, member.code, member.full_name, shares.get(member.id, 0),
            balance, weights.get(member.id, 0), debt,
        ))
    return compute(group.kind, position.fund_value, holdings, cycle.rounding_unit,
                   social_fund=position.social_fund, leavers=leavers,
                   debt_policy=cycle.debt_policy, cash_held=position.loan_fund_cash)


class CashShortfall(LedgerError):
    """The loan fund's cash does not cover the payouts (DESIGN §3.4 step 4)."""

    def __init__(self, result: ShareOut) -> None:
        owing = "; ".join(
            _("{code} {name} must repay {amount} đồng").format(
                code=p.code, name=p.name, amount=format_amount(p.still_owed))
            for p in result.debtors)
        message = _("The payouts need {needed} đồng but the loan fund holds {held} đồng in "
                    "cash: {shortfall} đồng short.").format(
            needed=format_amount(result.cash_needed), held=format_amount(result.cash_held),
            shortfall=format_amount(result.shortfall))
        if owing:
            message += " " + _("Before the share-out: {owing}.").format(owing=owing)
        message += " " + _("Or the board records, with a reason, that the shortfall stays as "
                           "those members' loans and the payouts are cut to the cash.")
        super().__init__(message)
        self.result = result


def close_cycle(session: Session, group: Group, on: dt.date, actor: Actor,
                carry_shortfall_reason: str = "") -> Cycle:
    """Make the share-out final (board only): pay out, net debts, carry the rest over and
    open the next cycle with the same constitution. Returns the new cycle.

    Refused with ``CashShortfall`` while the loan fund's cash does not cover the payouts,
    unless ``carry_shortfall_reason`` says why the board carries the shortfall over: then
    the payouts are cut to the cash and the unpaid debts stay as loans."""
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
    if result.shortfall > 0:
        if not carry_shortfall_reason.strip():
            raise CashShortfall(result)
        result = cut_to_cash(result, carry_shortfall_reason)
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
    audit.record(session, actor, "close_cycle", "cycle", cycle.id,
                 fund_value=result.fund_value, paid=result.total_paid,
                 netted=result.total_netted, carry_over=result.carry_over,
                 cash_held=result.cash_held, cash_needed=result.cash_needed,
                 shortfall=result.shortfall, cut=result.total_cut,
                 shortfall_reason=result.shortfall_reason)
    return next_cycle


def _share_out_lines(session: Session, group: Group, result: ShareOut) -> list[Line]:
    balances = account_balances(session, group.id)
    lines = [Line(Account.SAVINGS, p.savings, member_id=p.member_id) for p in result.payouts]
    for account in (Account.INTEREST_INCOME, Account.FINE_INCOME, Account.EXPENSES,
                    Account.WRITE_OFF, Account.RETAINED):
        lines.append(Line(account, -balances[account]))
    lines.append(Line(Account.RETAINED, -result.carry_over))
    # Paid from the box first, the rest from the bank: the box never goes below zero.
    from_box = min(result.total_paid, max(balances[Account.CASH], 0))
    lines.append(Line(Account.CASH, -from_box))
    if result.total_paid > from_box:
        lines.append(Line(Account.BANK, -(result.total_paid - from_box)))
    debts = loan_fund_debts(session, group.id)
    for payout in result.payouts:
        remaining = payout.netted
        for loan, owed in debts.get(payout.member_id, []):
            if remaining <= 0:
                break
            part = min(owed, remaining)
            lines.append(Line(Account.LOAN, -part, loan_id=loan.id))
            remaining -= part
    return lines
