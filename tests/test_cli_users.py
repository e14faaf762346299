"""Signing in on the command line, the rights table, and the users, audit and anonymise
commands."""

from __future__ import annotations

import argparse
import csv
import json

import pytest
from conftest import TEST_PASSWORD, add_test_user, db_arg, make_hoa_sen
from sqlalchemy import select, text

from desktop.cli import main
from desktop.commands import access
from desktop.models.audit import AuditEntry
from desktop.models.database import open_ledger, open_new_ledger
from desktop.models.permissions import Role
from desktop.models.users import User


def run(capsys, *arguments: object) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    status = main([str(argument) for argument in arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def sleeps(monkeypatch) -> list[float]:  # type: ignore[no-untyped-def]
    waited: list[float] = []
    monkeypatch.setattr(access, "sleeper", waited.append)
    return waited


@pytest.fixture
def db(ledger) -> str:  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        make_hoa_sen(session)
    return db_arg(ledger)


def test_every_command_signs_in_and_the_sign_in_is_logged(capsys, db) -> None:
    status, out, _err = run(capsys, "--db", db, "check")
    assert status == 0 and "HS01" in out
    ledger = open_ledger(db)
    with ledger.session() as session:
        assert session.scalar(select(AuditEntry.user).where(AuditEntry.action == "sign_in")) \
            == "admin"
    ledger.close()


def test_a_wrong_password_is_refused_after_a_wait(capsys, db, sleeps, monkeypatch) -> None:
    monkeypatch.setenv("COMMUNE_LEDGER_PASSWORD", "sai mật khẩu")
    status, out, err = run(capsys, "--db", db, "check")
    assert (status, out) == (2, "")
    assert err.strip() == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert sleeps == [1.0]


def test_no_password_and_no_terminal_is_refused_with_the_way_to_give_one(
        capsys, db, monkeypatch) -> None:
    monkeypatch.delenv("COMMUNE_LEDGER_PASSWORD")
    status, _out, err = run(capsys, "--db", db, "check")
    assert status == 2 and "COMMUNE_LEDGER_PASSWORD" in err


def test_a_viewer_may_read_but_not_change_or_read_the_log(capsys, db, ledger, tmp_path) -> None:
    add_test_user(ledger, "xem", Role.VIEWER)
    assert run(capsys, "--db", db, "--user", "xem", "check")[0] == 0
    assert run(capsys, "--db", db, "--user", "xem", "shareout", "HS01")[0] == 0
    status, _out, err = run(capsys, "--db", db, "--user", "xem", "audit", "export",
                            tmp_path / "log.csv")
    assert status == 2 and "xem" in err
    status, _out, err = run(capsys, "--db", db, "--user", "xem", "users", "list")
    assert status == 2 and "quản lý người dùng" in err
    status, _out, err = run(capsys, "--db", db, "--user", "xem", "export-group", "HS01",
                            tmp_path / "hs.xlsx", "--with-personal-data")
    assert status == 2 and not (tmp_path / "hs.xlsx").exists()


# Commands that make a ledger or a blank workbook: there is no ledger to sign in to.
NO_SIGN_IN = {"new", "demo", "template"}


def command_keys() -> set[str]:
    """Every command of the command line as ``RIGHTS`` names it (``print slips``…)."""
    from desktop.cli import build_parser

    [commands] = [action for action in build_parser()._actions
                  if isinstance(action, argparse._SubParsersAction)]
    keys: set[str] = set()
    for name, command in commands.choices.items():
        nested = [action for action in command._actions
                  if isinstance(action, argparse._SubParsersAction)]
        keys |= {f"{name} {inner}" for inner in nested[0].choices} if nested else {name}
    return keys


def test_the_rights_table_names_every_command_and_an_unknown_one_needs_the_admin() -> None:
    from desktop.cli import build_parser

    opening = {key for key in command_keys() if key.split()[0] not in NO_SIGN_IN}
    assert {"check", "print slips", "users add", "backup", "backups", "restore",
            "copy-ledger"} <= opening
    assert opening - set(access.RIGHTS) == set()
    assert set(access.RIGHTS) - opening == set()  # no row for a command that is gone
    parser = build_parser()
    options = parser.parse_args(["check"])
    assert access.needed(options).value == "read"
    options = parser.parse_args(["close-cycle", "HS01"])
    assert access.needed(options).value == "share_out"
    assert access.needed(parser.parse_args(["backup", "usb.sqlite"])).value == "back_up"
    assert access.needed(parser.parse_args(["copy-ledger", "a", "b"])).value == "copy_ledger"
    options.command = "merge-ledgers"  # a command nobody put in the table yet
    assert access.needed(options).value == "manage_users"


def test_new_makes_the_administrator_first(capsys, tmp_path) -> None:
    target = tmp_path / "moi.sqlite"
    status, _out, _err = run(capsys, "new", target, "--admin", "Hoa", "--admin-name",
                            "Nguyễn Thị Hoa")
    assert status == 0
    ledger = open_ledger(target)
    with ledger.session() as session:
        [user] = session.scalars(select(User)).all()
        assert (user.name, user.display_name, user.role) == ("hoa", "Nguyễn Thị Hoa", "admin")
    ledger.close()
    assert run(capsys, "--db", target, "--user", "hoa", "check")[0] == 0


def test_new_refuses_a_short_password_and_makes_nothing(capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("COMMUNE_LEDGER_PASSWORD", "ngan")
    target = tmp_path / "moi.sqlite"
    status, _out, err = run(capsys, "new", target, "--admin", "admin")
    assert status == 2 and "8" in err and not target.exists()


def test_a_ledger_without_users_is_refused_until_its_administrator_is_made(
        capsys, tmp_path, monkeypatch) -> None:
    path = tmp_path / "cu.sqlite"
    open_new_ledger(path).close()  # as a ledger from before users
    status, _out, err = run(capsys, "--db", path, "check")
    assert status == 2 and "users add" in err
    status, _out, err = run(capsys, "--db", path, "users", "add", "lan", "--role", "clerk")
    assert status == 2 and "users add" in err
    monkeypatch.setenv("COMMUNE_LEDGER_NEW_PASSWORD", "mat-khau-hoa")
    status, out, _err = run(capsys, "--db", path, "users", "add", "hoa", "--role", "admin")
    assert status == 0 and "hoa" in out
    # Once: now the ledger has a user, and every command signs in.
    status, _out, err = run(capsys, "--db", path, "users", "add", "lan", "--role", "admin")
    assert status == 2
    monkeypatch.setenv("COMMUNE_LEDGER_PASSWORD", "mat-khau-hoa")
    assert run(capsys, "--db", path, "--user", "hoa", "check")[0] == 0


def test_the_administrator_manages_users_from_the_command_line(capsys, db, monkeypatch) -> None:
    monkeypatch.setenv("COMMUNE_LEDGER_NEW_PASSWORD", "mat-khau-lan")
    assert run(capsys, "--db", db, "users", "add", "lan", "--role", "clerk",
               "--display-name", "Trần Thị Lan")[0] == 0
    assert run(capsys, "--db", db, "users", "role", "lan", "board")[0] == 0
    assert run(capsys, "--db", db, "users", "disable", "lan")[0] == 0
    status, out, _err = run(capsys, "--db", db, "users", "list", "--json")
    users = {user["name"]: user for user in json.loads(out)}
    assert (users["lan"]["role"], users["lan"]["disabled"]) == ("board", True)
    assert "password" not in json.dumps(users)
    monkeypatch.setenv("COMMUNE_LEDGER_PASSWORD", "mat-khau-lan")
    status, _out, err = run(capsys, "--db", db, "--user", "lan", "check")
    assert status == 2 and "khóa" in err
    monkeypatch.setenv("COMMUNE_LEDGER_PASSWORD", TEST_PASSWORD)
    assert run(capsys, "--db", db, "users", "enable", "lan")[0] == 0
    assert run(capsys, "--db", db, "users", "settings", "--lock-minutes", "5")[0] == 0
    status, out, _err = run(capsys, "--db", db, "users", "settings", "--json")
    assert json.loads(out) == {"lock_minutes": 5, "retention_years": 5}


def test_the_audit_log_is_exported_with_its_hashes_and_the_export_is_logged(
        capsys, db, tmp_path) -> None:
    target = tmp_path / "nhat-ky.csv"
    status, out, _err = run(capsys, "--db", db, "audit", "export", target)
    assert status == 0 and target.name in out
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][:3] == ["STT", "Thời gian", "Người dùng"]
    assert any(row[4] == "Tạo nhóm" and row[5] == "HS01" for row in rows[1:])
    assert all(len(row[-1]) == 64 for row in rows[1:])
    status, out, _err = run(capsys, "--db", db, "audit", "list", "--kind",
                            "disclose_personal_data", "--json")
    [entry] = json.loads(out)
    assert "audit_log" in entry["details"]


def test_check_fails_on_an_audit_log_edited_outside_the_application(capsys, db) -> None:
    ledger = open_ledger(db)
    with ledger.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET details = '{}' WHERE id = 2"))
    ledger.close()
    status, out, _err = run(capsys, "--db", db, "check")
    assert status == 1 and "mục 2" in out


def test_anonymise_from_the_command_line_needs_the_board(capsys, db, ledger) -> None:
    add_test_user(ledger, "lan", Role.CLERK)
    status, _out, err = run(capsys, "--db", db, "--user", "lan", "anonymise", "HS01", "TV01")
    assert status == 2 and "lan" in err
    status, _out, err = run(capsys, "--db", db, "anonymise", "HS01", "TV01")
    assert status == 2 and "vẫn là thành viên" in err


def test_changing_the_print_settings_is_in_the_audit_log(capsys, db) -> None:
    assert run(capsys, "--db", db, "print", "settings", "--preparer", "Nguyễn Thị Hoa")[0] == 0
    ledger = open_ledger(db)
    with ledger.session() as session:
        entry = session.scalar(select(AuditEntry).where(
            AuditEntry.action == "change_settings"))
        assert entry.user == "admin"
        assert json.loads(entry.details)["changes"]["preparer_name"][1] == "Nguyễn Thị Hoa"
    ledger.close()


def test_printing_members_slips_is_in_the_audit_log_as_personal_data(capsys, ledger,
                                                                      tmp_path) -> None:
    import datetime as dt

    from desktop.models import meetings
    from desktop.models.permissions import SYSTEM

    with ledger.session() as session:
        group = make_hoa_sen(session)
        meetings.create_meeting(session, group, dt.date(2026, 2, 1), SYSTEM)
    add_test_user(ledger, "xem", Role.VIEWER)
    db = db_arg(ledger)
    status, _out, _err = run(capsys, "--db", db, "--user", "xem", "print", "slips", "HS01",
                             "--meeting", "01/02/2026", "--out", tmp_path / "phieu.pdf")
    assert status == 0
    with ledger.session() as session:
        entry = session.scalar(select(AuditEntry).where(
            AuditEntry.action == "disclose_personal_data"))
        assert (entry.user, json.loads(entry.details)["document"]) == ("xem", "slips")
        assert entry.group_id == session.scalar(select(AuditEntry.group_id).where(
            AuditEntry.action == "create_group"))
