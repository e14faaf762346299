"""The audit log is append-only and chained: check names the first entry changed outside the
application; bulk writers and the migration keep the chain."""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from alembic import command
from conftest import make_hoa_sen
from sqlalchemy import select, text

from desktop.models import audit, registry
from desktop.models.audit import AuditChain, AuditEntry, verify_chain
from desktop.models.audit_query import AuditFilter, entry_ids, entry_rows
from desktop.models.database import _alembic_config, make_engine, open_ledger
from desktop.models.integrity import inspect_ledger
from desktop.models.member import Member
from desktop.models.permissions import Actor, Role


def some_history(ledger) -> None:  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        make_hoa_sen(session)


def test_every_entry_is_chained_to_the_one_before(ledger) -> None:
    some_history(ledger)
    with ledger.session() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [row.id for row in rows] == list(range(1, len(rows) + 1))
        previous = audit.GENESIS
        for row in rows:
            assert row.row_hash == audit.hash_of(previous, row)
            previous = row.row_hash
        chain = session.get(AuditChain, 1)
        assert (chain.last_id, chain.head) == (rows[-1].id, previous)
        assert verify_chain(session) is None
        assert inspect_ledger(session).sound


def test_an_entry_edited_outside_the_application_is_named_by_check(ledger) -> None:
    some_history(ledger)
    with ledger.engine.begin() as connection:  # as a database browser would
        connection.execute(text("UPDATE audit_log SET \"user\" = 'ai do' WHERE id = 3"))
    with ledger.session() as session:
        found = verify_chain(session)
        assert found is not None and found.entry_id == 3
        problems = [str(problem) for problem in inspect_ledger(session).problems]
    assert any("mục 3" in problem for problem in problems), problems


def test_an_entry_removed_from_the_middle_or_the_end_is_noticed(ledger) -> None:
    some_history(ledger)
    with ledger.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE id = 2"))
    with ledger.session() as session:
        assert verify_chain(session).entry_id == 3
    with ledger.engine.begin() as connection:
        last = connection.execute(text("SELECT max(id) FROM audit_log")).scalar()
        connection.execute(text("DELETE FROM audit_log WHERE id >= 2"))
    with ledger.session() as session:
        found = verify_chain(session)
        assert found is not None and found.entry_id is None and found.last_good == 1
        assert last > 2


def test_the_demo_s_bulk_writer_keeps_the_chain(tmp_path) -> None:
    from desktop.demo import build_demo
    from desktop.models.database import open_new_ledger

    ledger = open_new_ledger(tmp_path / "demo.sqlite", build_demo)
    try:
        with ledger.session() as session:
            assert session.scalar(select(sa.func.count(AuditEntry.id))) > 10
            assert verify_chain(session) is None
            # Its meetings' entries name their group, for the audit page's filter.
            assert session.scalar(select(sa.func.count(AuditEntry.id)).where(
                AuditEntry.entity == "meeting", AuditEntry.group_id.is_(None))) == 0
    finally:
        ledger.close()


def test_the_approver_and_the_member_are_in_the_entry_and_the_filters(ledger) -> None:
    with ledger.session() as session:
        group = make_hoa_sen(session)
        member = session.scalar(select(Member).where(Member.code == "TV02"))
        clerk = Actor("lan", Role.CLERK, approved_by="hoa")
        registry.leave_group(session, member, dt.date(2026, 3, 1), "Chuyển đi", clerk)
        group_id, member_id = group.id, member.id
    with ledger.session() as session:
        ids = entry_ids(session, AuditFilter(member_id=member_id))
        rows = entry_rows(session, ids)
        kinds = [rows[i].action for i in ids]
        assert kinds == ["member_left", "add_member"]  # newest first
        left = rows[ids[0]]
        assert (left.user, left.approver, left.member) == ("lan", "hoa", "TV02 Trần Thị Bình")
        assert entry_ids(session, AuditFilter(group_id=group_id, kind="member_left")) == ids[:1]
        assert entry_ids(session, AuditFilter(user="lan")) == ids[:1]
        assert entry_ids(session, AuditFilter(start=dt.date(2026, 11, 24))) == []


def test_the_migration_chains_a_ledger_s_earlier_entries_and_keeps_consent(tmp_path) -> None:
    path = tmp_path / "truoc.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    config = _alembic_config(engine)
    command.upgrade(config, "0005")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO communes (id, code, name, province, union_name) "
            "VALUES (1, '04321', 'Xã Yên Bình', '', '')"))
        connection.execute(text(
            "INSERT INTO groups (id, commune_id, code, name, kind, founded_on, elderly_age) "
            "VALUES (1, 1, 'HS01', 'Hoa Sen', 'VSLA', '2026-01-01', 60)"))
        for member_id, consent in ((1, 1), (2, 0)):
            connection.execute(text(
                "INSERT INTO members (id, group_id, code, full_name, sort_key, sex, ethnicity, "
                "village, phone, id_number, household, role, join_date, leave_reason, consent) "
                "VALUES (:id, 1, :code, 'An', '', 'Nữ', 'Kinh', '', '0912345678', '', 'khác', "
                "'member', '2026-01-01', '', :consent)"),
                {"id": member_id, "code": f"TV0{member_id}", "consent": consent})
            connection.execute(text(
                "INSERT INTO audit_log (id, at, user, action, entity, entity_id, details) "
                "VALUES (:id, '2026-01-01 09:00:00', 'hoa', 'add_member', 'member', :id, "
                "'{}')"), {"id": member_id})
    engine.dispose()
    ledger = open_ledger(path)  # migrates to the head, after a backup copy
    try:
        with ledger.session() as session:
            assert verify_chain(session) is None
            entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
            assert [(e.group_id, e.member_id) for e in entries] == [(1, 1), (1, 2)]
            members = session.scalars(select(Member).order_by(Member.id)).all()
            assert [(m.consent_date, m.consent_method) for m in members] == [
                (dt.date(2026, 1, 1), "other"), (None, "")]
            # New entries follow the old ones in the chain.
            audit.record(session, Actor("admin"), "sign_in", "user", None)
        with ledger.session() as session:
            assert verify_chain(session) is None
            assert json.loads(session.scalars(select(AuditEntry.details)).first()) == {}
    finally:
        ledger.close()
