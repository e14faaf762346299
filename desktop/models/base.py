"""Declarative base and column types shared by every table.

Money columns are ``BigInteger`` đồng, read back as ``int`` on every engine. Rates are stored as
text and read back as ``Decimal`` so that no database (SQLite's NUMERIC is a float underneath)
ever rounds them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

class Money(TypeDecorator[int]):
    """Whole đồng in a BIGINT column.

    PostgreSQL sums a BIGINT into a NUMERIC, which its driver gives as a ``Decimal``; a sum or
    any other expression typed ``Money`` is made an ``int`` again here, so that money stays
    ``int`` from the database to the page whatever the engine (SQLite gives ints already).
    """

    impl = BigInteger
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> int | None:
        return None if value is None else int(value)


class DecimalText(TypeDecorator[Decimal]):
    """A ``Decimal`` kept as its exact decimal text."""

    impl = String(24)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("rates must be Decimal, never float")
        return str(Decimal(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
