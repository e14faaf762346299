"""Asking for the commune a new ledger belongs to: its 5-digit code, name and province."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.collation import nfc
from desktop.models.ledger_setup import LedgerSetup
from desktop.views.page_parts import Notice
from desktop.views.window_focus import run_modal


@dataclass(frozen=True)
class CommuneDetails:
    code: str
    name: str
    province: str


def commune_problem(details: CommuneDetails) -> str:
    """What is wrong with the details, as a sentence; empty when they are fine."""
    return LedgerSetup(details.code, details.name, details.province).commune_problem()


class CommuneDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("The commune of this ledger"))
        self.code = QLineEdit()
        self.code.setMaxLength(5)
        self.code.setPlaceholderText("04321")
        self.name = QLineEdit()
        self.name.setPlaceholderText("Xã Yên Bình")  # an example, not a text to translate
        self.province = QLineEdit()
        self.province.setPlaceholderText("Tỉnh Thái Nguyên")
        self.notice = Notice()
        form = QFormLayout()
        form.addRow(_("Commune code:"), self.code)
        form.addRow(_("Commune or ward:"), self.name)
        form.addRow(_("Province or city:"), self.province)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(_("OK"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def details(self) -> CommuneDetails:
        return CommuneDetails(self.code.text().strip(), nfc(" ".join(self.name.text().split())),
                              nfc(" ".join(self.province.text().split())))

    def accept(self) -> None:
        problem = commune_problem(self.details())
        if problem:
            self.notice.error(problem)
            return
        super().accept()


def ask_commune(parent: QWidget | None) -> CommuneDetails | None:
    """The commune's details, or ``None`` if the clerk cancelled."""
    dialog = CommuneDialog(parent)
    if run_modal(dialog) != QDialog.DialogCode.Accepted:
        return None
    return dialog.details()
