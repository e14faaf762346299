"""File ▸ *Sao lưu…* and *Khôi phục…*: the dialogs, and the work they start in the background.

*Sao lưu…* writes a verified copy where the clerk chooses (a USB stick), encrypted with a
passphrase if she ticks it. *Khôi phục…* lists the ledger's backups with what each holds and
restores the one chosen — into a new ledger file, or over the current ledger after a backup of
it. The copying, checking and encrypting run off the GUI thread (``run_task``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.backups import BackupRecord, Policy
from desktop.presenters.backup_list import BackupRow, backup_rows, chosen_file_row, holds_text
from desktop.presenters.backup_list import restored_name as restored_path
from desktop.progress import Progress
from desktop.views.page_parts import Notice
from desktop.views.screen_fit import fit_to_screen
from desktop.views.tasks import Task, run_task
from desktop.views.window_focus import run_modal

FAILED = QColor("#b3261e")


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox()
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setDefault(True)
    buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class BackupDialog(QDialog):
    """Where to write the backup, and whether to encrypt it."""

    def __init__(self, ledger: Path, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.models.backups import manual_name
        from desktop.models.clock import now

        self.ledger = ledger
        self.setWindowTitle(_("Back up the ledger"))
        intro = QLabel(_("A copy of {file} is written and checked. Keep it on another disk or a "
                         "USB stick, away from this computer.").format(file=ledger.name))
        intro.setWordWrap(True)
        self.target = QLineEdit(str(Path(folder) / manual_name(ledger, now(), False)))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._choose)
        where = QHBoxLayout()
        where.addWidget(self.target, 1)
        where.addWidget(browse)
        self.encrypt = QCheckBox(_("Encrypt the copy with a passphrase (for a USB stick)"))
        self.passphrase = _password_field()
        self.again = _password_field()
        form = QFormLayout()
        form.addRow(_("Backup file:"), where)
        form.addRow(self.encrypt)
        form.addRow(_("Passphrase:"), self.passphrase)
        form.addRow(_("The passphrase again:"), self.again)
        hint = QLabel(_("Without the passphrase the copy cannot be restored by anyone, you "
                        "included: write it down and keep it apart from the stick."))
        hint.setWordWrap(True)
        form.addRow(hint)
        self.encrypt.toggled.connect(self._encrypting)
        self._encrypting(False)
        self.notice = Notice()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.notice)
        layout.addStretch(1)
        layout.addWidget(_buttons(self, _("Back up")))
        fit_to_screen(self, 560, 300)

    def _encrypting(self, on: bool) -> None:
        for field in (self.passphrase, self.again):
            field.setEnabled(on)
        name = Path(self.target.text())
        text = str(name)
        if on and text.endswith(".sqlite"):
            self.target.setText(text + ".enc")
        elif not on and text.endswith(".sqlite.enc"):
            self.target.setText(text[:-4])

    def _choose(self) -> None:
        path, _chosen = QFileDialog.getSaveFileName(
            self, _("Back up the ledger"), self.target.text(),
            _("Backups (*.sqlite *.enc)") + ";;" + _("All files (*)"))
        if path:
            self.target.setText(path)

    def chosen(self) -> tuple[Path, str | None]:
        passphrase = self.passphrase.text() if self.encrypt.isChecked() else None
        return Path(self.target.text().strip()).expanduser(), passphrase

    def accept(self) -> None:
        from desktop.models.backup_crypto import MIN_PASSPHRASE

        target, passphrase = self.chosen()
        if not target.name:
            self.notice.error(_("Choose where to write the backup."))
            return
        if target.exists() and not target.is_dir():
            self.notice.error(_("The file {file} already exists; a backup is never written "
                                "over another file. Choose another name.").format(file=target))
            return
        if passphrase is not None:
            if len(passphrase) < MIN_PASSPHRASE:
                self.notice.error(_("The passphrase must have at least {count} characters.")
                                  .format(count=MIN_PASSPHRASE))
                return
            if passphrase != self.again.text():
                self.notice.error(_("The two passphrases differ."))
                return
        super().accept()


class PassphraseDialog(QDialog):
    def __init__(self, backup: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Passphrase of the backup"))
        label = QLabel(_("The backup {file} is encrypted. Type its passphrase:").format(
            file=backup.name))
        label.setWordWrap(True)
        self.passphrase = _password_field()
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.passphrase)
        layout.addWidget(_buttons(self, _("OK")))
        fit_to_screen(self, 420, 140)


def ask_passphrase(parent: QWidget | None, backup: Path) -> str | None:
    dialog = PassphraseDialog(backup, parent)
    if run_modal(dialog) != QDialog.DialogCode.Accepted:
        return None
    return dialog.passphrase.text()


@dataclass(frozen=True)
class RestoreChoice:
    backup: Path
    over: bool
    target: Path
    encrypted: bool


class RestoreDialog(QDialog):
    """The backups of the ledger to choose from, and where to restore the one chosen."""

    COLUMNS = 5

    def __init__(self, ledger: Path, policy: Policy, *, can_replace: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.setWindowTitle(_("Restore a backup"))
        self.rows: list[BackupRow] = backup_rows(ledger, policy)
        intro = QLabel(_("Backups of {file}, the newest first. Choose the one to restore.")
                       .format(file=ledger.name))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels([_("Made"), _("Why"), _("What it holds"),
                                              _("Size"), _("Check")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selected)
        other = QPushButton(_("Another backup file…"))
        other.clicked.connect(self._choose_file)
        self.into_new = QRadioButton(_("Into a new ledger file:"))
        self.new_path = QLineEdit()
        self.over = QRadioButton(_("Over the current ledger (a backup of it is made first)"))
        self.over.setEnabled(can_replace)
        self.into_new.setChecked(True)
        new_row = QHBoxLayout()
        new_row.addWidget(self.into_new)
        new_row.addWidget(self.new_path, 1)
        self.notice = Notice()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(other, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(new_row)
        layout.addWidget(self.over)
        layout.addWidget(self.notice)
        layout.addWidget(_buttons(self, _("Restore")))
        self._fill()
        if not self.rows:
            self.notice.info(_("There is no automatic backup of this ledger yet: choose a "
                               "backup file."))
        fit_to_screen(self, 900, 480)

    def _fill(self) -> None:
        self.table.setRowCount(len(self.rows))
        for number, row in enumerate(self.rows):
            for column, text in enumerate((row.made, row.kind, row.holds, row.size, row.check)):
                item = QTableWidgetItem(text)
                item.setToolTip(row.tooltip if column != 4 else text)
                if row.sound is False:
                    item.setForeground(FAILED)
                self.table.setItem(number, column, item)
        self.table.resizeColumnsToContents()
        if self.rows:
            self.table.selectRow(0)

    def _selected(self) -> None:
        row = self.current()
        if row is not None:
            self.new_path.setText(str(restored_path(self.ledger, row)))

    def current(self) -> BackupRow | None:
        selected = self.table.selectionModel().selectedRows()
        return self.rows[selected[0].row()] if selected else None

    def add_file(self, path: Path) -> None:
        """Put a backup file chosen elsewhere at the top of the list, and select it."""
        from desktop.models import backup_crypto
        from desktop.models.errors import LedgerError
        from desktop.models.restore import describe_backup

        encrypted = backup_crypto.is_encrypted(path)
        contents = None
        if not encrypted:
            try:
                contents = describe_backup(path)
            except LedgerError as refused:
                self.notice.error(str(refused))
                return
        self.rows.insert(0, chosen_file_row(path, contents, encrypted))
        self._fill()
        self.notice.clear()

    def _choose_file(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self, _("Restore a backup"), str(self.ledger.parent),
            _("Backups (*.sqlite *.enc)") + ";;" + _("All files (*)"))
        if path:
            self.add_file(Path(path))

    def choice(self) -> RestoreChoice | None:
        row = self.current()
        if row is None:
            return None
        target = self.ledger if self.over.isChecked() else Path(
            self.new_path.text().strip()).expanduser()
        return RestoreChoice(row.path, self.over.isChecked(), target, row.encrypted)

    def accept(self) -> None:
        choice = self.choice()
        if choice is None:
            self.notice.error(_("Choose a backup in the list, or another backup file."))
            return
        if not choice.over and (not choice.target.name or choice.target.exists()):
            self.notice.error(_("The file {file} already exists. Restore into a new file, or "
                                "over the current ledger.").format(file=choice.target))
            return
        super().accept()


def default_folder(last: str) -> str:
    return last or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)


def start_backup(parent: QWidget, ledger: Path, policy: Policy, target: Path,
                 passphrase: str | None,
                 after: Callable[[BackupRecord], None] | None = None) -> Task:
    """Write, check and record the backup in the background; say how it went, then call
    ``after``."""
    from desktop.views import dialogs

    def work(progress: Progress) -> BackupRecord:
        from desktop.models.backups import Kind, make_backup

        return make_backup(ledger, kind=Kind.MANUAL, policy=policy, target=target,
                           passphrase=passphrase, progress=progress)

    def done(record: BackupRecord) -> None:
        if record.ok:
            dialogs.inform(parent, _("Back up the ledger"),
                           _("The backup {file} was written and passed its check.").format(
                               file=record.path),
                           holds_text(record.contents))
        else:
            dialogs.warn(parent, _("Back up the ledger"),
                         _("The backup failed its check and was not kept."),
                         "\n".join(record.verification.findings()))
        if after is not None:
            after(record)

    return run_task(parent, _("Backing up the ledger"), work).on_success(done).start()
