"""The window's part in keeping a ledger safe: what it says when a ledger opens (read-only
because another copy writes it, not closed properly last time, its last backup failed its
check), the backup when a ledger is closed, and File ▸ *Sao lưu…* / *Khôi phục…*.

What goes wrong is shown in the banner above the pages, where it stays while the ledger is
open — a failed backup is never only a line in the log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QDialog, QWidget

from desktop.i18n import _
from desktop.progress import Progress
from desktop.settings import Settings
from desktop.views import dialogs
from desktop.views.page_parts import Notice
from desktop.views.tasks import Task, run_task
from desktop.views.window_focus import run_modal

if TYPE_CHECKING:  # loaded when a ledger opens or a backup is asked for, not at start
    from desktop.models.backups import BackupRecord, Policy
    from desktop.models.database import Ledger
    from desktop.models.restore import Restored
    from desktop.views.backup_dialogs import RestoreChoice
    from desktop.views.ledger_files import OpenedLedger

log = logging.getLogger(__name__)


def failure_text(record: BackupRecord) -> str:
    """The banner's sentence for a backup that failed its check."""
    from desktop.models.backups import KIND_NAMES
    from desktop.models.formatting import format_date

    return _("The last backup of this ledger ({date} {time}, {kind}) failed its check: "
             "{reason} Make a backup now (File → Back up…) and check the ledger (Tools → "
             "Check the ledger).").format(
        date=format_date(record.made.date()), time=record.made.strftime("%H:%M"),
        kind=_(KIND_NAMES[record.kind]), reason=" ".join(record.verification.findings()))


def opening_notes(opened: OpenedLedger) -> tuple[str, str]:
    """(tone, text) of the banner for a ledger just opened; ("", "") when all is well."""
    ledger = opened.ledger
    if opened.failed_backup is not None:
        return "error", failure_text(opened.failed_backup)
    if ledger.read_only:
        return "info", ledger.read_only_reason
    previous = ledger.lock.taken_over if ledger.lock is not None else None
    if previous is not None:
        return "info", _("This ledger was not closed properly last time ({holder}): the "
                         "application stopped or the computer lost power. Everything saved "
                         "before that is kept.").format(holder=previous.describe())
    return "", ""


class LedgerSafety:
    """Backups and restores for the main window; ``banner`` is where problems are told."""

    def __init__(self, window: QWidget, settings: Settings, banner: Notice) -> None:
        self.window = window
        self.settings = settings
        self.banner = banner
        self._opened_at = 0.0

    @property
    def policy(self) -> Policy:
        return self.settings.backup_policy()

    # -- opening and closing ------------------------------------------------------------------
    def opened(self, opened: OpenedLedger) -> None:
        self._opened_at = time.time()
        tone, text = opening_notes(opened)
        if tone == "error":
            self.banner.error(text)
        elif tone:
            self.banner.info(text)
        else:
            self.banner.clear()

    def closed(self) -> None:
        self.banner.clear()

    def changed_since_opened(self, ledger: Ledger) -> bool:
        """Whether anything was saved since the ledger opened (its file or its write-ahead
        log written since)."""
        path = ledger.path
        if path is None:
            return False
        for name in (path, Path(f"{path}-wal")):
            try:
                if name.stat().st_mtime >= self._opened_at:
                    return True
            except OSError:
                continue
        return False

    def backup_on_close(self, ledger: Ledger) -> BackupRecord | None:
        """Back up a ledger being closed, if it was changed; waits for the copy, showing
        progress, and warns when it failed its check."""
        path = ledger.path
        if path is None or ledger.read_only or not self.changed_since_opened(ledger):
            return None
        policy = self.policy

        def work(progress: Progress) -> BackupRecord:
            from desktop.models.backups import Kind, make_backup

            return make_backup(path, kind=Kind.CLOSE, policy=policy, progress=progress)

        task = run_task(self.window, _("Backing up the ledger"), work)
        task.on_failure(lambda error: dialogs.show_error(self.window, _("Back up the ledger"),
                                                         error))
        task.start()
        _wait(task)
        record: BackupRecord | None = task.result
        if record is not None and not record.ok:
            dialogs.warn(self.window, _("Back up the ledger"), failure_text(record))
        return record

    # -- File ▸ Sao lưu… ------------------------------------------------------------------------
    def back_up(self, ledger: Ledger) -> Task | None:
        from desktop.views.backup_dialogs import BackupDialog, default_folder, start_backup

        path = ledger.path
        if path is None:
            dialogs.inform(self.window, _("Back up the ledger"), _(
                "This ledger is on a database server: it is backed up with the server's own "
                "tools."))
            return None
        dialog = BackupDialog(path, default_folder(self.settings.backup_folder or ""),
                              self.window)
        if run_modal(dialog) != QDialog.DialogCode.Accepted:
            return None
        target, passphrase = dialog.chosen()
        return start_backup(self.window, path, self.policy, target, passphrase,
                            after=self._backed_up)

    def _backed_up(self, record: BackupRecord) -> None:
        if record.ok and self.banner.property("tone") == "error":
            self.banner.clear()  # a good backup now: the failure told is behind

    # -- File ▸ Khôi phục… --------------------------------------------------------------------
    def ask_restore(self, ledger: Ledger) -> RestoreChoice | None:
        from desktop.views.backup_dialogs import RestoreDialog

        path = ledger.path
        if path is None:
            dialogs.inform(self.window, _("Restore a backup"), _(
                "This ledger is on a database server: it is restored with the server's own "
                "tools."))
            return None
        dialog = RestoreDialog(path, self.policy, can_replace=not ledger.read_only,
                               parent=self.window)
        if run_modal(dialog) != QDialog.DialogCode.Accepted:
            return None
        choice = dialog.choice()
        if choice is not None and choice.over and not dialogs.ok_cancel(
                self.window, _("Restore a backup"),
                _("Replace the current ledger {file} with the backup?").format(file=path.name),
                _("The current ledger is backed up first; what was saved after the backup "
                  "was made will not be in the restored ledger.")):
            return None
        return choice

    def restore(self, choice: RestoreChoice, done: Callable[[Restored], None],
                failed: Callable[[BaseException], None], *,
                user: str | None = None) -> Task | None:
        """Restore in the background; ``done`` or ``failed`` follows on the GUI thread.
        ``user`` (the signed-in user) is the name the writer's lock shows to others."""
        from desktop.views.backup_dialogs import ask_passphrase

        passphrase = None
        if choice.encrypted:
            passphrase = ask_passphrase(self.window, choice.backup)
            if passphrase is None:
                return None
        policy = self.policy

        def work(progress: Progress) -> Restored:
            from desktop.models.restore import restore_backup

            return restore_backup(choice.backup, choice.target, over=choice.over,
                                  policy=policy, passphrase=passphrase, user=user,
                                  progress=progress)

        task = run_task(self.window, _("Restoring a backup"), work)
        return task.on_success(done).on_failure(failed).start()


def _wait(task: Task) -> None:
    """Let ``task`` finish while the window keeps painting (the window is closing). Its
    end is delivered through this thread's events, so it cannot slip in before the loop."""
    if task.result is not None or task.error is not None or task.was_cancelled:
        return
    loop = QEventLoop()
    task.finished.connect(loop.quit)
    loop.exec()
