"""balance snapshots: each group's accounts and each member's savings at the end of every
month that moved them, each loan's settled day, each meeting's attendance counts, and the
indexes that let a group's or a commune's figures be read without the rest of the ledger

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# The tables as this revision knows them (never the application's models, which move on).
_lines = sa.table('journal_lines', sa.column('group_id'), sa.column('date', sa.Date()),
                  sa.column('account'), sa.column('member_id'), sa.column('loan_id'),
                  sa.column('amount'))
_loans = sa.table('loans', sa.column('id'), sa.column('settled_on', sa.Date()))
_accounts = sa.table('balance_snapshots', sa.column('group_id'), sa.column('account'),
                     sa.column('month', sa.Date()), sa.column('balance'), sa.column('moved'))
_meetings = sa.table('meetings', sa.column('id'), sa.column('listed_count'),
                     sa.column('present_count'))
_attendance = sa.table('attendance', sa.column('meeting_id'), sa.column('present'))
_savings = sa.table('savings_snapshots', sa.column('group_id'), sa.column('member_id'),
                    sa.column('month', sa.Date()), sa.column('balance'), sa.column('moved'))


def upgrade() -> None:
    op.create_table('balance_snapshots',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('account', sa.String(length=16), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('balance', sa.BigInteger(), nullable=False),
    sa.Column('moved', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'],
                            name=op.f('fk_balance_snapshots_group_id_groups')),
    sa.PrimaryKeyConstraint('group_id', 'account', 'month', name=op.f('pk_balance_snapshots'))
    )
    with op.batch_alter_table('balance_snapshots', schema=None) as batch_op:
        batch_op.create_index('ix_balance_snapshots_month', ['month', 'account', 'moved'],
                              unique=False)
    op.create_table('savings_snapshots',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('balance', sa.BigInteger(), nullable=False),
    sa.Column('moved', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'],
                            name=op.f('fk_savings_snapshots_group_id_groups')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'],
                            name=op.f('fk_savings_snapshots_member_id_members')),
    sa.PrimaryKeyConstraint('group_id', 'member_id', 'month', name=op.f('pk_savings_snapshots'))
    )
    with op.batch_alter_table('loans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('settled_on', sa.Date(), nullable=True))
        batch_op.drop_index('ix_loans_group_id')
        batch_op.create_index('ix_loans_group_settled', ['group_id', 'settled_on'],
                              unique=False)
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_group_kind_date', ['group_id', 'kind', 'date'],
                              unique=False)
    with op.batch_alter_table('loans', schema=None) as batch_op:
        batch_op.create_index('ix_loans_group_date', ['group_id', 'date'], unique=False)
    with op.batch_alter_table('journal_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_lines_group_account')
        batch_op.create_index('ix_lines_group_account',
                              ['group_id', 'account', 'date', 'member_id', 'amount'],
                              unique=False)
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('listed_count', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('present_count', sa.Integer(), server_default='0',
                                      nullable=False))
    _fill(op.get_bind())


def _fill(connection: Any) -> None:
    """The snapshots and settled days of the ledger's existing lines."""
    for table, key, savings_only in ((_accounts, 'account', False),
                                     (_savings, 'member_id', True)):
        query = (sa.select(_lines.c.group_id, _lines.c[key], _lines.c.date,
                           sa.func.sum(_lines.c.amount))
                 .group_by(_lines.c.group_id, _lines.c[key], _lines.c.date)
                 .order_by(_lines.c.group_id, _lines.c[key], _lines.c.date))
        if savings_only:
            query = query.where(_lines.c.account == 'savings', _lines.c.member_id.is_not(None))
        monthly: dict[tuple[int, Any], dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
        for group_id, value, day, total in connection.execute(query):
            monthly[(group_id, value)][day.replace(day=1)] += int(total)
        rows = []
        for (group_id, value), months in monthly.items():
            running = 0
            for month in sorted(months):
                running += months[month]
                if months[month]:
                    rows.append({'group_id': group_id, key: value, 'month': month,
                                 'balance': running, 'moved': months[month]})
        for start in range(0, len(rows), 50_000):
            connection.execute(sa.insert(table), rows[start:start + 50_000])
    settled = [{'_id': loan_id, '_on': last} for loan_id, total, last in connection.execute(
        sa.select(_lines.c.loan_id, sa.func.sum(_lines.c.amount), sa.func.max(_lines.c.date))
        .where(_lines.c.account == 'loan', _lines.c.loan_id.is_not(None))
        .group_by(_lines.c.loan_id)) if not total]
    if settled:
        connection.execute(sa.update(_loans).where(_loans.c.id == sa.bindparam('_id'))
                           .values(settled_on=sa.bindparam('_on')), settled)
    listed = sa.select(sa.func.count()).select_from(_attendance).where(
        _attendance.c.meeting_id == _meetings.c.id)
    connection.execute(sa.update(_meetings).values(
        listed_count=listed.scalar_subquery(),
        present_count=listed.where(_attendance.c.present.is_(True)).scalar_subquery()))


def downgrade() -> None:
    with op.batch_alter_table('journal_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_lines_group_account')
        batch_op.create_index('ix_lines_group_account', ['group_id', 'account', 'date'],
                              unique=False)
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('present_count')
        batch_op.drop_column('listed_count')
    with op.batch_alter_table('loans', schema=None) as batch_op:
        batch_op.drop_index('ix_loans_group_date')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_group_kind_date')
    with op.batch_alter_table('loans', schema=None) as batch_op:
        batch_op.drop_index('ix_loans_group_settled')
        batch_op.create_index(batch_op.f('ix_loans_group_id'), ['group_id'], unique=False)
        batch_op.drop_column('settled_on')
    op.drop_table('savings_snapshots')
    with op.batch_alter_table('balance_snapshots', schema=None) as batch_op:
        batch_op.drop_index('ix_balance_snapshots_month')
    op.drop_table('balance_snapshots')
