"""Opening, creating and switching ledger files from the window, and the recent files.

Opening goes through the background helper (a big or old ledger may need a migration, with a
backup first); the window stays responsive and shows progress. What comes back is the open
``Ledger`` and its commune tree; a failure is a Vietnamese sentence, never a traceback.

A ledger is made only when the clerk asks: *New ledger* (with its administrator and its
commune) or *Try the demo* (the demo ledger in the data folder). Opening a file that is
missing, empty or not a ledger is refused, naming it. Nobody sees a ledger before signing in
(``main_window``); a new one opens signed in as the administrator it was made with.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import QEventLoop, QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QWidget

from desktop.file_names import LEDGER_SUFFIX, is_ledger_name
from desktop.i18n import _
from desktop.models.errors import LedgerError
from desktop.models.ledger_setup import LedgerSetup
from desktop.presenters.commune_tree import CommuneTree
from desktop.progress import Progress
from desktop.settings import Settings
from desktop.views import dialogs
from desktop.views.commune_dialog import ask_commune
from desktop.views.tasks import Task, run_task
from desktop.views.window_focus import run_modal

if TYPE_CHECKING:  # loaded on the worker that opens the ledger, not on the way to the screen
    from desktop.models.backups import BackupRecord, Policy
    from desktop.models.database import Ledger
    from desktop.models.permissions import Actor
    from desktop.views.sign_in import NewAdmin

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenedLedger:
    ledger: Ledger
    path: str
    tree: CommuneTree
    # The day's first opening backs the ledger up (None: it was backed up today already,
    # or it is read-only or on a server); the newest backup that failed its check, if the
    # newest did.
    daily: BackupRecord | None = None
    failed_backup: BackupRecord | None = None
    users: int = 0  # none: a ledger from before users, its administrator to be made first
    actor: Actor | None = None  # signed in already: the administrator a new ledger was made with
    demo: bool = False


def is_url(path: str) -> bool:
    return "://" in path


def shown(path: str) -> str:
    """A ledger as the window names it: a file's name, or a server's address without its
    password (as ``database.location`` says it, without loading SQLAlchemy)."""
    if not is_url(path):
        return path.replace("\\", "/").rsplit("/", 1)[-1]
    parts = urlsplit(path)
    user, at, host = parts.netloc.rpartition("@")
    if at and ":" in user:
        user = user.split(":", 1)[0] + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}{at}{host}"))


def normalised(path: str) -> str:
    """A file as an absolute path (recent files must work from any folder); URLs as given."""
    return path if is_url(path) else str(Path(path).expanduser().resolve())


def open_ledger_file(path: str, setup: LedgerSetup | None = None,
                     progress: Progress | None = None, *, create: bool = False,
                     demo: bool = False, policy: Policy | None = None,
                     user: str | None = None, admin: NewAdmin | None = None) -> OpenedLedger:
    """Open the ledger at ``path`` and read its tree; with ``create``, make it first (its
    administrator ``admin`` first of all, then its commune set up with ``setup``; or the
    demo commune and demo users with ``demo``), atomically, and sign in as that
    administrator. The day's first opening backs the ledger up (``policy``). Opened while
    another copy of the application writes it, the ledger is read-only; ``user`` is the
    name that copy is shown. Runs on a worker thread; every failure is a ``LedgerError``
    with a sentence naming the file.

    This is *New ledger*'s one way to make a ledger (the first-run wizard uses it too)."""
    if create and not demo and admin is None:
        raise ValueError("a new ledger is made with its administrator")
    from sqlalchemy.exc import DatabaseError
    from sqlalchemy.orm import Session

    from desktop.models import backups
    from desktop.models.database import create_ledger, open_ledger
    from desktop.models.ledger_setup import set_up_ledger
    from desktop.models.setting import read_settings
    from desktop.models.signin import sign_in
    from desktop.models.system_errors import describe
    from desktop.models.users import create_first_admin, user_count
    from desktop.presenters.commune_tree import load_tree

    name = shown(path)
    steps = 4 if create else 3
    policy = policy or backups.Policy()

    def fill(session: Session) -> None:
        if admin is not None:
            create_first_admin(session, admin.name, admin.password, admin.display_name)
        if demo:
            from desktop.demo import build_demo

            build_demo(session)
        elif setup is not None:
            set_up_ledger(session, setup)

    try:
        if create:
            if progress is not None:
                progress.step(0, steps, (_("Building the demo ledger {file}…") if demo else
                                         _("Making the new ledger {file}…")).format(file=name))
            create_ledger(path, fill)
        if progress is not None:
            progress.step(steps - 3, steps, _("Opening {file}…").format(file=name))
        ledger = open_ledger(path, backups=policy, user=user)
    except LedgerError:
        raise
    except (DatabaseError, OSError) as error:
        log.warning("cannot open %s", path, exc_info=True)
        place = shown(path) if is_url(path) else path
        raise LedgerError(describe(error, place) or _(
            "The file {file} is not a Commune Ledger ledger, or it is damaged.").format(
                file=place)) from error
    try:
        daily, failed = None, None
        file = ledger.path
        if file is not None:
            if not ledger.read_only and not backups.backed_up_today(file, policy):
                if progress is not None:
                    progress.step(steps - 2, steps, _("Making today's backup of {file}…")
                                  .format(file=name))
                try:
                    daily = backups.make_backup(file, kind=backups.Kind.DAILY, policy=policy)
                except LedgerError:  # a full backups disk must not keep the ledger shut
                    log.warning("the daily backup of %s failed", file, exc_info=True)
            failed = backups.last_failure(file, policy)
        if progress is not None:
            progress.step(steps - 1, steps, _("Reading the villages and groups…"))
        with ledger.session() as session:
            tree = load_tree(session)
            users = user_count(session)
            is_demo = bool(read_settings(session, "ledger.").get("demo"))
        actor = sign_in(ledger, admin.name, admin.password) if create and admin else None
    except BaseException:
        ledger.close()
        raise
    return OpenedLedger(ledger, path, tree, daily, failed, users, actor, is_demo)


def ask_new_admin(parent: QWidget) -> NewAdmin | None:
    """The first step of a new ledger: its administrator (``None``: cancelled)."""
    from desktop.views.sign_in import NewAdminDialog

    dialog = NewAdminDialog(parent)
    if run_modal(dialog) == QDialog.DialogCode.Accepted:
        return dialog.admin
    return None


def demo_path() -> Path:
    """The demo ledger of the window: beside the default ledger in the data folder, never
    the default ledger itself (the clerk's real books)."""
    from desktop.models.database import default_db_path

    return default_db_path().with_name("demo" + LEDGER_SUFFIX)


def with_ledger_suffix(path: str) -> str:
    """A new ledger's file name ends in ``.soquy`` unless the clerk typed a ledger's
    extension herself."""
    return path if is_url(path) or is_ledger_name(path) else path + LEDGER_SUFFIX


def ledger_filter() -> str:
    """The file dialogs' choice of files: ledgers (``.soquy``, and the older ``.sqlite``)."""
    return _("Ledger files (*.soquy *.sqlite)") + ";;" + _("All files (*)")


class LedgerFiles(QObject):
    """The File menu's work: choose a file, open it in the background, report."""

    opened = Signal(object)  # OpenedLedger
    failed = Signal(str)  # the path that could not be opened

    def __init__(self, window: QWidget, settings: Settings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self.task: Task | None = None  # the opening under way, if any
        self.ask_admin = ask_new_admin  # tests answer it

    def _folder(self) -> str:
        last = self._settings.last_ledger
        if last and not is_url(last):
            return str(Path(last).parent)
        return QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)

    def _filter(self) -> str:
        return ledger_filter()

    def ask_open(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self._window, _("Open a ledger"), self._folder(), self._filter())
        if path:
            self.open(path)

    def ask_open_server(self) -> None:
        """Ask for a server database's address (the last one opened is proposed) and open
        the ledger in it. The address is kept among the recent ledgers as typed: a password
        is better kept in the user's pgpass file than in it."""
        last = next((path for path in self._settings.recent_ledgers if is_url(path)), "")
        address, chosen = QInputDialog.getText(
            self._window, _("Open a ledger on a server"),
            _("The address of the ledger's database, as the office's administrator gave it, "
              "for example postgresql://ledger@server/xa_yen_binh"), text=last)
        address = address.strip()
        if not chosen or not address:
            return
        if not is_url(address):
            dialogs.warn(self._window, _("Open a ledger on a server"),
                         _("'{address}' is not a database address: it begins with "
                           "postgresql:// (a ledger file is opened with File → Open a "
                           "ledger).").format(address=address))
            return
        self.open(address)

    def ask_create(self) -> None:
        default = str(Path(self._folder()) / (_("commune-ledger") + LEDGER_SUFFIX))
        path, _chosen = QFileDialog.getSaveFileName(
            self._window, _("New ledger"), default, self._filter(),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return
        path = with_ledger_suffix(path)
        if self._refuse_existing(path):
            return
        commune = ask_commune(self._window)
        if commune is None:
            return
        admin = self.ask_admin(self._window)
        if admin is not None:
            self.create(path, LedgerSetup(commune.code, commune.name, commune.province), admin)

    def create(self, path: str, setup: LedgerSetup, admin: NewAdmin) -> Task | None:
        """Make a new ledger at ``path``, its administrator ``admin`` first, set up with
        ``setup``, and open it signed in as that administrator. File ▸ New ledger and the
        first-run wizard both end here; ``None`` if a file is already there (the clerk is
        told)."""
        path = with_ledger_suffix(path)
        if self._refuse_existing(path):
            return None
        return self.open(path, setup=setup, create=True, admin=admin)

    def _refuse_existing(self, path: str) -> bool:
        if is_url(path) or not Path(path).exists():
            return False
        dialogs.warn(self._window, _("New ledger"),
                     _("The file {file} already exists. Choose another name, or open it "
                       "with File → Open a ledger.").format(file=Path(path).name))
        return True

    def open_demo(self) -> Task | None:
        """Open the demo ledger in the data folder, building it first if it is not there."""
        path = demo_path()
        return self.open(str(path), create=not path.exists(), demo=True)

    def open(self, path: str, *, setup: LedgerSetup | None = None,
             must_exist: bool = True, create: bool = False, demo: bool = False,
             admin: NewAdmin | None = None) -> Task | None:
        """Open ``path`` in the background (with ``create``, make it first); ``opened`` or
        ``failed`` follows. Without ``must_exist`` a missing file is reported by the opening
        itself, in the same way as any other file that is not a ledger."""
        path = normalised(path)
        if must_exist and not create and not is_url(path) and not Path(path).exists():
            self._missing(path)
            return None

        # The writer's lock names the computer's login name: nobody has signed in yet.
        policy = self._settings.backup_policy()

        def work(progress: Progress) -> OpenedLedger:
            return open_ledger_file(path, setup, progress, create=create, demo=demo,
                                    policy=policy, admin=admin)

        task = run_task(self._window, _("Opening the ledger"), work)
        task.on_success(self.opened.emit)
        task.on_failure(lambda error: self._failed(path, error))
        self.task = task
        task.finished.connect(self._finished)
        return task.start()

    def _finished(self) -> None:
        self.task = None

    def wait(self) -> None:
        """Let an opening under way finish (the window is closing)."""
        while self.task is not None:
            loop = QEventLoop()
            self.task.finished.connect(loop.quit)
            loop.exec()

    def _failed(self, path: str, error: BaseException) -> None:
        self.failed.emit(path)
        dialogs.show_error(self._window, _("Cannot open the ledger"), error)

    def _missing(self, path: str) -> None:
        self.failed.emit(path)
        if path in self._settings.recent_ledgers:
            if dialogs.confirm(self._window, _("Cannot open the ledger"),
                               _("The file {file} is not there any more (moved, renamed or on "
                                 "a USB stick that is not plugged in).").format(file=path),
                               _("Remove it from the recent ledgers?")):
                self._settings.forget_ledger(path)
            return
        dialogs.warn(self._window, _("Cannot open the ledger"),
                     _("The file {file} is not there.").format(file=path))
