"""Message and question boxes with Vietnamese button words.

Qt ships no Vietnamese translation, so every button here carries its own text through
``_()``: "Đồng ý", "Hủy", "Có", "Không", "Đóng". Use these helpers instead of the static
``QMessageBox.question(...)`` and friends, whose buttons would stay English.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QAbstractButton, QLabel, QMessageBox, QWidget

from desktop.i18n import _
from desktop.models.errors import LedgerError
from desktop.views.window_focus import run_modal

log = logging.getLogger(__name__)

Icon = QMessageBox.Icon
Role = QMessageBox.ButtonRole


def _box(parent: QWidget | None, icon: Icon, title: str, text: str,
         details: str = "") -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    if details:
        box.setInformativeText(details)
    return box


def _run(box: QMessageBox) -> QAbstractButton | None:
    run_modal(box)
    return box.clickedButton()


def inform(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """A message with one "Đóng" button."""
    box = _box(parent, Icon.Information, title, text, details)
    box.setDefaultButton(box.addButton(_("Close"), Role.AcceptRole))
    _run(box)


def warn(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """A warning with one "Đồng ý" button."""
    box = _box(parent, Icon.Warning, title, text, details)
    box.setDefaultButton(box.addButton(_("OK"), Role.AcceptRole))
    _run(box)


def confirm(parent: QWidget | None, title: str, text: str, details: str = "", *,
            default_yes: bool = False) -> bool:
    """A yes/no question ("Có" / "Không"); True for yes. Escape answers no."""
    box = _box(parent, Icon.Question, title, text, details)
    yes = box.addButton(_("Yes"), Role.YesRole)
    no = box.addButton(_("No"), Role.NoRole)
    box.setDefaultButton(yes if default_yes else no)
    box.setEscapeButton(no)
    return _run(box) is yes


def ok_cancel(parent: QWidget | None, title: str, text: str, details: str = "") -> bool:
    """Go ahead or not ("Đồng ý" / "Hủy"); True for OK. Escape cancels."""
    box = _box(parent, Icon.Question, title, text, details)
    ok = box.addButton(_("OK"), Role.AcceptRole)
    cancel = box.addButton(_("Cancel"), Role.RejectRole)
    box.setDefaultButton(ok)
    box.setEscapeButton(cancel)
    return _run(box) is ok


def error_sentence(error: BaseException, file: str = "",
                   widget: QWidget | None = None) -> str:
    """What to tell the clerk about ``error``: a refusal's own sentence; a full, read-only or
    failing disk in the words the command line uses too (``system_errors``), naming ``file``
    (default: the ledger open in ``widget``'s window); anything else a short apology (the
    details go to the log, never a traceback)."""
    from desktop.models.system_errors import describe
    from desktop.views.failures import disk_sentence

    if isinstance(error, LedgerError):
        return str(error)
    sentence = describe(error, file) if file else disk_sentence(error, widget)
    if sentence is not None:  # the disk or the database: no fault of the program
        log.warning("disk or database error shown to the user", exc_info=error)
        return sentence
    log.error("error shown to the user", exc_info=error)
    return _("Something went wrong and the work was not finished. Nothing was changed.")


def show_error(parent: QWidget | None, title: str, error: BaseException) -> None:
    """Tell the clerk what went wrong, in one sentence (``error_sentence``)."""
    warn(parent, title, error_sentence(error, widget=parent))


def problem_label() -> QLabel:
    """The red line where a dialog says what is wrong with what was typed (wrapped)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    return label
