"""Frozen columns: the first columns of a grid (a meeting sheet's number, member code and
name) stay in sight while the money columns scroll sideways — on a 1366-pixel laptop screen
a club's sheet is wider than the window, and a row of amounts without its name is a row the
clerk cannot check against the paper form.

After Qt's *Frozen Column* example: a second table view laid over the grid's left edge, on
the same model and the same selection, showing only those columns. It follows the grid's
vertical scrolling, column widths, row height and header height; the grid never scrolls a
cell under it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QMouseEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView

# A line where the frozen columns end, so the scrolled columns visibly slide under them.
_EDGE_STYLE = "QTableView { border: none; border-right: 2px solid #9aa5b1; }"


class FrozenColumns(QTableView):
    """The first ``count`` columns of ``view``, drawn over its left edge."""

    def __init__(self, view: QTableView, count: int) -> None:
        super().__init__(view)
        self._view = view
        self.count = count
        self.setObjectName("frozenColumns")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays with the grid
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet(_EDGE_STYLE)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setHighlightSections(False)
        # The selection looks the same as in the grid, which has the keyboard.
        palette = self.palette()
        for role in (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText):
            palette.setColor(QPalette.ColorGroup.Inactive, role,
                             palette.color(QPalette.ColorGroup.Active, role))
        self.setPalette(palette)
        view.viewport().stackUnder(self)
        view.horizontalHeader().sectionResized.connect(self._resized)
        view.horizontalHeader().geometriesChanged.connect(self.place)
        view.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(view.verticalScrollBar().setValue)
        # Each view lays its rows out when it gets to it: whichever is late catches up.
        self.verticalScrollBar().rangeChanged.connect(self._catch_up)
        view.installEventFilter(self)
        self.follow_model()
        self.show()

    # ---------------------------------------------------------------- following the grid
    def follow_model(self) -> None:
        """Same model, selection, delegates, row height and hidden columns as the grid (call
        again after the grid got a new model)."""
        view, model = self._view, self._view.model()
        if model is None:
            return
        if self.model() is not model:
            self.setModel(model)
            model.modelReset.connect(self.follow_columns)
            model.columnsInserted.connect(self.follow_columns)
            model.columnsRemoved.connect(self.follow_columns)
        if self.selectionModel() is not view.selectionModel():
            self.setSelectionModel(view.selectionModel())
        self.setSelectionMode(view.selectionMode())
        self.setSelectionBehavior(view.selectionBehavior())
        self.setAlternatingRowColors(view.alternatingRowColors())
        self.setShowGrid(view.showGrid())
        self.setWordWrap(view.wordWrap())
        self.horizontalHeader().setDefaultAlignment(view.horizontalHeader().defaultAlignment())
        self.horizontalHeader().setHidden(view.horizontalHeader().isHidden())
        self.verticalHeader().setDefaultSectionSize(view.verticalHeader().defaultSectionSize())
        self.follow_columns()

    def follow_columns(self) -> None:
        view, model = self._view, self.model()
        if model is None:
            return
        for column in range(model.columnCount()):
            frozen = column < self.count
            self.setColumnHidden(column, not frozen or view.isColumnHidden(column))
            if frozen:
                self.setColumnWidth(column, view.columnWidth(column))
                self.setItemDelegateForColumn(column, view.itemDelegateForColumn(column))
        self.place()

    def width_frozen(self) -> int:
        """How much of the grid's left edge the frozen columns cover."""
        model = self._view.model()
        columns = min(self.count, model.columnCount()) if model is not None else 0
        return sum(self._view.columnWidth(column) for column in range(columns)
                   if not self._view.isColumnHidden(column))

    def place(self) -> None:
        """Lie exactly over the grid's first columns, header included."""
        view = self._view
        viewport = view.viewport().geometry()
        header = view.horizontalHeader()
        shown = not header.isHidden()
        top = header.geometry().top() if shown else viewport.top()
        if shown:
            self.horizontalHeader().setFixedHeight(header.height())
        self.setGeometry(viewport.left(), top, self.width_frozen(),
                         viewport.bottom() - top + 1)
        self.verticalScrollBar().setValue(view.verticalScrollBar().value())

    def _catch_up(self, *_range: int) -> None:
        self.verticalScrollBar().setValue(self._view.verticalScrollBar().value())

    def _resized(self, column: int, _old: int, new: int) -> None:
        if column < self.count:
            self.setColumnWidth(column, new)
            self.place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view and event.type() in (QEvent.Type.Resize, QEvent.Type.Show,
                                                     QEvent.Type.LayoutRequest):
            self.place()
        return False

    # ---------------------------------------------------------------- the grid's helpers
    def keep_clear(self, index: QModelIndex) -> None:
        """Scroll the grid sideways so that ``index`` (a scrolled column) is not under the
        frozen columns."""
        if not index.isValid() or index.column() < self.count:
            return
        left = self._view.visualRect(index).left()
        covered = self.width_frozen()
        if left < covered:
            bar = self._view.horizontalScrollBar()
            bar.setValue(bar.value() - (covered - left))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        self._view.setFocus(Qt.FocusReason.MouseFocusReason)  # typing goes to the grid
