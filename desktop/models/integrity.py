"""The ledger's self-check (``commune-ledger check``): the database file, then the books of
every group. Errors are data: each finding is a ``Problem`` naming the group, meeting, entry
or loan concerned, so a clerk (or the board) knows where to look.

What a sound ledger satisfies:
- SQLite's own ``quick_check`` (``integrity_check`` when thorough) and
  ``foreign_key_check`` (on SQLite);
- every entry's lines sum to zero and carry the entry's group and date;
- every group's trial balance is zero;
- no loan is overpaid (negative balance) or owes more than was lent;
- no member's savings are negative;
- a share purchase costs its quantity × the cycle's share value;
- entries of a meeting belong to that meeting's group, day and cycle, and their members are
  on its attendance list; entries name members and loans of their own group;
- a closed meeting has its counted cash, any difference explained, and the box never holds
  less than nothing when a meeting ends;
- the balance snapshots and each loan's settled day agree with a full re-sum of the journal
  (``snapshot_check``);
- the audit log's chain of digests is unbroken (``audit``).

The books are checked a few groups at a time, each statement reading only those groups'
rows through their indexes, with progress after each batch; the check can be run for one
group or one commune.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, func, or_, select, text
from sqlalchemy.orm import Session, aliased
from sqlalchemy.pool import StaticPool

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
from desktop.models.organisation import Commune
from desktop.models.raw_values import as_date, plain
from desktop.models.snapshot_check import LoanBalance, resum
from desktop.progress import SILENT, Progress

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


BATCH = 25  # groups checked together: a commune's worth of books per statement


def check_ledger(session: Session) -> list[Problem]:
    """Everything wrong with the ledger (an empty list when it is sound)."""
    return inspect_ledger(session).all_problems


def inspect_ledger(session: Session, group_ids: Sequence[int] | None = None,
                   progress: Progress = SILENT, workers: int = 1,
                   thorough: bool = False) -> LedgerCheck:
    """Check the database file and each group's books (``group_ids``: only those groups'
    books, and not the file); nothing is changed. ``progress`` is told as batches end.

    With ``workers`` above 1 (and a database that gives each thread its own connection),
    that many batches are checked at once, each in a session of its own; the file's own
    check runs beside them."""
    query = (select(Group.id, Group.code, Group.name, Group.kind, Commune.code)
             .join(Commune, Commune.id == Group.commune_id)
             .order_by(Commune.code, Group.code))
    if group_ids is not None:
        query = query.where(Group.id.in_(list(group_ids)))
    groups = session.execute(query).all()
    several = len({commune for *_rest, commune in groups}) > 1
    codes = {group_id: f"{commune}/{code}" if several else code
             for group_id, code, _name, _kind, commune in groups}
    batches = [groups[start:start + BATCH] for start in range(0, len(groups), BATCH)]
    engine = session.get_bind()
    if workers <= 1 or isinstance(getattr(engine, "pool", None), StaticPool):
        general = _file_problems(session, thorough) if group_ids is None else []
        results: list[GroupCheck] = []
        for number, batch in enumerate(batches):
            progress.step(number * BATCH, len(groups), _doing(batch))
            results.extend(_check_batch(session, batch, codes))
        progress.step(len(groups), len(groups), "")
        return LedgerCheck(results, general)
    return _inspect_in_parallel(engine, batches, codes, len(groups), group_ids is None,
                                progress, workers, thorough)


def _doing(batch: Sequence[Any]) -> str:
    return _("Checking the books of commune {code}…").format(code=batch[0][4])


def _inspect_in_parallel(engine: Any, batches: list[Sequence[Any]], codes: dict[int, str],
                         count: int, whole: bool, progress: Progress, workers: int,
                         thorough: bool) -> LedgerCheck:
    def books(batch: Sequence[Any]) -> list[GroupCheck]:
        with Session(engine) as own:
            return _check_batch(own, batch, codes)

    def database() -> list[Problem]:
        with Session(engine) as own:
            return _file_problems(own, thorough)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        general = pool.submit(database) if whole else None
        pending = {pool.submit(books, batch): number for number, batch in enumerate(batches)}
        done: dict[int, list[GroupCheck]] = {}
        try:
            for future in as_completed(pending):
                number = pending[future]
                done[number] = future.result()
                checked = sum(len(batches[index]) for index in done)
                progress.step(checked, count, _doing(batches[min(number + 1,
                                                                 len(batches) - 1)]))
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        problems = general.result() if general is not None else []
    progress.step(count, count, "")
    return LedgerCheck([group for number in range(len(batches)) for group in done[number]],
                       problems)


def _check_batch(session: Session, batch: Sequence[Any],
                 codes: dict[int, str]) -> list[GroupCheck]:
    ids = [group_id for group_id, *_rest in batch]
    found: dict[int, list[Problem]] = defaultdict(list)
    members: Names = {member_id: f"{code} {name}" for member_id, code, name in session.execute(
        select(Member.id, Member.code, Member.full_name).where(Member.group_id.in_(ids)))}
    resummed = resum(session, ids, codes, members)
    findings = [*resummed.findings, *_savings_problems(session, resummed.savings, codes, members),
                *_entry_problems(session, ids, codes),
                *_loan_problems(resummed.loans, codes, members),
                *_event_link_problems(session, ids, codes),
                *_attendance_problems(session, ids, codes, members),
                *_meeting_cash_problems(session, ids, codes, resummed.cash)]
    for group_id, message in findings:
        found[group_id].append(Problem(message))
    totals = resummed.totals
    results = []
    for group_id, _code, name, kind, _commune in batch:
        code = codes[group_id]
        total = int(totals.get(group_id) or 0)
        problems = []
        if total:
            problems.append(Problem(_("Group {code}: the trial balance is {total} đồng instead "
                                      "of 0.").format(code=code, total=format_amount(total))))
        results.append(GroupCheck(group_id, code, name, str(kind), total,
                                  problems + found.pop(group_id, [])))
    return results


def _file_problems(session: Session, thorough: bool) -> list[Problem]:
    """What is wrong with the ledger as a whole: the database, then the audit log's chain."""
    return [*_database_problems(session, thorough), *audit_problems(session)]


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


def _database_problems(session: Session, thorough: bool = False) -> list[Problem]:
    """SQLite's own checks of the file: its pages and rows (``quick_check``; ``thorough``:
    also every index against its table, ``integrity_check``, several times longer on a
    province's file), and its foreign keys."""
    if session.get_bind().dialect.name != "sqlite":
        return []
    problems = []
    pragma = "PRAGMA integrity_check" if thorough else "PRAGMA quick_check"
    for (detail,) in session.execute(text(pragma)):
        if detail != "ok":
            problems.append(Problem(_("The ledger file failed SQLite's integrity check: "
                                      "{detail}").format(detail=detail)))
    for table, row, parent, _fk in session.execute(text("PRAGMA foreign_key_check")):
        problems.append(Problem(_("Table {table}, row {row}: it refers to a missing row of "
                                  "{parent}.").format(table=table, row=row, parent=parent)))
    return problems


def _entry_problems(session: Session, ids: list[int], codes: dict[int, str]) -> list[Finding]:
    """Unbalanced entries, lines filed apart from their entry, lines of nobody."""
    found: list[Finding] = []
    unnamed_found: list[Finding] = []
    apart = func.sum(case((or_(JournalLine.group_id != Event.group_id,
                               JournalLine.date != Event.date), 1), else_=0))
    # Read from the lines already at hand, never through the index of every line of the
    # ledger that names nobody.
    nobody = func.sum(case((or_(
        and_(JournalLine.account == Account.SAVINGS, func.coalesce(JournalLine.member_id, 0) == 0),
        and_(JournalLine.account == Account.LOAN, func.coalesce(JournalLine.loan_id, 0) == 0),
    ), 1), else_=0))
    total = func.sum(JournalLine.amount)
    for event_id, group_id, day, summed, strays, unnamed in session.execute(
        # One pass over the entries' lines for all three.
        select(Event.id, Event.group_id, Event.date, total, apart, nobody)
        .join(JournalLine, JournalLine.event_id == Event.id)
        .where(Event.group_id.in_(ids))
        .group_by(Event.id, Event.group_id, Event.date)
        .having(or_(total != 0, apart > 0, nobody > 0))
    ):
        if summed:
            found.append((group_id, _("Group {code}: entry no. {event} of {date} does not "
                                      "balance: its lines sum to {total} đồng.").format(
                code=codes.get(group_id, "?"), event=event_id, date=format_date(day),
                total=format_amount(int(summed)))))
        if strays:
            found.append((group_id, _("Group {code}: a line of entry no. {event} is dated or "
                                      "filed apart from its entry.").format(
                code=codes.get(group_id, "?"), event=event_id)))
        if unnamed:
            unnamed_found.append((group_id, _(
                "Group {code}: entry no. {event} posts to savings or to a loan without saying "
                "whose.").format(code=codes.get(group_id, "?"), event=event_id)))
    return found + unnamed_found


def _loan_problems(loans: Sequence[LoanBalance], codes: dict[int, str],
                   members: Names) -> list[Finding]:
    """Loans overpaid, or owing more than was lent (their lines re-summed by ``resum``)."""
    found: list[Finding] = []
    for loan in loans:
        balance = loan.balance
        if balance is None or 0 <= balance <= loan.principal:
            continue
        values = dict(code=codes.get(loan.group_id, "?"), loan=loan.loan_id,
                      member=members.get(loan.member_id, "?"), balance=format_amount(balance),
                      principal=format_amount(loan.principal))
        if balance < 0:
            message = _("Group {code}: loan no. {loan} of {member} is overpaid: its balance is "
                        "{balance} đồng.").format(**values)
        else:
            message = _("Group {code}: loan no. {loan} of {member} shows {balance} đồng "
                        "outstanding, more than the {principal} đồng lent.").format(**values)
        found.append((loan.group_id, message))
    return found


def _savings_problems(session: Session, savings: dict[tuple[int, Any], int],
                      codes: dict[int, str], members: Names) -> list[Finding]:
    """Savers whose savings, re-summed, are below zero; savings of a member of another
    group."""
    found: list[Finding] = []
    for (group_id, member_id), total in sorted(savings.items()):
        if total > 0:  # savings are credits: a positive balance is negative savings
            found.append((group_id, _("Group {code}: the savings of {member} are negative "
                                      "({balance} đồng).").format(
                code=codes.get(group_id, "?"), member=members.get(member_id, "?"),
                balance=format_amount(-int(total)))))
    belongs = {member_id: (group_id, f"{code} {name}") for member_id, group_id, code, name in
               session.execute(select(Member.id, Member.group_id, Member.code, Member.full_name)
                               .where(Member.id.in_(sorted({member for _g, member in savings}))))}
    for group_id, member_id in sorted(savings):
        owner, name = belongs.get(member_id, (None, "?"))
        if owner != group_id:
            found.append((group_id, _("Group {code}: the books hold savings of {member}, who "
                                      "is a member of another group.").format(
                code=codes.get(group_id, "?"), member=name)))
    return found


def _event_link_problems(session: Session, ids: list[int],
                         codes: dict[int, str]) -> list[Finding]:
    """In one pass over the batch's entries: share purchases not costing quantity × share
    value, entries tied to the wrong meeting, group or loan."""
    shares: list[Finding] = []
    meetings: list[Finding] = []
    owners: list[Finding] = []
    owner = aliased(Member)
    wrong_share = and_(Event.kind == EventKind.SHARE_PURCHASE,
                       Event.amount != Event.quantity * Cycle.share_value)
    wrong_meeting = or_(Meeting.group_id != Event.group_id, Meeting.date != Event.date,
                        Meeting.cycle_id != Event.cycle_id)
    wrong_owner = or_(owner.group_id != Event.group_id, Loan.group_id != Event.group_id)
    for row in session.execute(
        select(Event.id, Event.group_id, Event.date, Event.quantity, Event.amount,
               Cycle.share_value, case((wrong_share, 1), else_=0),
               case((wrong_meeting, 1), else_=0), case((wrong_owner, 1), else_=0))
        .outerjoin(Cycle, Cycle.id == Event.cycle_id)
        .outerjoin(Meeting, Meeting.id == Event.meeting_id)
        .outerjoin(owner, owner.id == Event.member_id)
        .outerjoin(Loan, Loan.id == Event.loan_id)
        .where(Event.group_id.in_(ids), or_(wrong_share, wrong_meeting, wrong_owner))
    ):
        event_id, group_id, day, quantity, amount, value, share, meeting, other = row
        code = codes.get(group_id, "?")
        if share:
            shares.append((group_id, _("Group {code}: entry no. {event} of {date} buys "
                                       "{quantity} shares for {amount} đồng, but the share "
                                       "value of the cycle is {value} đồng.").format(
                code=code, event=event_id, date=format_date(day), quantity=quantity,
                amount=format_amount(int(amount)), value=format_amount(int(value)))))
        if meeting:
            meetings.append((group_id, _("Group {code}: entry no. {event} belongs to a meeting "
                                         "of another group, day or cycle.").format(
                code=code, event=event_id)))
        if other:
            owners.append((group_id, _("Group {code}: entry no. {event} names a member or a "
                                       "loan of another group.").format(
                code=code, event=event_id)))
    return [*shares, *meetings, *owners]


def _attendance_problems(session: Session, ids: list[int], codes: dict[int, str],
                         members: Names) -> list[Finding]:
    """Amounts on a meeting's sheet of a member missing from its attendance list."""
    found: list[Finding] = []
    for group_id, day, member_id in session.execute(
        select(Meeting.group_id, Meeting.date, Event.member_id)
        .join(Meeting, Meeting.id == Event.meeting_id)
        .outerjoin(Attendance, and_(Attendance.meeting_id == Event.meeting_id,
                                    Attendance.member_id == Event.member_id))
        .where(Meeting.group_id.in_(ids), Event.member_id.is_not(None),
               Attendance.meeting_id.is_(None)).distinct()
    ):
        found.append((group_id, _("Group {code}, meeting of {date}: {member} has amounts on the "
                                  "meeting sheet but is not on its attendance list.").format(
            code=codes.get(group_id, "?"), date=format_date(day),
            member=members.get(member_id, "?"))))
    return found


def _meeting_cash_problems(session: Session, ids: list[int], codes: dict[int, str],
                           cash: dict[int, tuple[list[Any], list[int]]]) -> list[Finding]:
    """Counted cash at closed meetings, and the box at the end of every meeting.

    The box at the end of a meeting is the cash account up to and including its day
    (``cash``: each group's days with cash lines and the running balance at their end, from
    ``resum``), less what is paid that day after the count (``meetings.AFTER_THE_COUNT``):
    the expected closing of the meeting's cash panel when its entries are on its day.
    """
    after_count: dict[tuple[int, Any], int] = {
        (group_id, day): int(total) for group_id, day, total in session.execute(
            # From the few entries paid after a count to their lines, not from every cash
            # line of the batch to its entry.
            select(JournalLine.group_id, plain(JournalLine.date), plain(func.sum(
                JournalLine.amount)))
            .select_from(Event).join(JournalLine, JournalLine.event_id == Event.id)
            # coalesce(): not "is null", which SQLite would answer through the index of
            # every entry of the ledger made outside a meeting.
            .where(Event.group_id.in_(ids), func.coalesce(Event.meeting_id, 0) == 0,
                   Event.kind.in_(AFTER_THE_COUNT), JournalLine.account == Account.CASH)
            .group_by(JournalLine.group_id, JournalLine.date))}
    found: list[Finding] = []
    for group_id, day, status, counted, note in session.execute(
        select(Meeting.group_id, plain(Meeting.date), Meeting.status, Meeting.counted_cash,
               Meeting.difference_note).where(Meeting.group_id.in_(ids))
        .order_by(Meeting.group_id, Meeting.date)
    ):
        days, running = cash.get(group_id, ([], []))
        position = bisect.bisect_right(days, day)
        expected = running[position - 1] if position else 0
        expected -= after_count.get((group_id, day), 0)
        values = dict(code=codes.get(group_id, "?"), date=format_date(as_date(day)))
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
