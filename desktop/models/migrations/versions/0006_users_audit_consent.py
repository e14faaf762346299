"""users and roles; the audit log chained by hashes, naming approvers, groups and members;
members' consent to keep personal data, and anonymising

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

GENESIS = "0" * 64

_audit = sa.table(
    'audit_log', sa.column('id', sa.Integer), sa.column('at', sa.DateTime),
    sa.column('user', sa.String), sa.column('approver', sa.String),
    sa.column('action', sa.String), sa.column('entity', sa.String),
    sa.column('entity_id', sa.Integer), sa.column('group_id', sa.Integer),
    sa.column('member_id', sa.Integer), sa.column('details', sa.Text),
    sa.column('row_hash', sa.String))


def upgrade() -> None:
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_sign_in', sa.DateTime(), nullable=True),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('retry_after', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('name', name=op.f('uq_users_name'))
    )
    op.create_table('audit_chain',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_id', sa.Integer(), nullable=False),
    sa.Column('head', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain'))
    )
    with op.batch_alter_table('audit_log') as batch:
        batch.add_column(sa.Column('approver', sa.String(length=60), server_default='',
                                   nullable=False))
        batch.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('member_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('row_hash', sa.String(length=64), server_default='',
                                   nullable=False))
        batch.create_index(batch.f('ix_audit_log_user'), ['user'], unique=False)
        batch.create_index(batch.f('ix_audit_log_action'), ['action'], unique=False)
        batch.create_index(batch.f('ix_audit_log_group_id'), ['group_id'], unique=False)
        batch.create_index(batch.f('ix_audit_log_member_id'), ['member_id'], unique=False)

    # Consent: the application never recorded when consent was given, only whether; the
    # joining date is the best date the ledger knows, and the way it was given is "other".
    with op.batch_alter_table('members') as batch:
        batch.add_column(sa.Column('consent_date', sa.Date(), nullable=True))
        batch.add_column(sa.Column('consent_method', sa.String(length=12), server_default='',
                                   nullable=False))
        batch.add_column(sa.Column('consent_withdrawn', sa.Date(), nullable=True))
        batch.add_column(sa.Column('anonymised_on', sa.Date(), nullable=True))
    op.execute("UPDATE members SET consent_date = join_date, consent_method = 'other' "
               "WHERE consent = TRUE")
    with op.batch_alter_table('members') as batch:
        batch.drop_column('consent')

    _fill_subjects()
    _chain_existing_entries()


def _fill_subjects() -> None:
    """The group (and member) of each earlier entry, for the audit page's filters."""
    op.execute("UPDATE audit_log SET group_id = entity_id WHERE entity = 'group'")
    for entity, table in (('meeting', 'meetings'), ('cycle', 'cycles'),
                          ('activity', 'activities')):
        op.execute(f"UPDATE audit_log SET group_id = (SELECT group_id FROM {table} "
                   f"WHERE {table}.id = audit_log.entity_id) WHERE entity = '{entity}'")
    for entity, table, member in (('member', 'members', 'id'), ('loan', 'loans', 'member_id'),
                                  ('event', 'events', 'member_id')):
        op.execute(f"UPDATE audit_log SET group_id = (SELECT group_id FROM {table} "
                   f"WHERE {table}.id = audit_log.entity_id), member_id = (SELECT {member} "
                   f"FROM {table} WHERE {table}.id = audit_log.entity_id) "
                   f"WHERE entity = '{entity}'")


def _chain_existing_entries() -> None:
    # The hash is the application's own definition: the chains it verifies must be the
    # ones made here.
    from desktop.models.audit import entry_hash

    connection = op.get_bind()
    previous, last = GENESIS, 0
    rows = connection.execute(sa.select(
        _audit.c.id, _audit.c.at, _audit.c.user, _audit.c.approver, _audit.c.action,
        _audit.c.entity, _audit.c.entity_id, _audit.c.group_id, _audit.c.member_id,
        _audit.c.details).order_by(_audit.c.id)).all()
    for row in rows:
        previous = entry_hash(previous, row.id, row.at, row.user, row.approver or "",
                              row.action, row.entity, row.entity_id, row.group_id,
                              row.member_id, row.details)
        connection.execute(sa.update(_audit).where(_audit.c.id == row.id)
                           .values(row_hash=previous))
        last = row.id
    connection.execute(sa.text("INSERT INTO audit_chain (id, last_id, head) "
                               "VALUES (1, :last, :head)"), {"last": last, "head": previous})


def downgrade() -> None:
    with op.batch_alter_table('members') as batch:
        batch.add_column(sa.Column('consent', sa.Boolean(), server_default=sa.false(),
                                   nullable=False))
    op.execute("UPDATE members SET consent = TRUE WHERE consent_date IS NOT NULL "
               "AND consent_withdrawn IS NULL")
    with op.batch_alter_table('members') as batch:
        batch.drop_column('anonymised_on')
        batch.drop_column('consent_withdrawn')
        batch.drop_column('consent_method')
        batch.drop_column('consent_date')
    with op.batch_alter_table('audit_log') as batch:
        batch.drop_index(batch.f('ix_audit_log_member_id'))
        batch.drop_index(batch.f('ix_audit_log_group_id'))
        batch.drop_index(batch.f('ix_audit_log_action'))
        batch.drop_index(batch.f('ix_audit_log_user'))
        batch.drop_column('row_hash')
        batch.drop_column('member_id')
        batch.drop_column('group_id')
        batch.drop_column('approver')
    op.drop_table('audit_chain')
    op.drop_table('users')
