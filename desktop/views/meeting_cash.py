"""The cash panel of a meeting (DESIGN §3.5): opening cash expected from the last meeting,
money in and out, the closing cash that must be in the box, the treasurer's count, the
difference and its explanation."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.i18n import _
from desktop.models.formatting import format_amount
from desktop.models.meetings import CashPanel

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _amount_label(bold: bool = False) -> QLabel:
    label = QLabel()
    label.setAlignment(_RIGHT)
    label.setMinimumWidth(label.fontMetrics().horizontalAdvance("-99.999.999") + 8)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
    return label


class CashPanelBox(QGroupBox):
    """Shows a ``CashPanel``; emits ``count_entered(counted text, note)`` on Enter or the
    button."""

    count_entered = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Cash box at this meeting"), parent)
        # Two lines, like the foot of the paper form: what the box must hold, then the count.
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.opening = _amount_label()
        self.opening.setToolTip(_("The closing cash of the last meeting."))
        self.money_in = _amount_label()
        self.money_out = _amount_label()
        self.expected = _amount_label(bold=True)
        self.difference = _amount_label(bold=True)
        self.counted = QLineEdit()
        self.counted.setAlignment(_RIGHT)
        self.counted.setFixedWidth(self.expected.minimumWidth() + 24)
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("why the count differs"))
        self.note.setMinimumWidth(120)
        self.record = QPushButton(_("Record the count"))
        first = [(_("Opening cash"), self.opening), (_("Money in"), self.money_in),
                 (_("Money out"), self.money_out), (_("Expected closing cash"), self.expected)]
        second = [(_("Counted cash"), self.counted), (_("Difference"), self.difference),
                  (_("Explanation"), self.note)]
        for line, pairs in enumerate((first, second)):
            for number, (text, widget) in enumerate(pairs):
                label = QLabel(text)
                label.setToolTip(widget.toolTip())
                span = 2 if widget is self.note else 1  # the explanation takes more room
                grid.addWidget(label, line, 2 * number)
                grid.addWidget(widget, line, 2 * number + 1, 1, span)
        grid.addWidget(self.record, 1, 7)
        grid.setColumnStretch(8, 1)  # spare room to the right, figures beside their labels
        self.counted.returnPressed.connect(self._entered)
        self.note.returnPressed.connect(self._entered)
        self.record.clicked.connect(self._entered)

    def _entered(self) -> None:
        self.count_entered.emit(self.counted.text(), self.note.text())

    def show_panel(self, panel: CashPanel | None, editable: bool) -> None:
        """Fill the panel (``None``: no meeting yet)."""
        for label in (self.opening, self.money_in, self.money_out, self.expected,
                      self.difference):
            label.setText("")
        self.difference.setStyleSheet("")
        self.counted.setEnabled(editable and panel is not None)
        self.note.setEnabled(editable and panel is not None)
        self.record.setEnabled(editable and panel is not None)
        if panel is None:
            self.counted.clear()
            self.note.clear()
            return
        self.opening.setText(format_amount(panel.opening))
        self.money_in.setText(format_amount(panel.money_in))
        self.money_out.setText(format_amount(panel.money_out))
        self.expected.setText(format_amount(panel.expected_closing))
        if not self.counted.hasFocus():
            self.counted.setText(format_amount(panel.counted) if panel.counted is not None
                                 else "")
        if not self.note.hasFocus():
            self.note.setText(panel.note)
        difference = panel.difference
        if difference is not None:
            self.difference.setText(format_amount(difference))
            if difference:
                self.difference.setStyleSheet("color: #b00020;")
