"""The window on the commonest commune laptop, 1366×768 less a taskbar: the main window and
every dialog open inside the screen, a print preview shows its buttons, the consolidated page
and the meeting sheets are not cut on the right, and a meeting sheet keeps its members' code
and name in sight while the money columns scroll.

The tests run on Qt's offscreen screen, so the free area of the laptop's screen is given to
``screen_fit`` (the one place the window asks); the same window was looked at under
``Xvfb -screen 0 1366x768x24``."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from conftest import db_arg
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from return_builders import valid_return
from window_samples import make_commune
from window_sign_in import answer_sign_in

from desktop.models import registry
from desktop.models.group import Group
from desktop.models.permissions import SYSTEM, Actor, Role
from desktop.settings import Settings
from desktop.views import screen_fit
from desktop.views.ask import ReasonDialog
from desktop.views.commune_dialog import CommuneDialog
from desktop.views.consolidated_page import ConsolidatedPage, ExpectCommuneDialog
from desktop.views.main_window import MainWindow
from desktop.views.meeting_page import MeetingPage
from desktop.views.print_preview import PrintPreviewDialog
from desktop.views.print_settings_dialog import PrintSettingsDialog
from desktop.views.return_export import ExportReturnDialog
from desktop.workbooks.return_files import import_returns

LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 less a 40-pixel taskbar
ROOM = QSize(LAPTOP.width() - screen_fit.FRAME_ALLOWANCE.width(),
             LAPTOP.height() - screen_fit.FRAME_ALLOWANCE.height())
TIMEOUT = 10_000
CLERK = Actor("Chị Lan", Role.CLERK)


@pytest.fixture(autouse=True)
def laptop(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(screen_fit, "available_area", lambda widget=None: QRect(LAPTOP))
    monkeypatch.setenv("COMMUNE_LEDGER_CONFIG_DIR", str(tmp_path / "config"))


def fits(size: QSize) -> bool:
    """``size`` and a window frame around it fit the laptop's free area."""
    return size.width() <= ROOM.width() and size.height() <= ROOM.height()


def open_window(qtbot, tmp_path, db: str | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(Settings(tmp_path / "config" / "settings.json"))
    qtbot.addWidget(window)
    window.show()
    answer_sign_in(window)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.start(db)
    return window


def test_the_main_window_opens_inside_the_laptop_screen(qtbot, tmp_path) -> None:
    window = open_window(qtbot, tmp_path)
    assert fits(window.size()), window.size()
    assert window.width() >= 1300  # and uses its width


def test_the_meeting_sheets_of_every_kind_fit_beside_the_tree(qtbot, ledger, tmp_path) -> None:
    ids = make_commune(ledger)
    path = db_arg(ledger)
    ledger.close()
    window = open_window(qtbot, tmp_path, path)
    for group_id in (ids.hoa_sen, ids.binh_an, ids.club):
        window.open_group(group_id)
        page = window.current_page()
        index = next(number for number, entry in enumerate(page.tab_entries)  # type: ignore[union-attr]
                     if entry.title_msgid == "Meeting sheet")
        page.set_current_tab(index)  # type: ignore[union-attr]
        sheet = page.tab_widget(index)  # type: ignore[union-attr]
        assert isinstance(sheet, MeetingPage)
        assert fits(window.minimumSizeHint()), window.minimumSizeHint()
        assert fits(window.size())
        # Beside the tree at its usual width, the sheet is not squeezed past its minimum.
        room = window.width() - 320 - 40
        assert sheet.minimumSizeHint().width() <= room, sheet.minimumSizeHint()


def pdf() -> bytes:
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=A4)
    sheet.drawString(100, 700, "Bảng tất toán")
    sheet.showPage()
    sheet.save()
    return out.getvalue()


def test_a_print_preview_fits_the_screen_with_its_buttons_in_sight(qtbot) -> None:
    dialog = PrintPreviewDialog(None, pdf(), "Bảng tất toán")
    qtbot.addWidget(dialog)
    assert fits(dialog.size()), dialog.size()
    assert dialog.height() >= ROOM.height() - 1  # as tall as the screen allows, for the page
    dialog.show()
    qtbot.waitExposed(dialog)
    for button in (dialog.print_button, dialog.save_button, dialog.close_button):
        corner = button.mapTo(dialog, button.rect().bottomRight())
        assert dialog.rect().contains(corner)


def test_every_dialog_fits_the_screen(qtbot, ledger) -> None:
    with ledger.session() as session:
        commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
        registry.create_group(session, commune, code="HS01", name="Nhóm TK&VV Hoa Sen",
                              kind="VSLA", start_date=dt.date(2026, 1, 1), actor=SYSTEM,
                              share_value=20_000)
        assert session.get(Group, 1) is not None
    dialogs: list[QDialog] = [
        ReasonDialog(None, "Mở lại buổi họp", "Vì sao phải mở lại buổi họp?", "Mở lại"),
        CommuneDialog(None), ExpectCommuneDialog(None), ExportReturnDialog(None, "Chị Hoa"),
        PrintSettingsDialog(ledger),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        screen_fit.fit_dialog(dialog)
        assert fits(dialog.minimumSizeHint()), (type(dialog).__name__,
                                                dialog.minimumSizeHint())
        assert fits(dialog.size() if dialog.testAttribute(Qt.WidgetAttribute.WA_Resized)
                    else dialog.sizeHint()), type(dialog).__name__


def test_a_dialog_asked_larger_than_the_screen_is_shrunk_to_it(qtbot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.resize(900, 1000)
    screen_fit.fit_dialog(dialog)
    assert dialog.size() == QSize(900, ROOM.height())


def test_the_consolidated_page_is_not_cut_on_the_right(qtbot, ledger, tmp_path) -> None:
    import_returns(ledger, [valid_return(tmp_path, "a.xlsx")], SYSTEM)
    path = db_arg(ledger)
    ledger.close()
    window = open_window(qtbot, tmp_path, path)
    window.show_page("consolidated")
    page = window.current_page()
    assert isinstance(page, ConsolidatedPage)
    qtbot.waitUntil(lambda: page.view_data is not None, timeout=TIMEOUT)
    window.splitter.setSizes([320, window.width() - 320])
    QApplication.processEvents()
    body = page.widget()
    assert body.width() <= page.viewport().width()  # nothing to scroll sideways to
    assert body.height() <= page.viewport().height()  # the tables' own scroll bars in sight


def grid_sheet(qtbot, ledger) -> MeetingPage:  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        group_id = make_commune_club(session)
    sheet = MeetingPage(context_for(ledger), group_id)
    qtbot.addWidget(sheet)
    sheet.resize(700, 500)  # narrower than the sheet's columns: they scroll
    sheet.show()
    qtbot.waitExposed(sheet)
    sheet.ask_date = lambda *args: dt.date(2026, 11, 20)
    sheet.confirm = lambda *args, **kwargs: True
    assert sheet.start_meeting()
    qtbot.waitUntil(lambda: sheet.grid.verticalScrollBar().maximum() > 10)  # rows laid out
    return sheet


def make_commune_club(session) -> int:  # type: ignore[no-untyped-def]
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    club = registry.create_group(session, commune, code="LT01", name="CLB Thôn Tây",
                                 kind="ISHC", start_date=dt.date(2026, 1, 1), actor=SYSTEM,
                                 seed_capital=50_000_000)
    for number in range(1, 31):
        registry.add_member(session, club, code=f"TV{number:02d}",
                            full_name=f"Nguyễn Thị Hội Viên Số {number:02d}",
                            join_date=dt.date(2026, 1, 1), actor=SYSTEM)
    session.flush()
    return int(club.id)


def context_for(ledger):  # type: ignore[no-untyped-def]
    from desktop.views.context import PageContext

    return PageContext(ledger, CLERK, status=lambda text: None, ledger_changed=lambda: None)


def test_the_meeting_grid_keeps_code_and_name_in_sight_while_the_amounts_scroll(
        qtbot, ledger) -> None:
    sheet = grid_sheet(qtbot, ledger)
    grid, frozen = sheet.grid, sheet.grid.frozen
    assert frozen is not None and frozen.isVisible()
    name = sheet.presenter.position(sheet.presenter.Column.NAME)
    assert [frozen.isColumnHidden(column) for column in range(name + 2)] == [
        False] * (name + 1) + [True]
    assert frozen.width() == sum(grid.columnWidth(column) for column in range(name + 1))
    bar = grid.horizontalScrollBar()
    assert bar.maximum() > 0  # the money columns do not fit: they scroll
    bar.setValue(bar.maximum())
    assert frozen.geometry().left() == grid.viewport().geometry().left()  # still there
    # Same rows: scrolled down together, one row height, one selection.
    grid.verticalScrollBar().setValue(10)
    qtbot.waitUntil(lambda: frozen.verticalScrollBar().value() == 10)
    assert frozen.verticalHeader().defaultSectionSize() == \
        grid.verticalHeader().defaultSectionSize()
    assert frozen.selectionModel() is grid.selectionModel()
    assert frozen.rowViewportPosition(12) == grid.rowViewportPosition(12)
    # Back to the first amount with the keyboard: it comes out from under the names.
    first_amount = grid.model().index(12, name + 2)
    grid.setCurrentIndex(first_amount)
    assert grid.visualRect(first_amount).left() >= frozen.width()
    # The totals row keeps its label in sight too.
    assert sheet.footer.frozen is not None and sheet.footer.frozen.width() == frozen.width()


def test_the_frozen_columns_follow_a_column_resized(qtbot, ledger) -> None:
    sheet = grid_sheet(qtbot, ledger)
    grid, frozen = sheet.grid, sheet.grid.frozen
    assert frozen is not None
    code = sheet.presenter.position(sheet.presenter.Column.CODE)
    grid.setColumnWidth(code, grid.columnWidth(code) + 30)
    assert frozen.columnWidth(code) == grid.columnWidth(code)
    assert frozen.width() == frozen.width_frozen()
    assert isinstance(frozen.parentWidget(), QWidget)
