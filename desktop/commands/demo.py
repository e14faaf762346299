"""``commune-ledger demo [--force]``: make a ledger holding the demo commune.

The demo is built in a new ledger file under a temporary name and moved into place whole
(``create_ledger``): a ``demo`` killed at any instant leaves either nothing or a complete
demo ledger, and of two ``demo`` runs at once on one file, one makes it and the other is
refused. An existing ledger that is still empty is filled where it is, in one transaction.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from desktop.commands.access import sign_in_for
from desktop.i18n import _
from desktop.models.database import (
    LedgerExists,
    LedgerNotFound,
    create_ledger,
    location,
    open_ledger,
)
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_amount
from desktop.models.users import user_count

if TYPE_CHECKING:
    from desktop.demo import DemoSummary


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "demo", help=_("make a ledger with a realistic demo commune"),
        description=_("Make a ledger holding a demo commune: villages, savings groups and "
                      "clubs with a year of meetings up to today."))
    parser.add_argument("--force", action="store_true",
                        help=_("replace an existing ledger with a new demo ledger"))
    parser.set_defaults(func=run)


def run(options: argparse.Namespace) -> int:
    from desktop.demo import build_demo  # the simulations: only for this command

    made: list[DemoSummary] = []

    def fill(session: Session) -> None:
        made.append(build_demo(session))

    if options.force:
        _admin_of_replaced(options)
    try:
        create_ledger(options.db, fill, replace=options.force)
    except LedgerExists:
        fill_existing(options, fill)
    summary = made[-1]
    print(_("Demo ledger made: {commune}, {groups} groups, {members} members, {meetings} "
            "meetings, {events} entries.").format(
        commune=summary.commune, groups=summary.groups, members=summary.members,
        meetings=summary.meetings, events=format_amount(summary.events)))
    return 0


def _admin_of_replaced(options: argparse.Namespace) -> None:
    """A ledger with users is replaced only by its administrator, signed in."""
    try:
        ledger = open_ledger(options.db)
    except LedgerNotFound:
        return
    except LedgerError:
        return  # not a ledger: create_ledger refuses it, naming it
    try:
        with ledger.session() as session:
            has_users = user_count(session) > 0
        if has_users:
            sign_in_for(options, ledger)
    finally:
        ledger.close()


def fill_existing(options: argparse.Namespace, fill: Callable[[Session], None]) -> None:
    """Fill a ledger that exists but holds nothing yet (one transaction: all or nothing);
    refuse anything else, naming it. A ledger that has users already is filled only by its
    administrator, signed in (its users stay; the demo users are not added)."""
    from desktop.demo import has_data

    db = options.db
    ledger = open_ledger(db)  # refuses what is not a ledger, naming it
    try:
        with ledger.session() as session:
            has_users = user_count(session) > 0
        if has_users:
            sign_in_for(options, ledger)
        with ledger.session() as session:
            if has_data(session):
                raise LedgerError(_("The ledger {ledger} already has data; use --force to "
                                    "replace it with a new demo ledger.").format(
                    ledger=location(db)))
            fill(session)
    finally:
        ledger.close()
