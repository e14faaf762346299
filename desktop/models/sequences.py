"""PostgreSQL's id sequences kept level with rows written with their ids given.

Rows inserted with their ``id`` chosen in advance (the demo's bulk writer, a ledger copied
from another database) leave a PostgreSQL ``SERIAL`` sequence where it was: the next row the
application adds the ordinary way would take an id already used. After such inserts each
table's sequence is moved past its largest id. SQLite needs nothing: it takes the next id
from the table itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Table, text
from sqlalchemy.orm import Session


def catch_up(bind: Session | Connection, tables: Iterable[Table]) -> None:
    """Move the id sequence of each of ``tables`` past the largest id it holds."""
    dialect = bind.get_bind().dialect if isinstance(bind, Session) else bind.dialect
    if dialect.name != "postgresql":
        return
    quote = dialect.identifier_preparer.quote
    for table in tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        bind.execute(text(
            f"SELECT setval(pg_get_serial_sequence(:table, 'id'), COALESCE(MAX(id), 0) + 1, "
            f"false) FROM {quote(table.name)}"), {"table": quote(table.name)})
