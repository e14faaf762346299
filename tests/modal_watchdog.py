"""A dialog nobody answers must fail its test, not hang the run.

A test that unexpectedly ends in a modal dialog (an error box the test did not foresee) would
wait in ``exec()`` for a click that never comes, and CI would stop at its time limit with no
word of which test or why. While a Qt test runs, a timer looks at the application's modal
widget; one left open longer than ``LIMIT`` seconds is recorded (title and text) and
closed, and the test fails naming it. Tests that answer their dialogs do so within
milliseconds, so the limit is far above anything a passing test needs.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

LIMIT = 30.0  # seconds a modal dialog may stay unanswered
LOOK_EVERY_MS = 500


def describe(widget: QWidget) -> str:
    words = [type(widget).__name__, repr(widget.windowTitle())]
    if isinstance(widget, QMessageBox):
        words += [repr(widget.text()), repr(widget.informativeText())]
    return " ".join(words)


class ModalWatchdog:
    def __init__(self, limit: float = LIMIT) -> None:
        self.limit = limit
        self.closed: list[str] = []
        self._seen: QWidget | None = None
        self._since = 0.0
        self._timer = QTimer()
        self._timer.setInterval(LOOK_EVERY_MS)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def _look(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or widget is not self._seen:
            self._seen, self._since = widget, time.monotonic()
            return
        if time.monotonic() - self._since < self.limit:
            return
        self.closed.append(describe(widget))
        self._seen = None
        if isinstance(widget, QDialog):
            widget.done(QDialog.DialogCode.Rejected)
        else:
            widget.close()

    def stop(self) -> None:
        self._timer.stop()
        self._timer.deleteLater()
