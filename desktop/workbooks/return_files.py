"""Moving quarterly returns in and out of a ledger: a commune exports its own return, the
aggregating office imports many.

Import is all-or-nothing per file: every file of a batch is read and checked completely
first, then each is stored under a savepoint of its own, so a refused file leaves nothing
behind and a good file is never held back by a bad one beside it. The batch is stored in one
short transaction once every file is read: the ledger's writer is held for the storing only,
a hundred returns are written to the disk (and flushed) once, not a hundred times, and a
batch cut short by a crash leaves the ledger as it was before it.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models.database import Ledger
from desktop.models.errors import LedgerError, Problem
from desktop.models.group import Group
from desktop.models.indicators import Quarter, commune_indicators
from desktop.models.organisation import Commune
from desktop.models.permissions import Actor
from desktop.models.returns import ReturnHeader, ReturnLine, store_return
from desktop.progress import SILENT, Cancelled, Progress
from desktop.workbooks.quarterly_return import read_return
from desktop.workbooks.return_template import write_return
from desktop.workbooks.safe_xlsx import DEFAULT_LIMITS, Limits

log = logging.getLogger(__name__)

# In a folder, these are taken as returns (others — notes, photos — are left alone); a
# wrongly saved .xls or .csv is taken so that it is reported rather than silently skipped.
RETURN_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    REPLACED = "replaced"  # imported, in place of an earlier return of that commune and quarter
    REFUSED = "refused"


@dataclass(frozen=True)
class ImportOutcome:
    """What became of one file."""

    path: str
    status: ImportStatus
    commune: str = ""
    commune_name: str = ""
    quarter: str = ""
    groups: int = 0
    problems: list[Problem] = field(default_factory=list)
    return_id: int | None = None

    @property
    def file(self) -> str:
        return Path(self.path).name

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "status": str(self.status),
            "commune": self.commune,
            "quarter": self.quarter,
            "groups": self.groups,
            "problems": [{"sheet": problem.sheet, "cell": problem.cell,
                          "message": problem.message} for problem in self.problems],
        }


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given, and the returns found in each folder given (not in sub-folders),
    in name order. Excel's lock files (``~$…``) are skipped."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(sorted(
                child for child in path.iterdir()
                if child.is_file() and child.suffix.lower() in RETURN_SUFFIXES
                and not child.name.startswith(("~$", "."))))
        else:
            found.append(path)
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def import_return_file(ledger: Ledger, path: Path, actor: Actor,
                       limits: Limits = DEFAULT_LIMITS) -> ImportOutcome:
    """Read, check and (if nothing is wrong) store one file, in a transaction of its own."""
    return _import_files(ledger, [path], actor, SILENT, limits)[0]


def import_returns(ledger: Ledger, paths: Sequence[str | os.PathLike[str]], actor: Actor,
                   progress: Progress = SILENT,
                   limits: Limits = DEFAULT_LIMITS) -> list[ImportOutcome]:
    """Import every file (folders expanded), each whole or not at all: all are read and
    checked, then stored in one transaction. On Cancel the files read until then are stored
    and the rest are not touched: the outcomes returned are those of the files processed.
    Should the commit itself fail, nothing of the batch is kept and every file is told so."""
    return _import_files(ledger, expand_paths(paths), actor, progress, limits)


@dataclass
class _Checked:
    """A file read and checked, waiting to be stored (or refused already)."""

    path: Path
    refused: ImportOutcome | None = None
    header: ReturnHeader | None = None
    lines: list[ReturnLine] = field(default_factory=list)
    sha256: str = ""


def _import_files(ledger: Ledger, files: list[Path], actor: Actor, progress: Progress,
                  limits: Limits) -> list[ImportOutcome]:
    # Every file is read and checked first, with nothing of the ledger held; only then is
    # the ledger written, in one short transaction. Cancel while reading stores the files
    # read until then.
    checked: list[_Checked] = []
    try:
        for index, path in enumerate(files):
            progress.step(index, len(files), path.name)
            checked.append(_check(path, limits))
    except Cancelled:
        pass  # every file is whole or untouched: stopping between two files is safe
    outcomes: list[ImportOutcome] = []
    try:
        with ledger.session() as session:
            if session.get_bind().dialect.name == "sqlite":
                # pysqlite opens no transaction before a SAVEPOINT: without one, releasing
                # a file's savepoint would commit that file there and then.
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            outcomes = [_store(session, item, actor) for item in checked]
    except SQLAlchemyError:
        # Rolled back whole; most likely another office PC stored the same return meanwhile.
        log.warning("cannot store %s", ", ".join(str(path) for path in files), exc_info=True)
        outcomes = [item.refused or ImportOutcome(
            str(item.path), ImportStatus.REFUSED, problems=[_unsaved(item.path)])
            for item in checked]
    if len(checked) == len(files):
        progress.step(len(files), len(files), "")
    return outcomes


def _check(path: Path, limits: Limits) -> _Checked:
    if not path.exists():
        return _Checked(path, refused=ImportOutcome(str(path), ImportStatus.REFUSED, problems=[
            Problem(_("The file does not exist."), file=path.name)]))
    read = read_return(path, limits)
    if not read.ok or read.header is None:
        return _Checked(path, refused=ImportOutcome(str(path), ImportStatus.REFUSED,
                                                    problems=read.problems))
    return _Checked(path, header=read.header, lines=read.lines, sha256=_sha256(path))


def _store(session: Session, item: _Checked, actor: Actor) -> ImportOutcome:
    """Store one checked file in the caller's transaction, under a savepoint: a file refused
    while being stored leaves nothing of itself."""
    if item.refused is not None or item.header is None:
        assert item.refused is not None
        return item.refused
    header, path = item.header, item.path
    try:
        with session.begin_nested():
            stored = store_return(session, header, item.lines, file_name=path.name,
                                  actor=actor, file_sha256=item.sha256)
    except SQLAlchemyError:
        log.warning("cannot store %s", path, exc_info=True)
        return ImportOutcome(str(path), ImportStatus.REFUSED, problems=[_unsaved(path)])
    return ImportOutcome(
        str(path), ImportStatus.REPLACED if stored.replaced else ImportStatus.IMPORTED,
        commune=header.commune_code, commune_name=header.commune_name,
        quarter=str(header.period), groups=len(item.lines), return_id=stored.return_id)


def _unsaved(path: Path) -> Problem:
    return Problem(_("The return could not be saved in the ledger and nothing of it was "
                     "kept; import the file again."), file=path.name)


# ---------------------------------------------------------------------------------------------
# Export: a commune's own return


def _commune(session: Session, code: str | None) -> Commune:
    if code:
        commune = session.scalar(select(Commune).where(Commune.code == code.strip()))
        if commune is None:
            raise LedgerError(_("There is no commune with the code {code} in this ledger.")
                              .format(code=code))
        return commune
    communes = list(session.scalars(
        select(Commune).where(Commune.id.in_(select(Group.commune_id))).order_by(Commune.code)))
    if not communes:
        raise LedgerError(_("This ledger has no group yet, so there is no return to send."))
    if len(communes) > 1:
        raise LedgerError(_("This ledger keeps groups of several communes ({codes}); say "
                            "which commune the return is for.").format(
            codes=", ".join(commune.code for commune in communes)))
    return communes[0]


def commune_return(session: Session, quarter: Quarter, *, commune_code: str | None = None,
                   prepared_by: str = "", prepared_on: Any = None) -> tuple[ReturnHeader,
                                                                            list[ReturnLine]]:
    """The commune's return for ``quarter``: the figures of its own quarterly report
    (:func:`desktop.models.indicators.commune_indicators` at the quarter's last day), read
    for this commune's groups only, however many communes the ledger keeps."""
    commune = _commune(session, commune_code)
    rows = commune_indicators(session, quarter.last_day, quarter.first_day,
                              commune_id=commune.id)
    header = ReturnHeader(
        commune_code=commune.code, commune_name=commune.name, province=commune.province,
        year=quarter.year, quarter=quarter.number, prepared_by=prepared_by,
        prepared_on=prepared_on)
    lines = [ReturnLine(
        code=row.code, name=row.name, kind=row.kind, village=row.village, members=row.members,
        female=row.female, poor=row.poor, elderly=row.elderly, meetings=row.meetings,
        attendance=row.attendance_percent, savings=row.savings,
        loans_outstanding=row.loans_outstanding, loans_count=row.loans_count,
        overdue=row.overdue, social_fund=row.social_fund, income_fund=row.income_fund,
        cash=row.cash, dropouts=row.dropouts) for row in rows]
    return header, lines


def export_return(ledger: Ledger, quarter: Quarter, path: str | os.PathLike[str], *,
                  commune_code: str | None = None, prepared_by: str = "",
                  prepared_on: Any = None) -> tuple[ReturnHeader, list[ReturnLine]]:
    """Write the commune's return for ``quarter`` to ``path``; returns what was written."""
    with ledger.session() as session:
        header, lines = commune_return(session, quarter, commune_code=commune_code,
                                       prepared_by=prepared_by, prepared_on=prepared_on)
    write_return(path, header, lines)
    return header, lines
