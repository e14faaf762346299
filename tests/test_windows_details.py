"""What bites on a commune's Windows laptop, tested here as far as Linux allows (issue 11):

- paths with Vietnamese letters and spaces (``C:\\Users\\Hương\\Tài liệu\\Sổ quỹ.soquy``): the
  ledger, the copy made before a migration, a backup, the log and the printed PDF;
- the data folder under ``%APPDATA%`` (the platform and environment stood in for);
- a ledger on a USB stick that is pulled out: a plain Vietnamese sentence naming the ledger,
  and the ledger as it was once the stick is back;
- screens at 125 % and 150 % (``QT_SCALE_FACTOR`` on a 1920×1080 laptop): the window and its
  dialogs (the sign-in and the first administrator's among them) fit, no button is cut, the
  text is drawn larger;
- the printer chosen in Qt's own print dialog (Windows' list of printers).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from conftest import with_admin
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from sqlalchemy import event, func, select
from window_samples import make_commune
from window_sign_in import answer_sign_in

from desktop.app import ErrorHook
from desktop.cli import main
from desktop.logbook import LOG_FILE, setup_logging
from desktop.models import database
from desktop.models.backups import FOLDER_NAME, Kind, Policy, make_backup
from desktop.models.database import default_db_path, open_ledger, open_new_ledger
from desktop.models.journal import JournalLine
from desktop.settings import Settings, config_dir
from desktop.views.ledger_files import demo_path
from desktop.views.main_window import MainWindow
from desktop.views.print_preview import PrintPreviewDialog

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 10_000


@pytest.fixture
def documents(tmp_path: Path) -> Path:
    folder = tmp_path / "Users" / "Hương" / "Tài liệu" / "Sổ sách của xã"
    folder.mkdir(parents=True)
    return folder


# -- paths -------------------------------------------------------------------------------------

def test_a_ledger_its_copies_and_its_print_live_under_vietnamese_names(documents, monkeypatch,
                                                                         capsys) -> None:  # type: ignore[no-untyped-def]
    path = documents / "Sổ quỹ Xã Yên Bình.soquy"
    ledger = open_new_ledger(path, with_admin)  # the print command below signs in
    make_commune(ledger)
    ledger.close()
    # A ledger written by the previous version: opening it copies it first, into the backups
    # folder beside it.
    from alembic import command

    engine = database.make_engine(database.to_url(path))
    command.downgrade(database._alembic_config(engine), "-1")
    engine.dispose()
    open_ledger(path).close()
    [before] = (documents / FOLDER_NAME).glob("Sổ quỹ Xã Yên Bình-*-migration.*")
    with closing(sqlite3.connect(before)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # A backup into a folder of its own.
    (documents / "Sao lưu").mkdir()
    record = make_backup(path, kind=Kind.MANUAL, policy=Policy(),
                         target=documents / "Sao lưu")
    assert record.ok and record.path.parent.name == "Sao lưu"
    open_ledger(record.path).close()
    # A printed register.
    pdf = documents / "In ấn" / "Danh sách thành viên Hoa Sen.pdf"
    pdf.parent.mkdir()
    assert main(["--db", str(path), "print", "register", "members", "HS01", "--from",
                 "01/01/2026", "--to", "23/11/2026", "--out", str(pdf)]) == 0
    assert "Danh sách thành viên Hoa Sen.pdf" in capsys.readouterr().out
    assert "Nguyễn Thị An" in PdfReader(pdf).pages[0].extract_text()


def test_the_log_is_written_in_a_folder_with_vietnamese_letters(documents,
                                                               monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COMMUNE_LEDGER_CONFIG_DIR", str(documents / "Cấu hình"))
    path = setup_logging()
    logging.getLogger("desktop.test").warning("Không ghi được sổ %s", "Sổ quỹ.soquy")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert Path(path) == documents / "Cấu hình" / LOG_FILE
    assert "Không ghi được sổ Sổ quỹ.soquy" in Path(path).read_text(encoding="utf-8")


# -- the data folder -----------------------------------------------------------------------------

def test_the_data_folder_is_under_appdata_on_windows(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    appdata = r"C:\Users\Hương\AppData\Roaming"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", appdata)
    monkeypatch.delenv("COMMUNE_LEDGER_CONFIG_DIR", raising=False)
    folder = Path(appdata) / "CommuneLedger"
    assert default_db_path() == folder / "ledger.sqlite"
    assert demo_path() == folder / "demo.soquy"
    assert config_dir() == folder  # the settings and the log file
    assert Settings().path == folder / "settings.json"


def test_without_appdata_the_roaming_folder_of_the_profile_is_used(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("APPDATA", raising=False)
    monkeypatch.delenv("COMMUNE_LEDGER_CONFIG_DIR", raising=False)
    expected = Path.home() / "AppData" / "Roaming" / "CommuneLedger"
    assert default_db_path().parent == expected
    assert config_dir() == expected


# -- a USB stick pulled out ------------------------------------------------------------------------

@pytest.fixture
def shown(monkeypatch):  # type: ignore[no-untyped-def]
    boxes: list[tuple[str, str]] = []

    def record(box: QMessageBox) -> int:
        boxes.append((box.windowTitle(), box.text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    return boxes


def journal_lines(path: Path) -> int:
    ledger = open_ledger(path)
    try:
        with ledger.session() as session:
            return int(session.scalar(select(func.count()).select_from(JournalLine)) or 0)
    finally:
        ledger.close()


def test_a_usb_stick_pulled_out_is_told_plainly_and_the_ledger_is_kept(
        qtbot, tmp_path, shown, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COMMUNE_LEDGER_CONFIG_DIR", str(tmp_path / "config"))
    stick = tmp_path / "USB của Hương (E)"
    path = stick / "Sổ quỹ.soquy"
    ledger = open_new_ledger(path, with_admin)
    make_commune(ledger)
    ledger.close()
    lines = journal_lines(path)
    window = MainWindow(Settings(tmp_path / "config" / "settings.json"))
    qtbot.addWidget(window)
    window.show()
    answer_sign_in(window)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.start(str(path))
    assert window.ledger is not None

    # Pulled out while open: Windows fails every read and write of the file.
    def pulled_out(*_args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    event.listen(window.ledger.engine, "before_cursor_execute", pulled_out)
    window.check_ledger()
    qtbot.waitUntil(lambda: bool(shown), timeout=TIMEOUT)
    told = shown[-1][1]
    assert told == (f"Không đọc hoặc ghi được ổ đĩa chứa {path} (ổ đĩa bị lỗi, hay USB đã bị "
                    "rút ra?). Chưa có gì được lưu.")
    # A cell being saved at that moment: told the same, not "sorry, something went wrong".
    hook = ErrorHook(str(tmp_path / "config" / LOG_FILE), window)
    error = sqlite3.OperationalError("disk I/O error")
    hook(type(error), error, None)
    assert shown[-1] == ("Không dùng được sổ dữ liệu", told)

    # The stick and its folder gone altogether: the next reading names the ledger too.
    event.remove(window.ledger.engine, "before_cursor_execute", pulled_out)
    window.ledger.engine.dispose()
    away = tmp_path / "ổ đĩa đã rút"
    stick.rename(away)
    window.check_ledger()
    qtbot.waitUntil(lambda: len(shown) == 3, timeout=TIMEOUT)
    assert str(path) in shown[-1][1] and "Traceback" not in shown[-1][1]
    # Plugged in again: the ledger is as it was, and sound.
    away.rename(stick)
    window.ledger.engine.dispose()
    window.check_ledger()
    qtbot.waitUntil(lambda: len(shown) == 4, timeout=TIMEOUT)
    assert shown[-1][1].startswith("Sổ dữ liệu tốt")
    window.close()
    assert journal_lines(path) == lines


# -- high-DPI screens ------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("scale", ["1.25", "1.5"])
def test_the_window_and_dialogs_fit_a_laptop_at_high_dpi(tmp_path, scale) -> None:  # type: ignore[no-untyped-def]
    # A 1920×1080 laptop less a taskbar: 1536×806 logical pixels at 125 %, 1280×672 at 150 %.
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": 1920, "height": 1008, "logicalDpi": 96,
        "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    env = dict(os.environ, QT_SCALE_FACTOR=scale,
               QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
               COMMUNE_LEDGER_CONFIG_DIR=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "dpi_probe.py"), str(tmp_path)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    factor = float(scale)
    assert measured["dpr"] == factor
    assert measured["area"] == [round(1920 / factor), round(1008 / factor)]
    # The text is drawn with as many more pixels as the screen is scaled.
    for logical, pixels in zip(measured["label"], measured["label_pixels"], strict=True):
        assert abs(pixels - logical * factor) <= 1, (logical, pixels)
    for name in ("window", "first_run", "commune", "print_settings", "sign_in", "new_admin"):
        assert measured[f"{name}_fits"], name
        assert measured[f"{name}_clipped"] == [], name
    assert measured["window_minimum_fits"]


# -- the printer ---------------------------------------------------------------------------------

def test_the_printer_is_chosen_in_qts_print_dialog(qtbot, session, hoa_sen, tmp_path,
                                                   monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from print_fixtures import hold_story

    from desktop.models.print_settings import PrintSettings
    from desktop.printing.passbook import make_passbooks

    hold_story(session, hoa_sen)
    pdf = make_passbooks(session, hoa_sen, PrintSettings()).data
    preview = PrintPreviewDialog(None, pdf, "Sổ thành viên")
    qtbot.addWidget(preview)
    monkeypatch.setattr(PrintPreviewDialog, "_ask_confirmation", lambda self: None)
    asked: list[tuple[str, int, int, QWidget | None]] = []

    def choose_a_printer(dialog: QPrintDialog) -> int:
        # What the clerk does in Windows' list: picks a printer (here one that writes a file).
        asked.append((dialog.windowTitle(), dialog.minPage(), dialog.maxPage(),
                      dialog.parentWidget()))
        printer: QPrinter = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "máy in.pdf"))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", choose_a_printer)
    assert preview.print_with_dialog()
    assert asked == [("In", 1, preview.page_count, preview)]
    assert len(PdfReader(tmp_path / "máy in.pdf").pages) == preview.page_count
