"""The cash book tab driven as the clerk drives it: the cards and the running balance, the
social fund book chosen, dates typed for a period, a line opened with a double click to see
its meeting and entries, and a club's income-generation fund against its seed."""

from __future__ import annotations

import pytest
from group_books import CLERK, hoa_sen_with_story, make_club
from page_fixtures import open_group_page
from PySide6.QtCore import QDate, Qt

from desktop.i18n import _
from desktop.models.cashbook import Book
from desktop.presenters.book_labels import book_label
from desktop.presenters.cash_book import CashColumn
from desktop.presenters.periods import Period, period_label
from desktop.views.book_line_dialog import BookLineDialog
from desktop.views.cash_book_page import CashBookPage

C = CashColumn


def open_page(qtbot, ledger, group_id: int) -> CashBookPage:  # type: ignore[no-untyped-def]
    page = open_group_page(qtbot, CashBookPage, ledger, CLERK, group_id)
    page.lines = []  # type: ignore[attr-defined]
    page.open_line = page.lines.append  # type: ignore[attr-defined]
    return page


@pytest.fixture
def page(qtbot, ledger) -> CashBookPage:  # type: ignore[no-untyped-def]
    return open_page(qtbot, ledger, hoa_sen_with_story(ledger))


def cell(page: CashBookPage, row: int, column: CashColumn) -> str:
    return page.model.index(row, column).data()


def test_the_cards_and_the_last_line_agree_on_the_closing_balance(page) -> None:
    cards = page.cards.values()
    assert cards[_("Opening balance")] == "0"
    assert cards[_("Closing balance")] == "555.000"
    assert cell(page, page.model.rowCount() - 1, C.BALANCE) == "555.000"
    assert cell(page, 0, C.WHAT) == _("Balance at the start of the period")
    assert page.footer.totals.index(0, C.MONEY_OUT).data() == "300.000"


def test_choosing_the_social_fund_book(page, qtbot) -> None:
    assert [page.book.itemText(i) for i in range(page.book.count())] == [
        book_label(Book.CASH), book_label(Book.SOCIAL_FUND)]
    page.book.setFocus()
    qtbot.keyClick(page.book, Qt.Key.Key_Down)
    page.book.activated.emit(page.book.currentIndex())
    assert page.presenter.book == Book.SOCIAL_FUND
    assert page.cards.values()[_("Closing balance")] == "24.000"


def test_dates_typed_make_a_period_of_their_own(page) -> None:
    page.start.setDate(QDate(2026, 4, 1))
    page.end.setDate(QDate(2026, 4, 30))
    page.end.editingFinished.emit()
    assert page.period.currentText() == period_label(Period.CUSTOM)
    assert page.cards.values()[_("Opening balance")] == "216.000"


def test_a_named_period_chosen_sets_the_dates(page) -> None:
    page.period.setCurrentIndex(page.period.findData(Period.QUARTER))
    page.period.activated.emit(page.period.currentIndex())
    assert page.start.date() == QDate(2026, 10, 1)
    assert page.model.rowCount() == 1  # nothing since October: the opening line only


def test_a_double_click_shows_where_a_line_comes_from(page, qtbot) -> None:
    index = page.model.index(1, C.WHAT)
    page.grid.scrollTo(index)
    rect = page.grid.visualRect(index)
    qtbot.mouseClick(page.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    [dialog] = page.lines  # type: ignore[attr-defined]
    assert isinstance(dialog, BookLineDialog)
    assert dialog.where.text().startswith(_(
        "Recorded at the meeting of {date} (cycle {number}).").format(date="05/02/2026",
                                                                      number=1))
    assert dialog.presenter.row_count() == 4
    qtbot.addWidget(dialog)


def test_the_opening_line_explains_itself_instead(page) -> None:
    assert page.show_line(0) is False
    assert page.said[-1] == _(  # type: ignore[attr-defined]
        "The opening balance is what the book held before the period: everything recorded "
        "earlier.")


def test_a_clubs_income_fund_book_shows_the_seed_capital(qtbot, ledger) -> None:
    page = open_page(qtbot, ledger, make_club(ledger))
    page.book.setCurrentIndex(page.book.findData(Book.INCOME_FUND))
    page.book.activated.emit(page.book.currentIndex())
    cards = page.cards.values()
    assert cards[_("Seed capital")] == "50.000.000"
    assert cards[_("The fund against the seed")] == _("{times} times").format(times="1,00")
