"""The cash panel of a meeting (DESIGN §3.5): opening cash expected from the last meeting,
money in and out, the closing cash that must be in the box, the treasurer's count, the
difference and its explanation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.i18n import _
from desktop.models.formatting import format_amount
from desktop.models.meetings import CashPanel
from desktop.views.grid.delegates import INVALID_EDITOR_STYLE

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
    """Shows a ``CashPanel``. The difference follows the counted cash as it is typed
    (``difference_of`` reads the text: the page gives it the presenter's); leaving either
    field (Enter, Tab, a click elsewhere) emits ``count_entered(counted text, note)`` when
    what it holds differs from what is saved."""

    count_entered = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Cash box at this meeting"), parent)
        self.difference_of: Callable[[str], tuple[int | None, str]] | None = None
        self._saved: tuple[str, str] = ("", "")
        self._meeting: object = None  # the meeting whose panel is shown
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
        self.counted.setToolTip(_("What the treasurer counted in the box. It is saved when "
                                  "you leave the field."))
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("why the count differs"))
        self.note.setMinimumWidth(120)
        # Three short lines, so that the panel and the constitution checks beside it fit a
        # 1366-pixel screen: what came in and out, what the box must hold against what was
        # counted, and why they differ.
        lines = [
            [(_("Opening cash"), self.opening), (_("Money in"), self.money_in),
             (_("Money out"), self.money_out)],
            [(_("Expected closing cash"), self.expected), (_("Counted cash"), self.counted),
             (_("Difference"), self.difference)],
            [(_("Explanation"), self.note)],
        ]
        for line, pairs in enumerate(lines):
            for number, (text, widget) in enumerate(pairs):
                label = QLabel(text)
                label.setToolTip(widget.toolTip())
                span = 5 if widget is self.note else 1  # the explanation takes the line
                grid.addWidget(label, line, 2 * number)
                grid.addWidget(widget, line, 2 * number + 1, 1, span)
        grid.setColumnStretch(6, 1)  # spare room to the right, figures beside their labels
        self.counted.textEdited.connect(self._show_difference)
        self.counted.editingFinished.connect(self._entered)
        self.note.editingFinished.connect(self._entered)

    def fields(self) -> tuple[str, str]:
        """What the two fields hold now (counted cash as typed, explanation)."""
        return self.counted.text(), self.note.text()

    def _entered(self) -> None:
        if self.counted.isEnabled() and self.fields() != self._saved:
            self.count_entered.emit(*self.fields())

    def _show_difference(self, text: str) -> None:
        if self.difference_of is None:
            return
        difference, problem = self.difference_of(text)
        self.counted.setStyleSheet(INVALID_EDITOR_STYLE if problem else "")
        self.counted.setToolTip(problem)
        self._show_amount(difference)

    def _show_amount(self, difference: int | None) -> None:
        self.difference.setText(format_amount(difference) if difference is not None else "")
        self.difference.setStyleSheet("color: #b00020;" if difference else "")

    def show_panel(self, panel: CashPanel | None, editable: bool, meeting: object = None
                   ) -> None:
        """Fill the panel of ``meeting`` (``None``: no meeting yet). A field of the same
        meeting being typed in, or holding typing not saved, keeps its text (and the
        difference shown for it)."""
        same = editable and meeting == self._meeting
        for label in (self.opening, self.money_in, self.money_out, self.expected,
                      self.difference):
            label.setText("")
        self.difference.setStyleSheet("")
        self.counted.setEnabled(editable and panel is not None)
        self.note.setEnabled(editable and panel is not None)
        if panel is None:
            self._meeting = None
            self._saved = ("", "")
            self.counted.clear()
            self.note.clear()
            return
        self.opening.setText(format_amount(panel.opening))
        self.money_in.setText(format_amount(panel.money_in))
        self.money_out.setText(format_amount(panel.money_out))
        self.expected.setText(format_amount(panel.expected_closing))
        # A field whose text is not what was saved holds typing not saved yet (being typed,
        # refused, or refused because another clerk counted meanwhile): it is kept.
        self._meeting = meeting
        typed = (same and (self.counted.hasFocus() or self.counted.text() != self._saved[0]),
                 same and (self.note.hasFocus() or self.note.text() != self._saved[1]))
        self._saved = (format_amount(panel.counted) if panel.counted is not None else "",
                       panel.note)
        if not typed[0]:
            self.counted.setText(self._saved[0])
            self.counted.setStyleSheet("")
        if not typed[1]:
            self.note.setText(panel.note)
        if self.counted.text() != self._saved[0]:
            self._show_difference(self.counted.text())
        else:
            self._show_amount(panel.difference)
