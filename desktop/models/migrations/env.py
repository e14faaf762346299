"""Alembic environment: the engine comes from the application (``config.attributes``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from desktop.models.schema import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # A connection given by the application: the migrations join its transaction (a new
    # ledger on a server is made and filled in one transaction).
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = config.attributes.get("engine")
    if engine is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.begin() as connection:
        _run(connection)


run_migrations_online()
