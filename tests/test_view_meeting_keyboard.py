"""A new meeting typed with the keyboard only, in the whole window, as the clerk does it:
*Buổi họp mới…*, Enter in the date dialog, then Tab, an amount, Enter, the next amount,
Enter, → … — every key sent to the widget that has the keyboard, with the window's own
refreshes running between the values. Nothing typed may be lost, for a VSLA, an ASCA and an
ISHC group alike."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import db_arg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from window_samples import MEETING_DAY, SampleIds, make_commune
from window_sign_in import answer_sign_in

from desktop.models import meetings, registry
from desktop.models.clock import today
from desktop.models.group import Group
from desktop.models.meeting import Meeting
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM, Actor, Role
from desktop.settings import Settings
from desktop.views.main_window import MainWindow
from desktop.views.meeting_page import MeetingPage

TIMEOUT = 10_000
BOARD = Actor("Chị Hoa", Role.BOARD)


@pytest.fixture
def window(qtbot, ledger, tmp_path, monkeypatch) -> tuple[MainWindow, SampleIds]:  # type: ignore[no-untyped-def]
    """The sample commune in the window; Bình An and the club get more members, and Hoa
    Sen's meeting of 05/10 is closed, so each group starts today's meeting afresh."""
    monkeypatch.setenv("COMMUNE_LEDGER_CONFIG_DIR", str(tmp_path / "config"))
    ids = make_commune(ledger)
    with ledger.session() as session:
        for group_id, people in ((ids.binh_an, [("TV03", "Lò Thị Mai")]),
                                 (ids.club, [("TV02", "Hà Thị Nga"), ("TV03", "Sầm Văn Ba")])):
            group = session.get(Group, group_id)
            for code, name in people:
                registry.add_member(session, group, code=code, full_name=name,
                                    join_date=dt.date(2026, 1, 1), actor=SYSTEM)
        meeting = session.scalar(select(Meeting).where(Meeting.date == MEETING_DAY))
        counted = meetings.cash_panel(session, meeting).expected_closing
        meetings.record_count(session, meeting, counted, "", BOARD)
        meetings.close_meeting(session, meeting, BOARD)
    path = db_arg(ledger)
    ledger.close()
    shown = MainWindow(Settings(tmp_path / "config" / "settings.json"))
    qtbot.addWidget(shown)
    shown.resize(1300, 740)
    shown.show()
    answer_sign_in(shown)
    with qtbot.waitSignal(shown.ready, timeout=TIMEOUT):
        shown.start(path)
    shown.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shown)
    return shown, ids


def meeting_tab(window: MainWindow, group_id: int) -> MeetingPage:
    window.open_group(group_id)
    page = window.current_page()
    index = next(number for number, entry in enumerate(page.tab_entries)  # type: ignore[union-attr]
                 if entry.title_msgid == "Meeting sheet")
    page.set_current_tab(index)  # type: ignore[union-attr]
    sheet = page.tab_widget(index)  # type: ignore[union-attr]
    assert isinstance(sheet, MeetingPage)
    return sheet


def answer_with_enter(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Press Enter in the dialog about to open, once it has the keyboard."""
    def answer() -> None:
        dialog, focus = QApplication.activeModalWidget(), QApplication.focusWidget()
        if dialog is None or focus is None or focus.window() is not dialog:
            QTimer.singleShot(10, answer)
            return
        qtbot.keyClick(focus, Qt.Key.Key_Return)
    QTimer.singleShot(0, answer)


def start_with_the_keyboard(qtbot, window: MainWindow, sheet: MeetingPage) -> None:  # type: ignore[no-untyped-def]
    answer_with_enter(qtbot)
    sheet.new_meeting.click()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sheet.grid, timeout=TIMEOUT)


def key(qtbot, pressed: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    focused = QApplication.focusWidget()
    assert focused is not None, "a key pressed with no widget to receive it is lost"
    qtbot.keyClick(focused, pressed)


def typed(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    for char in text:
        focused = QApplication.focusWidget()
        assert focused is not None, f"'{char}' typed with no widget to receive it is lost"
        qtbot.keyClick(focused, char)


def pause(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The clerk looks at the paper form: the window's refresh after a save runs."""
    qtbot.waitUntil(lambda: not window._change_timer.isActive(), timeout=TIMEOUT)
    qtbot.wait(1)  # what the refresh posted


def saved(window: MainWindow, group_id: int, field: meetings.Field) -> dict[str, int]:
    """Today's meeting of the group as the ledger has it: member code → amount."""
    assert window.ledger is not None
    with window.ledger.session() as session:
        meeting = session.scalar(select(Meeting).where(Meeting.group_id == group_id,
                                                       Meeting.date == today()))
        assert meeting is not None
        codes = dict(session.execute(select(Member.id, Member.code)
                                     .where(Member.group_id == group_id)).all())
        return {codes[entry.member_id]: entry.amount(field)
                for entry in meetings.sheet(session, meeting)}


def type_down_then_right(qtbot, window: MainWindow, column: list[str],  # type: ignore[no-untyped-def]
                         right: str, steps: int = 1) -> None:
    """Tab to the first amount, each value + Enter down the column (Enter on the last row
    stays there), then ``steps`` times → and one more value."""
    key(qtbot, Qt.Key.Key_Tab)
    for value in column:
        typed(qtbot, value)
        key(qtbot, Qt.Key.Key_Return)
        pause(qtbot, window)
    for _step in range(steps):
        key(qtbot, Qt.Key.Key_Right)
    typed(qtbot, right)
    key(qtbot, Qt.Key.Key_Return)
    pause(qtbot, window)


def test_a_vsla_meeting_typed_after_new_meeting_keeps_every_value(qtbot, window) -> None:
    shown, ids = window
    sheet = meeting_tab(shown, ids.hoa_sen)
    start_with_the_keyboard(qtbot, shown, sheet)
    assert sheet.grid.currentIndex().column() == sheet.presenter.position(
        sheet.presenter.Column.PRESENT)  # the first cell that can be typed in
    assert sheet.grid.currentIndex().row() == 0
    # → twice: the share money beside the shares is worked out, not typed.
    type_down_then_right(qtbot, shown, ["2", "3", "1", "4"], "2000", steps=2)
    assert saved(shown, ids.hoa_sen, meetings.Field.SHARES) == {
        "TV01": 2, "TV02": 3, "TV03": 1, "TV04": 4}
    assert saved(shown, ids.hoa_sen, meetings.Field.SOCIAL_FUND)["TV04"] == 2_000
    assert QApplication.focusWidget() is sheet.grid


def test_an_asca_meeting_typed_after_new_meeting_keeps_every_value(qtbot, window) -> None:
    shown, ids = window
    sheet = meeting_tab(shown, ids.binh_an)
    start_with_the_keyboard(qtbot, shown, sheet)
    type_down_then_right(qtbot, shown, ["50.000", "30000", "25.000"], "1.000")
    assert saved(shown, ids.binh_an, meetings.Field.SAVINGS) == {
        "TV01": 50_000, "TV02": 30_000, "TV03": 25_000}
    assert saved(shown, ids.binh_an, meetings.Field.SOCIAL_FUND)["TV03"] == 1_000


def test_an_ishc_meeting_typed_after_new_meeting_keeps_every_value(qtbot, window) -> None:
    shown, ids = window
    sheet = meeting_tab(shown, ids.club)
    start_with_the_keyboard(qtbot, shown, sheet)
    type_down_then_right(qtbot, shown, ["5.000", "5000", "3.000"], "10.000")
    # Rows by given name: Sầm Văn Ba, Hà Thị Nga, Bùi Văn Tư.
    assert saved(shown, ids.club, meetings.Field.FEE) == {
        "TV03": 5_000, "TV02": 5_000, "TV01": 3_000}
    assert saved(shown, ids.club, meetings.Field.SOCIAL_FUND)["TV01"] == 10_000
