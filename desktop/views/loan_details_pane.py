"""One loan in detail, side by side: its repayment schedule (each instalment paid, late or
not yet due) and its movements with the principal owed after each. Used under the loans
ledger and in a member's history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.models.formatting import format_amount, format_date
from desktop.presenters.book_labels import method_label
from desktop.presenters.loan_details import (
    LoanDetails,
    MovementColumn,
    MovementTable,
    ScheduleColumn,
    ScheduleTable,
)
from desktop.views.grid.footer import TotalsFooter
from desktop.views.listing_grid import ListingModel, ListingView


def _titled(title: QLabel, grid: ListingView, footer: TotalsFooter) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(title)
    layout.addWidget(grid, 1)
    layout.addWidget(footer)
    return box


class LoanDetailsPane(QSplitter):
    """Schedule on the left, movements on the right; empty until a loan is chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.schedule = ScheduleTable()
        self.movements = MovementTable()
        self.schedule_title = QLabel(objectName="sectionTitle")
        self.schedule_title.setWordWrap(True)
        self.movements_title = QLabel(_("What happened to the loan"), objectName="sectionTitle")
        self.schedule_grid = ListingView()
        self.schedule_grid.wide_columns = {ScheduleColumn.STATE: "Chưa đến hạn"}
        self.schedule_grid.stretch_column = ScheduleColumn.STATE
        self.schedule_grid.setModel(ListingModel(self.schedule, self))
        self.movements_grid = ListingView()
        self.movements_grid.wide_columns = {MovementColumn.WHAT: "Trừ vào tiền chia",
                                            MovementColumn.SOURCE: "ngoài buổi họp"}
        self.movements_grid.stretch_column = MovementColumn.WHAT
        self.movements_grid.setModel(ListingModel(self.movements, self))
        self.addWidget(_titled(self.schedule_title, self.schedule_grid,
                               TotalsFooter(self.schedule_grid)))
        self.addWidget(_titled(self.movements_title, self.movements_grid,
                               TotalsFooter(self.movements_grid)))
        self.setChildrenCollapsible(False)
        self.setStretchFactor(0, 4)
        self.setStretchFactor(1, 5)
        self.show_details(None)

    def show_details(self, details: LoanDetails | None) -> None:
        if details is None:
            self.schedule_title.setText(_("Choose a loan in the list to see its schedule."))
            self.schedule.set_rows([])
            self.movements.set_rows([])
            return
        loan = details.loan
        self.schedule_title.setText(_(
            "Schedule of {name}'s loan of {date}: {amount} đồng, {method}").format(
                name=loan.member_name, date=format_date(loan.date),
                amount=format_amount(loan.principal), method=method_label(loan.method).lower()))
        self.schedule.set_rows(details.schedule)
        self.movements.set_rows(details.movements)
