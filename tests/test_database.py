"""Opening a ledger: schema by Alembic, SQLite safety pragmas, refusing newer files, backing
up older ones before migrating, and all-or-nothing sessions."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError

from desktop.models import database, registry
from desktop.models.database import (
    MIGRATIONS_DIR,
    NewerDatabaseError,
    open_ledger,
    open_new_ledger,
    table_names,
    to_url,
)
from desktop.models.errors import LedgerError
from desktop.models.member import Member
from desktop.models.organisation import Commune
from desktop.models.permissions import SYSTEM
from desktop.models.schema import Base


def head_revision(script_location: Path = MIGRATIONS_DIR) -> str:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def version_of(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def tables_of(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as connection:
        return {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}


def backups_in(folder: Path) -> list[Path]:
    """The backup files in the backups folder beside the ledgers of ``folder``."""
    backups = folder / "backups"
    return sorted(p for p in backups.iterdir() if p.suffix == ".sqlite") \
        if backups.is_dir() else []


@pytest.mark.sqlite_only("a ledger file and its folders")
def test_a_new_ledger_is_created_at_the_latest_schema(tmp_path: Path) -> None:
    path = tmp_path / "Xã Yên Bình" / "sổ quỹ.sqlite"  # folders are made, accents are fine
    ledger = open_new_ledger(path)
    try:
        assert path.exists()
        assert version_of(path) == head_revision()
        assert set(Base.metadata.tables) <= set(table_names(ledger.engine))
    finally:
        ledger.close()
    # A brand-new file has nothing to back up.
    assert backups_in(path.parent) == []


@pytest.mark.sqlite_only("SQLite's pragmas")
def test_sqlite_is_opened_in_wal_with_foreign_keys_and_full_sync(ledger) -> None:
    with ledger.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_foreign_keys_are_enforced(ledger) -> None:
    with pytest.raises(IntegrityError), ledger.session() as session:
        session.execute(insert(Member).values(
            group_id=999, code="TV01", full_name="Nguyễn Thị An", sort_key="",
            sex="Nữ", ethnicity="Kinh", village="", phone="", id_number="", household="khác",
            role="member", join_date=dt.date(2026, 1, 1), leave_reason=""))


def test_the_migrated_schema_is_exactly_the_models_metadata(ledger) -> None:
    with ledger.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


@pytest.mark.sqlite_only("the file's bytes; a server's twin is in test_server_ledger.py")
def test_a_ledger_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    open_new_ledger(path).close()
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00d_from_2030'")
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError) as raised:
        open_ledger(path)
    message = str(raised.value)
    assert "f00d_from_2030" in message
    assert "phiên bản" in message  # Vietnamese, for the clerk
    assert isinstance(raised.value, LedgerError)
    assert version_of(path) == "f00d_from_2030"
    assert path.read_bytes() == before
    assert backups_in(tmp_path) == []


PROBE_REVISION = '''"""throwaway test revision

Revision ID: zz_probe
Revises: {down}
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "zz_probe"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("zz_probe", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("zz_probe")
'''


@pytest.fixture
def newer_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real migrations plus one throwaway revision after the head: the
    application as a later version would ship it."""
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "zz_probe.py").write_text(
        PROBE_REVISION.format(down=head_revision()), encoding="utf-8")
    monkeypatch.setattr(database, "MIGRATIONS_DIR", scripts)
    return scripts


@pytest.mark.sqlite_only("the backup file made before migrating a file")
def test_an_older_ledger_is_backed_up_and_verified_before_it_is_migrated(
    tmp_path: Path, newer_migrations: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.sqlite"
    # Written by the current version (the real migrations)…
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS_DIR", MIGRATIONS_DIR)
        old = open_new_ledger(path)
        with old.session() as session:
            registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
        old.close()
    current = head_revision()
    # …and opened by the next one.
    upgraded = open_ledger(path)
    upgraded.close()
    assert version_of(path) == "zz_probe"
    assert "zz_probe" in tables_of(path)
    # One file: no -wal or -shm left beside it.
    [backup] = backups_in(tmp_path)
    assert backup.name == "ledger-20261123-090000-migration.sqlite"
    # The copy is the ledger exactly as it was before the migration, and it is sound.
    assert version_of(backup) == current
    assert "zz_probe" not in tables_of(backup)
    with closing(sqlite3.connect(backup)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("SELECT name FROM communes").fetchall() == [("Xã Yên Bình",)]
    # Opening it again finds nothing to do and makes no second copy.
    open_ledger(path).close()
    assert backups_in(tmp_path) == [backup]


@pytest.mark.sqlite_only("a file; a server's twin is in test_server_ledger.py")
def test_the_current_version_refuses_the_ledger_the_next_version_wrote(
    tmp_path: Path, newer_migrations: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.sqlite"
    open_new_ledger(path).close()  # with the next version's migrations
    monkeypatch.setattr(database, "MIGRATIONS_DIR", MIGRATIONS_DIR)
    with pytest.raises(NewerDatabaseError):
        open_ledger(path)


def test_a_failure_inside_a_session_rolls_back_everything(ledger) -> None:
    with ledger.session() as session:  # the administrator's entry, made with the ledger
        entries = session.execute(text("SELECT count(*) FROM audit_log")).scalar()
    with pytest.raises(RuntimeError), ledger.session() as session:
        commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
        registry.create_group(session, commune, code="HS01", name="Hoa Sen", kind="VSLA",
                              start_date=dt.date(2026, 1, 1), actor=SYSTEM, carry_in=100_000)
        session.flush()
        raise RuntimeError("mất điện giữa chừng")
    with ledger.session() as session:
        assert session.scalar(select(func.count(Commune.id))) == 0
        for table in ("groups", "cycles", "events", "journal_lines"):
            assert session.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
        assert session.execute(text("SELECT count(*) FROM audit_log")).scalar() == entries


def test_a_session_that_ends_well_is_committed(ledger) -> None:
    with ledger.session() as session:
        registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    with ledger.session() as session:
        assert session.scalar(select(Commune.name)) == "Xã Yên Bình"


@pytest.mark.sqlite_only("an in-memory SQLite database")
def test_an_in_memory_ledger_is_shared_by_its_sessions() -> None:
    ledger = open_ledger("sqlite://")
    try:
        with ledger.session() as session:
            registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
        with ledger.session() as session:
            assert session.scalar(select(func.count(Commune.id))) == 1
    finally:
        ledger.close()


def test_paths_and_urls_become_sqlalchemy_urls(tmp_path: Path) -> None:
    assert to_url(tmp_path / "a.sqlite") == f"sqlite:///{(tmp_path / 'a.sqlite').resolve()}"
    assert to_url("postgresql+psycopg://ledger@server/xa") == \
        "postgresql+psycopg://ledger@server/xa"
    # As PostgreSQL's own tools write it: the driver the application ships with.
    assert to_url("postgresql://ledger@server/xa") == "postgresql+psycopg://ledger@server/xa"
    assert to_url("postgres://ledger@server/xa") == "postgresql+psycopg://ledger@server/xa"
    assert to_url(None).startswith("sqlite:///")


def test_every_revision_upgrades_and_downgrades_on_the_engine(ledger_place: str) -> None:
    """Each migration, one at a time, up to the head, all the way down, and up again: the
    schema is made by the same migrations on SQLite and on PostgreSQL."""
    from alembic import command

    engine = database.make_engine(to_url(ledger_place))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine

    def current() -> str | None:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    try:
        script = ScriptDirectory.from_config(config)
        for revision in reversed([step.revision for step in script.walk_revisions()]):
            command.upgrade(config, revision)
            assert current() == revision
        command.downgrade(config, "base")
        assert current() is None
        assert set(table_names(engine)) <= {"alembic_version"}
        command.upgrade(config, "head")
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


@pytest.mark.sqlite_only("a ledger file opened by a fresh process")
def test_a_fresh_process_may_query_any_table_first(tmp_path) -> None:
    """A command (or the window) that imports one model only still queries it: the ledger
    registers every mapped class (a group's relationships name members by string)."""
    import subprocess
    import sys

    path = tmp_path / "ledger.sqlite"
    open_new_ledger(path).close()
    script = ("import sys\n"
              "from sqlalchemy import select\n"
              "from desktop.models.database import open_ledger\n"
              "from desktop.models.group import Group\n"
              "ledger = open_ledger(sys.argv[1])\n"
              "with ledger.session() as session:\n"
              "    print(session.scalars(select(Group)).all())\n"
              "ledger.close()\n")
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
