"""The "Printing and reports" menu: the group on screen gets its documents, made in the
background and shown in the print preview; the office's pages open from it."""

from __future__ import annotations

import pytest
from conftest import db_arg
from pypdf import PdfReader
from test_view_main_window import open_window, sample, settings, shown  # noqa: F401
from window_samples import MEETING_DAY

from desktop.views import print_preview
from desktop.views.consolidated_page import ConsolidatedPage
from desktop.views.returns_page import ReturnsPage

TIMEOUT = 10_000


@pytest.fixture(autouse=True)
def config(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COMMUNE_LEDGER_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture
def previews(monkeypatch):  # type: ignore[no-untyped-def]
    """PDFs handed to the preview, with their titles, instead of opening the dialog."""
    shown_pdfs: list[tuple[str, bytes]] = []

    def record(_parent, data, title, on_printed=None, suggested_name=""):  # type: ignore[no-untyped-def]
        shown_pdfs.append((title, bytes(data)))
        if on_printed is not None:
            on_printed()  # the clerk says the print came out right

    monkeypatch.setattr(print_preview, "open_print_preview", record)
    return shown_pdfs


def _text(data: bytes) -> str:
    import io

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_group_documents_need_a_group_on_screen(qtbot, settings, sample) -> None:  # noqa: F811
    window = open_window(qtbot, settings, sample[0])
    window.show_overview()
    window.reports._enable()
    assert not any(action.isEnabled() for action in window.reports._group_actions)
    window.open_group(sample[1].hoa_sen)
    window.reports._enable()
    assert all(action.isEnabled() for action in window.reports._group_actions)


def test_the_share_out_sheet_of_the_group_on_screen_is_previewed(
        qtbot, settings, sample, previews) -> None:  # noqa: F811
    window = open_window(qtbot, settings, sample[0])
    window.open_group(sample[1].hoa_sen)
    window.reports.shareout_sheet()
    qtbot.waitUntil(lambda: len(previews) == 1, timeout=TIMEOUT)
    title, data = previews[0]
    assert title == "Bảng tất toán chu kỳ"
    text = _text(data)
    assert "BẢNG TẤT TOÁN" in text and "Nguyễn Thị An" in text


def _close_the_meeting(path: str) -> None:
    from sqlalchemy import select

    from desktop.models import meetings
    from desktop.models.database import open_ledger
    from desktop.models.meeting import Meeting
    from desktop.models.permissions import SYSTEM

    ledger = open_ledger(path)
    with ledger.session() as session:
        meeting = session.scalar(select(Meeting).where(Meeting.date == MEETING_DAY))
        meetings.record_count(session, meeting,
                              meetings.cash_panel(session, meeting).expected_closing, "", SYSTEM)
        meetings.close_meeting(session, meeting, SYSTEM)
    ledger.close()


def test_passbooks_are_printed_from_their_dialog_and_marked_once_the_clerk_confirms(
        qtbot, settings, sample, previews, shown, monkeypatch) -> None:  # noqa: F811
    from PySide6.QtWidgets import QDialog

    from desktop.views.passbook_dialog import PassbookPrintDialog

    monkeypatch.setattr(PassbookPrintDialog, "exec",
                        lambda dialog: QDialog.DialogCode.Accepted)  # the group's new lines
    window = open_window(qtbot, settings, sample[0])
    window.open_group(sample[1].hoa_sen)
    window.reports.passbooks()  # the meeting is still open: nothing of it is printed yet
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=TIMEOUT)
    assert previews == []
    _close_the_meeting(sample[0])
    window.reports.passbooks()
    qtbot.waitUntil(lambda: len(previews) == 1, timeout=TIMEOUT)
    assert MEETING_DAY.strftime("%d/%m/%y") in _text(previews[0][1])  # booklet column
    window.reports.passbooks()  # nothing new since: said in a message, no preview
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=TIMEOUT)
    assert len(previews) == 1
    assert "Không có gì mới" in shown[1][1] or "không có" in shown[1][1].lower()


def test_the_office_pages_open_from_the_menu(qtbot, settings, sample) -> None:  # noqa: F811
    window = open_window(qtbot, settings, sample[0])
    window.show_page("returns")
    assert isinstance(window.current_page(), ReturnsPage)
    window.show_page("consolidated")
    assert isinstance(window.current_page(), ConsolidatedPage)


def test_print_settings_are_saved_in_the_ledger_and_show_the_words(qtbot, ledger) -> None:
    from desktop.models.print_settings import load_print_settings
    from desktop.views.print_settings_dialog import PrintSettingsDialog

    dialog = PrintSettingsDialog(ledger)
    qtbot.addWidget(dialog)
    assert dialog.sample.text() == ("Một triệu không trăm mười bốn nghìn không trăm hai mươi "
                                    "tư đồng")
    dialog.thousand.setCurrentText("ngàn")
    dialog.four.setCurrentText("bốn")
    assert "ngàn" in dialog.sample.text() and dialog.sample.text().endswith("hai mươi bốn đồng")
    dialog.passbook_format.setCurrentText("A5")
    dialog.offset_y.setValue(-2.5)
    dialog.preparer.setText("  Nguyễn   Thị Lan ")
    dialog.accept()
    with ledger.session() as session:
        saved = load_print_settings(session)
    assert (saved.passbook_format, saved.offset_y_mm, saved.preparer_name, saved.thousand_word,
            saved.four_word) == ("A5", -2.5, "Nguyễn Thị Lan", "ngàn", "bốn")


def test_once_a_cycle_is_closed_the_clerk_chooses_its_final_sheet(
        qtbot, ledger, settings, previews, monkeypatch) -> None:  # noqa: F811
    import datetime as dt

    from test_shareout import BOARD, hoa_sen_cycle

    from desktop.models.shareout import close_cycle
    from desktop.views import reports_menu

    with ledger.session() as session:
        group = hoa_sen_cycle(session, dung_owes=True)
        close_cycle(session, group, dt.date(2026, 9, 30), BOARD)
        group_id = group.id
    path = db_arg(ledger)
    ledger.close()
    offered: list[list[str]] = []

    def choose_the_closed_cycle(_parent, _title, _label, items, _current, _editable):  # type: ignore[no-untyped-def]
        offered.append(list(items))
        return items[1], True

    monkeypatch.setattr(reports_menu.QInputDialog, "getItem", choose_the_closed_cycle)
    window = open_window(qtbot, settings, path)
    window.open_group(group_id)
    window.reports.shareout_sheet()
    qtbot.waitUntil(lambda: len(previews) == 1, timeout=TIMEOUT)
    assert len(offered[0]) == 2 and "30/09/2026" in offered[0][1]  # current, then cycle 1
    text = _text(previews[0][1])
    assert "(đã tất toán)" in text and "Phạm Thị Dung" in text and "6.056.000" in text
