"""Cell editors: amounts (live totals while typing, marked red at once when the text is not
an amount), plain text, dates, choices, and a centred checkbox.

Every editor commits on Enter *synchronously* — Qt queues that commit, which would let the
view move down before the value is in — and hands the keyboard back to ``GridView``, which
decides where the cursor goes (Enter down, Tab right, Shift+Tab left).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QComboBox,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.i18n import _
from desktop.presenters.cells import CellKind
from desktop.views.grid.model import GridModel

INVALID_EDITOR_STYLE = "QLineEdit { background: #f8d0d0; }"


def _grid_model(index: QModelIndex) -> GridModel | None:
    model = index.model()
    return model if isinstance(model, GridModel) else None


class GridDelegate(QStyledItemDelegate):
    """A line editor whose Enter commits at once; the base of the other editors."""

    alignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    hint_text = ""  # grey text shown in an empty editor

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(self.alignment)
        if self.hint_text:
            editor.setPlaceholderText(self.hint_text)
        model = _grid_model(index)
        if model is not None:
            persistent = QPersistentModelIndex(index)
            editor.textEdited.connect(lambda text: self._typed(editor, model, persistent, text))
        return editor

    def _typed(self, editor: QLineEdit, model: GridModel, index: QPersistentModelIndex,
               text: str) -> None:
        issue = model.preview(index, text)
        editor.setStyleSheet(INVALID_EDITOR_STYLE if issue is not None else "")
        editor.setToolTip(issue.message if issue is not None else "")

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            # The view re-reads an open editor whenever its row changes — and the row
            # changes at each keystroke (live totals): never overwrite what is being typed.
            if not editor.isModified():
                editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def destroyEditor(self, editor: QWidget, index: QModelIndex) -> None:
        model = _grid_model(index)
        if model is not None:
            model.end_preview()
        super().destroyEditor(editor, index)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(
                    editor, QWidget):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.SubmitModelCache)
            return True
        return super().eventFilter(editor, event)


class AmountDelegate(GridDelegate):
    """Amounts and counts: right-aligned; ``1.234.567`` and ``1234567`` both go in."""

    alignment = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class DateDelegate(GridDelegate):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hint_text = _("dd/mm/yyyy")


class ChoiceDelegate(GridDelegate):
    """One of a closed list (sex, household, role); typing a letter picks the item."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex) -> QWidget:
        editor = QComboBox(parent)
        model = _grid_model(index)
        if model is not None:
            for choice in model.presenter.choices(model.column(index)):
                editor.addItem(choice.label, choice.value)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            position = editor.findText(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
            editor.setCurrentIndex(max(position, 0))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class CheckDelegate(QStyledItemDelegate):
    """A checkbox in the middle of the cell; a click or Space toggles it (and saves)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex) -> QWidget | None:
        return None

    def _box(self, option: QStyleOptionViewItem) -> QRect:
        style = option.widget.style() if option.widget else QApplication.style()
        check = QStyleOptionButton()
        size = style.subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, check,
                                    option.widget).size()
        rect = QRect(0, 0, size.width(), size.height())
        rect.moveCenter(option.rect.center())
        return rect

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget else QApplication.style()
        # The cell's background, selection and focus as usual, without its own indicator.
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        check = QStyleOptionButton()
        check.rect = self._box(option)
        checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        check.state = QStyle.StateFlag.State_On if checked else QStyle.StateFlag.State_Off
        if index.flags() & Qt.ItemFlag.ItemIsEditable:
            check.state |= QStyle.StateFlag.State_Enabled
        style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorCheckBox, check, painter,
                            opt.widget)

    def editorEvent(self, event: QEvent, model: QAbstractItemModel,
                    option: QStyleOptionViewItem, index: QModelIndex) -> bool:
        if not index.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            return False
        toggle = False
        if event.type() == QEvent.Type.MouseButtonRelease:
            toggle = option.rect.contains(event.position().toPoint())  # type: ignore[attr-defined]
        elif event.type() == QEvent.Type.MouseButtonDblClick:
            return True  # a double click is two toggles otherwise
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            toggle = event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select)
        if not toggle:
            return False
        checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        state = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
        return model.setData(index, state, Qt.ItemDataRole.CheckStateRole)


def delegate_for(kind: CellKind, parent: QObject) -> Any:
    """The editor for a column of ``kind``."""
    if kind in (CellKind.AMOUNT, CellKind.COUNT, CellKind.YEAR):
        return AmountDelegate(parent)
    if kind == CellKind.CHECK:
        return CheckDelegate(parent)
    if kind == CellKind.DATE:
        return DateDelegate(parent)
    if kind == CellKind.CHOICE:
        return ChoiceDelegate(parent)
    return GridDelegate(parent)
