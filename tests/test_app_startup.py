"""Starting the application: the window on the ledger, in the settings' language, with Qt's
own buttons in Vietnamese, and an apology (never a traceback) for an unforeseen error."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler

import pytest
from conftest import db_arg, shown_name
from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from window_samples import make_commune
from window_sign_in import answer_sign_in

from desktop import app as application
from desktop import cli
from desktop.i18n import _, set_language
from desktop.settings import Settings
from desktop.views.main_window import MainWindow
from desktop.views.qt_texts import apply_language

TIMEOUT = 10_000
Button = QDialogButtonBox.StandardButton


@pytest.fixture(autouse=True)
def config(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COMMUNE_LEDGER_CONFIG_DIR", str(tmp_path / "config"))
    yield
    set_language("vi")
    apply_language()


@pytest.fixture
def sample(ledger) -> str:  # type: ignore[no-untyped-def]
    make_commune(ledger)
    ledger.close()
    return db_arg(ledger)


@pytest.fixture
def shown(monkeypatch):  # type: ignore[no-untyped-def]
    boxes: list[tuple[str, str, str]] = []

    def record(box: QMessageBox) -> int:
        boxes.append((box.windowTitle(), box.text(), box.informativeText()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    return boxes


def test_the_window_opens_on_the_ledger_given(qtbot, sample) -> None:
    window = application.start_window(sample)
    qtbot.addWidget(window)
    answer_sign_in(window)
    qtbot.waitUntil(lambda: window.ledger is not None, timeout=TIMEOUT)
    assert window.isVisible()
    assert window.windowTitle() == f"Xã Yên Bình — {shown_name(sample)} — Sổ Quỹ Cộng Đồng"
    assert shown_name(sample) == "ledger.sqlite" or ":***@" in shown_name(sample)
    assert window.menu.menu_titles() == ["Tệp", "Xem", "In và báo cáo", "Công cụ", "Trợ giúp"]


def test_the_window_speaks_the_language_of_the_settings(qtbot, sample) -> None:
    Settings().language = "en"
    window = application.start_window(sample)
    qtbot.addWidget(window)
    answer_sign_in(window)
    qtbot.waitUntil(lambda: window.ledger is not None, timeout=TIMEOUT)
    assert window.menu.menu_titles() == ["File", "View", "Printing and reports", "Tools", "Help"]
    assert window.tree.texts()[0] == "Overview of Xã Yên Bình"


def test_qt_standard_buttons_and_menus_are_vietnamese(qtbot) -> None:
    application.make_application()
    box = QDialogButtonBox(Button.Ok | Button.Cancel | Button.Yes | Button.No | Button.Close)
    qtbot.addWidget(box)
    texts = [button.text() for button in box.buttons()]
    assert sorted(texts) == sorted(["Đồng ý", "Hủy", "Có", "Không", "Đóng"])
    field = QLineEdit()
    qtbot.addWidget(field)
    menu = field.createStandardContextMenu()
    assert "Sao chép" in [action.text().split("\t")[0] for action in menu.actions()]
    assert QLocale().language() == QLocale.Language.Vietnamese


def test_qt_standard_buttons_are_english_in_english(qtbot) -> None:
    application.make_application()
    set_language("en")
    apply_language()
    box = QDialogButtonBox(Button.Yes | Button.Cancel)
    qtbot.addWidget(box)
    assert sorted(button.text() for button in box.buttons()) == ["&Yes", "Cancel"]


def test_an_unforeseen_error_is_logged_and_met_with_a_short_apology(qtbot, shown,
                                                                    tmp_path) -> None:
    log_file = tmp_path / "commune-ledger.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    logging.getLogger().addHandler(handler)
    try:
        hook = application.ErrorHook(str(log_file))
        try:
            raise KeyError("member 42")
        except KeyError as error:
            hook(type(error), error, error.__traceback__)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    title, text, details = shown[0]
    assert (title, text) == ("Xin lỗi", "Xin lỗi, đã có lỗi ngoài dự kiến. Việc bạn vừa làm "
                                        "có thể chưa được lưu; xin kiểm tra lại rồi làm lại.")
    assert "Traceback" not in text + details and "KeyError" not in text + details
    assert details == _("The details were written to {file}.").format(file=str(log_file))
    assert "KeyError: 'member 42'" in log_file.read_text(encoding="utf-8")


def test_run_gui_installs_the_error_hook_and_returns_when_the_window_closes(
        qtbot, sample, monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    before = set(logging.getLogger().handlers)
    seen: dict[str, object] = {}

    def close_when_open() -> None:
        windows = [widget for widget in QApplication.topLevelWidgets()
                   if isinstance(widget, MainWindow) and widget.isVisible()]
        if windows and "answering" not in seen:
            seen["answering"] = answer_sign_in(windows[0])
        if windows and windows[0].ledger is not None:
            seen["tree"] = windows[0].tree.texts()[0]
            seen["hook"] = sys.excepthook
            windows[0].close()
        else:
            QTimer.singleShot(10, close_when_open)

    QTimer.singleShot(0, close_when_open)
    try:
        status = application.run_gui(sample)
    finally:
        for handler in set(logging.getLogger().handlers) - before:
            logging.getLogger().removeHandler(handler)
            handler.close()
    assert status == 0
    assert seen["tree"] == "Tổng quan Xã Yên Bình"
    assert isinstance(seen["hook"], application.ErrorHook)
    assert Settings().last_ledger == sample


def test_the_log_goes_to_the_configuration_folder(tmp_path) -> None:
    before = set(logging.getLogger().handlers)
    try:
        path = application.setup_logging()
        added = set(logging.getLogger().handlers) - before
        assert path == str(tmp_path / "config" / "commune-ledger.log")
        assert any(isinstance(handler, RotatingFileHandler) for handler in added)
    finally:
        for handler in set(logging.getLogger().handlers) - before:
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_the_command_without_a_subcommand_opens_the_window(monkeypatch) -> None:
    opened: list[str | None] = []
    monkeypatch.setattr(application, "run_gui", lambda db: opened.append(db) or 0)
    assert cli.main(["--db", "xa-yen-binh.sqlite"]) == 0
    assert opened == ["xa-yen-binh.sqlite"]


def test_a_database_failure_in_the_window_is_said_in_the_clerks_words(qtbot, tmp_path,
                                                                     shown) -> None:
    """What the database said (here: another clerk's save at the same instant on a server),
    not the apology for a fault of the program, and never the password."""
    import sqlalchemy.exc

    class SameMoment(Exception):
        sqlstate = "40P01"

    SameMoment.__module__ = "psycopg.errors"  # as the PostgreSQL driver raises it

    window = QWidget()  # the main window, as far as the hook looks at it
    qtbot.addWidget(window)
    window.ledger_path = "postgresql+psycopg://ledger:bi-mat@127.0.0.1:5432/xa"  # type: ignore[attr-defined]
    hook = application.ErrorHook(str(tmp_path / "log.txt"), window)
    error = sqlalchemy.exc.OperationalError("INSERT", {}, SameMoment("deadlock detected"))
    hook(type(error), error, None)
    _title, text, _details = shown[0]
    assert text.startswith("Người khác đang lưu đúng những số liệu này")
    assert "ledger:***@127.0.0.1" in text and "bi-mat" not in text
