"""The one helper for long work: off the GUI thread, with progress and Cancel.

    run_task(parent, _("Printing passbooks"), work).on_success(show).start()

``work(progress)`` runs on a worker thread. It must open its own session from the ``Ledger``
(sessions never cross threads) and return plain data, never ORM objects. Its result, or its
error, comes back on the GUI thread. A ``LedgerError`` is shown as its Vietnamese message; any
other exception as a short apology — never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from desktop.i18n import _
from desktop.progress import Cancelled, Progress
from desktop.views.window_focus import run_modal

log = logging.getLogger(__name__)
_running: set[Task] = set()  # keeps tasks alive until they finish


class _Worker(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self._work = work
        self.progress = Progress(lambda done, total, text: self.progressed.emit(done, total, text))

    def run(self) -> None:
        try:
            result = self._work(self.progress)
        except Cancelled:
            self.cancelled.emit()
        except Exception as error:  # handed to the GUI thread, shown as a message
            log.exception("background task failed")
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)


class Task(QObject):
    """A background job; configure with the fluent methods, then ``start()``."""

    finished = Signal()

    def __init__(self, parent: QWidget | None, title: str, work: Callable[[Progress], Any]):
        super().__init__(parent)
        self._parent = parent
        self._title = title
        self._thread = QThread()
        self._worker = _Worker(work)
        self._worker.moveToThread(self._thread)
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._show_progress = True
        self._dialog: QProgressDialog | None = None
        self._updating = 0  # how deep the GUI thread is in the dialog's setValue
        self.result: Any = None
        self.error: BaseException | None = None
        self.was_cancelled = False

    def on_success(self, callback: Callable[[Any], None]) -> Task:
        self._on_success = callback
        return self

    def on_failure(self, callback: Callable[[BaseException], None]) -> Task:
        self._on_failure = callback
        return self

    def without_progress(self) -> Task:
        self._show_progress = False
        return self

    @property
    def progress(self) -> Progress:
        return self._worker.progress

    def start(self) -> Task:
        if self._show_progress:
            dialog = QProgressDialog(self._title, _("Cancel"), 0, 0, self._parent)
            dialog.setWindowTitle(self._title)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)
            dialog.canceled.connect(self._worker.progress.cancel)
            self._dialog = dialog
        self._worker.progressed.connect(self._on_progress)
        self._worker.succeeded.connect(self._succeeded)
        self._worker.failed.connect(self._failed)
        self._worker.cancelled.connect(self._cancelled)
        self._thread.started.connect(self._worker.run)
        _running.add(self)
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._worker.progress.cancel()

    def _on_progress(self, done: int, total: int, text: str) -> None:
        dialog = self._dialog
        if dialog is None:
            return
        if text:
            dialog.setLabelText(text)
        dialog.setMaximum(max(total, 0))
        # Last: on a modal dialog setValue processes events, and the task may finish (and
        # drop its dialog) meanwhile. The dialog is then deleted only once setValue has
        # returned: Qt may carry out a deleteLater inside those events, and setValue would
        # go on in a deleted dialog (a crash of the whole application).
        self._updating += 1
        try:
            dialog.setValue(min(done, total) if total else 0)
        finally:
            self._updating -= 1
        if self._dialog is not dialog and not self._updating:
            dialog.deleteLater()

    def _finish(self) -> None:
        self._thread.quit()
        self._thread.wait()
        if self._dialog is not None:
            self._dialog.reset()
            if not self._updating:  # else _on_progress deletes it once setValue returns
                self._dialog.deleteLater()
            self._dialog = None
        _running.discard(self)
        self.finished.emit()

    def _succeeded(self, result: Any) -> None:
        self.result = result
        self._finish()
        if self._on_success is not None:
            self._on_success(result)

    def _cancelled(self) -> None:
        self.was_cancelled = True
        self._finish()

    def _failed(self, error: BaseException) -> None:
        from desktop.views.dialogs import error_sentence

        self.error = error
        self._finish()
        if self._on_failure is not None:
            self._on_failure(error)
            return
        message = error_sentence(error, widget=self._parent)
        box = QMessageBox(QMessageBox.Icon.Warning, self._title, message,
                          QMessageBox.StandardButton.NoButton, self._parent)
        box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
        run_modal(box)


def run_task(parent: QWidget | None, title: str, work: Callable[[Progress], Any]) -> Task:
    """A background task, not yet started: chain ``on_success(...)`` then ``start()``."""
    return Task(parent, title, work)


def running() -> list[Task]:
    """Tasks started and not finished yet (the window lets them end before it closes the
    ledger they read)."""
    return list(_running)
