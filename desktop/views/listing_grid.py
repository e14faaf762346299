"""The Qt side of a read-only book (``ListingPresenter``): the grid's model with row tones
instead of the grey of cells that cannot be typed in, and a ``GridView`` where a double click
or Enter opens a row instead of an editor.

Built on ``desktop.views.grid`` — the same columns, widths, copy to Excel and totals footer
as the data-entry grids; only what a book needs differently is here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QWidget

from desktop.presenters.listing import ListingPresenter, Tone
from desktop.views.grid.model import GridModel, Index
from desktop.views.grid.view import GridView

ALERT_FOREGROUND = QColor("#b00020")
MUTED_FOREGROUND = QColor("#8c8c8c")
FIXED_BACKGROUND = QColor("#eef2f7")


class ListingModel(GridModel):
    """A ``GridModel`` for books: rows keep the view's alternating colours, and the
    presenter's tone colours a row (red: overdue; grey: written off; bold: a balance)."""

    def __init__(self, presenter: ListingPresenter[Any], parent: Any = None) -> None:
        super().__init__(presenter, parent)
        self.listing = presenter
        self._bold = QFont()
        self._bold.setBold(True)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if role == Qt.ItemDataRole.ForegroundRole:
            tone = self.listing.tone(row)
            if tone == Tone.ALERT:
                return ALERT_FOREGROUND
            if tone == Tone.MUTED:
                return MUTED_FOREGROUND
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if self.listing.tone(row) == Tone.STRONG else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.listing.tooltip(row, self.column(index)) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            # Not the grey of cells that cannot be typed in: every cell of a book is so.
            return FIXED_BACKGROUND if self.listing.is_fixed(row) else None
        return super().data(index, role)


class ListingView(GridView):
    """A book's grid: select, copy, sort by a header click; ``row_activated`` on a double
    click or Enter (the page opens the row's details)."""

    row_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.doubleClicked.connect(self._activated)

    def enable_sorting(self) -> None:
        """A header click sorts by that column (in the presenter), a second click the other
        way; a click on "STT" goes back to the book's own order. Not ``setSortingEnabled``,
        which would sort at once and lose the book's order."""
        header = self.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(False)
        header.sectionClicked.connect(self._header_clicked)

    def _header_clicked(self, section: int) -> None:
        model = self.grid_model()
        if not isinstance(model, ListingModel):
            return
        listing = model.listing
        column = listing.columns[section]
        header = self.horizontalHeader()
        if not listing.can_sort(column):
            listing.sort(None)
            header.setSortIndicatorShown(False)
            return
        descending = listing.sort_column == column and not listing.descending
        listing.sort(column, descending)
        header.setSortIndicator(section, Qt.SortOrder.DescendingOrder if descending
                                else Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.row_activated.emit(index.row())

    def current_row(self) -> int | None:
        index = self.currentIndex()
        return index.row() if index.isValid() else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            row = self.current_row()
            if row is not None:
                self.row_activated.emit(row)
            event.accept()
            return
        super().keyPressEvent(event)
