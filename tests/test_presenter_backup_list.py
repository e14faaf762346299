"""The restore list without a display: each backup's date, why it was made, what it holds,
its size and its check, in the clerk's words; and the new file a backup is restored into."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.models.backups import (
    BackupFile,
    BackupRecord,
    Contents,
    Kind,
    Verification,
    format_size,
)
from desktop.presenters.backup_list import restored_name, row_of

PASSED = Verification()


def record(path: Path, verification: Verification = PASSED) -> BackupRecord:
    return BackupRecord(path, dt.datetime(2026, 11, 22, 17, 5), Kind.CLOSE, "so-quy.sqlite",
                        2_850_816, contents=Contents("0005", ("Xã Yên Bình",), 6, 183,
                                                     dt.date(2026, 11, 20)),
                        verification=verification)


def test_a_backup_row_says_when_why_what_and_how_it_checked(tmp_path: Path) -> None:
    path = tmp_path / "so-quy-20261122-170500-close.sqlite"
    row = row_of(BackupFile(path, dt.datetime(2026, 11, 22, 17, 5), Kind.CLOSE, 2_850_816,
                            record(path)))
    assert (row.made, row.kind, row.holds, row.size, row.check) == (
        "22/11/2026 17:05", "khi đóng", "6 nhóm, buổi họp gần nhất 20/11/2026", "2,7 MB",
        "đạt")
    assert row.sound is True


def test_a_failed_or_unrecorded_backup_says_so(tmp_path: Path) -> None:
    path = tmp_path / "so-quy-20261122-170500-close.sqlite"
    failed = row_of(BackupFile(path, dt.datetime(2026, 11, 22, 17, 5), Kind.CLOSE, 1000,
                               record(path, Verification(differing=("members",)))))
    assert failed.sound is False and failed.check.startswith("không đạt: ")
    assert "members" in failed.check
    unknown = row_of(BackupFile(path, dt.datetime(2026, 11, 22, 17, 5), Kind.DAILY, 1000,
                                None))
    assert unknown.sound is None and unknown.holds == "—" and unknown.check == "chưa rõ"


def test_sizes_are_written_the_vietnamese_way() -> None:
    assert format_size(640 * 1024) == "640 KB"
    assert format_size(2_850_816) == "2,7 MB"
    assert format_size(100) == "0 KB"  # rounded: a file of a few bytes is no size


def test_a_backup_is_restored_beside_the_ledger_under_a_new_name(tmp_path: Path) -> None:
    ledger = tmp_path / "so-quy.sqlite"
    path = tmp_path / "backups" / "so-quy-20261122-170500-close.sqlite"
    row = row_of(BackupFile(path, dt.datetime(2026, 11, 22, 17, 5), Kind.CLOSE, 1000, None))
    assert restored_name(ledger, row) == tmp_path / "so-quy-khoi-phuc-20261122.sqlite"
    (tmp_path / "so-quy-khoi-phuc-20261122.sqlite").write_bytes(b"")
    assert restored_name(ledger, row) == tmp_path / "so-quy-khoi-phuc-20261122-2.sqlite"
