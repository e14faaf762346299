"""The suite's own guard: an unanswered dialog is closed and named, never waited on forever."""

from __future__ import annotations

from modal_watchdog import ModalWatchdog
from PySide6.QtWidgets import QMessageBox


def test_an_unanswered_message_box_is_closed_and_named(qtbot) -> None:
    watchdog = ModalWatchdog(limit=0.2)
    box = QMessageBox(QMessageBox.Icon.Critical, "Không mở được sổ", "Không tìm thấy tệp.")
    qtbot.addWidget(box)
    try:
        box.exec()  # returns only because the watchdog closes it
    finally:
        watchdog.stop()
    assert watchdog.closed == ["QMessageBox 'Không mở được sổ' 'Không tìm thấy tệp.' ''"]


def test_no_dialog_means_nothing_recorded(qtbot) -> None:
    watchdog = ModalWatchdog(limit=0.2)
    qtbot.wait(1200)
    watchdog.stop()
    assert watchdog.closed == []
