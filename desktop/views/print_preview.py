"""The print preview: a PDF made by ``desktop.printing`` shown page by page in the window,
then sent to a printer chosen in Qt's print dialog, or saved as a file.

Pages go to the printer at their true size from the paper's corner (full-page mode), so a
passbook line lands where the PDF puts it and continuation printing stays in register.

    open_print_preview(parent, pdf_bytes, _("Passbooks"), on_printed=mark)
    print_in_background(parent, _("Printing passbooks"), work, on_printed=mark)
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.progress import Progress
from desktop.views.dialogs import warn
from desktop.views.screen_fit import fit_to_screen
from desktop.views.tasks import Task, run_task

log = logging.getLogger(__name__)

MAX_PRINT_DPI = 300  # enough for text; a higher printer resolution only costs memory
_open_previews: set[PrintPreviewDialog] = set()  # keeps non-modal previews alive


def _pdf_bytes(result: Any) -> bytes:
    """A work's result is the PDF bytes, or an object carrying them in ``data``."""
    if isinstance(result, bytes | bytearray):
        return bytes(result)
    return bytes(result.data)


class PrintPreviewDialog(QDialog):
    """Pages of a PDF, with Print, Save PDF, zoom and Close."""

    def __init__(self, parent: QWidget | None, pdf: bytes | str | os.PathLike[str], title: str,
                 *, on_printed: Callable[[], None] | None = None,
                 suggested_name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        fit_to_screen(self, 900, 1000)  # the whole height, buttons in sight
        self._title = title
        self._on_printed = on_printed
        self._suggested_name = suggested_name or "in.pdf"
        self.data = pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()
        self.confirmed = False

        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(self.data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.pages_label = QLabel(_("{count} pages").format(count=self.document.pageCount()))
        self.zoom_out_button = QPushButton(_("Zoom out"))
        self.zoom_in_button = QPushButton(_("Zoom in"))
        self.fit_button = QPushButton(_("Fit width"))
        self.print_button = QPushButton(_("Print…"))
        self.save_button = QPushButton(_("Save PDF…"))
        self.close_button = QPushButton(_("Close"))
        self.print_button.setDefault(True)
        self.zoom_out_button.clicked.connect(lambda: self._zoom(1 / 1.25))
        self.zoom_in_button.clicked.connect(lambda: self._zoom(1.25))
        self.fit_button.clicked.connect(
            lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button.clicked.connect(self.save_with_dialog)
        self.close_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self.pages_label)
        buttons.addStretch(1)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button,
                       self.print_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.1, min(self.view.zoomFactor() * factor, 8.0)))

    # -- printing ---------------------------------------------------------------------------

    def make_printer(self) -> QPrinter:
        """A printer set to the first page's paper size, drawing from the paper's corner."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)
        printer.setDocName(self._title)
        if self.page_count:
            size = self.document.pagePointSize(0)
            portrait = size.width() <= size.height()
            paper = QSizeF(min(size.width(), size.height()), max(size.width(), size.height()))
            printer.setPageSize(QPageSize(paper, QPageSize.Unit.Point))
            printer.setPageOrientation(QPageLayout.Orientation.Portrait if portrait
                                       else QPageLayout.Orientation.Landscape)
        return printer

    def print_document(self, printer: QPrinter) -> int:
        """Render the pages chosen in ``printer`` (all by default); returns how many."""
        first, last = 0, self.page_count - 1
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first = printer.fromPage() - 1
            last = min(printer.toPage() - 1, last) if printer.toPage() > 0 else last
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        device_scale = printer.resolution() / dpi
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError(_("The printer could not be started."))
        printed = 0
        try:
            for index in range(first, last + 1):
                if printed:
                    printer.newPage()
                points = self.document.pagePointSize(index)
                pixels = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
                image = self.document.render(index, pixels)
                # True size from the paper's corner: 1 pt = 1/72 inch at any resolution.
                target = QRectF(QPointF(0, 0), QSizeF(pixels.width() * device_scale,
                                                      pixels.height() * device_scale))
                painter.drawImage(target, image)
                printed += 1
        finally:
            painter.end()
        return printed

    def print_with_dialog(self) -> bool:
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        dialog.setMinMax(1, max(self.page_count, 1))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            self.print_document(printer)
        except OSError as error:
            QMessageBox.warning(self, self._title, str(error))
            return False
        self._ask_confirmation()
        return True

    # -- saving -----------------------------------------------------------------------------

    def save_to(self, path: str | os.PathLike[str]) -> Path:
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(self.data)
        partial.replace(target)
        return target

    def save_with_dialog(self) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save PDF"), self._suggested_name, _("PDF files (*.pdf)"))
        if not path:
            return None
        try:
            saved = self.save_to(path)
        except OSError as error:
            QMessageBox.warning(self, self._title, _("Cannot save the file {file}: {reason}")
                                .format(file=path, reason=error.strerror or error))
            return None
        self._ask_confirmation()
        return saved

    def _ask_confirmation(self) -> None:
        """Passbooks: only the clerk knows the booklets came out right; ask before recording
        the lines as printed."""
        if self._on_printed is None or self.confirmed:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self._title,
                          _("Did the passbooks print correctly? If so, the lines will be "
                            "recorded as printed and the next print will continue after them."),
                          QMessageBox.StandardButton.NoButton, self)
        yes = box.addButton(_("Yes, record them"), QMessageBox.ButtonRole.YesRole)
        box.addButton(_("No, not yet"), QMessageBox.ButtonRole.NoRole)
        box.exec()
        if box.clickedButton() is yes:
            self.confirm_printed()

    def confirm_printed(self) -> None:
        """Record the print (calls ``on_printed`` once)."""
        if self._on_printed is not None and not self.confirmed:
            self.confirmed = True
            self._on_printed()

    def done(self, result: int) -> None:
        _open_previews.discard(self)
        super().done(result)


def open_print_preview(parent: QWidget | None, pdf_path_or_bytes: bytes | str | os.PathLike[str],
                       title: str, *, on_printed: Callable[[], None] | None = None,
                       suggested_name: str = "") -> PrintPreviewDialog:
    """Show a PDF in a (non-modal) preview with Print and Save PDF. ``on_printed`` runs, on
    the GUI thread, once the clerk confirms that the print came out (passbooks)."""
    dialog = PrintPreviewDialog(parent, pdf_path_or_bytes, title, on_printed=on_printed,
                                suggested_name=suggested_name)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    _open_previews.add(dialog)
    dialog.show()
    return dialog


def print_in_background(parent: QWidget | None, title: str, work: Callable[[Progress], Any], *,
                        on_printed: Callable[[Any], None] | None = None,
                        suggested_name: str = "",
                        on_preview: Callable[[PrintPreviewDialog], None] | None = None,
                        warnings: Callable[[Any], list[str]] | None = None) -> Task:
    """Make a PDF off the GUI thread (``work(progress)`` opens its own session and returns
    the bytes, or an object with ``data`` such as ``PassbookPdf``), with progress and
    Cancel; then preview it. ``on_printed(result)`` runs once the clerk confirms the print.
    ``warnings(result)``: sentences shown first (passbooks refused); an empty result (nothing
    new to print) is said in a message instead of a preview."""

    def show(result: Any) -> None:
        data = _pdf_bytes(result)
        said = warnings(result) if warnings is not None else []
        if said:
            warn(parent, title, "\n\n".join(said))
        if not data:
            if not said:
                box = QMessageBox(QMessageBox.Icon.Information, title,
                                  _("Nothing new to print: every passbook is up to date."),
                                  QMessageBox.StandardButton.NoButton, parent)
                box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
                box.exec()
            return
        confirm = (lambda: on_printed(result)) if on_printed is not None else None
        dialog = open_print_preview(parent, data, title, on_printed=confirm,
                                    suggested_name=suggested_name)
        if on_preview is not None:
            on_preview(dialog)

    return run_task(parent, title, work).on_success(show).start()
