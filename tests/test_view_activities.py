"""The club's activities tab driven with the keyboard: a new check day, blood pressure and
weight typed from the paper sheet with Enter and Tab, a home-care visit and an event
recorded through their dialogs, a line taken out, and the counts of the month."""

from __future__ import annotations

import datetime as dt

import pytest
from group_books import CLERK, CLUB_MEETING, make_club
from page_fixtures import open_group_page
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from desktop.i18n import _
from desktop.models.clock import today
from desktop.models.enums import ActivityKind
from desktop.presenters.activities import CheckColumn
from desktop.presenters.activity_lists import CountColumn, ListColumn
from desktop.views.activities_page import ActivitiesPage
from desktop.views.activity_dialogs import ActivityDialog
from desktop.views.ask import ask_date

K = CheckColumn
CHECK_DAY = dt.date(2026, 11, 18)


@pytest.fixture
def page(qtbot, ledger) -> ActivitiesPage:  # type: ignore[no-untyped-def]
    page = open_group_page(qtbot, ActivitiesPage, ledger, CLERK, make_club(ledger),
                           focused=True)
    page.ask_date = lambda *_args: CHECK_DAY
    page.confirm = lambda *_args: True
    return page


def type_keys(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)


def press(qtbot, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget(), key)


def test_a_check_day_typed_from_the_paper_sheet(page, qtbot) -> None:
    checks = page.checks
    assert checks.start_day()
    assert checks.day.currentData() == CHECK_DAY
    # Two pressures down the column with Enter, then a weight across with Tab.
    type_keys(qtbot, "150/95")
    press(qtbot, Qt.Key.Key_Return)
    type_keys(qtbot, "120 80")
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "48,5")
    press(qtbot, Qt.Key.Key_Return)
    sheet = checks.presenter
    assert [sheet.display(row, K.PRESSURE) for row in (0, 1)] == ["150/95", "120/80"]
    assert sheet.display(1, K.WEIGHT) == "48,5"
    assert checks.summary.text() == _(
        "{checked} of {members} members checked; {high} with high blood pressure (140/90 or "
        "more)").format(checked=2, members=6, high=1)
    assert checks.day.currentText() == _("{date} — {count} checked").format(
        date="18/11/2026", count=2)


def test_a_pressure_mistyped_is_marked_and_said(page, qtbot) -> None:
    page.checks.start_day()
    type_keys(qtbot, "15095")
    press(qtbot, Qt.Key.Key_Return)
    assert page.checks.presenter.issue(0, K.PRESSURE) is not None
    assert page.said[-1].endswith(_(  # type: ignore[attr-defined]
        "Write the blood pressure as on the paper sheet, e.g. 130/85."))


def test_a_home_visit_recorded_through_its_dialog(page) -> None:
    visits = page.visits

    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, ActivityDialog)
        dialog.member.setCurrentText("TV03 Vi Văn Hùng")
        dialog.volunteer.setCurrentText("tv05")  # typed: the code finds Việt
        dialog.note.setText("Ốm, đo huyết áp tại nhà")
        dialog.accept()
        return dialog.result()

    page.open_dialog = fill
    page.tabs.setCurrentWidget(visits)
    assert visits.add(ActivityKind.HOME_VISIT)
    row = visits.grid.currentIndex().row()
    presenter = visits.presenter
    assert (presenter.display(row, ListColumn.MEMBER),
            presenter.display(row, ListColumn.VOLUNTEER)) == (
        "TV03 Vi Văn Hùng", "TV05 Hoàng Văn Việt")


def test_the_dialog_stays_open_and_says_what_is_missing(page) -> None:
    dialogs: list[ActivityDialog] = []

    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, ActivityDialog)
        dialog.accept()  # nothing filled in
        dialogs.append(dialog)
        return dialog.result()

    page.open_dialog = fill
    assert page.events.add(ActivityKind.EVENT) is False
    assert dialogs[0].error.text().splitlines() == [
        _("Say what the event was, e.g. Hội thi văn nghệ."),
        _("Enter how many people took part.")]


def test_an_event_recorded_then_taken_out(page) -> None:
    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, ActivityDialog)
        dialog.title.setText("Mừng ngày Quốc tế Người cao tuổi")
        dialog.participants.setValue(80)
        dialog.accept()
        return dialog.result()

    page.open_dialog = fill
    events = page.events
    assert events.add(ActivityKind.EVENT)
    assert events.presenter.row_count() == 1
    assert events.remove()
    assert events.presenter.row_count() == 0


def test_the_counts_tab_follows_what_was_typed(page, qtbot) -> None:
    page.checks.start_day()
    type_keys(qtbot, "130/80")
    press(qtbot, Qt.Key.Key_Return)
    page.tabs.setCurrentWidget(page.counts)
    counts = page.counts.presenter
    november = counts.row_of(11)
    assert counts.display(november, CountColumn.HEALTH_CHECKS) == "1"
    assert page.counts.grid.model().index(november, CountColumn.MONTH).data() == _(
        "Month {number}/{year}").format(number=11, year=2026)


def answer_with_enter(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Press Enter in the dialog about to open, once it has the keyboard."""
    def answer() -> None:
        dialog, focus = QApplication.activeModalWidget(), QApplication.focusWidget()
        if dialog is None or focus is None or focus.window() is not dialog:
            QTimer.singleShot(10, answer)
            return
        qtbot.keyClick(focus, Qt.Key.Key_Return)
    QTimer.singleShot(0, answer)


def test_a_new_check_day_proposes_the_meeting_not_yet_checked_and_enter_takes_it(
        page, qtbot) -> None:
    page.ask_date = ask_date  # the real dialog, answered with Enter
    answer_with_enter(qtbot)
    assert page.checks.start_day()
    assert page.checks.presenter.day == CLUB_MEETING  # 15/10/2026, nothing checked there yet
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.checks.grid)


def test_a_new_check_day_after_the_last_one_proposes_today_not_the_last_day(
        page, qtbot) -> None:
    assert page.checks.start_day()  # 18/11/2026, after the meeting of 15/10
    type_keys(qtbot, "130/80")
    press(qtbot, Qt.Key.Key_Return)
    page.ask_date = ask_date
    answer_with_enter(qtbot)
    assert page.checks.start_day()
    assert page.checks.presenter.day == today()  # 23/11/2026: a new day, not 18/11 again
    assert [page.checks.day.itemData(i) for i in range(page.checks.day.count())] == [
        today(), CHECK_DAY]


def test_a_check_day_after_today_is_refused_in_a_message_box(page) -> None:
    warned: list[str] = []
    page.warn = lambda parent, title, text: warned.append(text)
    page.ask_date = lambda *_args: dt.date(2026, 11, 24)
    assert not page.checks.start_day()
    assert warned == [page.checks.presenter.last_message] and "24/11/2026" in warned[0]


def test_tab_leaves_a_date_field_and_a_member_code_typed_next_leaves_the_date_alone(
        page, qtbot) -> None:
    dialog = ActivityDialog(page.visits.presenter, ActivityKind.HOME_VISIT, page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.day.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.day)
    before = dialog.day.date()
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not dialog.day
    assert dialog.member.isAncestorOf(QApplication.focusWidget()) or \
        QApplication.focusWidget() is dialog.member
    type_keys(qtbot, "TV03")
    assert dialog.day.date() == before
    assert dialog.member.currentText().startswith("TV03")  # completed to her name
    press(qtbot, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is dialog.day  # Shift+Tab comes back as a whole
    dialog.reject()
