"""The window's print-friendly colours: dark blue, grey and orange on white. One place, so
the badges, the charts and the key-figure cards agree."""

from __future__ import annotations

from PySide6.QtGui import QColor

DARK_BLUE = QColor("#1f3a68")
ORANGE = QColor("#d9730d")
GREY = QColor("#6b6b6b")
LIGHT_GRID = QColor("#d8d8d8")
INK = QColor("#202020")
