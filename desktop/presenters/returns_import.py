"""The Returns page without Qt: the list of files dropped for import with their status and
problems, and the history of returns already imported."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from desktop.i18n import N_, _
from desktop.models.database import Ledger
from desktop.models.errors import Problem
from desktop.models.formatting import format_date
from desktop.models.indicators import Quarter
from desktop.models.returns import ReturnStatus, returns_history
from desktop.workbooks.return_files import ImportOutcome, ImportStatus, expand_paths


class FileState(StrEnum):
    WAITING = "waiting"
    IMPORTED = "imported"
    REPLACED = "replaced"
    REFUSED = "refused"
    NOT_DONE = "not_done"  # the import was cancelled before this file


_STATE_TEXT = {
    FileState.WAITING: N_("Waiting"),
    FileState.IMPORTED: N_("Imported"),
    FileState.REPLACED: N_("Imported, replaces the earlier return"),
    FileState.REFUSED: N_("Refused: nothing imported"),
    FileState.NOT_DONE: N_("Not imported (cancelled)"),
}
_FROM_OUTCOME = {ImportStatus.IMPORTED: FileState.IMPORTED,
                 ImportStatus.REPLACED: FileState.REPLACED,
                 ImportStatus.REFUSED: FileState.REFUSED}


def state_text(state: FileState) -> str:
    return _(_STATE_TEXT[state])


def quarter_text(quarter: Quarter) -> str:
    """``III/2026``, as the clerk writes a quarter."""
    return f"{('I', 'II', 'III', 'IV')[quarter.number - 1]}/{quarter.year}"


def problem_line(problem: Problem) -> str:
    """The problem as one line of the problems list (its message already names the cell)."""
    return problem.message


@dataclass
class FileRow:
    path: Path
    state: FileState = FileState.WAITING
    commune: str = ""
    commune_name: str = ""
    quarter: str = ""
    groups: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def status(self) -> str:
        if self.state == FileState.REFUSED:
            return _("Refused: {count} problems, nothing imported").format(
                count=len(self.problems))
        return state_text(self.state)

    @property
    def commune_text(self) -> str:
        return f"{self.commune} {self.commune_name}".strip()

    @property
    def quarter_label(self) -> str:
        if not self.quarter:
            return ""
        return quarter_text(Quarter.parse(self.quarter))


class ImportList:
    """The files the clerk dropped or picked, in order, each once."""

    def __init__(self) -> None:
        self.rows: list[FileRow] = []

    def add(self, paths: Iterable[str | os.PathLike[str]]) -> int:
        """Add files, and the returns found in folders; a file already listed goes back to
        waiting (it may have been mended since). Returns how many were added or reset."""
        known = {row.path.resolve(): row for row in self.rows}
        count = 0
        for path in expand_paths(paths):
            row = known.get(path.resolve())
            if row is None:
                row = FileRow(path)
                self.rows.append(row)
                known[path.resolve()] = row
            else:
                row.state, row.problems = FileState.WAITING, []
            count += 1
        return count

    def clear(self) -> None:
        self.rows = []

    def remove_finished(self) -> None:
        """Keep only the files still to import (and the refused ones, to mend)."""
        self.rows = [row for row in self.rows
                     if row.state in (FileState.WAITING, FileState.REFUSED, FileState.NOT_DONE)]

    def waiting(self) -> list[Path]:
        return [row.path for row in self.rows
                if row.state in (FileState.WAITING, FileState.NOT_DONE)]

    def apply(self, sent: Sequence[Path], outcomes: Sequence[ImportOutcome]) -> None:
        """Record what became of the files ``sent`` to import; those without an outcome
        (the clerk cancelled) are marked not imported."""
        by_path = {Path(outcome.path).resolve(): outcome for outcome in outcomes}
        sent_paths = {path.resolve() for path in sent}
        for row in self.rows:
            key = row.path.resolve()
            if key not in sent_paths:
                continue
            outcome = by_path.get(key)
            if outcome is None:
                row.state = FileState.NOT_DONE
                continue
            row.state = _FROM_OUTCOME[outcome.status]
            row.commune, row.commune_name = outcome.commune, outcome.commune_name
            row.quarter, row.groups = outcome.quarter, outcome.groups
            row.problems = list(outcome.problems)

    def counts(self) -> dict[FileState, int]:
        counts = dict.fromkeys(FileState, 0)
        for row in self.rows:
            counts[row.state] += 1
        return counts

    def summary(self) -> str:
        counts = self.counts()
        if not self.rows:
            return _("Drop return files or a folder here, or choose them with the buttons.")
        return _("{total} files: {imported} imported ({replaced} of them replace an earlier "
                 "return), {refused} refused, {waiting} waiting.").format(
            total=len(self.rows),
            imported=counts[FileState.IMPORTED] + counts[FileState.REPLACED],
            replaced=counts[FileState.REPLACED], refused=counts[FileState.REFUSED],
            waiting=counts[FileState.WAITING] + counts[FileState.NOT_DONE])


# ---------------------------------------------------------------------------------------------
# History


@dataclass(frozen=True)
class HistoryRow:
    return_id: int
    commune: str
    quarter: str
    file: str
    groups: int
    imported: str
    replaced: bool

    @property
    def status(self) -> str:
        return _("Replaced by a later return") if self.replaced else _("Current")


def _when(moment: dt.datetime) -> str:
    return f"{format_date(moment)} {moment.hour:02d}:{moment.minute:02d}"


def load_history(ledger: Ledger, quarter: Quarter | None = None) -> list[HistoryRow]:
    """Every imported return (current and replaced), newest quarter first; plain data for
    the GUI thread."""
    with ledger.session() as session:
        return [HistoryRow(
            return_id=row.id, commune=f"{row.commune_code} {row.commune_name}".strip(),
            quarter=quarter_text(row.period), file=row.file_name, groups=row.group_count,
            imported=_("{when} by {user}").format(when=_when(row.imported_at),
                                                  user=row.imported_by),
            replaced=row.status == ReturnStatus.REPLACED,
        ) for row in returns_history(session, quarter)]
