"""How the totals row of a read-only table looks (the overview's, the consolidated
tables'): bold, on a light blue-grey, whatever the sort."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

TOTAL_BACKGROUND = QColor("#eef1f5")
TOTAL_ROLES = (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.BackgroundRole)


def total_row_look(role: int) -> QFont | QColor | None:
    """The bold font or the background of a totals row, for one of ``TOTAL_ROLES``."""
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setBold(True)
        return font
    if role == Qt.ItemDataRole.BackgroundRole:
        return TOTAL_BACKGROUND
    return None
