"""Reading many rows as the database driver gives them, for work that compares values of
one engine with each other (the check's re-sums against the kept figures): no conversion per
row, which on a province's millions of rows costs more than the database's own work.

SQLite gives a date as its ISO text and PostgreSQL as a ``date``; either compares and sorts
with values of its own engine, and ``as_date`` makes one a ``date`` for a message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import type_coerce
from sqlalchemy.types import NullType


def plain(expression: Any, name: str | None = None) -> Any:
    """``expression`` read back untouched (labelled ``name``)."""
    coerced = type_coerce(expression, NullType())
    return coerced.label(name) if name is not None else coerced


def as_date(value: dt.date | str) -> dt.date:
    """A day read by ``plain`` (ISO text on SQLite) as a ``date``."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value[:10])
