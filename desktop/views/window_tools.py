"""The Tools and Help menus' work: checking the ledger, giving a new ledger its commune,
listing the keyboard shortcuts."""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.i18n import N_, _, current_language
from desktop.models.database import Ledger
from desktop.models.integrity import LedgerCheck
from desktop.progress import Progress
from desktop.views import dialogs
from desktop.views.commune_dialog import ask_commune
from desktop.views.main_menu import MainMenu
from desktop.views.screen_fit import fit_to_screen
from desktop.views.tasks import Task, run_task
from desktop.views.window_focus import run_modal

GUIDES = {"vi": "huong-dan-su-dung.pdf", "en": "user-guide.pdf"}


def guide_path(language: str) -> Path:
    """The clerk's guide in ``language`` (package data: a checkout, a wheel and the frozen
    app all carry it; scripts/build_guide.py makes it)."""
    guide = files("desktop").joinpath("resources").joinpath("guide").joinpath(
        GUIDES.get(language, GUIDES["vi"]))
    return Path(str(guide))


def open_guide(window: QWidget) -> bool:
    """F1: the guide opens in the computer's PDF reader; if none does, the clerk is told
    where the file is."""
    path = guide_path(current_language())
    if path.is_file() and QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    dialogs.warn(window, _("User guide"), _("The guide {file} could not be opened. Open it "
                                            "with a PDF reader.").format(file=path))
    return False


def show_about(window: QWidget) -> None:
    dialogs.inform(window, _("About Commune Ledger"),
                   _("Commune Ledger {version}").format(version=__version__),
                   _("Bookkeeping for the village savings and loan groups, savings groups and "
                     "intergenerational self-help clubs of a commune. Free software under the "
                     "GNU GPL, version 3 or later."))


def check_summary(result: LedgerCheck, *, on_server: bool = False) -> tuple[str, str]:
    """The sentence and the details the check shows (at most 40 problems listed). A ledger
    on a server has no file to check: its database keeps its own pages and references."""
    problems = result.all_problems
    if not problems and on_server:
        return (_("The ledger is sound: the books of all {count} groups balance.").format(
            count=len(result.groups)), "")
    if not problems:
        return (_("The ledger is sound: the file passed its check and the books of all "
                  "{count} groups balance.").format(count=len(result.groups)), "")
    listed = [f"• {problem}" for problem in problems[:40]]
    if len(problems) > 40:
        listed.append(_("… and {count} more; the command \"commune-ledger check\" lists them "
                        "all.").format(count=len(problems) - 40))
    return (_("The check found {count} problems in the ledger.").format(count=len(problems)),
            "\n".join(listed))


def check_ledger(window: QWidget, ledger: Ledger) -> Task:
    """Check the file and every group's books in the background, then say how it went."""

    def work(progress: Progress) -> LedgerCheck:
        from desktop.models.integrity import inspect_ledger

        progress.step(0, 1, _("Checking the ledger file and every group's books…"))
        with ledger.session() as session:
            return inspect_ledger(session, progress=progress, workers=os.cpu_count() or 1)

    def done(result: LedgerCheck) -> None:
        text, details = check_summary(result, on_server=ledger.engine.dialect.name != "sqlite")
        show = dialogs.inform if result.sound else dialogs.warn
        show(window, _("Check the ledger"), text, details)

    return run_task(window, _("Checking the ledger"), work).on_success(done).start()


def add_commune(window: QWidget, ledger: Ledger, done: Callable[[], None]) -> Task | None:
    """Ask for the commune of a ledger that has none yet, and record it."""
    details = ask_commune(window)
    if details is None:
        return None

    def work(_progress: Progress) -> None:
        from desktop.models import registry

        with ledger.session() as session:
            registry.get_or_create_commune(session, details.code, details.name,
                                           details.province)

    return run_task(window, _("Recording the commune"), work).on_success(
        lambda _result: done()).start()


GRID_KEYS = (
    ("Enter", N_("Move down to the next row")),
    ("Tab", N_("Move right to the next column")),
    ("Ctrl+V", N_("Paste a block copied from Excel")),
    ("Ctrl+Z", N_("Undo the last change")),
    ("Ctrl+Tab", N_("Next tab of a group's page")),
)


def shortcut_rows(menu: MainMenu) -> list[tuple[str, str]]:
    """(keys, what they do) for every menu action with a shortcut, then the grids' keys."""
    rows = []
    for action in menu.window.findChildren(QAction):
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if shortcut and action.text():
            rows.append((shortcut, action.text().replace("&", "").rstrip("…")))
    rows.sort(key=lambda row: row[1])
    rows += [(keys, _(text)) for keys, text in GRID_KEYS]
    return rows


def show_shortcuts(window: QWidget, menu: MainMenu) -> None:
    """A small table of the keys, with one "Đóng" button."""
    rows = shortcut_rows(menu)
    dialog = QDialog(window)
    dialog.setWindowTitle(_("Keyboard shortcuts"))
    table = QTableWidget(len(rows), 2, dialog)
    table.setHorizontalHeaderLabels([_("Keys"), _("What they do")])
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    for row, (keys, what) in enumerate(rows):
        table.setItem(row, 0, QTableWidgetItem(keys))
        table.setItem(row, 1, QTableWidgetItem(what))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    buttons = QDialogButtonBox()
    buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    layout.addWidget(buttons)
    fit_to_screen(dialog, 520, 520)
    run_modal(dialog)
