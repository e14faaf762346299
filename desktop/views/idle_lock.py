"""The window locks itself after an idle time (the ledger's setting, 10 minutes by default) and
asks the signed-in user's password again — without losing anything typed and not yet saved.

Idle means no key, click or wheel anywhere in the application: an event filter on the
application restarts a timer on each. Locking covers the window with ``UnlockDialog`` (the
books out of sight, every input blocked). A grid's open editor would save and close when the
dialog takes the keyboard (Qt's delegates commit on losing focus); the lock keeps it open by
holding back that one focus-out until the window is unlocked, then gives the editor its
keyboard again, the text as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from shiboken6 import isValid

if TYPE_CHECKING:
    from desktop.views.main_window import MainWindow
    from desktop.views.sign_in import UnlockDialog

_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                       QEvent.Type.Wheel, QEvent.Type.TouchBegin})


class _KeepFocus(QObject):
    """Swallows the focus-out that would make an open editor save and close."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return event.type() == QEvent.Type.FocusOut


class IdleLock(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.dialog: UnlockDialog | None = None
        self._kept: QWidget | None = None
        self._keeper = _KeepFocus(self)
        self._watching = False

    def start(self, minutes: int) -> None:
        """Watch for idleness (again) with ``minutes`` of patience."""
        self.timer.setInterval(max(minutes, 1) * 60_000)
        app = QApplication.instance()
        if app is not None and not self._watching:
            app.installEventFilter(self)
            self._watching = True
        if self.dialog is None:
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None and self._watching:
            app.removeEventFilter(self)
            self._watching = False

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.dialog is None and self.timer.isActive():
            self.timer.start()  # restart: the clerk is there
        return False

    def lock(self) -> None:
        """Cover the window and ask for the password; typing in progress stays as it is."""
        context = self.window.context
        if self.dialog is not None or context is None:
            return
        from desktop.views.sign_in import UnlockDialog

        self.timer.stop()
        focused = QApplication.focusWidget()
        if focused is not None and focused.window() is self.window:
            self._kept = focused
            focused.installEventFilter(self._keeper)
        dialog = UnlockDialog(context.ledger, context.actor, self.window)
        dialog.cover(self.window)
        self.dialog = dialog
        dialog.finished.connect(self._finished)
        dialog.open()

    def _finished(self, result: int) -> None:
        self.dialog = None
        kept, self._kept = self._kept, None
        if kept is not None and not isValid(kept):
            kept = None  # closed meanwhile (its page was closed)
        if kept is not None:
            kept.removeEventFilter(self._keeper)
        if result != QDialog.DialogCode.Accepted:
            self.window.close_ledger()
            return
        self.window.activateWindow()
        if kept is not None and kept.isVisible():
            kept.setFocus()
        self.timer.start()
