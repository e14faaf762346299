"""The overview's table: a thin Qt model over ``presenters.overview`` (columns are its
``Column`` enum, texts its ``display``), and a sort proxy that keeps the totals row last."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.presenters.labels import kind_long
from desktop.presenters.overview import NUMERIC, Column, Overview, OverviewRow, header, tooltip
from desktop.views.kind_badge import BADGE_SIZE, kind_icon
from desktop.views.total_rows import TOTAL_ROLES, total_row_look

SORT_ROLE = Qt.ItemDataRole.UserRole
GROUP_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_WIDTH = 240  # longer names wrap onto a second line
Index = QModelIndex | QPersistentModelIndex


def _two_lines(text: str, width: Callable[[str], int]) -> list[str]:
    """``text`` cut between two words so that its longer line is as short as can be."""
    words = text.split()
    if len(words) < 2:
        return [text]
    cuts = [(" ".join(words[:index]), " ".join(words[index:])) for index in range(1, len(words))]
    return list(min(cuts, key=lambda cut: max(width(cut[0]), width(cut[1]))))


class OverviewModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[OverviewRow] = []
        # The header texts as the view fitted them (with a line break); the plain header
        # until then.
        self.header_lines: dict[Column, str] = {}

    def set_overview(self, overview: Overview | None) -> None:
        self.beginResetModel()
        self._rows = [*overview.rows, overview.total] if overview and overview.rows else []
        self.endResetModel()

    def row_at(self, row: int) -> OverviewRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.header_lines.get(column) or header(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(column) or header(column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if column == Column.KIND else row.display(column)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.KIND and row.kind:
            return kind_icon(row.kind)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == Column.KIND and row.kind:
                return kind_long(row.kind)
            return row.tooltip(column) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role in TOTAL_ROLES and row.is_total:
            return total_row_look(role)
        if role == SORT_ROLE:
            value = row.raw(column)
            return -1 if value is None else value
        if role == GROUP_ROLE:
            return row.group_id
        return None


class TotalsLastProxy(QSortFilterProxyModel):
    """Sorts by the raw values; the totals row stays at the bottom either way."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: Index, right: Index) -> bool:
        model = self.sourceModel()
        left_total = model.data(left, GROUP_ROLE) is None
        right_total = model.data(right, GROUP_ROLE) is None
        ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
        if left_total or right_total:
            return right_total if ascending else left_total
        return bool(model.data(left, SORT_ROLE) < model.data(right, SORT_ROLE))


class OverviewTable(QTableView):
    """The table, sized to show every row: the page scrolls, not the table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = OverviewModel(self)
        self.proxy = TotalsLastProxy(self)
        self.proxy.setSourceModel(self.source)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the presenter's order at first
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)  # a long club name takes two lines, never "CLB Liên thế…"
        self.setIconSize(BADGE_SIZE)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def set_overview(self, overview: Overview | None) -> None:
        self.source.set_overview(overview)
        self._fit_columns()
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            # A narrower name column wraps more names: the rows grow, and so must the table.
            # (Given the table as context: a table gone before its turn is not fitted.)
            QTimer.singleShot(0, self, self._fit_height)

    def _fit_columns(self) -> None:
        """Columns as wide as their figures; a header wider than its figures goes onto two
        lines ("Quỹ tăng / thu nhập" over "12.000.000") rather than widen the column."""
        metrics = self.horizontalHeader().fontMetrics()
        padding = 16
        for column in Column:
            data_width = self.sizeHintForColumn(column)
            text = header(column)
            lines = [text]
            if metrics.horizontalAdvance(text) + padding > data_width:
                lines = _two_lines(text, metrics.horizontalAdvance)
            width = max(data_width, *(metrics.horizontalAdvance(line) + padding
                                      for line in lines))
            if column == Column.NAME:
                width = NAME_WIDTH
            self.source.header_lines[column] = "\n".join(lines)
            self.setColumnWidth(column, width)
        self.horizontalHeader().setSectionResizeMode(Column.NAME,
                                                     QHeaderView.ResizeMode.Stretch)
        self.source.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)

    def _fit_height(self) -> None:
        rows = self.proxy.rowCount()
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(row) for row in range(rows))
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().height()
        self.setFixedHeight(max(height, self.horizontalHeader().height() + 40))

    def group_at(self, index: QModelIndex) -> int | None:
        value = self.proxy.data(index.siblingAtColumn(0), GROUP_ROLE)
        return int(value) if value is not None else None

    def cell_texts(self) -> list[list[str]]:
        """The table as shown, row by row (for tests and copying)."""
        return [[str(self.proxy.data(self.proxy.index(row, column)) or "")
                 for column in range(self.proxy.columnCount())]
                for row in range(self.proxy.rowCount())]
