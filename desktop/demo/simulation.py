"""The life of one demo group, meeting by meeting: what every kind of group shares.

A simulation keeps the group's account balances as it writes (summing the lines the posting
rules give), so it only lends money that is in the box and counts at every close exactly the
cash the journal says. Interest follows the same rules as ``loans.interest_due``: months
between the last interest payment and today, rounded up, on the original principal (flat)
or on what was owed the day before (declining); upfront interest is paid at disbursement.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.sql.schema import ScalarElementColumnDefault

from desktop.demo import names
from desktop.demo.people import Profile, make_person, weighted
from desktop.demo.writer import BulkWriter, table_of
from desktop.models import interest
from desktop.models.balances import FundPosition
from desktop.models.collation import name_sort_key
from desktop.models.enums import (
    Account,
    EventKind,
    GroupKind,
    Household,
    IncomeFundInterest,
    InterestMethod,
    LoanFund,
    LoanPurpose,
    MeetingStatus,
    MemberRole,
)
from desktop.models.group import Cycle, Group
from desktop.models.loan import Loan
from desktop.models.meeting import Attendance, Meeting
from desktop.models.member import Member

# A borrower repays one installment every four weeks: a meeting at least 28 days after the
# last one falls in the next interest month whatever the meeting interval.
INSTALLMENT_DAYS = 28
PURPOSES = ((LoanPurpose.LIVELIHOOD, 60), (LoanPurpose.EDUCATION, 15),
            (LoanPurpose.HEALTH, 15), (LoanPurpose.OTHER, 10))


@dataclass(frozen=True)
class Plan:
    """One group of the demo commune and the story its ledger tells."""

    code: str
    name: str
    kind: GroupKind
    village: str
    size: int
    interval: str  # "week", "fortnight" or "month"
    meetings: int
    last_meeting_days_ago: int
    constitution: dict[str, Any]
    profile: Profile
    roles: tuple[MemberRole, ...]
    elderly_age: int = 60
    overdue: bool = False  # one loan left unpaid past its due date
    leaver_at: int | None = None  # meeting index before which a member leaves
    share_out_after: int | None = None  # meetings in the first cycle, then a share-out
    cycle_meetings: int | None = None  # or a share-out after every so many meetings
    seed: str = ""  # the random draws' seed (default: the code; a province has many alike)
    joiner_after_share_out: bool = False
    keep_last_open: bool = False
    short_count_at: int | None = None  # a meeting closed with a small explained difference
    correction_at: int | None = None  # a meeting with a corrected share purchase
    grants_at: tuple[int, ...] = ()
    expenses_at: tuple[int, ...] = ()
    donation: tuple[int, int] | None = None  # (meeting index, which of names.DONATIONS)


def meeting_dates(plan: Plan, today: dt.date) -> list[dt.date]:
    """The group's meeting days, oldest first, the last one ``last_meeting_days_ago``."""
    last = today - dt.timedelta(days=plan.last_meeting_days_ago)
    if plan.interval == "month":
        return [interest.add_months(last, -k) for k in reversed(range(plan.meetings))]
    step = 7 if plan.interval == "week" else 14
    return [last - dt.timedelta(days=step * k) for k in reversed(range(plan.meetings))]


@dataclass
class MemberState:
    id: int
    code: str
    name: str
    role: MemberRole
    join_date: dt.date
    birth_year: int
    poor: bool
    reliability: float  # chance of coming to a meeting
    habit: int  # shares a meeting (VSLA) or đồng a meeting (ASCA) usually saved
    leave_date: dt.date | None = None
    savings: int = 0
    owes_fine: bool = False

    def active_on(self, day: dt.date) -> bool:
        return self.join_date <= day and (self.leave_date is None or self.leave_date > day)


@dataclass
class LoanState:
    id: int
    member_id: int
    fund: LoanFund
    principal: int
    date: dt.date
    term: int
    rate: Decimal
    method: InterestMethod
    parts: list[int]  # principal of each monthly installment
    behaviour: str  # "regular", "late" (misses some meetings) or "stall" (stops paying)
    outstanding: int = 0
    paid_count: int = 0
    last_interest: dt.date = field(default=dt.date.min)

    def due_date(self) -> dt.date:
        return interest.add_months(self.date, self.term)


@dataclass
class Context:
    """What every group's simulation shares."""

    writer: BulkWriter
    today: dt.date
    commune_id: int
    village_ids: dict[str, int]


class GroupSim(ABC):
    """Writes one group: its first cycle, members and meetings. Kinds override ``hold``."""

    lending_fund = LoanFund.LOAN_FUND

    def __init__(self, context: Context, plan: Plan) -> None:
        self.context = context
        self.writer = context.writer
        self.session = context.writer.session
        self.today = context.today
        self.plan = plan
        self.rng = random.Random(f"commune-ledger-demo:{plan.seed or plan.code}")
        self.rules = {**_cycle_defaults(), **plan.constitution}
        self.dates = meeting_dates(plan, context.today)
        self.balances = {account: 0 for account in Account}
        self.members: list[MemberState] = []
        self.loans: list[LoanState] = []  # those still owed (repaid ones are let go)
        self.has_stalled = False  # a loan was left unpaid on purpose (``plan.overdue``)
        self.day = self.dates[0]
        self.meeting_id: int | None = None
        self.group_id = 0
        self.cycle_id = 0

    # -- setting up -------------------------------------------------------------------------
    def create(self) -> None:
        start = self.dates[0]
        plan = self.plan
        group = self.writer.add(Group, {
            "commune_id": self.context.commune_id,
            "village_id": self.context.village_ids[plan.village], "code": plan.code,
            "name": plan.name, "kind": str(plan.kind), "founded_on": start,
            "elderly_age": plan.elderly_age,
        })
        self.group_id = group["id"]
        self.cycle_id = self.writer.add(Cycle, {
            "group_id": self.group_id, "number": 1, "start_date": start, "end_date": None,
            "closed": False, **self.rules,
        })["id"]
        self.writer.audit(dt.datetime.combine(start, dt.time(8, 0)), "create_group", "group",
                          self.group_id, json.dumps({"code": plan.code}))
        self.day = start
        seed = int(self.rules["seed_capital"])
        if seed:  # arrives in cash on the cycle's start date, as registry.create_group posts it
            self.post(EventKind.SEED_CAPITAL, seed)
        self.add_members(plan.size, start)

    def add_members(self, count: int, join_date: dt.date) -> None:
        taken = {member.name for member in self.members}
        for _ in range(count):
            number = len(self.members) + 1
            person = make_person(self.rng, self.plan.village, self.plan.profile,
                                 self.today.year, taken)
            role = self.plan.roles[number - 1] if number <= len(self.plan.roles) \
                else MemberRole.MEMBER
            # Most members signed the consent form (or put their thumbprint) when they
            # joined; a few did not, and the ledger keeps no phone or ID number of theirs.
            # (Chosen by number, not by the generator: the rest of the demo stays as it was.)
            consented = number % 10 != 7
            method = "thumbprint" if number % 3 == 0 else "paper"
            row = self.writer.add(Member, {
                "group_id": self.group_id, "code": f"TV{number:02d}",
                "full_name": person.full_name, "sort_key": name_sort_key(person.full_name),
                "sex": str(person.sex), "birth_year": person.birth_year,
                "ethnicity": person.ethnicity, "village": self.plan.village,
                "phone": person.phone if consented else "",
                "id_number": person.id_number if consented else "",
                "household": str(person.household), "role": str(role),
                "join_date": join_date, "leave_date": None, "leave_reason": "",
                "consent_date": join_date if consented else None,
                "consent_method": method if consented else "",
            })
            self.members.append(MemberState(
                row["id"], row["code"], person.full_name, role, join_date, person.birth_year,
                person.household != Household.OTHER, self.rng.uniform(0.8, 0.98),
                self.habit(), ))

    def habit(self) -> int:
        return 0

    # -- writing ----------------------------------------------------------------------------
    def post(self, kind: EventKind, amount: int, *, member: MemberState | None = None,
             loan: LoanState | None = None, quantity: int = 0, note: str = "",
             reverses_id: int | None = None) -> int:
        """Queue an event on the current day (and meeting) and keep the balances."""
        event_id, lines = self.writer.event(
            group_id=self.group_id, cycle_id=self.cycle_id, kind=kind, date=self.day,
            amount=amount, meeting_id=self.meeting_id,
            member_id=member.id if member else (loan.member_id if loan else None),
            loan_id=loan.id if loan else None, quantity=quantity, note=note,
            reverses_id=reverses_id, fund=loan.fund if loan else LoanFund.LOAN_FUND,
            income_interest=IncomeFundInterest(self.rules["income_fund_interest"]))
        for line in lines:
            self.balances[line.account] += line.amount
        return event_id

    def position(self) -> FundPosition:
        outstanding = {fund: 0 for fund in LoanFund}
        for loan in self.loans:
            outstanding[loan.fund] += loan.outstanding
        b = self.balances
        return FundPosition(
            cash_box=b[Account.CASH], bank=b[Account.BANK], savings=-b[Account.SAVINGS],
            social_fund=-b[Account.SOCIAL_FUND], income_fund=-b[Account.INCOME_FUND],
            operating_fund=-b[Account.OPERATING_FUND],
            interest_income=-b[Account.INTEREST_INCOME], fine_income=-b[Account.FINE_INCOME],
            expenses=b[Account.EXPENSES], write_offs=b[Account.WRITE_OFF],
            retained=-b[Account.RETAINED], outstanding=outstanding)

    # -- meetings ---------------------------------------------------------------------------
    def run(self) -> None:
        self.create()
        for index, day in enumerate(self.dates):
            self.before_meeting(index, day)
            self.hold(index, day)
            # Ten years of repaid loans would be walked at every meeting otherwise.
            self.loans = [loan for loan in self.loans if loan.outstanding > 0]
        self.meeting_id = None

    def before_meeting(self, index: int, day: dt.date) -> None:
        """Things that happen on a meeting day outside the meeting (a leaver, a new cycle);
        nothing by default."""
        return None

    @abstractmethod
    def hold(self, index: int, day: dt.date) -> None:
        """Hold the meeting of ``day``: what this kind of group records at it."""

    def open_meeting(self, day: dt.date) -> tuple[dict[str, Any], list[MemberState],
                                                  list[MemberState]]:
        """The meeting row and who came (in member order) and who did not."""
        self.day = day
        row = self.writer.add(Meeting, {
            "group_id": self.group_id, "cycle_id": self.cycle_id, "date": day,
            "status": str(MeetingStatus.OPEN), "counted_cash": None, "difference_note": "",
            "closed_by": "", "closed_at": None,
        })
        self.meeting_id = row["id"]
        present: list[MemberState] = []
        absent: list[MemberState] = []
        for member in self.members:
            if not member.active_on(day):
                continue
            came = self.rng.random() < member.reliability
            self.writer.add(Attendance, {
                "meeting_id": row["id"], "member_id": member.id, "present": came})
            (present if came else absent).append(member)
        return row, present, absent

    def close_meeting(self, row: dict[str, Any], index: int) -> None:
        """The treasurer counts the box; the board closes and locks the meeting."""
        expected = self.balances[Account.CASH]
        counted, note = expected, ""
        if index == self.plan.short_count_at:
            counted, note = expected - 1_000, names.DIFFERENCE_NOTE
            # As closing in the window does: the book follows the box.
            self.post(EventKind.CASH_DIFFERENCE, counted - expected, note=note)
        closed_at = dt.datetime.combine(row["date"], dt.time(16, 30))
        row.update(status=str(MeetingStatus.CLOSED), counted_cash=counted,
                   difference_note=note, closed_by=self.writer.user, closed_at=closed_at)
        details = {"counted": counted, "date": str(row["date"]),
                   "difference": counted - expected}
        self.writer.audit(closed_at, "close_meeting", "meeting", row["id"],
                          json.dumps(details, ensure_ascii=False, sort_keys=True))
        self.meeting_id = None

    # -- loans ------------------------------------------------------------------------------
    def open_loan(self, member: MemberState) -> LoanState | None:
        return next((loan for loan in self.loans
                     if loan.member_id == member.id and loan.outstanding > 0), None)

    def behaviour_for(self, term: int) -> str:
        """Most borrowers pay on time, some miss meetings; with ``plan.overdue`` the first
        loan that would now be one to four months overdue stops being repaid."""
        due = interest.add_months(self.day, term)
        if self.plan.overdue and not self.has_stalled \
                and self.today - dt.timedelta(days=120) <= due < \
                self.today - dt.timedelta(days=20):
            return "stall"
        return "late" if self.rng.random() < 0.15 else "regular"

    def lend(self, member: MemberState, amount: int, term: int) -> LoanState:
        rate = Decimal(self.rules["monthly_rate"])
        method = InterestMethod(self.rules["interest_method"])
        unit = int(self.rules["rounding_unit"])
        purpose = weighted(self.rng, PURPOSES)
        row = self.writer.add(Loan, {
            "group_id": self.group_id, "cycle_id": self.cycle_id, "member_id": member.id,
            "meeting_id": self.meeting_id, "fund": str(self.lending_fund), "principal": amount,
            "date": self.day, "purpose": str(purpose), "term_months": term,
            "monthly_rate": rate, "method": str(method),
        })
        parts = [step.principal for step in interest.schedule(
            amount, rate, term, method, self.day, unit) if step.number > 0]
        loan = LoanState(row["id"], member.id, self.lending_fund, amount, self.day, term, rate,
                         method, parts, self.behaviour_for(term), outstanding=0,
                         last_interest=self.day)
        self.loans.append(loan)
        self.has_stalled = self.has_stalled or loan.behaviour == "stall"
        self.post(EventKind.LOAN_DISBURSEMENT, amount, member=member, loan=loan)
        loan.outstanding = amount
        if method == InterestMethod.UPFRONT:
            upfront = interest.upfront_interest(amount, rate, term, unit)
            if upfront:
                self.post(EventKind.INTEREST_PAYMENT, upfront, member=member, loan=loan)
        return loan

    def interest_due(self, loan: LoanState) -> int:
        if loan.method in (InterestMethod.NONE, InterestMethod.UPFRONT):
            return 0  # upfront interest was paid with the disbursement
        months = interest.months_between(loan.last_interest, self.day,
                                         round_up=bool(self.rules["interest_months_round_up"]))
        base = loan.principal if loan.method == InterestMethod.FLAT else loan.outstanding
        return interest.monthly_interest(base, loan.rate, months, int(self.rules["rounding_unit"]))

    def collect(self, loan: LoanState, *, everything: bool = False) -> None:
        """The borrower repays the installments fallen due (or all that is owed)."""
        if loan.outstanding <= 0:
            return
        if everything:
            principal = loan.outstanding
            loan.paid_count = loan.term
        else:
            elapsed = (self.day - loan.date).days // INSTALLMENT_DAYS
            due_count = min(loan.term, elapsed)
            if due_count <= loan.paid_count:
                return
            if loan.behaviour == "stall" and loan.paid_count >= 1:
                return
            if loan.behaviour == "late" and self.rng.random() < 0.35:
                return
            principal = min(sum(loan.parts[loan.paid_count:due_count]), loan.outstanding)
            loan.paid_count = due_count
        owed_interest = self.interest_due(loan)
        self.post(EventKind.PRINCIPAL_REPAYMENT, principal, loan=loan)
        loan.outstanding -= principal
        if owed_interest:
            self.post(EventKind.INTEREST_PAYMENT, owed_interest, loan=loan)
            loan.last_interest = self.day

    def collect_from(self, present: list[MemberState]) -> None:
        here = {member.id for member in present}
        for loan in self.loans:
            if loan.member_id in here:
                self.collect(loan)


def _cycle_defaults() -> dict[str, Any]:
    """The constitution every new cycle gets unless the plan says otherwise."""
    table = table_of(Cycle)
    defaults = {}
    for name in Cycle.CONSTITUTION_FIELDS:
        default = table.c[name].default
        assert isinstance(default, ScalarElementColumnDefault)
        defaults[name] = default.arg
    return defaults | {"seed_capital": 0, "carry_in": 0, "social_fund_in": 0}
