"""Opening a ledger: the engine (SQLite by default, or any SQLAlchemy URL), its pragmas, and
the schema brought up to date with Alembic — after a backup copy, and never for a database
written by a newer version of the application.

Opening never makes a ledger: a mistyped path, an empty file or another program's database
is refused, naming it. A ledger file has one writer at a time (``writer_lock``): opened while
another copy of the application writes it, it is opened read-only — SQLite itself refuses
every write (``mode=ro``) and a session says who holds it. Backups before a migration are
made, verified and recorded like every other backup (``backups``).

A new ledger is made only by ``create_ledger`` (the ``new`` and ``demo`` commands, *New
ledger* in the window), atomically (``ledger_file``).
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from desktop.i18n import _
from desktop.models import ledger_file, writer_lock
from desktop.models.backups import Policy as BackupPolicy
from desktop.models.errors import LedgerError
from desktop.models.ledger_file import FileKind
from desktop.models.system_errors import READ_ONLY, describe
from desktop.models.writer_lock import LedgerHeld, WriterLock

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class NewerDatabaseError(LedgerError):
    pass


class LedgerLocationError(LedgerError):
    """A refusal about the place itself; ``location`` is the path or URL as shown."""

    def __init__(self, message: str, location: str) -> None:
        super().__init__(message)
        self.location = location


class LedgerNotFound(LedgerLocationError):
    """Nothing at the place: no file there, or a server database without a ledger yet."""


class LedgerExists(LedgerLocationError):
    """A new ledger was asked for where something already is."""


class NotALedger(LedgerLocationError):
    """Something is there, but not a ledger (or a ledger damaged beyond reading)."""


def _not_a_ledger(kind: FileKind, shown: str) -> NotALedger:
    messages = {
        FileKind.FOLDER: _("{file} is a folder, not a ledger file."),
        FileKind.EMPTY: _("The file {file} is empty: it is not a Commune Ledger ledger."),
        FileKind.EMPTY_DATABASE: _("The file {file} is an empty database, not a Commune Ledger "
                                   "ledger."),
        FileKind.FOREIGN: _("The file {file} is another program's database, not a Commune "
                            "Ledger ledger; it was left as it is."),
    }
    message = messages.get(kind, _("The file {file} is not a Commune Ledger ledger, or it is "
                                   "damaged."))
    return NotALedger(message.format(file=shown), shown)


def default_db_path() -> Path:
    """The ledger in the user's data folder (%APPDATA% on Windows, XDG elsewhere)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
        folder = base / "CommuneLedger"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
        folder = base / "commune-ledger"
    return folder / "ledger.sqlite"


# A server address as PostgreSQL's own tools write it names no driver: it means psycopg 3,
# the one the application ships with (SQLAlchemy would look for psycopg2).
_SERVER_SCHEMES = ("postgresql://", "postgres://")
SERVER_DRIVER = "postgresql+psycopg://"


def to_url(path_or_url: str | os.PathLike[str] | None) -> str:
    """A SQLAlchemy URL from a file path or URL (``None``: the default ledger)."""
    if path_or_url is None:
        path_or_url = default_db_path()
    text = os.fspath(path_or_url)
    if "://" in text:
        for scheme in _SERVER_SCHEMES:
            if text.startswith(scheme):
                return SERVER_DRIVER + text[len(scheme):]
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL (also ``sqlite:///file:PATH?mode=ro&uri=true``); ``None``
    for an in-memory database or another server."""
    if not url.drivername.startswith("sqlite"):
        return None
    database = url.database or ""
    if database.startswith("file:"):
        parts = urlsplit(database)
        if parts.query and "mode=memory" in parts.query:
            return None
        database = unquote(parts.path)
    if database in ("", ":memory:"):
        return None
    return Path(database)


def location(path_or_url: str | os.PathLike[str] | None) -> str:
    """The ledger as a clerk knows it: the file's full path, or the server URL without its
    password."""
    url = make_url(to_url(path_or_url))
    path = _sqlite_file(url)
    return str(path) if path is not None else url.render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:
        # A read-only file (a write-protected card, another user's file) cannot change its
        # journal: it can still be read and checked, and a write fails with a sentence.
        pass
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


# Seconds to wait for a server before saying it cannot be reached (libpq would wait forever
# on an address that swallows packets).
CONNECT_TIMEOUT = 10


def make_engine(url: str) -> Engine:
    options: dict[str, Any] = {}
    if url in ("sqlite://", "sqlite:///:memory:"):
        # One in-memory database shared by every session of this engine (tests).
        options = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    elif make_url(url).get_backend_name() == "postgresql":
        # A window stays open all day: a connection the server dropped meanwhile (restarted,
        # idle timeout) is noticed and replaced before it is used, not on a clerk's save.
        options = {"pool_pre_ping": True}
        if "connect_timeout" not in make_url(url).query:
            options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT}
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _alembic_config(engine: Engine, connection: Connection | None = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    if connection is not None:  # the migrations run inside this connection's transaction
        config.attributes["connection"] = connection
    return config


# The key of the PostgreSQL advisory lock held while a ledger's schema is made or migrated:
# of two clerks opening (or making) it at the same moment, the second waits, then finds it
# done. Any fixed number is fine; these are the digits of "SQCĐ" in a phone's keypad.
_SCHEMA_LOCK = 7723


def _hold_schema_lock(connection: Connection) -> None:
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})


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


_REVISION = re.compile(r"^(down_)?revision\s*=\s*['\"]?([\w]+|None)['\"]?\s*$", re.M)


def _script_head() -> str | None:
    """The newest revision of the migration scripts, read from their files without
    loading Alembic (opening an up-to-date ledger, the usual case, then needs none of it)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for down, value in _REVISION.findall(script.read_text(encoding="utf-8")):
            if value != "None":
                (parents if down else revisions).add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stamped(engine: Engine) -> str | None:
    """The revision the database says it is at (``None`` when it has none yet)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return str(versions[0][0]) if len(versions) == 1 else None


def migrate(engine: Engine, policy: BackupPolicy | None = None) -> None:
    """Bring the schema to the current version; a SQLite file is backed up first (into the
    backups folder of ``policy``) and not migrated unless the copy passed its verification.
    """
    head = _script_head()
    if head is not None and _stamped(engine) == head:
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    current, known, head = _revisions(engine)
    if current == head:
        return
    if current is not None and current not in known:
        raise NewerDatabaseError(
            _("This ledger was written by a newer version of Commune Ledger (schema {rev}); "
              "install the newer version to open it.").format(rev=current)
        )
    if engine.dialect.name == "postgresql":
        # No file to copy: PostgreSQL runs the whole migration as one transaction, so a
        # failure leaves the ledger as it was (a server is backed up by its own means).
        with engine.begin() as connection:
            _hold_schema_lock(connection)
            if MigrationContext.configure(connection).get_current_revision() != head:
                command.upgrade(_alembic_config(engine, connection), "head")
        return
    path = _sqlite_file(engine.url)
    if current is not None and path is not None:
        from desktop.models.backups import Kind, make_backup

        record = make_backup(path, kind=Kind.MIGRATION, policy=policy or BackupPolicy())
        if not record.ok:
            raise LedgerError(_("The backup copy {file} failed its check, so the ledger was "
                                "not upgraded: {reason}").format(
                file=record.path, reason=" ".join(record.verification.findings())))
    command.upgrade(_alembic_config(engine), "head")


@dataclass
class Ledger:
    """An open ledger: the engine and a session factory. Sessions never cross threads.

    A ledger file opened for writing holds its ``lock`` until ``close()``; one opened while
    another copy writes it has a ``read_only_reason`` (who holds it), and every write is
    refused with that sentence."""

    engine: Engine
    sessions: sessionmaker[Session]
    lock: WriterLock | None = None
    read_only_reason: str = ""

    def __post_init__(self) -> None:
        # Every mapped class registered before the first query: a relationship names its
        # class by string ("Member.code"), which is found only once its module is imported,
        # and a command or the window may not have imported it yet.
        import desktop.models.schema  # noqa: F401

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back whole. A full or
        read-only disk, or a damaged file, is told as a ``StorageError`` naming the ledger
        (nothing of the session's work is kept)."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException as error:
            session.rollback()
            refusal = self._refusal(error)
            if refusal is not None:
                raise refusal from error
            raise
        finally:
            session.close()

    def _refusal(self, error: BaseException) -> StorageError | None:
        if not isinstance(error, (DBAPIError, sqlite3.Error, OSError)):
            return None
        if self.read_only and _is_read_only_error(error):
            return StorageError(self.read_only_reason)
        sentence = describe(error, location(self.url))
        return StorageError(sentence) if sentence is not None else None

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def path(self) -> Path | None:
        """The ledger file (``None`` for a server or an in-memory database)."""
        return _sqlite_file(self.engine.url)

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


class StorageError(LedgerError):
    """The disk or the database refused the work (full, read-only, held, damaged)."""


def _is_read_only_error(error: BaseException) -> bool:
    original = getattr(error, "orig", error)
    code = getattr(original, "sqlite_errorcode", None)
    return (isinstance(code, int) and code & 0xFF == 8) or "readonly" in str(original)


def _parsed(path_or_url: str | os.PathLike[str] | None) -> tuple[str, URL]:
    url = to_url(path_or_url)
    try:
        return url, make_url(url)
    except ArgumentError as error:
        raise LedgerError(_("'{url}' is neither a ledger file nor a database address.")
                          .format(url=url)) from error


def _engine(url: str, shown: str) -> Engine:
    try:
        return make_engine(url)
    except (ModuleNotFoundError, NoSuchModuleError) as error:
        raise LedgerError(_("The database driver for {url} is not installed.").format(
            url=shown)) from error


def _as_ledger_error(error: Exception, shown: str) -> LedgerError | None:
    """A disk or database failure told in the clerk's words, naming the ledger."""
    sentence = describe(error, shown)
    return LedgerError(sentence) if sentence is not None else None


class Access(StrEnum):
    WRITE = "write"  # the writer's lock, or LedgerHeld
    READ = "read"  # read-only, no lock
    AUTO = "auto"  # the writer's lock when it is free, read-only when another copy writes


def open_ledger(path_or_url: str | os.PathLike[str] | None = None, *,
                access: Access = Access.AUTO, backups: BackupPolicy | None = None,
                user: str | None = None, wait: float = 0.0) -> Ledger:
    """Open the ledger at ``path_or_url`` (``None``: the default ledger) and migrate it.

    Nothing is ever made here: no file, an empty file or another program's database is
    refused with a ``LedgerLocationError`` naming the place. Only an in-memory database
    (tests) starts empty.

    A ledger file is opened for writing with its writer's lock (``user`` is the name the
    lock shows to others), or read-only (``access``): ``Access.WRITE`` waits up to ``wait``
    seconds for another writer and then raises ``LedgerHeld``; ``Access.AUTO`` opens
    read-only at once, as does a ledger whose folder or disk cannot be written. Locks and
    read-only opening concern SQLite files only; a server has its own locking.
    """
    url, parsed = _parsed(path_or_url)
    shown = location(url)
    path = _sqlite_file(parsed)
    if path is not None:
        try:
            kind = ledger_file.probe(path)
        except OSError as error:
            raise _as_ledger_error(error, shown) or LedgerError(str(error)) from error
        if kind is FileKind.MISSING:
            raise LedgerNotFound(_("There is no ledger file {file}.").format(file=shown), shown)
        if kind is not FileKind.LEDGER:
            raise _not_a_ledger(kind, shown)
    lock, reason = None, ""
    if path is not None and "mode=ro" in url:  # asked for by its address: as a locked card
        reason = _(READ_ONLY).format(file=shown)
    elif path is not None and access is Access.READ:
        reason = _("The ledger {file} is open for reading only.").format(file=shown)
    elif path is not None:
        lock, reason = _writer(path, shown, access, user, wait)
    engine = _engine(url, shown) if not reason or path is None else _read_only_engine(path)
    try:
        if not parsed.drivername.startswith("sqlite"):
            _check_server_database(engine, shown)
        if reason:
            _refuse_if_outdated(engine, shown, reason)
        else:
            migrate(engine, backups)
    except BaseException as error:
        engine.dispose()
        if lock is not None:
            lock.release()
        if not isinstance(error, DatabaseError) or isinstance(error, LedgerError):
            raise
        known = _as_ledger_error(error, shown)
        if known is not None:
            raise known from error
        if path is not None:
            raise _not_a_ledger(FileKind.DAMAGED, shown) from error
        raise LedgerError(_("The database {url} cannot be reached: {reason}").format(
            url=shown, reason=str(error.orig).strip().splitlines()[0] if error.orig else
            error)) from error
    return Ledger(engine, sessionmaker(engine, expire_on_commit=False), lock, reason)


def _writer(path: Path, shown: str, access: Access, user: str | None,
            wait: float) -> tuple[WriterLock | None, str]:
    """The writer's lock of ``path``, or why the ledger is read-only here."""
    try:
        # Only a writer waits for the other writer to leave; AUTO reads at once meanwhile.
        return writer_lock.acquire(path, user=user,
                                   wait=wait if access is Access.WRITE else 0.0), ""
    except LedgerHeld as held:
        if access is Access.WRITE:
            raise
        return None, str(held)
    except OSError as error:
        # No lock file can be made beside the ledger: a write-protected card, a folder of
        # another user's. Nobody can write the ledger here; it can still be read.
        sentence = describe(error, shown)
        if access is Access.WRITE or sentence is None:
            raise _as_ledger_error(error, shown) or LedgerError(str(error)) from error
        return None, sentence


def _read_only_engine(path: Path) -> Engine:
    """An engine SQLite itself keeps from writing (``mode=ro``): a read-only open really
    cannot change the file. The URI is built by ``as_uri`` (accents, spaces and ``#`` in
    folder names escaped), so it goes through ``creator``."""
    uri = path.resolve().as_uri() + "?mode=ro"
    engine = create_engine(f"sqlite:///{path}", creator=lambda: sqlite3.connect(
        uri, uri=True, check_same_thread=False))
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _refuse_if_outdated(engine: Engine, shown: str, reason: str) -> None:
    """A read-only ledger cannot be migrated: an older one is refused with the reason."""
    current, known, head = _revisions(engine)
    if current != head and current in known:
        raise LedgerError(reason + " " + _("It must be upgraded to this version before it can "
                                           "be opened here; open it where it is held, or "
                                           "when it is free."))
    if current not in known:
        raise NewerDatabaseError(
            _("This ledger was written by a newer version of Commune Ledger (schema {rev}); "
              "install the newer version to open it.").format(rev=current))


def _check_server_database(engine: Engine, shown: str) -> None:
    """A server database holds a ledger only when it has the ledger's tables."""
    names = set(table_names(engine))
    if not names:
        raise LedgerNotFound(_("The database {file} holds no ledger yet.").format(file=shown),
                             shown)
    if not ledger_file.LEDGER_TABLES <= names:
        raise NotALedger(_("The database {file} belongs to another program, not to Commune "
                           "Ledger; it was left as it is.").format(file=shown), shown)


def create_ledger(path_or_url: str | os.PathLike[str] | None,
                  fill: Callable[[Session], None] | None = None, *,
                  replace: bool = False) -> None:
    """Make a new ledger at ``path_or_url``, filled by ``fill`` in the same step.

    A file is built under a temporary name beside the target and moved into place only when
    complete: the target is never half made, whatever happens meanwhile. Where something
    already is, ``LedgerExists`` — unless ``replace``, which replaces only an existing ledger
    (or an empty file), never another program's file. On a server the ledger is made in the
    database given, which must be empty (or, with ``replace``, a ledger: its tables go).
    """
    url, parsed = _parsed(path_or_url)
    shown = location(url)
    target = _sqlite_file(parsed)
    if target is None:
        if parsed.drivername.startswith("sqlite") and parsed.database in (None, "", ":memory:"):
            raise ValueError("an in-memory ledger is made by opening it")
        _create_on_server(url, shown, fill, replace)
        return
    try:
        kind = ledger_file.probe(target)
        if kind is not FileKind.MISSING:
            if not replace:
                raise LedgerExists(_("The file {file} already exists; a new ledger is only "
                                     "made where there is no file yet.").format(file=shown),
                                   shown)
            if kind not in (FileKind.LEDGER, FileKind.EMPTY):
                raise _not_a_ledger(kind, shown)
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _as_ledger_error(error, shown) or LedgerError(str(error)) from error
    # A ledger replaced is never one another copy of the application is writing.
    lock = writer_lock.acquire(target) if replace and kind is FileKind.LEDGER else None
    temporary = ledger_file.temporary_beside(target)
    try:
        _build(temporary, fill, shown)
        ledger_file.publish(temporary, target, replace=replace)
    except FileExistsError:
        raise LedgerExists(_("The file {file} already exists; a new ledger is only made where "
                             "there is no file yet.").format(file=shown), shown) from None
    except (OSError, DBAPIError, sqlite3.Error) as error:
        # The temporary name means nothing to the clerk: the ledger they asked for is named.
        sentence = describe(error, shown, own_name=False)
        if sentence is None:
            raise
        raise LedgerError(sentence) from error
    finally:
        ledger_file.discard(temporary)
        if lock is not None:
            lock.release()


def open_new_ledger(path_or_url: str | os.PathLike[str],
                    fill: Callable[[Session], None] | None = None) -> Ledger:
    """Make a new ledger at ``path_or_url`` (``create_ledger``) and open it."""
    create_ledger(path_or_url, fill)
    return open_ledger(path_or_url)


def _build(temporary: Path, fill: Callable[[Session], None] | None, shown: str) -> None:
    engine = make_engine(f"sqlite:///{temporary}")
    try:
        migrate(engine)
        if fill is not None:
            _fill(engine, fill)
    finally:
        engine.dispose()
    if not ledger_file.seal(temporary):
        raise LedgerError(_("The new ledger {file} failed its check after it was written; "
                            "nothing was made. Try again, or on another disk.").format(
                                file=shown))


def _fill(engine: Engine, fill: Callable[[Session], None]) -> None:
    with Ledger(engine, sessionmaker(engine, expire_on_commit=False)).session() as session:
        fill(session)


def _create_on_server(url: str, shown: str, fill: Callable[[Session], None] | None,
                      replace: bool) -> None:
    from alembic import command

    from desktop.models.schema import Base

    engine = _engine(url, shown)
    try:
        # One transaction from the first table to the last line of the fill: a failure, a
        # killed program or a lost connection leaves the database as it was. A second maker
        # of the same ledger waits for the first, then finds the database no longer empty.
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                _hold_schema_lock(connection)
            names = set(inspect(connection).get_table_names())
            if names and not replace:
                raise LedgerExists(_("The database {file} is not empty; a new ledger is only "
                                     "made in an empty database.").format(file=shown), shown)
            if names:
                if not ledger_file.LEDGER_TABLES <= names:
                    raise NotALedger(_("The database {file} belongs to another program, not to "
                                       "Commune Ledger; it was left as it is.").format(
                                           file=shown), shown)
                Base.metadata.drop_all(connection)
                connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
            command.upgrade(_alembic_config(engine, connection), "head")
            if fill is not None:
                with Session(bind=connection) as session:  # joins the transaction
                    fill(session)
                    session.flush()
    except DBAPIError as error:
        known = _as_ledger_error(error, shown)
        if known is None:
            raise
        raise known from error
    finally:
        engine.dispose()


def table_names(engine: Engine) -> list[str]:
    return inspect(engine).get_table_names()
