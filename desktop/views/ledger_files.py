"""Opening, creating and switching ledger files from the window, and the recent files.

Opening goes through the background helper (a big or old ledger may need a migration, with a
backup first); the window stays responsive and shows progress. What comes back is the open
``Ledger`` and its commune tree; a failure is a Vietnamese sentence, never a traceback.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.i18n import _
from desktop.models.errors import LedgerError
from desktop.presenters.commune_tree import CommuneTree
from desktop.progress import Progress
from desktop.settings import Settings
from desktop.views import dialogs
from desktop.views.commune_dialog import CommuneDetails, ask_commune
from desktop.views.tasks import Task, run_task

if TYPE_CHECKING:  # loaded on the worker that opens the ledger, not on the way to the screen
    from desktop.models.database import Ledger

log = logging.getLogger(__name__)
SUFFIX = ".sqlite"


@dataclass(frozen=True)
class OpenedLedger:
    ledger: Ledger
    path: str
    tree: CommuneTree


def is_url(path: str) -> bool:
    return "://" in path


def normalised(path: str) -> str:
    """A file as an absolute path (recent files must work from any folder); URLs as given."""
    return path if is_url(path) else str(Path(path).expanduser().resolve())


def open_ledger_file(path: str, commune: CommuneDetails | None = None,
                     progress: Progress | None = None) -> OpenedLedger:
    """Open (or create) the ledger at ``path``, give it its commune if asked, and read its
    tree. Runs on a worker thread; every failure is a ``LedgerError`` with a sentence."""
    from sqlalchemy.exc import DatabaseError

    from desktop.models import registry
    from desktop.models.database import open_ledger
    from desktop.presenters.commune_tree import load_tree

    name = Path(path).name if not is_url(path) else path
    if progress is not None:
        progress.step(0, 2, _("Opening {file}…").format(file=name))
    try:
        ledger = open_ledger(path)
    except LedgerError:
        raise
    except DatabaseError as error:
        log.warning("cannot open %s", path, exc_info=True)
        raise LedgerError(_("The file {file} is not a Commune Ledger ledger, or it is "
                            "damaged.").format(file=name)) from error
    except OSError as error:
        raise LedgerError(_("The file {file} cannot be used: {reason}").format(
            file=name, reason=error.strerror or error)) from error
    try:
        if progress is not None:
            progress.step(1, 2, _("Reading the villages and groups…"))
        with ledger.session() as session:
            if commune is not None:
                registry.get_or_create_commune(session, commune.code, commune.name,
                                               commune.province)
            tree = load_tree(session)
    except BaseException:
        ledger.close()
        raise
    return OpenedLedger(ledger, path, tree)


class LedgerFiles(QObject):
    """The File menu's work: choose a file, open it in the background, report."""

    opened = Signal(object)  # OpenedLedger
    failed = Signal(str)  # the path that could not be opened

    def __init__(self, window: QWidget, settings: Settings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self.task: Task | None = None  # the opening under way, if any

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
        if commune is not None:
            self.open(path, commune=commune, must_exist=False)

    def open(self, path: str, *, commune: CommuneDetails | None = None,
             must_exist: bool = True) -> Task | None:
        """Open ``path`` in the background; ``opened`` or ``failed`` follows."""
        path = normalised(path)
        if must_exist and not is_url(path) and not Path(path).exists():
            self._missing(path)
            return None

        def work(progress: Progress) -> OpenedLedger:
            return open_ledger_file(path, commune, progress)

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
