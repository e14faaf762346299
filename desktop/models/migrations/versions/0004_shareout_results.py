"""the final share-out of each closed cycle (totals, member lines, leavers), kept to print again

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('shareout_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('fund_value', sa.BigInteger(), nullable=False),
    sa.Column('total_shares', sa.Integer(), nullable=True),
    sa.Column('share_value_numerator', sa.BigInteger(), nullable=True),
    sa.Column('share_value_denominator', sa.BigInteger(), nullable=True),
    sa.Column('profit', sa.BigInteger(), nullable=False),
    sa.Column('rounding_unit', sa.Integer(), nullable=False),
    sa.Column('carry_over', sa.BigInteger(), nullable=False),
    sa.Column('social_fund', sa.BigInteger(), nullable=False),
    sa.Column('debt_policy', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_shareout_results_cycle_id_cycles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shareout_results')),
    sa.UniqueConstraint('cycle_id', name=op.f('uq_shareout_results_cycle_id'))
    )
    op.create_table('shareout_leavers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('leave_date', sa.Date(), nullable=False),
    sa.Column('paid', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_shareout_leavers_member_id_members')),
    sa.ForeignKeyConstraint(['result_id'], ['shareout_results.id'], name=op.f('fk_shareout_leavers_result_id_shareout_results')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shareout_leavers'))
    )
    with op.batch_alter_table('shareout_leavers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shareout_leavers_result_id'), ['result_id'], unique=False)

    op.create_table('shareout_payouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('shares', sa.Integer(), nullable=False),
    sa.Column('savings', sa.BigInteger(), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.Column('debt', sa.BigInteger(), nullable=False),
    sa.Column('netted', sa.BigInteger(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_shareout_payouts_member_id_members')),
    sa.ForeignKeyConstraint(['result_id'], ['shareout_results.id'], name=op.f('fk_shareout_payouts_result_id_shareout_results')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shareout_payouts'))
    )
    with op.batch_alter_table('shareout_payouts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shareout_payouts_result_id'), ['result_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('shareout_payouts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shareout_payouts_result_id'))

    op.drop_table('shareout_payouts')
    with op.batch_alter_table('shareout_leavers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shareout_leavers_result_id'))

    op.drop_table('shareout_leavers')
    op.drop_table('shareout_results')
