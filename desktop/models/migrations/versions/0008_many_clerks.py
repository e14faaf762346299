"""many clerks on a server: an entry is reversed at most once (a unique index, so two clerks
correcting the same cell at once cannot both reverse it), and on PostgreSQL every text column
compares and sorts byte by byte (COLLATE "C"), as SQLite does, so that names, codes and the
Vietnamese sort key come out in the same order on both engines whatever the server's locale

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def _text_columns(bind: sa.engine.Connection) -> dict[str, list[tuple[str, sa.String]]]:
    """Every VARCHAR and TEXT column of the ledger's tables, by table, as a new type."""
    inspector = sa.inspect(bind)
    found: dict[str, list[tuple[str, sa.String]]] = {}
    for table in inspector.get_table_names():
        if table == 'alembic_version':
            continue
        for column in inspector.get_columns(table):
            kind = column['type']
            if isinstance(kind, sa.Text):
                found.setdefault(table, []).append((column['name'], sa.Text()))
            elif isinstance(kind, sa.String):
                found.setdefault(table, []).append((column['name'], sa.String(kind.length)))
    return found


def _collate(collation: str) -> None:
    bind = op.get_bind()
    preparer = bind.dialect.identifier_preparer
    for table, columns in _text_columns(bind).items():
        clauses = ', '.join(
            f'ALTER COLUMN {preparer.quote(name)} TYPE {kind.compile(dialect=bind.dialect)} '
            f'COLLATE {collation}' for name, kind in columns)
        op.execute(f'ALTER TABLE {preparer.quote(table)} {clauses}')


def upgrade() -> None:
    op.create_index('uq_events_reverses_id', 'events', ['reverses_id'], unique=True)
    if op.get_bind().dialect.name == 'postgresql':
        _collate('"C"')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        _collate('"default"')
    op.drop_index('uq_events_reverses_id', table_name='events')
