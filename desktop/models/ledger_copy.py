"""Copying a whole ledger to another database (``copy-ledger``): a commune's file moved to
the office's PostgreSQL server, or a server's ledger taken back into a file — every row of
every table, the audit log included, with its ids, so that balances, links and history are
the same on both sides.

The copy is a new ledger made by ``create_ledger`` and filled in the same step: a file is
built under a temporary name and moved into place complete, a server database is made and
filled in one transaction; so a failure half-way leaves the target as it was. Rows go in
with bulk Core inserts, parents before children (a table's references to its own rows — a
reversal's entry, a replaced return — are set once all its rows are in), and a server's id
sequences are moved past the ids copied. The source is read in one transaction, so what is
copied is the ledger as it stood at one instant even while clerks work on it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import sequences
from desktop.models.database import Ledger, create_ledger, location, open_ledger, to_url
from desktop.models.errors import LedgerError
from desktop.models.schema import Base

BATCH = 5_000  # rows read and inserted at a time: memory stays flat on a province ledger

# What the copy reports as it goes: the table and the rows copied of it so far.
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class CopyResult:
    source: str  # both as the clerk is shown them (no password)
    target: str
    rows: dict[str, int]  # table → rows copied

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def ledger_tables() -> list[Table]:
    """Every table of the ledger, parents before children."""
    return list(Base.metadata.sorted_tables)


def _own_references(table: Table) -> list[str]:
    """The columns of ``table`` that refer to another row of the same table."""
    return [key.parent.name for key in table.foreign_keys if key.column.table is table]


def _batches(reading: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    ordered = select(table).order_by(*table.primary_key.columns)
    result = reading.execution_options(stream_results=True, yield_per=BATCH).execute(ordered)
    for rows in result.mappings().partitions(BATCH):
        yield [dict(row) for row in rows]


def copy_table(reading: Connection, writing: Connection, table: Table,
               progress: Progress | None = None) -> int:
    """Copy every row of ``table``; returns how many."""
    later = _own_references(table)
    links: list[dict[str, Any]] = []
    copied = 0
    for rows in _batches(reading, table):
        if later:
            # A row may refer to one not in yet (a return replaced by a later one): the link
            # is written once every row is there.
            for row in rows:
                values = {column: row[column] for column in later if row[column] is not None}
                if values:
                    links.append({"row_id": row["id"], **values})
                for column in later:
                    row[column] = None
        writing.execute(insert(table), rows)
        copied += len(rows)
        if progress is not None:
            progress(table.name, copied)
    for column in later:
        wanted = [{"row_id": link["row_id"], "value": link[column]} for link in links
                  if column in link]
        if wanted:
            writing.execute(update(table).where(table.c.id == bindparam("row_id"))
                            .values({column: bindparam("value")}), wanted)
    return copied


def _snapshot(connection: Connection) -> Connection:
    """Read everything as it stood at one instant, whatever is written meanwhile."""
    if connection.dialect.name == "sqlite":
        # pysqlite opens no transaction for a SELECT: without one, each statement would see
        # the file as it is then. BEGIN makes the reads one snapshot (WAL).
        connection.exec_driver_sql("BEGIN")
        return connection
    return connection.execution_options(isolation_level="REPEATABLE READ")


def copy_ledger(source: str | os.PathLike[str], target: str | os.PathLike[str], *,
                replace: bool = False, progress: Progress | None = None) -> CopyResult:
    """Copy the ledger at ``source`` into a new ledger at ``target``.

    ``target`` must not hold anything yet; with ``replace`` a ledger there is replaced (never
    another program's file or database). The source is opened as any ledger is (an older one
    is brought up to date first, after its backup)."""
    if to_url(source) == to_url(target):
        raise LedgerError(_("A ledger cannot be copied onto itself: {file}.").format(
            file=location(source)))
    opened: Ledger = open_ledger(source)
    counts: dict[str, int] = {}
    try:
        def fill(session: Session) -> None:
            writing = session.connection()
            # A new ledger is not quite empty: its migrations seed rows (the audit chain's
            # head). The source's own rows, copied with their ids, take their place.
            for table in reversed(ledger_tables()):
                writing.execute(delete(table))
            with opened.engine.connect() as plain:
                reading = _snapshot(plain)
                for table in ledger_tables():
                    counts[table.name] = copy_table(reading, writing, table, progress)
            sequences.catch_up(writing, ledger_tables())

        create_ledger(target, fill, replace=replace)
    finally:
        opened.close()
    return CopyResult(location(source), location(target), counts)
