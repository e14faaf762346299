"""``GridView``: a ``QTableView`` that behaves like the paper form in a spreadsheet.

Enter moves down (committing an open editor), Tab / Shift+Tab move across the cells that can
be typed in, typing starts editing and replaces the cell, F2 edits what is there, Delete
clears the selection, Ctrl+C / Ctrl+V copy and paste rectangular blocks with Excel or
LibreOffice, Ctrl+Z / Ctrl+Y undo and redo every edit (a paste is one step).

Rows have one fixed height and the view never measures its contents
(``resizeRowsToContents`` would read every row of a 100,000-line register).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QFocusEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTableView,
    QToolTip,
    QWidget,
)

from desktop.i18n import _
from desktop.presenters.cells import CellKind
from desktop.views.grid.delegates import delegate_for
from desktop.views.grid.frozen import FrozenColumns
from desktop.views.grid.model import KIND_ROLE, GridModel

# Sample text per kind of column, so widths come from the font, never from the rows.
_WIDTH_SAMPLE = {
    CellKind.AMOUNT: "99.999.999", CellKind.COUNT: "9999", CellKind.YEAR: "9999",
    CellKind.CHECK: "MM", CellKind.DATE: "30/12/2026", CellKind.CHOICE: "Hộ cận nghèo",
    CellKind.TEXT: "Nguyễn Thị",
}
_REDO_KEYS = (QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z"))


class GridView(QTableView):
    """The keyboard-first grid. ``status`` carries messages for the status bar."""

    status = Signal(str)
    editing_done = Signal()  # an editor closed (pages defer refreshes until then)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wide_columns: dict[Any, str] = {}  # column → sample text for a wider column
        self.stretch_column: Any = None  # the column that takes the room left (a name)
        # A page's own entries for the right-click menu, shown above the editing ones.
        self.menu_actions: list[QAction] = []
        self._natural: dict[int, int] = {}
        self._delegates: dict[int, tuple[CellKind, Any]] = {}
        self._closing_editor = False
        self.frozen: FrozenColumns | None = None
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        rows.hide()
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setStretchLastSection(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)

    # ---------------------------------------------------------------- model
    def grid_model(self) -> GridModel | None:
        model = self.model()
        return model if isinstance(model, GridModel) else None

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        if isinstance(model, GridModel):
            model.status_message.connect(self.status)
            model.modelReset.connect(self.apply_columns)
        if self.frozen is not None:
            self.frozen.follow_model()
        self.apply_columns()

    def freeze_columns(self, count: int) -> None:
        """Keep the first ``count`` columns in sight when the others scroll sideways."""
        if self.frozen is None:
            self.frozen = FrozenColumns(self, count)
        self.frozen.count = count
        self.frozen.follow_model()

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex,
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
                 ) -> None:
        frozen = self.frozen
        if frozen is None or not index.isValid():
            super().scrollTo(index, hint)
            return
        if index.column() < frozen.count:
            # A frozen cell is always in sight sideways: scroll only up or down.
            sideways = self.horizontalScrollBar().value()
            super().scrollTo(index, hint)
            self.horizontalScrollBar().setValue(sideways)
            return
        super().scrollTo(index, hint)
        frozen.keep_clear(index)

    def apply_columns(self) -> None:
        """One delegate per column kind, and widths from the header and a sample text."""
        model = self.grid_model()
        if model is None:
            return
        metrics = self.fontMetrics()
        for position, column in enumerate(model.presenter.columns):
            kind = model.presenter.kind(column)
            if self._delegates.get(position, (None, None))[0] != kind:
                # Keep the Python object: Qt holds only the C++ half, and without it the
                # view would quietly fall back to a plain delegate.
                self._delegates[position] = (kind, delegate_for(kind, self))
                self.setItemDelegateForColumn(position, self._delegates[position][1])
            sample = self.wide_columns.get(column, _WIDTH_SAMPLE[kind])
            title = max((metrics.horizontalAdvance(line) for line in str(
                model.headerData(position, Qt.Orientation.Horizontal) or "").split("\n")),
                        default=0)
            self._natural[position] = max(metrics.horizontalAdvance(sample), title) + 18
            self.setColumnWidth(position, self._natural[position])
        self._fill_width()
        if self.frozen is not None:
            self.frozen.follow_columns()

    def _fill_width(self) -> None:
        """Give the room left in the window to the stretch column (never less than its
        natural width, so a narrow window scrolls instead of squeezing names)."""
        model = self.grid_model()
        if model is None or self.stretch_column is None:
            return
        position = model.presenter.position(self.stretch_column)
        if position is None or position not in self._natural:
            return
        others = sum(self.columnWidth(p) for p in range(model.columnCount())
                     if p != position and not self.isColumnHidden(p))
        spare = self.viewport().width() - others
        self.setColumnWidth(position, max(self._natural[position], spare))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fill_width()

    def column_kind(self, index: QModelIndex) -> CellKind | None:
        kind = index.data(KIND_ROLE)
        return CellKind(kind) if kind is not None else None

    # ---------------------------------------------------------------- moving
    def _editable_positions(self) -> list[int]:
        model = self.grid_model()
        if model is None:
            return []
        return [position for position, column in enumerate(model.presenter.columns)
                if column in model.presenter.editable_columns
                and not self.isColumnHidden(position)]

    def moveCursor(self, action: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Tab and Shift+Tab go to the next cell that can be typed in, row after row."""
        current = self.currentIndex()
        editable = self._editable_positions()
        model = self.model()
        if action not in (QAbstractItemView.CursorAction.MoveNext,
                          QAbstractItemView.CursorAction.MovePrevious) or not editable \
                or model is None or not current.isValid():
            return super().moveCursor(action, modifiers)
        row, column = current.row(), current.column()
        if action == QAbstractItemView.CursorAction.MoveNext:
            after = [position for position in editable if position > column]
            if after:
                return model.index(row, after[0])
            return model.index(min(row + 1, model.rowCount() - 1), editable[0]) \
                if row + 1 < model.rowCount() else current
        before = [position for position in editable if position < column]
        if before:
            return model.index(row, before[-1])
        return model.index(row - 1, editable[-1]) if row > 0 else current

    def start_typing(self) -> None:
        """The keyboard in the grid, on the first cell that can be typed in (a sheet just
        started: the clerk types from the top)."""
        model = self.model()
        editable = self._editable_positions()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        if model is not None and model.rowCount() and editable:
            self._go(model.index(0, editable[0]))

    def _go(self, index: QModelIndex) -> None:
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def move_down(self) -> None:
        current = self.currentIndex()
        model = self.model()
        if current.isValid() and model is not None and current.row() + 1 < model.rowCount():
            self._go(model.index(current.row() + 1, current.column()))

    def closeEditor(self, editor: QWidget,
                    hint: QAbstractItemDelegate.EndEditHint) -> None:
        """After an edit, Enter goes down, Tab right, Shift+Tab left — without opening the
        next editor: typing there starts it."""
        # Qt hands the keyboard back to the grid only if the editor "has focus", which it
        # never has while the window is inactive (just after a dialog closed, say): the next
        # keys would then go to no cell at all. The window's focus widget is what counts.
        had_keyboard = editor is self.window().focusWidget()
        self._closing_editor = True
        try:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        finally:
            self._closing_editor = False
        if had_keyboard and self.window().focusWidget() is not self:
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.editing_done.emit()
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self.move_down()
        elif hint == QAbstractItemDelegate.EndEditHint.EditNextItem:
            self._go(self.moveCursor(QAbstractItemView.CursorAction.MoveNext,
                                     Qt.KeyboardModifier.NoModifier))
        elif hint == QAbstractItemDelegate.EndEditHint.EditPreviousItem:
            self._go(self.moveCursor(QAbstractItemView.CursorAction.MovePrevious,
                                     Qt.KeyboardModifier.NoModifier))

    def edit(self, index: QModelIndex, trigger: Any = None, event: Any = None) -> bool:  # type: ignore[override]
        if trigger is None:
            return super().edit(index)
        opened = super().edit(index, trigger, event)
        if opened and trigger == QAbstractItemView.EditTrigger.EditKeyPressed:
            editor = self.indexWidget(index)
            if isinstance(editor, QLineEdit):
                editor.deselect()  # F2: keep the text, cursor at the end
                editor.end(False)
        return opened

    # ---------------------------------------------------------------- keys
    def _handles(self, event: QKeyEvent) -> bool:
        return (event.matches(QKeySequence.StandardKey.Paste)
                or event.matches(QKeySequence.StandardKey.Copy)
                or event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
                or any(QKeySequence(event.keyCombination()) == keys for keys in _REDO_KEYS)
                or event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Return, Qt.Key.Key_Enter))

    def event(self, event: QEvent) -> bool:
        # Claim our keys before any window-wide shortcut sees them.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and self.state() != QAbstractItemView.State.EditingState \
                and self._handles(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.move_down()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
        elif event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
        elif event.matches(QKeySequence.StandardKey.Redo) or any(
                QKeySequence(event.keyCombination()) == keys for keys in _REDO_KEYS):
            self.redo()
        elif event.key() == Qt.Key.Key_Delete:
            self.clear_selection()
        elif self._check_key(event) or self._locked_key(event):
            pass
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _check_key(self, event: QKeyEvent) -> bool:
        """In a yes/no column, 1 and 0 (or x) set the box; Space toggles it."""
        index = self.currentIndex()
        if self.column_kind(index) != CellKind.CHECK or event.text() not in ("1", "0", "x",
                                                                             "X"):
            return False
        state = Qt.CheckState.Unchecked if event.text() == "0" else Qt.CheckState.Checked
        model = self.model()
        if model is None or not index.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            return False  # a box that cannot change: ``_locked_key`` says why
        model.setData(index, state, Qt.ItemDataRole.CheckStateRole)
        return True

    def _locked_key(self, event: QKeyEvent) -> bool:
        """Typing (or F2) on a cell of a data-entry grid that cannot change: say why, at the
        cell and in the status bar, instead of dropping the key without a word. Books with
        nothing to type in keep Qt's jump-to-a-row search."""
        index = self.currentIndex()
        model = self.grid_model()
        if model is None or not index.isValid() or not model.presenter.editable_columns \
                or index.flags() & Qt.ItemFlag.ItemIsEditable:
            return False
        text = event.text()
        typing = bool(text) and text.isprintable() and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if not typing and event.key() not in (Qt.Key.Key_F2, Qt.Key.Key_Backspace):
            return False
        model.presenter.refuse_typing(index.row(), model.column(index))
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()),
                          model.presenter.last_message, self.viewport(), rect)
        return True

    # ---------------------------------------------------------------- commands
    def selected_cells(self) -> list[QModelIndex]:
        cells = self.selectedIndexes()
        if not cells and self.currentIndex().isValid():
            cells = [self.currentIndex()]
        return sorted(cells, key=lambda index: (index.row(), index.column()))

    def paste(self) -> None:
        model = self.grid_model()
        text = QGuiApplication.clipboard().text()
        cells = self.selected_cells()
        if model is None or not cells or not text:
            return
        anchor = model.index(min(i.row() for i in cells), min(i.column() for i in cells))
        model.paste(anchor, text, cells)

    def copy(self) -> None:
        model = self.grid_model()
        if model is not None:
            QGuiApplication.clipboard().setText(model.copy_text(self.selected_cells()))

    def clear_selection(self) -> None:
        model = self.grid_model()
        if model is not None:
            model.clear(self.selected_cells())

    def undo(self) -> None:
        model = self.grid_model()
        if model is not None:
            model.undo()

    def redo(self) -> None:
        model = self.grid_model()
        if model is not None:
            model.redo()

    # Qt repaints the whole viewport when the view gains or loses the focus (selection
    # colours). Handing the focus to its own cell editor and back is not that: skipping it
    # keeps a committed cell from repainting every visible row.
    def focusOutEvent(self, event: QFocusEvent) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            return
        super().focusOutEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._closing_editor:
            return
        super().focusInEvent(event)

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:
        super().currentChanged(current, previous)
        model = self.grid_model()
        issue = model.issue(current) if model is not None else None
        if issue is not None:
            self.status.emit(issue.message)

    def _context_menu(self, point: QPoint) -> None:
        model = self.grid_model()
        menu = QMenu(self)
        if self.menu_actions:
            menu.addActions(self.menu_actions)
            menu.addSeparator()
        entries = [
            (_("Undo") + "\tCtrl+Z", self.undo, model is not None and model.presenter.can_undo),
            (_("Redo") + "\tCtrl+Y", self.redo, model is not None and model.presenter.can_redo),
            None,
            (_("Copy") + "\tCtrl+C", self.copy, True),
            (_("Paste") + "\tCtrl+V", self.paste, True),
            (_("Clear") + "\tDelete", self.clear_selection, True),
        ]
        for entry in entries:
            if entry is None:
                menu.addSeparator()
                continue
            text, slot, enabled = entry
            action = menu.addAction(text)
            action.setEnabled(bool(enabled))
            action.triggered.connect(slot)
        menu.popup(self.viewport().mapToGlobal(point))
