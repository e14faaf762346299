"""quarterly returns received from communes, and the communes expected to send them

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('return_communes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('province', sa.String(length=120), nullable=False),
    sa.Column('expected', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('expected_from', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('added_by', sa.String(length=60), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_return_communes')),
    sa.UniqueConstraint('code', name=op.f('uq_return_communes_code'))
    )
    op.create_table('quarterly_returns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_code', sa.String(length=5), nullable=False),
    sa.Column('commune_name', sa.String(length=120), nullable=False),
    sa.Column('province', sa.String(length=120), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('prepared_by', sa.String(length=120), nullable=False),
    sa.Column('prepared_on', sa.Date(), nullable=True),
    sa.Column('template_version', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=260), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('imported_by', sa.String(length=60), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.Column('group_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['quarterly_returns.id'], name=op.f('fk_quarterly_returns_replaced_by_id_quarterly_returns')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quarterly_returns'))
    )
    with op.batch_alter_table('quarterly_returns', schema=None) as batch_op:
        batch_op.create_index('ix_quarterly_returns_commune', ['commune_code', 'year', 'quarter'], unique=False)
        batch_op.create_index('ix_quarterly_returns_period', ['year', 'quarter', 'status'], unique=False)
        batch_op.create_index('uq_quarterly_returns_current', ['commune_code', 'year', 'quarter'], unique=True, sqlite_where=sa.text("status = 'current'"), postgresql_where=sa.text("status = 'current'"))

    op.create_table('return_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('return_id', sa.Integer(), nullable=False),
    sa.Column('row', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('village', sa.String(length=120), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('female', sa.Integer(), nullable=False),
    sa.Column('poor', sa.Integer(), nullable=False),
    sa.Column('elderly', sa.Integer(), nullable=False),
    sa.Column('meetings', sa.Integer(), nullable=False),
    sa.Column('attendance', sa.Integer(), nullable=False),
    sa.Column('savings', sa.BigInteger(), nullable=False),
    sa.Column('loans_outstanding', sa.BigInteger(), nullable=False),
    sa.Column('loans_count', sa.Integer(), nullable=False),
    sa.Column('overdue', sa.BigInteger(), nullable=False),
    sa.Column('social_fund', sa.BigInteger(), nullable=False),
    sa.Column('income_fund', sa.BigInteger(), nullable=False),
    sa.Column('cash', sa.BigInteger(), nullable=False),
    sa.Column('dropouts', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['return_id'], ['quarterly_returns.id'], name=op.f('fk_return_groups_return_id_quarterly_returns')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_return_groups'))
    )
    with op.batch_alter_table('return_groups', schema=None) as batch_op:
        batch_op.create_index('ix_return_groups_return_kind', ['return_id', 'kind'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('return_groups', schema=None) as batch_op:
        batch_op.drop_index('ix_return_groups_return_kind')
    op.drop_table('return_groups')
    with op.batch_alter_table('quarterly_returns', schema=None) as batch_op:
        batch_op.drop_index('uq_quarterly_returns_current')
        batch_op.drop_index('ix_quarterly_returns_period')
        batch_op.drop_index('ix_quarterly_returns_commune')
    op.drop_table('quarterly_returns')
    op.drop_table('return_communes')
