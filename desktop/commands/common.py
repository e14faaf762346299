"""What every command shares: opening the ledger named by ``--db`` and finding a group."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models.database import Ledger, LedgerNotFound, open_ledger
from desktop.models.errors import LedgerError
from desktop.models.group import Group
from desktop.models.indicators import Quarter


def ledger_from(options: argparse.Namespace) -> Ledger:
    """The ledger ``--db`` names (default: the one in the user's data folder). It must exist:
    a mistyped path is refused with the way to make a new ledger, never made silently."""
    try:
        return open_ledger(options.db)
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
