"""The main window's size, place, toolbars and tree width, kept in the settings between
runs (Qt gives them as bytes; the settings file holds them as base64 text)."""

from __future__ import annotations

import base64

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QSplitter

from desktop.settings import Settings
from desktop.views.screen_fit import fit_to_screen, keep_on_screen

DEFAULT_SIZE = (1360, 860)  # a 1366×768 laptop: its whole width, the height it has


def encode(data: QByteArray) -> str:
    return base64.b64encode(bytes(data.data())).decode("ascii")


def decode(text: str) -> QByteArray | None:
    """The bytes again; ``None`` for an empty or damaged value."""
    if not text:
        return None
    try:
        return QByteArray(base64.b64decode(text.encode("ascii"), validate=True))
    except ValueError:
        return None


def restore(window: QMainWindow, splitter: QSplitter, settings: Settings) -> None:
    """As the window was last closed; a first start gets a size fit for a laptop. Either
    way the window fits the screen it opens on (a 1366×768 laptop, a ledger brought over
    from a bigger screen)."""
    geometry = decode(settings.window_geometry)
    if geometry is None or not window.restoreGeometry(geometry):
        fit_to_screen(window, *DEFAULT_SIZE)
    keep_on_screen(window)
    state = decode(settings.window_state)
    if state is not None:
        window.restoreState(state)
    sizes = decode(settings.splitter_state)
    if sizes is not None:
        splitter.restoreState(sizes)


def save(window: QMainWindow, splitter: QSplitter, settings: Settings) -> None:
    settings.window_geometry = encode(window.saveGeometry())
    settings.window_state = encode(window.saveState())
    settings.splitter_state = encode(splitter.saveState())
