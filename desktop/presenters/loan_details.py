"""One loan in detail, without Qt: its repayment schedule with how far each instalment has
been met, and what happened to it (lent, repaid, interest, netted at a share-out, written
off) with the principal still owed after each movement.

Shown under the loans ledger and in a member's history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any

from desktop.i18n import N_, _
from desktop.models.database import Ledger
from desktop.models.enums import EventKind
from desktop.models.formatting import format_amount
from desktop.models.group import Cycle
from desktop.models.interest import Installment
from desktop.models.loan import Loan
from desktop.models.loan_register import LoanMovement, LoanRow, loan_movements
from desktop.models.loans import loan_schedule
from desktop.presenters.book_labels import event_label
from desktop.presenters.cells import CellKind
from desktop.presenters.listing import ListingPresenter, Tone


class InstalmentState(StrEnum):
    PAID = "paid"
    PART = "part"  # partly repaid, not yet due
    LATE = "late"  # due and not (fully) repaid
    UPCOMING = "upcoming"
    WRITTEN_OFF = "written_off"


_STATE = {
    InstalmentState.PAID: N_("Paid"),
    InstalmentState.PART: N_("Partly paid"),
    InstalmentState.LATE: N_("Late"),
    InstalmentState.UPCOMING: N_("Not yet due"),
    InstalmentState.WRITTEN_OFF: N_("Written off"),
}


@dataclass(frozen=True)
class ScheduleLine:
    """One instalment of the plan and how far the member has met it at the date."""

    number: int  # 0: interest taken at disbursement
    due_date: dt.date
    principal: int
    interest: int
    balance_after: int
    state: InstalmentState


def schedule_lines(plan: list[Installment], loan: LoanRow, on: dt.date) -> list[ScheduleLine]:
    """The plan, each instalment marked from what was repaid by ``on``: principal repaid
    meets the instalments in order (the way the treasurer ticks them off)."""
    lines, cumulative = [], 0
    for item in plan:
        if item.number == 0:
            met = loan.paid_interest >= item.interest
            state = InstalmentState.PAID if met else (
                InstalmentState.LATE if item.due_date < on else InstalmentState.UPCOMING)
        else:
            before, cumulative = cumulative, cumulative + item.principal
            if loan.paid_principal >= cumulative:
                state = InstalmentState.PAID
            elif loan.written_off:
                state = InstalmentState.WRITTEN_OFF
            elif item.due_date < on:
                state = InstalmentState.LATE
            elif loan.paid_principal > before:
                state = InstalmentState.PART
            else:
                state = InstalmentState.UPCOMING
        lines.append(ScheduleLine(item.number, item.due_date, item.principal, item.interest,
                                  item.balance_after, state))
    return lines


@dataclass(frozen=True)
class LoanDetails:
    loan: LoanRow
    schedule: list[ScheduleLine]
    movements: list[LoanMovement]


def read_loan_details(ledger: Ledger, loan: LoanRow, on: dt.date) -> LoanDetails:
    """The schedule (rounded as the loan's cycle rounds) and the movements of ``loan``."""
    with ledger.session() as session:
        record = session.get(Loan, loan.loan_id)
        assert record is not None
        cycle = session.get(Cycle, record.cycle_id)
        unit = cycle.rounding_unit if cycle is not None else 1
        plan = loan_schedule(record, unit)
        movements = loan_movements(session, loan.loan_id)
    return LoanDetails(loan, schedule_lines(plan, loan, on), movements)


class ScheduleColumn(IntEnum):
    NUMBER = 0
    DUE = 1
    PRINCIPAL = 2
    INTEREST = 3
    BALANCE = 4
    STATE = 5


class ScheduleTable(ListingPresenter[ScheduleLine]):
    """The repayment plan of the loan chosen in the ledger."""

    kinds = {  # noqa: RUF012 - read-only class table
        ScheduleColumn.NUMBER: CellKind.COUNT, ScheduleColumn.DUE: CellKind.DATE,
        ScheduleColumn.PRINCIPAL: CellKind.AMOUNT, ScheduleColumn.INTEREST: CellKind.AMOUNT,
        ScheduleColumn.BALANCE: CellKind.AMOUNT,
    }
    total_columns = frozenset({ScheduleColumn.PRINCIPAL, ScheduleColumn.INTEREST})
    totals_label_column = ScheduleColumn.DUE
    unsortable = frozenset(ScheduleColumn)

    @property
    def columns(self) -> list[IntEnum]:
        return list(ScheduleColumn)

    def headers(self) -> dict[IntEnum, str]:
        return {ScheduleColumn.NUMBER: _("Instalment"), ScheduleColumn.DUE: _("Due date"),
                ScheduleColumn.PRINCIPAL: _("Principal"), ScheduleColumn.INTEREST: _("Interest"),
                ScheduleColumn.BALANCE: _("Owed after"), ScheduleColumn.STATE: _("State")}

    def row_key(self, item: ScheduleLine) -> Hashable:
        return item.number

    def cell(self, item: ScheduleLine, column: IntEnum) -> Any:
        if column == ScheduleColumn.NUMBER:
            return item.number if item.number else None
        if column == ScheduleColumn.STATE:
            if item.number == 0:
                return _("Interest at disbursement: {state}").format(
                    state=_(_STATE[item.state]).lower())
            return _(_STATE[item.state])
        return {ScheduleColumn.DUE: item.due_date, ScheduleColumn.PRINCIPAL: item.principal,
                ScheduleColumn.INTEREST: item.interest,
                ScheduleColumn.BALANCE: item.balance_after}[ScheduleColumn(column)]

    def tone(self, row: int) -> Tone:
        state = self.item(row).state
        if state == InstalmentState.LATE:
            return Tone.ALERT
        return Tone.MUTED if state in (InstalmentState.PAID, InstalmentState.WRITTEN_OFF) \
            else Tone.PLAIN


class MovementColumn(IntEnum):
    DATE = 0
    WHAT = 1
    LENT = 2
    REPAID = 3
    INTEREST = 4
    BALANCE = 5
    SOURCE = 6


# A loan's movements seen from the member's side ("trả gốc"), not the cash book's.
_MOVEMENT_WORDS = {
    EventKind.LOAN_DISBURSEMENT: N_("Lent"),
    EventKind.PRINCIPAL_REPAYMENT: N_("Repayment"),
    EventKind.INTEREST_PAYMENT: N_("Interest payment"),
    EventKind.SHARE_OUT: N_("Netted from the share-out"),
    EventKind.LEAVER_PAYOUT: N_("Netted from the payout on leaving"),
}


class MovementTable(ListingPresenter[LoanMovement]):
    """What happened to the loan chosen, in order, with the principal owed after each."""

    kinds = {  # noqa: RUF012 - read-only class table
        MovementColumn.DATE: CellKind.DATE, MovementColumn.LENT: CellKind.AMOUNT,
        MovementColumn.REPAID: CellKind.AMOUNT, MovementColumn.INTEREST: CellKind.AMOUNT,
        MovementColumn.BALANCE: CellKind.AMOUNT,
    }
    total_columns = frozenset({MovementColumn.LENT, MovementColumn.REPAID,
                               MovementColumn.INTEREST})
    totals_label_column = MovementColumn.WHAT
    unsortable = frozenset(MovementColumn)

    @property
    def columns(self) -> list[IntEnum]:
        return list(MovementColumn)

    def headers(self) -> dict[IntEnum, str]:
        return {MovementColumn.DATE: _("Date"), MovementColumn.WHAT: _("Movement"),
                MovementColumn.LENT: _("Lent"), MovementColumn.REPAID: _("Principal repaid"),
                MovementColumn.INTEREST: _("Interest paid"),
                MovementColumn.BALANCE: _("Owed after"), MovementColumn.SOURCE: _("Recorded at")}

    def row_key(self, item: LoanMovement) -> Hashable:
        return item.event_ids

    def cell(self, item: LoanMovement, column: IntEnum) -> Any:
        column = MovementColumn(column)
        if column == MovementColumn.WHAT:
            if item.kind == EventKind.WRITE_OFF:
                # Not in the "repaid" column: nobody paid it, the group lost it.
                return _("Written off: {amount} đồng").format(
                    amount=format_amount(-item.principal))
            words = _MOVEMENT_WORDS.get(item.kind)
            return _(words) if words else event_label(item.kind)
        if column == MovementColumn.SOURCE:
            return _("meeting") if item.meeting_id is not None else _("outside a meeting")
        return {MovementColumn.DATE: item.date, MovementColumn.LENT: max(item.principal, 0),
                MovementColumn.REPAID: 0 if item.kind == EventKind.WRITE_OFF
                else max(-item.principal, 0),
                MovementColumn.INTEREST: item.interest,
                MovementColumn.BALANCE: item.balance}[column]

    def tone(self, row: int) -> Tone:
        return Tone.MUTED if self.item(row).kind == EventKind.WRITE_OFF else Tone.PLAIN
