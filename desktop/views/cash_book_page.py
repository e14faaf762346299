"""The cash book tab of a group: choose the book (cash book, bank, social fund, and for a club
the income-generation fund — against its seed capital — and the operating fund) and the
period; the opening balance, each line with its running balance, the totals and the closing
balance; a double click on a line shows the meeting and the entries it comes from.

All the logic is in ``CashBookPresenter``; this page lays it out.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.formatting import format_date
from desktop.presenters.book_labels import book_label
from desktop.presenters.cash_book import CashBookPresenter, CashColumn
from desktop.presenters.periods import Period, period_label
from desktop.views.ask import date_edit, read_date
from desktop.views.book_line_dialog import BookLineDialog
from desktop.views.context import PageContext
from desktop.views.figure_cards import FigureCards
from desktop.views.grid.footer import TotalsFooter, grid_over_footer
from desktop.views.listing_grid import ListingView
from desktop.views.listing_page import ListingPage
from desktop.views.window_focus import run_modal

TOTAL_SAMPLE = "999.999.999"


class CashBookPage(ListingPage):
    """``open_line`` is an attribute so that tests can look at the dialog."""

    presenter: CashBookPresenter

    def __init__(self, context: PageContext, group_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, CashBookPresenter(context.ledger, context.actor, group_id),
                         parent)
        self.open_line: Callable[[BookLineDialog], object] = run_modal

    def _build(self) -> None:
        presenter = self.presenter
        self.book = QComboBox()
        self.period = QComboBox()
        for period in Period:
            self.period.addItem(period_label(period), period)
        self.start = date_edit(presenter.start)
        self.end = date_edit(presenter.end)
        self._fill_books()
        self.book.activated.connect(lambda _i: presenter.set_book(self.book.currentData()))
        self.period.activated.connect(lambda _i: self._period_chosen())
        self.start.editingFinished.connect(self._dates_typed)
        self.end.editingFinished.connect(self._dates_typed)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Book")))
        top.addWidget(self.book)
        top.addSpacing(12)
        top.addWidget(QLabel(_("Period")))
        top.addWidget(self.period)
        top.addWidget(QLabel(_("from")))
        top.addWidget(self.start)
        top.addWidget(QLabel(_("to")))
        top.addWidget(self.end)
        top.addStretch(1)
        self.cards = FigureCards()
        self.hint = QLabel(_("Double-click a line, or press Enter, to see the meeting and the "
                             "entries it comes from."))
        self.hint.setObjectName("pageSubtitle")
        self.grid = ListingView()
        self.grid.wide_columns = {CashColumn.WHAT: "Thu tiền mua cổ phần: ghi chú dài",
                                  CashColumn.WHO: "TV99 Nguyễn Thị Minh Nguyệt",
                                  CashColumn.SOURCE: "ngoài buổi họp",
                                  **dict.fromkeys(presenter.total_columns, TOTAL_SAMPLE),
                                  CashColumn.BALANCE: TOTAL_SAMPLE}
        self.grid.stretch_column = CashColumn.WHAT
        self.grid.setModel(self.model)
        self.grid.row_activated.connect(self.show_line)
        self.footer = TotalsFooter(self.grid)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.cards)
        layout.addWidget(self.hint)
        layout.addLayout(grid_over_footer(self.grid, self.footer), 1)

    def _fill_books(self) -> None:
        self.book.blockSignals(True)
        self.book.clear()
        for book in self.presenter.books:
            self.book.addItem(book_label(book), book)
        self.book.setCurrentIndex(max(self.book.findData(self.presenter.book), 0))
        self.book.blockSignals(False)

    def _after_reset(self) -> None:
        presenter = self.presenter
        self.cards.show_figures(presenter.figures())
        for edit, day in ((self.start, presenter.start), (self.end, presenter.end)):
            edit.blockSignals(True)
            edit.setDate(edit.date().fromString(format_date(day), "dd/MM/yyyy"))
            edit.blockSignals(False)
        self.period.setCurrentIndex(max(self.period.findData(presenter.period), 0))
        self.book.setCurrentIndex(max(self.book.findData(presenter.book), 0))
        # The last lines are the ones the clerk has just entered.
        self.grid.scrollToBottom()

    def _period_chosen(self) -> None:
        period = self.period.currentData()
        if period == Period.CUSTOM:
            self._dates_typed()
        else:
            self.presenter.set_period(period)

    def _dates_typed(self) -> None:
        start, end = read_date(self.start), read_date(self.end)
        if (start, end) != (self.presenter.start, self.presenter.end):
            self.presenter.set_range(start, end)

    def show_line(self, row: int) -> bool:
        trace = self.presenter.trace(row)
        if trace is None:
            self.context.status(_("The opening balance is what the book held before the "
                                  "period: everything recorded earlier."))
            return False
        presenter = self.presenter
        what = " · ".join(part for part in (
            presenter.display(row, CashColumn.WHAT), presenter.display(row, CashColumn.WHO))
            if part)
        title = _("{book}, line of {date}").format(book=book_label(presenter.book),
                                                   date=presenter.display(row, CashColumn.DATE))
        self.open_line(BookLineDialog(title, what, trace, self))
        return True

    def refresh(self) -> None:
        """Read the book again after a change elsewhere (a meeting, a write-off)."""
        self.presenter.refresh()
        self._fill_books()
