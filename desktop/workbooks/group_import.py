"""Import of a group workbook (Sổ nhóm, DESIGN.md §6.2) into the ledger, all or nothing.

The whole workbook is read and checked first; on any problem nothing is written and every
problem is returned. Then the rows are replayed in date order through the domain's rules:
``registry.create_group`` (with the constitution, seed capital and carried balances),
``registry.add_member``, ``meetings.create_meeting``, ``loans.disburse``,
``meetings.record_count`` and ``registry.leave_group`` (after the meetings of the leaving day
and their count, so the payout is the savings up to then and leaves the box after the count).
The meeting rows' simple events are posted with the domain's pure rules
(``posting.lines_for``) in Core bulk inserts, in the order ``meetings.save_entry`` posts
them, so a year of weekly meetings imports in about a second.

Decisions:

* Loans that break the constitution's limits are imported anyway: the paper book already
  approved them. Each carries the override reason "Imported from the paper book" and the
  usual ``override_limit`` audit entry.
* Imported meetings are closed and locked (the paper book was signed), except the last
  meeting when the workbook has no counted cash for it: that meeting is still being entered
  and stays open. The closing is written once in the audit log (``import_group``); a count
  that differs from the expected cash does not stop the closing of history.
* Old meetings typed from paper often have no count. Such a meeting is recorded as counted
  equal to the cash the book expects (so ``check`` finds the ledger sound), and the result
  lists these meetings (``counted_as_expected``) so that the clerk is told; a book that would
  leave less than nothing in the box is refused instead.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.models import attendance_counts, audit, meetings, registry, snapshots
from desktop.models.clock import now
from desktop.models.database import Ledger
from desktop.models.enums import EventKind, GroupKind, MeetingStatus
from desktop.models.errors import LedgerError, Problem
from desktop.models.formatting import format_amount, format_date
from desktop.models.group import Group
from desktop.models.journal import Event, JournalLine
from desktop.models.loans import LoanRequest, disburse
from desktop.models.meeting import Attendance, Meeting
from desktop.models.member import Member
from desktop.models.organisation import Commune
from desktop.models.permissions import Action, Actor, require
from desktop.models.posting import EventSpec, check_balanced, lines_for
from desktop.workbooks import group_format as fmt
from desktop.workbooks.cells import Problems, row_number
from desktop.workbooks.group_check import LoanPlanner, RowPlan, meeting_order
from desktop.workbooks.group_read import read_group_workbook
from desktop.workbooks.group_record import GroupRecord, MeetingRow
from desktop.workbooks.opening import open_workbook
from desktop.workbooks.safe_xlsx import GROUP_WORKBOOK_LIMITS, Limits

IMPORT_REASON = N_("Imported from the paper book")
_SHEET_ORDER = (fmt.GROUP_SHEET, fmt.MEMBERS_SHEET, fmt.MEETINGS_SHEET, fmt.CASH_SHEET)


@dataclass(frozen=True)
class ImportResult:
    """What an import did, or the problems that stopped it (then nothing was written)."""

    problems: list[Problem]
    group_id: int | None = None
    code: str = ""
    name: str = ""
    members: int = 0
    meetings: int = 0
    rows: int = 0
    loans: int = 0
    open_meeting: dt.date | None = None  # the last meeting, left open for entry
    # Closed meetings the workbook gave no count for: recorded as counted equal to expected.
    counted_as_expected: tuple[dt.date, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def _problem_order(problem: Problem) -> tuple[int, int, int, str]:
    sheet = _SHEET_ORDER.index(problem.sheet) if problem.sheet in _SHEET_ORDER else (
        -1 if not problem.sheet else len(_SHEET_ORDER))
    letters = problem.cell.rstrip("0123456789")
    return sheet, row_number(problem.cell), len(letters), letters


def read_group_file(path: str | os.PathLike[str], limits: Limits = GROUP_WORKBOOK_LIMITS,
                    ) -> tuple[GroupRecord | None, list[Problem]]:
    """The checked record of the workbook at ``path``, or the problems found (sheet by sheet,
    row by row). Touches no ledger. ``limits``: how large a group workbook may be."""
    problems = Problems(file=Path(path).name)
    workbook = open_workbook(path, problems, limits)
    record = None
    if workbook is not None:
        with workbook:
            record = read_group_workbook(workbook, problems)
    return record, sorted(problems.items, key=_problem_order)


def ledger_problems(session: Session, record: GroupRecord, file: str = "") -> list[Problem]:
    """What the ledger itself refuses: a group with the same code in the same commune."""
    problems = Problems(file=file)
    exists = session.scalar(
        select(Group.id).join(Commune, Commune.id == Group.commune_id)
        .where(Commune.code == record.commune_code, Group.code == record.code))
    if exists is not None:
        problems.at_cell(fmt.GROUP_SHEET, record.refs.get("code", ""), _(
            "the commune {commune} already has a group with the code {code}; import it into "
            "another ledger, or change the code").format(commune=record.commune_code,
                                                          code=record.code))
    return problems.items


class _Poster:
    """Collects a meeting's simple events and writes them with two bulk inserts."""

    def __init__(self, session: Session, group: Group, actor: Actor) -> None:
        self.session = session
        self.group = group
        self.cycle = group.current_cycle
        self.actor = actor
        self.pending: list[EventSpec] = []

    def add(self, kind: EventKind, amount: int, meeting: Meeting, member_id: int, *,
            loan_id: int | None = None, quantity: int = 0) -> None:
        if not amount:
            return
        self.pending.append(EventSpec(
            group_id=self.group.id, cycle_id=self.cycle.id, kind=kind, date=meeting.date,
            amount=amount, quantity=quantity, meeting_id=meeting.id, member_id=member_id,
            loan_id=loan_id, user=self.actor.name,
            lines=lines_for(kind, amount, member_id=member_id, loan_id=loan_id,
                            fund=self.group.lending_fund,
                            income_interest=self.cycle.income_fund_interest)))

    def flush(self) -> None:
        if not self.pending:
            return
        created = now()
        ids = self.session.scalars(
            insert(Event).returning(Event.id, sort_by_parameter_order=True),
            [dict(group_id=s.group_id, cycle_id=s.cycle_id, meeting_id=s.meeting_id,
                  member_id=s.member_id, loan_id=s.loan_id, kind=s.kind.value, date=s.date,
                  amount=s.amount, quantity=s.quantity, note=s.note, reverses_id=None,
                  created_at=created, created_by=s.user) for s in self.pending],
        ).all()
        lines = [
            dict(event_id=event_id, group_id=spec.group_id, date=spec.date,
                 account=line.account.value, member_id=line.member_id, loan_id=line.loan_id,
                 amount=line.amount)
            for event_id, spec in zip(ids, self.pending, strict=True)
            for line in check_balanced(spec.lines)
        ]
        self.session.execute(insert(JournalLine), lines)
        # The group is made by this import's own transaction: its snapshots written whole.
        snapshots.record(self.session, snapshots.moves_of_rows(lines), exclusive=True)
        self.pending.clear()


class _Replay:
    def __init__(self, session: Session, record: GroupRecord, actor: Actor) -> None:
        self.session = session
        self.record = record
        self.actor = actor
        self.planner = LoanPlanner(record.constitution.interest_method)
        self.loan_ids: dict[int, int] = {}  # planned loan number → Loan.id

    def group(self) -> Group:
        r = self.record
        commune = registry.get_or_create_commune(
            self.session, r.commune_code,
            r.commune_name or _("Commune {code}").format(code=r.commune_code), r.province)
        village = registry.get_or_create_village(self.session, commune, r.village)
        return registry.create_group(
            self.session, commune, code=r.code, name=r.name, kind=r.kind,
            start_date=r.start_date, village=village, founded_on=r.founded_on,
            actor=self.actor, **r.constitution.settings())

    def members(self, group: Group) -> dict[str, Member]:
        return {m.code: registry.add_member(
            self.session, group, code=m.code, full_name=m.full_name, join_date=m.join_date,
            actor=self.actor, sex=m.sex, birth_year=m.birth_year, ethnicity=m.ethnicity,
            village=m.village, household=m.household, role=m.role,
            consent_date=m.consent_date, consent_method=m.consent_method,
            consent_withdrawn=m.consent_withdrawn, phone=m.phone, id_number=m.id_number)
            for m in self.record.members}

    def attendance(self, meeting: Meeting, rows: list[MeetingRow],
                   members: dict[str, Member]) -> None:
        """Present as the rows say; an active member with no row was absent. A member
        leaving that very day with no row was no longer on the sheet."""
        standing = {a.member_id: a for a in self.session.scalars(
            select(Attendance).where(Attendance.meeting_id == meeting.id))}
        wanted = {members[row.member].id: row.present for row in rows}
        gone = {members[m.code].id for m in self.record.members
                if m.leave_date is not None and m.leave_date <= meeting.date}
        for member_id, attendance in standing.items():
            if member_id not in wanted and member_id in gone:
                self.session.delete(attendance)
            else:
                attendance.present = wanted.pop(member_id, False)
        for member_id, present in wanted.items():  # attendance kept after leaving
            self.session.add(Attendance(meeting_id=meeting.id, member_id=member_id,
                                        present=present))
        self.session.flush()
        attendance_counts.recount(self.session, [meeting.id])

    def row(self, poster: _Poster, group: Group, meeting: Meeting, row: MeetingRow,
            member_id: int, plan: RowPlan) -> None:
        """The row's events in the order ``meetings.save_entry`` posts them."""
        if group.kind == GroupKind.VSLA:
            poster.add(EventKind.SHARE_PURCHASE, row.shares * group.current_cycle.share_value,
                       meeting, member_id, quantity=row.shares)
        else:
            poster.add(EventKind.SAVINGS_DEPOSIT, row.savings, meeting, member_id)
        poster.add(EventKind.SOCIAL_FUND_CONTRIBUTION, row.social_fund, meeting, member_id)
        poster.add(EventKind.FINE, row.fine, meeting, member_id)
        poster.add(EventKind.MEMBER_FEE, row.fee, meeting, member_id)
        poster.add(EventKind.SOCIAL_FUND_GRANT, row.grant, meeting, member_id)
        if plan.repay is not None:
            poster.add(EventKind.PRINCIPAL_REPAYMENT, row.repaid, meeting, member_id,
                       loan_id=self.loan_ids[plan.repay.number])
        if plan.new_loan is not None:
            poster.flush()  # the limits are checked on the savings and loans up to now
            loan = disburse(self.session, group, LoanRequest(
                member_id=member_id, amount=row.new_loan, on=meeting.date,
                fund=group.lending_fund, meeting_id=meeting.id,
                override_reason=_(IMPORT_REASON)), self.actor)
            self.loan_ids[plan.new_loan.number] = loan.id
        if plan.interest is not None:  # after the new loan: upfront interest is paid on it
            poster.add(EventKind.INTEREST_PAYMENT, row.interest, meeting, member_id,
                       loan_id=self.loan_ids[plan.interest.number])

    def leave(self, member: Member, on: dt.date, reason: str) -> None:
        registry.leave_group(self.session, member, on, reason, self.actor)

    def run(self) -> ImportResult:
        record, session, actor = self.record, self.session, self.actor
        group = self.group()
        members = self.members(group)
        poster = _Poster(session, group, actor)
        rows_by_date: dict[dt.date, list[MeetingRow]] = defaultdict(list)
        for row in sorted(record.rows, key=meeting_order):
            rows_by_date[row.date].append(row)
        counts = {count.date: count for count in record.counts}
        leavers = sorted((m.leave_date, m.code, m.leave_reason) for m in record.members
                         if m.leave_date is not None)
        dates = sorted(rows_by_date)
        open_meeting = None
        uncounted: list[dt.date] = []
        for day in dates:
            while leavers and leavers[0][0] < day:  # the leaving day's meeting comes first
                on, code, reason = leavers.pop(0)
                self.leave(members[code], on, reason)
            meeting = meetings.create_meeting(session, group, day, actor)
            self.attendance(meeting, rows_by_date[day], members)
            for row in rows_by_date[day]:
                plan, _problems = self.planner.plan(row)  # checked already: no problems
                self.row(poster, group, meeting, row, members[row.member].id, plan)
            poster.flush()
            count = counts.get(day)
            note = count.note if count is not None else ""
            if count is not None and count.counted is not None:
                meetings.record_count(session, meeting, count.counted, note, actor)
            elif day == dates[-1]:
                meeting.difference_note = note
                open_meeting = day
                continue
            else:
                # History typed from paper without a count: the box held what the book says.
                expected = meetings.cash_panel(session, meeting).expected_closing
                if expected < 0:
                    raise LedgerError(_(
                        "the meeting of {date} would leave {cash} đồng in the box, less than "
                        "nothing; write the cash counted at that meeting in sheet {sheet}")
                        .format(date=format_date(day), cash=format_amount(expected),
                                sheet=fmt.CASH_SHEET))
                meetings.record_count(session, meeting, expected, note, actor)
                uncounted.append(day)
            meetings.post_cash_difference(session, meeting, actor)
            meeting.status = MeetingStatus.CLOSED
            meeting.closed_by = actor.name
            meeting.closed_at = now()
        for on, code, reason in leavers:
            self.leave(members[code], on, reason)
        result = ImportResult(
            [], group.id, group.code, group.name, members=len(members), meetings=len(dates),
            rows=len(record.rows), loans=len(self.loan_ids), open_meeting=open_meeting,
            counted_as_expected=tuple(uncounted))
        audit.record(session, actor, "import_group", "group", group.id,
                     members=result.members, meetings=result.meetings, rows=result.rows,
                     loans=result.loans, closed=len(dates) - (open_meeting is not None),
                     open_meeting=open_meeting, counted_as_expected=len(uncounted))
        session.flush()
        return result


def replay(session: Session, record: GroupRecord, actor: Actor) -> ImportResult:
    """Write a checked ``record`` into the ledger as a new group (the caller commits; on a
    ``LedgerError`` the caller must roll back)."""
    require(actor, Action.CLOSE_MEETING)
    require(actor, Action.OVERRIDE_LIMIT)
    return _Replay(session, record, actor).run()


def import_group(session: Session, path: str | os.PathLike[str], actor: Actor) -> ImportResult:
    """Check the workbook at ``path`` and, when it has no problem, replay it into the ledger
    in the caller's transaction. With problems nothing is written. A refusal while replaying
    (which the checks should have foreseen) raises ``LedgerError``: roll back then."""
    require(actor, Action.CLOSE_MEETING)
    record, problems = read_group_file(path)
    if record is not None:
        problems = ledger_problems(session, record, Path(path).name)
    if record is None or problems:
        return ImportResult(problems)
    return replay(session, record, actor)


def import_group_file(ledger: Ledger, path: str | os.PathLike[str],
                      actor: Actor) -> ImportResult:
    """:func:`import_group` in a transaction of its own: committed whole, or not at all.

    Two imports of the same group at once (two clerks, or two processes on one ledger) may
    both pass the check before either has written; the later one then meets the group the
    other wrote (a refusal of ``registry.create_group``, or the ledger's unique codes). It is
    rolled back and gets the refusal it would have had coming second: "the commune already
    has a group with the code…"."""
    require(actor, Action.CLOSE_MEETING)
    name = Path(path).name
    record, problems = read_group_file(path)
    if record is None or problems:
        return ImportResult(problems)
    for attempt in range(2):
        session = ledger.sessions()
        try:
            problems = ledger_problems(session, record, name)
            if problems:
                session.rollback()
                return ImportResult(problems)
            result = replay(session, record, actor)
            session.commit()
            return result
        except IntegrityError:
            # Another import wrote the same commune or group meanwhile: once more, from the
            # check, sees it.
            session.rollback()
            if attempt:
                raise
        except LedgerError as error:
            session.rollback()
            return ImportResult(_taken_meanwhile(ledger, record, name) or [Problem(
                _("Nothing was imported: {reason}").format(reason=error.message), name)])
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
    raise AssertionError("unreachable: the second attempt returns or raises")


def _taken_meanwhile(ledger: Ledger, record: GroupRecord, file: str) -> list[Problem]:
    """The refusal of a group that another import wrote while this one was replaying."""
    session = ledger.sessions()
    try:
        return ledger_problems(session, record, file)
    finally:
        session.close()
