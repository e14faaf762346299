"""The numbers behind the charts of the group and commune pages: fund balances month by
month (from the balance snapshots), loans by purpose, attendance. Grouped SQL only, never a
statement per group nor a pass over the journal (a province ledger has millions of lines);
returned as frozen dataclasses for the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, case, extract, func, select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models.balances import balances_of
from desktop.models.enums import Account, LoanPurpose
from desktop.models.formatting import format_date
from desktop.models.group import Group
from desktop.models.indicators import percent
from desktop.models.loan import Loan
from desktop.models.meeting import Attendance, Meeting
from desktop.models.snapshot import AccountSnapshot

_FUND_ACCOUNTS = (Account.CASH, Account.BANK, Account.LOAN, Account.SAVINGS,
                  Account.SOCIAL_FUND, Account.INCOME_FUND, Account.OPERATING_FUND)


@dataclass(frozen=True)
class FundHistory:
    """Balances at the end of each month (``months`` holds the first day of each)."""

    months: tuple[dt.date, ...]
    savings: tuple[int, ...]
    loan_fund: tuple[int, ...]  # share-out's F: loan-fund cash plus its loans outstanding
    income_fund: tuple[int, ...]
    loans_outstanding: tuple[int, ...]

    @property
    def is_empty(self) -> bool:
        return not self.months


@dataclass(frozen=True)
class PurposeTotal:
    purpose: LoanPurpose
    count: int
    amount: int


@dataclass(frozen=True)
class AttendancePoint:
    label: str  # "05/11" for a meeting, "11/2026" for a month
    present: int
    expected: int

    @property
    def percent(self) -> int:
        return percent(self.present, self.expected)


@dataclass(frozen=True)
class ChartData:
    fund: FundHistory
    purposes: tuple[PurposeTotal, ...]
    attendance: tuple[AttendancePoint, ...]


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def _only(query: Select, column: object, group_ids: Sequence[int] | None) -> Select:  # type: ignore[type-arg]
    return query if group_ids is None else query.where(column.in_(list(group_ids)))  # type: ignore[attr-defined]


def fund_history(session: Session, group_ids: Sequence[int] | None, until: dt.date,
                 months: int = 24) -> FundHistory:
    """Month-end balances of the groups (``None``: every group) for at most ``months``
    months up to ``until``'s month, starting no earlier than the first entry.

    Read from the balance snapshots: the balances before the first month shown, each
    month's movement, and the balances at ``until`` — never the journal's history."""
    scope = select(Group.id) if group_ids is None else list(group_ids)
    last = month_start(until)
    snapshots = AccountSnapshot.__table__.c
    funds = [account.value for account in _FUND_ACCOUNTS]
    earliest = _only(select(func.min(snapshots.month)).where(
        snapshots.account.in_(funds), snapshots.month <= last), snapshots.group_id, group_ids)
    begun = session.scalar(earliest)
    if begun is None:
        return FundHistory((), (), (), (), ())
    first = max(begun, add_months(last, -(months - 1)))
    balance = _total(balances_of(session, scope, first - dt.timedelta(days=1), _FUND_ACCOUNTS))
    moves: dict[dt.date, dict[Account, int]] = defaultdict(lambda: defaultdict(int))
    for account, month, total in session.execute(_only(
        select(snapshots.account, snapshots.month, func.sum(snapshots.moved))
        .where(snapshots.account.in_(funds), snapshots.month >= first, snapshots.month < last)
        .group_by(snapshots.account, snapshots.month), snapshots.group_id, group_ids)
    ):
        moves[month][Account(account)] += int(total or 0)
    at_until = _total(balances_of(session, scope, until, _FUND_ACCOUNTS))
    shown: list[dt.date] = []
    rows: list[tuple[int, int, int, int]] = []
    current = first
    while current <= last:
        if current == last:
            balance = at_until
        else:
            for account, amount in moves.get(current, {}).items():
                balance[account] += amount
        shown.append(current)
        # Signed balances: debit positive. F = cash + bank + loans − the other funds.
        loan_fund = sum(balance[account] for account in (
            Account.CASH, Account.BANK, Account.LOAN, Account.SOCIAL_FUND,
            Account.INCOME_FUND, Account.OPERATING_FUND))
        rows.append((-balance[Account.SAVINGS], loan_fund, -balance[Account.INCOME_FUND],
                     balance[Account.LOAN]))
        current = add_months(current, 1)
    savings, loan_fund_, income, loans = zip(*rows, strict=True)
    return FundHistory(tuple(shown), savings, loan_fund_, income, loans)


def _total(balances: dict[int, dict[Account, int]]) -> dict[Account, int]:
    """Every group's balances added up, account by account."""
    total: dict[Account, int] = defaultdict(int)
    for accounts in balances.values():
        for account, amount in accounts.items():
            total[account] += amount
    return total


def loans_by_purpose(session: Session, group_ids: Sequence[int] | None, since: dt.date,
                     until: dt.date) -> tuple[PurposeTotal, ...]:
    """Loans disbursed from ``since`` to ``until``, by purpose (every purpose listed)."""
    scope = select(Group.id) if group_ids is None else list(group_ids)
    query = (
        select(Loan.purpose, func.count(Loan.id), func.sum(Loan.principal))
        .where(Loan.group_id.in_(scope), Loan.date >= since, Loan.date <= until,
               Loan.cancelled_at.is_(None))
        .group_by(Loan.purpose)
    )
    found = {LoanPurpose(purpose): (int(count), int(amount or 0))
             for purpose, count, amount in session.execute(query)}
    return tuple(PurposeTotal(purpose, *found.get(purpose, (0, 0))) for purpose in LoanPurpose)


def _present_count():  # type: ignore[no-untyped-def]
    return func.sum(case((Attendance.present.is_(True), 1), else_=0))


def attendance_by_meeting(session: Session, group_id: int, until: dt.date,
                          last: int = 12) -> tuple[AttendancePoint, ...]:
    """Members present at each of the group's last ``last`` meetings, oldest first."""
    query = (
        select(Meeting.date, _present_count(), func.count(Attendance.member_id))
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(Meeting.group_id == group_id, Meeting.date <= until)
        .group_by(Meeting.id, Meeting.date)
        .order_by(Meeting.date.desc())
        .limit(last)
    )
    points = [AttendancePoint(format_date(day)[:5], int(present or 0), int(expected))
              for day, present, expected in session.execute(query)]
    return tuple(reversed(points))


def attendance_by_month(session: Session, group_ids: Sequence[int] | None, until: dt.date,
                        months: int = 12) -> tuple[AttendancePoint, ...]:
    """Members present at the meetings of each month, every group together (read from each
    meeting's own counts: a province's year of meetings, not its attendance rows)."""
    since = add_months(month_start(until), -(months - 1))
    year = extract("year", Meeting.date)
    month = extract("month", Meeting.date)
    scope = select(Group.id) if group_ids is None else list(group_ids)
    query = (
        select(year, month, func.sum(Meeting.present_count), func.sum(Meeting.listed_count))
        .where(Meeting.group_id.in_(scope), Meeting.date >= since, Meeting.date <= until,
               Meeting.listed_count > 0)
        .group_by(year, month)
        .order_by(year, month)
    )
    return tuple(AttendancePoint(f"{int(month_):02d}/{int(year_)}", int(present or 0),
                                 int(expected))
                 for year_, month_, present, expected in session.execute(query))


def group_charts(session: Session, group_id: int, on: dt.date) -> ChartData:
    """The charts of a group's page: two years of funds, a year of loans, 12 meetings."""
    return ChartData(
        fund_history(session, [group_id], on),
        loans_by_purpose(session, [group_id], add_months(month_start(on), -11), on),
        attendance_by_meeting(session, group_id, on),
    )


def commune_charts(session: Session, on: dt.date) -> ChartData:
    """The charts of the commune overview: every group together, attendance by month."""
    return ChartData(
        fund_history(session, None, on),
        loans_by_purpose(session, None, add_months(month_start(on), -11), on),
        attendance_by_month(session, None, on),
    )


@dataclass(frozen=True)
class AmountScale:
    """How a chart's amount axis counts: in đồng, thousands, millions or billions of đồng,
    with round steps, so its labels are short whole numbers."""

    divisor: int
    unit: str
    step: int  # in units
    top: int  # in units, a multiple of ``step``
    bottom: int  # in units, a multiple of ``step`` (negative only for negative amounts)

    @property
    def ticks(self) -> int:
        return (self.top - self.bottom) // self.step + 1


def _round_step(span: float, steps: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, … that cuts ``span`` into at most ``steps``."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if span / (factor * magnitude) <= steps:
                return factor * magnitude
        magnitude *= 10


def amount_scale(values: Sequence[int], steps: int = 5) -> AmountScale:
    """The unit and the round steps for an axis showing ``values`` (đồng)."""
    high = max([0, *values])
    low = min([0, *values])
    extent = max(high, -low)
    if extent >= 10_000_000_000:
        divisor, unit = 1_000_000_000, _("billion đồng")
    elif extent >= 10_000_000:
        divisor, unit = 1_000_000, _("million đồng")
    elif extent >= 10_000:
        divisor, unit = 1_000, _("thousand đồng")
    else:
        divisor, unit = 1, _("đồng")
    step = _round_step(max((high - low) / divisor, 1), steps)
    top = -(-high // (divisor * step)) * step
    bottom = (low // (divisor * step)) * step
    return AmountScale(divisor, unit, step, max(top, step), bottom)
