"""Restoring a backup (issue 10): into a new file, or over a ledger only on purpose and after
a backup of it; a damaged, foreign or newer backup is refused and nothing is written. The
``backup`` and ``restore`` commands say so in Vietnamese."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from conftest import make_hoa_sen, with_admin
from sqlalchemy import text

from desktop.cli import main
from desktop.models import backups, registry
from desktop.models.backups import Kind, Policy
from desktop.models.database import open_ledger, open_new_ledger
from desktop.models.errors import LedgerError
from desktop.models.restore import restore_backup

PASSPHRASE = "Hội LHPN xã Yên Bình"


@pytest.fixture
def hoa_sen_ledger(tmp_path: Path) -> Path:
    path = tmp_path / "so-quy.sqlite"
    ledger = open_new_ledger(path, with_admin)  # the commands below sign in
    with ledger.session() as session:
        make_hoa_sen(session)
    ledger.close()
    return path


@pytest.fixture
def backup(hoa_sen_ledger: Path, tmp_path: Path) -> Path:
    """A backup of Hoa Sen alone; the ledger then gets a second commune."""
    usb = tmp_path / "usb"
    usb.mkdir()
    path = backups.make_backup(hoa_sen_ledger, kind=Kind.MANUAL, policy=Policy(),
                               target=usb / "hoa-sen.sqlite").path
    ledger = open_ledger(hoa_sen_ledger)
    with ledger.session() as session:
        registry.get_or_create_commune(session, "04322", "Xã Yên Lạc")
    ledger.close()
    return path


def communes(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return [name for (name,) in connection.execute("SELECT name FROM communes ORDER BY 1")]


def test_a_backup_is_restored_into_a_new_ledger(backup: Path, tmp_path: Path) -> None:
    target = tmp_path / "khoi-phuc" / "so-moi.sqlite"
    done = restore_backup(backup, target, over=False, policy=Policy())
    assert done.before is None and done.check_problems == 0
    assert done.contents.groups == 1 and done.contents.members == 4
    assert communes(target) == ["Xã Yên Bình"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["so-moi.sqlite"]
    open_ledger(target).close()


def test_restoring_never_writes_over_a_file_without_over(backup: Path,
                                                         hoa_sen_ledger: Path) -> None:
    before = hoa_sen_ledger.read_bytes()
    with pytest.raises(LedgerError, match="--over"):
        restore_backup(backup, hoa_sen_ledger, over=False, policy=Policy())
    assert hoa_sen_ledger.read_bytes() == before


def test_restoring_over_a_ledger_backs_it_up_first(backup: Path, hoa_sen_ledger: Path) -> None:
    policy = Policy()
    assert communes(hoa_sen_ledger) == ["Xã Yên Bình", "Xã Yên Lạc"]
    done = restore_backup(backup, hoa_sen_ledger, over=True, policy=policy)
    assert communes(hoa_sen_ledger) == ["Xã Yên Bình"]
    assert done.before is not None and done.before.kind is Kind.BEFORE_RESTORE
    assert done.before.ok and communes(done.before.path) == ["Xã Yên Bình", "Xã Yên Lạc"]
    # The ledger is still a ledger in its own right: it opens, writes and checks.
    ledger = open_ledger(hoa_sen_ledger)
    with ledger.session() as session:
        registry.get_or_create_commune(session, "04323", "Xã Yên Thịnh")
    ledger.close()
    with closing(sqlite3.connect(hoa_sen_ledger)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_restoring_over_the_ledger_open_in_this_process_shares_its_lock(
        backup: Path, hoa_sen_ledger: Path) -> None:
    window = open_ledger(hoa_sen_ledger)  # as the window holds it
    try:
        restore_backup(backup, hoa_sen_ledger, over=True, policy=Policy())
        # The open ledger reads what was restored: SQLite sees the file changed.
        with window.session() as session:
            assert session.scalars(text("SELECT name FROM communes")).all() == ["Xã Yên Bình"]
    finally:
        window.close()


def test_a_backup_is_never_restored_over_another_programs_file(backup: Path,
                                                               tmp_path: Path) -> None:
    photo = tmp_path / "anh.sqlite"
    with closing(sqlite3.connect(photo)) as connection, connection:
        connection.execute("CREATE TABLE photos (id INTEGER)")
    before = photo.read_bytes()
    with pytest.raises(LedgerError, match="không phải sổ dữ liệu"):
        restore_backup(backup, photo, over=True, policy=Policy())
    assert photo.read_bytes() == before


@pytest.mark.parametrize("damage", ["cut short", "not a ledger", "newer schema"])
def test_a_bad_backup_is_refused_and_nothing_is_written(backup: Path, hoa_sen_ledger: Path,
                                                        tmp_path: Path, damage: str) -> None:
    bad = tmp_path / "hong.sqlite"
    if damage == "cut short":
        bad.write_bytes(backup.read_bytes()[:len(backup.read_bytes()) // 2])
    elif damage == "not a ledger":
        bad.write_bytes(b"PK\x03\x04 a workbook, not a backup")
    else:
        shutil.copy(backup, bad)
        with closing(sqlite3.connect(bad)) as connection, connection:
            connection.execute("UPDATE alembic_version SET version_num = 'f00d_from_2030'")
    before = hoa_sen_ledger.read_bytes()
    for target, over in ((hoa_sen_ledger, True), (tmp_path / "moi.sqlite", False)):
        with pytest.raises(LedgerError) as refused:
            restore_backup(bad, target, over=over, policy=Policy())
        assert str(bad) in str(refused.value)
    assert hoa_sen_ledger.read_bytes() == before
    assert not (tmp_path / "moi.sqlite").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_an_encrypted_backup_restores_with_its_passphrase(hoa_sen_ledger: Path,
                                                          tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    encrypted = backups.make_backup(hoa_sen_ledger, kind=Kind.MANUAL, policy=Policy(),
                                    target=usb, passphrase=PASSPHRASE).path
    target = tmp_path / "so-moi.sqlite"
    with pytest.raises(LedgerError, match="Mật khẩu không đúng"):
        restore_backup(encrypted, target, over=False, policy=Policy(), passphrase="sai rồi!!")
    assert not target.exists()
    restore_backup(encrypted, target, over=False, policy=Policy(), passphrase=PASSPHRASE)
    assert communes(target) == ["Xã Yên Bình"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# -- the commands -----------------------------------------------------------------------------
def run(capsys: pytest.CaptureFixture[str], *arguments: object) -> tuple[int, str, str]:
    status = main([str(argument) for argument in arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_backup_and_restore_commands(hoa_sen_ledger: Path, tmp_path: Path, capsys) -> None:
    usb = tmp_path / "usb"
    status, out, err = run(capsys, "--db", hoa_sen_ledger, "backup", f"{usb}/")
    assert status == 0, err
    assert "Đã sao lưu" in out and "1 nhóm" in out
    [copy] = list(usb.iterdir())
    status, _out, err = run(capsys, "--db", hoa_sen_ledger, "backup", copy)
    assert status == 2 and "Đã có tệp" in err
    target = tmp_path / "so-moi.sqlite"
    status, out, err = run(capsys, "--db", hoa_sen_ledger, "restore", copy, "--to", target)
    assert status == 0, err
    assert "Đã khôi phục" in out and communes(target) == ["Xã Yên Bình"]
    status, _out, err = run(capsys, "--db", hoa_sen_ledger, "restore", copy, "--to", target)
    assert status == 2 and "--over" in err
    status, _out, err = run(capsys, "--db", hoa_sen_ledger, "restore", copy)
    assert status == 2 and "--to" in err
    status, out, err = run(capsys, "--db", hoa_sen_ledger, "restore", copy, "--over")
    assert status == 0, err
    assert "được sao lưu trước" in out
    status, out, _err = run(capsys, "--db", hoa_sen_ledger, "backups")
    assert status == 0 and "before-restore" in out


def test_encrypted_backups_from_the_command_line(hoa_sen_ledger: Path, tmp_path: Path, capsys,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMUNE_LEDGER_BACKUP_PASSPHRASE", PASSPHRASE)
    target = tmp_path / "usb" / "so.sqlite.enc"
    target.parent.mkdir()
    status, _out, err = run(capsys, "--db", hoa_sen_ledger, "backup", "--encrypt", target)
    assert status == 0, err
    monkeypatch.setenv("COMMUNE_LEDGER_BACKUP_PASSPHRASE", "không phải mật khẩu")
    status, _out, err = run(capsys, "--db", hoa_sen_ledger, "restore", target, "--to",
                            tmp_path / "moi.sqlite")
    assert status == 2 and "Mật khẩu không đúng" in err and "Traceback" not in err
    damaged = bytearray(target.read_bytes())
    damaged[-100] ^= 0xFF
    target.write_bytes(bytes(damaged))
    monkeypatch.setenv("COMMUNE_LEDGER_BACKUP_PASSPHRASE", PASSPHRASE)
    status, _out, err = run(capsys, "--db", hoa_sen_ledger, "restore", target, "--to",
                            tmp_path / "moi.sqlite")
    assert status == 2 and "đã bị hỏng" in err
    assert not (tmp_path / "moi.sqlite").exists()
