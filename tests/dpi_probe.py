"""The window on a high-DPI laptop, measured in a process of its own (Qt reads the scale factor
once, when the application starts): tests/test_windows_details.py runs it with
``QT_SCALE_FACTOR`` and an offscreen screen of the laptop's size, and reads the JSON it prints.

    QT_SCALE_FACTOR=1.5 QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json \\
        python tests/dpi_probe.py FOLDER
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def wait(condition) -> None:  # type: ignore[no-untyped-def]
    import time

    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + 30
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    assert condition(), "timed out"


def clipped_buttons(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    """Buttons with a text, shown narrower than their text needs or reaching out of the
    dialog (a tab bar's scroll arrows are drawn to the size they are given)."""
    from PySide6.QtWidgets import QAbstractButton

    found = []
    for button in dialog.findChildren(QAbstractButton):
        if not button.isVisibleTo(dialog) or not button.text():
            continue
        corner = button.mapTo(dialog, button.rect().bottomRight())
        if button.width() < button.minimumSizeHint().width() or \
                not dialog.rect().contains(corner):
            found.append(button.text() or button.objectName())
    return found


def measure(folder: Path) -> dict[str, object]:
    # The tests' own administrator, hashed as cheaply as in the tests (conftest).
    from conftest import with_admin
    from PySide6.QtWidgets import QApplication, QLabel
    from window_samples import make_commune
    from window_sign_in import answer_sign_in

    from desktop.app import make_application
    from desktop.models.database import open_new_ledger
    from desktop.settings import Settings
    from desktop.views import tasks
    from desktop.views.commune_dialog import CommuneDialog
    from desktop.views.first_run import FirstRunWizard
    from desktop.views.main_window import MainWindow
    from desktop.views.meeting_page import MeetingPage
    from desktop.views.print_settings_dialog import PrintSettingsDialog
    from desktop.views.screen_fit import FRAME_ALLOWANCE, fit_dialog
    from desktop.views.sign_in import NewAdminDialog, SignInDialog

    ledger = open_new_ledger(folder / "Sổ quỹ.soquy", with_admin)
    ids = make_commune(ledger)
    make_application()
    screen = QApplication.primaryScreen()
    area = screen.availableGeometry()
    room = (area.width() - FRAME_ALLOWANCE.width(), area.height() - FRAME_ALLOWANCE.height())

    def fits(width: int, height: int) -> bool:
        return width <= room[0] and height <= room[1]

    label = QLabel("Sổ Quỹ Cộng Đồng")
    label.adjustSize()
    text_pixels = label.grab().size()

    window = MainWindow(Settings(folder / "settings.json"))
    window.show()
    answer_sign_in(window)
    window.start(str(folder / "Sổ quỹ.soquy"))
    wait(lambda: window.ledger is not None)
    window.open_group(ids.hoa_sen)
    page = window.current_page()
    index = next(number for number, entry in enumerate(page.tab_entries)
                 if entry.title_msgid == "Meeting sheet")
    page.set_current_tab(index)
    sheet = page.tab_widget(index)
    assert isinstance(sheet, MeetingPage)
    wait(lambda: not tasks.running())  # the sheet's figures read, its layout settled
    QApplication.processEvents()
    results: dict[str, object] = {
        "dpr": screen.devicePixelRatio(),
        "area": [area.width(), area.height()],
        "label": [label.width(), label.height()],
        "label_pixels": [text_pixels.width(), text_pixels.height()],
        "window_fits": fits(window.width(), window.height()),
        "window_minimum_fits": fits(window.minimumSizeHint().width(),
                                    window.minimumSizeHint().height()),
        # The meeting sheet open beside the commune tree: no button of the window cut.
        "window_clipped": clipped_buttons(window),
    }
    dialogs = {
        "first_run": FirstRunWizard(window, str(folder)),
        "commune": CommuneDialog(window),
        "print_settings": PrintSettingsDialog(ledger, window),
        "sign_in": SignInDialog(ledger, "Sổ quỹ.soquy", "", window),
        "new_admin": NewAdminDialog(window, existing="Sổ quỹ.soquy"),
    }
    for name, dialog in dialogs.items():
        fit_dialog(dialog)
        dialog.show()
        QApplication.processEvents()
        results[f"{name}_fits"] = fits(dialog.width(), dialog.height()) and fits(
            dialog.minimumSizeHint().width(), dialog.minimumSizeHint().height())
        results[f"{name}_clipped"] = clipped_buttons(dialog)
        dialog.close()
    window.close()
    ledger.close()
    return results


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1])), ensure_ascii=False))
