"""The Returns page of an aggregating office (DESIGN.md §4.9): drop the communes' Excel
returns (files or a folder), import them in the background with progress and Cancel, see each
file's status and every problem of a refused file, and the history of returns imported
(a replaced return stays listed, marked as replaced)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.database import Ledger
from desktop.models.permissions import SYSTEM, Actor
from desktop.presenters.returns_import import (
    FileRow,
    FileState,
    HistoryRow,
    ImportList,
    load_history,
    problem_line,
)
from desktop.progress import Progress
from desktop.views.page_parts import PAGE_STYLE, Heading
from desktop.views.tasks import Task, run_task
from desktop.workbooks.return_files import import_returns
from desktop.workbooks.return_template import write_template

Index = QModelIndex | QPersistentModelIndex
REFUSED_COLOUR = QColor("#8a1c1c")
DONE_COLOUR = QColor("#1f5c2e")
MUTED_COLOUR = QColor("#6b6b6b")


class _RowsModel(QAbstractTableModel):
    """A read-only table over plain rows: ``columns`` are (header, text of a row)."""

    def __init__(self, columns: list[tuple[str, Callable[[Any], str]]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: list[Any] = []
        self.colour: Callable[[Any], QColor | None] = lambda _row: None
        self.italic: Callable[[Any], bool] = lambda _row: False
        self.numeric: set[int] = set()

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[index.column()][1](row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.colour(row)
        if role == Qt.ItemDataRole.FontRole and self.italic(row):
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _file_colour(row: FileRow) -> QColor | None:
    if row.state == FileState.REFUSED:
        return REFUSED_COLOUR
    if row.state in (FileState.IMPORTED, FileState.REPLACED):
        return DONE_COLOUR
    return MUTED_COLOUR if row.state == FileState.NOT_DONE else None


class ReturnsPage(QWidget):
    """Import of quarterly returns. ``ledger`` is the open ``Ledger`` (or a ``PageContext``,
    whose actor and status bar are then used)."""

    page_key = "returns"
    imported = Signal()  # some return was stored: the consolidated page should refresh

    def __init__(self, ledger: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger: Ledger = getattr(ledger, "ledger", ledger)
        self.actor: Actor = getattr(ledger, "actor", SYSTEM)
        self._status: Callable[[str], None] = getattr(ledger, "status", lambda _text: None)
        self._ledger_changed: Callable[[], None] = getattr(ledger, "ledger_changed",
                                                            lambda: None)
        self.files = ImportList()
        self.task: Task | None = None
        self.choose_files: Callable[[], list[str]] = self._ask_files
        self.choose_folder: Callable[[], str] = self._ask_folder
        self.choose_target: Callable[[], str] = self._ask_template_target
        self.setAcceptDrops(True)
        self.setStyleSheet(PAGE_STYLE)
        self._build()
        self.refresh()

    def page_title(self) -> str:
        return _("Returns")

    @property
    def busy(self) -> bool:
        return self.task is not None

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.heading = Heading(_("Quarterly returns of the communes"))
        self.drop_hint = QLabel(_("Drop return files (.xlsx) or a folder here."))
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.setStyleSheet("QLabel { border: 2px dashed #9aa5b5; padding: 14px; "
                                     "color: #4a4a4a; background: white; }")
        self.add_files_button = QPushButton(_("Add files…"))
        self.add_files_button.clicked.connect(self.add_files)
        self.add_folder_button = QPushButton(_("Add a folder…"))
        self.add_folder_button.clicked.connect(self.add_folder)
        self.import_button = QPushButton(_("Import"))
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.clear_button = QPushButton(_("Clear the list"))
        self.clear_button.clicked.connect(self.clear_files)
        self.template_button = QPushButton(_("Save the blank return…"))
        self.template_button.setToolTip(_("The workbook a commune without the application "
                                          "fills in by hand"))
        self.template_button.clicked.connect(self.save_template)
        buttons = QHBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.import_button,
                       self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.template_button)

        self.file_model = _RowsModel([
            (_("File"), lambda row: row.file),
            (_("Status"), lambda row: row.status),
            (_("Commune"), lambda row: row.commune_text),
            (_("Quarter"), lambda row: row.quarter_label),
            (_("Groups"), lambda row: str(row.groups) if row.groups else ""),
        ], self)
        self.file_model.colour = _file_colour
        self.file_model.numeric = {4}
        self.file_table = self._table(self.file_model)
        self.file_table.selectionModel().currentRowChanged.connect(self._show_problems)
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        self.problems_title = QLabel(_("Problems of the selected file"))
        self.problems_title.setObjectName("sectionTitle")
        problems_box = QWidget()
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.setContentsMargins(0, 0, 0, 0)
        problems_layout.addWidget(self.problems_title)
        problems_layout.addWidget(self.problems)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.file_table)
        splitter.addWidget(problems_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        import_tab = QWidget()
        import_layout = QVBoxLayout(import_tab)
        import_layout.addWidget(self.drop_hint)
        import_layout.addLayout(buttons)
        import_layout.addWidget(splitter, 1)

        self.history_model = _RowsModel([
            (_("Commune"), lambda row: row.commune),
            (_("Quarter"), lambda row: row.quarter),
            (_("File"), lambda row: row.file),
            (_("Groups"), lambda row: str(row.groups)),
            (_("Imported"), lambda row: row.imported),
            (_("Status"), lambda row: row.status),
        ], self)
        self.history_model.colour = lambda row: MUTED_COLOUR if row.replaced else None
        self.history_model.italic = lambda row: bool(row.replaced)
        self.history_model.numeric = {3}
        self.history_table = self._table(self.history_model)

        self.tabs = QTabWidget()
        self.tabs.addTab(import_tab, _("Import"))
        self.tabs.addTab(self.history_table, _("Imported returns"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)

    def _table(self, model: QAbstractTableModel) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    # -- the list of files -------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the history (after an import, or when the ledger changed elsewhere)."""
        self.history_model.set_rows(load_history(self.ledger))
        self._show_files()

    def _show_files(self) -> None:
        self.file_model.set_rows(self.files.rows)
        self.heading.set_texts(_("Quarterly returns of the communes"), self.files.summary())
        has_waiting = bool(self.files.waiting())
        self.import_button.setEnabled(has_waiting and not self.busy)
        self.clear_button.setEnabled(bool(self.files.rows) and not self.busy)
        refused = [index for index, row in enumerate(self.files.rows)
                   if row.state == FileState.REFUSED]
        if refused:
            self.file_table.selectRow(refused[0])
        self._show_problems()

    def _show_problems(self, *_args: object) -> None:
        self.problems.clear()
        index = self.file_table.currentIndex()
        row = self.files.rows[index.row()] if index.isValid() and self.files.rows else None
        if row is None:
            return
        self.problems_title.setText(_("Problems of {file}").format(file=row.file))
        if not row.problems:
            self.problems.addItem(_("No problem.") if row.state != FileState.WAITING else
                                  _("Not checked yet."))
            return
        for problem in row.problems:
            self.problems.addItem(problem_line(problem))

    def add_paths(self, paths: Sequence[str | Path]) -> None:
        added = self.files.add(paths)
        if not added:
            self._status(_("No return workbook was found there."))
        self._show_files()

    def add_files(self) -> None:
        self.add_paths(list(self.choose_files()))

    def add_folder(self) -> None:
        folder = self.choose_folder()
        if folder:
            self.add_paths([folder])

    def clear_files(self) -> None:
        self.files.clear()
        self._show_files()

    def _ask_files(self) -> list[str]:
        files, _filter = QFileDialog.getOpenFileNames(
            self, _("Choose return files"), "", _("Excel workbooks (*.xlsx);;All files (*)"))
        return files

    def _ask_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, _("Choose a folder of returns"))

    def _ask_template_target(self) -> str:
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Save the blank return"), "mau_bao_cao_quy.xlsx",
            _("Excel workbooks (*.xlsx)"))
        return target

    def save_template(self) -> None:
        target = self.choose_target()
        if target:
            write_template(target)
            self._status(_("The blank return was saved to {file}.").format(file=target))

    # -- drag and drop -----------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and not self.busy:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.tabs.setCurrentIndex(0)
            self.add_paths(paths)

    # -- importing ---------------------------------------------------------------------------
    def start_import(self) -> Task | None:
        """Import the waiting files in the background (progress and Cancel)."""
        sent = self.files.waiting()
        if not sent or self.busy:
            return None
        ledger, actor = self.ledger, self.actor

        def work(progress: Progress) -> list[Any]:
            return import_returns(ledger, sent, actor, progress)

        def finished(outcomes: list[Any]) -> None:
            self.task = None
            self.files.apply(sent, outcomes)
            self.refresh()
            self._status(self.files.summary())
            if any(row.state in (FileState.IMPORTED, FileState.REPLACED)
                   for row in self.files.rows):
                self.imported.emit()
                self._ledger_changed()

        def failed(_error: BaseException) -> None:
            self.task = None
            self._show_files()

        self.task = run_task(self, _("Importing returns"), work)
        self.task.on_success(finished).on_failure(failed)
        self.task.finished.connect(self._task_ended)
        self._show_files()
        return self.task.start()

    def _task_ended(self) -> None:
        if self.task is not None and self.task.was_cancelled:
            self.task = None
            self._show_files()

    def cancel_import(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def history_rows(self) -> list[HistoryRow]:
        return list(self.history_model.rows)
