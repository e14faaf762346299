"""Months, the period of the balance snapshots: in Python, and in SQL as one construct that
SQLite and PostgreSQL each write their own way (so a query grouping lines by month runs on
both engines and compares with the snapshots' ``month`` column directly)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction


def month_of(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    """The last day of ``month``'s month."""
    following = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


class month_start(GenericFunction[dt.date]):
    """``month_start(date)``: the first day of the date's month, as a date."""

    type = Date()
    inherit_cache = True


@compiles(month_start, "sqlite")
def _sqlite(element: month_start, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, 'start of month')"


@compiles(month_start, "postgresql")
def _postgresql(element: month_start, compiler: Any, **kw: Any) -> str:
    return f"CAST(date_trunc('month', {compiler.process(element.clauses, **kw)}) AS DATE)"
