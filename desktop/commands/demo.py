"""``commune-ledger demo [--force]``: fill the ledger with the demo commune."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy.engine import make_url

from desktop.demo import build_demo, has_data
from desktop.i18n import _
from desktop.models.database import make_engine, open_ledger, to_url
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_amount
from desktop.models.schema import Base

SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "demo", help=_("fill the ledger with a realistic demo commune"),
        description=_("Fill an empty ledger with a demo commune: villages, savings groups and "
                      "clubs with a year of meetings up to today."))
    parser.add_argument("--force", action="store_true",
                        help=_("erase the ledger first and rebuild the demo from scratch"))
    parser.set_defaults(func=run)


def run(options: argparse.Namespace) -> int:
    url = to_url(options.db)
    if options.force:
        erase(url)
    ledger = open_ledger(url)
    try:
        with ledger.session() as session:
            if has_data(session):
                raise LedgerError(_("The ledger {ledger} already has data; use --force to erase "
                                    "it and build the demo from scratch.").format(
                    ledger=where(url)))
            summary = build_demo(session)
    finally:
        ledger.close()
    print(_("Demo ledger made: {commune}, {groups} groups, {members} members, {meetings} "
            "meetings, {events} entries.").format(
        commune=summary.commune, groups=summary.groups, members=summary.members,
        meetings=summary.meetings, events=format_amount(summary.events)))
    return 0


def where(url: str) -> str:
    """The ledger as a clerk knows it: the file's path, or the server URL."""
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite") and parsed.database:
        return parsed.database
    return parsed.render_as_string(hide_password=True)


def erase(url: str) -> None:
    """Start from nothing: delete a SQLite file (and its journal files), or drop every table
    of a server database."""
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        if parsed.database in (None, "", ":memory:"):
            return
        path = Path(parsed.database)
        for suffix in ("", *SQLITE_SIDE_FILES):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            Base.metadata.drop_all(connection)
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    finally:
        engine.dispose()
