"""Signing in when a window test opens a ledger: the sign-in dialog is answered as a clerk
would (name, password, OK) as soon as it shows."""

from __future__ import annotations

from conftest import TEST_ADMIN, TEST_PASSWORD
from PySide6.QtCore import QTimer

from desktop.views.main_window import MainWindow
from desktop.views.sign_in import SignInDialog


def answer_sign_in(window: MainWindow, name: str = TEST_ADMIN,
                   password: str = TEST_PASSWORD) -> QTimer:
    """Answer every sign-in the window asks (until the returned timer is stopped)."""
    timer = QTimer(window)
    timer.setInterval(5)

    def answer() -> None:
        dialog = window.sign_in_dialog
        if isinstance(dialog, SignInDialog) and dialog.task is None and \
                not dialog.name.text() and dialog.isVisible():
            dialog.name.setText(name)
            dialog.password.setText(password)
            dialog.accept()

    timer.timeout.connect(answer)
    timer.start()
    return timer
