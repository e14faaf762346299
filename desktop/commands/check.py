"""``commune-ledger check [--group CODE | --commune CODE] [--json]``: the ledger's self-check
(file, trial balances, books, and the balances kept for quick reading against the journal).
On a terminal, progress is shown on stderr as the groups are checked.

Exit status 0 when the ledger is sound, 1 when anything is wrong (2 for bad input). A file
so damaged that SQLite cannot read it through is a finding like any other: one Vietnamese
sentence naming the file (also in ``--json``), exit 1, the details in the log.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from desktop.commands.common import find_group, ledger_from, print_json
from desktop.i18n import _
from desktop.models.database import StorageError, location
from desktop.models.errors import LedgerError, Problem
from desktop.models.formatting import format_amount
from desktop.models.group import Group
from desktop.models.organisation import Commune
from desktop.models.system_errors import describe
from desktop.progress import SILENT, Progress

if TYPE_CHECKING:
    from desktop.models.integrity import GroupCheck, LedgerCheck

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "check", help=_("check the ledger file and the books of every group"),
        description=_("Check the ledger: the database file, the trial balance of every group, "
                      "balanced entries, loans, savings and meeting cash."))
    parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    parser.add_argument("--thorough", action="store_true",
                        help=_("also check every index of the file against its table (much "
                               "longer on a large ledger)"))
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--group", metavar="CODE",
                       help=_("check only this group's books (COMMUNE/CODE when the ledger "
                              "keeps several communes)"))
    scope.add_argument("--commune", metavar="CODE",
                       help=_("check only the books of this commune's groups"))
    parser.set_defaults(func=run)


def run(options: argparse.Namespace) -> int:
    from desktop.models.integrity import LedgerCheck, inspect_ledger  # not for other commands

    ledger = ledger_from(options)
    progress = _terminal_progress() if sys.stderr.isatty() else SILENT
    try:
        with ledger.session() as session:
            result = inspect_ledger(session, _scope(session, options), progress,
                                    workers=os.cpu_count() or 1, thorough=options.thorough)
    except (DatabaseError, StorageError) as error:
        sentence = str(error) if isinstance(error, StorageError) else describe(
            error, location(options.db))
        if sentence is None:
            raise
        log.warning("check of %s stopped", location(options.db), exc_info=True)
        result = LedgerCheck([], [Problem(sentence)])
    finally:
        ledger.close()
        if progress is not SILENT:
            sys.stderr.write("\r\033[K")
    if options.json:
        print_json(as_json(result))
    else:
        print(as_text(result))
    return 0 if result.sound else 1


def _scope(session: Session, options: argparse.Namespace) -> list[int] | None:
    """The groups to check: one, a commune's, or (``None``) the whole ledger and its file."""
    if options.group:
        return [find_group(session, options.group).id]
    if options.commune:
        commune = session.scalar(select(Commune).where(Commune.code == options.commune.strip()))
        if commune is None:
            raise LedgerError(_("There is no commune with the code {code}.").format(
                code=options.commune.strip()))
        return list(session.scalars(select(Group.id).where(Group.commune_id == commune.id)))
    return None


def _terminal_progress() -> Progress:
    """Progress on one line of the terminal (stderr), rewritten as the check goes."""
    def report(done: int, total: int, text: str) -> None:
        if total:
            sys.stderr.write("\r\033[K" + _("{done} of {total} groups checked. {doing}")
                             .format(done=done, total=total, doing=text).rstrip())
            sys.stderr.flush()

    return Progress(report)


def as_json(result: LedgerCheck) -> dict[str, object]:
    return {
        "sound": result.sound,
        "problems": [str(problem) for problem in result.problems],
        "groups": [
            {"code": group.code, "name": group.name, "kind": group.kind,
             "trial_balance": group.trial_balance, "sound": group.sound,
             "problems": [str(problem) for problem in group.problems]}
            for group in result.groups
        ],
    }


def _verdict(group: GroupCheck) -> str:
    if group.sound:
        return _("sound")
    return _("{count} problems").format(count=len(group.problems))


def as_text(result: LedgerCheck) -> str:
    """One line per group (code, name, trial balance, verdict), its problems beneath."""
    lines: list[str] = []
    if result.problems:
        lines.append(_("The ledger file:"))
        lines.extend(f"    - {problem}" for problem in result.problems)
    headers = (_("Group code"), _("Group name"), _("Trial balance"), _("Result"))
    rows = [(g.code, g.name, format_amount(g.trial_balance), _verdict(g)) for g in result.groups]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(4)]

    def line(cells: tuple[str, str, str, str]) -> str:
        return "  ".join((cells[0].ljust(widths[0]), cells[1].ljust(widths[1]),
                          cells[2].rjust(widths[2]), cells[3])).rstrip()

    lines.append(line(headers))
    for group, row in zip(result.groups, rows, strict=True):
        lines.append(line(row))
        lines.extend(f"    - {problem}" for problem in group.problems)
    count = len(result.all_problems)
    if count:
        lines.append(_("The ledger has {count} problems.").format(count=count))
    else:
        lines.append(_("The ledger is sound: {groups} groups, no problem found.").format(
            groups=len(result.groups)))
    return "\n".join(lines)
