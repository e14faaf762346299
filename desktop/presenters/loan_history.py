"""A member's loan history without Qt: every loan the member has had in the group, oldest
first, with the totals a board looks at before lending again (how much borrowed, repaid,
interest paid, still owed, late now or written off)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum

from desktop.i18n import _
from desktop.models.database import Ledger
from desktop.models.errors import LedgerError
from desktop.models.loan_register import member_history
from desktop.models.member import Member
from desktop.presenters.loan_details import LoanDetails, read_loan_details
from desktop.presenters.loans_ledger import LoanColumn, LoanListing


@dataclass(frozen=True)
class HistoryTotals:
    loans: int
    borrowed: int
    repaid: int
    interest: int
    outstanding: int
    written_off: int
    overdue_loans: int


class MemberHistoryPresenter(LoanListing):
    """The loans of one member (``member_id``) at ``on``."""

    totals_label_column = LoanColumn.PURPOSE

    def __init__(self, ledger: Ledger, group_id: int, member_id: int, on: dt.date) -> None:
        super().__init__()
        self._ledger = ledger
        self.group_id = group_id
        self.member_id = member_id
        self.on = on
        with ledger.session() as session:
            member = session.get(Member, member_id)
            if member is None or member.group_id != group_id:
                raise LedgerError(_("This member is not in the group."))
            self.code, self.name = member.code, member.full_name
            self.left_on = member.leave_date
            rows = member_history(session, group_id, member_id, on)
        self._funds = {row.fund for row in rows}
        self.set_rows(rows)

    @property
    def columns(self) -> list[IntEnum]:
        shown: list[IntEnum] = [
            LoanColumn.NUMBER, LoanColumn.DATE, LoanColumn.FUND, LoanColumn.PURPOSE,
            LoanColumn.PRINCIPAL, LoanColumn.RATE, LoanColumn.TERM, LoanColumn.DUE,
            LoanColumn.PAID_PRINCIPAL, LoanColumn.PAID_INTEREST, LoanColumn.WRITTEN_OFF,
            LoanColumn.OUTSTANDING, LoanColumn.OVERDUE_DAYS]
        if len(self._funds) < 2:
            shown.remove(LoanColumn.FUND)
        if not any(row.written_off for row in self.items):
            shown.remove(LoanColumn.WRITTEN_OFF)
        return shown

    def totals(self) -> HistoryTotals:
        rows = self.items
        return HistoryTotals(
            loans=len(rows), borrowed=sum(row.principal for row in rows),
            repaid=sum(row.paid_principal for row in rows),
            interest=sum(row.paid_interest for row in rows),
            outstanding=sum(row.outstanding for row in rows),
            written_off=sum(row.written_off for row in rows),
            overdue_loans=sum(1 for row in rows if row.is_overdue))

    def details(self, row: int) -> LoanDetails:
        """The schedule and movements of the loan of ``row``."""
        return read_loan_details(self._ledger, self.item(row), self.on)
