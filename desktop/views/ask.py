"""Small questions the grids ask: a reason (reopening a meeting, allowing a loan above the
limits, a member leaving) and a date (a new meeting). Buttons in the app's language, and the
answer is refused until it is given."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.views.window_focus import run_modal


class DateField(QDateEdit):
    """A date field shown dd/mm/yyyy with a calendar. Tab and Shift+Tab leave it, as they
    leave every other field: Qt's own date field walks day → month → year with Tab, so the
    next thing typed (a member code, an amount) would change the date instead. Within the
    field, typing the digits or "/" moves from day to month to year, and ←/→ do too."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


def date_edit(day: dt.date, parent: QWidget | None = None) -> QDateEdit:
    """A ``DateField`` showing ``day``."""
    edit = DateField(QDate(day.year, day.month, day.day), parent)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    return edit


def read_date(edit: QDateEdit) -> dt.date:
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


def buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(dialog)
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setDefault(True)  # Enter in any field confirms what the dialog shows
    box.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class ReasonDialog(QDialog):
    """Asks for a reason; OK stays disabled until something is written."""

    def __init__(self, parent: QWidget | None, title: str, question: str, ok_text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(question)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(self.fontMetrics().height() * 4)
        layout.addWidget(self.text)
        box = buttons(self, ok_text)
        layout.addWidget(box)
        ok = box.buttons()[0]
        ok.setEnabled(False)
        self.text.textChanged.connect(
            lambda: ok.setEnabled(bool(self.text.toPlainText().strip())))
        self.resize(420, self.sizeHint().height())

    def reason(self) -> str:
        return self.text.toPlainText().strip()


def ask_reason(parent: QWidget | None, title: str, question: str, ok_text: str) -> str | None:
    """The reason typed, or ``None`` when the user cancelled."""
    dialog = ReasonDialog(parent, title, question, ok_text)
    return dialog.reason() if run_modal(dialog) == QDialog.DialogCode.Accepted else None


def ask_date(parent: QWidget | None, title: str, question: str, day: dt.date) -> dt.date | None:
    """A date chosen (proposed: ``day``), or ``None`` when the user cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel(question))
    edit = date_edit(day, dialog)
    layout.addWidget(edit)
    layout.addWidget(buttons(dialog, _("OK")))
    return read_date(edit) if run_modal(dialog) == QDialog.DialogCode.Accepted else None
