"""The totals row under a grid: always in view however far the clerk scrolls, its columns
kept under the grid's columns (same widths, same horizontal scroll)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.views.grid.frozen import FrozenColumns
from desktop.views.grid.model import GridModel, TotalsModel


class TotalsFooter(QTableView):
    """One bold row of totals, following ``grid``'s column widths and scrolling."""

    def __init__(self, grid: QTableView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = grid
        self.frozen: FrozenColumns | None = None
        model = grid.model()
        assert isinstance(model, GridModel)
        self.totals = TotalsModel(model.presenter, self)
        self.setModel(self.totals)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(grid.verticalHeader().defaultSectionSize())
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setShowGrid(grid.showGrid())
        self.setFixedHeight(grid.verticalHeader().defaultSectionSize() + 2)
        grid.horizontalHeader().sectionResized.connect(self._resized)
        grid.horizontalScrollBar().valueChanged.connect(self.horizontalScrollBar().setValue)
        grid.verticalScrollBar().rangeChanged.connect(self._match_margins)
        self.totals.modelReset.connect(self.follow_grid)
        model.modelReset.connect(self.follow_grid)
        self.follow_grid()

    def freeze_columns(self, count: int) -> None:
        """Keep the first ``count`` totals (the "Total" label) in sight, as the grid does."""
        if self.frozen is None:
            self.frozen = FrozenColumns(self, count)
        self.frozen.count = count
        self.frozen.follow_model()

    def _resized(self, position: int, _old: int, new: int) -> None:
        self.setColumnWidth(position, new)

    def follow_grid(self) -> None:
        """Copy the grid's column widths and hidden columns (after a reset or a resize)."""
        for position in range(self.totals.columnCount()):
            self.setColumnWidth(position, self._grid.columnWidth(position))
            self.setColumnHidden(position, self._grid.isColumnHidden(position))
        self._match_margins()
        if self.frozen is not None:
            self.frozen.follow_columns()

    def _match_margins(self, *_range: int) -> None:
        # The grid's vertical scroll bar narrows its viewport; leave the same room here so
        # that both scroll the same distance and the columns stay in line.
        bar = self._grid.verticalScrollBar()
        right = bar.sizeHint().width() if bar.isVisible() or bar.maximum() > 0 else 0
        left = self._grid.frameWidth()
        self.setViewportMargins(left, 0, right + self._grid.frameWidth(), 0)
        self.horizontalScrollBar().setValue(self._grid.horizontalScrollBar().value())
        if self.frozen is not None:
            self.frozen.place()


def grid_over_footer(grid: QTableView, footer: TotalsFooter,
                     holder: QWidget | None = None) -> QVBoxLayout:
    """``grid`` over its ``footer`` with no gap between them, the grid taking the height:
    laid on ``holder`` (edge to edge) when given, else a layout to add to the page's."""
    box = QVBoxLayout()
    box.setSpacing(0)
    box.addWidget(grid, 1)
    box.addWidget(footer)
    if holder is not None:
        box.setContentsMargins(0, 0, 0, 0)
        holder.setLayout(box)
    return box
