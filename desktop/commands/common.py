"""What every command shares: opening the ledger named by ``--db`` and finding a group."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models.database import Ledger, open_ledger
from desktop.models.errors import LedgerError
from desktop.models.group import Group


def ledger_from(options: argparse.Namespace) -> Ledger:
    return open_ledger(options.db)


def find_group(session: Session, code: str) -> Group:
    group = session.scalar(select(Group).where(Group.code == code.strip()))
    if group is None:
        raise LedgerError(_("There is no group with the code {code}.").format(code=code))
    return group


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
