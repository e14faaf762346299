"""Người dùng và bảo mật: the administrator adds users, disables and enables them (never
deletes: the audit log keeps naming them), resets a password, changes a role; and sets the
screen lock and the retention period of members' personal data."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.errors import LedgerError
from desktop.models.permissions import Role, role_name
from desktop.models.security_settings import (
    LOCK_MINUTES,
    RETENTION_YEARS,
    SecuritySettings,
    load_security_settings,
    save_security_settings,
)
from desktop.models.users import (
    UserRow,
    add_user,
    change_role,
    check_password,
    list_users,
    reset_password,
    set_disabled,
)
from desktop.views.context import PageContext
from desktop.views.dialogs import problem_label
from desktop.views.window_focus import run_modal


def _role_combo(selected: Role = Role.CLERK) -> QComboBox:
    combo = QComboBox()
    for role in (Role.CLERK, Role.BOARD, Role.VIEWER, Role.ADMIN):
        combo.addItem(role_name(role), role.value)
    combo.setCurrentIndex(max(combo.findData(selected.value), 0))
    return combo


class PasswordDialog(QDialog):
    """A new user, or a new password for one: the password twice (and, for a new user, the
    name, full name and role)."""

    def __init__(self, parent: QWidget | None, title: str, new_user: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.name = QLineEdit()
        self.display_name = QLineEdit()
        self.role = _role_combo()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        if new_user:
            form.addRow(_("User name"), self.name)
            form.addRow(_("Full name"), self.display_name)
            form.addRow(_("Role"), self.role)
        form.addRow(_("Password"), self.password)
        form.addRow(_("The same password again"), self.again)
        self.error = problem_label()
        box = QDialogButtonBox(self)
        ok = box.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        box.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(box)

    def accept(self) -> None:
        if self.password.text() != self.again.text():
            self.error.setText(_("The two passwords differ."))
            return
        try:
            check_password(self.password.text())
        except LedgerError as error:
            self.error.setText(str(error))
            return
        super().accept()


class UsersDialog(QDialog):
    """``ask`` is how a question dialog is shown (tests answer it without a loop)."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ask = run_modal
        self.setWindowTitle(_("Users and security"))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([_("User name"), _("Full name"), _("Role"),
                                              _("Last sign-in"), _("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.add_button = QPushButton(_("Add a user…"))
        self.add_button.clicked.connect(self.add)
        self.disable_button = QPushButton(_("Disable"))
        self.disable_button.clicked.connect(self.toggle_disabled)
        self.password_button = QPushButton(_("New password…"))
        self.password_button.clicked.connect(self.new_password)
        self.role = _role_combo()
        self.role_button = QPushButton(_("Change the role"))
        self.role_button.clicked.connect(self.change_role)
        buttons = QHBoxLayout()
        for widget in (self.add_button, self.disable_button, self.password_button, self.role,
                       self.role_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(*LOCK_MINUTES)
        self.lock_minutes.setSuffix(" " + _("minutes"))
        self.retention_years = QSpinBox()
        self.retention_years.setRange(*RETENTION_YEARS)
        self.retention_years.setSuffix(" " + _("years"))
        settings_form = QFormLayout()
        settings_form.addRow(_("Lock the window after, without use"), self.lock_minutes)
        settings_form.addRow(_("A member who left may be anonymised after"),
                             self.retention_years)
        self.save_settings_button = QPushButton(_("Save the settings"))
        self.save_settings_button.clicked.connect(self.save_settings)
        settings_form.addRow("", self.save_settings_button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = QLabel(_("Users are never deleted: a user who no longer works here is disabled, "
                        "so that the audit log keeps naming who did what."))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(settings_form)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(760, 480)
        self.users: list[UserRow] = []
        self.reload()

    def reload(self) -> None:
        with self.context.ledger.session() as session:
            self.users = list_users(session)
            settings = load_security_settings(session)
        self.lock_minutes.setValue(settings.lock_minutes)
        self.retention_years.setValue(settings.retention_years)
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            last = user.last_sign_in.strftime("%d/%m/%Y %H:%M") if user.last_sign_in else ""
            state = _("disabled") if user.disabled else _("enabled")
            for column, text in enumerate((user.name, user.display_name, role_name(user.role),
                                           last, state)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()  # a handful of users: measuring them is cheap
        self._selection_changed()

    def selected(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows else None

    def select(self, name: str) -> None:
        for row, user in enumerate(self.users):
            if user.name == name:
                self.table.selectRow(row)

    def _selection_changed(self) -> None:
        user = self.selected()
        for button in (self.disable_button, self.password_button, self.role_button):
            button.setEnabled(user is not None)
        if user is not None:
            self.disable_button.setText(_("Enable") if user.disabled else _("Disable"))
            self.role.setCurrentIndex(max(self.role.findData(user.role.value), 0))

    def _do(self, work: object, said: str, name: str) -> bool:
        try:
            with self.context.ledger.session() as session:
                work(session)  # type: ignore[operator]
        except LedgerError as error:
            self.message.setText(str(error))
            return False
        self.reload()
        self.select(name)
        self.message.setText(said)
        return True

    def add(self) -> None:
        dialog = PasswordDialog(self, _("Add a user"), new_user=True)
        if self.ask(dialog) != QDialog.DialogCode.Accepted:
            return
        name = dialog.name.text().strip().lower()
        self._do(lambda session: add_user(
            session, self.context.actor, dialog.name.text(), Role(dialog.role.currentData()),
            dialog.password.text(), dialog.display_name.text()),
            _("Added the user {name}.").format(name=name), name)

    def toggle_disabled(self) -> None:
        user = self.selected()
        if user is None:
            return
        said = _("{name} is enabled.") if user.disabled else _("{name} is disabled.")
        self._do(lambda session: set_disabled(session, self.context.actor, user.name,
                                              not user.disabled),
                 said.format(name=user.name), user.name)

    def new_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = PasswordDialog(self, _("New password for {name}").format(name=user.name),
                                new_user=False)
        if self.ask(dialog) != QDialog.DialogCode.Accepted:
            return
        self._do(lambda session: reset_password(session, self.context.actor, user.name,
                                                dialog.password.text()),
                 _("{name} has a new password.").format(name=user.name), user.name)

    def change_role(self) -> None:
        user = self.selected()
        if user is None:
            return
        role = Role(self.role.currentData())
        self._do(lambda session: change_role(session, self.context.actor, user.name, role),
                 _("{name} is now {role}.").format(name=user.name, role=role_name(role)),
                 user.name)

    def save_settings(self) -> None:
        settings = SecuritySettings(self.lock_minutes.value(), self.retention_years.value())
        self._do(lambda session: save_security_settings(session, self.context.actor,
                                                        settings),
                 _("The settings are saved."), "")
