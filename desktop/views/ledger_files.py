"""Opening, creating and switching ledger files from the window, and the recent files.

Opening goes through the background helper (a big or old ledger may need a migration, with a
backup first); the window stays responsive and shows progress. What comes back is the open
``Ledger`` and its commune tree; a failure is a Vietnamese sentence, never a traceback.

A ledger is made only when the clerk asks: *New ledger* (with its commune) or *Try the demo*
(the demo ledger in the data folder). Opening a file that is missing, empty or not a ledger
is refused, naming it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from desktop.i18n import _
from desktop.models.errors import LedgerError
from desktop.presenters.commune_tree import CommuneTree
from desktop.progress import Progress
from desktop.settings import Settings
from desktop.views import dialogs
from desktop.views.commune_dialog import CommuneDetails, ask_commune
from desktop.views.tasks import Task, run_task
from desktop.views.window_focus import run_modal

if TYPE_CHECKING:  # loaded on the worker that opens the ledger, not on the way to the screen
    from desktop.models.database import Ledger
    from desktop.models.permissions import Actor
    from desktop.views.sign_in import NewAdmin

log = logging.getLogger(__name__)
SUFFIX = ".sqlite"


@dataclass(frozen=True)
class OpenedLedger:
    ledger: Ledger
    path: str
    tree: CommuneTree
    users: int = 0  # none: a ledger from before users, its administrator to be made first
    actor: Actor | None = None  # signed in already: the administrator a new ledger was made with
    demo: bool = False


def is_url(path: str) -> bool:
    return "://" in path


def normalised(path: str) -> str:
    """A file as an absolute path (recent files must work from any folder); URLs as given."""
    return path if is_url(path) else str(Path(path).expanduser().resolve())


def open_ledger_file(path: str, commune: CommuneDetails | None = None,
                     progress: Progress | None = None, *, create: bool = False,
                     demo: bool = False, admin: NewAdmin | None = None) -> OpenedLedger:
    """Open the ledger at ``path`` and read its tree; with ``create``, make it first (its
    administrator ``admin`` first of all, then its commune; or the demo commune and demo
    users with ``demo``), atomically, and sign in as that administrator. Runs on a worker
    thread; every failure is a ``LedgerError`` with a sentence naming the file.

    This is *New ledger*'s one way to make a ledger (the first-run wizard uses it too)."""
    from sqlalchemy.exc import DatabaseError
    from sqlalchemy.orm import Session

    from desktop.models import registry
    from desktop.models.database import create_ledger, open_ledger
    from desktop.models.setting import read_settings
    from desktop.models.signin import sign_in
    from desktop.models.system_errors import describe
    from desktop.models.users import create_first_admin, user_count
    from desktop.presenters.commune_tree import load_tree

    name = Path(path).name if not is_url(path) else path
    steps = 3 if create else 2

    def fill(session: Session) -> None:
        if admin is not None:
            create_first_admin(session, admin.name, admin.password, admin.display_name)
        if demo:
            from desktop.demo import build_demo

            build_demo(session)
        elif commune is not None:
            registry.get_or_create_commune(session, commune.code, commune.name,
                                           commune.province)

    try:
        if create:
            if progress is not None:
                progress.step(0, steps, (_("Building the demo ledger {file}…") if demo else
                                         _("Making the new ledger {file}…")).format(file=name))
            create_ledger(path, fill)
        if progress is not None:
            progress.step(steps - 2, steps, _("Opening {file}…").format(file=name))
        ledger = open_ledger(path)
    except LedgerError:
        raise
    except (DatabaseError, OSError) as error:
        log.warning("cannot open %s", path, exc_info=True)
        raise LedgerError(describe(error, path) or _(
            "The file {file} is not a Commune Ledger ledger, or it is damaged.").format(
                file=path)) from error
    try:
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
    return OpenedLedger(ledger, path, tree, users, actor, is_demo)


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

    return default_db_path().with_name("demo.sqlite")


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
        return _("Ledger files (*.sqlite)") + ";;" + _("All files (*)")

    def ask_open(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self._window, _("Open a ledger"), self._folder(), self._filter())
        if path:
            self.open(path)

    def ask_create(self) -> None:
        default = str(Path(self._folder()) / _("commune-ledger.sqlite"))
        path, _chosen = QFileDialog.getSaveFileName(
            self._window, _("New ledger"), default, self._filter(),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return
        if not path.lower().endswith(SUFFIX):
            path += SUFFIX
        if Path(path).exists():
            dialogs.warn(self._window, _("New ledger"),
                         _("The file {file} already exists. Choose another name, or open it "
                           "with File → Open a ledger.").format(file=Path(path).name))
            return
        commune = ask_commune(self._window)
        if commune is None:
            return
        admin = self.ask_admin(self._window)
        if admin is not None:
            self.open(path, commune=commune, create=True, admin=admin)

    def open_demo(self) -> Task | None:
        """Open the demo ledger in the data folder, building it first if it is not there."""
        path = demo_path()
        return self.open(str(path), create=not path.exists(), demo=True)

    def open(self, path: str, *, commune: CommuneDetails | None = None,
             must_exist: bool = True, create: bool = False, demo: bool = False,
             admin: NewAdmin | None = None) -> Task | None:
        """Open ``path`` in the background (with ``create``, make it first); ``opened`` or
        ``failed`` follows. Without ``must_exist`` a missing file is reported by the opening
        itself, in the same way as any other file that is not a ledger."""
        path = normalised(path)
        if must_exist and not create and not is_url(path) and not Path(path).exists():
            self._missing(path)
            return None

        def work(progress: Progress) -> OpenedLedger:
            return open_ledger_file(path, commune, progress, create=create, demo=demo,
                                    admin=admin)

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
