"""What the disk and SQLite say when a file cannot be used — full, read-only, forbidden, in
use, damaged — said again as a sentence a clerk understands, naming the file; and the same for
a ledger on a PostgreSQL server (not reachable, a wrong password, another clerk saving the
same figures at the same instant…), naming the server's address without its password.

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

SERVER_UNREACHABLE = N_("The database server of {file} cannot be reached (is it running? is the "
                        "network up?), so nothing was saved.")
SERVER_LOGIN = N_("The database server refused the user name or password given in {file}.")
SERVER_NO_DATABASE = N_("The database server has no database named as in {file}.")
SERVER_SAME_MOMENT = N_("Another clerk was saving the same figures of {file} at the same moment, "
                        "so nothing of yours was saved. Try again.")
SERVER_FULL = N_("The database server of {file} has no disk space left, so nothing was saved.")
SERVER_READ_ONLY = N_("{file} may only be read (a read-only server or user), so nothing was "
                      "saved.")
SERVER_FORBIDDEN = N_("The database user given in {file} is not allowed to change the ledger, "
                      "so nothing was saved.")
SERVER_STOPPED = N_("The database server of {file} was stopped or restarted meanwhile, so "
                    "nothing was saved. Try again in a moment.")

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


# PostgreSQL's SQLSTATE codes (its manual, appendix "Error Codes"), by code then by class.
_BY_SQLSTATE = {
    # Two clerks making the same thing at one instant (the application checks first, so on a
    # server only a race gets this far).
    "23505": SERVER_SAME_MOMENT,  # unique_violation
    "28000": SERVER_LOGIN,  # invalid_authorization_specification
    "28P01": SERVER_LOGIN,  # invalid_password
    "3D000": SERVER_NO_DATABASE,  # invalid_catalog_name
    "40001": SERVER_SAME_MOMENT,  # serialization_failure
    "40P01": SERVER_SAME_MOMENT,  # deadlock_detected
    "55P03": SERVER_SAME_MOMENT,  # lock_not_available
    "53100": SERVER_FULL,  # disk_full
    "25006": SERVER_READ_ONLY,  # read_only_sql_transaction
    "42501": SERVER_FORBIDDEN,  # insufficient_privilege
    "57P01": SERVER_STOPPED,  # admin_shutdown
    "57P02": SERVER_STOPPED,  # crash_shutdown
    "57P03": SERVER_STOPPED,  # cannot_connect_now
}
_BY_SQLSTATE_CLASS = {"08": SERVER_UNREACHABLE}  # connection_exception

# The driver's own words when it could not connect at all (no SQLSTATE then).
_BY_SERVER_TEXT = (
    ("password authentication failed", SERVER_LOGIN),
    ("no password supplied", SERVER_LOGIN),
    ("role \"", SERVER_LOGIN),
    ("database \"", SERVER_NO_DATABASE),
    ("connection refused", SERVER_UNREACHABLE),
    ("connection failed", SERVER_UNREACHABLE),
    ("could not connect", SERVER_UNREACHABLE),
    ("could not translate host name", SERVER_UNREACHABLE),
    ("timeout expired", SERVER_UNREACHABLE),
    ("server closed the connection", SERVER_STOPPED),
    ("consuming input failed", SERVER_STOPPED),
)


def _from_server(error: BaseException) -> bool:
    """Whether the PostgreSQL driver raised ``error`` (without importing the driver, which
    a ledger kept in a file never needs)."""
    return type(error).__module__.split(".")[0] == "psycopg" and isinstance(error, Exception) \
        and hasattr(error, "sqlstate")


def _server_sentence(error: BaseException) -> str | None:
    state = getattr(error, "sqlstate", None)
    if isinstance(state, str):
        msgid = _BY_SQLSTATE.get(state) or _BY_SQLSTATE_CLASS.get(state[:2])
        if msgid is not None:
            return msgid
    text = str(error).lower()
    return next((msgid for needle, msgid in _BY_SERVER_TEXT if needle in text), None)


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
    """Whether SQLite or the PostgreSQL server raised ``error`` (or what it wraps)."""
    return any(isinstance(current, sqlite3.Error) or _from_server(current)
               for current in _chain(error))


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
        elif _from_server(current):
            msgid = _server_sentence(current)
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
