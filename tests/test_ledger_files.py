"""A ledger is made only when asked (issue 9 item 4): ``--db`` with a mistyped path, an empty
file, a folder or another program's database is refused, naming it, and left as it was; the
``new`` and ``demo`` commands make ledgers and never replace what is not one."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from conftest import with_admin
from sqlalchemy import func, select

from desktop.cli import main
from desktop.models.database import (
    LedgerExists,
    LedgerNotFound,
    NotALedger,
    create_ledger,
    default_db_path,
    open_ledger,
    open_new_ledger,
)
from desktop.models.group import Group
from desktop.models.ledger_file import FileKind, probe
from desktop.models.organisation import Commune

pytestmark = pytest.mark.sqlite_only("what a path holds: files, folders, SQLite databases; a "
                                     "server's twins are in test_server_ledger.py")


@pytest.fixture(autouse=True)
def own_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's data and configuration folders are this test's own."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "data"))
    monkeypatch.setenv("COMMUNE_LEDGER_CONFIG_DIR", str(tmp_path / "config"))


def run(capsys: pytest.CaptureFixture[str], *arguments: object) -> tuple[int, str, str]:
    status = main([str(argument) for argument in arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def other_programs_database(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        connection.execute("INSERT INTO contacts VALUES ('Chị Lan', '0912 345 678')")
    return path


def tables_in(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as connection:
        return {name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}


# ------------------------------------------------------------------ what a path holds


def test_probe_tells_each_kind_of_file_apart(tmp_path: Path) -> None:
    empty = tmp_path / "trong.sqlite"
    empty.touch()
    letter = tmp_path / "thu.sqlite"
    letter.write_text("Kính gửi chị Hoa", encoding="utf-8")
    blank = tmp_path / "blank.db"
    with closing(sqlite3.connect(blank)) as connection:
        connection.execute("PRAGMA user_version = 7")
    ledger = tmp_path / "so.sqlite"
    open_new_ledger(ledger, with_admin).close()
    assert probe(tmp_path / "khong-co.sqlite") is FileKind.MISSING
    assert probe(tmp_path) is FileKind.FOLDER
    assert probe(empty) is FileKind.EMPTY
    assert probe(letter) is FileKind.NOT_SQLITE
    assert probe(blank) is FileKind.EMPTY_DATABASE
    assert probe(other_programs_database(tmp_path / "danh-ba.db")) is FileKind.FOREIGN
    assert probe(ledger) is FileKind.LEDGER


# ------------------------------------------------------------------ opening never makes


def test_a_mistyped_path_is_refused_naming_it_and_no_file_is_made(tmp_path, capsys) -> None:
    typo = tmp_path / "so-qyu.sqlite"
    status, _out, err = run(capsys, "--db", typo, "check")
    assert status == 2
    assert err == (f"Không có tệp sổ dữ liệu {typo}. Hãy kiểm tra lại thư mục và tên tệp; muốn "
                   f"tạo sổ mới ở đó: commune-ledger new {typo}\n")
    assert not typo.exists()
    assert list(tmp_path.glob("so-qyu*")) == []


def test_a_mistyped_folder_is_not_made_either(tmp_path, capsys) -> None:
    typo = tmp_path / "Xa Yen Bihn" / "so.sqlite"
    status, _out, err = run(capsys, "--db", typo, "shareout", "HS01")
    assert status == 2 and str(typo) in err
    assert not typo.parent.exists()


def test_an_empty_file_is_refused_and_stays_empty(tmp_path, capsys) -> None:
    empty = tmp_path / "so-moi.sqlite"
    empty.touch()
    status, _out, err = run(capsys, "--db", empty, "consolidated", "--quarter", "2026Q3")
    assert status == 2
    assert err == (f"Tệp {empty} trống, không phải là sổ dữ liệu của Sổ Quỹ Cộng Đồng.\n")
    assert empty.read_bytes() == b""


def test_another_programs_database_is_refused_and_left_as_it_was(tmp_path, capsys) -> None:
    contacts = other_programs_database(tmp_path / "danh-ba.sqlite")
    before = contacts.read_bytes()
    status, _out, err = run(capsys, "--db", contacts, "check")
    assert status == 2
    assert str(contacts) in err and "chương trình khác" in err
    assert contacts.read_bytes() == before
    assert tables_in(contacts) == {"contacts"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["danh-ba.sqlite"]  # no -wal, no -shm


def test_an_empty_sqlite_database_and_a_folder_are_refused(tmp_path) -> None:
    blank = tmp_path / "blank.sqlite"
    with closing(sqlite3.connect(blank)) as connection:
        connection.execute("PRAGMA user_version = 7")
    with pytest.raises(NotALedger, match="cơ sở dữ liệu trống"):
        open_ledger(blank)
    assert tables_in(blank) == set()
    with pytest.raises(NotALedger, match="thư mục"):
        open_ledger(tmp_path)


def test_without_db_the_missing_default_ledger_is_explained_not_made(capsys) -> None:
    status, _out, err = run(capsys, "check")
    assert status == 2
    assert str(default_db_path()) in err
    assert "commune-ledger new" in err and "commune-ledger demo" in err
    assert not default_db_path().exists()


def test_open_ledger_raises_not_found_with_the_full_path(tmp_path) -> None:
    with pytest.raises(LedgerNotFound) as raised:
        open_ledger(tmp_path / "x.sqlite")
    assert raised.value.location == str(tmp_path / "x.sqlite")


# ------------------------------------------------------------------ new


def test_new_makes_an_empty_ledger_with_its_commune(tmp_path, capsys) -> None:
    target = tmp_path / "Xã Yên Bình" / "sổ quỹ.sqlite"
    status, out, _err = run(capsys, "new", target, "--admin", "admin", "--commune", "04321",
                            "--commune-name", "Xã Yên Bình", "--province", "Tỉnh Thái Nguyên")
    assert status == 0
    assert f"Đã tạo sổ dữ liệu mới {target}." in out
    ledger = open_ledger(target)
    try:
        with ledger.session() as session:
            assert session.execute(select(Commune.code, Commune.name, Commune.province)
                                   ).all() == [("04321", "Xã Yên Bình", "Tỉnh Thái Nguyên")]
            assert session.scalar(select(func.count(Group.id))) == 0
    finally:
        ledger.close()
    # Only the ledger: no temporary file, no journal left beside it.
    assert sorted(p.name for p in target.parent.iterdir()) == ["sổ quỹ.sqlite"]


def test_new_without_a_file_makes_the_default_ledger_that_commands_then_use(capsys) -> None:
    status, _out, _err = run(capsys, "new", "--admin", "admin")
    assert status == 0 and probe(default_db_path()) is FileKind.LEDGER
    status, out, _err = run(capsys, "check")
    assert status == 0 and "0 nhóm" in out


def test_new_never_replaces_an_existing_file(tmp_path, capsys) -> None:
    ledger = tmp_path / "so.sqlite"
    assert run(capsys, "new", ledger, "--admin", "admin", "--commune", "04321",
               "--commune-name", "Xã Yên Bình")[0] == 0
    contacts = other_programs_database(tmp_path / "danh-ba.sqlite")
    for existing in (ledger, contacts):
        before = existing.read_bytes()
        status, _out, err = run(capsys, "new", existing, "--admin", "admin")
        assert status == 2
        assert err == (f"Tệp {existing} đã có; sổ dữ liệu mới chỉ được tạo ở chỗ chưa có tệp "
                       "nào.\n")
        assert existing.read_bytes() == before


def test_new_refuses_a_bad_commune_code_and_makes_nothing(tmp_path, capsys) -> None:
    target = tmp_path / "so.sqlite"
    status, _out, err = run(capsys, "new", target, "--admin", "admin", "--commune", "4321",
                            "--commune-name", "X")
    assert status == 2 and "4321" in err
    assert list(tmp_path.glob("*so.sqlite*")) == []


# ------------------------------------------------------------------ demo


def test_demo_force_never_replaces_another_programs_file(tmp_path, capsys) -> None:
    contacts = other_programs_database(tmp_path / "danh-ba.sqlite")
    before = contacts.read_bytes()
    status, _out, err = run(capsys, "--db", contacts, "demo", "--force")
    assert status == 2 and str(contacts) in err
    assert contacts.read_bytes() == before


def test_demo_refuses_an_empty_file_without_force(tmp_path, capsys) -> None:
    empty = tmp_path / "demo.sqlite"
    empty.touch()
    status, _out, err = run(capsys, "--db", empty, "demo")
    assert status == 2 and str(empty) in err
    assert empty.read_bytes() == b""


def test_demo_fills_a_new_empty_ledger_where_it_is(tmp_path, capsys) -> None:
    target = tmp_path / "demo.sqlite"
    open_new_ledger(target, with_admin).close()
    status, out, _err = run(capsys, "--db", target, "demo")
    assert status == 0 and "6 nhóm" in out


def test_create_ledger_refuses_where_a_file_is(tmp_path) -> None:
    target = tmp_path / "so.sqlite"
    target.write_text("ghi chú", encoding="utf-8")
    with pytest.raises(LedgerExists):
        create_ledger(target)
    with pytest.raises(NotALedger):
        create_ledger(target, replace=True)
    assert target.read_text(encoding="utf-8") == "ghi chú"
