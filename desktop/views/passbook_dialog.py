"""Printing passbooks from the window: the dialog that asks whose booklet (the whole group or
one member) and how (the new lines, again from a booklet page, or a new booklet), showing
each booklet's state; then the print made in the background, the booklets refused because a
printed line has changed said in a message, and the lines recorded as printed only once the
clerk confirms the pages came out right.

    print_passbooks(window, context, group_id)             # the menu: the whole group
    print_passbooks(page, context, group_id, member_id)    # the members list: one member
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.errors import LedgerError
from desktop.presenters.passbook_print import PassbookChoices, PassbookRequest, PrintMode
from desktop.progress import Progress
from desktop.views.context import PageContext
from desktop.views.dialogs import show_error
from desktop.views.print_preview import print_in_background
from desktop.views.tasks import Task

MAX_BOOKLET_PAGES = 99


class PassbookPrintDialog(QDialog):
    """Whose passbooks and how; ``request()`` once accepted."""

    def __init__(self, choices: PassbookChoices, member_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices
        self.setWindowTitle(_("Print passbooks"))
        self.who = QComboBox()
        self.who.addItem(_("The whole group ({count} members)").format(
            count=len(choices.booklets)), None)
        for booklet in choices.booklets:
            mark = "  ⚠" if booklet.changed_line is not None else ""
            self.who.addItem(booklet.label + mark, booklet.member_id)
        self.new_lines = QRadioButton(_("The new lines, continuing each booklet"))
        self.from_page = QRadioButton(_("Again from booklet page:"))
        self.page = QSpinBox()
        self.page.setRange(1, MAX_BOOKLET_PAGES)
        self.new_booklet = QRadioButton(_("Every line from page 1, into a new booklet"))
        self.modes = QButtonGroup(self)
        for button in (self.new_lines, self.from_page, self.new_booklet):
            self.modes.addButton(button)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setMinimumWidth(420)
        page_row = QHBoxLayout()
        page_row.addWidget(self.from_page)
        page_row.addWidget(self.page)
        page_row.addStretch(1)
        form = QFormLayout()
        form.addRow(_("Passbook of:"), self.who)
        modes = QVBoxLayout()
        modes.addWidget(self.new_lines)
        modes.addLayout(page_row)
        modes.addWidget(self.new_booklet)
        form.addRow(_("Print:"), modes)
        buttons = QDialogButtonBox()
        self.print_button = buttons.addButton(_("Print…"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.state)
        layout.addWidget(buttons)
        self.page.valueChanged.connect(lambda _value: self.from_page.setChecked(True))
        self.who.currentIndexChanged.connect(lambda _index: self._chosen())
        if member_id is not None:
            self.who.setCurrentIndex(max(self.who.findData(member_id), 0))
        self._chosen()

    @property
    def member_id(self) -> int | None:
        data = self.who.currentData()
        return None if data is None else int(data)

    def _chosen(self) -> None:
        """Show the chosen booklet's state and offer what it needs."""
        member_id = self.member_id
        mode, page = self.choices.suggested(member_id)
        self.page.blockSignals(True)
        self.page.setValue(page)
        self.page.blockSignals(False)
        {PrintMode.NEW_LINES: self.new_lines, PrintMode.FROM_PAGE: self.from_page,
         PrintMode.NEW_BOOKLET: self.new_booklet}[mode].setChecked(True)
        text = self.choices.describe(member_id)
        changed = (member_id is not None and self.choices.booklet(member_id).changed_line
                   is not None) or (member_id is None and bool(self.choices.changed))
        self.state.setText(("⚠ " if changed else "") + text)
        self.state.setStyleSheet("color: #9b1c1c;" if changed else "")

    def mode(self) -> PrintMode:
        if self.from_page.isChecked():
            return PrintMode.FROM_PAGE
        if self.new_booklet.isChecked():
            return PrintMode.NEW_BOOKLET
        return PrintMode.NEW_LINES

    def request(self) -> PassbookRequest:
        return self.choices.request(self.member_id, self.mode(), self.page.value())


def print_passbooks(parent: QWidget | None, context: PageContext, group_id: int,
                    member_id: int | None = None) -> Task | None:
    """Ask whose passbooks and how, then print them (None when the clerk cancels)."""
    try:
        choices = PassbookChoices(context.ledger, group_id)
    except LedgerError as error:
        show_error(parent, _("Print passbooks"), error)
        return None
    dialog = PassbookPrintDialog(choices, member_id, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    request = dialog.request()
    name = choices.group_code
    if request.member_ids is not None:
        name += "_" + choices.booklet(request.member_ids[0]).code
    return start_passbook_print(parent, context, group_id, request,
                                suggested_name=f"so_thanh_vien_{name}.pdf")


def start_passbook_print(parent: QWidget | None, context: PageContext, group_id: int,
                         request: PassbookRequest, *, suggested_name: str = "") -> Task:
    """Make the passbooks of ``request`` in the background and preview them; the booklets
    refused are said first; the lines are recorded once the clerk confirms the print."""
    ledger = context.ledger

    def work(progress: Progress) -> Any:
        from desktop.models.group import Group
        from desktop.models.personal_data import record_disclosure
        from desktop.models.print_settings import load_print_settings
        from desktop.printing.passbook import make_passbooks

        with ledger.session() as session:
            result = make_passbooks(session, session.get(Group, group_id),
                                    load_print_settings(session), member_ids=request.member_ids,
                                    reprint=request.reprint, from_page=request.from_page,
                                    progress=progress)
            # Members' passbooks leave the screen: who printed them is in the audit log.
            record_disclosure(session, context.actor, "passbooks", group_id,
                              file=suggested_name)
            return result

    def refusals(result: Any) -> list[str]:
        from desktop.models.passbook import changed_message

        return [changed_message(book) for book in result.refused]

    def printed(result: Any) -> None:
        from desktop.models.passbook import mark_printed

        try:
            with ledger.session() as session:
                mark_printed(session, result.books, context.actor)
        except LedgerError as error:
            show_error(parent, _("Print passbooks"), error)
            return
        context.status(_("Recorded {lines} lines of {count} passbooks as printed.").format(
            lines=sum(len(book.new_lines) for book in result.books), count=len(result.books)))

    return print_in_background(parent, _("Printing passbooks"), work, on_printed=printed,
                               suggested_name=suggested_name, warnings=refusals)
