"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user', sa.String(length=60), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('communes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('province', sa.String(length=120), nullable=False),
    sa.Column('union_name', sa.String(length=160), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_communes')),
    sa.UniqueConstraint('code', name=op.f('uq_communes_code'))
    )
    op.create_table('villages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['commune_id'], ['communes.id'], name=op.f('fk_villages_commune_id_communes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_villages')),
    sa.UniqueConstraint('commune_id', 'name', name=op.f('uq_villages_commune_id'))
    )
    op.create_table('groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('founded_on', sa.Date(), nullable=True),
    sa.Column('elderly_age', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['commune_id'], ['communes.id'], name=op.f('fk_groups_commune_id_communes')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_groups_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_groups')),
    sa.UniqueConstraint('commune_id', 'code', name=op.f('uq_groups_commune_id'))
    )
    op.create_table('cycles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.Column('share_value', sa.BigInteger(), nullable=False),
    sa.Column('min_shares', sa.Integer(), nullable=False),
    sa.Column('max_shares', sa.Integer(), nullable=False),
    sa.Column('monthly_rate', sa.String(length=24), nullable=False),
    sa.Column('interest_method', sa.String(length=10), nullable=False),
    sa.Column('interest_months_round_up', sa.Boolean(), nullable=False),
    sa.Column('social_fund_per_meeting', sa.BigInteger(), nullable=False),
    sa.Column('rounding_unit', sa.Integer(), nullable=False),
    sa.Column('loan_multiple', sa.String(length=24), nullable=False),
    sa.Column('max_term_months', sa.Integer(), nullable=False),
    sa.Column('max_loan_amount', sa.BigInteger(), nullable=False),
    sa.Column('one_loan_at_a_time', sa.Boolean(), nullable=False),
    sa.Column('member_fee_per_month', sa.BigInteger(), nullable=False),
    sa.Column('seed_capital', sa.BigInteger(), nullable=False),
    sa.Column('carry_in', sa.BigInteger(), nullable=False),
    sa.Column('social_fund_in', sa.BigInteger(), nullable=False),
    sa.Column('profit_basis', sa.String(length=10), nullable=False),
    sa.Column('debt_policy', sa.String(length=10), nullable=False),
    sa.Column('leaver_payout', sa.String(length=12), nullable=False),
    sa.Column('income_fund_interest', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_cycles_group_id_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycles')),
    sa.UniqueConstraint('group_id', 'number', name=op.f('uq_cycles_group_id'))
    )
    op.create_table('members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('sort_key', sa.String(length=400), nullable=False),
    sa.Column('sex', sa.String(length=4), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('ethnicity', sa.String(length=40), nullable=False),
    sa.Column('village', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('id_number', sa.String(length=12), nullable=False),
    sa.Column('household', sa.String(length=10), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('join_date', sa.Date(), nullable=False),
    sa.Column('leave_date', sa.Date(), nullable=True),
    sa.Column('leave_reason', sa.String(length=200), nullable=False),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_members_group_id_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members')),
    sa.UniqueConstraint('group_id', 'code', name=op.f('uq_members_group_id'))
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_members_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_members_sort_key'), ['sort_key'], unique=False)

    op.create_table('activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('volunteer_id', sa.Integer(), nullable=True),
    sa.Column('systolic', sa.Integer(), nullable=True),
    sa.Column('diastolic', sa.Integer(), nullable=True),
    sa.Column('weight_kg', sa.String(length=24), nullable=True),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_activities_group_id_groups')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_activities_member_id_members')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['members.id'], name=op.f('fk_activities_volunteer_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activities'))
    )
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activities_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_activities_group_id'), ['group_id'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('counted_cash', sa.BigInteger(), nullable=True),
    sa.Column('difference_note', sa.Text(), nullable=False),
    sa.Column('closed_by', sa.String(length=60), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_meetings_cycle_id_cycles')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_meetings_group_id_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('group_id', 'date', name=op.f('uq_meetings_group_id'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_cycle_id'), ['cycle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_group_id'), ['group_id'], unique=False)

    op.create_table('passbook_state',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('lines_printed', sa.Integer(), nullable=False),
    sa.Column('page_format', sa.String(length=4), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_passbook_state_member_id_members')),
    sa.PrimaryKeyConstraint('member_id', name=op.f('pk_passbook_state'))
    )
    op.create_table('attendance',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_attendance_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_attendance_member_id_members')),
    sa.PrimaryKeyConstraint('meeting_id', 'member_id', name=op.f('pk_attendance'))
    )
    op.create_table('loans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('fund', sa.String(length=12), nullable=False),
    sa.Column('principal', sa.BigInteger(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('purpose', sa.String(length=10), nullable=False),
    sa.Column('term_months', sa.Integer(), nullable=False),
    sa.Column('monthly_rate', sa.String(length=24), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('override_reason', sa.String(length=300), nullable=False),
    sa.Column('written_off_on', sa.Date(), nullable=True),
    sa.Column('written_off_by', sa.String(length=60), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_loans_cycle_id_cycles')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_loans_group_id_groups')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_loans_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_loans_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loans'))
    )
    with op.batch_alter_table('loans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_loans_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_loans_member_id'), ['member_id'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('loan_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=28), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_events_cycle_id_cycles')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_events_group_id_groups')),
    sa.ForeignKeyConstraint(['loan_id'], ['loans.id'], name=op.f('fk_events_loan_id_loans')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_events_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_events_member_id_members')),
    sa.ForeignKeyConstraint(['reverses_id'], ['events.id'], name=op.f('fk_events_reverses_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_group_date', ['group_id', 'date'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_loan_id'), ['loan_id'], unique=False)
        batch_op.create_index('ix_events_meeting_member', ['meeting_id', 'member_id'], unique=False)

    op.create_table('journal_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('account', sa.String(length=16), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('loan_id', sa.Integer(), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('amount <> 0', name=op.f('ck_journal_lines_nonzero')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_journal_lines_event_id_events')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_journal_lines_group_id_groups')),
    sa.ForeignKeyConstraint(['loan_id'], ['loans.id'], name=op.f('fk_journal_lines_loan_id_loans')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_journal_lines_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_lines'))
    )
    with op.batch_alter_table('journal_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journal_lines_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_journal_lines_loan_id'), ['loan_id'], unique=False)
        batch_op.create_index('ix_lines_group_account', ['group_id', 'account', 'date'], unique=False)
        batch_op.create_index('ix_lines_member', ['member_id', 'account'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('journal_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_lines_member')
        batch_op.drop_index('ix_lines_group_account')
        batch_op.drop_index(batch_op.f('ix_journal_lines_loan_id'))
        batch_op.drop_index(batch_op.f('ix_journal_lines_event_id'))

    op.drop_table('journal_lines')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_meeting_member')
        batch_op.drop_index(batch_op.f('ix_events_loan_id'))
        batch_op.drop_index('ix_events_group_date')

    op.drop_table('events')
    with op.batch_alter_table('loans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_loans_member_id'))
        batch_op.drop_index(batch_op.f('ix_loans_group_id'))

    op.drop_table('loans')
    op.drop_table('attendance')
    op.drop_table('passbook_state')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_group_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_cycle_id'))

    op.drop_table('meetings')
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activities_group_id'))
        batch_op.drop_index(batch_op.f('ix_activities_date'))

    op.drop_table('activities')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_members_sort_key'))
        batch_op.drop_index(batch_op.f('ix_members_group_id'))

    op.drop_table('members')
    op.drop_table('cycles')
    op.drop_table('groups')
    op.drop_table('villages')
    op.drop_table('communes')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
