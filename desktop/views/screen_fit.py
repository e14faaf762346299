"""Windows and dialogs sized to the screen they open on.

The commonest commune laptop has a 1366×768 screen, less a taskbar. A window or dialog
asked for a size above the screen's free area opens cut off — its buttons below the edge —
so every size the window asks for goes through ``fit_to_screen``.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# The title bar and borders a window manager puts around a window, which Qt learns only once
# the window is shown: kept free so that the whole frame fits.
FRAME_ALLOWANCE = QSize(16, 40)


def available_area(widget: QWidget | None = None) -> QRect:
    """The free part of the screen ``widget`` is on (the main screen if none)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def fitted(width: int, height: int, area: QRect) -> QSize:
    """``width`` × ``height``, made no larger than ``area`` less a window frame."""
    return QSize(max(1, min(width, area.width() - FRAME_ALLOWANCE.width())),
                 max(1, min(height, area.height() - FRAME_ALLOWANCE.height())))


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize a window or dialog to ``width`` × ``height``, or to what the screen can hold."""
    widget.resize(fitted(width, height, available_area(widget.parentWidget() or widget)))


def keep_on_screen(window: QWidget) -> None:
    """A window (restored from a larger screen, or asked larger than this one) shrunk to
    the free area and moved inside it."""
    area = available_area(window)
    window.resize(fitted(window.width(), window.height(), area))
    right = area.right() + 1 - window.width() - FRAME_ALLOWANCE.width()
    bottom = area.bottom() + 1 - window.height() - FRAME_ALLOWANCE.height()
    left = max(area.left(), min(window.x(), right))
    top = max(area.top(), min(window.y(), bottom))
    if (left, top) != (window.x(), window.y()):
        window.move(left, top)


def fit_dialog(dialog: QWidget) -> None:
    """Before a dialog opens: shrink it to the screen if the size it was given (or would
    take) does not fit; leave it be otherwise."""
    resized = dialog.testAttribute(Qt.WidgetAttribute.WA_Resized)
    wanted = dialog.size() if resized else dialog.sizeHint()
    size = fitted(wanted.width(), wanted.height(),
                  available_area(dialog.parentWidget() or dialog))
    if size != wanted:
        dialog.resize(size)
