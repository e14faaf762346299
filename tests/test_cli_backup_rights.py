"""Backups and whole copies of a ledger from the command line sign in like every other
command (issue 10 with the data safety work): ``backup`` and ``backups`` need a clerk or
above, ``restore --over`` the administrator of the ledger it replaces, ``copy-ledger`` the
administrator of the ledger copied. Restoring into a new file signs in to nothing: the ledger
it makes keeps the backup's own users."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import add_test_user, make_hoa_sen, with_admin

from desktop.cli import main
from desktop.models.database import Ledger, open_ledger, open_new_ledger
from desktop.models.permissions import Role

pytestmark = pytest.mark.sqlite_only("backups are copies of a ledger file")


def run(capsys, *arguments: object) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    status = main([str(argument) for argument in arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def communes(path: Path) -> list[str]:
    ledger = open_ledger(path)
    try:
        with ledger.session() as session:
            from desktop.models.organisation import Commune

            return sorted(commune.name for commune in session.query(Commune))
    finally:
        ledger.close()


@pytest.fixture
def db(ledger: Ledger) -> Path:
    """Hoa Sen's ledger, with a viewer, a clerk and a board member besides its administrator."""
    with ledger.session() as session:
        make_hoa_sen(session)
    add_test_user(ledger, "xem", Role.VIEWER)
    add_test_user(ledger, "lan", Role.CLERK)
    add_test_user(ledger, "hoa", Role.BOARD)
    return Path(str(ledger.engine.url.database))


def test_a_clerk_backs_up_and_lists_the_backups_and_a_viewer_may_not(capsys, db: Path,
                                                                     tmp_path: Path) -> None:
    refused = tmp_path / "xem.sqlite"
    status, _out, err = run(capsys, "--db", db, "--user", "xem", "backup", refused)
    assert status == 2 and "xem không được sao lưu" in err and not refused.exists()
    status, _out, err = run(capsys, "--db", db, "--user", "xem", "backups")
    assert status == 2 and "xem không được sao lưu" in err
    made = tmp_path / "lan.sqlite"
    status, out, err = run(capsys, "--db", db, "--user", "lan", "backup", made)
    assert status == 0, err
    assert made.exists() and "lan.sqlite" in out
    assert run(capsys, "--db", db, "--user", "lan", "backups")[0] == 0


def test_only_the_administrator_restores_over_a_ledger(capsys, db: Path,
                                                       tmp_path: Path) -> None:
    copy = tmp_path / "usb.sqlite"
    assert run(capsys, "--db", db, "backup", copy)[0] == 0
    ledger = open_ledger(db)
    with ledger.session() as session:
        from desktop.models import registry

        registry.get_or_create_commune(session, "04322", "Xã Yên Lạc")
    ledger.close()
    for user in ("lan", "hoa"):
        status, _out, err = run(capsys, "--db", db, "--user", user, "restore", copy, "--over")
        assert status == 2 and f"{user} không được khôi phục" in err
        assert communes(db) == ["Xã Yên Bình", "Xã Yên Lạc"]
    status, _out, err = run(capsys, "--db", db, "restore", copy, "--over")
    assert status == 0, err
    assert communes(db) == ["Xã Yên Bình"]


def test_a_backup_is_restored_into_a_new_file_without_any_ledger_to_sign_in_to(
        capsys, db: Path, tmp_path: Path, monkeypatch) -> None:
    copy = tmp_path / "usb.sqlite"
    assert run(capsys, "--db", db, "backup", copy)[0] == 0
    # A new computer: no ledger in the data folder, nobody to sign in as there.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "may-moi"))
    monkeypatch.delenv("COMMUNE_LEDGER_PASSWORD")
    target = tmp_path / "may-moi.sqlite"
    status, _out, err = run(capsys, "restore", copy, "--to", target)
    assert status == 0, err
    # The ledger made keeps the backup's users: signing in there is as before.
    monkeypatch.setenv("COMMUNE_LEDGER_PASSWORD", "admin-demo")
    assert run(capsys, "--db", target, "--user", "lan", "check")[0] == 0


def test_only_the_administrator_copies_a_whole_ledger(capsys, db: Path,
                                                      tmp_path: Path) -> None:
    target = tmp_path / "ban-sao.sqlite"
    status, _out, err = run(capsys, "--user", "hoa", "copy-ledger", db, target)
    assert status == 2 and "hoa không được sao chép" in err and not target.exists()
    status, _out, err = run(capsys, "copy-ledger", db, target)
    assert status == 0, err
    assert communes(target) == ["Xã Yên Bình"]


def test_a_ledger_from_before_users_is_backed_up_only_once_it_has_its_administrator(
        capsys, tmp_path: Path) -> None:
    old = tmp_path / "cu.sqlite"
    open_new_ledger(old).close()
    status, _out, err = run(capsys, "--db", old, "backup", tmp_path / "cu-sao-luu.sqlite")
    assert status == 2 and "users add" in err
    fresh = tmp_path / "moi.sqlite"
    open_new_ledger(fresh, with_admin).close()
    assert run(capsys, "--db", fresh, "backup", tmp_path / "moi-sao-luu.sqlite")[0] == 0
