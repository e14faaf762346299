"""The print preview dialog (offscreen): pages shown, printing at true size, saving, the
passbook confirmation, and batch printing in the background with progress and Cancel."""

from __future__ import annotations

import threading

import pytest
from print_fixtures import hold_story, page_sizes_mm
from PySide6.QtPrintSupport import QPrinter

from desktop.i18n import _
from desktop.models.print_settings import PrintSettings
from desktop.printing.passbook import PassbookPdf, make_passbooks
from desktop.progress import Progress
from desktop.views import print_preview
from desktop.views.print_preview import (
    PrintPreviewDialog,
    open_print_preview,
    print_in_background,
)


@pytest.fixture
def passbook_pdf(session, hoa_sen) -> bytes:  # type: ignore[no-untyped-def]
    hold_story(session, hoa_sen)
    return make_passbooks(session, hoa_sen, PrintSettings()).data


def test_the_preview_shows_every_page_with_translated_buttons(qtbot, passbook_pdf) -> None:
    dialog = open_print_preview(None, passbook_pdf, _("Passbooks"))
    qtbot.addWidget(dialog)
    assert dialog.page_count == 4
    assert dialog.isVisible()
    assert dialog.print_button.text() == _("Print…")
    assert dialog.save_button.text() == _("Save PDF…")
    assert dialog.close_button.text() == _("Close")
    assert dialog.pages_label.text() == _("{count} pages").format(count=4)


def test_the_preview_opens_a_file_too(qtbot, passbook_pdf, tmp_path) -> None:
    path = tmp_path / "so.pdf"
    path.write_bytes(passbook_pdf)
    dialog = PrintPreviewDialog(None, path, "Sổ thành viên")
    qtbot.addWidget(dialog)
    assert dialog.page_count == 4 and dialog.data == passbook_pdf


def test_printing_puts_each_page_on_paper_of_its_size(qtbot, passbook_pdf, tmp_path) -> None:
    dialog = PrintPreviewDialog(None, passbook_pdf, "Sổ thành viên")
    qtbot.addWidget(dialog)
    printer = dialog.make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_document(printer) == 4
    printed = (tmp_path / "printed.pdf").read_bytes()
    assert page_sizes_mm(printed) == [(105, 148)] * 4


def test_a_page_range_prints_only_those_pages(qtbot, passbook_pdf, tmp_path) -> None:
    dialog = PrintPreviewDialog(None, passbook_pdf, "Sổ thành viên")
    qtbot.addWidget(dialog)
    printer = dialog.make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "two.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert dialog.print_document(printer) == 2


def test_save_pdf_writes_the_file_and_asks_to_record_the_print(qtbot, passbook_pdf, tmp_path,
                                                               monkeypatch) -> None:
    recorded: list[str] = []
    dialog = PrintPreviewDialog(None, passbook_pdf, "Sổ thành viên",
                                on_printed=lambda: recorded.append("yes"))
    qtbot.addWidget(dialog)
    target = tmp_path / "saved"
    monkeypatch.setattr(print_preview.QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), ""))
    monkeypatch.setattr(PrintPreviewDialog, "_ask_confirmation",
                        lambda self: self.confirm_printed())
    saved = dialog.save_with_dialog()
    assert saved == tmp_path / "saved.pdf"
    assert saved.read_bytes() == passbook_pdf
    dialog.confirm_printed()
    assert recorded == ["yes"]  # recorded once, however often confirmed


def test_batch_printing_runs_in_the_background_then_previews(qtbot, passbook_pdf) -> None:
    steps: list[int] = []
    confirmed: list[object] = []
    previews: list[PrintPreviewDialog] = []
    result = PassbookPdf(passbook_pdf, 4, [])

    def work(progress: Progress) -> PassbookPdf:
        assert threading.current_thread() is not threading.main_thread()
        for done in range(1, 5):
            progress.step(done, 4, "")
            steps.append(done)
        return result

    task = print_in_background(None, _("Printing passbooks"), work,
                               on_printed=confirmed.append, on_preview=previews.append)
    qtbot.waitUntil(lambda: bool(previews), timeout=10_000)
    dialog = previews[0]
    qtbot.addWidget(dialog)
    assert steps == [1, 2, 3, 4] and task.result is result
    assert dialog.page_count == 4
    dialog.confirm_printed()
    assert confirmed == [result]


def test_cancelling_a_batch_opens_no_preview(qtbot) -> None:
    started, release = threading.Event(), threading.Event()
    previews: list[PrintPreviewDialog] = []

    def work(progress: Progress) -> bytes:
        started.set()
        release.wait(10)
        progress.step(1, 10, "")  # the first step after Cancel stops the work
        return b"%PDF never shown"

    task = print_in_background(None, _("Printing passbooks"), work, on_preview=previews.append)
    assert started.wait(10)
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: task.was_cancelled, timeout=10_000)
    assert previews == []

