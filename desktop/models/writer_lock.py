"""One writer per ledger file: a lock file beside the ledger, as GnuCash keeps one.

``ledger.sqlite.lock`` holds who writes (user, computer, process, since when, last heartbeat)
as JSON, for the second copy of the application to say who holds the ledger. Whether the
holder is still alive is not guessed from that text: the holder keeps an operating-system
lock on the file (``flock`` on POSIX, ``LockFile`` on Windows) for as long as it runs, and
the system lets go of it the instant the process ends, however it ends. So a lock left by an
application that crashed (or a laptop whose battery died) is taken over at once and safely:
of two processes that both find it abandoned, only one can get the system lock.

Where the disk knows no such locks (some network shares), the text decides: a holder on this
computer whose process is gone, or on another computer whose heartbeat stopped more than
``STALE_AFTER`` ago, has left.

Within one process the lock is shared (the window reopening its own ledger, a restore over
the ledger the window holds): it is released when the last user lets go. SQLite's own locking
still guards each transaction underneath.
"""

from __future__ import annotations

import atexit
import datetime as dt
import errno
import getpass
import json
import logging
import os
import secrets
import socket
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.i18n import _
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_date

log = logging.getLogger(__name__)

SUFFIX = ".lock"
HEARTBEAT_SECONDS = 30.0
STALE_AFTER = dt.timedelta(minutes=3)  # six heartbeats missed
_NO_SYSTEM_LOCKS = {getattr(errno, name) for name in ("ENOLCK", "EOPNOTSUPP", "ENOTSUP",
                                                      "ENOSYS", "EINVAL") if hasattr(errno, name)}


@dataclass(frozen=True)
class Holder:
    """Who writes a ledger, as the lock file says."""

    user: str
    host: str
    pid: int
    started: dt.datetime
    heartbeat: dt.datetime
    token: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"user": self.user, "host": self.host, "pid": self.pid,
                "started": self.started.isoformat(timespec="seconds"),
                "heartbeat": self.heartbeat.isoformat(timespec="seconds"),
                "token": self.token}

    @classmethod
    def from_json(cls, data: Any) -> Holder | None:
        try:
            return cls(str(data["user"]), str(data["host"]), int(data["pid"]),
                       dt.datetime.fromisoformat(data["started"]),
                       dt.datetime.fromisoformat(data["heartbeat"]), str(data.get("token", "")))
        except (KeyError, TypeError, ValueError):
            return None

    def describe(self) -> str:
        """"Lan on computer PC-XA since 08:15 12/05/2026"."""
        return _("{user} on the computer {host} since {time} {date}").format(
            user=self.user, host=self.host, time=self.started.strftime("%H:%M"),
            date=format_date(self.started.date()))

    def stale(self, moment: dt.datetime) -> bool:
        return moment - self.heartbeat > STALE_AFTER


class LedgerHeld(LedgerError):
    """Another running copy of the application writes this ledger."""

    def __init__(self, ledger: Path, holder: Holder | None) -> None:
        if holder is not None:
            message = _("The ledger {file} is being changed by {holder}. It can only be read "
                        "here until it is closed there.").format(file=ledger,
                                                                  holder=holder.describe())
        else:
            message = _("The ledger {file} is being changed by another copy of Commune "
                        "Ledger. It can only be read here until it is closed there.").format(
                file=ledger)
        super().__init__(message)
        self.ledger = ledger
        self.holder = holder


def lock_path(ledger: Path) -> Path:
    return ledger.with_name(ledger.name + SUFFIX)


def this_host() -> str:
    return socket.gethostname() or "?"


def _clock() -> dt.datetime:
    # The wall clock, not desktop.models.clock: tests pin that one to a fixed day, and a
    # heartbeat must move.
    return dt.datetime.now().replace(microsecond=0)


# -- the system's lock on an open file ----------------------------------------------------
if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    _FAR = 0x7FFFFFFF  # a byte past any text: reading the holder's JSON stays possible

    def _system_lock(fd: int) -> bool:
        os.lseek(fd, _FAR, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EDEADLK):
                return False
            raise
        return True

    def _system_unlock(fd: int) -> None:
        os.lseek(fd, _FAR, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _system_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    def _system_unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def _read(fd: int) -> Holder | None:
    """The holder written in the open lock file (``None``: empty or unreadable)."""
    for attempt in range(3):
        os.lseek(fd, 0, os.SEEK_SET)
        data = b""
        while chunk := os.read(fd, 4096):
            data += chunk
            if len(data) > 65536:
                return None
        if not data.strip():
            return None
        try:
            return Holder.from_json(json.loads(data.decode("utf-8")))
        except (ValueError, UnicodeDecodeError):
            if attempt < 2:
                time.sleep(0.02)  # caught while the holder rewrote it: look again
    return None


def _write(fd: int, holder: Holder) -> None:
    data = json.dumps(holder.as_json(), ensure_ascii=False, indent=1).encode("utf-8")
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data)
    os.ftruncate(fd, len(data))
    os.fsync(fd)


class _Held:
    """This process's hold on one lock file, shared by every ``WriterLock`` on it."""

    def __init__(self, path: Path, fd: int, holder: Holder, system: bool,
                 previous: Holder | None) -> None:
        self.path = path
        self.fd = fd
        self.holder = holder
        self.system = system  # whether the system lock is held (else the text decides)
        self.previous = previous
        self.users = 1
        self._stop = threading.Event()
        self._beating = threading.Thread(target=self._beat, name=f"heartbeat {path.name}",
                                         daemon=True)
        self._beating.start()

    def _beat(self) -> None:
        while not self._stop.wait(HEARTBEAT_SECONDS):
            self.beat()

    def beat(self) -> None:
        with _registry:
            if self.fd < 0:
                return
            self.holder = Holder(self.holder.user, self.holder.host, self.holder.pid,
                                 self.holder.started, _clock(), self.holder.token)
            try:
                _write(self.fd, self.holder)
            except OSError:
                log.warning("cannot write the heartbeat of %s", self.path, exc_info=True)

    def let_go(self) -> None:
        """Empty and remove the lock file, then release the system lock (called with
        ``_registry`` held)."""
        self._stop.set()
        fd, self.fd = self.fd, -1
        try:
            os.ftruncate(fd, 0)  # a file left behind (Windows) holds nobody
            if os.name == "posix" and _same_file(fd, self.path):
                self.path.unlink()
        except OSError:
            log.warning("cannot remove the lock file %s", self.path, exc_info=True)
        if self.system:
            _system_unlock(fd)
        os.close(fd)
        if os.name != "posix":  # pragma: no cover
            try:
                self.path.unlink()
            except OSError:
                pass  # another copy has it open: it will find it empty


_registry = threading.RLock()
_held: dict[str, _Held] = {}


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False


class WriterLock:
    """A hold on a ledger's lock; ``release()`` (or leaving the ``with``) lets go of it."""

    def __init__(self, held: _Held) -> None:
        self._held: _Held | None = held
        self.path = held.path
        self.holder = held.holder
        # Who held the ledger before, when they left without letting go (a crash).
        self.taken_over = held.previous

    def beat(self) -> None:
        """Write the heartbeat now (it is also written every ``HEARTBEAT_SECONDS``)."""
        if self._held is not None:
            self._held.beat()

    def release(self) -> None:
        held, self._held = self._held, None
        if held is None:
            return
        with _registry:
            held.users -= 1
            if held.users == 0:
                _held.pop(str(held.path), None)
                held.let_go()

    def __enter__(self) -> WriterLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


_RETRY = object()


def _try(path: Path, user: str) -> WriterLock | Holder | object | None:
    """One attempt: our lock, or the live holder (``None``: a holder that cannot be read),
    or ``_RETRY`` when the file changed under us."""
    key = str(path)
    with _registry:
        if key in _held:
            _held[key].users += 1
            return WriterLock(_held[key])
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        created = True
    except FileExistsError:
        try:
            fd = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            return _RETRY  # let go of between the two opens
        created = False
    try:
        try:
            system = _system_lock(fd)
        except OSError as error:
            if error.errno not in _NO_SYSTEM_LOCKS:
                raise
            return _by_text(path, fd, user, created)
        if not system:
            holder = _read(fd)
            os.close(fd)
            return holder
        if not _same_file(fd, path):  # removed by a holder letting go: start again
            _system_unlock(fd)
            os.close(fd)
            return _RETRY
        previous = None if created else _read(fd)
        return _register(path, fd, user, system=True, previous=previous)
    except BaseException:
        try:
            os.close(fd)
        except OSError:
            pass
        raise


def _register(path: Path, fd: int, user: str, *, system: bool,
              previous: Holder | None) -> WriterLock:
    moment = _clock()
    holder = Holder(user, this_host(), os.getpid(), moment, moment, secrets.token_hex(8))
    _write(fd, holder)
    if previous is not None:
        log.warning("took over the lock of %s left by %s (pid %s on %s)", path,
                    previous.user, previous.pid, previous.host)
    with _registry:
        held = _Held(path, fd, holder, system, previous)
        _held[str(path)] = held
        return WriterLock(held)


def _by_text(path: Path, fd: int, user: str, created: bool) -> WriterLock | Holder | None:
    """No system locks on this disk: the lock file's text decides."""
    if created:
        return _register(path, fd, user, system=False, previous=None)
    holder = _read(fd)
    if holder is None:
        age = time.time() - os.fstat(fd).st_mtime
        if age < 10:  # being written by a copy that just made it
            os.close(fd)
            return None
    elif not _abandoned(holder):
        os.close(fd)
        return holder
    lock = _register(path, fd, user, system=False, previous=holder)
    time.sleep(0.1)  # two takers at once: the last one to write keeps it
    if _read(fd) != lock.holder:
        lock.release()
        return holder
    return lock


def _abandoned(holder: Holder) -> bool:
    if holder.host == this_host():
        return not _process_alive(holder.pid)
    return holder.stale(_clock())


def acquire(ledger: Path, *, user: str | None = None, wait: float = 0.0,
            poll: float = 0.2) -> WriterLock:
    """Take the writer's lock of ``ledger``, waiting up to ``wait`` seconds for another
    writer to finish; ``LedgerHeld`` names who holds it. ``OSError`` when the lock file
    cannot be made (a read-only folder: then nobody can write the ledger here anyway)."""
    path = lock_path(ledger)
    name = user or _login_name()
    deadline = time.monotonic() + wait
    while True:
        result = _try(path, name)
        if isinstance(result, WriterLock):
            return result
        if result is not _RETRY:
            if time.monotonic() >= deadline:
                holder = result if isinstance(result, Holder) else None
                raise LedgerHeld(ledger, holder)
            time.sleep(poll)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a service account, a container)
        return "?"


@atexit.register
def _release_all() -> None:
    """A normal exit lets go of every lock, so the next start finds no crash to report."""
    with _registry:
        for held in list(_held.values()):
            held.let_go()
        _held.clear()
