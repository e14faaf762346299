"""Modal dialogs that fit the screen, and hand the keyboard back to the window underneath
when they close.

A window manager does the second on its own. Without one — a virtual screen (Xvfb), a kiosk
session, Qt's offscreen platform — no window is active any more once a modal dialog has
gone, and whatever the clerk types next (the amounts of a meeting she has just started)
reaches no widget and is lost without a sound. Qt says nothing when this happens (no focus
signal fires), so every dialog of the window is run through ``run_modal``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop.views.screen_fit import fit_dialog


def run_modal(dialog: QDialog) -> int:
    """``dialog.exec()``, the dialog no larger than the screen; afterwards the window that
    opened it has the keyboard again, its focus where it was (or where the caller puts it
    next)."""
    parent = dialog.parentWidget()
    owner = QApplication.activeWindow() or (parent.window() if parent is not None else None)
    fit_dialog(dialog)
    result = dialog.exec()
    give_keyboard_back(owner)
    return result


def give_keyboard_back(owner: QWidget | None) -> None:
    """Activate ``owner`` if no window of the application has the keyboard."""
    if owner is None or not owner.isVisible() or QApplication.activeWindow() is not None:
        return
    owner.activateWindow()
