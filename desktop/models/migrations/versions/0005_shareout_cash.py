"""share-out cash: the loan fund's cash held at the share-out, the board's reason for carrying
a shortfall over, and each member's payout cut to the cash

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Cycles closed before this revision always paid in full from the cash they held:
    # their cash held is taken as what they paid (the payouts' total), never a made-up zero.
    with op.batch_alter_table('shareout_results') as batch:
        batch.add_column(sa.Column('cash_held', sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column('shortfall_reason', sa.String(length=300),
                                   server_default='', nullable=False))
    with op.batch_alter_table('shareout_payouts') as batch:
        batch.add_column(sa.Column('cut', sa.BigInteger(), server_default='0',
                                   nullable=False))
    op.execute(
        "UPDATE shareout_results SET cash_held = (SELECT COALESCE(SUM(gross - netted), 0) "
        "FROM shareout_payouts WHERE shareout_payouts.result_id = shareout_results.id)")
    with op.batch_alter_table('shareout_results') as batch:
        batch.alter_column('cash_held', existing_type=sa.BigInteger(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('shareout_payouts') as batch:
        batch.drop_column('cut')
    with op.batch_alter_table('shareout_results') as batch:
        batch.drop_column('shortfall_reason')
        batch.drop_column('cash_held')
