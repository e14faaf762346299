"""The meeting page driven as the clerk drives it: a 25-member VSLA meeting typed from the
paper form with the keyboard, a block pasted from Excel, undo, the cash count, closing."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import make_hoa_sen
from page_fixtures import open_group_page
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QToolTip
from sqlalchemy import func, select

from desktop.models import registry
from desktop.models.enums import EventKind
from desktop.models.journal import Event
from desktop.models.permissions import SYSTEM, Action, Actor, Role
from desktop.presenters.meeting_sheet import SheetColumn
from desktop.views.meeting_page import MeetingPage

C = SheetColumn
BOARD = Actor("Chị Hoa (trưởng nhóm)", Role.BOARD)
CLERK = Actor("Chị Lan (cán bộ)", Role.CLERK)
MEETING_DAY = dt.date(2026, 11, 20)
MORE_NAMES = ["Hoàng Thị Hương", "Đỗ Thị Lan", "Vũ Thị Mai", "Bùi Thị Ngọc", "Đặng Thị Oanh",
              "Ngô Thị Phương", "Dương Thị Quỳnh", "Lý Thị Sen", "Hồ Thị Thu", "Mai Thị Uyên",
              "Trịnh Thị Vân", "Đinh Thị Xuân", "Cao Thị Yến", "Lưu Thị Hà", "Tạ Thị Hạnh",
              "Phan Thị Hoa", "Võ Thị Huệ", "Chu Thị Liên", "La Thị Loan", "Kiều Thị Nguyệt",
              "Nông Thị Nhung"]


@pytest.fixture
def group_id(ledger) -> int:  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        group = make_hoa_sen(session)
        for number, name in enumerate(MORE_NAMES, start=5):
            registry.add_member(session, group, code=f"TV{number:02d}", full_name=name,
                                join_date=dt.date(2026, 1, 1), actor=SYSTEM)
        return group.id


def open_page(qtbot, ledger, group_id: int, actor: Actor = BOARD) -> MeetingPage:  # type: ignore[no-untyped-def]
    page = open_group_page(qtbot, MeetingPage, ledger, actor, group_id, focused=True)
    page.ask_date = lambda *args: MEETING_DAY
    page.confirm = lambda *args, **kwargs: True
    page.warned = []  # type: ignore[attr-defined]
    page.warn = lambda parent, title, text: page.warned.append(text)  # type: ignore[attr-defined]
    return page


@pytest.fixture
def page(qtbot, ledger, group_id) -> MeetingPage:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ledger, group_id)
    assert page.start_meeting()
    return page


def go(page: MeetingPage, row: int, column: SheetColumn) -> None:
    page.grid.setFocus()
    page.grid.setCurrentIndex(page.model.index(row, page.presenter.position(column)))


def type_keys(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def total(page: MeetingPage, column: SheetColumn) -> str:
    return page.footer.totals.index(0, page.presenter.position(column)).data()


def count_events(ledger, kind: EventKind) -> int:  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        return session.scalar(select(func.count()).select_from(Event).where(
            Event.kind == kind, Event.reverses_id.is_(None)))


def test_the_clerk_types_a_25_member_meeting_from_the_paper_form(page, qtbot, ledger) -> None:
    shares = [1 + row % 5 for row in range(25)]
    go(page, 0, C.SHARES)
    for count in shares:
        type_keys(qtbot, str(count))
        press(qtbot, Qt.Key.Key_Return)
    assert total(page, C.SHARES) == str(sum(shares))
    assert total(page, C.SAVINGS) == "1.500.000"  # 75 shares of 20.000 đ
    # The social fund of every present member, proposed and saved with one click.
    page.accept_button.click()
    assert total(page, C.SOCIAL_FUND) == "50.000"
    # Two fines, typed across with Tab from the social fund column.
    go(page, 2, C.SOCIAL_FUND)
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "5.000")
    press(qtbot, Qt.Key.Key_Return)
    type_keys(qtbot, "5000")
    press(qtbot, Qt.Key.Key_Return)
    assert total(page, C.FINE) == "10.000"
    assert count_events(ledger, EventKind.SHARE_PURCHASE) == 25
    assert count_events(ledger, EventKind.SOCIAL_FUND_CONTRIBUTION) == 25
    assert page.cash.money_in.text() == "1.560.000"


def test_an_absent_member_is_unticked_with_zero(page, qtbot) -> None:
    go(page, 4, C.PRESENT)
    type_keys(qtbot, "0")
    assert page.presenter.entry(4).present is False
    assert total(page, C.PRESENT) == "24"


def test_a_block_pasted_from_excel_goes_in_and_ctrl_z_takes_it_back(page, qtbot) -> None:
    QGuiApplication.clipboard().setText("2\t\t2.000\r\n3\t\t2.000\r\n4\t\t2.000\r\n")
    go(page, 0, C.SHARES)
    press(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert total(page, C.SHARES) == "9"
    assert total(page, C.SOCIAL_FUND) == "6.000"
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert total(page, C.SHARES) == "0" and total(page, C.SOCIAL_FUND) == "0"
    press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert total(page, C.SHARES) == "9"


def test_shares_outside_the_constitution_are_marked_and_listed(page, qtbot) -> None:
    go(page, 1, C.SHARES)
    type_keys(qtbot, "7")
    press(qtbot, Qt.Key.Key_Return)
    assert page.presenter.issue(1, C.SHARES) is not None
    assert page.problems.count() == 1 and "7" not in total(page, C.SHARES)
    assert page.said and page.presenter.row_label(1) in page.said[-1]
    assert not page.override_button.isEnabled()  # a share count is not a board override


def test_the_board_allows_a_loan_above_the_limit_with_a_reason(page, qtbot) -> None:
    go(page, 0, C.SHARES)
    type_keys(qtbot, "5")
    press(qtbot, Qt.Key.Key_Return)
    go(page, 0, C.NEW_LOAN)
    type_keys(qtbot, "1.000.000")
    press(qtbot, Qt.Key.Key_Return)
    assert total(page, C.NEW_LOAN) == "0"
    page.problems.setCurrentRow(0)
    assert page.override_button.isEnabled()
    page.ask_reason = lambda *args: "Chữa bệnh cho mẹ"
    page.override_button.click()
    assert total(page, C.NEW_LOAN) == "1.000.000"
    assert page.presenter.problems() == []


def test_a_clerk_cannot_close_or_override_unless_the_board_approves(qtbot, ledger,
                                                                     group_id) -> None:
    page = open_page(qtbot, ledger, group_id, CLERK)
    asked: list[object] = []
    page.approve = lambda action, what: asked.append(action)  # nobody approves
    page.ask_reason = lambda *args: "Chữa bệnh gấp"
    page.start_meeting()
    assert page.close_button.isEnabled()  # the clerk starts it: the board approves
    assert page.close_button.toolTip()
    go(page, 0, C.NEW_LOAN)
    type_keys(qtbot, "900.000")
    press(qtbot, Qt.Key.Key_Return)
    page.problems.setCurrentRow(0)
    assert page.override_button.isEnabled()
    assert not page.allow_loan()
    assert asked == [Action.OVERRIDE_LIMIT]
    assert page.presenter.problems()  # still waiting for the board


def test_counting_the_cash_then_closing_locks_the_meeting(page, qtbot) -> None:
    go(page, 0, C.SHARES)
    type_keys(qtbot, "2")
    press(qtbot, Qt.Key.Key_Return)
    assert page.cash.expected.text() == "40.000"
    page.cash.counted.setFocus()
    qtbot.keyClicks(page.cash.counted, "40.000")
    qtbot.keyClick(page.cash.counted, Qt.Key.Key_Return)
    assert page.presenter.cash.counted == 40_000
    assert page.cash.difference.text() == "0"
    page.close_button.click()
    assert page.presenter.is_closed and page.changed
    assert not page.model.index(0, page.presenter.position(C.SHARES)).flags() \
        & Qt.ItemFlag.ItemIsEditable
    assert page.reopen_button.isVisible() and page.reopen_button.isEnabled()
    assert not page.accept_button.isVisible()
    go(page, 1, C.SHARES)
    type_keys(qtbot, "3")
    assert page.presenter.value(1, C.SHARES) == 0
    page.ask_reason = lambda *args: "Ghi thiếu tiền phạt"
    page.reopen_button.click()
    assert not page.presenter.is_closed


def test_a_difference_without_explanation_keeps_the_meeting_open(page, qtbot) -> None:
    go(page, 0, C.SHARES)
    type_keys(qtbot, "2")
    press(qtbot, Qt.Key.Key_Return)
    page.cash.counted.setText("30.000")
    page.close_button.click()
    assert not page.presenter.is_closed
    assert page.presenter.cash.counted == 30_000  # what the fields held was used
    assert page.warned == [page.presenter.last_message]  # said in a box, not only below
    assert "10.000" in page.warned[0]
    page.cash.note.setText("Thủ quỹ trả thừa tiền cho chị Bình")
    page.close_button.click()
    assert page.presenter.is_closed


def test_typing_the_counted_cash_shows_the_difference_at_once(page, qtbot) -> None:
    go(page, 0, C.SHARES)
    type_keys(qtbot, "2")
    press(qtbot, Qt.Key.Key_Return)
    page.cash.counted.setFocus()
    qtbot.keyClicks(page.cash.counted, "38.000")
    assert page.cash.difference.text() == "-2.000"  # no button, no Enter
    assert page.presenter.cash.counted is None  # shown, not saved yet
    qtbot.keyClicks(page.cash.counted, "x")
    assert page.cash.difference.text() == "" and page.cash.counted.toolTip()
    qtbot.keyClick(page.cash.counted, Qt.Key.Key_Backspace)
    qtbot.keyClick(page.cash.counted, Qt.Key.Key_Tab)  # leaving the field saves it
    assert page.presenter.cash.counted == 38_000
    assert page.cash.difference.text() == "-2.000"


def test_closing_with_a_count_typed_but_not_saved_uses_it(page, qtbot) -> None:
    go(page, 0, C.SHARES)
    type_keys(qtbot, "2")
    press(qtbot, Qt.Key.Key_Return)
    page.cash.counted.setText("40.000")  # typed, the clerk goes straight to the button
    page.close_button.click()
    assert page.presenter.is_closed and page.warned == []
    assert page.presenter.cash.counted == 40_000


def test_closing_without_a_count_says_so_in_a_message_box(page) -> None:
    page.close_button.click()
    assert not page.presenter.is_closed
    assert page.warned and page.warned[0] == page.presenter.last_message


def test_choosing_an_earlier_meeting_shows_its_sheet(page, qtbot) -> None:
    go(page, 0, C.SHARES)
    type_keys(qtbot, "2")
    press(qtbot, Qt.Key.Key_Return)
    page.ask_date = lambda *args: dt.date(2026, 11, 22)
    page.start_meeting()
    assert page.meeting_choice.count() == 2 and total(page, C.SHARES) == "0"
    page.meeting_choice.setCurrentIndex(1)
    page.meeting_choice.activated.emit(1)
    assert page.presenter.meeting.date == MEETING_DAY
    assert total(page, C.SHARES) == "2"


def test_each_saved_cell_tells_the_window_but_typing_does_not(page, qtbot) -> None:
    page.changed.clear()
    go(page, 0, C.SHARES)
    type_keys(qtbot, "2")
    assert page.changed == []  # typing is not saving
    press(qtbot, Qt.Key.Key_Return)
    assert page.changed == [True]  # the window gathers these into one refresh
    type_keys(qtbot, "9")
    press(qtbot, Qt.Key.Key_Return)  # refused: nothing saved, nothing to tell
    assert page.changed == [True]


def test_a_meeting_dated_tomorrow_is_refused_in_a_message_box(qtbot, ledger, group_id) -> None:
    page = open_page(qtbot, ledger, group_id)
    page.ask_date = lambda *args: dt.date(2026, 11, 24)  # the clock says 23/11/2026
    assert not page.start_meeting()
    assert page.presenter.meeting is None and page.meeting_choice.count() == 0
    assert page.warned == ["Ngày 24/11/2026 muộn hơn ngày hôm nay (23/11/2026)."]


def test_starting_a_meeting_while_an_earlier_one_is_open_asks_first(page) -> None:
    asked: list[str] = []

    def answer_no(parent, title, text, *args, **kwargs) -> bool:  # type: ignore[no-untyped-def]
        asked.append(text)
        return False

    page.confirm = answer_no
    page.ask_date = lambda *args: dt.date(2026, 11, 22)
    assert not page.start_meeting()
    assert "20/11/2026" in asked[0] and page.meeting_choice.count() == 1
    page.confirm = lambda *args, **kwargs: True
    assert page.start_meeting() and page.meeting_choice.count() == 2


def test_a_meeting_before_one_still_open_is_refused_in_a_message_box(page) -> None:
    page.ask_date = lambda *args: dt.date(2026, 11, 13)
    assert not page.start_meeting()
    assert page.meeting_choice.count() == 1
    assert "20/11/2026" in page.warned[0]


def close_with_the_count(page: MeetingPage) -> None:
    page.presenter.record_count(str(page.presenter.cash.expected_closing), "")
    assert page.close_meeting()


def test_typing_into_a_closed_meeting_says_it_is_closed_and_who_may_reopen_it(
        page, qtbot) -> None:
    close_with_the_count(page)
    page.said.clear()
    go(page, 1, C.SHARES)
    type_keys(qtbot, "3")
    assert page.presenter.value(1, C.SHARES) == 0
    assert page.said == ["Buổi họp ngày 20/11/2026 đã khóa sổ: không sửa được gì trong đó. "
                         "Chỉ ban quản lý mới mở lại được (Mở lại buổi họp…)."]
    assert QToolTip.text() == page.said[-1]  # said at the cell too, where she looks
    go(page, 2, C.PRESENT)
    type_keys(qtbot, "0")  # a box that cannot change says so as well
    assert page.presenter.entry(2).present and len(page.said) == 2
    QGuiApplication.clipboard().setText("2\n3\n")
    press(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(page.said) == 3 and page.said[-1] == page.said[0]


def test_typing_into_the_share_money_says_to_type_the_shares(page, qtbot) -> None:
    go(page, 0, C.SAVINGS)
    type_keys(qtbot, "40000")
    assert page.presenter.value(0, C.SAVINGS) == 0
    assert "cổ phần" in page.said[-1]


def test_ctrl_z_takes_back_refused_values_before_any_saved_share_count(page, qtbot) -> None:
    go(page, 0, C.SHARES)
    for text in ("2", "3", "abc", "-2"):
        type_keys(qtbot, text)
        press(qtbot, Qt.Key.Key_Return)
    assert "số âm" in page.said[-1]  # "-2" is negative, not "not a whole number"
    assert page.problems.count() == 2
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [page.presenter.display(row, C.SHARES) for row in range(4)] == ["2", "3", "", ""]
    assert page.presenter.problems() == [] and total(page, C.SHARES) == "5"
    assert count_events(page.context.ledger, EventKind.SHARE_PURCHASE) == 2
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # now the last saved one
    assert [page.presenter.display(row, C.SHARES) for row in range(4)] == ["2", "", "", ""]


def _type_row_values(page: MeetingPage, qtbot, rows: list[tuple[int, SheetColumn, str]]) -> None:  # type: ignore[no-untyped-def]
    for row, column, text in rows:
        go(page, row, column)
        type_keys(qtbot, text)
        press(qtbot, Qt.Key.Key_Return)


def test_a_loan_typed_before_the_shares_that_pay_for_it_is_not_warned(page, qtbot) -> None:
    # Row 1 borrows 150.000 first; rows 2–5 buy the 5 shares each that pay for it.
    _type_row_values(page, qtbot, [(0, C.SHARES, "5"), (0, C.NEW_LOAN, "150.000")]
                     + [(row, C.SHARES, "5") for row in range(1, 5)])
    assert page.presenter.cash.loan_warnings == ()
    texts = [page.problems.item(i).text() for i in range(page.problems.count())]
    assert not any("150.000" in text for text in texts)


def test_loans_beyond_the_cash_are_listed_and_the_board_allows_them_when_closing(
        page, qtbot) -> None:
    _type_row_values(page, qtbot, [(0, C.SHARES, "5"), (1, C.SHARES, "5"),
                                   (1, C.NEW_LOAN, "300.000")])
    assert page.presenter.problems() == []  # within three times her savings
    [warning] = page.presenter.cash.loan_warnings
    assert "300.000" in warning and "200.000" in warning
    texts = [page.problems.item(i).text() for i in range(page.problems.count())]
    assert warning in texts
    page.cash.counted.setText("0")
    page.cash.note.setText("Rút 100.000 từ ngân hàng về chi cho vay")
    asked: list[str] = []
    page.ask_reason = lambda _parent, _title, text, _ok: asked.append(text) or None
    page.close_button.click()
    assert asked and warning in asked[0]
    assert not page.presenter.is_closed and page.warned == []  # the board said no
    page.ask_reason = lambda *args: "Rút tiền ngân hàng về cho vay"
    page.close_button.click()
    assert page.presenter.is_closed
