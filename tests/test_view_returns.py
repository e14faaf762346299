"""The Returns and consolidated pages, offscreen: files dropped, imported in the background,
their problems shown; the consolidated tables, indicators, missing communes and charts."""

from __future__ import annotations

from pathlib import Path

from conftest import with_admin
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from return_builders import broken, valid_return

from desktop.models.permissions import SYSTEM
from desktop.models.returns import expect_commune
from desktop.presenters.consolidated import Column
from desktop.presenters.returns_import import FileState
from desktop.views.consolidated_page import ConsolidatedPage
from desktop.views.returns_page import ReturnsPage
from desktop.workbooks.return_files import import_returns


def wait_for_import(qtbot, page: ReturnsPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)


def test_dropped_files_are_listed_then_imported_with_their_status(qtbot, ledger, tmp_path):
    page = ReturnsPage(ledger)
    qtbot.addWidget(page)
    good = valid_return(tmp_path, "04321.xlsx")
    bad = broken(tmp_path, "Nhom", {"F2": 21}, name="04322.xlsx")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(bad))])
    page.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime,
                              Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    assert [row.state for row in page.files.rows] == [FileState.WAITING, FileState.WAITING]
    assert page.import_button.isEnabled()

    with qtbot.waitSignal(page.imported, timeout=20_000):
        page.start_import()
    wait_for_import(qtbot, page)
    assert [row.state for row in page.files.rows] == [FileState.IMPORTED, FileState.REFUSED]
    model = page.file_model
    assert model.data(model.index(0, 2)) == "04321 Xã Yên Bình"
    assert model.data(model.index(0, 3)) == "III/2026"
    # The refused file is selected and its problem shown, naming the cell.
    assert page.file_table.currentIndex().row() == 1
    assert page.problems.count() == 1 and "F2" in page.problems.item(0).text()
    assert [row.file for row in page.history_rows()] == ["04321.xlsx"]


def test_a_folder_added_twice_shows_the_replaced_return_in_the_history(qtbot, ledger,
                                                                       tmp_path):
    folder = tmp_path / "returns"
    folder.mkdir()
    valid_return(folder, "04321.xlsx")
    page = ReturnsPage(ledger)
    qtbot.addWidget(page)
    page.choose_folder = lambda: str(folder)
    for _round in range(2):
        page.add_folder()
        page.start_import()
        wait_for_import(qtbot, page)
    assert page.files.rows[0].state == FileState.REPLACED
    history = page.history_rows()
    assert [row.replaced for row in history] == [False, True]
    assert history[0].status != history[1].status


def test_the_blank_return_can_be_saved_from_the_page(qtbot, ledger, tmp_path):
    page = ReturnsPage(ledger)
    qtbot.addWidget(page)
    target = tmp_path / "mau.xlsx"
    page.choose_target = lambda: str(target)
    page.save_template()
    assert target.exists()


def load(qtbot, page: ConsolidatedPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loader.busy, timeout=20_000)


def test_the_consolidated_page_shows_communes_kinds_indicators_and_missing(qtbot, ledger,
                                                                          tmp_path):
    import_returns(ledger, [valid_return(tmp_path, "a.xlsx"),
                            valid_return(tmp_path, "b.xlsx", **{"Mã xã": "04322",
                                                                 "Tên xã": "Xã Tân Lập"})],
                   SYSTEM)
    with ledger.session() as session:
        expect_commune(session, "04329", "Xã Hòa Bình", actor=SYSTEM)
    page = ConsolidatedPage(ledger)
    qtbot.addWidget(page)
    load(qtbot, page)
    assert page.quarter_box.currentText() == "III/2026"
    communes = page.commune_model
    assert communes.rowCount() == 3  # two communes and the total
    assert communes.data(communes.index(0, Column.NAME)) == "04321 Xã Yên Bình"
    assert communes.data(communes.index(2, Column.MEMBERS)) == "190"
    assert communes.data(communes.index(2, Column.SAVINGS)) == "40.600.000"
    assert communes.data(communes.index(2, Column.FEMALE)) == "79"
    kinds = page.kind_model
    assert kinds.rowCount() == 4
    assert kinds.data(kinds.index(3, Column.GROUPS)) == "6"
    assert [page.missing.item(i).text() for i in range(page.missing.count())] == [
        "04329 Xã Hòa Bình"]
    labels = [card.label.text() for card in page.cards.cards]
    assert len(labels) == 6
    assert page.print_button.isEnabled()
    assert page.chart_layout.count() == 2


def test_an_empty_office_ledger_says_there_is_nothing_yet(qtbot, ledger):
    page = ConsolidatedPage(ledger)
    qtbot.addWidget(page)
    load(qtbot, page)
    assert page.commune_model.rowCount() == 0
    assert page.notice.isVisible() or page.notice.text()
    assert not page.print_button.isEnabled()


def test_the_office_can_add_a_commune_it_expects(qtbot, ledger):
    page = ConsolidatedPage(ledger)
    qtbot.addWidget(page)
    load(qtbot, page)

    def fill(dialog) -> int:  # type: ignore[no-untyped-def]
        dialog.code.setText("04330")
        dialog.name.setText("Xã Kim Sơn")
        return 1

    page.open_dialog = fill
    page.view_data = None
    page.expect_commune()
    load(qtbot, page)
    assert [page.missing.item(i).text() for i in range(page.missing.count())] == [
        "04330 Xã Kim Sơn"]


def test_paths_given_as_text_and_path_are_the_same_file(qtbot, ledger, tmp_path):
    page = ReturnsPage(ledger)
    qtbot.addWidget(page)
    path = valid_return(tmp_path)
    page.add_paths([str(path), Path(path)])
    assert len(page.files.rows) == 1


def test_the_commune_writes_its_own_return_from_the_window(qtbot, tmp_path):
    import datetime as dt

    from desktop.demo.generator import build_demo
    from desktop.models.database import open_new_ledger
    from desktop.models.indicators import Quarter
    from desktop.views.return_export import ExportReturnDialog, start_export
    from desktop.workbooks.quarterly_return import read_return

    commune = open_new_ledger(tmp_path / "commune.sqlite", with_admin)
    with commune.session() as session:
        build_demo(session, dt.date(2026, 11, 23))
    dialog = ExportReturnDialog(None, "Nguyễn Thị Hoa")
    qtbot.addWidget(dialog)
    assert dialog.chosen_quarter() == Quarter(2026, 3)  # the quarter just ended
    messages: list[str] = []
    target = tmp_path / "return.xlsx"
    task = start_export(None, commune, dialog.chosen_quarter(), target,
                        dialog.prepared_by.text(), done=messages.append)
    qtbot.waitUntil(lambda: bool(messages), timeout=20_000)
    assert task.error is None
    read = read_return(target)
    assert read.ok and read.header is not None
    assert (read.header.prepared_by, len(read.lines)) == ("Nguyễn Thị Hoa", 6)
    commune.close()
