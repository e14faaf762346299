"""Checks across the sheets of a group workbook, before anything touches the ledger.

They mirror the rules the meeting sheet applies (``meetings.save_entry``): shares within the
constitution, a repayment goes to the member's oldest loan still owed and cannot exceed it,
interest needs a loan. :class:`LoanPlanner` is shared with the replay so that the check and
the import agree, loan by loan, on where each repayment goes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from desktop.i18n import _
from desktop.models.clock import today
from desktop.models.enums import GroupKind, InterestMethod
from desktop.models.formatting import format_amount, format_date
from desktop.models.meeting_dates import meeting_date_problem
from desktop.workbooks import group_format as fmt
from desktop.workbooks.cells import Problems, row_number
from desktop.workbooks.group_record import CashCount, Constitution, MeetingRow, MemberRecord

_SAVINGS_HEADER = next(c.header for c in fmt.MEETING_COLUMNS if c.key == "savings")


def _after_today(day: dt.date) -> str:
    return _("the date {date} is after today ({today})").format(
        date=format_date(day), today=format_date(today()))


def check_members(members: Sequence[MemberRecord], problems: Problems) -> None:
    """Unique codes; joining and leaving dates in order and not in the future."""
    seen: dict[str, int] = {}
    for member in members:
        code_cell = member.refs.get("code", "")
        if member.code in seen:
            problems.at_cell(fmt.MEMBERS_SHEET, code_cell, _(
                "the member code {code} is already used in row {row}").format(
                code=member.code, row=seen[member.code]))
        elif member.code:
            seen[member.code] = row_number(code_cell)
        if member.join_date > today():
            problems.at_cell(fmt.MEMBERS_SHEET, member.refs.get("join_date", ""),
                             _after_today(member.join_date))
        if member.leave_date is not None:
            if member.leave_date < member.join_date:
                problems.at_cell(fmt.MEMBERS_SHEET, member.refs.get("leave_date", ""), _(
                    "the leaving date {left} is before the joining date {joined}").format(
                    left=format_date(member.leave_date), joined=format_date(member.join_date)))
            elif member.leave_date > today():
                problems.at_cell(fmt.MEMBERS_SHEET, member.refs.get("leave_date", ""),
                                 _after_today(member.leave_date))


@dataclass
class PlannedLoan:
    number: int  # in order of disbursement over the whole workbook
    member: str
    date: dt.date
    principal: int
    balance: int


@dataclass(frozen=True)
class RowPlan:
    """Which loan a row's repayment and interest go to, and the loan it makes."""

    repay: PlannedLoan | None = None
    interest: PlannedLoan | None = None
    new_loan: PlannedLoan | None = None


class LoanPlanner:
    """Follows each member's loans through the rows in date order. As on the meeting sheet
    (``meetings._loan_for_repayment``), repayment and interest go to the member's oldest
    loan from an earlier meeting still owed (for interest, else the one repaid in full at
    this meeting), never to a loan made at the same meeting, except interest taken upfront:
    written on the row of the disbursement, it is the new loan's."""

    def __init__(self, method: InterestMethod = InterestMethod.FLAT) -> None:
        self.method = method
        self.loans: list[PlannedLoan] = []

    def _open(self, member: str) -> list[PlannedLoan]:
        return [loan for loan in self.loans if loan.member == member and loan.balance > 0]

    def plan(self, row: MeetingRow) -> tuple[RowPlan, list[tuple[str, str]]]:
        """The plan of ``row`` and its problems as (column key, detail)."""
        problems: list[tuple[str, str]] = []
        repay = None
        if row.repaid:
            open_loans = self._open(row.member)
            if not open_loans:
                problems.append(("repaid", _("the member has no loan to repay at this "
                                             "meeting")))
            elif row.repaid > open_loans[0].balance:
                problems.append(("repaid", _(
                    "the repayment ({amount}) is more than the {owed} still owed on the loan "
                    "of {date}").format(amount=format_amount(row.repaid),
                                        owed=format_amount(open_loans[0].balance),
                                        date=format_date(open_loans[0].date))))
            else:
                repay = open_loans[0]
                repay.balance -= row.repaid
        earlier = self._open(row.member)  # before this row's new loan
        new_loan = None
        if row.new_loan:
            new_loan = PlannedLoan(len(self.loans), row.member, row.date, row.new_loan,
                                   row.new_loan)
            self.loans.append(new_loan)
        interest = None
        if row.interest:
            if new_loan is not None and self.method == InterestMethod.UPFRONT:
                interest = new_loan
            else:
                interest = earlier[0] if earlier else repay
            if interest is None:
                problems.append(("interest", _(
                    "interest of {amount} is paid but the member has no loan from an earlier "
                    "meeting").format(amount=format_amount(row.interest))))
        return RowPlan(repay, interest, new_loan), problems


def _kind_problems(row: MeetingRow, kind: GroupKind, c: Constitution) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if kind == GroupKind.VSLA:
        if row.shares and row.shares > c.max_shares:
            found.append(("shares", _(
                "the number of shares ({shares}) is above the maximum of {limit} a meeting")
                .format(shares=row.shares, limit=c.max_shares)))
        elif row.shares and row.shares < c.min_shares:
            found.append(("shares", _(
                "the number of shares ({shares}) is below the minimum of {limit} a meeting")
                .format(shares=row.shares, limit=c.min_shares)))
        expected = row.shares * c.share_value
        # Without a share value (refused in sheet Nhom already) there is nothing to compare.
        if row.savings and c.share_value > 0 and row.savings != expected:
            found.append(("savings", _(
                "the savings ({amount}) should be the shares times the share value "
                "({expected}), or be left empty").format(
                amount=format_amount(row.savings), expected=format_amount(expected))))
    elif kind == GroupKind.ASCA:
        if row.shares:
            found.append(("shares", _(
                "an ASCA group does not buy shares; write the amount saved in the column "
                "{column}").format(column=_SAVINGS_HEADER)))
    else:
        for key in ("shares", "savings", "fine"):
            if row.amount(key):
                found.append((key, _("a club (ISHC) records no shares, savings or fines; leave "
                                     "this cell empty")))
    return found


def check_rows(rows: Sequence[MeetingRow], members: Sequence[MemberRecord] | None,
               kind: GroupKind | None, constitution: Constitution | None,
               start: dt.date | None, problems: Problems) -> None:
    """Each meeting row against the members, the cycle and the loans so far."""
    sheet = fmt.MEETINGS_SHEET
    by_code: dict[str, MemberRecord] = {}
    for known in members or []:
        by_code.setdefault(known.code, known)  # a duplicate code is reported already
    seen: dict[tuple[dt.date, str], str] = {}
    planner = LoanPlanner(constitution.interest_method if constitution else InterestMethod.FLAT)
    for row in sorted(rows, key=meeting_order):
        date_cell, member_cell = row.refs.get("date", ""), row.refs.get("member", "")
        date_ok = True  # one problem per date cell: the first that applies
        date_problem = meeting_date_problem(row.date, start)  # the meeting sheet's rule
        if date_problem is not None:
            date_ok = False
            problems.at_cell(sheet, date_cell, date_problem)
        if (row.date, row.member) in seen:
            problems.at_cell(sheet, member_cell, _(
                "member {code} already has a row for the meeting of {date} (row {row})").format(
                code=row.member, date=format_date(row.date),
                row=row_number(seen[row.date, row.member])))
            continue
        seen[row.date, row.member] = member_cell
        member = by_code.get(row.member)
        if members is not None and member is None:
            problems.at_cell(sheet, member_cell, _(
                "there is no member {code} in sheet {sheet}").format(
                code=row.member, sheet=fmt.MEMBERS_SHEET))
            continue
        if member is not None and date_ok and row.date < member.join_date:
            problems.at_cell(sheet, date_cell, _(
                "member {code} joined on {joined}, after this meeting ({date})").format(
                code=row.member, joined=format_date(member.join_date),
                date=format_date(row.date)))
        elif member is not None and date_ok and member.leave_date is not None \
                and member.join_date <= member.leave_date < row.date and row.has_money:
            problems.at_cell(sheet, date_cell, _(
                "member {code} left the group on {left}, before this meeting ({date})").format(
                code=row.member, left=format_date(member.leave_date),
                date=format_date(row.date)))
        if kind is not None and constitution is not None:
            for key, detail in _kind_problems(row, kind, constitution):
                problems.at_cell(sheet, row.refs.get(key, ""), detail)
        for key, detail in planner.plan(row)[1]:
            problems.at_cell(sheet, row.refs.get(key, ""), detail)


def meeting_order(row: MeetingRow) -> tuple[dt.date, int]:
    """Rows by meeting date, then as they stand in the sheet."""
    return row.date, row_number(row.refs.get("date", ""))


def check_counts(counts: Sequence[CashCount], meeting_dates: Collection[dt.date],
                 problems: Problems) -> None:
    """One count per meeting, and only for meetings that have rows."""
    seen: dict[dt.date, str] = {}
    for count in counts:
        cell = count.refs.get("date", "")
        if count.date in seen:
            problems.at_cell(fmt.CASH_SHEET, cell, _(
                "the meeting of {date} is already counted in row {row}").format(
                date=format_date(count.date), row=row_number(seen[count.date])))
            continue
        seen[count.date] = cell
        if count.date not in meeting_dates:
            problems.at_cell(fmt.CASH_SHEET, cell, _(
                "there are no rows in sheet {sheet} for the meeting of {date}").format(
                sheet=fmt.MEETINGS_SHEET, date=format_date(count.date)))
