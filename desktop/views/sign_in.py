"""The window's questions about who is working: signing in when a ledger opens, a board
member approving one step on the spot, the password again after the window locked, and the
first administrator of a new ledger (or of a ledger made before users existed).

A password is checked off the GUI thread (``signin``: a wrong one waits a little longer each
time, and the window must not freeze meanwhile); the dialog stays open and says why when it
is refused. ``sleeper`` is an attribute so that tests count the waits instead of waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.database import Ledger
from desktop.models.errors import LedgerError
from desktop.models.permissions import Action, Actor
from desktop.models.signin import Sleeper, approve, sign_in
from desktop.views.dialogs import problem_label
from desktop.views.tasks import Task, run_task


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(240)
    return field


class CredentialDialog(QDialog):
    """A name and a password, checked in the background by each dialog's own ``check``;
    ``actor`` is the result once accepted."""

    check: Callable[[str, str], Actor]

    def __init__(self, parent: QWidget | None, title: str, intro: str, ok_text: str,
                 fixed_name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.actor: Actor | None = None
        self.sleeper: Sleeper = time.sleep
        self.task: Task | None = None
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.name = QLineEdit(fixed_name)
        self.name.setReadOnly(bool(fixed_name))
        self.password = _password_field()
        self.form = QFormLayout()
        self.form.addRow(_("User name"), self.name)
        self.form.addRow(_("Password"), self.password)
        self.error = problem_label()
        self.box = QDialogButtonBox(self)
        self.ok = self.box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.cancel_button = self.box.addButton(_("Cancel"),
                                                QDialogButtonBox.ButtonRole.RejectRole)
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.box)
        (self.password if fixed_name else self.name).setFocus()

    def accept(self) -> None:
        if self.task is not None:
            return  # a check is under way
        name, password = self.name.text().strip(), self.password.text()
        if not name or not password:
            self.error.setText(_("Type the user name and the password."))
            return
        self.error.setText(_("Checking the password…"))
        self.ok.setEnabled(False)
        task = run_task(self, self.windowTitle(), lambda _progress: self.check(name, password))
        task.without_progress().on_success(self._checked).on_failure(self._refused)
        self.task = task
        task.start()

    def _checked(self, actor: Actor) -> None:
        self.task = None
        self.actor = actor
        self.password.clear()
        super().accept()

    def _refused(self, error: BaseException) -> None:
        self.task = None
        self.ok.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.error.setText(str(error) if isinstance(error, LedgerError) else _(
            "The password could not be checked; try again."))

    def reject(self) -> None:
        if self.task is None:
            super().reject()


class SignInDialog(CredentialDialog):
    """Đăng nhập: before the window shows a ledger."""

    def __init__(self, ledger: Ledger, file_name: str, hint: str = "",
                 parent: QWidget | None = None) -> None:
        intro = _("Sign in to open the ledger {file}.").format(file=file_name)
        if hint:
            intro += "\n\n" + hint
        super().__init__(parent, _("Sign in"), intro, _("Sign in"))
        self.ledger = ledger

    def check(self, name: str, password: str) -> Actor:
        return sign_in(self.ledger, name, password, sleep=self.sleeper)


class ApprovalDialog(CredentialDialog):
    """A board member approves one step for the user signed in (the clerk types, the board
    approves with their own name and password); the audit log names both."""

    def __init__(self, ledger: Ledger, actor: Actor, action: Action, what: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, _("The board approves"), _(
            "{what} needs the board. A board member types their own user name and password "
            "to approve it for {user}.").format(what=what, user=actor.name), _("Approve"))
        self.ledger, self.for_actor, self.action = ledger, actor, action

    def check(self, name: str, password: str) -> Actor:
        return approve(self.ledger, self.for_actor, self.action, name, password,
                       sleep=self.sleeper)


class UnlockDialog(CredentialDialog):
    """The window locked after an idle time: the same user's password opens it again, with
    everything as it was (typing not yet saved included). It covers the window, so that
    nothing of the books shows meanwhile; *Close the ledger* is the other way out."""

    def __init__(self, ledger: Ledger, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("The window is locked"), _(
            "The window was locked after a while without use. {user}, type your password to "
            "go on where you were.").format(user=actor.name), _("Unlock"), actor.name)
        self.ledger, self.for_actor = ledger, actor
        self.close_ledger = QPushButton(_("Close the ledger"))
        self.box.removeButton(self.cancel_button)
        self.box.addButton(self.close_ledger, QDialogButtonBox.ButtonRole.RejectRole)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)

    def check(self, name: str, password: str) -> Actor:
        actor = sign_in(self.ledger, self.for_actor.name, password, sleep=self.sleeper)
        return actor

    def cover(self, window: QWidget) -> None:
        """Lie over ``window`` whole (its books out of sight)."""
        self.setGeometry(window.frameGeometry())


@dataclass(frozen=True)
class NewAdmin:
    """The first administrator of a ledger, as typed (the password goes to the hash only)."""

    name: str
    password: str
    display_name: str = ""


class NewAdminDialog(QDialog):
    """The first step of a new ledger (and of a ledger from before users existed): its
    administrator's user name, full name and password (twice)."""

    def __init__(self, parent: QWidget | None = None, *, existing: str = "",
                 validate: Callable[[str, str], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("The ledger's administrator"))
        self.admin: NewAdmin | None = None
        if existing:
            text = _("The ledger {file} was made before users and passwords. Make its "
                     "administrator now: only signed-in users may open it from now "
                     "on.").format(file=existing)
        else:
            text = _("Every ledger has an administrator, who adds the other users (clerks, "
                     "board members, viewers) and may do everything. Remember the password: "
                     "it is kept only as a hash and nobody can read it back.")
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.name = QLineEdit("admin")
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText(_("e.g. Nguyễn Thị Hoa"))
        self.password = _password_field()
        self.again = _password_field()
        form = QFormLayout()
        form.addRow(_("User name"), self.name)
        form.addRow(_("Full name"), self.display_name)
        form.addRow(_("Password"), self.password)
        form.addRow(_("The same password again"), self.again)
        self.error = problem_label()
        box = QDialogButtonBox(self)
        ok = box.addButton(_("Make the administrator"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        box.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(box)
        self.password.setFocus()

    def accept(self) -> None:
        from desktop.models.users import check_name, check_password

        if self.password.text() != self.again.text():
            self.error.setText(_("The two passwords differ."))
            return
        try:
            name = check_name(self.name.text())
            check_password(self.password.text())
        except LedgerError as error:
            self.error.setText(str(error))
            return
        self.admin = NewAdmin(name, self.password.text(), self.display_name.text().strip())
        super().accept()
