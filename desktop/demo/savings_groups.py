"""Demo VSLA and ASCA groups: shares or savings, the social fund, fines, loans from the loan
fund, a member leaving mid-cycle and a real share-out that opens the next cycle."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from desktop.demo import names
from desktop.demo.simulation import GroupSim, MemberState
from desktop.models import registry, shareout
from desktop.models.balances import account_balances
from desktop.models.enums import EventKind, GroupKind, MemberRole
from desktop.models.group import Group
from desktop.models.member import Member
from desktop.models.permissions import Actor, Role

# Chance that a member who came and has no loan asks for one, by meeting interval.
LOAN_APPETITE = {"week": 0.12, "fortnight": 0.22, "month": 0.4}
# A loan is this many times the borrower's savings (within the constitution's multiple).
LOAN_SIZES = (Decimal(1), Decimal("1.5"), Decimal(2), Decimal("2.5"), Decimal(3))
LARGEST_LOAN = 10_000_000
# Lending stops this long before a planned share-out, so that loans are repaid in time.
LENDING_STOP = dt.timedelta(days=100)
RESERVE = 200_000  # kept in the box for the next meeting's small payments


class SavingsGroupSim(GroupSim):
    """A VSLA (shares) or ASCA (any amount) group."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_left = False
        self.expenses_done = 0
        # Meeting index → the share-out held (a week after the cycle's last meeting, or
        # halfway to the next one for a weekly group) before that meeting.
        every = self.plan.cycle_meetings
        ends = ([self.plan.share_out_after] if self.plan.share_out_after else
                list(range(every, len(self.dates), every)) if every else [])
        gap = dt.timedelta(days=3 if self.plan.interval == "week" else 7)
        self.share_outs = {index: self.dates[index - 1] + gap for index in ends}

    @property
    def board(self) -> Actor:
        return Actor(self.writer.user, Role.ADMIN)

    def habit(self) -> int:
        if self.plan.kind == GroupKind.VSLA:
            usual = self.rng.choices((1, 2, 3, 4, 5), (15, 30, 30, 15, 10))[0]
            return min(usual, int(self.rules["max_shares"]))
        return self.rng.choice((50_000, 100_000, 100_000, 150_000, 200_000, 300_000))

    # -- outside the meetings ---------------------------------------------------------------
    def before_meeting(self, index: int, day: dt.date) -> None:
        plan = self.plan
        if index in self.share_outs:
            self.share_out(self.share_outs[index])
            if plan.joiner_after_share_out:
                self.add_members(1, day)

    def leave(self, day: dt.date) -> None:
        """A member moves away and is paid out (registry.leave_group, the real service),
        after the meeting of the day has been counted and closed, as the rule asks."""
        candidates = [m for m in self.members if m.active_on(day) and m.savings > 0
                      and m.role == MemberRole.MEMBER and self.open_loan(m) is None]
        if not candidates:
            return
        leaver = self.rng.choice(candidates)
        if self.position().loan_fund_cash < leaver.savings * 13 // 10:
            return  # not enough in the box today: the board pays at a later meeting
        mark = self.writer.mark()
        member = self.session.get(Member, leaver.id)
        assert member is not None
        registry.leave_group(self.session, member, day, self.rng.choice(names.LEAVE_REASONS),
                             self.board)
        self.writer.settle(mark, dt.datetime.combine(day, dt.time(17, 0)))
        leaver.leave_date = day
        leaver.savings = 0
        self.has_left = True
        self.balances = account_balances(self.session, self.group_id)

    def share_out(self, on: dt.date) -> None:
        """Close the cycle with the real share-out service; the next cycle opens."""
        mark = self.writer.mark()
        group = self.session.get(Group, self.group_id)
        assert group is not None
        next_cycle = shareout.close_cycle(self.session, group, on, self.board)
        self.cycle_id = next_cycle.id
        self.writer.settle(mark, dt.datetime.combine(on, dt.time(9, 0)))
        self.balances = account_balances(self.session, self.group_id)
        for member in self.members:
            member.savings = 0

    # -- a meeting --------------------------------------------------------------------------
    def hold(self, index: int, day: dt.date) -> None:
        plan = self.plan
        final = index + 1 in self.share_outs
        row, present, absent = self.open_meeting(day)
        for member in present:
            self.pay_in(member, index, member is present[0])
        for member in absent:
            member.owes_fine = member.owes_fine or self.rng.random() < 0.3
        if final:  # the last meeting before the share-out: every loan is settled
            for loan in self.loans:
                self.collect(loan, everything=True)
        else:
            self.collect_from(present)
        if index in plan.grants_at:
            self.grant()
        if index in plan.expenses_at:
            self.expense()
        if not final and self.may_lend(day):
            self.lend_to(present)
        if plan.keep_last_open and index == len(self.dates) - 1:
            self.meeting_id = None  # today's meeting: typed in, not yet counted nor closed
            return
        self.close_meeting(row, index)
        if plan.leaver_at is not None and index >= plan.leaver_at and not self.has_left:
            self.leave(day)

    def pay_in(self, member: MemberState, index: int, first: bool) -> None:
        """Fines, shares or savings, and the social fund of one member who came."""
        if member.owes_fine:
            self.post(EventKind.FINE, 5_000, member=member, note=names.FINE_NOTES[5_000])
            member.owes_fine = False
        elif self.rng.random() < 0.04:
            self.post(EventKind.FINE, 2_000, member=member, note=names.FINE_NOTES[2_000])
        if self.plan.kind == GroupKind.VSLA:
            value = int(self.rules["share_value"])
            shares = member.habit + self.rng.choice((-1, 0, 0, 0, 1))
            shares = max(int(self.rules["min_shares"]), min(int(self.rules["max_shares"]),
                                                             shares))
            if first and index == self.plan.correction_at:
                # Typed as 3 shares, corrected to 2: a reversal and a new entry, as the grid
                # does it.
                wrong = self.post(EventKind.SHARE_PURCHASE, 3 * value, member=member,
                                  quantity=3)
                self.post(EventKind.SHARE_PURCHASE, -3 * value, member=member, quantity=-3,
                          reverses_id=wrong, note=names.CORRECTION_NOTE)
                shares = 2
            self.post(EventKind.SHARE_PURCHASE, shares * value, member=member,
                      quantity=shares)
            member.savings += shares * value
        else:
            amount = max(20_000, member.habit + self.rng.choice((-50_000, 0, 0, 0, 50_000)))
            if self.rng.random() < 0.05:
                amount *= 2  # after selling a pig, a harvest
            self.post(EventKind.SAVINGS_DEPOSIT, amount, member=member)
            member.savings += amount
        contribution = int(self.rules["social_fund_per_meeting"])
        if contribution:
            self.post(EventKind.SOCIAL_FUND_CONTRIBUTION, contribution, member=member)

    def grant(self) -> None:
        """An emergency grant from the social fund to a member in trouble."""
        available = self.position().social_fund_cash
        amount = min(self.rng.choice((300_000, 500_000)), available // 100_000 * 100_000)
        if amount < 100_000:
            return
        member = self.rng.choice([m for m in self.members if m.active_on(self.day)])
        self.post(EventKind.SOCIAL_FUND_GRANT, amount, member=member,
                  note=self.rng.choice(names.GRANT_NOTES))

    def expense(self) -> None:
        amount, note = names.VSLA_EXPENSES[self.expenses_done % len(names.VSLA_EXPENSES)]
        if self.position().loan_fund_cash >= amount:
            self.post(EventKind.EXPENSE, amount, note=note)
            self.expenses_done += 1

    def may_lend(self, day: dt.date) -> bool:
        coming = [on for on in self.share_outs.values() if on >= day]
        return not coming or day < min(coming) - LENDING_STOP

    def lend_to(self, present: list[MemberState]) -> None:
        appetite = LOAN_APPETITE[self.plan.interval]
        multiple = Decimal(self.rules["loan_multiple"])
        max_term = int(self.rules["max_term_months"])
        asking = list(present)
        self.rng.shuffle(asking)
        for member in asking:
            if member.savings <= 0 or self.open_loan(member) is not None:
                continue
            if self.rng.random() >= appetite:
                continue
            available = self.position().loan_fund_cash - RESERVE
            limit = int(Decimal(member.savings) * multiple)
            wanted = int(Decimal(member.savings) * self.rng.choice(LOAN_SIZES))
            amount = min(wanted, limit, available, LARGEST_LOAN) // 100_000 * 100_000
            if amount < 300_000:
                continue
            self.lend(member, amount, min(self.rng.choice((2, 3, 3, 3)), max_term))
