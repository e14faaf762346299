"""A ledger as a file on disk: what a path holds (nothing, a folder, an empty file, another
program's file or database, a damaged file, or a ledger), and how a new ledger file is put in
place — built under a temporary name in the same folder, checked, then given its real name
in one step, so a process killed at any instant, or a second one making the same file at
the same moment, never leaves half a ledger under the real name.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import sqlite3
import time
from contextlib import closing
from enum import Enum
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm", "-journal")
# Tables every version of the schema has had: with Alembic's own, they tell a ledger from
# another program's SQLite database (which may use Alembic too).
LEDGER_TABLES = frozenset({"alembic_version", "communes", "groups"})


class FileKind(Enum):
    MISSING = "missing"
    FOLDER = "folder"
    EMPTY = "empty"  # zero bytes: made by hand, or by a program that stopped at once
    NOT_SQLITE = "not sqlite"  # a document, a spreadsheet, or a ledger damaged at its start
    DAMAGED = "damaged"  # an SQLite file that SQLite cannot read
    EMPTY_DATABASE = "empty database"  # an SQLite database without a single table
    FOREIGN = "foreign"  # another program's SQLite database
    LEDGER = "ledger"


def probe(path: Path) -> FileKind:
    """What ``path`` holds, found by reading it only (nothing is created or changed)."""
    if not os.path.lexists(path):
        return FileKind.MISSING
    if path.is_dir():
        return FileKind.FOLDER
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if not header:
        return FileKind.EMPTY
    if header != SQLITE_HEADER:
        return FileKind.NOT_SQLITE
    try:
        tables = _tables(path)
    except sqlite3.DatabaseError:
        return FileKind.DAMAGED
    if not tables:
        return FileKind.EMPTY_DATABASE
    return FileKind.LEDGER if LEDGER_TABLES <= tables else FileKind.FOREIGN


def _tables(path: Path) -> set[str]:
    # mode=rw never creates the file (a plain connect would make an empty database of a
    # path that vanished meanwhile); query_only: nothing is written to someone else's file.
    uri = path.resolve().as_uri() + "?mode=rw"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        connection.execute("PRAGMA query_only=ON")
        return {name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}


def temporary_beside(target: Path) -> Path:
    """A name no one else uses, in the target's folder (so moving it there is one step on
    the same disk) and hidden where dot-files are."""
    return target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.part")


def seal(path: Path) -> bool:
    """Make the built file stand alone and durable: its write-ahead log folded in (no
    ``-wal`` to travel with it), SQLite's quick check passed, its bytes on the disk.
    Returns whether the check passed."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA journal_mode=DELETE").fetchone()
        (result,) = connection.execute("PRAGMA quick_check").fetchone()
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())
    return bool(result == "ok")


def publish(temporary: Path, target: Path, *, replace: bool) -> None:
    """Give ``temporary`` the name ``target`` in one step.

    Without ``replace`` an existing ``target`` is never overwritten (``FileExistsError``):
    of two makers at once, the second is refused. With ``replace`` the old file's journal
    files go first, so SQLite never applies them to the new file.
    """
    companions = [Path(f"{target}{suffix}") for suffix in SIDE_FILES]
    if replace:
        for companion in companions:
            companion.unlink(missing_ok=True)
        os.replace(temporary, target)
    else:
        if not os.path.lexists(target):
            # A journal left by a ledger deleted without it would be replayed into the
            # new file: it belongs to nothing now.
            for companion in companions:
                companion.unlink(missing_ok=True)
        try:
            os.link(temporary, target)  # fails when target exists: never overwrites
        except FileExistsError:
            raise
        except OSError:
            # No hard links here (a FAT-formatted USB stick): rename, which Windows refuses
            # over an existing file, after checking that nothing is there yet.
            if os.path.lexists(target):
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST),
                                      str(target)) from None
            os.rename(temporary, target)
        else:
            temporary.unlink()
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the new name itself durable (POSIX; Windows has no handle on a folder)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sweep(folder: Path, older_than: float = 600.0) -> list[Path]:
    """Remove temporary files a killed process left in ``folder``: those of a process no
    longer running, untouched for ``older_than`` seconds (a copy under way on another
    computer sharing the folder is still being written to). Returns those removed."""
    removed: list[Path] = []
    try:
        candidates = list(folder.glob(".*.part"))
    except OSError:
        return removed
    for path in candidates:
        match = _TEMPORARY.match(path.name)
        if match is None or _running(int(match["pid"])):
            continue
        try:
            if time.time() - path.stat().st_mtime < older_than:
                continue
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


_TEMPORARY = re.compile(r"^\..+\.(?P<pid>\d+)-[0-9a-f]{8}\.part$")


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":  # no cheap test there: leave it to the age
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def discard(temporary: Path) -> None:
    """Remove a temporary ledger and its journal files, if they are still there."""
    for suffix in ("", *SIDE_FILES):
        Path(f"{temporary}{suffix}").unlink(missing_ok=True)
