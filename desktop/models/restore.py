"""Restoring a backup: into a new ledger file, or over the current ledger.

The backup is checked before anything is written: a ledger file (decrypted first when it is
encrypted), SQLite's integrity check passed, a schema this version knows. Into a new file it
is copied under a temporary name beside the target and given its name when complete (never
over an existing file). Over the current ledger, the writer's lock is taken, the current
ledger is backed up first (``Kind.BEFORE_RESTORE``), and the backup's pages are written into
the ledger with SQLite's online backup — one transaction of the ledger itself, so a crash or
power cut at any instant leaves the ledger as it was or as the backup, never a mixture.

An older backup is brought up to date by the next opening (after a backup of its own), like
any older ledger.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from desktop.i18n import _
from desktop.models import backup_crypto, backups, ledger_file, writer_lock
from desktop.models.backups import BackupRecord, Contents, Kind, Policy
from desktop.models.clock import now
from desktop.models.errors import LedgerError
from desktop.models.ledger_file import FileKind
from desktop.progress import SILENT, Progress

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Restored:
    """What a restore did: the ledger written, what it holds, the backup of the ledger it
    replaced (over the current ledger only) and the problems the ledger's check found."""

    target: Path
    contents: Contents
    before: BackupRecord | None
    check_problems: int | None


def describe_backup(path: Path, passphrase: str | None = None) -> Contents:
    """What the backup at ``path`` holds (decrypting it aside when it is encrypted)."""
    plain, temporary = _plain(path, passphrase, path)
    try:
        _check_source(path, plain)
        with closing(backups.open_read_only(plain)) as connection:
            return backups.read_contents(connection)
    finally:
        if temporary:
            ledger_file.discard(plain)


def _plain(path: Path, passphrase: str | None, beside: Path) -> tuple[Path, bool]:
    """The plain ledger file of a backup, and whether it is a temporary decrypted copy."""
    try:
        encrypted = backup_crypto.is_encrypted(path)
    except FileNotFoundError:
        raise LedgerError(_("There is no backup file {file}.").format(file=path)) from None
    except IsADirectoryError:
        raise LedgerError(_("{file} is a folder, not a backup file.").format(
            file=path)) from None
    if not encrypted:
        return path, False
    if passphrase is None:
        raise backup_crypto.WrongPassphrase(_("The backup {file} is encrypted: its passphrase "
                                              "is needed.").format(file=path))
    plain = ledger_file.temporary_beside(beside)
    try:
        with plain.open("wb") as handle:
            backup_crypto.decrypt_file(path, handle, passphrase)
    except BaseException:
        ledger_file.discard(plain)
        raise
    return plain, True


def _check_source(shown: Path, plain: Path) -> str:
    """Refuse what is not a sound ledger of a known schema; returns its schema."""
    kind = ledger_file.probe(plain)
    if kind is not FileKind.LEDGER:
        raise LedgerError(_("The file {file} is not a backup of a Commune Ledger ledger, or it "
                            "is damaged; nothing was restored.").format(file=shown))
    try:
        with closing(backups.open_read_only(plain)) as connection:
            results = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            schema = backups.read_contents(connection).schema
    except sqlite3.DatabaseError:
        results = ["unreadable"]
        schema = ""
    if results != ["ok"]:
        raise LedgerError(_("The backup {file} is damaged (it fails SQLite's integrity check); "
                            "nothing was restored. Choose another backup.").format(file=shown))
    if schema not in _known_revisions():
        raise LedgerError(_("The backup {file} was made by a newer version of Commune Ledger "
                            "(schema {rev}); install the newer version to restore it.").format(
                                file=shown, rev=schema))
    return schema


def _known_revisions() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from desktop.models import database

    config = Config()
    config.set_main_option("script_location", str(database.MIGRATIONS_DIR))
    return {revision.revision for revision in ScriptDirectory.from_config(config)
            .walk_revisions()}


def restore_backup(backup: Path, target: Path, *, over: bool, policy: Policy,
                   passphrase: str | None = None, user: str | None = None,
                   progress: Progress = SILENT) -> Restored:
    """Restore ``backup`` to ``target``: a new file, or (with ``over``) the ledger there,
    backed up first. Every refusal is a ``LedgerError`` and leaves ``target`` as it was."""
    from desktop.models.system_errors import describe

    kind = ledger_file.probe(target)
    if kind is not FileKind.MISSING and not over:
        raise LedgerError(_("The file {file} already exists. Restore into a new file, or "
                            "restore over that ledger on purpose (--over; a backup of it is "
                            "made first).").format(file=target))
    if over and kind not in (FileKind.LEDGER, FileKind.MISSING):
        raise LedgerError(_("The file {file} is not a Commune Ledger ledger: a backup is "
                            "only restored over a ledger. It was left as it is.").format(
                                file=target))
    if backup.resolve() == target.resolve():
        raise LedgerError(_("The backup {file} is the ledger itself: choose a backup file.")
                          .format(file=backup))
    replacing = kind is FileKind.LEDGER
    progress.step(0, 4, _("Reading the backup {file}…").format(file=backup.name))
    target.parent.mkdir(parents=True, exist_ok=True)
    plain, temporary = _plain(backup, passphrase, target)
    try:
        lock = writer_lock.acquire(target, user=user) if replacing else None
    except writer_lock.LedgerHeld as held:
        if temporary:
            ledger_file.discard(plain)
        who = held.holder.describe() if held.holder is not None else _(
            "another copy of Commune Ledger")
        raise LedgerError(_("The ledger {file} is being changed by {holder}: close it there "
                            "before restoring over it. Nothing was changed.").format(
                                file=target, holder=who)) from None
    try:
        progress.step(1, 4, _("Checking the backup…"))
        _check_source(backup, plain)
        before = None
        if replacing:
            progress.step(2, 4, _("Backing up the current ledger {file}…").format(
                file=target.name))
            before = _backup_current(target, policy)
        progress.step(3, 4, _("Restoring into {file}…").format(file=target.name))
        try:
            if replacing:
                _write_over(plain, target)
            else:
                _write_new(plain, target, temporary)
        except (OSError, sqlite3.Error) as error:
            sentence = describe(error, str(target), own_name=False)
            if sentence is None:
                raise
            raise LedgerError(sentence) from error
        with closing(backups.open_read_only(target)) as connection:
            contents = backups.read_contents(connection)
        problems, _first = backups.ledger_check(target)
    finally:
        if lock is not None:
            lock.release()
        if temporary:
            ledger_file.discard(plain)
    progress.step(4, 4, "")
    log.info("restored %s into %s (over: %s)", backup, target, replacing)
    return Restored(target, contents, before, problems)


def _backup_current(target: Path, policy: Policy) -> BackupRecord:
    """The ledger about to be replaced, kept whatever its state: verified when it can be,
    copied byte for byte when SQLite cannot even read it (it is why it is restored over)."""
    try:
        return backups.make_backup(target, kind=Kind.BEFORE_RESTORE, policy=policy)
    except LedgerError:
        if ledger_file.probe(target) is FileKind.LEDGER:
            raise  # a disk that refuses the copy: stop before anything is replaced
    folder = policy.folder_for(target)
    folder.mkdir(parents=True, exist_ok=True)
    copy = backups.automatic_name(target, folder, Kind.BEFORE_RESTORE, now())
    for suffix in ("", "-wal"):
        if Path(f"{target}{suffix}").exists():
            shutil.copyfile(f"{target}{suffix}", f"{copy}{suffix}")
    record = BackupRecord(copy, now(), Kind.BEFORE_RESTORE, str(target),
                          copy.stat().st_size, verification=backups.Verification(
                              error=_("The ledger could not be read; it was copied as it "
                                      "was.")))
    backups.remember(target, policy, record)
    return record


def _write_new(plain: Path, target: Path, decrypted_beside: bool) -> None:
    if decrypted_beside:
        built = plain  # already a temporary file beside the target
    else:
        built = ledger_file.temporary_beside(target)
        backups.copy_ledger(plain, built)
    try:
        if not ledger_file.seal(built):
            raise LedgerError(_("The restored ledger {file} failed its check after it was "
                                "written; nothing was made.").format(file=target))
        ledger_file.publish(built, target, replace=False)
    except FileExistsError:
        raise LedgerError(_("The file {file} already exists.").format(file=target)) from None
    finally:
        if built != plain:
            ledger_file.discard(built)


def _write_over(plain: Path, target: Path) -> None:
    """Write the backup's pages into the ledger in one of the ledger's own transactions."""
    with closing(sqlite3.connect(plain.resolve().as_uri() + "?mode=ro", uri=True)) as src, \
            closing(sqlite3.connect(target.resolve().as_uri() + "?mode=rw", uri=True)) as dst:
        dst.execute("PRAGMA busy_timeout=10000")
        src.backup(dst)
        (result,) = dst.execute("PRAGMA quick_check").fetchone()
        # The pages came from a file kept without a write-ahead log; the ledger keeps its.
        dst.execute("PRAGMA journal_mode=WAL").fetchone()
    if result != "ok":
        raise LedgerError(_("The restored ledger {file} failed its check.").format(file=target))
    with target.open("rb+") as handle:
        os.fsync(handle.fileno())
