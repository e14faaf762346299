"""A fingerprint of every table of a ledger, to tell whether two ledgers (on two engines)
hold exactly the same rows: each table's rows in key order, every value in one plain form
(dates and times as ISO text, rates as their decimal text), hashed."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from sqlalchemy import func, select

from desktop.models.database import Ledger
from desktop.models.schema import Base


def _plain(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def digest(ledger: Ledger) -> dict[str, tuple[int, str]]:
    """Table → (rows, hash of its rows)."""
    found = {}
    with ledger.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = connection.execute(select(table).order_by(*table.primary_key.columns))
            hashed = hashlib.sha256()
            count = 0
            for row in rows:
                hashed.update(repr(tuple(_plain(value) for value in row)).encode())
                count += 1
            found[table.name] = (count, hashed.hexdigest())
    return found


def count(ledger: Ledger, statement) -> int:  # type: ignore[no-untyped-def]
    with ledger.engine.connect() as connection:
        counted = select(func.count()).select_from(statement.subquery())
        return int(connection.execute(counted).scalar() or 0)
