"""The members register page of a group (sổ danh sách thành viên): search as you type,
sort by any column (in SQL; Vietnamese name order first), edit in the grid, add a member,
record a member leaving, print a member's passbook (right-click menu)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.presenters.members import MemberColumn, MembersPresenter
from desktop.views.context import PageContext
from desktop.views.dialogs import confirm
from desktop.views.grid.model import GridModel
from desktop.views.grid.view import GridView
from desktop.views.member_dialogs import AddMemberDialog, LeaveDialog
from desktop.views.window_focus import run_modal

# Above this many lines a search waits for a pause in typing instead of running per key.
_INSTANT_SEARCH_LIMIT = 5000


class MembersPage(QWidget):
    """``open_dialog`` is an attribute so that tests can drive the dialogs."""

    def __init__(self, context: PageContext, group_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.open_dialog: Callable[[QDialog], int] = run_modal
        self.confirm: Callable[..., bool] = confirm
        self.presenter = MembersPresenter(context.ledger, context.actor, group_id)
        self.model = GridModel(self.presenter, self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self._run_search)
        self._build()
        self.model.status_message.connect(context.status)
        self.presenter.saved_callbacks.append(context.ledger_changed)
        self.model.modelReset.connect(self._show_count)
        self._show_count()

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name or code (without accents works too)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_typed)
        self.include_left = QCheckBox(_("Show members who left"))
        self.include_left.setChecked(self.presenter.include_left)
        self.include_left.toggled.connect(self.presenter.set_include_left)
        self.count = QLabel()
        self.add_button = QPushButton(_("New member…"))
        self.add_button.clicked.connect(self.add_member)
        self.leave_button = QPushButton(_("Member leaves…"))
        self.leave_button.clicked.connect(self.member_leaves)
        self.anonymise_button = QPushButton(_("Anonymise…"))
        self.anonymise_button.setToolTip(_("Replace the name, ID number, phone and year of "
                                           "birth of a member who left long ago; the money "
                                           "history stays."))
        self.anonymise_button.clicked.connect(self.anonymise)
        self.anonymise_button.setVisible(self.presenter.may_anonymise)
        can_enter = not self.presenter.read_only and self.presenter.group_id is not None
        self.add_button.setEnabled(can_enter)
        self.leave_button.setEnabled(can_enter)
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.include_left)
        top.addWidget(self.count)
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.leave_button)
        top.addWidget(self.anonymise_button)

        self.grid = GridView()
        self.grid.wide_columns = {MemberColumn.NAME: "Nguyễn Thị Minh Nguyệt",
                                  MemberColumn.SEX: "Nam", MemberColumn.CODE: "TV999",
                                  MemberColumn.ROLE: "Người giữ chìa khóa",
                                  MemberColumn.VILLAGE: "Thôn Đông Bắc",
                                  MemberColumn.PHONE: "0912 345 678",
                                  MemberColumn.LEAVE_REASON: "Chuyển đi nơi khác",
                                  MemberColumn.ID_NUMBER: "001234567890",
                                  MemberColumn.CONSENT_METHOD: "Giấy có chữ ký"}
        self.grid.stretch_column = MemberColumn.LEAVE_REASON
        self.grid.setModel(self.model)
        self.print_passbook_action = QAction(_("Print this member's passbook…"), self)
        self.print_passbook_action.triggered.connect(lambda _checked=False: self.print_passbook())
        self.print_passbook_action.setEnabled(self.presenter.group_id is not None)
        self.grid.menu_actions.append(self.print_passbook_action)
        header = self.grid.horizontalHeader()
        header.setSortIndicator(MemberColumn.NAME, Qt.SortOrder.AscendingOrder)
        self.grid.setSortingEnabled(True)
        header.setSectionsClickable(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.grid, 1)

    def _show_count(self) -> None:
        self.count.setText(_("{count} members").format(count=self.presenter.row_count()))

    def _search_typed(self, _text: str) -> None:
        if self.presenter.row_count() > _INSTANT_SEARCH_LIMIT or self._search_timer.isActive():
            self._search_timer.start()
        else:
            self._run_search()

    def _run_search(self) -> None:
        self.presenter.set_search(self.search.text())

    def add_member(self) -> bool:
        dialog = AddMemberDialog(self.presenter, self)
        if self.open_dialog(dialog) != QDialog.DialogCode.Accepted or dialog.added_row is None:
            return False
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.grid.setCurrentIndex(self.model.index(dialog.added_row, MemberColumn.NAME))
        self.grid.scrollTo(self.grid.currentIndex())
        self.context.ledger_changed()
        return True

    def member_leaves(self) -> bool:
        current = self.grid.currentIndex()
        if not current.isValid():
            self.context.status(_("Choose the member who leaves in the list first."))
            return False
        dialog = LeaveDialog(self.presenter, current.row(), self)
        if self.open_dialog(dialog) != QDialog.DialogCode.Accepted:
            return False
        self.context.ledger_changed()
        return True

    def anonymise(self) -> bool:
        current = self.grid.currentIndex()
        if not current.isValid():
            self.context.status(_("Choose the member in the list first."))
            return False
        member = self.presenter.member(current.row())
        if not self.confirm(self, _("Anonymise a member"), _(
                "Replace the name, ID number, phone and year of birth of {code} {name} for "
                "good? The money history stays, so the books still balance; this cannot be "
                "undone.").format(code=member.code, name=member.full_name)):
            return False
        done = self.presenter.anonymise(current.row())
        if done:
            self.context.ledger_changed()
        return done

    def print_passbook(self) -> bool:
        """The passbook print dialog, with the member of the current row chosen."""
        current = self.grid.currentIndex()
        if not current.isValid() or self.presenter.group_id is None:
            self.context.status(_("Choose the member in the list first."))
            return False
        from desktop.views.passbook_dialog import print_passbooks  # loads the printing code

        member_id = int(self.presenter.key(current.row()))  # type: ignore[call-overload]
        return print_passbooks(self, self.context, self.presenter.group_id,
                               member_id) is not None

    def refresh(self) -> None:
        """Re-read the register (deferred while a cell is being edited)."""
        if self.grid.state() == QAbstractItemView.State.EditingState:
            return
        current = self.grid.currentIndex()
        self.presenter.reload()
        if current.isValid() and current.row() < self.model.rowCount():
            self.grid.setCurrentIndex(self.model.index(current.row(), current.column()))
