"""The loans ledger tab driven as the clerk and the board drive it: the figures line, a
search typed, a member's history opened with a double click and with Enter, the schedule
of the loan chosen, and the board's write-off with its reason."""

from __future__ import annotations

import pytest
from group_books import BOARD, CLERK, hoa_sen_with_loans
from page_fixtures import open_group_page
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.i18n import _
from desktop.models.permissions import Actor
from desktop.presenters.loans_ledger import LoanColumn, LoanStatus, status_label
from desktop.views.loan_history_dialog import MemberHistoryDialog
from desktop.views.loans_page import LoansPage

L = LoanColumn


def open_page(qtbot, ledger, actor: Actor) -> LoansPage:  # type: ignore[no-untyped-def]
    page = open_group_page(qtbot, LoansPage, ledger, actor, hoa_sen_with_loans(ledger))
    page.histories = []  # type: ignore[attr-defined]
    page.open_history = page.histories.append  # type: ignore[attr-defined]
    return page


@pytest.fixture
def page(qtbot, ledger) -> LoansPage:  # type: ignore[no-untyped-def]
    return open_page(qtbot, ledger, CLERK)


def cell(page: LoansPage, row: int, column: LoanColumn) -> str:
    return page.model.index(row, page.presenter.position(column)).data()


def double_click(qtbot, page: LoansPage, row: int) -> None:  # type: ignore[no-untyped-def]
    index = page.model.index(row, page.presenter.position(L.NAME))
    rect = page.grid.visualRect(index)
    qtbot.mouseClick(page.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_page_opens_on_every_loan_with_the_figures_line(page) -> None:
    assert [cell(page, row, L.NAME) for row in range(page.model.rowCount())] == [
        "Trần Thị Bình", "Lê Thị Cúc"]
    assert page.summary.text().startswith(_(
        "{count} loans · lent {lent} đồng · still owed {owed} đồng").format(
        count=2, lent="450.000", owed="350.000"))
    assert page.footer.totals.index(0, page.presenter.position(L.OUTSTANDING)).data() == \
        "350.000"


def test_a_clerk_does_not_see_the_write_off_button(page) -> None:
    assert page.write_off_button.isHidden()


def test_typing_a_name_without_accents_finds_the_loan(page, qtbot) -> None:
    qtbot.keyClicks(page.search, "binh")
    assert page.model.rowCount() == 1 and cell(page, 0, L.CODE) == "TV02"


def test_choosing_the_overdue_filter(page) -> None:
    page.status.setCurrentIndex(page.status.findText(status_label(LoanStatus.OVERDUE)))
    assert page.model.rowCount() == 1 and cell(page, 0, L.OVERDUE_DAYS) == "171"


def test_clicking_a_loan_shows_its_schedule(page, qtbot) -> None:
    index = page.model.index(0, page.presenter.position(L.NAME))
    qtbot.mouseClick(page.grid.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.grid.visualRect(index).center())
    assert page.details.schedule.row_count() == 3
    assert page.details.movements.row_count() == 3
    assert "Trần Thị Bình" in page.details.schedule_title.text()


def test_a_double_click_opens_the_members_history(page, qtbot) -> None:
    double_click(qtbot, page, 0)
    [dialog] = page.histories
    assert isinstance(dialog, MemberHistoryDialog)
    assert dialog.windowTitle() == _("Loan history of {name}").format(name="Trần Thị Bình")
    assert dialog.presenter.row_count() == 1
    assert dialog.details.schedule.row_count() == 3  # her latest loan, chosen at once


def test_enter_on_a_loan_opens_the_history_too(page, qtbot) -> None:
    page.grid.setFocus()
    page.grid.setCurrentIndex(page.model.index(1, page.presenter.position(L.NAME)))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert [dialog.presenter.name for dialog in page.histories] == ["Lê Thị Cúc"]


def test_the_board_writes_off_a_loan_giving_the_reason(qtbot, ledger) -> None:
    page = open_page(qtbot, ledger, BOARD)
    asked: list[str] = []
    page.ask_reason = lambda _parent, _title, question, _ok: asked.append(question) or \
        "Chị Bình chuyển đi, không liên lạc được"
    assert page.write_off() is False  # no loan chosen yet
    page.choose_loan(page.presenter.loan(0).loan_id)
    assert page.write_off_button.isEnabled()
    page.write_off_button.click()
    assert "200.000" in asked[0] and "Trần Thị Bình" in asked[0]
    row = page.grid.currentIndex().row()
    assert cell(page, row, L.WRITTEN_OFF) == "200.000"
    assert page.changed == [True]  # type: ignore[attr-defined]
    assert not page.write_off_button.isEnabled()
    assert page.write_off_button.toolTip() == _("This loan was already written off.")


def test_a_write_off_cancelled_changes_nothing(qtbot, ledger) -> None:
    page = open_page(qtbot, ledger, BOARD)
    page.ask_reason = lambda *_args: None
    page.choose_loan(page.presenter.loan(0).loan_id)
    assert page.write_off() is False
    assert cell(page, 0, L.OUTSTANDING) == "200.000"
