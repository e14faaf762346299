"""The meeting sheet: one row per member, saved as business events; the cash panel;
closing, locking and reopening a meeting.

An edit on an open meeting never updates a saved amount: it reverses the events behind the
cell and posts the new amount, so the audit trail shows both.

Many clerks at once (a ledger on a PostgreSQL server): every change to a meeting first takes
its row lock (``lock_meeting``), so two saves of one meeting run one after the other and the
second reads what the first wrote — a cell is never reversed twice. A save may also say what
the clerk saw (``expected``): when someone else changed that row or count meanwhile, it is
refused with ``ChangedMeanwhile`` instead of quietly undoing her colleague's work.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, fields, replace
from enum import StrEnum

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import attendance_counts, audit, meeting_dates, posting
from desktop.models.balances import loan_outstanding
from desktop.models.clock import now
from desktop.models.enums import (
    Account,
    EventKind,
    GroupKind,
    InterestMethod,
    LoanFund,
    MeetingStatus,
)
from desktop.models.errors import ChangedMeanwhile, LedgerError, LimitWarnings, MeetingLocked
from desktop.models.formatting import format_amount, format_date
from desktop.models.group import Group
from desktop.models.journal import Event, JournalLine
from desktop.models.loan import Loan
from desktop.models.loans import (
    LoanRequest,
    disburse,
    meeting_cash_warnings,
    member_open_loans,
)
from desktop.models.meeting import Attendance, Meeting
from desktop.models.member import Member
from desktop.models.permissions import Action, Actor, require


class Field(StrEnum):
    """The money columns of the paper meeting form, and the event each one writes."""

    SHARES = "shares"  # VSLA: number of shares bought
    SAVINGS = "savings"  # ASCA: amount saved (VSLA: shares × share value)
    SOCIAL_FUND = "social_fund"
    FINE = "fine"
    FEE = "fee"
    REPAID = "repaid"
    INTEREST = "interest"
    NEW_LOAN = "new_loan"
    GRANT = "grant"


FIELD_EVENT = {
    Field.SAVINGS: EventKind.SAVINGS_DEPOSIT,
    Field.SOCIAL_FUND: EventKind.SOCIAL_FUND_CONTRIBUTION,
    Field.FINE: EventKind.FINE,
    Field.FEE: EventKind.MEMBER_FEE,
    Field.REPAID: EventKind.PRINCIPAL_REPAYMENT,
    Field.INTEREST: EventKind.INTEREST_PAYMENT,
    Field.NEW_LOAN: EventKind.LOAN_DISBURSEMENT,
    Field.GRANT: EventKind.SOCIAL_FUND_GRANT,
}
EVENT_FIELD = {kind: field for field, kind in FIELD_EVENT.items()}
EVENT_FIELD[EventKind.SHARE_PURCHASE] = Field.SAVINGS


def fields_for(kind: GroupKind) -> list[Field]:
    """The columns a group's meeting sheet shows."""
    if kind == GroupKind.VSLA:
        return [Field.SHARES, Field.SOCIAL_FUND, Field.FINE, Field.FEE, Field.REPAID,
                Field.INTEREST, Field.NEW_LOAN, Field.GRANT]
    if kind == GroupKind.ASCA:
        return [Field.SAVINGS, Field.SOCIAL_FUND, Field.FINE, Field.FEE, Field.REPAID,
                Field.INTEREST, Field.NEW_LOAN, Field.GRANT]
    return [Field.FEE, Field.SOCIAL_FUND, Field.REPAID, Field.INTEREST, Field.NEW_LOAN,
            Field.GRANT]


@dataclass(frozen=True)
class Entry:
    """One member's row of the meeting form. Amounts in đồng; ``shares`` a count."""

    member_id: int
    present: bool = True
    shares: int = 0
    savings: int = 0
    social_fund: int = 0
    fine: int = 0
    fee: int = 0
    repaid: int = 0
    interest: int = 0
    new_loan: int = 0
    grant: int = 0

    def amount(self, field: Field) -> int:
        return int(getattr(self, field.value))


AMOUNT_FIELDS = [f.name for f in fields(Entry) if f.name not in ("member_id", "present")]


def entry_problems(entry: Entry, group: Group) -> list[tuple[Field, str]]:
    """What is wrong with a row, cell by cell: negative amounts, shares outside the
    constitution. Used live by the grid and by every import."""
    cycle = group.current_cycle
    problems: list[tuple[Field, str]] = []
    for name in AMOUNT_FIELDS:
        if getattr(entry, name) < 0:
            problems.append((Field(name), _("An amount cannot be negative.")))
    if group.kind == GroupKind.VSLA and entry.shares > 0 and not (
        cycle.min_shares <= entry.shares <= cycle.max_shares
    ):
        problems.append((Field.SHARES, _("The constitution allows {low} to {high} shares a "
                                         "meeting.").format(low=cycle.min_shares,
                                                            high=cycle.max_shares)))
    return problems


def lock_meeting(session: Session, meeting: Meeting) -> None:
    """Hold the meeting's row until the transaction ends, and read it again: a second clerk
    changing the same meeting waits here, then sees what the first one saved (its status
    too: closed meanwhile is closed). ``FOR NO KEY UPDATE`` still lets other meetings' lines
    refer to this row. SQLite has no row locks: there, one writer at a time is the rule."""
    session.flush()  # a refresh reads the row again: this session's own changes go first
    session.refresh(meeting, with_for_update={"key_share": True})


def create_meeting(session: Session, group: Group, day: dt.date, actor: Actor) -> Meeting:
    """Open a new meeting of the current cycle; every active member starts present."""
    require(actor, Action.ENTER_DATA)
    # Two clerks starting a meeting of one group at once: the second waits, then finds the
    # first one's meeting below (rather than failing on the unique date).
    session.flush()
    session.refresh(group, with_for_update={"key_share": True})
    cycle = group.current_cycle
    if cycle.closed:
        raise LedgerError(_("The cycle is closed; open a new cycle first."))
    problem = meeting_dates.meeting_date_problem(day, cycle.start_date)
    if problem is not None:
        raise LedgerError(meeting_dates.as_sentence(problem))
    exists = session.scalar(select(Meeting.id).where(Meeting.group_id == group.id,
                                                     Meeting.date == day))
    if exists is not None:
        raise LedgerError(_("There is already a meeting on {date}.").format(
            date=format_date(day)))
    still_open = meeting_dates.open_meeting_after(session, group.id, day)
    if still_open is not None:
        raise LedgerError(meeting_dates.open_meeting_problem(still_open))
    meeting = Meeting(group_id=group.id, cycle_id=cycle.id, date=day,
                      status=MeetingStatus.OPEN)
    session.add(meeting)
    session.flush()
    members = session.scalars(select(Member).where(Member.group_id == group.id)).all()
    for member in members:
        if member.is_active_on(day):
            session.add(Attendance(meeting_id=meeting.id, member_id=member.id, present=True))
    session.flush()
    attendance_counts.recount(session, [meeting.id])
    return meeting


def sheet(session: Session, meeting: Meeting) -> list[Entry]:
    """The rows of the meeting form as saved: members active that day, name order."""
    members = session.scalars(
        select(Member).where(Member.group_id == meeting.group_id).order_by(Member.sort_key)
    ).all()
    present = dict(session.execute(
        select(Attendance.member_id, Attendance.present).where(
            Attendance.meeting_id == meeting.id)
    ).all())
    amounts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for member_id, kind, amount, quantity in session.execute(
        select(Event.member_id, Event.kind, func.sum(Event.amount), func.sum(Event.quantity))
        .where(Event.meeting_id == meeting.id, Event.member_id.is_not(None))
        .group_by(Event.member_id, Event.kind)
    ):
        if member_id is None:  # excluded by the query; narrows the type
            continue
        kind = EventKind(kind)
        if kind == EventKind.SHARE_PURCHASE:
            amounts[member_id][Field.SHARES.value] += int(quantity or 0)
        if kind in EVENT_FIELD:
            amounts[member_id][EVENT_FIELD[kind].value] += int(amount or 0)
    rows = []
    for member in members:
        if not (member.is_active_on(meeting.date) or member.id in amounts
                or member.id in present):
            continue
        rows.append(Entry(member_id=member.id, present=bool(present.get(member.id, False)),
                          **dict(amounts.get(member.id, {}))))
    return rows


def ensure_open(meeting: Meeting) -> None:
    if meeting.is_closed:
        raise MeetingLocked(_("The meeting of {date} is closed and locked; the board must "
                              "reopen it first.").format(date=format_date(meeting.date)))


def _current(session: Session, meeting: Meeting, member_id: int) -> Entry:
    for entry in sheet(session, meeting):
        if entry.member_id == member_id:
            return entry
    return Entry(member_id=member_id, present=False)


def _reverse_cell(session: Session, meeting: Meeting, member_id: int, kinds: list[EventKind],
                  actor: Actor) -> list[Event]:
    """Reverse every standing event behind one cell; returns the events reversed."""
    reversed_ids = select(Event.reverses_id).where(Event.reverses_id.is_not(None))
    standing = session.scalars(
        select(Event).where(
            Event.meeting_id == meeting.id, Event.member_id == member_id,
            Event.kind.in_(kinds), Event.reverses_id.is_(None), Event.id.not_in(reversed_ids),
        )
    ).all()
    for event in standing:
        correction = posting.reverse(session, event, actor.name, note=_("Correction"))
        # DESIGN §3.2: a correction is in the audit log with who and when, not only in the
        # journal.
        audit.record(session, actor, "correct_entry", "event", event.id,
                     meeting=meeting.date, member_id=member_id, kind=event.kind,
                     amount=event.amount, reversal_id=correction.id)
    return list(standing)


def save_entry(
    session: Session,
    meeting: Meeting,
    entry: Entry,
    actor: Actor,
    override_reason: str = "",
    *,
    expected: Entry | None = None,
) -> Entry:
    """Save one member's row in one go (the caller commits). Returns the row as saved.

    ``expected`` is the row as the clerk saw it: if it is saved otherwise now (another
    clerk changed it meanwhile), nothing is saved and ``ChangedMeanwhile`` carries the row
    as it is."""
    require(actor, Action.ENTER_DATA)
    lock_meeting(session, meeting)
    ensure_open(meeting)
    group = session.get(Group, meeting.group_id)
    assert group is not None
    problems = entry_problems(entry, group)
    if problems:
        raise LedgerError(problems[0][1])
    cycle = group.current_cycle
    if group.kind == GroupKind.VSLA:
        entry = replace(entry, savings=entry.shares * cycle.share_value)
    before = _current(session, meeting, entry.member_id)
    if expected is not None and before != expected:
        raise ChangedMeanwhile(_("Someone else saved this member's row meanwhile, so yours "
                                 "was not saved; the row now shows what is saved. What you "
                                 "typed is kept in the marked cells: check it and press Enter "
                                 "to save it."), before)
    attendance = session.get(Attendance, (meeting.id, entry.member_id))
    if attendance is None or attendance.present != entry.present:
        if attendance is None:
            session.add(Attendance(meeting_id=meeting.id, member_id=entry.member_id,
                                   present=entry.present))
        else:
            attendance.present = entry.present
        session.flush()
        attendance_counts.recount(session, [meeting.id])
    # Order matters: repayments before a new loan (one loan at a time), interest after its
    # principal and after the new loan (upfront interest is paid on the loan taken today).
    order = [Field.SAVINGS, Field.SOCIAL_FUND, Field.FINE, Field.FEE, Field.GRANT,
             Field.REPAID, Field.NEW_LOAN, Field.INTEREST]
    for field in order:
        changed = entry.amount(field) != before.amount(field)
        if field == Field.SAVINGS and group.kind == GroupKind.VSLA:
            changed = changed or entry.shares != before.shares
        if changed:
            _replace_cell(session, group, meeting, entry, field, actor, override_reason)
    session.flush()
    return _current(session, meeting, entry.member_id)


def _replace_cell(session: Session, group: Group, meeting: Meeting, entry: Entry, field: Field,
                  actor: Actor, override_reason: str) -> None:
    cycle = group.current_cycle
    member_id = entry.member_id
    value = entry.amount(field)
    if field == Field.SAVINGS:
        kind = EventKind.SHARE_PURCHASE if group.kind == GroupKind.VSLA else \
            EventKind.SAVINGS_DEPOSIT
        _reverse_cell(session, meeting, member_id, [kind], actor)
        if value:
            posting.post(session, posting.EventSpec(
                group_id=group.id, cycle_id=cycle.id, kind=kind, date=meeting.date,
                amount=value, quantity=entry.shares if kind == EventKind.SHARE_PURCHASE else 0,
                meeting_id=meeting.id, member_id=member_id, user=actor.name,
                lines=posting.lines_for(kind, value, member_id=member_id)))
        return
    kind = FIELD_EVENT[field]
    if field == Field.NEW_LOAN:
        _refuse_if_repaid_elsewhere(session, meeting, member_id)
        cancelled_ids: set[int] = set()
        for event in _reverse_cell(session, meeting, member_id, [kind], actor):
            cancelled = session.get(Loan, event.loan_id)
            if cancelled is not None:
                cancelled.cancelled_at = now()
                cancelled_ids.add(cancelled.id)
        if value:
            disburse(session, group, LoanRequest(
                member_id=member_id, amount=value, on=meeting.date, fund=group.lending_fund,
                meeting_id=meeting.id, override_reason=override_reason), actor)
        if cancelled_ids and _interest_on(session, meeting, member_id, cancelled_ids):
            # Upfront interest of the loan changed here: it moves to the loan that replaces it.
            _replace_cell(session, group, meeting, entry, Field.INTEREST, actor, override_reason)
        return
    loan: Loan | None = None
    if field in (Field.REPAID, Field.INTEREST):
        previous = _reverse_cell(session, meeting, member_id, [kind], actor)
        loan = session.get(Loan, previous[0].loan_id) if previous else None
        if loan is not None and loan.cancelled_at is not None:
            loan = None  # the loan it was paid on was changed at this meeting
        if value and loan is None:
            loan = _loan_for_repayment(session, group, meeting, member_id, field)
        if value and field == Field.REPAID and loan is not None:
            owed = loan_outstanding(session, group.id, loan_ids=[loan.id]).get(loan.id, 0)
            if value > owed:
                raise LedgerError(_("The repayment of {amount} đồng is more than the {owed} đồng "
                                    "still owed.").format(amount=format_amount(value),
                                                           owed=format_amount(owed)))
    else:
        _reverse_cell(session, meeting, member_id, [kind], actor)
    if value:
        posting.post(session, posting.EventSpec(
            group_id=group.id, cycle_id=cycle.id, kind=kind, date=meeting.date, amount=value,
            meeting_id=meeting.id, member_id=member_id, loan_id=loan.id if loan else None,
            user=actor.name,
            lines=posting.lines_for(kind, value, member_id=member_id,
                                    loan_id=loan.id if loan else None,
                                    fund=loan.fund if loan else LoanFund.LOAN_FUND,
                                    income_interest=cycle.income_fund_interest)))


def _refuse_if_repaid_elsewhere(session: Session, meeting: Meeting, member_id: int) -> None:
    """A loan made at this meeting and already repaid at a later one cannot be changed here:
    cancelling it would leave those repayments on nothing."""
    loan_ids = select(Event.loan_id).where(
        Event.meeting_id == meeting.id, Event.member_id == member_id,
        Event.kind == EventKind.LOAN_DISBURSEMENT)
    elsewhere = session.scalar(select(func.count(Event.id)).where(
        Event.loan_id.in_(loan_ids), Event.kind != EventKind.LOAN_DISBURSEMENT,
        or_(Event.meeting_id.is_(None), Event.meeting_id != meeting.id)))
    if elsewhere:
        raise LedgerError(_("This loan already has repayments at later meetings; correct "
                            "those first."))


def _interest_on(session: Session, meeting: Meeting, member_id: int,
                 loan_ids: set[int]) -> bool:
    """Whether interest of this meeting's row stands on one of ``loan_ids``."""
    reversed_ids = select(Event.reverses_id).where(Event.reverses_id.is_not(None))
    return session.scalar(select(func.count(Event.id)).where(
        Event.meeting_id == meeting.id, Event.member_id == member_id,
        Event.kind == EventKind.INTEREST_PAYMENT, Event.loan_id.in_(loan_ids),
        Event.reverses_id.is_(None), Event.id.not_in(reversed_ids))) != 0


def _loan_for_repayment(session: Session, group: Group, meeting: Meeting,
                        member_id: int, field: Field) -> Loan:
    """The loan a repayment or interest written on this row goes to.

    Groups that take interest upfront (``truoc``) write it on the row of the disbursement,
    so interest on the row of a loan taken at this meeting upfront is that loan's. Otherwise
    the member's oldest loan from an earlier meeting that was open at this meeting (repaid
    today included): a loan taken at this meeting is not repaid at it and owes no interest
    yet."""
    if field == Field.INTEREST:
        upfront = session.scalar(
            select(Loan).where(Loan.meeting_id == meeting.id, Loan.member_id == member_id,
                               Loan.method == InterestMethod.UPFRONT,
                               Loan.cancelled_at.is_(None))
            .order_by(Loan.id))
        if upfront is not None:
            return upfront
    # A loan taken at this very meeting is not repaid at it: without this filter, interest
    # added after a "repay and borrow again" row would land on the new loan.
    open_loans = member_open_loans(session, group.id, member_id, group.lending_fund)
    older = [loan for loan, _balance in open_loans if loan.date < meeting.date]
    if older:
        return older[0]
    repaid_today = session.scalar(
        select(Loan).join(Event, Event.loan_id == Loan.id).where(
            Event.meeting_id == meeting.id, Event.member_id == member_id,
            Loan.fund == group.lending_fund, Loan.cancelled_at.is_(None),
            Loan.date < meeting.date)
        .order_by(Loan.date, Loan.id))
    if repaid_today is not None:
        return repaid_today
    if field == Field.INTEREST:
        raise LedgerError(_("This member has no loan from an earlier meeting to pay interest "
                            "on; interest is written on the row of a new loan only when the "
                            "group takes interest upfront."))
    raise LedgerError(_("This member has no loan outstanding to repay."))


# Money paid on a meeting's day outside the meeting that comes after its count (DESIGN
# §6.2): a member leaving on a meeting day is paid out once the box has been counted, and a
# share-out, which needs every meeting closed, after the last one. Such a payout is in the
# next meeting's opening cash, not in this meeting's.
AFTER_THE_COUNT = (EventKind.LEAVER_PAYOUT, EventKind.SHARE_OUT)


@dataclass(frozen=True)
class CashPanel:
    """The cash reconciliation of one meeting (DESIGN.md §3.5)."""

    opening: int
    money_in: int
    money_out: int
    counted: int | None
    note: str
    # Loans beyond their fund's cash after the meeting's receipts: the board gives a reason
    # when it closes the meeting (an open meeting only).
    loan_warnings: tuple[str, ...] = ()

    @property
    def expected_closing(self) -> int:
        return self.opening + self.money_in - self.money_out

    @property
    def difference(self) -> int | None:
        return None if self.counted is None else self.counted - self.expected_closing


def cash_panel(session: Session, meeting: Meeting) -> CashPanel:
    """Opening cash (all that happened before this meeting), money in and out at it."""
    before = session.scalar(
        select(func.sum(JournalLine.amount))
        .join(Event, Event.id == JournalLine.event_id)
        .where(
            JournalLine.group_id == meeting.group_id,
            JournalLine.account == Account.CASH,
            or_(JournalLine.date < meeting.date,
                and_(JournalLine.date == meeting.date, Event.meeting_id.is_(None),
                     Event.kind.not_in(AFTER_THE_COUNT))),
        )
    )
    money_in = money_out = 0
    for kind, total in session.execute(
        select(Event.kind, func.sum(JournalLine.amount))
        .join(Event, Event.id == JournalLine.event_id)
        .where(Event.meeting_id == meeting.id, JournalLine.account == Account.CASH)
        .group_by(Event.kind)
    ):
        total = int(total or 0)
        if kind == EventKind.CASH_DIFFERENCE:
            continue  # the count's own adjustment, posted at closing: not money in or out
        if total > 0:
            money_in += total
        else:
            money_out -= total
    warnings = () if meeting.is_closed else tuple(meeting_cash_warnings(session, meeting))
    return CashPanel(int(before or 0), money_in, money_out, meeting.counted_cash,
                     meeting.difference_note, warnings)


def record_count(session: Session, meeting: Meeting, counted: int, note: str,
                 actor: Actor, *, expected: tuple[int | None, str] | None = None) -> CashPanel:
    """The treasurer's count of the box at the end of the meeting, with an explanation.

    ``expected`` is the count and explanation the clerk saw: if another clerk recorded
    others meanwhile, nothing is saved and ``ChangedMeanwhile`` carries the panel as it is."""
    require(actor, Action.ENTER_DATA)
    lock_meeting(session, meeting)
    ensure_open(meeting)
    if expected is not None and (meeting.counted_cash, meeting.difference_note) != expected:
        raise ChangedMeanwhile(_("Someone else recorded the counted cash meanwhile ({amount} "
                                 "đồng), so yours was not saved. What you typed is kept: check "
                                 "it and press Enter to record it.").format(
            amount=format_amount(meeting.counted_cash) if meeting.counted_cash is not None
            else "—"), cash_panel(session, meeting))
    if counted < 0:
        raise LedgerError(_("Counted cash cannot be negative."))
    meeting.counted_cash = counted
    meeting.difference_note = note.strip()
    session.flush()
    return cash_panel(session, meeting)


def close_meeting(session: Session, meeting: Meeting, actor: Actor,
                  override_reason: str = "") -> None:
    """Close and lock the meeting (board). Counted cash must be in, any difference explained.

    Loans larger than their fund's cash after the meeting's receipts raise ``LimitWarnings``
    unless the board gives ``override_reason`` (kept on those loans and in the audit log)."""
    require(actor, Action.CLOSE_MEETING)
    lock_meeting(session, meeting)
    ensure_open(meeting)
    panel = cash_panel(session, meeting)
    if panel.counted is None:
        raise LedgerError(_("Enter the counted cash before closing the meeting."))
    if panel.difference and not panel.note:
        raise LedgerError(_("Counted cash differs from the expected {expected} đồng by {diff} "
                            "đồng: explain the difference before closing.").format(
            expected=format_amount(panel.expected_closing), diff=format_amount(panel.difference)))
    warnings = meeting_cash_warnings(session, meeting)
    if warnings:
        reason = override_reason.strip()
        if not reason:
            raise LimitWarnings(warnings)
        require(actor, Action.OVERRIDE_LIMIT)
        for loan in session.scalars(select(Loan).where(Loan.meeting_id == meeting.id,
                                                       Loan.cancelled_at.is_(None))):
            loan.override_reason = loan.override_reason or reason
        audit.record(session, actor, "override_limit", "meeting", meeting.id,
                     date=meeting.date, reason=reason, warnings=warnings)
    post_cash_difference(session, meeting, actor)
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_by = actor.name
    meeting.closed_at = now()
    audit.record(session, actor, "close_meeting", "meeting", meeting.id,
                 date=meeting.date, counted=panel.counted, difference=panel.difference)


def post_cash_difference(session: Session, meeting: Meeting, actor: Actor) -> int:
    """Bring the book to what was counted, so that the next meeting opens with the cash that
    is really in the box. Returns the difference posted (0: none)."""
    panel = cash_panel(session, meeting)
    difference = panel.difference or 0
    if difference:
        group = session.get(Group, meeting.group_id)
        assert group is not None
        posting.post(session, posting.EventSpec(
            group_id=meeting.group_id, cycle_id=meeting.cycle_id,
            kind=EventKind.CASH_DIFFERENCE, date=meeting.date, amount=difference,
            meeting_id=meeting.id, note=panel.note, user=actor.name,
            lines=posting.lines_for(EventKind.CASH_DIFFERENCE, difference)))
    return difference


def reopen_meeting(session: Session, meeting: Meeting, actor: Actor, reason: str) -> None:
    """Unlock a closed meeting: board only, with a reason, logged."""
    require(actor, Action.REOPEN_MEETING)
    lock_meeting(session, meeting)
    if not meeting.is_closed:
        raise LedgerError(_("The meeting is not closed."))
    if meeting.cycle.closed:
        # Its figures are in a final share-out: changing them would unbalance what was paid.
        raise LedgerError(_("The meeting of {date} belongs to a cycle already shared out; it "
                            "cannot be reopened.").format(date=format_date(meeting.date)))
    if not reason.strip():
        raise LedgerError(_("Reopening a meeting needs a reason."))
    # The count will be made again at the next closing: undo this one's adjustment.
    reversed_ids = select(Event.reverses_id).where(Event.reverses_id.is_not(None))
    for event in session.scalars(select(Event).where(
            Event.meeting_id == meeting.id, Event.kind == EventKind.CASH_DIFFERENCE,
            Event.reverses_id.is_(None), Event.id.not_in(reversed_ids))).all():
        posting.reverse(session, event, actor.name, note=reason.strip())
    meeting.status = MeetingStatus.OPEN
    audit.record(session, actor, "reopen_meeting", "meeting", meeting.id,
                 date=meeting.date, reason=reason.strip())
