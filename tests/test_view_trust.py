"""The window's side of who may do what, offscreen: signing in, the idle lock that keeps what
was being typed, the users dialog, the audit page, and the board approving a clerk's step."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import TEST_PASSWORD, add_test_user, db_arg, make_hoa_sen
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from sqlalchemy import select
from window_sign_in import answer_sign_in

from desktop.models import meetings
from desktop.models.audit import AuditEntry
from desktop.models.group import Group
from desktop.models.meeting import Meeting
from desktop.models.permissions import SYSTEM, Action, Actor, Role
from desktop.models.users import list_users
from desktop.presenters.audit_log import AuditColumn
from desktop.presenters.meeting_sheet import SheetColumn
from desktop.settings import Settings
from desktop.views.approval import board_approval
from desktop.views.audit_page import AuditPage
from desktop.views.context import PageContext
from desktop.views.group_page import GroupPage
from desktop.views.main_window import MainWindow
from desktop.views.meeting_page import MeetingPage
from desktop.views.sign_in import ApprovalDialog, CredentialDialog, SignInDialog
from desktop.views.users_dialog import PasswordDialog, UsersDialog

TIMEOUT = 10_000
ADMIN = Actor("admin", Role.ADMIN)


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def answer(qtbot, dialog: CredentialDialog, name: str, password: str) -> int:  # type: ignore[no-untyped-def]
    """Type a name and password and press OK; the dialog's result once the check is done."""
    dialog.sleeper = Sleeps()
    if not dialog.name.isReadOnly():
        dialog.name.setText(name)
    dialog.password.setText(password)
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=TIMEOUT)
    return dialog.result()


def test_the_sign_in_dialog_refuses_a_wrong_password_then_signs_in(qtbot, ledger) -> None:
    dialog = SignInDialog(ledger, "ledger.sqlite")
    qtbot.addWidget(dialog)
    assert [dialog.ok.text(), dialog.cancel_button.text()] == ["Đăng nhập", "Hủy"]
    assert answer(qtbot, dialog, "admin", "sai") != QDialog.DialogCode.Accepted
    assert dialog.error.text() == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert dialog.sleeper == [1.0] and dialog.password.text() == ""
    assert answer(qtbot, dialog, "admin", TEST_PASSWORD) == QDialog.DialogCode.Accepted
    assert dialog.actor == ADMIN


@pytest.fixture
def window(qtbot, ledger, tmp_path) -> MainWindow:  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        make_hoa_sen(session)
    path = db_arg(ledger)
    shown = MainWindow(Settings(tmp_path / "config" / "settings.json"))
    qtbot.addWidget(shown)
    shown.resize(1300, 740)
    shown.show()
    answer_sign_in(shown)
    with qtbot.waitSignal(shown.ready, timeout=TIMEOUT):
        shown.start(path)
    shown.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shown, timeout=TIMEOUT)
    return shown


def test_the_window_shows_the_ledger_only_after_signing_in(window) -> None:
    assert window.actor == ADMIN
    assert window.user_label.text() == "Người dùng: admin (quản trị)"
    assert window.menu.users.isEnabled() and window.menu.audit.isEnabled()


def test_the_idle_lock_keeps_the_text_being_typed_in_a_grid(qtbot, window) -> None:
    with window.context.ledger.session() as session:
        group_id = session.scalar(select(Group.id))
    window.open_group(group_id)
    group_page = window.current_page()
    assert isinstance(group_page, GroupPage)
    tab = next(index for index in range(group_page.tabs.count())
               if isinstance(group_page.tab_widget(index), MeetingPage))
    group_page.set_current_tab(tab)
    sheet = group_page.tab_widget(tab)
    sheet.ask_date = lambda *args: dt.date(2026, 11, 20)
    assert sheet.start_meeting()
    index = sheet.model.index(0, sheet.presenter.position(SheetColumn.FINE))
    sheet.grid.setCurrentIndex(index)
    sheet.grid.setFocus()
    sheet.grid.edit(index)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit), timeout=TIMEOUT)
    editor = QApplication.focusWidget()
    editor.setText("5.000")
    window.idle.lock()  # as the timer does after the idle time
    dialog = window.idle.dialog
    assert dialog is not None and dialog.isVisible() and dialog.name.text() == "admin"
    assert dialog.geometry().contains(window.geometry())  # the books out of sight
    assert answer(qtbot, dialog, "", "sai") != QDialog.DialogCode.Accepted
    assert window.idle.locked
    assert answer(qtbot, dialog, "", TEST_PASSWORD) == QDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: not window.idle.locked, timeout=TIMEOUT)
    # The editor is still open, with what was typed, and nothing was saved meanwhile.
    assert editor.isVisible() and editor.text() == "5.000"
    assert sheet.presenter.value(0, SheetColumn.FINE) in (0, None)


def test_closing_the_ledger_from_the_lock_leaves_nothing_shown(qtbot, window) -> None:
    window.lock_now()
    window.idle.dialog.reject()
    qtbot.waitUntil(lambda: window.ledger is None, timeout=TIMEOUT)
    assert window.actor is None


def test_the_administrator_adds_and_disables_users_in_the_users_dialog(qtbot, window) -> None:
    dialog = UsersDialog(window.context, window)
    qtbot.addWidget(dialog)

    def fill(asked: QDialog) -> int:
        assert isinstance(asked, PasswordDialog)
        asked.name.setText("lan")
        asked.display_name.setText("Trần Thị Lan")
        asked.role.setCurrentIndex(asked.role.findData("clerk"))
        asked.password.setText("mat-khau-lan")
        asked.again.setText("mat-khau-lan")
        asked.accept()
        return asked.result()

    dialog.ask = fill
    dialog.add()
    assert dialog.message.text() == "Đã thêm người dùng lan."
    assert dialog.selected().name == "lan"
    dialog.toggle_disabled()
    dialog.role.setCurrentIndex(dialog.role.findData("board"))
    dialog.change_role()
    with window.context.ledger.session() as session:
        users = {user.name: user for user in list_users(session)}
    assert (users["lan"].disabled, users["lan"].role) == (True, Role.BOARD)
    dialog.select("admin")
    dialog.toggle_disabled()  # the only administrator stays
    assert "duy nhất" in dialog.message.text()


def test_the_audit_page_filters_by_kind_and_exports(qtbot, ledger, tmp_path) -> None:
    with ledger.session() as session:
        make_hoa_sen(session)
    messages: list[str] = []
    page = AuditPage(PageContext(ledger, ADMIN, messages.append))
    qtbot.addWidget(page)
    everything = page.presenter.row_count()
    page.kind.setCurrentIndex(page.kind.findText("Thành viên vào nhóm"))
    assert page.presenter.row_count() == 4 < everything
    assert {page.presenter.display(row, AuditColumn.KIND) for row in range(4)} == {
        "Thành viên vào nhóm"}
    assert page.count.text() == "4 mục"
    assert not page.presenter.is_editable(0, AuditColumn.DETAILS)
    page.choose_file = lambda: str(tmp_path / "nhat-ky.csv")
    page.export()
    assert (tmp_path / "nhat-ky.csv").exists()
    assert messages[-1].startswith("Đã ghi 4 mục")


def test_a_clerk_reopens_a_meeting_once_a_board_member_approves_and_the_log_names_both(
        qtbot, ledger) -> None:
    clerk = add_test_user(ledger, "lan", Role.CLERK)
    add_test_user(ledger, "hoa", Role.BOARD, "mat-khau-hoa")
    with ledger.session() as session:
        group = make_hoa_sen(session)
        meeting = meetings.create_meeting(session, group, dt.date(2026, 2, 1), SYSTEM)
        meetings.record_count(session, meeting, 0, "", SYSTEM)
        meetings.close_meeting(session, meeting, SYSTEM)
        group_id = group.id
    context = PageContext(ledger, clerk)
    page = MeetingPage(context, group_id)
    qtbot.addWidget(page)
    page.ask_reason = lambda *args: "Ghi thiếu tiền phạt"
    assert page.reopen_button.isEnabled() and not page.presenter.can_reopen
    shown: list[ApprovalDialog] = []

    def board_types(dialog: QDialog) -> int:
        assert isinstance(dialog, ApprovalDialog)
        shown.append(dialog)
        return answer(qtbot, dialog, "hoa", "mat-khau-hoa")

    page.approve = board_approval(page, context, board_types)
    assert page.reopen_meeting()
    assert "lan" in shown[0].intro.text()
    with ledger.session() as session:
        assert not session.scalar(select(Meeting)).is_closed
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "reopen_meeting"))
        assert (entry.user, entry.approver) == ("lan", "hoa")
        assert json.loads(entry.details)["reason"] == "Ghi thiếu tiền phạt"
    assert page.presenter.actor == clerk  # the approval was for that one step


def test_a_viewer_has_no_users_or_audit_and_types_nothing(qtbot, ledger) -> None:
    viewer = add_test_user(ledger, "xem", Role.VIEWER)
    with ledger.session() as session:
        group_id = make_hoa_sen(session).id
    page = MeetingPage(PageContext(ledger, viewer), group_id)
    qtbot.addWidget(page)
    assert not page.new_meeting.isEnabled()
    approve = board_approval(page, PageContext(ledger, viewer))
    assert approve(Action.REOPEN_MEETING, "") is None  # a viewer cannot even ask
