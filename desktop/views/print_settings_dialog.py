"""Print settings of the ledger, in the window: the passbook booklet format and the printer
offsets (mm) found with the calibration page, the names on the signature lines, and the
regional words of amounts in words (nghìn/ngàn, linh/lẻ, tư/bốn)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.database import Ledger
from desktop.models.errors import LedgerError
from desktop.models.permissions import Actor
from desktop.models.print_settings import (
    FOUR_WORDS,
    MAX_OFFSET_MM,
    PASSBOOK_FORMATS,
    THOUSAND_WORDS,
    ZERO_TENS_WORDS,
    PrintSettings,
    load_print_settings,
    save_print_settings,
)
from desktop.models.words import amount_in_words
from desktop.views.ask import buttons
from desktop.views.dialogs import warn

SAMPLE_AMOUNT = 1_014_024  # shows all three regional choices at once


def _choice(values: tuple[str, ...] | list[str], current: str) -> QComboBox:
    box = QComboBox()
    box.addItems(list(values))
    box.setCurrentText(current)
    return box


def _offset(value: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(-MAX_OFFSET_MM, MAX_OFFSET_MM)
    spin.setDecimals(1)
    spin.setSingleStep(0.5)
    spin.setSuffix(" mm")
    spin.setValue(value)
    return spin


class PrintSettingsDialog(QDialog):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None,
                 actor: Actor | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.ledger = ledger
        with ledger.session() as session:
            self.settings = load_print_settings(session)
        current = self.settings
        self.setWindowTitle(_("Print settings"))
        self.passbook_format = _choice(PASSBOOK_FORMATS, current.passbook_format)
        self.offset_x = _offset(current.offset_x_mm)
        self.offset_y = _offset(current.offset_y_mm)
        self.place = QLineEdit(current.place_name)
        self.preparer = QLineEdit(current.preparer_name)
        self.union_chair = QLineEdit(current.union_chair_name)
        self.thousand = _choice(THOUSAND_WORDS, current.thousand_word)
        self.zero_tens = _choice(ZERO_TENS_WORDS, current.zero_tens_word)
        self.four = _choice(FOUR_WORDS, current.four_word)
        self.sample = QLabel()
        self.sample.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Format of new passbooks:"), self.passbook_format)
        form.addRow(_("Move passbook print right (negative: left):"), self.offset_x)
        form.addRow(_("Move passbook print down (negative: up):"), self.offset_y)
        form.addRow(_("Place on the place-and-date line:"), self.place)
        form.addRow(_("Prepared by (name):"), self.preparer)
        form.addRow(_("Chair of the union (name):"), self.union_chair)
        form.addRow(_("Thousand is read:"), self.thousand)
        form.addRow(_("A zero tens digit is read:"), self.zero_tens)
        form.addRow(_("Four after twenty is read:"), self.four)
        form.addRow(_("Amount in words:"), self.sample)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons(self, _("Save")))
        for box in (self.thousand, self.zero_tens, self.four):
            box.currentTextChanged.connect(self._show_sample)
        self._show_sample()

    def chosen(self) -> PrintSettings:
        return replace(
            self.settings,
            passbook_format=self.passbook_format.currentText(),
            offset_x_mm=round(self.offset_x.value(), 1),
            offset_y_mm=round(self.offset_y.value(), 1),
            place_name=" ".join(self.place.text().split()),
            preparer_name=" ".join(self.preparer.text().split()),
            union_chair_name=" ".join(self.union_chair.text().split()),
            thousand_word=self.thousand.currentText(),
            zero_tens_word=self.zero_tens.currentText(),
            four_word=self.four.currentText(),
        )

    def _show_sample(self) -> None:
        self.sample.setText(amount_in_words(SAMPLE_AMOUNT, **self.chosen().words_options()))

    def accept(self) -> None:
        try:
            with self.ledger.session() as session:
                save_print_settings(session, self.chosen(), self.actor)
        except LedgerError as error:
            warn(self, _("Print settings"), str(error))
            return
        super().accept()
