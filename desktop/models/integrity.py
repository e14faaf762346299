"""The ledger's self-check (``commune-ledger check``): the database file, then the books of
every group. Errors are data: each finding is a ``Problem`` naming the group, meeting, entry
or loan concerned, so a clerk (or the board) knows where to look.

What a sound ledger satisfies:
- SQLite's own ``integrity_check`` and ``foreign_key_check`` (on SQLite);
- every entry's lines sum to zero and carry the entry's group and date;
- every group's trial balance is zero;
- no loan is overpaid (negative balance) or owes more than was lent;
- no member's savings are negative;
- a share purchase costs its quantity × the cycle's share value;
- entries of a meeting belong to that meeting's group, day and cycle, and their members are
  on its attendance list; entries name members and loans of their own group;
- a closed meeting has its counted cash, any difference explained, and the box never holds
  less than nothing when a meeting ends.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.orm import Session, aliased

from desktop.i18n import _
from desktop.models import schema  # noqa: F401  (every table mapped before the first query)
from desktop.models.audit import verify_chain
from desktop.models.enums import Account, EventKind, MeetingStatus
from desktop.models.errors import Problem
from desktop.models.formatting import format_amount, format_date
from desktop.models.group import Cycle, Group
from desktop.models.journal import Event, JournalLine
from desktop.models.loan import Loan
from desktop.models.meeting import Attendance, Meeting
from desktop.models.meetings import AFTER_THE_COUNT
from desktop.models.member import Member

# A problem found in one group's books: (group id, the sentence for the clerk).
Finding = tuple[int, str]
# Members by id, as "code full name" for the messages.
Names = dict[int | None, str]


@dataclass(frozen=True)
class GroupCheck:
    """The result for one group: its trial balance and what is wrong in its books."""

    group_id: int
    code: str
    name: str
    kind: str
    trial_balance: int
    problems: list[Problem] = field(default_factory=list)

    @property
    def sound(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class LedgerCheck:
    """Every group's result, and the problems of the file itself."""

    groups: list[GroupCheck]
    problems: list[Problem]  # not tied to one group (the database file)

    @property
    def all_problems(self) -> list[Problem]:
        return [*self.problems, *(p for group in self.groups for p in group.problems)]

    @property
    def sound(self) -> bool:
        return not self.all_problems


def check_ledger(session: Session) -> list[Problem]:
    """Everything wrong with the ledger (an empty list when it is sound)."""
    return inspect_ledger(session).all_problems


def inspect_ledger(session: Session) -> LedgerCheck:
    """Check the database and each group's books; nothing is changed."""
    general = _database_problems(session)
    general.extend(audit_problems(session))
    groups = session.execute(select(Group.id, Group.code, Group.name, Group.kind)
                             .order_by(Group.code)).all()
    codes = {group_id: code for group_id, code, _name, _kind in groups}
    found: dict[int, list[Problem]] = defaultdict(list)
    members: Names = {member_id: f"{code} {name}" for member_id, code, name in session.execute(
        select(Member.id, Member.code, Member.full_name))}
    for check in (_entry_problems, _loan_problems, _savings_problems, _share_problems,
                  _meeting_link_problems, _meeting_cash_problems):
        for group_id, message in check(session, codes, members):
            found[group_id].append(Problem(message))
    totals = dict(session.execute(
        select(JournalLine.group_id, func.sum(JournalLine.amount))
        .group_by(JournalLine.group_id)).all())
    results = []
    for group_id, code, name, kind in groups:
        total = int(totals.get(group_id) or 0)
        problems = []
        if total:
            problems.append(Problem(_("Group {code}: the trial balance is {total} đồng instead "
                                      "of 0.").format(code=code, total=format_amount(total))))
        results.append(GroupCheck(group_id, code, name, str(kind), total,
                                  problems + found.pop(group_id, [])))
    for messages in found.values():  # lines of a group that no longer exists
        general.extend(messages)
    return LedgerCheck(results, general)


def audit_problems(session: Session) -> list[Problem]:
    """The audit log's chain: a break names the first entry that no longer fits."""
    found = verify_chain(session)
    if found is None:
        return []
    if found.entry_id is None:
        return [Problem(_("The audit log was changed: entries after entry {entry} were "
                          "removed.").format(entry=found.last_good))]
    return [Problem(_("The audit log was changed outside the application, from entry {entry} "
                      "({date}, {user}) on: that entry was edited, or one before it was "
                      "removed or inserted.").format(
        entry=found.entry_id, user=found.user,
        date=found.at.strftime("%d/%m/%Y %H:%M") if found.at else ""))]


def _database_problems(session: Session) -> list[Problem]:
    if session.get_bind().dialect.name != "sqlite":
        return []
    problems = []
    for (detail,) in session.execute(text("PRAGMA integrity_check")):
        if detail != "ok":
            problems.append(Problem(_("The ledger file failed SQLite's integrity check: "
                                      "{detail}").format(detail=detail)))
    for table, row, parent, _fk in session.execute(text("PRAGMA foreign_key_check")):
        problems.append(Problem(_("Table {table}, row {row}: it refers to a missing row of "
                                  "{parent}.").format(table=table, row=row, parent=parent)))
    return problems


def _entry_problems(session: Session, codes: dict[int, str],
                    members: Names) -> list[Finding]:
    """Unbalanced entries, lines filed apart from their entry, lines of nobody."""
    found: list[Finding] = []
    for event_id, group_id, day, total in session.execute(
        select(Event.id, Event.group_id, Event.date, func.sum(JournalLine.amount))
        .join(JournalLine, JournalLine.event_id == Event.id)
        .group_by(Event.id, Event.group_id, Event.date)
        .having(func.sum(JournalLine.amount) != 0)
    ):
        found.append((group_id, _("Group {code}: entry no. {event} of {date} does not balance: "
                                  "its lines sum to {total} đồng.").format(
            code=codes.get(group_id, "?"), event=event_id, date=format_date(day),
            total=format_amount(int(total)))))
    for event_id, group_id in session.execute(
        select(Event.id, Event.group_id).join(JournalLine, JournalLine.event_id == Event.id)
        .where(or_(JournalLine.group_id != Event.group_id, JournalLine.date != Event.date))
        .distinct()
    ):
        found.append((group_id, _("Group {code}: a line of entry no. {event} is dated or filed "
                                  "apart from its entry.").format(
            code=codes.get(group_id, "?"), event=event_id)))
    for event_id, group_id in session.execute(
        select(JournalLine.event_id, JournalLine.group_id).where(or_(
            and_(JournalLine.account == Account.SAVINGS, JournalLine.member_id.is_(None)),
            and_(JournalLine.account == Account.LOAN, JournalLine.loan_id.is_(None)),
        )).distinct()
    ):
        found.append((group_id, _("Group {code}: entry no. {event} posts to savings or to a loan "
                                  "without saying whose.").format(
            code=codes.get(group_id, "?"), event=event_id)))
    return found


def _loan_problems(session: Session, codes: dict[int, str],
                   members: Names) -> list[Finding]:
    found: list[Finding] = []
    for loan_id, group_id, member_id, principal, balance in session.execute(
        select(Loan.id, Loan.group_id, Loan.member_id, Loan.principal,
               func.sum(JournalLine.amount))
        .join(JournalLine, JournalLine.loan_id == Loan.id)
        .where(JournalLine.account == Account.LOAN)
        .group_by(Loan.id, Loan.group_id, Loan.member_id, Loan.principal)
        .having(or_(func.sum(JournalLine.amount) < 0,
                    func.sum(JournalLine.amount) > Loan.principal))
    ):
        values = dict(code=codes.get(group_id, "?"), loan=loan_id,
                      member=members.get(member_id, "?"), balance=format_amount(int(balance)),
                      principal=format_amount(int(principal)))
        if balance < 0:
            message = _("Group {code}: loan no. {loan} of {member} is overpaid: its balance is "
                        "{balance} đồng.").format(**values)
        else:
            message = _("Group {code}: loan no. {loan} of {member} shows {balance} đồng "
                        "outstanding, more than the {principal} đồng lent.").format(**values)
        found.append((group_id, message))
    return found


def _savings_problems(session: Session, codes: dict[int, str],
                      members: Names) -> list[Finding]:
    found: list[Finding] = []
    for group_id, member_id, total in session.execute(
        select(JournalLine.group_id, JournalLine.member_id, func.sum(JournalLine.amount))
        .where(JournalLine.account == Account.SAVINGS, JournalLine.member_id.is_not(None))
        .group_by(JournalLine.group_id, JournalLine.member_id)
        .having(func.sum(JournalLine.amount) > 0)  # savings are credits: positive is negative
    ):
        found.append((group_id, _("Group {code}: the savings of {member} are negative "
                                  "({balance} đồng).").format(
            code=codes.get(group_id, "?"), member=members.get(member_id, "?"),
            balance=format_amount(-int(total)))))
    for group_id, member_id in session.execute(
        select(JournalLine.group_id, JournalLine.member_id)
        .join(Member, Member.id == JournalLine.member_id)
        .where(Member.group_id != JournalLine.group_id).distinct()
    ):
        found.append((group_id, _("Group {code}: the books hold savings of {member}, who is a "
                                  "member of another group.").format(
            code=codes.get(group_id, "?"), member=members.get(member_id, "?"))))
    return found


def _share_problems(session: Session, codes: dict[int, str],
                    members: Names) -> list[Finding]:
    found: list[Finding] = []
    for event_id, group_id, day, quantity, amount, value in session.execute(
        select(Event.id, Event.group_id, Event.date, Event.quantity, Event.amount,
               Cycle.share_value)
        .join(Cycle, Cycle.id == Event.cycle_id)
        .where(Event.kind == EventKind.SHARE_PURCHASE,
               Event.amount != Event.quantity * Cycle.share_value)
    ):
        found.append((group_id, _("Group {code}: entry no. {event} of {date} buys {quantity} "
                                  "shares for {amount} đồng, but the share value of the cycle "
                                  "is {value} đồng.").format(
            code=codes.get(group_id, "?"), event=event_id, date=format_date(day),
            quantity=quantity, amount=format_amount(int(amount)),
            value=format_amount(int(value)))))
    return found


def _meeting_link_problems(session: Session, codes: dict[int, str],
                           members: Names) -> list[Finding]:
    """Entries tied to the wrong meeting, group or loan; amounts of absent names."""
    found: list[Finding] = []
    for event_id, group_id in session.execute(
        select(Event.id, Event.group_id).join(Meeting, Meeting.id == Event.meeting_id)
        .where(or_(Meeting.group_id != Event.group_id, Meeting.date != Event.date,
                   Meeting.cycle_id != Event.cycle_id))
    ):
        found.append((group_id, _("Group {code}: entry no. {event} belongs to a meeting of "
                                  "another group, day or cycle.").format(
            code=codes.get(group_id, "?"), event=event_id)))
    owner = aliased(Member)
    for event_id, group_id in session.execute(
        select(Event.id, Event.group_id)
        .outerjoin(owner, owner.id == Event.member_id)
        .outerjoin(Loan, Loan.id == Event.loan_id)
        .where(or_(owner.group_id != Event.group_id, Loan.group_id != Event.group_id))
    ):
        found.append((group_id, _("Group {code}: entry no. {event} names a member or a loan of "
                                  "another group.").format(
            code=codes.get(group_id, "?"), event=event_id)))
    for group_id, day, member_id in session.execute(
        select(Meeting.group_id, Meeting.date, Event.member_id)
        .join(Meeting, Meeting.id == Event.meeting_id)
        .outerjoin(Attendance, and_(Attendance.meeting_id == Event.meeting_id,
                                    Attendance.member_id == Event.member_id))
        .where(Event.member_id.is_not(None), Attendance.meeting_id.is_(None)).distinct()
    ):
        found.append((group_id, _("Group {code}, meeting of {date}: {member} has amounts on the "
                                  "meeting sheet but is not on its attendance list.").format(
            code=codes.get(group_id, "?"), date=format_date(day),
            member=members.get(member_id, "?"))))
    return found


def _meeting_cash_problems(session: Session, codes: dict[int, str],
                           members: Names) -> list[Finding]:
    """Counted cash at closed meetings, and the box at the end of every meeting.

    The box at the end of a meeting is the cash account up to and including its day, less
    what is paid that day after the count (``meetings.AFTER_THE_COUNT``): the expected
    closing of the meeting's cash panel when its entries are on its day.
    """
    days: dict[int, list[dt.date]] = defaultdict(list)
    running: dict[int, list[int]] = defaultdict(list)
    for group_id, day, total in session.execute(
        select(JournalLine.group_id, JournalLine.date, func.sum(JournalLine.amount))
        .where(JournalLine.account == Account.CASH)
        .group_by(JournalLine.group_id, JournalLine.date)
        .order_by(JournalLine.group_id, JournalLine.date)
    ):
        previous = running[group_id][-1] if running[group_id] else 0
        days[group_id].append(day)
        running[group_id].append(previous + int(total))
    after_count: dict[tuple[int, dt.date], int] = {
        (group_id, day): int(total) for group_id, day, total in session.execute(
            select(JournalLine.group_id, JournalLine.date, func.sum(JournalLine.amount))
            .join(Event, Event.id == JournalLine.event_id)
            .where(JournalLine.account == Account.CASH, Event.meeting_id.is_(None),
                   Event.kind.in_(AFTER_THE_COUNT))
            .group_by(JournalLine.group_id, JournalLine.date))}
    found: list[Finding] = []
    for group_id, day, status, counted, note in session.execute(
        select(Meeting.group_id, Meeting.date, Meeting.status, Meeting.counted_cash,
               Meeting.difference_note).order_by(Meeting.group_id, Meeting.date)
    ):
        position = bisect.bisect_right(days[group_id], day)
        expected = running[group_id][position - 1] if position else 0
        expected -= after_count.get((group_id, day), 0)
        values = dict(code=codes.get(group_id, "?"), date=format_date(day))
        if expected < 0:
            found.append((group_id, _("Group {code}, meeting of {date}: the cash box would hold "
                                      "{cash} đồng at the close, less than nothing.").format(
                cash=format_amount(expected), **values)))
        if status != MeetingStatus.CLOSED:
            continue
        if counted is None:
            found.append((group_id, _("Group {code}, meeting of {date}: the meeting is closed "
                                      "but its counted cash was never entered.").format(
                **values)))
        elif counted != expected and not (note or "").strip():
            found.append((group_id, _("Group {code}, meeting of {date}: the counted cash differs "
                                      "from the expected {expected} đồng by {difference} đồng "
                                      "and the difference is not explained.").format(
                expected=format_amount(expected), difference=format_amount(counted - expected),
                **values)))
    return found
