"""What the disk and SQLite say when a file cannot be used — full, read-only, forbidden, in
use, damaged — said again as a sentence a clerk understands, naming the file.

The system's own words ("No space left on device", "attempt to write a readonly database")
are English and name no file; they go to the log, never to the clerk.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator

from desktop.i18n import N_, _

DISK_FULL = N_("The disk holding {file} is full, so nothing was saved. Free some space (or use "
               "another disk) and try again.")
READ_ONLY = N_("{file} is on a read-only disk, card or folder, so nothing was saved. Copy it to "
               "a folder you can write to (or unlock the card) and try again.")
FORBIDDEN = N_("You are not allowed to change {file} (the file or its folder is read-only or "
               "belongs to another user), so nothing was saved.")
IN_USE = N_("{file} is being changed by another window or program. Wait a moment and try again.")
UNREADABLE = N_("The disk holding {file} could not be read or written (a faulty disk, or a USB "
                "stick pulled out?). Nothing was saved.")
DAMAGED = N_("The file {file} is damaged (SQLite cannot read part of it). Restore it from a "
             "backup copy.")
CANNOT_OPEN = N_("{file} cannot be opened: the file or its folder is missing, or may not be "
                 "written.")
MISSING = N_("{file} does not exist, or its folder does not.")
A_FOLDER = N_("{file} is a folder, not a file.")
NOT_A_FOLDER = N_("Part of the path {file} is a file where a folder should be.")
TOO_BIG = N_("{file} would be larger than the disk allows, so nothing was saved.")
NAME_TOO_LONG = N_("The name {file} is too long for the disk.")
OTHER = N_("The file {file} cannot be used (system error {code}).")

# By name: Windows lacks a few of these numbers.
_BY_ERRNO = {getattr(errno, name): msgid for name, msgid in (
    ("ENOSPC", DISK_FULL),
    ("EDQUOT", DISK_FULL),
    ("EROFS", READ_ONLY),
    ("EACCES", FORBIDDEN),
    ("EPERM", FORBIDDEN),
    ("EBUSY", IN_USE),
    ("ETXTBSY", IN_USE),
    ("EIO", UNREADABLE),
    ("ENOENT", MISSING),
    ("EISDIR", A_FOLDER),
    ("ENOTDIR", NOT_A_FOLDER),
    ("EFBIG", TOO_BIG),
    ("ENAMETOOLONG", NAME_TOO_LONG),
) if hasattr(errno, name)}

# SQLite's primary result codes (https://sqlite.org/rescode.html).
_BY_SQLITE_CODE = {
    3: FORBIDDEN,  # SQLITE_PERM
    5: IN_USE,  # SQLITE_BUSY
    6: IN_USE,  # SQLITE_LOCKED
    8: READ_ONLY,  # SQLITE_READONLY
    10: UNREADABLE,  # SQLITE_IOERR
    11: DAMAGED,  # SQLITE_CORRUPT
    13: DISK_FULL,  # SQLITE_FULL
    14: CANNOT_OPEN,  # SQLITE_CANTOPEN
    26: DAMAGED,  # SQLITE_NOTADB
}

# The same, by SQLite's message, for errors that carry no code.
_BY_SQLITE_TEXT = (
    ("database or disk is full", DISK_FULL),
    ("readonly database", READ_ONLY),
    ("database is locked", IN_USE),
    ("database table is locked", IN_USE),
    ("disk i/o error", UNREADABLE),
    ("database disk image is malformed", DAMAGED),
    ("file is not a database", DAMAGED),
    ("unable to open database file", CANNOT_OPEN),
)


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error, what SQLAlchemy wrapped (``orig``) and its causes, each once."""
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for linked in (getattr(current, "orig", None), current.__cause__, current.__context__):
            if isinstance(linked, BaseException):
                pending.append(linked)


def from_database(error: BaseException) -> bool:
    """Whether SQLite raised ``error`` (or what it wraps)."""
    return any(isinstance(current, sqlite3.Error) for current in _chain(error))


def _sqlite_sentence(error: sqlite3.Error) -> str | None:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in _BY_SQLITE_CODE:
        return _BY_SQLITE_CODE[code & 0xFF]
    text = str(error).lower()
    return next((msgid for needle, msgid in _BY_SQLITE_TEXT if needle in text), None)


def describe(error: BaseException, file: str, *, own_name: bool = True) -> str | None:
    """The clerk's sentence for a disk or database failure of ``file``; ``None`` when
    ``error`` is neither (a fault of the program, to be logged).

    A system error that names its own file is told with that name, unless ``own_name`` is
    false (the file was a temporary one the clerk never asked for).
    """
    for current in _chain(error):
        if isinstance(current, sqlite3.Error):
            msgid = _sqlite_sentence(current)
            if msgid is not None:
                return _(msgid).format(file=file)
        elif isinstance(current, OSError) and current.errno is not None:
            msgid = _BY_ERRNO.get(current.errno)
            named = current.filename if own_name and isinstance(current.filename, str) \
                else file
            if msgid is not None:
                return _(msgid).format(file=named or file)
            code = errno.errorcode.get(current.errno, str(current.errno))
            return _(OTHER).format(file=named or file, code=code)
    return None
