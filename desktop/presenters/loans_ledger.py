"""The loans ledger (sổ theo dõi cho vay và thu hồi vốn) without Qt: every loan of a group
at a date with what was lent, repaid, written off and is still owed, and how many days it is
overdue; filters (still owed, overdue, repaid, written off), a search by member, sorting by
any column, a totals row, the portfolio at risk; the board's write-off with a reason.

The figures are ``loan_register``'s — the same as the printed register's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Any

from desktop.i18n import N_, _
from desktop.models import loans
from desktop.models.clock import today
from desktop.models.collation import matches
from desktop.models.database import Ledger
from desktop.models.enums import GroupKind, InterestMethod, LoanFund
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_amount, format_date, format_rate
from desktop.models.group import Group
from desktop.models.indicators import percent
from desktop.models.loan import Loan
from desktop.models.loan_register import LoanRow, loan_register
from desktop.models.permissions import Action, Actor, can
from desktop.presenters.book_labels import fund_label, method_label
from desktop.presenters.cells import CellKind
from desktop.presenters.labels import purpose_label
from desktop.presenters.listing import ListingPresenter, Tone
from desktop.presenters.loan_details import LoanDetails, read_loan_details


class LoanStatus(StrEnum):
    """Which loans the ledger lists."""

    ALL = "all"
    OUTSTANDING = "outstanding"  # principal still owed (overdue or not)
    OVERDUE = "overdue"
    REPAID = "repaid"
    WRITTEN_OFF = "written_off"


_STATUS = {
    LoanStatus.ALL: N_("All loans"),
    LoanStatus.OUTSTANDING: N_("Still owed"),
    LoanStatus.OVERDUE: N_("Overdue"),
    LoanStatus.REPAID: N_("Repaid in full"),
    LoanStatus.WRITTEN_OFF: N_("Written off"),
}


def status_label(status: LoanStatus) -> str:
    return _(_STATUS[LoanStatus(status)])


def status_of(row: LoanRow) -> LoanStatus:
    if row.written_off:
        return LoanStatus.WRITTEN_OFF
    if row.is_overdue:
        return LoanStatus.OVERDUE
    return LoanStatus.OUTSTANDING if row.outstanding > 0 else LoanStatus.REPAID


def shows(status: LoanStatus, row: LoanRow) -> bool:
    found = status_of(row)
    if status == LoanStatus.OUTSTANDING:
        return found in (LoanStatus.OUTSTANDING, LoanStatus.OVERDUE)
    return status in (LoanStatus.ALL, found)


class LoanColumn(IntEnum):
    NUMBER = 0
    DATE = 1
    CODE = 2
    NAME = 3
    FUND = 4
    PURPOSE = 5
    PRINCIPAL = 6
    RATE = 7
    TERM = 8
    DUE = 9
    PAID_PRINCIPAL = 10
    PAID_INTEREST = 11
    WRITTEN_OFF = 12
    OUTSTANDING = 13
    OVERDUE_DAYS = 14


_HEADERS = {
    LoanColumn.NUMBER: N_("No."),
    LoanColumn.DATE: N_("Date lent"),
    LoanColumn.CODE: N_("Member code"),
    LoanColumn.NAME: N_("Full name"),
    LoanColumn.FUND: N_("Fund"),
    LoanColumn.PURPOSE: N_("Purpose"),
    LoanColumn.PRINCIPAL: N_("Amount lent"),
    LoanColumn.RATE: N_("Rate (%/month)"),
    LoanColumn.TERM: N_("Term (months)"),
    LoanColumn.DUE: N_("Due date"),
    LoanColumn.PAID_PRINCIPAL: N_("Principal repaid"),
    LoanColumn.PAID_INTEREST: N_("Interest paid"),
    LoanColumn.WRITTEN_OFF: N_("Written off"),
    LoanColumn.OUTSTANDING: N_("Outstanding"),
    LoanColumn.OVERDUE_DAYS: N_("Days overdue"),
}
_AMOUNTS = (LoanColumn.PRINCIPAL, LoanColumn.PAID_PRINCIPAL, LoanColumn.PAID_INTEREST,
            LoanColumn.WRITTEN_OFF, LoanColumn.OUTSTANDING)


class LoanListing(ListingPresenter[LoanRow]):
    """Loans as rows: what the ledger and a member's history have in common."""

    Column = LoanColumn
    kinds = {  # noqa: RUF012 - read-only class table
        LoanColumn.NUMBER: CellKind.COUNT, LoanColumn.DATE: CellKind.DATE,
        LoanColumn.DUE: CellKind.DATE, LoanColumn.TERM: CellKind.COUNT,
        LoanColumn.RATE: CellKind.COUNT, LoanColumn.OVERDUE_DAYS: CellKind.COUNT,
        **{column: CellKind.AMOUNT for column in _AMOUNTS},
    }
    total_columns = frozenset(_AMOUNTS)
    name_columns = frozenset({LoanColumn.NAME})
    number_column = LoanColumn.NUMBER
    totals_label_column = LoanColumn.NAME
    on: dt.date

    def headers(self) -> dict[IntEnum, str]:
        return {column: _(text) for column, text in _HEADERS.items()}

    def row_key(self, item: LoanRow) -> Hashable:
        return item.loan_id

    def cell(self, item: LoanRow, column: IntEnum) -> Any:
        column = LoanColumn(column)
        if column == LoanColumn.RATE:
            return format_rate(item.monthly_rate)  # shown as typed in the constitution
        return {
            LoanColumn.DATE: item.date, LoanColumn.CODE: item.member_code,
            LoanColumn.NAME: item.member_name, LoanColumn.FUND: fund_label(item.fund),
            LoanColumn.PURPOSE: purpose_label(item.purpose),
            LoanColumn.PRINCIPAL: item.principal, LoanColumn.TERM: item.term_months,
            LoanColumn.DUE: item.due_date, LoanColumn.PAID_PRINCIPAL: item.paid_principal,
            LoanColumn.PAID_INTEREST: item.paid_interest,
            LoanColumn.WRITTEN_OFF: item.written_off, LoanColumn.OUTSTANDING: item.outstanding,
            LoanColumn.OVERDUE_DAYS: item.overdue_days,
        }.get(column)

    def sort_value(self, item: LoanRow, column: IntEnum) -> Any:
        if column == LoanColumn.RATE:
            return item.monthly_rate
        return super().sort_value(item, column)

    def loan(self, row: int) -> LoanRow:
        return self.item(row)

    def row_label(self, row: int) -> str:
        item = self.item(row)
        return _("Loan of {date} to {name}").format(date=format_date(item.date),
                                                     name=item.member_name)

    def tone(self, row: int) -> Tone:
        status = status_of(self.item(row))
        if status == LoanStatus.OVERDUE:
            return Tone.ALERT
        if status in (LoanStatus.REPAID, LoanStatus.WRITTEN_OFF):
            return Tone.MUTED
        return Tone.PLAIN

    def tooltip(self, row: int, column: IntEnum) -> str:
        item = self.item(row)
        if column == LoanColumn.OVERDUE_DAYS and item.is_overdue:
            return _("Due on {date}; {amount} đồng of principal is still owed.").format(
                date=format_date(item.due_date), amount=format_amount(item.outstanding))
        if column == LoanColumn.WRITTEN_OFF and item.written_off:
            return _("Written off by the board.")
        if column == LoanColumn.RATE:
            return method_label(item.method)
        return ""


@dataclass(frozen=True)
class LedgerSummary:
    """The line above the grid: how many loans, how much is owed, how much is late."""

    loans: int
    lent: int
    outstanding: int
    overdue: int
    overdue_loans: int

    @property
    def at_risk_percent(self) -> int:
        """Portfolio at risk: overdue balance ÷ loans outstanding, in whole percent."""
        return percent(self.overdue, self.outstanding)


class LoansLedgerPresenter(LoanListing):
    """One group's loans at ``on`` (today unless chosen), filtered and searched."""

    def __init__(self, ledger: Ledger, actor: Actor, group_id: int) -> None:
        super().__init__()
        self._ledger = ledger
        self.actor = actor
        self.group_id = group_id
        self.on = today()
        self.status = LoanStatus.ALL
        self.search = ""
        self.group_kind = GroupKind.VSLA
        self._all: list[LoanRow] = []
        self._funds: set[LoanFund] = set()
        self.reload()

    # ------------------------------------------------------------------ shape
    @property
    def columns(self) -> list[IntEnum]:
        shown: list[IntEnum] = list(LoanColumn)
        if len(self._funds) < 2:
            shown.remove(LoanColumn.FUND)  # one fund: the column would repeat one word
        if not any(row.written_off for row in self._all):
            shown.remove(LoanColumn.WRITTEN_OFF)
        if self.uniform_terms() is not None:
            shown.remove(LoanColumn.RATE)  # one rate for all: said once, above the grid
        return shown

    def uniform_terms(self) -> tuple[Decimal, InterestMethod] | None:
        """The rate and method every loan shares (``None`` when they differ)."""
        terms = {(row.monthly_rate, InterestMethod(row.method)) for row in self._all}
        return next(iter(terms)) if len(terms) == 1 else None

    # ------------------------------------------------------------------ reading
    def reload(self) -> None:
        """Read the register again (after a meeting, a write-off, another date)."""
        with self._ledger.session() as session:
            group = session.get(Group, self.group_id)
            if group is None:
                raise LedgerError(_("This group no longer exists in the ledger."))
            self.group_kind = GroupKind(group.kind)
            self._all = loan_register(session, self.group_id, self.on).rows
        self._funds = {row.fund for row in self._all}
        self._show()

    def _show(self) -> None:
        rows = [row for row in self._all if shows(self.status, row) and (
            not self.search or matches(self.search, row.member_name)
            or matches(self.search, row.member_code))]
        self.set_rows(rows)

    def set_on(self, day: dt.date) -> None:
        if day != self.on:
            self.on = day
            self.reload()

    def set_status(self, status: LoanStatus) -> None:
        if status != self.status:
            self.status = LoanStatus(status)
            self._show()

    def set_search(self, text: str) -> None:
        if text != self.search:
            self.search = text
            self._show()

    def summary(self) -> LedgerSummary:
        """Figures of every loan at the date, whatever the filter."""
        owed = [row for row in self._all if row.outstanding > 0]
        late = [row for row in owed if row.is_overdue]
        return LedgerSummary(len(self._all), sum(row.principal for row in self._all),
                             sum(row.outstanding for row in owed),
                             sum(row.outstanding for row in late), len(late))

    def details(self, row: int) -> LoanDetails:
        """The schedule and movements of the loan of ``row``."""
        return read_loan_details(self._ledger, self.item(row), self.on)

    # ------------------------------------------------------------------ write-off
    @property
    def may_write_off(self) -> bool:
        return can(self.actor, Action.WRITE_OFF)

    def write_off_refusal(self, row: int) -> str:
        """Why this loan cannot be written off now (empty: it can)."""
        if not self.may_write_off:
            return _("Only the board may write a loan off.")
        item = self.item(row)
        if item.written_off:
            return _("This loan was already written off.")
        if item.outstanding <= 0:
            return _("This loan has nothing left to write off.")
        if self.on != today():
            return _("A loan is written off as of today: show the ledger at today's date "
                     "first.")
        return ""

    def write_off(self, row: int, reason: str) -> bool:
        """The board writes off what the loan of ``row`` still owes, giving a reason."""
        refusal = self.write_off_refusal(row)
        if refusal:
            self._say(refusal)
            return False
        item = self.item(row)
        try:
            with self._ledger.session() as session:
                loan = session.get(Loan, item.loan_id)
                assert loan is not None
                amount = loans.write_off(session, loan, today(), self.actor, reason)
        except LedgerError as error:
            self._say(str(error))
            return False
        self.reload()
        self._say(_("{amount} đồng of {name}'s loan of {date} were written off.").format(
            amount=format_amount(amount), name=item.member_name, date=format_date(item.date)))
        return True
