"""``commune-ledger new [FILE] --admin NAME [--commune CODE --commune-name NAME [--province
NAME] [--union NAME]]``: make a new, empty ledger — the only way besides ``demo`` that a ledger
file comes to be. A ledger's own extension is ``.soquy`` (``so-quy.soquy``).

FILE is the new file (default: ``--db``, or the ledger in the user's data folder). Nothing
that is already there is ever replaced. The administrator (the password asked twice on the
terminal, or read from ``COMMUNE_LEDGER_PASSWORD``) and the commune, when given, are
recorded in the same step, so the ledger never exists without them.
"""

from __future__ import annotations

import argparse

from sqlalchemy.orm import Session

from desktop.commands.access import password
from desktop.i18n import _
from desktop.models.database import create_ledger, location, to_url
from desktop.models.errors import LedgerError
from desktop.models.ledger_setup import LedgerSetup, set_up_ledger
from desktop.models.users import check_name, check_password, clean_name, create_first_admin


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "new", help=_("make a new, empty ledger file"),
        description=_("Make a new, empty ledger. An existing file is never replaced."))
    parser.add_argument("file", nargs="?", metavar="FILE",
                        help=_("the new ledger file, for example so-quy.soquy (default: --db, "
                               "or the ledger in your data folder)"))
    parser.add_argument("--admin", required=True, metavar="NAME",
                        help=_("the ledger's administrator, its first user (the password is "
                               "asked, or read from COMMUNE_LEDGER_PASSWORD)"))
    parser.add_argument("--admin-name", metavar="NAME", default="",
                        help=_("the administrator's full name, as the window shows it"))
    parser.add_argument("--commune", metavar="CODE",
                        help=_("the commune's code (5 digits), to record it in the ledger"))
    parser.add_argument("--commune-name", metavar="NAME", default="",
                        help=_("the commune's name, with --commune"))
    parser.add_argument("--province", metavar="NAME", default="",
                        help=_("the province's name, with --commune"))
    parser.add_argument("--union", metavar="NAME", default="",
                        help=_("the name of the commune's Women's Union as printed, with "
                               "--commune"))
    parser.set_defaults(func=run)


def target_of(options: argparse.Namespace) -> str | None:
    """The place to make the ledger: FILE, or ``--db``, or the default ledger."""
    if options.file and options.db and to_url(options.file) != to_url(options.db):
        raise LedgerError(_("Two different ledgers were named: {file} and --db {db}. Name "
                            "only one.").format(file=options.file, db=options.db))
    return str(options.file or options.db) if (options.file or options.db) else None


def run(options: argparse.Namespace) -> int:
    target = target_of(options)
    code = (options.commune or "").strip()
    if not code and (options.commune_name.strip() or options.province.strip()
                     or options.union.strip()):
        raise LedgerError(_("Give the commune's code with --commune as well as its name."))
    if code and not options.commune_name.strip():
        raise LedgerError(_("Give the commune's name with --commune-name."))

    check_name(options.admin)
    secret = password(_("Password of the administrator {name}: ").format(
        name=clean_name(options.admin)), confirm=True)
    check_password(secret)

    def fill(session: Session) -> None:
        create_first_admin(session, options.admin, secret, options.admin_name)
        if code:
            set_up_ledger(session, LedgerSetup(code, options.commune_name, options.province,
                                               options.union))

    create_ledger(target, fill)
    shown = location(target)
    print(_("Made the new ledger {file}.").format(file=shown))
    if target is not None:  # the default ledger needs no --db
        print(_("Use it with: commune-ledger --db {file} COMMAND").format(file=shown))
    return 0
