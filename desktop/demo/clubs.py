"""Demo intergenerational self-help clubs (ISHC): seed capital lent from the income-generation
fund, member fees, a donation in the Sổ Tấm lòng vàng, spending from the operating fund, a
bank account for the idle part of the fund, and the activities reports count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.demo import names
from desktop.demo.simulation import GroupSim, MemberState
from desktop.models import interest
from desktop.models.activity import Activity
from desktop.models.enums import Account, ActivityKind, EventKind, LoanFund, MemberRole

MILLION = 1_000_000
SMALLEST_LOAN = 5 * MILLION
BOX_LIMIT = 20 * MILLION  # more than this in the box goes to the bank after the meeting
BOX_KEEP = 5 * MILLION
TERMS = (6, 9, 12)


class ClubSim(GroupSim):
    """An ISHC club meeting once a month."""

    lending_fund = LoanFund.INCOME_FUND

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.spent_on: set[str] = set()

    def hold(self, index: int, day: dt.date) -> None:
        row, present, _absent = self.open_meeting(day)
        fee = int(self.rules["member_fee_per_month"])
        for member in present:
            if fee:
                self.post(EventKind.MEMBER_FEE, fee, member=member)
        self.collect_from(present)
        if self.plan.donation is not None and index == self.plan.donation[0]:
            amount, note = names.DONATIONS[self.plan.donation[1]]
            self.post(EventKind.DONATION, amount, note=note)
        self.spend(index, day)
        self.lend_to(present, first=index == 0)
        self.bank_surplus()
        self.activities(day, present)
        self.close_meeting(row, index)

    # -- money ------------------------------------------------------------------------------
    def spend(self, index: int, day: dt.date) -> None:
        """Operating-fund spending: stationery once, the festivities, visits to the sick."""
        stationery, tet, elders_day, visit = (names.CLUB_EXPENSES[3], names.CLUB_EXPENSES[1],
                                              names.CLUB_EXPENSES[2], names.CLUB_EXPENSES[0])
        choices = []
        if index == 1:
            choices.append(stationery)
        if day.month in (1, 2) and "tet" not in self.spent_on:
            choices.append(tet)
            self.spent_on.add("tet")
        if day.month == 10:
            choices.append(elders_day)
        if self.rng.random() < 0.35:
            choices.append(visit)
        for amount, note in choices:
            if -self.balances[Account.OPERATING_FUND] >= amount and \
                    self.balances[Account.CASH] >= amount:
                self.post(EventKind.OPERATING_EXPENSE, amount, note=note)

    def lend_to(self, present: list[MemberState], *, first: bool) -> None:
        """Loans of 5 to 10 million đồng, poor households first, while the fund has cash;
        the treasurer fetches from the bank at once what the approved loans need."""
        candidates = [m for m in present if self.open_loan(m) is None]
        self.rng.shuffle(candidates)
        candidates.sort(key=lambda m: not m.poor)
        largest = int(self.rules["max_loan_amount"]) or 10 * MILLION
        position = self.position()
        available = min(position.income_fund_cash, position.cash)
        approved: list[tuple[MemberState, int]] = []
        for member in candidates:
            if len(approved) >= (10 if first else 3):
                break
            if not first and self.rng.random() < 0.5:
                continue
            wanted = self.rng.randrange(SMALLEST_LOAN, largest + 1, MILLION // 2)
            amount = min(wanted, available) // (MILLION // 2) * (MILLION // 2)
            if amount < SMALLEST_LOAN:
                break
            approved.append((member, amount))
            available -= amount
        short = sum(amount for _member, amount in approved) - self.balances[Account.CASH]
        if short > 0:
            withdrawal = min(-(-short // MILLION) * MILLION, self.balances[Account.BANK])
            self.post(EventKind.BANK_WITHDRAWAL, withdrawal, note=names.BANK_WITHDRAWAL_NOTE)
        for member, amount in approved:
            self.lend(member, amount, self.term())

    def term(self) -> int:
        """A term from the club's rules; the loan meant to fall overdue takes the shortest."""
        if self.plan.overdue and not self.has_stalled:
            due = interest.add_months(self.day, TERMS[0])
            if self.today - dt.timedelta(days=120) <= due < self.today - dt.timedelta(days=20):
                return TERMS[0]
        return min(self.rng.choice(TERMS), int(self.rules["max_term_months"]))

    def bank_surplus(self) -> None:
        box = self.balances[Account.CASH]
        if box > BOX_LIMIT:
            self.post(EventKind.BANK_DEPOSIT, (box - BOX_KEEP) // MILLION * MILLION,
                      note=names.BANK_DEPOSIT_NOTE)

    # -- activities -------------------------------------------------------------------------
    def activities(self, day: dt.date, present: list[MemberState]) -> None:
        volunteers = [m for m in present if m.role == MemberRole.VOLUNTEER] or present[:1]
        elderly = [m for m in present
                   if self.today.year - m.birth_year >= self.plan.elderly_age]
        for number, member in enumerate(elderly[:25]):
            self.activity(ActivityKind.HEALTH_CHECK, day, member=member,
                          volunteer=volunteers[number % len(volunteers)],
                          systolic=self.rng.randint(105, 170),
                          diastolic=self.rng.randint(65, 100),
                          weight_kg=Decimal(self.rng.randint(380, 700)) / 10)
        frail = [m for m in self.members if m.active_on(day) and (
            self.today.year - m.birth_year >= 75 or m.poor)]
        for number in range(self.rng.randint(4, 8)):
            visit_day = day + dt.timedelta(days=self.rng.randint(2, 26))
            if visit_day > self.today or not frail:
                break
            self.activity(ActivityKind.HOME_VISIT, visit_day, member=self.rng.choice(frail),
                          volunteer=volunteers[number % len(volunteers)],
                          note="Thăm hỏi, động viên, đo huyết áp tại nhà")
        for month, title in names.CLUB_EVENTS:
            if day.month == month:
                self.activity(ActivityKind.EVENT, day, title=title,
                              participants=len(present) + self.rng.randint(10, 40))
        if self.rng.random() < 0.15:
            self.activity(ActivityKind.SELF_HELP, day + dt.timedelta(days=3),
                          title=self.rng.choice(names.SELF_HELP),
                          participants=self.rng.randint(6, 15))

    def activity(self, kind: ActivityKind, day: dt.date, *, member: MemberState | None = None,
                 volunteer: MemberState | None = None, systolic: int | None = None,
                 diastolic: int | None = None, weight_kg: Decimal | None = None,
                 participants: int = 0, title: str = "", note: str = "") -> None:
        if day > self.today:
            return
        self.writer.add(Activity, {
            "group_id": self.group_id, "kind": str(kind), "date": day,
            "member_id": member.id if member else None,
            "volunteer_id": volunteer.id if volunteer else None, "systolic": systolic,
            "diastolic": diastolic, "weight_kg": weight_kg, "participants": participants,
            "title": title, "note": note,
        })
