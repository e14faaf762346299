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
from desktop.models.database import Ledger, LedgerNotFound, open_ledger
from desktop.models.errors import LedgerError
from desktop.models.group import Group
from desktop.models.indicators import Quarter


def ledger_from(options: argparse.Namespace) -> Ledger:
    """The ledger ``--db`` names (default: the one in the user's data folder), signed in:
    ``options.actor`` is the user, who has the right the command needs (``access``). It must
    exist: a mistyped path is refused with the way to make a new ledger, never made
    silently."""
    ledger = _open(options)
    try:
        options.actor = sign_in_for(options, ledger)
    except BaseException:
        ledger.close()
        raise
    return ledger


def _open(options: argparse.Namespace) -> Ledger:
    try:
        return open_ledger(options.db)
    except LedgerNotFound as missing:
        if options.db is None:
            raise LedgerError(_("There is no ledger yet in your data folder ({file}). Make a "
                                "new one with: commune-ledger new — or a demo ledger to try "
                                "the application with: commune-ledger demo").format(
                file=missing.location)) from None
        raise LedgerError(str(missing) + " " + _(
            "Check the folder and the file name; to make a new ledger there: commune-ledger "
            "new {file}").format(file=missing.location)) from None


def find_group(session: Session, code: str) -> Group:
    group = session.scalar(select(Group).where(Group.code == code.strip()))
    if group is None:
        raise LedgerError(_("There is no group with the code {code}.").format(code=code))
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
