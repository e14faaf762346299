"""Screenshots of what the clerk sees: every page and tab of the window, on the demo ledger.

    xvfb-run -a .venv/bin/python scripts/screenshots.py            # or simply:
    .venv/bin/python scripts/screenshots.py                        # starts Xvfb itself

Makes a demo ledger (``commune-ledger --db X demo``) in a temporary folder — or uses
``--db FILE`` — opens the window on it with fresh settings, then shows the start page, the
sign-in, the commune overview, each group's page with each of its tabs, the menus, the users
dialog, the audit log and the window locked, and the overview in English, saving one PNG
each into ``docs/screenshots/`` (the old PNGs there are replaced).

    .venv/bin/python scripts/screenshots.py --guide

makes instead the pictures of the clerk's guide, under fixed names, into
``docs/huong-dan/anh/`` (scripts/build_guide.py then builds the guide's PDFs): the first-run
wizard, the overview, a meeting sheet, a share-out, the passbook and quarterly-return
dialogs, the returns received and the consolidated figures.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNDER_XVFB = "COMMUNE_LEDGER_UNDER_XVFB"
GUIDE_PICTURES = ROOT / "docs" / "huong-dan" / "anh"


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="ledger to show (default: a fresh demo ledger)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"),
                        help="folder for the PNG files")
    parser.add_argument("--size", default="1366x768",
                        help="window size, WIDTHxHEIGHT (a common commune laptop screen)")
    parser.add_argument("--lang", default="vi", choices=("vi", "en"))
    parser.add_argument("--guide", action="store_true",
                        help="the clerk's guide's pictures, into docs/huong-dan/anh/")
    options = parser.parse_args(argv)
    if options.guide and options.out == str(ROOT / "docs" / "screenshots"):
        options.out = str(GUIDE_PICTURES)
    return options


def ensure_display(argv: list[str], size: str) -> None:
    """Without a screen, run this script again under Xvfb (a virtual screen)."""
    if os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM") or \
            os.environ.get(UNDER_XVFB):
        return
    if shutil.which("xvfb-run") is None:
        sys.exit("No screen and no xvfb-run: install xvfb, or set QT_QPA_PLATFORM=offscreen.")
    width, height = size.split("x")
    command = ["xvfb-run", "-a", "-s", f"-screen 0 {int(width) + 40}x{int(height) + 40}x24",
               sys.executable, __file__, *argv]
    os.environ[UNDER_XVFB] = "1"
    sys.exit(subprocess.call(command))


def make_demo(folder: Path) -> str:
    path = folder / "demo.sqlite"
    subprocess.run([sys.executable, "-m", "desktop", "--db", str(path), "demo"], check=True,
                   cwd=ROOT)
    return str(path)


def slug(text: str) -> str:
    from desktop.models.collation import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


class Camera:
    """Waits until the window is idle (no background work, everything painted), then saves
    what it shows."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.count = 0
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("*.png"):
            old.unlink()

    @staticmethod
    def settle(timeout: float = 30.0) -> None:
        from PySide6.QtWidgets import QApplication

        from desktop.views import tasks

        deadline = time.monotonic() + timeout
        quiet = 0
        while time.monotonic() < deadline and quiet < 5:
            QApplication.processEvents()
            # Every page loads its figures through the one background helper.
            quiet = 0 if tasks.running() else quiet + 1
            time.sleep(0.03)

    def shoot(self, widget, name: str, overlay=None,  # type: ignore[no-untyped-def]
              numbered: bool = True) -> Path:
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtGui import QImage, QPainter

        self.settle()
        image = widget.grab()
        if overlay is not None:  # a popup menu, drawn where it stands on the window
            painter = QPainter(image)
            painter.drawPixmap(widget.mapFromGlobal(overlay.pos()) + QPoint(0, 0),
                               overlay.grab())
            painter.end()
        self.count += 1
        path = self.out / (f"{self.count:02d}-{name}.png" if numbered else f"{name}.png")
        # 256 colours look the same for a window and keep the repository small (÷4).
        flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
        image.toImage().convertToFormat(QImage.Format.Format_Indexed8, flags).save(str(path))
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        return path


def run(options: argparse.Namespace, folder: Path) -> None:
    os.environ["COMMUNE_LEDGER_CONFIG_DIR"] = str(folder / "config")
    from PySide6.QtWidgets import QApplication

    from desktop.app import start_window
    from desktop.i18n import set_language
    from desktop.settings import Settings

    db = options.db or make_demo(folder)
    settings = Settings()
    settings.language = options.lang
    set_language(options.lang)
    width, height = (int(part) for part in options.size.split("x"))
    camera = Camera(Path(options.out))
    window = start_window(None, settings, first_run=False)
    window.resize(width, height)
    window.move(0, 0)
    camera.settle()
    camera.shoot(window, "start-page")

    window.files.open(db)
    camera.settle()
    sign_in(window, camera)
    if window.ledger is None:
        sys.exit(f"The ledger {db} could not be opened.")
    camera.shoot(window, "commune-overview")
    page = window.current_page()
    page.verticalScrollBar().setValue(page.verticalScrollBar().maximum())  # type: ignore[union-attr]
    camera.shoot(window, "commune-overview-charts")
    page.verticalScrollBar().setValue(0)  # type: ignore[union-attr]
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        origin = window.menuBar().actionGeometry(menu_action).bottomLeft()
        menu.popup(window.menuBar().mapToGlobal(origin))
        camera.shoot(window, f"menu-{slug(menu_action.text().replace('&', ''))}", menu)
        menu.hide()
    assert window.tree_data is not None
    for group in window.tree_data.groups:
        window.open_group(group.group_id)
        page = window.current_page()
        for index, title in enumerate(page.tab_titles()):  # type: ignore[union-attr]
            page.set_current_tab(index)  # type: ignore[union-attr]
            camera.shoot(window, f"{slug(group.code)}-{slug(title)}")
    shoot_dialogs(window, camera)
    shoot_trust(window, camera)
    window.show_overview()
    window.switch_language("en" if options.lang == "vi" else "vi")
    camera.shoot(window, "commune-overview-" + ("english" if options.lang == "vi"
                                                 else "vietnamese"))
    window.close()
    QApplication.processEvents()


def sign_in(window, camera: Camera,  # type: ignore[no-untyped-def]
            picture: str | None = "dialog-sign-in", numbered: bool = True) -> None:
    """The sign-in the demo ledger asks for (its demo users are listed in it), answered as
    its administrator; shot as ``picture`` unless it is ``None``."""
    dialog = window.sign_in_dialog
    if dialog is None:
        return
    if picture is not None:
        camera.shoot(dialog, picture, numbered=numbered)
    dialog.name.setText("admin")
    dialog.password.setText("admin-demo")
    dialog.accept()
    camera.settle()


def shoot_trust(window, camera: Camera) -> None:  # type: ignore[no-untyped-def]
    """Who may do what: the users and security dialog, the audit log page, the lock."""
    from desktop.views.users_dialog import UsersDialog

    users = UsersDialog(window.context, window)
    users.show()
    users.table.selectRow(1)
    camera.shoot(users, "dialog-users")
    users.close()
    window.show_audit()
    camera.shoot(window, "audit-log")
    window.lock_now()
    camera.shoot(window.idle.dialog, "dialog-window-locked")
    window.idle.dialog.password.setText("admin-demo")
    window.idle.dialog.accept()
    camera.settle()


def shoot_dialogs(window, camera: Camera) -> None:  # type: ignore[no-untyped-def]
    """The dialogs the clerk meets first: choosing a ledger file (Qt's own dialog, with
    Qt's words in Vietnamese) and the commune of a new ledger."""
    from PySide6.QtWidgets import QFileDialog

    from desktop.i18n import _
    from desktop.views.commune_dialog import CommuneDialog
    from desktop.views.ledger_files import ledger_filter

    chooser = QFileDialog(window, _("Open a ledger"), str(ROOT), ledger_filter())
    chooser.setOption(QFileDialog.Option.DontUseNativeDialog)
    chooser.resize(820, 480)
    chooser.show()
    camera.shoot(chooser, "dialog-open-ledger")
    chooser.close()
    commune = CommuneDialog(window)
    commune.show()
    commune.code.setText("0432")
    commune.accept()  # refused: the code has 4 digits, and the dialog says so
    camera.shoot(commune, "dialog-new-ledger-commune")
    commune.close()
    shoot_backup_dialogs(window, camera)


def shoot_backup_dialogs(window, camera: Camera) -> None:  # type: ignore[no-untyped-def]
    """File ▸ Sao lưu… (to a USB stick, encrypted) and File ▸ Khôi phục… (the ledger's
    backups with what each holds: today's, and one made on closing)."""
    from pathlib import Path

    from desktop.views.backup_dialogs import BackupDialog

    ledger = Path(window.ledger_path)
    backup = BackupDialog(ledger, str(Path.home() / "USB"), window)
    backup.encrypt.setChecked(True)
    backup.passphrase.setText("Hội LHPN xã Yên Bình")
    backup.again.setText("Hội LHPN xã Yên Bình")
    backup.show()
    camera.shoot(backup, "dialog-backup")
    backup.close()
    shoot_restore(window, camera, "dialog-restore")


def shoot_restore(window, camera: Camera, name: str,  # type: ignore[no-untyped-def]
                  numbered: bool = True) -> None:
    """File ▸ Khôi phục…: the ledger's backups (one made on closing the ledger is added)."""
    from pathlib import Path

    from desktop.models.backups import Kind, make_backup
    from desktop.views.backup_dialogs import RestoreDialog

    ledger = Path(window.ledger_path)
    policy = window.settings.backup_policy()
    make_backup(ledger, kind=Kind.CLOSE, policy=policy)
    restore = RestoreDialog(ledger, policy, can_replace=True, parent=window)
    restore.show()
    camera.shoot(restore, name, numbered=numbered)
    restore.close()


def add_returns(db: str, folder: Path) -> None:
    """The demo commune's own return of the last quarter, received as a province would."""
    from desktop.models.clock import today
    from desktop.models.indicators import Quarter

    quarter = str(Quarter.containing(today()).previous())
    returned = folder / "bao-cao-quy.xlsx"
    # The demo ledger's administrator (README), as a script signs in.
    signed_in = {**os.environ, "COMMUNE_LEDGER_USER": "admin",
                 "COMMUNE_LEDGER_PASSWORD": "admin-demo"}
    for words in (["export-return", "--quarter", quarter, str(returned)],
                  ["import-returns", str(returned)]):
        subprocess.run([sys.executable, "-m", "desktop", "--db", db, *words], check=True,
                       cwd=ROOT, stdout=subprocess.DEVNULL, env=signed_in)


def open_tab(window, group_code: str, msgid: str):  # type: ignore[no-untyped-def]
    group = next(node for node in window.tree_data.groups if node.code == group_code)
    window.open_group(group.group_id)
    page = window.current_page()
    index = next(number for number, entry in enumerate(page.tab_entries)
                 if entry.title_msgid == msgid)
    page.set_current_tab(index)
    return page.tab_widget(index)


def run_guide(options: argparse.Namespace, folder: Path) -> None:
    """The guide's pictures, each under the name the guide gives it."""
    os.environ["COMMUNE_LEDGER_CONFIG_DIR"] = str(folder / "config")
    from PySide6.QtWidgets import QApplication

    from desktop.app import start_window
    from desktop.i18n import set_language
    from desktop.settings import Settings
    from desktop.views.context import PageContext
    from desktop.views.passbook_dialog import PassbookChoices, PassbookPrintDialog
    from desktop.views.return_export import ExportReturnDialog

    db = options.db or make_demo(folder)
    add_returns(db, folder)
    settings = Settings()
    settings.language = options.lang
    set_language(options.lang)
    width, height = (int(part) for part in options.size.split("x"))
    camera = Camera(Path(options.out))
    window = start_window(None, settings)  # fresh settings: the first-run wizard
    window.resize(width, height)
    window.move(0, 0)
    wizard = window.first_run
    wizard.next()  # the language chosen
    wizard.next()  # a new ledger
    for field, text in ((wizard.commune.code, "04321"), (wizard.commune.name, "Xã Yên Bình"),
                        (wizard.commune.province, "Tỉnh Thái Nguyên"),
                        (wizard.commune.union, "Hội LHPN xã Yên Bình")):
        field.setText(text)
    camera.shoot(wizard, "01-tro-ly-thong-tin-xa", numbered=False)
    wizard.reject()
    window.files.open(db)
    camera.settle()
    sign_in(window, camera, picture="09-dang-nhap", numbered=False)
    camera.shoot(window, "02-tong-quan-xa", numbered=False)
    open_tab(window, "TKVV01", "Meeting sheet")
    camera.shoot(window, "03-phieu-ghi-chep-buoi-hop", numbered=False)
    open_tab(window, "TKVV01", "Share-out")
    camera.shoot(window, "04-tat-toan-chu-ky", numbered=False)
    context = PageContext(window.ledger, window.actor, window.show_status,
                          window.ledger_changed)
    group = next(node for node in window.tree_data.groups if node.code == "TKVV01")
    passbooks = PassbookPrintDialog(PassbookChoices(context.ledger, group.group_id), None,
                                    window)
    passbooks.show()
    camera.shoot(passbooks, "05-in-so-thanh-vien", numbered=False)
    passbooks.close()
    ret = ExportReturnDialog(window, "Nguyễn Thị Hoa")
    ret.show()
    camera.shoot(ret, "06-bao-cao-quy", numbered=False)
    ret.close()
    window.show_page("returns")
    camera.shoot(window, "07-nhap-bao-cao", numbered=False)
    window.show_page("consolidated")
    camera.shoot(window, "08-so-lieu-tong-hop", numbered=False)
    shoot_restore(window, camera, "10-khoi-phuc", numbered=False)
    window.close()
    QApplication.processEvents()


def main(argv: list[str]) -> int:
    options = parse(argv)
    ensure_display(argv, options.size)
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="commune-ledger-shots-") as folder:
        (run_guide if options.guide else run)(options, Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
