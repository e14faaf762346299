"""Screenshots of what the clerk sees: every page and tab of the window, on the demo ledger.

    xvfb-run -a .venv/bin/python scripts/screenshots.py            # or simply:
    .venv/bin/python scripts/screenshots.py                        # starts Xvfb itself

Makes a demo ledger (``commune-ledger --db X demo``) in a temporary folder — or uses
``--db FILE`` — opens the window on it with fresh settings, then shows the start page, the
sign-in, the commune overview, each group's page with each of its tabs, the menus, the users
dialog, the audit log and the window locked, and the overview in English, saving one PNG
each into ``docs/screenshots/`` (the old PNGs there are replaced).
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


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="ledger to show (default: a fresh demo ledger)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"),
                        help="folder for the PNG files")
    parser.add_argument("--size", default="1366x768",
                        help="window size, WIDTHxHEIGHT (a common commune laptop screen)")
    parser.add_argument("--lang", default="vi", choices=("vi", "en"))
    return parser.parse_args(argv)


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

    def shoot(self, widget, name: str, overlay=None) -> Path:  # type: ignore[no-untyped-def]
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
        path = self.out / f"{self.count:02d}-{name}.png"
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
    window = start_window(None, settings)
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


def sign_in(window, camera: Camera) -> None:  # type: ignore[no-untyped-def]
    """The sign-in the demo ledger asks for (its demo users are listed in it), answered as
    its administrator."""
    dialog = window.sign_in_dialog
    if dialog is None:
        return
    camera.shoot(dialog, "dialog-sign-in")
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

    chooser = QFileDialog(window, _("Open a ledger"), str(ROOT),
                          _("Ledger files (*.sqlite)") + ";;" + _("All files (*)"))
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


def main(argv: list[str]) -> int:
    options = parse(argv)
    ensure_display(argv, options.size)
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="commune-ledger-shots-") as folder:
        run(options, Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
