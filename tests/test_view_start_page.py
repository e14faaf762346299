"""The first run, as a clerk meets it: no ledger yet, and nothing made behind her back. The
start page offers to open a ledger, make a new one, or try the demo ledger (kept apart from
her own books); a path that is not a ledger is refused with its full path (issue 9 item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from window_sign_in import answer_sign_in

from desktop.models.database import default_db_path
from desktop.models.ledger_file import FileKind, probe
from desktop.settings import Settings
from desktop.views.ledger_files import demo_path
from desktop.views.main_window import MainWindow
from desktop.views.start_page import StartPage

TIMEOUT = 60_000  # the demo ledger is built on the first click


@pytest.fixture(autouse=True)
def own_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "data"))
    monkeypatch.setenv("COMMUNE_LEDGER_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture
def shown(monkeypatch):  # type: ignore[no-untyped-def]
    """Message boxes are recorded (title, text), answered with the first button."""
    boxes: list[tuple[str, str]] = []

    def record(box: QMessageBox) -> int:
        boxes.append((box.windowTitle(), box.text()))
        if box.buttons():
            box.buttons()[0].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    return boxes


def first_run(qtbot, tmp_path: Path, db: str | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(Settings(tmp_path / "config" / "settings.json"))
    qtbot.addWidget(window)
    window.show()
    answer_sign_in(window)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.start(db)
    return window


def test_the_first_run_shows_the_ways_to_begin_and_makes_no_ledger(qtbot, tmp_path) -> None:
    window = first_run(qtbot, tmp_path)
    page = window.pages.currentWidget()
    assert isinstance(page, StartPage)
    assert [page.open_button.text(), page.create_button.text(), page.demo_button.text()] == [
        "Mở sổ dữ liệu…", "Tạo sổ dữ liệu mới…", "Dùng thử sổ dữ liệu mẫu"]
    assert "sổ dữ liệu mẫu" in page.intro.text()
    assert not default_db_path().exists() and not demo_path().exists()


@pytest.mark.sqlite_only("the window's demo ledger is a file in the data folder")
def test_trying_the_demo_builds_it_beside_the_default_ledger_and_opens_it(qtbot,
                                                                         tmp_path) -> None:
    window = first_run(qtbot, tmp_path)
    page = window.pages.currentWidget()
    assert isinstance(page, StartPage)
    with qtbot.waitSignal(window.ledger_opened, timeout=TIMEOUT):
        qtbot.mouseClick(page.demo_button, Qt.MouseButton.LeftButton)
    assert window.ledger_path == str(demo_path())
    assert demo_path().parent == default_db_path().parent
    assert window.tree.texts()[0] == "Tổng quan Xã Yên Bình"
    assert probe(demo_path()) is FileKind.LEDGER
    assert not default_db_path().exists()  # the clerk's own ledger is not the demo
    assert sorted(p.name for p in demo_path().parent.iterdir() if p.name.startswith(".")) == []


@pytest.mark.sqlite_only("a mistyped file name; a server's twin is in test_server_ledger.py")
def test_a_missing_ledger_given_to_the_window_is_refused_not_made(qtbot, tmp_path,
                                                                  shown) -> None:
    typo = tmp_path / "so-qyu.sqlite"
    window = first_run(qtbot, tmp_path, str(typo))
    assert isinstance(window.pages.currentWidget(), StartPage)
    assert shown[-1] == ("Không mở được sổ dữ liệu", f"Không có tệp sổ dữ liệu {typo}.")
    assert not typo.exists()


@pytest.mark.sqlite_only("an empty file")
def test_an_empty_file_given_to_the_window_is_refused_and_stays_empty(qtbot, tmp_path,
                                                                      shown) -> None:
    empty = tmp_path / "so.sqlite"
    empty.touch()
    window = first_run(qtbot, tmp_path, str(empty))
    assert isinstance(window.pages.currentWidget(), StartPage)
    assert shown[-1][1] == (f"Tệp {empty} trống, không phải là sổ dữ liệu của Sổ Quỹ Cộng "
                            "Đồng.")
    assert empty.read_bytes() == b""
