"""One writer per ledger file (issue 10): a second copy of the application opens the ledger
read-only and says who holds it; a lock left by a crash is taken over; a command that
changes the ledger waits a bounded time for the writer, then is refused with its name.

The other copy is a real second process holding the lock, as a second window would."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TEST_ADMIN, TEST_PASSWORD, with_admin
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from desktop.cli import main
from desktop.models import passwords, registry, writer_lock
from desktop.models.audit import AuditEntry
from desktop.models.database import Access, StorageError, open_ledger, open_new_ledger
from desktop.models.permissions import Actor, Role
from desktop.models.signin import SignInRefused, sign_in
from desktop.models.users import User
from desktop.models.writer_lock import LedgerHeld, lock_path, this_host

HOLD = """
import sys
from pathlib import Path
from desktop.models.writer_lock import acquire
lock = acquire(Path(sys.argv[1]), user=sys.argv[2])
print("ready", flush=True)
if sys.stdin.readline().strip() == "release":
    lock.release()
"""


class OtherCopy:
    """Another process holding a ledger's writer lock, as a second window would."""

    def __init__(self, ledger: Path, user: str = "Lan") -> None:
        self.process = subprocess.Popen([sys.executable, "-c", HOLD, str(ledger), user],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True)
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "ready"

    def crash(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.write("release\n")
            self.process.stdin.close()
            self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture
def ledger_file(tmp_path: Path) -> Path:
    path = tmp_path / "so-quy.sqlite"
    ledger = open_new_ledger(path, with_admin)  # the commands below sign in
    with ledger.session() as session:
        registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    ledger.close()
    return path


@pytest.fixture
def held(ledger_file: Path) -> Iterator[OtherCopy]:
    other = OtherCopy(ledger_file)
    yield other
    other.close()


def test_a_second_copy_opens_the_ledger_read_only_and_says_who_holds_it(
        ledger_file: Path, held: OtherCopy) -> None:
    ledger = open_ledger(ledger_file)
    try:
        assert ledger.read_only and ledger.lock is None
        assert "Lan" in ledger.read_only_reason and this_host() in ledger.read_only_reason
        with ledger.session() as session:  # reading works
            assert session.scalars(text("SELECT code FROM communes")).all() == ["04321"]
        with pytest.raises(StorageError) as refused, ledger.session() as session:
            registry.get_or_create_commune(session, "04322", "Xã Yên Lạc")
        assert str(refused.value) == ledger.read_only_reason
        # Not a polite refusal only: SQLite itself cannot write through this engine.
        with pytest.raises(OperationalError, match="readonly"), ledger.engine.begin() as raw:
            raw.exec_driver_sql("DELETE FROM communes")
    finally:
        ledger.close()
    with pytest.raises(LedgerHeld) as waited:
        open_ledger(ledger_file, access=Access.WRITE, wait=0.3)
    assert waited.value.holder is not None and waited.value.holder.user == "Lan"


def test_a_ledger_another_copy_writes_is_signed_in_to_and_nothing_is_recorded(
        ledger_file: Path, held: OtherCopy, monkeypatch: pytest.MonkeyPatch) -> None:
    # Hashes are made at another cost now: a sign-in would store a new one if it could.
    monkeypatch.setattr(passwords, "cost", passwords.Cost(n=32, r=1, p=1))
    ledger = open_ledger(ledger_file)
    try:
        assert ledger.read_only
        waits: list[float] = []
        with pytest.raises(SignInRefused):
            sign_in(ledger, TEST_ADMIN, "sai mật khẩu", sleep=waits.append)
        with pytest.raises(SignInRefused):
            sign_in(ledger, "ai-do", TEST_PASSWORD, sleep=waits.append)
        assert waits == [1.0, 1.0]  # a wrong password still waits
        assert sign_in(ledger, TEST_ADMIN, TEST_PASSWORD, sleep=waits.append) == Actor(
            TEST_ADMIN, Role.ADMIN)
        with ledger.session() as session:
            logged = session.scalar(select(func.count(AuditEntry.id)).where(
                AuditEntry.action.like("sign_in%")))
            admin = session.scalars(select(User).where(User.name == TEST_ADMIN)).one()
            assert (logged, admin.failed_attempts, admin.retry_after, admin.last_sign_in) == (
                0, 0, None, None)
            assert passwords.needs_rehash(admin.password_hash)  # kept as it was
    finally:
        ledger.close()


def test_the_ledger_is_writable_again_once_the_other_copy_closes_it(
        ledger_file: Path, held: OtherCopy) -> None:
    held.close()
    assert not lock_path(ledger_file).exists()
    ledger = open_ledger(ledger_file)
    try:
        assert not ledger.read_only and ledger.lock is not None
        assert ledger.lock.taken_over is None  # closed properly: nothing to report
    finally:
        ledger.close()
    assert not lock_path(ledger_file).exists()


def test_a_lock_left_by_a_crashed_copy_is_taken_over(ledger_file: Path,
                                                     held: OtherCopy) -> None:
    held.crash()
    assert lock_path(ledger_file).exists()  # the crash left its lock file behind
    ledger = open_ledger(ledger_file)
    try:
        assert not ledger.read_only
        assert ledger.lock is not None and ledger.lock.taken_over is not None
        assert ledger.lock.taken_over.user == "Lan"
        holder = json.loads(lock_path(ledger_file).read_text(encoding="utf-8"))
        assert holder["pid"] == os.getpid() and holder["host"] == this_host()
        with ledger.session() as session:
            registry.get_or_create_commune(session, "04322", "Xã Yên Lạc")
    finally:
        ledger.close()


def test_an_application_that_ends_without_closing_leaves_no_lock(ledger_file: Path) -> None:
    script = ("import sys; from pathlib import Path; from desktop.models.writer_lock import "
              "acquire; acquire(Path(sys.argv[1]))")
    subprocess.run([sys.executable, "-c", script, str(ledger_file)], check=True)
    assert not lock_path(ledger_file).exists()


def test_opening_twice_in_one_process_shares_the_lock(ledger_file: Path) -> None:
    first = open_ledger(ledger_file)
    second = open_ledger(ledger_file)
    assert not first.read_only and not second.read_only
    first.close()
    assert lock_path(ledger_file).exists()
    with second.session() as session:
        registry.get_or_create_commune(session, "04322", "Xã Yên Lạc")
    second.close()
    assert not lock_path(ledger_file).exists()


def test_the_heartbeat_is_written_into_the_lock(ledger_file: Path) -> None:
    ledger = open_ledger(ledger_file)
    try:
        assert ledger.lock is not None
        path = lock_path(ledger_file)
        data = json.loads(path.read_text(encoding="utf-8"))
        data["heartbeat"] = "2000-01-01T00:00:00"
        path.write_text(json.dumps(data), encoding="utf-8")
        ledger.lock.beat()
        beaten = json.loads(path.read_text(encoding="utf-8"))
        assert beaten["heartbeat"] > "2026" and beaten["started"] == data["started"]
        assert set(beaten) == {"user", "host", "pid", "started", "heartbeat", "token"}
    finally:
        ledger.close()


# -- disks without system locks: the lock file's text decides ------------------------------------
def written_lock(ledger: Path, *, host: str, pid: int, minutes_ago: int) -> None:
    moment = dt.datetime.now().replace(microsecond=0) - dt.timedelta(minutes=minutes_ago)
    holder = writer_lock.Holder("Hoa", host, pid, moment - dt.timedelta(hours=1), moment, "x")
    lock_path(ledger).write_text(json.dumps(holder.as_json()), encoding="utf-8")


@pytest.fixture
def no_system_locks(monkeypatch: pytest.MonkeyPatch) -> None:
    def unsupported(fd: int) -> bool:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(writer_lock, "_system_lock", unsupported)
    monkeypatch.setattr(writer_lock.time, "sleep", lambda seconds: None)


@pytest.mark.parametrize(("host", "alive", "minutes_ago", "taken"), [
    ("may-xa-khac", True, 1, False),  # another computer, heartbeat fresh: it writes
    ("may-xa-khac", True, 10, True),  # another computer, heartbeat stopped: it left
    ("here", True, 10, False),  # this computer, its process still running: it writes
    ("here", False, 1, True),  # this computer, its process gone: it crashed
])
def test_without_system_locks_the_holder_is_judged_by_process_and_heartbeat(
        ledger_file: Path, no_system_locks: None, host: str, alive: bool, minutes_ago: int,
        taken: bool) -> None:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()  # a process that was, and is no more
    pid = os.getppid() if alive else ended.pid
    written_lock(ledger_file, host=this_host() if host == "here" else host, pid=pid,
                 minutes_ago=minutes_ago)
    ledger = open_ledger(ledger_file)
    try:
        assert ledger.read_only is not taken
        if taken:
            assert ledger.lock is not None and ledger.lock.taken_over is not None
            assert ledger.lock.taken_over.user == "Hoa"
        else:
            assert "Hoa" in ledger.read_only_reason
    finally:
        ledger.close()


# -- the command line -------------------------------------------------------------------------
def test_opening_to_read_does_not_wait_for_the_writer(ledger_file: Path, held: OtherCopy,
                                                        monkeypatch) -> None:
    """``check`` and the other reading commands pass the command line's --wait (60 s by
    default) along; only a writer waits for the other writer to leave."""
    waits: list[float] = []
    acquire = writer_lock.acquire

    def recorded(path, *, user=None, wait=0.0):  # type: ignore[no-untyped-def]
        waits.append(wait)
        return acquire(path, user=user, wait=wait)

    monkeypatch.setattr(writer_lock, "acquire", recorded)
    ledger = open_ledger(ledger_file, access=Access.AUTO, wait=60.0)
    try:
        assert ledger.read_only
    finally:
        ledger.close()
    assert waits == [0.0]


def test_a_command_that_changes_the_ledger_waits_then_names_the_holder(
        ledger_file: Path, held: OtherCopy, tmp_path: Path, capsys) -> None:
    before = ledger_file.read_bytes()
    status = main(["--db", str(ledger_file), "--wait", "0.5", "print", "settings", "--place",
                   "Yên Bình"])
    err = capsys.readouterr().err
    assert status == 2
    assert "Lan" in err and "0.5 giây" in err and "Traceback" not in err
    assert ledger_file.read_bytes() == before
    # Reading needs no lock: the check runs while the other copy writes.
    assert main(["--db", str(ledger_file), "check"]) == 0
    assert "Sổ dữ liệu đúng" in capsys.readouterr().out


def test_a_command_that_only_reads_does_not_wait_for_the_writer(
        ledger_file: Path, held: OtherCopy, capsys, monkeypatch) -> None:
    waits: list[float] = []
    taking = writer_lock.acquire

    def acquire(path: Path, **options: object) -> writer_lock.WriterLock:
        waits.append(float(options.get("wait", 0.0)))  # type: ignore[arg-type]
        return taking(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(writer_lock, "acquire", acquire)
    assert main(["--db", str(ledger_file), "--wait", "30", "check"]) == 0
    assert "Sổ dữ liệu đúng" in capsys.readouterr().out
    assert waits == [0.0]  # read-only at once, not after the 30 seconds a change would wait


def test_a_command_that_changes_the_ledger_goes_ahead_when_the_writer_leaves(
        ledger_file: Path, held: OtherCopy, capsys) -> None:
    import threading

    threading.Timer(0.5, held.close).start()
    status = main(["--db", str(ledger_file), "--wait", "60", "print", "settings", "--place",
                   "Yên Bình"])
    assert status == 0, capsys.readouterr().err


def test_a_restore_over_a_ledger_another_copy_writes_is_refused(ledger_file: Path,
                                                                held: OtherCopy,
                                                                tmp_path: Path) -> None:
    from desktop.models import backups
    from desktop.models.errors import LedgerError
    from desktop.models.restore import restore_backup

    copy = backups.make_backup(ledger_file, kind=backups.Kind.MANUAL, policy=backups.Policy(),
                               target=tmp_path / "usb.sqlite").path
    before = ledger_file.read_bytes()
    with pytest.raises(LedgerError) as refused:
        restore_backup(copy, ledger_file, over=True, policy=backups.Policy())
    assert "Lan" in str(refused.value) and "đóng sổ ở đó" in str(refused.value)
    assert ledger_file.read_bytes() == before
