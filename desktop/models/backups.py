"""Backups of a ledger file: made with SQLite's online backup, verified, recorded, rotated.

A backup is taken from one read transaction of the ledger: the rows of every table are
counted in it and the pages copied from it, so the copy is the ledger at one instant even
while the window keeps writing. The copy is built under a temporary name, made to stand
alone (no write-ahead log beside it), then verified — SQLite's ``integrity_check``, the
ledger's own ``check`` (when the copy has the current schema) and the row counts of every
table against the source's — and only then given its name. A copy that fails is not kept
(except the copy of a ledger about to be restored over: it is the ledger as it was).

Every backup, kept or not, is recorded in ``<ledger>.backups.jsonl`` in the backups folder,
so the window can say when the last one failed. Automatic backups (daily, on closing, before
a migration or a restore) live in the backups folder beside the ledger and are rotated: the
first and last of each of the newest ``keep_daily`` days, and the newest of each of the newest
``keep_monthly`` months, are kept. A backup written to a file the clerk chose (a USB stick)
is never touched again, and may be encrypted (``backup_crypto``).

SQLite files only: a ledger on a server is backed up by the server's own tools.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from desktop.i18n import N_, _
from desktop.models import ledger_file
from desktop.models.clock import now
from desktop.models.errors import LedgerError
from desktop.progress import SILENT, Progress

log = logging.getLogger(__name__)

FOLDER_NAME = "backups"
HISTORY_SUFFIX = ".backups.jsonl"
ENCRYPTED_SUFFIX = ".sqlite.enc"


class Kind(StrEnum):
    DAILY = "daily"
    CLOSE = "close"
    MIGRATION = "migration"
    BEFORE_RESTORE = "before-restore"
    MANUAL = "manual"


KIND_NAMES = {Kind.DAILY: N_("daily"), Kind.CLOSE: N_("on closing"),
              Kind.MIGRATION: N_("before an upgrade"),
              Kind.BEFORE_RESTORE: N_("before a restore"), Kind.MANUAL: N_("by hand")}
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-"
                   r"(?P<kind>daily|close|migration|before-restore|manual)\.sqlite$")


@dataclass(frozen=True)
class Policy:
    """Where automatic backups go and how many are kept (from the window's settings)."""

    folder: Path | None = None  # None: a "backups" folder beside the ledger
    keep_daily: int = 7
    keep_monthly: int = 12

    def folder_for(self, ledger: Path) -> Path:
        return self.folder if self.folder is not None else ledger.parent / FOLDER_NAME


@dataclass(frozen=True)
class Contents:
    """What a ledger file holds, as a restore list shows it."""

    schema: str = ""
    communes: tuple[str, ...] = ()
    groups: int = 0
    members: int = 0
    last_meeting: dt.date | None = None


@dataclass(frozen=True)
class Verification:
    """How a copy fared: SQLite's check, the ledger's check, the row counts."""

    integrity: str = "ok"  # "ok", or SQLite's first finding
    check_problems: int | None = 0  # None: not run (a copy of an older schema)
    first_problem: str = ""
    differing: tuple[str, ...] = ()  # tables whose row counts differ from the source's
    error: str = ""  # the copy could not be made or read at all

    @property
    def ok(self) -> bool:
        return (not self.error and self.integrity == "ok" and not self.check_problems
                and not self.differing)

    def findings(self) -> list[str]:
        """What went wrong, one sentence each (empty when ``ok``)."""
        found = []
        if self.error:
            found.append(self.error)
        if self.integrity != "ok":
            found.append(_("SQLite's integrity check of the copy failed: {detail}").format(
                detail=self.integrity))
        if self.differing:
            found.append(_("The copy does not hold the same number of rows as the ledger in: "
                           "{tables}.").format(tables=", ".join(self.differing)))
        if self.check_problems:
            found.append(_("The ledger's check found {count} problems in the copy, the first: "
                           "{problem}").format(count=self.check_problems,
                                               problem=self.first_problem))
        return found


@dataclass(frozen=True)
class BackupRecord:
    """One backup made: where, when, of what, what it holds and how its check went."""

    path: Path
    made: dt.datetime
    kind: Kind
    ledger: str
    size: int = 0
    encrypted: bool = False
    sha256: str = ""
    kept: bool = True
    contents: Contents = field(default_factory=Contents)
    verification: Verification = field(default_factory=Verification)

    @property
    def ok(self) -> bool:
        return self.verification.ok

    def as_json(self) -> dict[str, Any]:
        contents, check = self.contents, self.verification
        return {
            "path": str(self.path), "made": self.made.isoformat(timespec="seconds"),
            "kind": self.kind.value, "ledger": self.ledger, "size": self.size,
            "encrypted": self.encrypted, "sha256": self.sha256, "kept": self.kept,
            "ok": self.ok,
            "contents": {"schema": contents.schema, "communes": list(contents.communes),
                         "groups": contents.groups, "members": contents.members,
                         "last_meeting": contents.last_meeting.isoformat()
                         if contents.last_meeting else None},
            "verification": {"integrity": check.integrity,
                             "check_problems": check.check_problems,
                             "first_problem": check.first_problem,
                             "differing": list(check.differing), "error": check.error},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BackupRecord:
        contents, check = data.get("contents") or {}, data.get("verification") or {}
        last = contents.get("last_meeting")
        return cls(
            Path(data["path"]), dt.datetime.fromisoformat(data["made"]), Kind(data["kind"]),
            str(data.get("ledger", "")), int(data.get("size", 0)),
            bool(data.get("encrypted", False)), str(data.get("sha256", "")),
            bool(data.get("kept", True)),
            Contents(str(contents.get("schema", "")), tuple(contents.get("communes", ())),
                     int(contents.get("groups", 0)), int(contents.get("members", 0)),
                     dt.date.fromisoformat(last) if last else None),
            Verification(str(check.get("integrity", "ok")), check.get("check_problems"),
                         str(check.get("first_problem", "")),
                         tuple(check.get("differing", ())), str(check.get("error", ""))))


# -- reading a ledger file --------------------------------------------------------------------
def open_read_only(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    connection.execute("PRAGMA query_only=ON")
    return connection


def _tables(connection: sqlite3.Connection) -> list[str]:
    return [name for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]


def row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """Rows of every table (inside the connection's current transaction)."""
    return {name: int(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
            for name in _tables(connection)}


def read_contents(connection: sqlite3.Connection) -> Contents:
    """Schema, communes, groups, members and the last meeting, by plain SQL (so any
    version's file can be described)."""
    tables = set(_tables(connection))

    def one(sql: str) -> Any:
        row = connection.execute(sql).fetchone()
        return row[0] if row else None

    schema = one("SELECT version_num FROM alembic_version") if "alembic_version" in tables \
        else ""
    communes = tuple(name for (name,) in connection.execute(
        "SELECT name FROM communes ORDER BY name")) if "communes" in tables else ()
    last = one("SELECT max(date) FROM meetings") if "meetings" in tables else None
    return Contents(str(schema or ""), communes,
                    int(one("SELECT count(*) FROM groups") or 0) if "groups" in tables else 0,
                    int(one("SELECT count(*) FROM members") or 0) if "members" in tables
                    else 0,
                    dt.date.fromisoformat(str(last)[:10]) if last else None)


def head_revision() -> str:
    """The schema this version of the application writes."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from desktop.models import database

    config = Config()
    config.set_main_option("script_location", str(database.MIGRATIONS_DIR))
    return str(ScriptDirectory.from_config(config).get_current_head())


def ledger_check(path: Path) -> tuple[int | None, str]:
    """The ledger's own check of the file at ``path``: (number of problems, the first);
    ``None`` when the file has an older schema the check cannot read."""
    with closing(open_read_only(path)) as connection:
        schema = read_contents(connection).schema
    if schema != head_revision():
        return None, ""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from desktop.models.integrity import check_ledger

    engine = create_engine("sqlite://", creator=lambda: open_read_only(path))
    try:
        with Session(engine) as session:
            problems = check_ledger(session)
    finally:
        engine.dispose()
    return len(problems), str(problems[0]) if problems else ""


def verify_copy(copy: Path, source_counts: dict[str, int] | None) -> Verification:
    """SQLite's integrity check, the ledger's check and (given the source's) row counts."""
    try:
        with closing(open_read_only(copy)) as connection:
            results = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            counts = row_counts(connection)
    except sqlite3.DatabaseError as error:
        return Verification(error=_("The copy cannot be read: {reason}").format(
            reason=error))
    integrity = "ok" if results == ["ok"] else "; ".join(results[:3])
    differing = () if source_counts is None else tuple(sorted(
        name for name in set(counts) | set(source_counts)
        if counts.get(name) != source_counts.get(name)))
    if integrity != "ok":
        return Verification(integrity=integrity, differing=differing)
    problems, first = ledger_check(copy)
    return Verification(integrity, problems, first, differing)


def format_size(size: int) -> str:
    """"1,2 MB", "640 KB": a file's size as a clerk reads it (Vietnamese decimal comma)."""
    from babel.numbers import format_decimal

    if size < 1024 * 1024:
        return _("{size} KB").format(size=format_decimal(max(size, 1) / 1024, "#,##0",
                                                         locale="vi"))
    return _("{size} MB").format(size=format_decimal(size / 1024 / 1024, "#,##0.0",
                                                     locale="vi"))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# -- making a backup --------------------------------------------------------------------------
def copy_ledger(source: Path, target: Path) -> dict[str, int]:
    """Copy ``source`` into the new file ``target`` with SQLite's online backup, from one
    read transaction; returns the row counts of that transaction. ``target`` is made to
    stand alone and is on the disk when this returns."""
    # mode=rw, not ro: a ledger left by a crash may need its write-ahead log recovered
    # before it can be read; query_only keeps this connection from writing anything else.
    with closing(sqlite3.connect(source.resolve().as_uri() + "?mode=rw", uri=True,
                                 isolation_level=None)) as src:
        src.execute("PRAGMA busy_timeout=10000")
        src.execute("PRAGMA query_only=ON")
        src.execute("BEGIN")
        counts = row_counts(src)
        with closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
        src.execute("COMMIT")
    ledger_file.seal(target)
    return counts


def automatic_name(ledger: Path, folder: Path, kind: Kind, moment: dt.datetime) -> Path:
    stamp = moment.strftime("%Y%m%d-%H%M%S")
    number = 1
    while True:
        suffix = f"-{number}" if number > 1 else ""
        candidate = folder / f"{ledger.stem}-{stamp}{suffix}-{kind.value}.sqlite"
        if not os.path.lexists(candidate):
            return candidate
        number += 1


def manual_name(ledger: Path, moment: dt.datetime, encrypted: bool) -> str:
    """The name a backup gets in a folder the clerk chose."""
    suffix = ENCRYPTED_SUFFIX if encrypted else ".sqlite"
    return f"{ledger.stem}-{moment.strftime('%Y%m%d-%H%M')}{suffix}"


def make_backup(source: Path, *, kind: Kind, policy: Policy, target: Path | None = None,
                passphrase: str | None = None, progress: Progress = SILENT) -> BackupRecord:
    """Back ``source`` up, verify the copy and record it.

    Automatic kinds go into the policy's folder (and are rotated); ``target`` is a file or
    folder the clerk chose (``Kind.MANUAL``), never overwritten. With ``passphrase`` the
    kept file is encrypted; the plain copy it is made from stays beside the ledger, never on
    the target's disk. A copy that fails its verification is not kept unless it is the
    ledger about to be restored over; the record says so either way. A disk that refuses
    the work raises ``LedgerError`` naming the file."""
    from desktop.models.system_errors import describe

    moment = now()
    if target is None:
        folder = policy.folder_for(source)
        final = automatic_name(source, folder, kind, moment)
    else:
        folder = target if target.is_dir() else target.parent
        final = folder / manual_name(source, moment, passphrase is not None) \
            if target.is_dir() else target
        if os.path.lexists(final):
            raise LedgerError(_("The file {file} already exists; a backup is never written "
                                "over another file. Choose another name.").format(file=final))
    if passphrase is not None:
        # cryptography only when a backup is sealed (every command opening a ledger that
        # needs a migration loads this module).
        from desktop.models import backup_crypto

        backup_crypto.check_passphrase(passphrase)
    # Encrypted: the plain copy stays on the ledger's own disk, never on the USB stick.
    plain = ledger_file.temporary_beside(source if passphrase else final)
    sealed = ledger_file.temporary_beside(final) if passphrase else plain
    record: BackupRecord
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ledger_file.sweep(folder)  # what a backup killed half way left behind
        progress.step(0, 4, _("Copying the ledger {file}…").format(file=source.name))
        counts = copy_ledger(source, plain)
        progress.step(1, 4, _("Checking the copy…"))
        verification = verify_copy(plain, counts)
        with closing(open_read_only(plain)) as connection:
            contents = read_contents(connection)
        digest = sha256_of(plain)
        keep = verification.ok or kind is Kind.BEFORE_RESTORE
        if keep and passphrase is not None:
            progress.step(2, 4, _("Encrypting the copy…"))
            from desktop.models import backup_crypto

            with sealed.open("wb") as handle:
                backup_crypto.encrypt_file(plain, handle, passphrase)
                handle.flush()
                os.fsync(handle.fileno())
            if backup_crypto.plain_digest(sealed, passphrase) != digest:
                verification = Verification(error=_("The encrypted copy does not decrypt to "
                                                    "the ledger."))
                keep = False
        progress.step(3, 4, _("Saving the backup {file}…").format(file=final.name))
        if keep:
            ledger_file.publish(sealed, final, replace=False)
        record = BackupRecord(final, moment, kind, str(source), final.stat().st_size
                              if keep else 0, passphrase is not None, digest, keep,
                              contents, verification)
    except (OSError, sqlite3.Error) as error:
        sentence = describe(error, str(_failed_file(error, source, final)), own_name=False)
        if sentence is None:
            raise
        record = BackupRecord(final, moment, kind, str(source), kept=False,
                              verification=Verification(error=sentence))
        remember(source, policy, record)
        raise LedgerError(sentence) from error
    finally:
        ledger_file.discard(plain)
        ledger_file.discard(sealed)
    remember(source, policy, record)
    if target is None and record.kept:
        rotate(source, policy)
    progress.step(4, 4, "")
    return record


def _failed_file(error: BaseException, source: Path, target: Path) -> Path:
    """The file a failure is about: the ledger when SQLite found it damaged, otherwise the
    backup being written (a full disk, a read-only stick)."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (11, 26):  # SQLITE_CORRUPT, SQLITE_NOTADB
        return source
    return target


# -- the record of backups --------------------------------------------------------------------
def history_path(ledger: Path, policy: Policy) -> Path:
    return policy.folder_for(ledger) / f"{ledger.stem}{HISTORY_SUFFIX}"


def remember(ledger: Path, policy: Policy, record: BackupRecord) -> None:
    """Append ``record`` to the history (one line: appends from two processes never mix)."""
    line = json.dumps(record.as_json(), ensure_ascii=False) + "\n"
    path = history_path(ledger, policy)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        # The backup itself is made (or its failure raised); the record is a convenience.
        log.warning("cannot record the backup in %s", path, exc_info=True)
    if not record.ok:
        log.warning("backup %s of %s failed its verification: %s", record.path, ledger,
                    record.verification.findings())


def history(ledger: Path, policy: Policy) -> list[BackupRecord]:
    """Every backup recorded for ``ledger``, oldest first (a line cut short by a crash, or
    not understood, is skipped)."""
    try:
        lines = history_path(ledger, policy).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    records = []
    for line in lines:
        with suppress(ValueError, KeyError, TypeError):
            records.append(BackupRecord.from_json(json.loads(line)))
    return records


def last_failure(ledger: Path, policy: Policy) -> BackupRecord | None:
    """The newest backup of ``ledger`` when it failed its verification."""
    records = history(ledger, policy)
    return records[-1] if records and not records[-1].ok else None


# -- the backups folder -----------------------------------------------------------------------
@dataclass(frozen=True)
class BackupFile:
    """A backup in the folder, with its record when there is one."""

    path: Path
    made: dt.datetime
    kind: Kind
    size: int
    record: BackupRecord | None


def automatic_backups(ledger: Path, policy: Policy) -> list[BackupFile]:
    """The backups of ``ledger`` in its backups folder, newest first."""
    folder = policy.folder_for(ledger)
    records = {record.path.name: record for record in history(ledger, policy)}
    found = []
    for path in _named(folder, ledger.stem):
        match = _NAME.match(path.name)
        assert match is not None
        with suppress(OSError):
            found.append(BackupFile(path, dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S"),
                                    Kind(match["kind"]), path.stat().st_size,
                                    records.get(path.name)))
    found.sort(key=_order, reverse=True)
    return found


def _order(item: BackupFile) -> tuple[dt.datetime, int]:
    """Newer first; of two made in the same second, the one numbered after."""
    match = _NAME.match(item.path.name)
    return item.made, int(match["n"] or 1) if match else 1


def _named(folder: Path, stem: str) -> Iterator[Path]:
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for path in entries:
        match = _NAME.match(path.name)
        if match and match["stem"] == stem:
            yield path


def backed_up_today(ledger: Path, policy: Policy) -> bool:
    """Whether a backup of ``ledger`` was kept today (the day's first open makes one)."""
    day = now().date()
    return any(item.made.date() == day for item in automatic_backups(ledger, policy))


def rotate(ledger: Path, policy: Policy) -> list[Path]:
    """Remove the automatic backups the policy does not keep; returns those removed."""
    items = sorted(automatic_backups(ledger, policy), key=lambda item: item.made)
    keep: set[Path] = set()
    days: dict[dt.date, list[BackupFile]] = {}
    months: dict[tuple[int, int], list[BackupFile]] = {}
    for item in items:
        days.setdefault(item.made.date(), []).append(item)
        months.setdefault((item.made.year, item.made.month), []).append(item)
    for day in sorted(days)[-max(policy.keep_daily, 1):]:
        keep.update({days[day][0].path, days[day][-1].path})
    for month in sorted(months)[-max(policy.keep_monthly, 0):] if policy.keep_monthly else []:
        keep.add(months[month][-1].path)
    removed = []
    for item in items:
        if item.path not in keep:
            try:
                item.path.unlink()
            except OSError:
                log.warning("cannot remove the old backup %s", item.path, exc_info=True)
                continue
            removed.append(item.path)
    return removed
