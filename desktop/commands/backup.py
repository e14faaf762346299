"""``backup FILE [--encrypt]``, ``restore FILE (--to NEW.sqlite | --over)`` and ``backups``:
backups of the ledger from the command line (DESIGN.md §8).

``backup`` writes a verified copy of the ledger (``--db``) to FILE — or into FILE when it is a
folder, such as a USB stick — and never over an existing file. ``restore`` checks a backup and
writes it to a new ledger file; over an existing ledger (the current one by default) only with
``--over``, after a backup of that ledger. An encrypted backup's passphrase is asked for, or
read from ``COMMUNE_LEDGER_BACKUP_PASSPHRASE`` in scripts. ``backups`` lists the automatic
backups of the ledger with what each holds.

``backup`` and ``backups`` sign in to the ledger as a clerk, a board member or the
administrator; ``restore --over`` as the administrator of the ledger it replaces. Restoring
into a new file signs in to nothing: the ledger it makes is the backup's, with the backup's
own users, and whoever holds the backup file holds that much already (an encrypted one asks
its passphrase).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from desktop.commands.common import print_json, sign_in_at
from desktop.i18n import _
from desktop.models.backups import format_size
from desktop.models.database import location
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_date

PASSPHRASE_VARIABLE = "COMMUNE_LEDGER_BACKUP_PASSPHRASE"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    backup = subparsers.add_parser(
        "backup", help=_("write a verified backup copy of the ledger"),
        description=_("Write a backup copy of the ledger to FILE (or into FILE when it is a "
                      "folder, e.g. a USB stick), check it, and never write over a file."))
    backup.add_argument("file", metavar="FILE", help=_("the backup file, or a folder"))
    backup.add_argument("--encrypt", action="store_true",
                        help=_("encrypt the copy with a passphrase (asked for, or taken from "
                               "{variable})").format(variable=PASSPHRASE_VARIABLE))
    backup.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    backup.set_defaults(func=run_backup)

    restore = subparsers.add_parser(
        "restore", help=_("restore a backup into a new ledger file, or over a ledger"),
        description=_("Check a backup and restore it: into a new ledger file (--to), or over "
                      "an existing ledger (--over: the --db ledger, or the --to file), after "
                      "a backup of that ledger."))
    restore.add_argument("file", metavar="FILE", help=_("the backup to restore"))
    restore.add_argument("--to", metavar="NEW.sqlite",
                         help=_("the ledger file to write (a new file unless --over)"))
    restore.add_argument("--over", action="store_true",
                         help=_("replace an existing ledger (backed up first)"))
    restore.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    restore.set_defaults(func=run_restore)

    listing = subparsers.add_parser(
        "backups", help=_("list the automatic backups of the ledger"))
    listing.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    listing.set_defaults(func=run_list)


def _ledger_file(options: argparse.Namespace) -> Path:
    """The ledger file of ``--db``: it must be there and be a ledger, and a file (not a
    server). It is only looked at: an older ledger is backed up as it is, not upgraded."""
    from desktop.models.ledger_file import FileKind, probe

    shown = location(options.db)
    if "://" in shown:
        raise LedgerError(_("{url} is a database server: back it up with the server's own "
                            "tools.").format(url=shown))
    path = Path(shown)
    kind = probe(path)
    if kind is FileKind.MISSING:
        raise LedgerError(_("There is no ledger file {file}.").format(file=shown))
    if kind is not FileKind.LEDGER:
        raise LedgerError(_("The file {file} is not a Commune Ledger ledger, or it is "
                            "damaged.").format(file=shown))
    return path


def _passphrase(prompt: str, *, twice: bool) -> str:
    given = os.environ.get(PASSPHRASE_VARIABLE)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise LedgerError(_("A passphrase is needed: type it at a terminal, or give it in "
                            "{variable}.").format(variable=PASSPHRASE_VARIABLE))
    first = getpass.getpass(prompt)
    if twice and getpass.getpass(_("The same passphrase again: ")) != first:
        raise LedgerError(_("The two passphrases differ; nothing was written."))
    return first


def run_backup(options: argparse.Namespace) -> int:
    from desktop.models.backups import Kind, make_backup
    from desktop.settings import Settings

    source = _ledger_file(options)
    sign_in_at(options, str(source))
    passphrase = _passphrase(_("Passphrase for the backup: "), twice=True) \
        if options.encrypt else None
    target = Path(options.file).expanduser().resolve()
    if options.file.endswith(("/", os.sep)):  # "E:\" or "/media/usb/": a folder, made if new
        target.mkdir(parents=True, exist_ok=True)
    record = make_backup(source, kind=Kind.MANUAL, policy=Settings().backup_policy(),
                         target=target, passphrase=passphrase)
    if options.json:
        print_json(record.as_json())
    elif record.ok:
        print(_("Backed up {ledger} to {file} ({size}): {groups} groups, last meeting {date}; "
                "the copy passed its check.").format(
            ledger=source, file=record.path, size=format_size(record.size),
            groups=record.contents.groups, date=_day(record.contents.last_meeting)))
    else:
        sys.stderr.write(_("The backup failed its check and was not kept: {reason}").format(
            reason=" ".join(record.verification.findings())) + "\n")
    return 0 if record.ok else 1


def run_restore(options: argparse.Namespace) -> int:
    from desktop.models import backup_crypto
    from desktop.models.restore import restore_backup
    from desktop.settings import Settings

    backup = Path(options.file).expanduser().resolve()
    if options.to:
        target = Path(options.to).expanduser().resolve()
    elif options.over:
        target = _ledger_file(options)
    else:
        raise LedgerError(_("Say where to restore: --to NEW.sqlite (a new file), or --over to "
                            "replace the current ledger after a backup of it."))
    if options.over:  # the ledger replaced: its administrator says so
        sign_in_at(options, str(target))
    passphrase = None
    if backup.is_file() and backup_crypto.is_encrypted(backup):
        passphrase = _passphrase(_("Passphrase of the backup: "), twice=False)
    done = restore_backup(backup, target, over=options.over,
                          policy=Settings().backup_policy(), passphrase=passphrase)
    if options.json:
        print_json({"restored": str(done.target), "groups": done.contents.groups,
                    "members": done.contents.members,
                    "last_meeting": done.contents.last_meeting,
                    "backup_of_replaced": str(done.before.path) if done.before else None,
                    "check_problems": done.check_problems})
        return 0
    print(_("Restored {file} into {target}: {groups} groups, last meeting {date}.").format(
        file=backup, target=done.target, groups=done.contents.groups,
        date=_day(done.contents.last_meeting)))
    if done.before is not None:
        print(_("The ledger it replaced was backed up first to {file}.").format(
            file=done.before.path))
    if done.check_problems:
        sys.stderr.write(_("Note: the ledger's check finds {count} problems in the restored "
                           "ledger; run: commune-ledger check").format(
                               count=done.check_problems) + "\n")
    return 0


def run_list(options: argparse.Namespace) -> int:
    from desktop.models.backups import automatic_backups
    from desktop.settings import Settings

    source = _ledger_file(options)
    sign_in_at(options, str(source))
    items = automatic_backups(source, Settings().backup_policy())
    if options.json:
        print_json([{"file": str(item.path), "made": item.made.isoformat(),
                     "kind": item.kind.value, "size": item.size,
                     "groups": item.record.contents.groups if item.record else None,
                     "last_meeting": item.record.contents.last_meeting if item.record
                     else None,
                     "verified": item.record.ok if item.record else None}
                    for item in items])
        return 0
    if not items:
        print(_("There is no automatic backup of {file} yet.").format(file=source))
        return 0
    for item in items:
        held = _("{groups} groups, last meeting {date}").format(
            groups=item.record.contents.groups, date=_day(item.record.contents.last_meeting)) \
            if item.record else ""
        print(f"{item.made:%d/%m/%Y %H:%M}  {format_size(item.size):>9}  {held}  {item.path}")
    return 0


def _day(day: object) -> str:
    import datetime as dt

    return format_date(day) if isinstance(day, dt.date) else _("none")
