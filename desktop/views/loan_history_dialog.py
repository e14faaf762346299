"""A member's loan history (double click in the loans ledger): every loan the member has had
in the group with what was repaid and is owed, the totals, and the chosen loan's schedule and
movements."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.database import Ledger
from desktop.models.formatting import format_amount, format_date
from desktop.presenters.loan_history import MemberHistoryPresenter
from desktop.presenters.loans_ledger import LoanColumn
from desktop.views.grid.footer import TotalsFooter, grid_over_footer
from desktop.views.listing_grid import ListingModel, ListingView
from desktop.views.loan_details_pane import LoanDetailsPane
from desktop.views.page_parts import PAGE_STYLE
from desktop.views.screen_fit import fit_to_screen


class MemberHistoryDialog(QDialog):
    def __init__(self, ledger: Ledger, group_id: int, member_id: int, on: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = MemberHistoryPresenter(ledger, group_id, member_id, on)
        presenter = self.presenter
        self.setWindowTitle(_("Loan history of {name}").format(name=presenter.name))
        self.setStyleSheet(PAGE_STYLE)
        title = QLabel(f"{presenter.code} · {presenter.name}", objectName="pageTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        totals = presenter.totals()
        text = _("{count} loans · borrowed {borrowed} đồng · principal repaid {repaid} đồng · "
                 "interest paid {interest} đồng · still owed {owed} đồng").format(
            count=totals.loans, borrowed=format_amount(totals.borrowed),
            repaid=format_amount(totals.repaid), interest=format_amount(totals.interest),
            owed=format_amount(totals.outstanding))
        if totals.written_off:
            text += " · " + _("written off {amount} đồng").format(
                amount=format_amount(totals.written_off))
        if totals.overdue_loans:
            text += " · " + _("{count} loans overdue").format(count=totals.overdue_loans)
        if presenter.left_on is not None:
            text += " · " + _("left the group on {date}").format(
                date=format_date(presenter.left_on))
        self.summary = QLabel(text)
        self.summary.setWordWrap(True)
        self.model = ListingModel(presenter, self)
        self.grid = ListingView()
        self.grid.wide_columns = {LoanColumn.PURPOSE: "Tổng cộng (Chữa bệnh)"}
        self.grid.stretch_column = LoanColumn.PURPOSE
        self.grid.setModel(self.model)
        self.grid.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_details(current.row()))
        self.details = LoanDetailsPane()
        loans_box = QWidget()
        grid_over_footer(self.grid, TotalsFooter(self.grid), loans_box)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(loans_box)
        split.addWidget(self.details)
        split.setChildrenCollapsible(False)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 1100, 640)
        if presenter.row_count():
            # The latest loan first: it is the one the board asks about.
            last = presenter.row_count() - 1
            self.grid.setCurrentIndex(self.model.index(last, 1))
        else:
            self.details.show_details(None)

    def _show_details(self, row: int) -> None:
        if 0 <= row < self.presenter.row_count():
            self.details.show_details(self.presenter.details(row))
        else:
            self.details.show_details(None)
