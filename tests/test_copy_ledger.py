"""``copy-ledger FROM TO``: a whole ledger copied to another place — to a new file or
database of the same engine on every run, and between a SQLite file and a PostgreSQL server,
both ways, on the server's run — with every row, balance and audit line intact: the same
fingerprint of every table and the same ``check`` on both sides. The target must be new
unless ``--replace`` says to replace a ledger there; a copy that fails leaves nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import execute_sql
from ledger_digest import count, digest
from return_builders import valid_return
from sqlalchemy import select

from desktop.cli import main
from desktop.demo import build_demo
from desktop.models import ledger_copy, meetings
from desktop.models.database import (
    LedgerExists,
    NotALedger,
    open_ledger,
    open_new_ledger,
)
from desktop.models.errors import LedgerError
from desktop.models.integrity import inspect_ledger
from desktop.models.journal import Event
from desktop.models.ledger_copy import copy_ledger
from desktop.models.meeting import Meeting
from desktop.models.meetings import Entry
from desktop.models.permissions import SYSTEM
from desktop.models.returns import QuarterlyReturn
from desktop.workbooks.return_files import import_return_file

TODAY = dt.date(2026, 11, 23)


def make_rich_ledger(place: str, folder: Path) -> None:
    """The demo commune, one row corrected (a reversal pointing at its entry), and a
    quarterly return imported twice (the first replaced by the second: a row pointing at a
    later one)."""
    ledger = open_new_ledger(place)
    try:
        with ledger.session() as session:
            build_demo(session, TODAY)
            meeting = session.scalars(select(Meeting).where(Meeting.status == "open")
                                      .order_by(Meeting.id)).first()
            assert meeting is not None
            [row, *_rest] = meetings.sheet(session, meeting)
            meetings.save_entry(session, meeting, Entry(row.member_id, fine=row.fine + 1_000),
                                SYSTEM)
            meetings.save_entry(session, meeting, Entry(row.member_id, fine=row.fine + 3_000),
                                SYSTEM)
        for prepared_by in ("Nguyễn Thị Hoa", "Trần Thị Mai"):
            path = valid_return(folder, f"04321-{len(prepared_by)}.xlsx",
                                **{"Người lập": prepared_by})
            assert not import_return_file(ledger, path, SYSTEM).problems
        assert count(ledger, select(Event).where(Event.reverses_id.is_not(None))) > 0
        assert count(ledger, select(QuarterlyReturn).where(
            QuarterlyReturn.replaced_by_id.is_not(None))) == 1
    finally:
        ledger.close()


def checked(place: str) -> tuple[object, ...]:
    """What ``check`` says of the ledger: each group's trial balance and problems."""
    ledger = open_ledger(place)
    try:
        with ledger.session() as session:
            result = inspect_ledger(session)
        return tuple((group.code, group.trial_balance, tuple(map(str, group.problems)))
                     for group in result.groups)
    finally:
        ledger.close()


def fingerprint(place: str) -> dict[str, tuple[int, str]]:
    ledger = open_ledger(place)
    try:
        return digest(ledger)
    finally:
        ledger.close()


def sqlite_place(folder: Path, name: str) -> str:
    return str(folder / f"{name}.sqlite")


@pytest.fixture
def rich(new_place: Callable[[str], str], tmp_path: Path) -> str:
    place = new_place("xa-yen-binh")
    make_rich_ledger(place, tmp_path)
    return place


def test_a_copy_has_every_row_of_every_table_and_checks_the_same(rich, new_place) -> None:
    copy = new_place("ban-sao")
    result = copy_ledger(rich, copy)
    assert fingerprint(copy) == fingerprint(rich)
    assert result.rows == {table: rows for table, (rows, _hash) in fingerprint(rich).items()}
    assert result.rows["journal_lines"] > 1_000 and result.rows["audit_log"] > 0
    assert checked(copy) == checked(rich)
    assert all(not problems for _code, _total, problems in checked(copy))


def test_a_copy_takes_new_entries_after_the_copied_ones(rich, new_place) -> None:
    copy = new_place("ban-sao")
    copy_ledger(rich, copy)
    ledger = open_ledger(copy)
    try:
        with ledger.session() as session:
            meeting = session.scalars(select(Meeting).where(Meeting.status == "open")
                                      .order_by(Meeting.id)).first()
            assert meeting is not None
            row = meetings.sheet(session, meeting)[1]
            saved = meetings.save_entry(session, meeting,
                                        Entry(row.member_id, fine=row.fine + 2_000), SYSTEM)
        assert saved.fine == row.fine + 2_000
    finally:
        ledger.close()


@pytest.mark.postgresql_only("a SQLite file and a server, both ways")
def test_a_file_copied_to_the_server_and_back_is_the_same_ledger(
        new_place, tmp_path, capsys) -> None:
    original = sqlite_place(tmp_path, "xa-yen-binh")
    make_rich_ledger(original, tmp_path)
    server = new_place("may-chu")  # a database of the server on this run
    assert "://" in server
    assert main(["copy-ledger", original, server]) == 0
    assert fingerprint(server) == fingerprint(original)
    assert checked(server) == checked(original)
    back = sqlite_place(tmp_path, "ve-lai")
    assert main(["copy-ledger", server, back]) == 0
    # Each copy-ledger signs in to what it copies: that sign-in is in the log copied too.
    assert fingerprint(back) == fingerprint(server)
    assert checked(back) == checked(original)
    out = capsys.readouterr().out
    assert out.count("\n") == 2 and "dòng bút toán" in out
    assert "@" in out and ":***@" in out  # the server named without its password


@pytest.mark.postgresql_only("a server's ids continue after a copy from a file")
def test_a_server_copy_gives_new_rows_new_ids(new_place, tmp_path) -> None:
    original = sqlite_place(tmp_path, "xa-yen-binh")
    make_rich_ledger(original, tmp_path)
    server = new_place("may-chu")
    copy_ledger(original, server)
    ledger = open_ledger(server)
    try:
        with ledger.session() as session:
            meeting = session.scalars(select(Meeting).where(Meeting.status == "open")
                                      .order_by(Meeting.id)).first()
            assert meeting is not None
            row = meetings.sheet(session, meeting)[1]
            meetings.save_entry(session, meeting, Entry(row.member_id, fine=row.fine + 2_000),
                                SYSTEM)
    finally:
        ledger.close()


def test_a_target_holding_a_ledger_is_refused_unless_replacing(rich, new_place, capsys) -> None:
    copy = new_place("ban-sao")
    open_new_ledger(copy).close()
    with pytest.raises(LedgerExists):
        copy_ledger(rich, copy)
    assert main(["copy-ledger", rich, copy]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["copy-ledger", rich, copy, "--replace"]) == 0
    assert fingerprint(copy) == fingerprint(rich)


def test_another_programs_data_is_never_replaced(rich, new_place) -> None:
    target = new_place("danh-ba")
    execute_sql(target, "CREATE TABLE contacts (name TEXT)")  # a file or a database
    with pytest.raises(NotALedger):
        copy_ledger(rich, target, replace=True)
    assert execute_sql(target, "SELECT count(*) FROM contacts") == [(0,)]


def test_a_copy_that_fails_half_way_leaves_nothing(rich, new_place, monkeypatch) -> None:
    target = new_place("hong")
    real = ledger_copy.copy_table

    def failing(reading, writing, table, progress=None):  # type: ignore[no-untyped-def]
        if table.name == "journal_lines":
            raise RuntimeError("mất điện giữa chừng")
        return real(reading, writing, table, progress)

    monkeypatch.setattr(ledger_copy, "copy_table", failing)
    with pytest.raises(RuntimeError):
        copy_ledger(rich, target)
    if "://" in target:
        assert execute_sql(target, "SELECT tablename FROM pg_tables "
                                   "WHERE schemaname = 'public'") == []
    else:
        assert not Path(target).exists()
        assert [p.name for p in Path(target).parent.iterdir() if ".part" in p.name] == []


def test_a_ledger_is_not_copied_onto_itself(rich) -> None:
    with pytest.raises(LedgerError):
        copy_ledger(rich, rich, replace=True)
    assert all(not problems for _code, _total, problems in checked(rich))


def test_the_copy_says_what_it_copied_in_one_line(rich, new_place, capsys) -> None:
    copy = new_place("ban-sao")
    assert main(["copy-ledger", rich, copy]) == 0
    [line] = capsys.readouterr().out.splitlines()
    lines = fingerprint(rich)["journal_lines"][0]
    assert line.startswith("Đã sao chép sổ dữ liệu") and f"{lines:,}".replace(",", ".") in line
