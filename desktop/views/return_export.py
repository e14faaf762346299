"""The commune side, in the window: write this commune's quarterly return to send upward
(the same file as ``commune-ledger export-return``, the figures of the commune's own
quarterly report)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from desktop.i18n import _
from desktop.models.clock import today
from desktop.models.database import Ledger
from desktop.models.indicators import Quarter
from desktop.presenters.returns_import import quarter_text
from desktop.progress import Progress
from desktop.views.dialogs import inform
from desktop.views.tasks import Task, run_task
from desktop.views.window_focus import run_modal
from desktop.workbooks.return_files import export_return

QUARTERS_OFFERED = 8


class ExportReturnDialog(QDialog):
    """Which quarter, and who prepares the return."""

    def __init__(self, parent: QWidget | None = None, prepared_by: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Quarterly return to send upward"))
        self.quarter = QComboBox()
        quarter = Quarter.containing(today()).previous()  # the quarter just ended
        for _index in range(QUARTERS_OFFERED):
            self.quarter.addItem(quarter_text(quarter), quarter)
            quarter = quarter.previous()
        self.prepared_by = QLineEdit(prepared_by)
        form = QFormLayout(self)
        form.addRow(_("Quarter"), self.quarter)
        form.addRow(_("Prepared by"), self.prepared_by)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen_quarter(self) -> Quarter:
        quarter = self.quarter.currentData()
        assert isinstance(quarter, Quarter)
        return quarter


def start_export(parent: QWidget | None, ledger: Ledger, quarter: Quarter, path: str | Path,
                 prepared_by: str = "",
                 done: Callable[[str], None] | None = None) -> Task:
    """Write the return in the background; ``done(message)`` (default: a message box)."""

    def work(_progress: Progress) -> int:
        _header, lines = export_return(ledger, quarter, path, prepared_by=prepared_by,
                                       prepared_on=today())
        return len(lines)

    def finished(count: int) -> None:
        message = _("The return for quarter {quarter} ({count} groups) was written to "
                    "{file}. Send this file to the office that consolidates the returns.")\
            .format(quarter=quarter_text(quarter), count=count, file=path)
        if done is not None:
            done(message)
        else:
            inform(parent, _("Quarterly return to send upward"), message)

    return run_task(parent, _("Writing the quarterly return"), work).on_success(finished).start()


def export_own_return(parent: QWidget | None, ledger: Ledger, prepared_by: str = "") -> None:
    """Ask for the quarter and the file, then write the commune's return."""
    dialog = ExportReturnDialog(parent, prepared_by)
    if not run_modal(dialog):
        return
    quarter = dialog.chosen_quarter()
    target, _filter = QFileDialog.getSaveFileName(
        parent, _("Save the quarterly return"), f"bao_cao_quy_{quarter}.xlsx",
        _("Excel workbooks (*.xlsx)"))
    if target:
        start_export(parent, ledger, quarter, target, dialog.prepared_by.text().strip())
