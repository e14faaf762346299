"""The loans ledger tab of a group (sổ theo dõi cho vay và thu hồi vốn): every loan at a date
with what was repaid, what is owed and how late; the chosen loan's schedule and movements
under it; a member's whole history on a double click; the board's write-off with a reason.

All the logic is in ``LoansLedgerPresenter``; this page lays it out and asks the questions.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.formatting import format_amount, format_date, format_rate
from desktop.presenters.book_labels import method_label
from desktop.presenters.loans_ledger import (
    LoanColumn,
    LoansLedgerPresenter,
    LoanStatus,
    status_label,
)
from desktop.views.ask import ask_reason, date_edit, read_date
from desktop.views.context import PageContext
from desktop.views.grid.footer import TotalsFooter, grid_over_footer
from desktop.views.listing_grid import ListingView
from desktop.views.listing_page import ListingPage
from desktop.views.loan_details_pane import LoanDetailsPane
from desktop.views.loan_history_dialog import MemberHistoryDialog
from desktop.views.window_focus import run_modal

TOTAL_SAMPLE = "999.999.999"
CODE_SAMPLE = "TV999"


class LoansPage(ListingPage):
    """``ask_reason`` and ``open_history`` are attributes so that tests can answer them."""

    presenter: LoansLedgerPresenter

    def __init__(self, context: PageContext, group_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, LoansLedgerPresenter(context.ledger, context.actor, group_id),
                         parent)
        self.group_id = group_id
        self.ask_reason: Callable[..., str | None] = ask_reason
        self.open_history: Callable[[MemberHistoryDialog], object] = run_modal

    # ---------------------------------------------------------------- layout
    def _build(self) -> None:
        self.on = date_edit(self.presenter.on)
        self.on.dateChanged.connect(self._date_chosen)
        self.status = QComboBox()
        for status in LoanStatus:
            self.status.addItem(status_label(status), status)
        self.status.currentIndexChanged.connect(
            lambda _index: self.presenter.set_status(self.status.currentData()))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Find a member (without accents works too)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.presenter.set_search)
        self.history_button = QPushButton(_("Member's loan history…"))
        self.history_button.clicked.connect(self.show_history)
        self.write_off_button = QPushButton(_("Write off…"))
        self.write_off_button.clicked.connect(self.write_off)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Figures at the end of")))
        top.addWidget(self.on)
        top.addSpacing(12)
        top.addWidget(QLabel(_("Show")))
        top.addWidget(self.status)
        top.addWidget(self.search, 1)
        top.addStretch(1)
        top.addWidget(self.history_button)
        top.addWidget(self.write_off_button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.grid = ListingView()
        self.grid.wide_columns = {LoanColumn.NAME: "Nguyễn Thị Minh Nguyệt",
                                  LoanColumn.CODE: CODE_SAMPLE,
                                  LoanColumn.PURPOSE: "Chữa bệnh",
                                  LoanColumn.FUND: "Quỹ tăng thu nhập",
                                  # Totals of a club's fund run to hundreds of millions.
                                  **dict.fromkeys(self.presenter.total_columns, TOTAL_SAMPLE)}
        self.grid.stretch_column = LoanColumn.NAME
        self.grid.setModel(self.model)
        self.grid.enable_sorting()
        self.grid.row_activated.connect(lambda _row: self.show_history())
        self.grid.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_details())
        self.footer = TotalsFooter(self.grid)
        ledger_box = QWidget()
        grid_over_footer(self.grid, self.footer, ledger_box)

        self.details = LoanDetailsPane()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(ledger_box)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    # ---------------------------------------------------------------- state
    def _after_reset(self) -> None:
        summary = self.presenter.summary()
        text = _("{count} loans · lent {lent} đồng · still owed {owed} đồng").format(
            count=summary.loans, lent=format_amount(summary.lent),
            owed=format_amount(summary.outstanding))
        if summary.overdue_loans:
            text += " · " + _("overdue {amount} đồng ({count} loans, {percent}% of what is "
                              "owed)").format(amount=format_amount(summary.overdue),
                                              count=summary.overdue_loans,
                                              percent=summary.at_risk_percent)
        else:
            text += " · " + _("no loan overdue")
        terms = self.presenter.uniform_terms()
        if terms is not None:
            text += " · " + _("every loan at {rate}% a month, {method}").format(
                rate=format_rate(terms[0]), method=method_label(terms[1]).lower())
        if self.presenter.row_count() != summary.loans:
            text += " · " + _("{count} shown").format(count=self.presenter.row_count())
        self.summary.setText(text)
        self.write_off_button.setVisible(self.presenter.may_write_off)
        self._show_details()

    def _current_row(self) -> int | None:
        row = self.grid.current_row()
        return row if row is not None and row < self.presenter.row_count() else None

    def _show_details(self) -> None:
        row = self._current_row()
        self.details.show_details(self.presenter.details(row) if row is not None else None)
        self.history_button.setEnabled(row is not None)
        refusal = self.presenter.write_off_refusal(row) if row is not None else \
            _("Choose the loan in the list first.")
        self.write_off_button.setEnabled(not refusal)
        self.write_off_button.setToolTip(refusal)

    def _date_chosen(self, day: QDate) -> None:
        self.presenter.set_on(read_date(self.on))
        self.context.status(_("Loans as they stood at the end of {date}.").format(
            date=format_date(self.presenter.on)))

    # ---------------------------------------------------------------- actions
    def choose_loan(self, loan_id: int) -> bool:
        row = self.presenter.row_of(loan_id)
        if row is None:
            return False
        self.grid.setCurrentIndex(self.model.index(row, self.presenter.position(
            LoanColumn.NAME) or 0))
        return True

    def show_history(self) -> bool:
        row = self._current_row()
        if row is None:
            self.context.status(_("Choose the loan in the list first."))
            return False
        loan = self.presenter.loan(row)
        dialog = MemberHistoryDialog(self.context.ledger, self.group_id, loan.member_id,
                                     self.presenter.on, self)
        self.open_history(dialog)
        return True

    def write_off(self) -> bool:
        row = self._current_row()
        if row is None:
            self.context.status(_("Choose the loan in the list first."))
            return False
        refusal = self.presenter.write_off_refusal(row)
        if refusal:
            self.context.status(refusal)
            return False
        loan = self.presenter.loan(row)
        reason = self.ask_reason(
            self, _("Write off a loan"),
            _("Write off the {amount} đồng that {name} still owes on the loan of {date}? The "
              "group gives this money up; the board's decision and its reason are kept in the "
              "audit log.").format(amount=format_amount(loan.outstanding),
                                   name=loan.member_name, date=format_date(loan.date))
            + "\n\n" + _("Why does the board write this loan off?"),
            _("Write off"))
        if reason is None:
            return False
        loan_id = loan.loan_id
        done = self.presenter.write_off(row, reason)
        if done:
            self.choose_loan(loan_id)
            self.context.ledger_changed()
        return done

    # ---------------------------------------------------------------- refresh
    def refresh(self) -> None:
        """Read the loans again after a change elsewhere, keeping the chosen loan."""
        row = self._current_row()
        loan_id = self.presenter.loan(row).loan_id if row is not None else None
        self.presenter.reload()
        if loan_id is not None:
            self.choose_loan(loan_id)
