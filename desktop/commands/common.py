"""What every command shares: opening the ledger named by ``--db`` and finding a group."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.commands.access import sign_in_for
from desktop.i18n import _
from desktop.models.backups import Policy as BackupPolicy
from desktop.models.database import Access, Ledger, LedgerNotFound, open_ledger
from desktop.models.errors import LedgerError
from desktop.models.group import Group
from desktop.models.indicators import Quarter
from desktop.models.organisation import Commune
from desktop.models.writer_lock import LedgerHeld


def ledger_from(options: argparse.Namespace, *, write: bool = False) -> Ledger:
    """The ledger ``--db`` names (default: the one in the user's data folder), signed in:
    ``options.actor`` is the user, who has the right the command needs (``access``). It must
    exist: a mistyped path is refused with the way to make a new ledger, never made
    silently.

    A command that changes the ledger (``write``) holds its writer's lock: while another copy
    of the application writes the ledger, it waits up to ``--wait`` seconds, then is refused
    with who holds it — two imports at once run one after the other, never interleaved. The
    first such command of a day backs the ledger up first, once its user has signed in. A
    command that only reads works on a ledger held elsewhere, read-only."""
    from desktop.settings import Settings

    policy = Settings().backup_policy()
    ledger = _open(options, write=write, policy=policy)
    try:
        options.actor = sign_in_for(options, ledger)
        if write:
            daily_backup(ledger, policy)
    except BaseException:
        ledger.close()
        raise
    return ledger


def sign_in_at(options: argparse.Namespace, place: str | None) -> None:
    """Sign in to the ledger at ``place`` (``--db`` when ``None``) with the right the command
    needs, then let it go: for the commands that work on a ledger's file or copy it whole
    (``backup``, ``restore``, ``copy-ledger``) rather than on its books. ``options.actor``
    is the user."""
    at = argparse.Namespace(**{**vars(options), "db": options.db if place is None else place})
    ledger_from(at).close()
    options.actor = at.actor


def _open(options: argparse.Namespace, *, write: bool, policy: BackupPolicy) -> Ledger:
    # Only a change waits for the writer: a command that reads opens read-only at once.
    wait = float(getattr(options, "wait", None) or 0) if write else 0.0
    try:
        ledger = open_ledger(options.db, access=Access.WRITE if write else Access.AUTO,
                             backups=policy, wait=wait)
    except LedgerHeld as held:
        who = held.holder.describe() if held.holder is not None else _(
            "another copy of Commune Ledger")
        raise LedgerError(_("The ledger {file} is being changed by {holder}; this command "
                            "waited {seconds} seconds and changed nothing. Try again when it "
                            "is closed there (or wait longer with --wait).").format(
            file=held.ledger, holder=who, seconds=f"{wait:g}")) from None
    except LedgerNotFound as missing:
        if options.db is None:
            raise LedgerError(_("There is no ledger yet in your data folder ({file}). Make a "
                                "new one with: commune-ledger new — or a demo ledger to try "
                                "the application with: commune-ledger demo").format(
                file=missing.location)) from None
        if "://" in str(options.db):  # a server's database: no folder or file name to check
            raise LedgerError(str(missing) + " " + _(
                "To make a new ledger in it: commune-ledger new ADDRESS (the address given "
                "to --db).")) from None
        raise LedgerError(str(missing) + " " + _(
            "Check the folder and the file name; to make a new ledger there: commune-ledger "
            "new {file}").format(file=missing.location)) from None
    return ledger


def daily_backup(ledger: Ledger, policy: BackupPolicy) -> None:
    """Back the ledger file up if nothing has been kept today (the day's first change)."""
    from desktop.models import backups

    path = ledger.path
    if path is None or ledger.read_only or backups.backed_up_today(path, policy):
        return
    record = backups.make_backup(path, kind=backups.Kind.DAILY, policy=policy)
    if not record.ok:
        sys.stderr.write(_("Warning: today's backup of the ledger failed its check: "
                           "{reason}").format(reason=" ".join(record.verification.findings()))
                         + "\n")


def group_argument(parser: argparse.ArgumentParser) -> None:
    """The group a command works on: ``CODE``, ``COMMUNE/CODE``, or ``CODE --commune X``."""
    parser.add_argument("code", metavar="CODE",
                        help=_("the group's code; COMMUNE/CODE (e.g. 10001/TKVV02) when the "
                               "ledger keeps several communes"))
    parser.add_argument("--commune", metavar="CODE", dest="commune",
                        help=_("the commune of the group (its 5-digit code)"))


def find_group(session: Session, code: str, commune: str | None = None) -> Group:
    """The one group ``code`` names: ``CODE`` or ``COMMUNE/CODE`` (or the commune given
    apart). Group codes are unique within a commune only, so a bare code that several
    communes use is refused, listing them, rather than taking the first."""
    wanted = code.strip()
    if "/" in wanted:
        named, _slash, wanted = (part.strip() for part in wanted.partition("/"))
        if commune and commune.strip() != named:
            raise LedgerError(_("The group {group} is in commune {named}, not in commune "
                                "{commune}.").format(group=code.strip(), named=named,
                                                     commune=commune.strip()))
        commune = named
    query = (select(Group, Commune.code).join(Commune, Commune.id == Group.commune_id)
             .where(Group.code == wanted).order_by(Commune.code))
    if commune:
        query = query.where(Commune.code == commune.strip())
    found = session.execute(query).all()
    if not found:
        if commune:
            raise LedgerError(_("Commune {commune} has no group with the code {code}.").format(
                commune=commune.strip(), code=wanted))
        raise LedgerError(_("There is no group with the code {code}.").format(code=wanted))
    if len(found) > 1:
        raise LedgerError(_("Several communes have a group with the code {code}: {choices}. "
                            "Name the one you mean as COMMUNE/CODE, e.g. {example}.").format(
            code=wanted, choices=", ".join(f"{place}/{wanted} ({group.name})"
                                           for group, place in found),
            example=f"{found[0][1]}/{wanted}"))
    group: Group = found[0][0]
    return group


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def check_quarter(ledger: Ledger, quarter: Quarter) -> None:
    """Refuse a quarter outside the ledger's records (before its first year, or not begun)."""
    from desktop.models.clock import today
    from desktop.models.ledger_span import check_quarter as check

    with ledger.session() as session:
        check(session, quarter, today())
