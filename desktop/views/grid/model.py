"""The Qt side of a grid: a thin table model over a ``TablePresenter``.

It only translates: ``flags()`` from the presenter's editable columns, ``data()`` from its
display values and cell issues, ``setData()`` to ``set_text`` (the presenter saves, in one
transaction, and re-reads the row), and the presenter's notices to ``dataChanged`` with the
roles that changed. Nothing is computed here — least of all the totals.
"""

from __future__ import annotations

import textwrap
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from desktop.i18n import _
from desktop.presenters.cells import NUMERIC_KINDS, CellKind, block_text
from desktop.presenters.table import CellIssue, Severity, TablePresenter

Index = QModelIndex | QPersistentModelIndex
KIND_ROLE = Qt.ItemDataRole.UserRole + 1

ERROR_BACKGROUND = QColor("#f8d0d0")
WARNING_BACKGROUND = QColor("#ffe9a8")
READ_ONLY_BACKGROUND = QColor("#f3f3ef")
TOTALS_BACKGROUND = QColor("#e3ebf5")
PROPOSED_FOREGROUND = QColor("#7a7a7a")
DIMMED_FOREGROUND = QColor("#8c8c8c")

# Role → its place in a cell's cached tuple (see ``GridModel._look``).
_EDIT, _TOOLTIP, _PROPOSED, _FLAGS = 1, 7, 9, 10
_ROLES = {
    Qt.ItemDataRole.DisplayRole: 0, Qt.ItemDataRole.EditRole: _EDIT,
    Qt.ItemDataRole.TextAlignmentRole: 2, Qt.ItemDataRole.CheckStateRole: 3,
    Qt.ItemDataRole.BackgroundRole: 4, Qt.ItemDataRole.ForegroundRole: 5,
    Qt.ItemDataRole.FontRole: 6, Qt.ItemDataRole.ToolTipRole: _TOOLTIP, KIND_ROLE: 8,
}
_CACHE_ROWS = 2_000  # a register scrolled far and wide starts afresh
_READ_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDIT_FLAGS = _READ_FLAGS | Qt.ItemFlag.ItemIsEditable
_CHECK_FLAGS = _EDIT_FLAGS | Qt.ItemFlag.ItemIsUserCheckable

CELL_ROLES = [
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.CheckStateRole,
]


def header_lines(title: str, width: int = 14) -> str:
    """A column title on short lines, as on the paper form, so the money columns stay
    narrow ("Chi hỗ trợ quỹ xã hội" on two lines)."""
    if len(title) <= width:
        return title
    return "\n".join(textwrap.wrap(title, width=width, break_long_words=False))


def _alignment(kind: CellKind) -> Qt.AlignmentFlag:
    if kind in NUMERIC_KINDS:
        return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    if kind == CellKind.CHECK:
        return Qt.AlignmentFlag.AlignCenter
    return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


_ALIGNMENT = {kind: _alignment(kind) for kind in CellKind}


def alignment(kind: CellKind) -> Qt.AlignmentFlag:
    return _ALIGNMENT[kind]


class GridModel(QAbstractTableModel):
    """A presenter's rows for a ``QTableView``. Emits ``status_message`` for the status bar."""

    status_message = Signal(str)
    totals_updated = Signal()

    def __init__(self, presenter: TablePresenter, parent: Any = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self._italic = QFont()
        self._italic.setItalic(True)
        self._cells: dict[int, list[tuple[Any, ...]]] = {}
        presenter.subscribe(self)

    # ---------------------------------------------------------------- presenter notices
    def cells_changed(self, top: int, left: int, bottom: int, right: int) -> None:
        self._forget(top, bottom)
        if bottom - top < 3:
            # A view repaints its whole viewport for a range but only the cell for a single
            # index: one row saved (or typed in) must not repaint seventy.
            for row in range(top, bottom + 1):
                for column in range(left, right + 1):
                    index = self.index(row, column)
                    self.dataChanged.emit(index, index, CELL_ROLES)
            return
        self.dataChanged.emit(self.index(top, left), self.index(bottom, right), CELL_ROLES)

    def totals_changed(self) -> None:
        self.totals_updated.emit()

    def table_reset(self) -> None:
        # The presenter has already re-read its rows; tell the views all at once.
        self.beginResetModel()
        self._cells.clear()
        self.endResetModel()

    def message(self, text: str) -> None:
        self.status_message.emit(text)

    # ---------------------------------------------------------------- shape
    def column(self, index: Index | int) -> IntEnum:
        position = index if isinstance(index, int) else index.column()
        return self.presenter.columns[position]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.presenter.row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.presenter.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return header_lines(self.presenter.headers()[self.column(section)])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return self._row(index.row())[index.column()][_FLAGS]

    # ---------------------------------------------------------------- reading
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Painting asks a dozen roles per cell: answer the unused ones before any work, and
        # the others from one look at the presenter per row, kept until the row changes.
        slot = _ROLES.get(role)
        if slot is None or not index.isValid():
            return None
        row, position = index.row(), index.column()
        if slot == _EDIT:
            return self.presenter.edit_text(row, self.presenter.columns[position])
        cell = self._row(row)[position]
        value = cell[slot]
        if slot == _TOOLTIP and value is None and cell[_PROPOSED]:
            return _("Proposed, not saved yet: press F2 then Enter to save this amount, or "
                     "type what was really paid.")
        return value

    def multiData(self, index: Index, span: QModelRoleDataSpan) -> None:
        """Every role a delegate paints, in one call per cell (how Qt 6 delegates ask):
        a tenth of the calls into Python that one ``data()`` per role would take. A role
        with nothing is *cleared*: the delegate reuses one array of roles from cell to cell,
        so a role left unset would keep the previous cell's font or colour."""
        if not index.isValid():
            return
        data = self.data  # a subclass's data() is honoured (book grids colour their rows)
        for role_data in span:
            role = role_data.role()
            value = data(index, role) if role in _ROLES else None
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def _row(self, row: int) -> list[tuple[Any, ...]]:
        cells = self._cells.get(row)
        if cells is None:
            if len(self._cells) > _CACHE_ROWS:
                self._cells.clear()
            cells = self._cells[row] = self._look(row)
        return cells

    def _look(self, row: int) -> list[tuple[Any, ...]]:
        """Everything the roles of a row's cells show, read from the presenter at once."""
        presenter = self.presenter
        dimmed = DIMMED_FOREGROUND if presenter.row_dimmed(row) else None
        cells = []
        for column in presenter.columns:
            kind = presenter.kind(column)
            issue = presenter.issue(row, column)
            proposed = presenter.is_proposed(row, column)
            check = None
            if kind == CellKind.CHECK:
                check = Qt.CheckState.Checked if presenter.value(row, column) else \
                    Qt.CheckState.Unchecked
            editable = presenter.is_editable(row, column)
            if issue is not None:
                background = ERROR_BACKGROUND if issue.severity == Severity.ERROR else \
                    WARNING_BACKGROUND
            else:
                background = None if column in presenter.editable_columns else \
                    READ_ONLY_BACKGROUND
            if not editable:
                flags = _READ_FLAGS
            else:
                flags = _CHECK_FLAGS if kind == CellKind.CHECK else _EDIT_FLAGS
            cells.append((presenter.display(row, column), None, alignment(kind), check,
                          background, PROPOSED_FOREGROUND if proposed else dimmed,
                          self._italic if proposed else None,
                          issue.message if issue is not None else None, kind, proposed, flags))
        return cells

    def _forget(self, top: int = -1, bottom: int = -1) -> None:
        if top < 0:
            self._cells.clear()
            return
        for row in range(top, bottom + 1):
            self._cells.pop(row, None)

    def issue(self, index: Index) -> CellIssue | None:
        return self.presenter.issue(index.row(), self.column(index)) if index.isValid() \
            else None

    # ---------------------------------------------------------------- writing
    def setData(self, index: Index, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        column = self.column(index)
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(
                value, bool) else value
            return self.presenter.set_value(index.row(), column, checked)
        if role == Qt.ItemDataRole.EditRole:
            return self.presenter.set_text(index.row(), column, str(value))
        return False

    def preview(self, index: Index, text: str) -> CellIssue | None:
        """The editor's text changed: live totals, nothing saved."""
        return self.presenter.preview_text(index.row(), self.column(index), text)

    def end_preview(self) -> None:
        self.presenter.end_preview()

    def paste(self, anchor: Index, text: str, selection: list[Index]) -> bool:
        cells = [(index.row(), self.column(index)) for index in selection]
        return self.presenter.paste(anchor.row(), self.column(anchor), text, cells)

    def clear(self, indexes: list[Index]) -> bool:
        return self.presenter.clear([(index.row(), self.column(index)) for index in indexes])

    def copy_text(self, indexes: list[Index]) -> str:
        """The selected cells as a tab/newline block for Excel (the bounding rectangle)."""
        if not indexes:
            return ""
        rows = sorted({index.row() for index in indexes})
        columns = sorted({index.column() for index in indexes})
        chosen = {(index.row(), index.column()) for index in indexes}
        block = [[self.presenter.display(row, self.column(col)) if (row, col) in chosen else ""
                  for col in range(columns[0], columns[-1] + 1)]
                 for row in range(rows[0], rows[-1] + 1)]
        return block_text(block)

    def undo(self) -> bool:
        return self.presenter.undo()

    def redo(self) -> bool:
        return self.presenter.redo()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in the presenter (in SQL for a register); grids that keep the
        paper form's order do not sort."""
        sort = getattr(self.presenter, "sort", None)
        if sort is not None:
            sort(self.column(column), order == Qt.SortOrder.DescendingOrder)


class TotalsModel(QAbstractTableModel):
    """The one-row totals under a grid: the presenter's totals, bold on blue."""

    def __init__(self, presenter: TablePresenter, parent: Any = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self._bold = QFont()
        self._bold.setBold(True)
        presenter.subscribe(self)

    def cells_changed(self, top: int, left: int, bottom: int, right: int) -> None:
        return None

    def totals_changed(self) -> None:
        last = self.columnCount() - 1
        if last >= 0:
            self.dataChanged.emit(self.index(0, 0), self.index(0, last),
                                  [Qt.ItemDataRole.DisplayRole])

    def table_reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def message(self, text: str) -> None:
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self.presenter.has_totals else 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.presenter.columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.presenter.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.presenter.totals_label_column:
                return self.presenter.totals_label()
            return self.presenter.total_display(column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == self.presenter.totals_label_column:
                return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            kind = self.presenter.kind(column)
            return alignment(CellKind.AMOUNT if kind == CellKind.CHECK else kind)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole:
            return TOTALS_BACKGROUND
        return None
