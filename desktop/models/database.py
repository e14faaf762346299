"""Opening a ledger: the engine (SQLite by default, or any SQLAlchemy URL), its pragmas, and
the schema brought up to date with Alembic — after a backup copy, and never for a database
written by a newer version of the application."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from desktop.i18n import _
from desktop.models.clock import now
from desktop.models.errors import LedgerError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class NewerDatabaseError(LedgerError):
    pass


def default_db_path() -> Path:
    """The ledger in the user's data folder (%APPDATA% on Windows, XDG elsewhere)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
        folder = base / "CommuneLedger"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
        folder = base / "commune-ledger"
    return folder / "ledger.sqlite"


def to_url(path_or_url: str | os.PathLike[str] | None) -> str:
    """A SQLAlchemy URL from a file path or URL (``None``: the default ledger)."""
    if path_or_url is None:
        path_or_url = default_db_path()
    text = os.fspath(path_or_url)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    options: dict[str, Any] = {}
    if url in ("sqlite://", "sqlite:///:memory:"):
        # One in-memory database shared by every session of this engine (tests).
        options = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def _revisions(engine: Engine) -> tuple[str | None, set[str], str]:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(engine))
    known = {rev.revision for rev in script.walk_revisions()}
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    head = script.get_current_head()
    assert head is not None
    return current, known, head


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy a SQLite ledger with SQLite's online backup, then verify the copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # closing(): a sqlite3 connection's own context manager only commits; left open, the
    # copy keeps its -wal/-shm files and stays locked (on Windows) until garbage collection.
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
        result = dst.execute("PRAGMA integrity_check").fetchone()
    if not result or result[0] != "ok":
        raise LedgerError(_("The backup copy {file} failed its check.").format(file=target))
    return target


def migrate(engine: Engine) -> None:
    """Bring the schema to the current version (backing a SQLite file up first)."""
    from alembic import command

    current, known, head = _revisions(engine)
    if current == head:
        return
    if current is not None and current not in known:
        raise NewerDatabaseError(
            _("This ledger was written by a newer version of Commune Ledger (schema {rev}); "
              "install the newer version to open it.").format(rev=current)
        )
    database = engine.url.database
    if current is not None and engine.dialect.name == "sqlite" and database:
        path = Path(database)
        stamp = now().strftime("%Y%m%d-%H%M%S")
        backup_sqlite(path, path.with_name(f"{path.stem}.before-{head}-{stamp}.sqlite"))
    command.upgrade(_alembic_config(engine), "head")


@dataclass
class Ledger:
    """An open ledger: the engine and a session factory. Sessions never cross threads."""

    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back whole."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()


def open_ledger(path_or_url: str | os.PathLike[str] | None = None) -> Ledger:
    """Open (creating if needed) and migrate the ledger at ``path_or_url``."""
    url = to_url(path_or_url)
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise LedgerError(_("'{url}' is neither a ledger file nor a database address.")
                          .format(url=url)) from error
    shown = parsed.render_as_string(hide_password=True)
    if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = make_engine(url)
    except (ModuleNotFoundError, NoSuchModuleError) as error:
        raise LedgerError(_("The database driver for {url} is not installed.").format(
            url=shown)) from error
    try:
        migrate(engine)
    except LedgerError:
        engine.dispose()
        raise
    except DatabaseError as error:
        engine.dispose()
        if parsed.drivername.startswith("sqlite"):
            raise LedgerError(_("The file {file} is not a Commune Ledger ledger, or it is "
                                "damaged.").format(file=Path(parsed.database or "").name)
                              ) from error
        raise LedgerError(_("The database {url} cannot be reached: {reason}").format(
            url=shown, reason=str(error.orig).strip().splitlines()[0] if error.orig else
            error)) from error
    return Ledger(engine, sessionmaker(engine, expire_on_commit=False))


def table_names(engine: Engine) -> list[str]:
    return inspect(engine).get_table_names()
