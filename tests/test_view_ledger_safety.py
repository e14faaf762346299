"""The window keeps the ledger safe (issue 10): read-only while another copy writes it (and
says who), a crash's lock taken over and told, a backup on the day's first opening and on
closing, a failed backup shown in the banner, File ▸ Sao lưu… / Khôi phục…, and a full or
read-only disk told in the clerk's words with nothing half-saved."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy.exc
from page_fixtures import open_group_page
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import text
from sqlalchemy.orm import Session
from test_view_main_window import open_window
from test_view_meeting import MEETING_DAY, C, count_events, go, press, type_keys
from test_writer_lock import OtherCopy
from window_samples import make_commune

from desktop.models import backups, registry
from desktop.models.backups import Kind, Policy
from desktop.models.database import Access, open_ledger
from desktop.models.enums import EventKind
from desktop.models.permissions import Actor, Role
from desktop.presenters.backup_list import backup_rows
from desktop.presenters.meeting_sheet import MeetingSheetPresenter
from desktop.settings import Settings
from desktop.views import backup_dialogs
from desktop.views.backup_dialogs import BackupDialog, RestoreChoice, RestoreDialog
from desktop.views.meeting_page import MeetingPage

pytestmark = pytest.mark.sqlite_only("a ledger file: its writer's lock, its backups, its disk")

TIMEOUT = 20_000
BOARD = Actor("Chị Hoa (trưởng nhóm)", Role.BOARD)


@pytest.fixture(autouse=True)
def config(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COMMUNE_LEDGER_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture
def settings(tmp_path) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(tmp_path / "config" / "settings.json")


@pytest.fixture
def sample(ledger) -> Path:  # type: ignore[no-untyped-def]
    make_commune(ledger)
    path = Path(str(ledger.engine.url.database))
    ledger.close()
    return path


@pytest.fixture
def boxes(monkeypatch):  # type: ignore[no-untyped-def]
    """Message boxes are recorded (title, text, details) and answered with the first
    button."""
    shown: list[tuple[str, str, str]] = []

    def record(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text(), box.informativeText()))
        if box.buttons():
            box.buttons()[0].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    return shown


def kinds_in(ledger: Path) -> list[Kind]:
    return sorted(item.kind for item in backups.automatic_backups(ledger, Policy()))


# -- read-only ----------------------------------------------------------------------------------
def test_a_ledger_another_copy_writes_opens_read_only_and_says_who(qtbot, settings,
                                                                   sample) -> None:
    other = OtherCopy(sample, "Lan")
    try:
        window = open_window(qtbot, settings, str(sample))
        assert window.ledger is not None and window.ledger.read_only
        assert "(chỉ đọc)" in window.windowTitle()
        assert window.banner.isVisible() and "Lan" in window.banner.text()
        assert window.context is not None and window.context.actor.role == Role.VIEWER
        # The grids ask the same question as for a viewer: nothing can be typed.
        with window.ledger.session() as session:
            group_id = session.scalar(text("SELECT id FROM groups WHERE code = 'HS01'"))
        presenter = MeetingSheetPresenter(window.ledger, window.context.actor, group_id)
        assert presenter.read_only
        assert not kinds_in(sample)  # a read-only ledger is backed up by its writer
        window.close()
    finally:
        other.close()


def test_a_ledger_left_open_by_a_crash_is_taken_over_and_told(qtbot, settings,
                                                              sample) -> None:
    other = OtherCopy(sample, "Lan")
    other.crash()
    window = open_window(qtbot, settings, str(sample))
    assert window.ledger is not None and not window.ledger.read_only
    assert "không được đóng đúng cách" in window.banner.text() and "Lan" in window.banner.text()
    assert window.context is not None and window.context.actor.role == Role.ADMIN
    window.close()


# -- automatic backups ------------------------------------------------------------------------
def test_the_days_first_opening_and_a_closing_after_changes_back_the_ledger_up(
        qtbot, settings, sample) -> None:
    window = open_window(qtbot, settings, str(sample))
    assert kinds_in(sample) == [Kind.DAILY]
    assert not window.banner.isVisible()
    window.close_ledger()  # nothing changed: nothing to back up
    assert kinds_in(sample) == [Kind.DAILY]
    with qtbot.waitSignal(window.ledger_opened, timeout=TIMEOUT):
        window.files.open(str(sample))
    assert kinds_in(sample) == [Kind.DAILY]  # backed up today already
    assert window.ledger is not None
    with window.ledger.session() as session:
        registry.get_or_create_commune(session, "04322", "Xã Yên Lạc")
    window.close()
    assert kinds_in(sample) == [Kind.CLOSE, Kind.DAILY]
    [closing] = [item for item in backups.automatic_backups(sample, Policy())
                 if item.kind is Kind.CLOSE]
    assert closing.record is not None and closing.record.contents.communes == (
        "Xã Yên Bình", "Xã Yên Lạc")


def test_a_backup_that_fails_its_check_is_shown_in_the_window(qtbot, settings, sample,
                                                              monkeypatch) -> None:
    monkeypatch.setattr(backups, "verify_copy", lambda copy, counts: backups.Verification(
        integrity="*** in database main *** Page 7: btreeInitPage() returns error code 11"))
    window = open_window(qtbot, settings, str(sample))
    assert window.banner.isVisible() and window.banner.property("tone") == "error"
    assert "không qua được kiểm tra" in window.banner.text()
    assert "btreeInitPage" in window.banner.text()
    assert kinds_in(sample) == []  # the failed copy is not kept…
    [record] = backups.history(sample, Policy())  # …but its failure is recorded
    assert not record.ok
    window.close_ledger()
    # Once copies check out again, the next opening makes today's backup, and all is well.
    monkeypatch.undo()
    window = open_window(qtbot, settings, str(sample))
    assert kinds_in(sample) == [Kind.DAILY]
    assert not window.banner.isVisible()
    window.close()


# -- File ▸ Sao lưu… and Khôi phục… ------------------------------------------------------------
def test_the_file_menu_has_back_up_and_restore(qtbot, settings, sample) -> None:
    window = open_window(qtbot, settings, str(sample))
    texts = [action.text().replace("&", "") for action in window.menu.file_menu.actions()]
    assert "Sao lưu…" in texts and "Khôi phục…" in texts
    window.close()


def test_a_reader_of_a_ledger_another_copy_writes_can_neither_back_up_nor_restore(
        qtbot, settings, sample, monkeypatch) -> None:
    other = OtherCopy(sample, "Lan")
    try:
        window = open_window(qtbot, settings, str(sample))  # the administrator, as a viewer
        assert window.actor is not None and window.actor.role == Role.VIEWER
        assert not window.menu.back_up.isEnabled() and not window.menu.restore.isEnabled()
        asked: list[str] = []
        monkeypatch.setattr(window.safety, "back_up", lambda ledger: asked.append("back up"))
        monkeypatch.setattr(window.safety, "ask_restore",
                            lambda ledger: asked.append("restore"))
        window.back_up()  # a shortcut or a stale menu cannot reach them either
        window.restore()
        assert asked == []
        window.close()
    finally:
        other.close()


def test_the_backup_dialog_writes_an_encrypted_copy(qtbot, settings, sample, tmp_path,
                                                    boxes) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    dialog = BackupDialog(sample, str(usb))
    qtbot.addWidget(dialog)
    dialog.encrypt.setChecked(True)
    assert dialog.target.text().endswith(".sqlite.enc")
    dialog.passphrase.setText("Hội LHPN xã")
    dialog.again.setText("Hội LHPN xa")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "không giống nhau" in dialog.notice.text()
    dialog.again.setText("Hội LHPN xã")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    target, passphrase = dialog.chosen()
    task = backup_dialogs.start_backup(dialog, sample, Policy(), target, passphrase)
    qtbot.waitUntil(lambda: task.result is not None, timeout=TIMEOUT)
    assert task.result.ok and task.result.encrypted
    assert [p.name for p in usb.iterdir()] == [target.name]
    assert boxes and "đã qua kiểm tra" in boxes[-1][1]


def test_the_restore_dialog_lists_backups_with_what_they_hold(qtbot, sample) -> None:
    backups.make_backup(sample, kind=Kind.DAILY, policy=Policy())
    dialog = RestoreDialog(sample, Policy(), can_replace=True)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    cells = [dialog.table.item(0, column).text() for column in range(5)]
    assert cells[0] == "23/11/2026 09:00" and cells[1] == "hằng ngày"
    assert cells[2] == "3 nhóm, buổi họp gần nhất 05/10/2026"
    assert cells[3].endswith("KB") and cells[4] == "đạt"
    assert dialog.new_path.text().endswith("-khoi-phuc-20261123.sqlite")
    choice = dialog.choice()
    assert choice == RestoreChoice(backup_rows(sample, Policy())[0].path, False,
                                   Path(dialog.new_path.text()), False)
    dialog.over.setChecked(True)
    assert dialog.choice().over and dialog.choice().target == sample


def test_restoring_over_the_open_ledger_backs_it_up_and_opens_it_again(
        qtbot, settings, sample, monkeypatch, boxes) -> None:
    window = open_window(qtbot, settings, str(sample))
    [daily] = backups.automatic_backups(sample, Policy())
    assert window.ledger is not None
    with window.ledger.session() as session:
        registry.get_or_create_commune(session, "04322", "Xã Yên Lạc")
    monkeypatch.setattr(window.safety, "ask_restore", lambda ledger: RestoreChoice(
        daily.path, True, sample, False))
    with qtbot.waitSignal(window.ledger_opened, timeout=TIMEOUT):
        window.restore()
    assert window.ledger is not None and not window.ledger.read_only
    with window.ledger.session() as session:
        assert session.scalars(text("SELECT code FROM communes")).all() == ["04321"]
    assert Kind.BEFORE_RESTORE in kinds_in(sample)
    assert Kind.CLOSE not in kinds_in(sample)  # the restore made its own backup
    window.close()


def test_restoring_into_a_new_file_offers_to_open_it(qtbot, settings, sample, tmp_path,
                                                     monkeypatch, boxes) -> None:
    window = open_window(qtbot, settings, str(sample))
    [daily] = backups.automatic_backups(sample, Policy())
    target = tmp_path / "khoi-phuc.sqlite"
    monkeypatch.setattr(window.safety, "ask_restore", lambda ledger: RestoreChoice(
        daily.path, False, target, False))
    with qtbot.waitSignal(window.ledger_opened, timeout=TIMEOUT):
        window.restore()
    assert window.ledger_path == str(target)
    assert "khoi-phuc.sqlite" in boxes[-1][1]
    window.close()


def test_restore_failures_are_told_in_vietnamese(qtbot, settings, sample, tmp_path,
                                                 monkeypatch, boxes) -> None:
    window = open_window(qtbot, settings, str(sample))
    bad = tmp_path / "hong.sqlite"
    bad.write_bytes(b"not a backup at all")
    monkeypatch.setattr(window.safety, "ask_restore", lambda ledger: RestoreChoice(
        bad, True, sample, False))
    with qtbot.waitSignal(window.ledger_opened, timeout=TIMEOUT):
        window.restore()  # refused, and the ledger is opened again as it was
    assert any("không phải bản sao lưu" in text for _title, text, _details in boxes)
    assert window.ledger is not None and not window.ledger.read_only
    window.close()


# -- a full disk, a read-only ledger ------------------------------------------------------------
@pytest.fixture
def hoa_sen(ledger) -> int:  # type: ignore[no-untyped-def]
    from conftest import make_hoa_sen

    with ledger.session() as session:
        return make_hoa_sen(session).id


def meeting_page(qtbot, ledger, group_id: int) -> MeetingPage:  # type: ignore[no-untyped-def]
    page = open_group_page(qtbot, MeetingPage, ledger, BOARD, group_id, focused=True)
    page.ask_date = lambda *args: MEETING_DAY
    page.confirm = lambda *args, **kwargs: True
    return page


def test_a_full_disk_while_typing_a_meeting_is_told_and_nothing_is_saved(
        qtbot, ledger, hoa_sen, monkeypatch) -> None:
    page = meeting_page(qtbot, ledger, hoa_sen)
    assert page.start_meeting()
    real_commit = Session.commit

    def disk_full(self: Session) -> None:
        raise sqlalchemy.exc.OperationalError(
            "COMMIT", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(Session, "commit", disk_full)
    go(page, 0, C.SHARES)
    type_keys(qtbot, "3")
    press(qtbot, Qt.Key.Key_Return)
    monkeypatch.setattr(Session, "commit", real_commit)
    said = page.said[-1]
    assert "đã đầy" in said and str(ledger.path) in said and "disk is full" not in said
    assert count_events(ledger, EventKind.SHARE_PURCHASE) == 0
    assert page.presenter.issue(0, C.SHARES) is not None  # what was typed stays, not saved
    # With room again, the same row goes in.
    go(page, 0, C.SHARES)
    type_keys(qtbot, "3")
    press(qtbot, Qt.Key.Key_Return)
    assert count_events(ledger, EventKind.SHARE_PURCHASE) == 1


def test_a_read_only_ledger_file_refuses_typing_with_a_sentence(qtbot, ledger, hoa_sen) -> None:
    with ledger.session() as session:
        from desktop.models import meetings
        from desktop.models.group import Group

        meetings.create_meeting(session, session.get(Group, hoa_sen), MEETING_DAY, BOARD)
    path = ledger.path
    read_only = open_ledger(path, access=Access.READ)
    try:
        page = meeting_page(qtbot, read_only, hoa_sen)
        go(page, 0, C.SHARES)
        type_keys(qtbot, "3")
        press(qtbot, Qt.Key.Key_Return)
        assert "chỉ để xem" in page.said[-1]
    finally:
        read_only.close()
    assert count_events(ledger, EventKind.SHARE_PURCHASE) == 0


def test_a_full_disk_in_background_work_is_told_in_vietnamese() -> None:
    import errno

    from desktop.views.dialogs import error_sentence

    sentence = error_sentence(OSError(errno.ENOSPC, "No space left on device",
                                      "/media/usb/so-quy.pdf"))
    assert "đã đầy" in sentence and "/media/usb/so-quy.pdf" in sentence
    assert "Something" not in sentence
