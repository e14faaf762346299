"""``commune-ledger copy-ledger FROM TO [--replace]``: copy a whole ledger to another place —
a commune's file onto the office's PostgreSQL server, or a server's ledger into a file.

FROM and TO are ledger files or database addresses (as ``--db`` takes them). Every row is
copied with its ids, the audit log included, so ``check`` says the same of both. The copy is
whole or nothing; TO must be new (a file not there yet, an empty database) unless
``--replace`` is given, which replaces a ledger there and never anything else. The user signs
in to FROM as its administrator: the copy carries everything, users and personal data too.
"""

from __future__ import annotations

import argparse
import sys

from desktop.commands.common import sign_in_at
from desktop.i18n import _
from desktop.models.formatting import format_amount
from desktop.models.ledger_copy import copy_ledger


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "copy-ledger", help=_("copy a whole ledger to another file or database server"),
        description=_("Copy a whole ledger, every row and the audit log, to a new ledger file "
                      "or to an empty database on a server (and back). The copy is whole or "
                      "nothing."))
    parser.add_argument("source", metavar="FROM", help=_("the ledger to copy (file or URL)"))
    parser.add_argument("target", metavar="TO",
                        help=_("where the copy goes: a new file, or an empty database (URL)"))
    parser.add_argument("--replace", action="store_true",
                        help=_("replace a ledger already at TO (never another program's data)"))
    parser.set_defaults(func=run)


def run(options: argparse.Namespace) -> int:
    sign_in_at(options, options.source)

    def progress(table: str, rows: int) -> None:
        if sys.stderr.isatty():  # a long copy shows it is moving; a script's log stays clean
            sys.stderr.write("\r" + _("Copying {table}: {rows} rows…").format(
                table=table, rows=format_amount(rows)) + "\033[K")

    result = copy_ledger(options.source, options.target, replace=options.replace,
                         progress=progress)
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    print(_("Copied the ledger {source} to {target}: {rows} rows in {tables} tables, of which "
            "{lines} journal lines.").format(
        source=result.source, target=result.target, rows=format_amount(result.total),
        tables=len(result.rows), lines=format_amount(result.rows.get("journal_lines", 0))))
    return 0
