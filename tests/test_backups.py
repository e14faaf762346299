"""Backups (DESIGN.md §8, issue 10): copies made with SQLite's online backup from one instant
of the ledger, verified (integrity, the ledger's check, row counts), recorded, rotated, and
refused when they fail; encrypted copies for a USB stick."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from conftest import make_hoa_sen
from sqlalchemy import select
from test_database import PROBE_REVISION, head_revision

from desktop.models import backup_crypto, backups, clock, database, meetings, registry
from desktop.models.backups import Kind, Policy
from desktop.models.database import MIGRATIONS_DIR, open_ledger, open_new_ledger
from desktop.models.errors import LedgerError
from desktop.models.group import Group
from desktop.models.meetings import Entry
from desktop.models.permissions import SYSTEM


@pytest.fixture
def hoa_sen_ledger(tmp_path: Path) -> Path:
    """A ledger file holding the Hoa Sen group, closed."""
    path = tmp_path / "so-quy.sqlite"
    ledger = open_new_ledger(path)
    with ledger.session() as session:
        make_hoa_sen(session)
    ledger.close()
    return path


def count(path: Path, table: str) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_a_backup_is_verified_recorded_and_holds_the_ledger(hoa_sen_ledger: Path) -> None:
    policy = Policy()
    record = backups.make_backup(hoa_sen_ledger, kind=Kind.DAILY, policy=policy)
    assert record.ok and record.kept
    assert record.path == hoa_sen_ledger.parent / "backups" / \
        "so-quy-20261123-090000-daily.sqlite"
    assert record.verification.integrity == "ok" and record.verification.check_problems == 0
    assert record.contents.groups == 1 and record.contents.members == 4
    assert record.contents.communes == ("Xã Yên Bình",)
    assert count(record.path, "members") == 4
    # The copy stands alone: no write-ahead log beside it, nothing temporary left.
    assert sorted(p.name for p in record.path.parent.iterdir()) == [
        "so-quy-20261123-090000-daily.sqlite", "so-quy.backups.jsonl"]
    assert backups.history(hoa_sen_ledger, policy) == [record]
    assert backups.last_failure(hoa_sen_ledger, policy) is None
    assert backups.backed_up_today(hoa_sen_ledger, policy)


def test_a_backup_is_one_instant_of_a_ledger_being_written(hoa_sen_ledger: Path) -> None:
    # A clerk's save in progress (not committed) is not in the copy, and the counts the copy
    # is compared with are those of the same instant.
    writer = sqlite3.connect(hoa_sen_ledger, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM audit_log")
    record = backups.make_backup(hoa_sen_ledger, kind=Kind.CLOSE, policy=Policy())
    writer.execute("ROLLBACK")
    writer.close()
    assert record.ok
    assert count(record.path, "audit_log") == count(hoa_sen_ledger, "audit_log") > 0


def test_a_copy_that_fails_its_verification_is_not_kept_and_the_failure_is_recorded(
        hoa_sen_ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = backups.row_counts

    def one_row_lost(connection: sqlite3.Connection) -> dict[str, int]:
        counts = real(connection)
        if "-daily" not in str(connection.execute("PRAGMA database_list").fetchone()[2]):
            counts["members"] -= 1  # what the copy holds differs from the ledger
        return counts

    monkeypatch.setattr(backups, "row_counts", one_row_lost)
    policy = Policy()
    record = backups.make_backup(hoa_sen_ledger, kind=Kind.DAILY, policy=policy)
    assert not record.ok and not record.kept
    assert record.verification.differing == ("members",)
    assert not record.path.exists()
    assert backups.automatic_backups(hoa_sen_ledger, policy) == []
    assert backups.last_failure(hoa_sen_ledger, policy) == record
    assert "members" in " ".join(record.verification.findings())
    assert not backups.backed_up_today(hoa_sen_ledger, policy)


def test_the_ledgers_own_check_is_part_of_the_verification(hoa_sen_ledger: Path) -> None:
    ledger = open_ledger(hoa_sen_ledger)
    with ledger.session() as session:
        group = session.scalars(select(Group)).one()
        meeting = meetings.create_meeting(session, group, dt.date(2026, 1, 8), SYSTEM)
        for member in group.members:
            meetings.save_entry(session, meeting, Entry(member.id, shares=2), SYSTEM)
    ledger.close()
    with closing(sqlite3.connect(hoa_sen_ledger)) as connection, connection:
        # One đồng more on one line: SQLite sees nothing wrong, the books do not balance.
        connection.execute("UPDATE journal_lines SET amount = amount + 1 WHERE id = "
                           "(SELECT min(id) FROM journal_lines)")
    record = backups.make_backup(hoa_sen_ledger, kind=Kind.DAILY, policy=Policy())
    assert record.verification.integrity == "ok" and not record.verification.differing
    assert record.verification.check_problems
    assert "HS01" in record.verification.first_problem
    assert not record.ok and not record.path.exists()


@pytest.fixture
def next_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The application as its next version ships it: one more migration after the head."""
    scripts = tmp_path / "migrations"
    shutil.copytree(database.MIGRATIONS_DIR, scripts,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "zz_probe.py").write_text(
        PROBE_REVISION.format(down=head_revision()), encoding="utf-8")
    monkeypatch.setattr(database, "MIGRATIONS_DIR", scripts)


def test_an_older_ledger_is_not_migrated_when_its_backup_fails(
        hoa_sen_ledger: Path, next_version: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backups, "verify_copy", lambda copy, counts: backups.Verification(
        integrity="row 3 missing from index ix_events_group_date"))
    with pytest.raises(LedgerError) as refused:
        open_ledger(hoa_sen_ledger)
    assert "không được nâng cấp" in str(refused.value)
    assert "ix_events_group_date" in str(refused.value)
    with closing(sqlite3.connect(hoa_sen_ledger)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(MIGRATIONS_DIR),)
    assert backups.automatic_backups(hoa_sen_ledger, Policy()) == []


def test_automatic_backups_keep_the_first_and_last_of_recent_days_and_one_a_month(
        hoa_sen_ledger: Path) -> None:
    policy = Policy(keep_daily=2, keep_monthly=3)
    moments = [dt.datetime(2026, month, day, hour) for month, day, hour in (
        (7, 3, 8), (8, 5, 8), (8, 20, 8), (9, 10, 8), (9, 10, 12),
        (11, 21, 8), (11, 22, 8), (11, 22, 12), (11, 22, 17))]
    made = []
    for moment in moments:
        clock.pin(moment)
        made.append(backups.make_backup(hoa_sen_ledger, kind=Kind.DAILY, policy=policy).path)
    kept = {item.path for item in backups.automatic_backups(hoa_sen_ledger, policy)}
    names = {path.name[len("so-quy-"):-len("-daily.sqlite")] for path in kept}
    assert names == {
        "20261121-080000",  # the newest two days: 21/11…
        "20261122-080000", "20261122-170000",  # …and 22/11, its first and its last
        "20260910-120000", "20260820-080000",  # the newest of September and of August
        # (November's newest is kept already; July is the fourth month back)
    }


def test_backups_of_two_ledgers_in_one_folder_are_kept_apart(tmp_path: Path,
                                                             hoa_sen_ledger: Path) -> None:
    other = tmp_path / "so-quy-2.sqlite"
    shutil.copy(hoa_sen_ledger, other)
    policy = Policy(folder=tmp_path / "chung")
    first = backups.make_backup(hoa_sen_ledger, kind=Kind.DAILY, policy=policy)
    second = backups.make_backup(other, kind=Kind.DAILY, policy=policy)
    assert [item.path for item in backups.automatic_backups(hoa_sen_ledger, policy)] == [
        first.path]
    assert [item.path for item in backups.automatic_backups(other, policy)] == [second.path]


def test_a_manual_backup_never_overwrites_a_file(hoa_sen_ledger: Path, tmp_path: Path) -> None:
    existing = tmp_path / "usb" / "sao-luu.sqlite"
    existing.parent.mkdir()
    existing.write_bytes(b"the clerk's photo")
    with pytest.raises(LedgerError, match="Đã có tệp"):
        backups.make_backup(hoa_sen_ledger, kind=Kind.MANUAL, policy=Policy(), target=existing)
    assert existing.read_bytes() == b"the clerk's photo"
    record = backups.make_backup(hoa_sen_ledger, kind=Kind.MANUAL, policy=Policy(),
                                 target=existing.parent)
    assert record.path == existing.parent / "so-quy-20261123-0900.sqlite"


def test_a_full_disk_while_backing_up_names_the_backup_and_leaves_nothing(
        hoa_sen_ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(source: Path, target: Path) -> dict[str, int]:
        target.write_bytes(b"half")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups, "copy_ledger", disk_full)
    usb = tmp_path / "usb"
    usb.mkdir()
    with pytest.raises(LedgerError) as refused:
        backups.make_backup(hoa_sen_ledger, kind=Kind.MANUAL, policy=Policy(), target=usb)
    assert "đã đầy" in str(refused.value) and str(usb) in str(refused.value)
    assert list(usb.iterdir()) == []
    assert backups.last_failure(hoa_sen_ledger, Policy()) is not None


def test_the_backup_before_a_migration_goes_through_the_same_verified_path(
        hoa_sen_ledger: Path, next_version: None, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[Kind] = []
    real = backups.make_backup

    def spy(source: Path, **options):  # type: ignore[no-untyped-def]
        made.append(options["kind"])
        return real(source, **options)

    monkeypatch.setattr(backups, "make_backup", spy)
    policy = Policy(folder=hoa_sen_ledger.parent / "sao lưu")
    database.open_ledger(hoa_sen_ledger, backups=policy).close()
    assert made == [Kind.MIGRATION]
    [item] = backups.automatic_backups(hoa_sen_ledger, policy)
    assert item.kind is Kind.MIGRATION and item.record is not None and item.record.ok
    assert item.record.contents.schema == head_revision(MIGRATIONS_DIR)
    # The ledger's check reads the current schema only: for the older copy it is not run.
    assert item.record.verification.check_problems is None


# -- encryption -------------------------------------------------------------------------------
PASSPHRASE = "Hội LHPN xã Yên Bình"


def encrypted_copy(ledger: Path, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    return backups.make_backup(ledger, kind=Kind.MANUAL, policy=Policy(), target=folder,
                               passphrase=PASSPHRASE).path


def test_an_encrypted_backup_opens_with_its_passphrase_only(hoa_sen_ledger: Path,
                                                             tmp_path: Path) -> None:
    path = encrypted_copy(hoa_sen_ledger, tmp_path / "usb")
    assert path.name == "so-quy-20261123-0900.sqlite.enc"
    data = path.read_bytes()
    assert b"SQLite format 3" not in data and "Nguyễn Thị An".encode() not in data
    assert list((tmp_path / "usb").iterdir()) == [path]  # no plain copy on the stick
    plain = tmp_path / "giai-ma.sqlite"
    with plain.open("wb") as handle:
        backup_crypto.decrypt_file(path, handle, PASSPHRASE)
    assert count(plain, "members") == 4
    # The same words typed with decomposed accents open it too.
    import unicodedata

    assert backup_crypto.plain_digest(path, unicodedata.normalize("NFD", PASSPHRASE))


def test_a_wrong_passphrase_is_told_apart_from_a_damaged_file(hoa_sen_ledger: Path,
                                                              tmp_path: Path) -> None:
    path = encrypted_copy(hoa_sen_ledger, tmp_path / "usb")
    with pytest.raises(backup_crypto.WrongPassphrase) as wrong:
        backup_crypto.plain_digest(path, "hội lhpn xã yên bình")
    assert "Mật khẩu" in str(wrong.value) and str(path) in str(wrong.value)
    data = path.read_bytes()
    damaged = {
        "a bit flipped inside": bytearray(data),
        "cut short": bytearray(data[:len(data) // 2]),
        "the header changed": bytearray(data),
        "bytes added at the end": bytearray(data + b"\0" * 10),
    }
    damaged["a bit flipped inside"][len(data) // 2] ^= 0x10
    damaged["the header changed"][12] ^= 0x01  # a byte of the salt
    for name, content in damaged.items():
        broken = tmp_path / f"{name}.enc"
        broken.write_bytes(bytes(content))
        with pytest.raises(backup_crypto.DamagedBackup) as refused:
            backup_crypto.plain_digest(broken, PASSPHRASE)
        assert "bị hỏng" in str(refused.value), name


def test_chunks_of_an_encrypted_backup_cannot_be_swapped_or_dropped(
        hoa_sen_ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import struct

    monkeypatch.setattr(backup_crypto, "CHUNK", 64 * 1024)
    buffer = io.BytesIO()
    backup_crypto.encrypt_file(hoa_sen_ledger, buffer, PASSPHRASE)
    data = buffer.getvalue()
    size = backup_crypto._HEADER.size
    check_length = struct.unpack(">H", data[size - 2:size])[0]
    header_end = size + check_length + backup_crypto.SEAL_BYTES
    chunks, position = [], header_end
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        chunks.append(data[position:position + 4 + length])
        position += 4 + length
    assert len(chunks) > 3
    for name, order in (("swapped", [chunks[1], chunks[0], *chunks[2:]]),
                        ("dropped", [chunks[0], *chunks[2:]]),
                        ("last dropped", chunks[:-1])):
        broken = tmp_path / f"{name}.enc"
        broken.write_bytes(data[:header_end] + b"".join(order))
        with pytest.raises(backup_crypto.DamagedBackup):
            backup_crypto.plain_digest(broken, PASSPHRASE)


def test_a_short_passphrase_is_refused_before_anything_is_written(hoa_sen_ledger: Path,
                                                                  tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    with pytest.raises(LedgerError, match="ít nhất 8"):
        backups.make_backup(hoa_sen_ledger, kind=Kind.MANUAL, policy=Policy(), target=usb,
                            passphrase="1234")
    assert list(usb.iterdir()) == []


def test_registry_changes_after_a_backup_are_not_in_it(hoa_sen_ledger: Path) -> None:
    record = backups.make_backup(hoa_sen_ledger, kind=Kind.DAILY, policy=Policy())
    ledger = open_ledger(hoa_sen_ledger)
    with ledger.session() as session:
        registry.get_or_create_commune(session, "04322", "Xã Yên Lạc")
    ledger.close()
    assert count(record.path, "communes") == 1 and count(hoa_sen_ledger, "communes") == 2


def test_what_a_killed_backup_left_is_swept_away_by_the_next(hoa_sen_ledger: Path) -> None:
    import os
    import subprocess
    import sys

    folder = hoa_sen_ledger.parent / "backups"
    folder.mkdir()
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    left = folder / f".so-quy-20261122-170000-close.sqlite.{ended.pid}-0123abcd.part"
    left.write_bytes(b"half a copy")
    os.utime(left, (0, 0))  # long ago
    fresh = folder / f".so-quy-20261123-085900-close.sqlite.{ended.pid}-4567abcd.part"
    fresh.write_bytes(b"a copy another computer is still writing")
    backups.make_backup(hoa_sen_ledger, kind=Kind.DAILY, policy=Policy())
    assert not left.exists() and fresh.exists()
