"""``commune-ledger export-group`` and ``import-group`` (DESIGN §7): one Vietnamese line on
success; on problems one line each on stderr, exit 1, nothing imported."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import db_arg, make_hoa_sen, with_admin
from openpyxl import load_workbook
from sqlalchemy import func, select

from desktop.cli import main
from desktop.models import meetings
from desktop.models.database import Ledger, open_ledger, open_new_ledger
from desktop.models.group import Group
from desktop.models.meetings import Entry
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM


@pytest.fixture
def hoa_sen_file(ledger: Ledger) -> str:
    """A ledger holding Hoa Sen with one meeting (An borrows) and one still open."""
    with ledger.session() as session:
        group = make_hoa_sen(session)
        ids = {m.code: m.id for m in session.scalars(select(Member))}
        first = meetings.create_meeting(session, group, dt.date(2026, 1, 8), SYSTEM)
        for code in ids:
            meetings.save_entry(session, first, Entry(ids[code], shares=3, social_fund=2000),
                                SYSTEM)
        meetings.record_count(session, first, 248_000, "", SYSTEM)
        meetings.close_meeting(session, first, SYSTEM)
        second = meetings.create_meeting(session, group, dt.date(2026, 1, 15), SYSTEM)
        meetings.save_entry(session, second, Entry(ids["TV01"], shares=1, new_loan=100_000),
                            SYSTEM)
    place = db_arg(ledger)
    ledger.close()
    return place


@pytest.fixture
def other_ledger(new_place: Callable[[str], str]) -> str:
    """Another commune's new ledger, to import into."""
    place = new_place("xa-khac")
    open_new_ledger(place, with_admin).close()
    return place


def groups_in(path: str) -> int:
    ledger = open_ledger(path)
    try:
        with ledger.session() as session:
            return int(session.scalar(select(func.count(Group.id))) or 0)
    finally:
        ledger.close()


def test_export_then_import_into_another_ledger_prints_one_line_each(
        hoa_sen_file: str, other_ledger: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    workbook = tmp_path / "HS01.xlsx"
    assert main(["--db", str(hoa_sen_file), "export-group", "HS01", str(workbook)]) == 0
    out = capsys.readouterr().out
    assert out == (f"Đã xuất nhóm HS01 (Nhóm TK&VV Hoa Sen) ra tệp {workbook}: 4 thành viên, "
                   "2 buổi họp.\n")
    assert load_workbook(workbook).sheetnames == ["Nhom", "ThanhVien", "BuoiHop", "TienMat"]

    other = other_ledger
    assert main(["--db", str(other), "import-group", str(workbook)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == ("Đã nhập nhóm HS01 (Nhóm TK&VV Hoa Sen): 4 thành viên, 2 buổi họp, "
                            "1 khoản vay; buổi họp ngày 15/01/2026 vẫn mở để nhập tiếp.\n")
    assert groups_in(other) == 1


def test_importing_a_group_already_there_exits_1_and_imports_nothing_more(
        hoa_sen_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = tmp_path / "HS01.xlsx"
    main(["--db", str(hoa_sen_file), "export-group", "HS01", str(workbook)])
    capsys.readouterr()
    assert main(["--db", str(hoa_sen_file), "import-group", str(workbook)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("HS01.xlsx: Ô B2 của trang Nhom: ")
    assert captured.err.count("\n") == 1
    assert groups_in(hoa_sen_file) == 1


def test_each_problem_is_printed_on_its_own_line(
        hoa_sen_file: str, other_ledger: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    workbook = tmp_path / "HS01.xlsx"
    main(["--db", str(hoa_sen_file), "export-group", "HS01", str(workbook)])
    book = load_workbook(workbook)
    book["BuoiHop"]["F2"] = -2000
    book["BuoiHop"]["B3"] = "TV09"
    book.save(workbook)
    capsys.readouterr()
    other = other_ledger
    assert main(["--db", str(other), "import-group", str(workbook)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("HS01.xlsx: Ô F2 của trang BuoiHop: ")
    assert lines[1].startswith("HS01.xlsx: Ô B3 của trang BuoiHop: ")
    assert groups_in(other) == 0


def test_import_can_answer_in_json(hoa_sen_file: str, other_ledger: str, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    workbook = tmp_path / "HS01.xlsx"
    main(["--db", str(hoa_sen_file), "export-group", "HS01", str(workbook)])
    capsys.readouterr()
    other = other_ledger
    assert main(["--db", str(other), "import-group", "--json", str(workbook)]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["imported"] is True and answer["group"] == "HS01"
    assert (answer["members"], answer["meetings"], answer["loans"]) == (4, 2, 1)
    assert answer["open_meeting"] == "2026-01-15" and answer["problems"] == []


def test_exporting_an_unknown_group_is_one_line_and_exit_2(
        hoa_sen_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(hoa_sen_file), "export-group", "XX9",
                 str(tmp_path / "x.xlsx")]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "XX9" in captured.err
    assert not (tmp_path / "x.xlsx").exists()


def test_a_file_that_is_not_a_workbook_is_refused_in_one_line(
        other_ledger: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "so-nhom.xlsx"
    fake.write_text("Mã nhóm;HS01\n", encoding="utf-8")
    other = other_ledger
    assert main(["--db", str(other), "import-group", str(fake)]) == 1
    assert capsys.readouterr().err.startswith("so-nhom.xlsx: ")
    assert groups_in(other) == 0


def test_history_without_a_cash_sheet_imports_with_a_note_and_checks_sound(
        hoa_sen_file: str, other_ledger: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    workbook = tmp_path / "HS01.xlsx"
    main(["--db", str(hoa_sen_file), "export-group", "HS01", str(workbook)])
    book = load_workbook(workbook)
    del book["TienMat"]  # typed from a paper book that never recorded a count
    book.save(workbook)
    capsys.readouterr()
    other = other_ledger
    assert main(["--db", str(other), "import-group", "--json", str(workbook)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["counted_as_expected"] == ["2026-01-08"]
    assert captured.err == ("Lưu ý: sổ nhóm không có số tiền mặt kiểm đếm của 1 buổi họp đã "
                            "khóa sổ (từ 08/01/2026 đến 08/01/2026); mỗi buổi được ghi là đếm "
                            "được đúng bằng số tiền phải có theo sổ.\n")
    assert main(["--db", str(other), "check"]) == 0


def test_two_processes_importing_one_group_at_once_import_it_once(
        hoa_sen_file: str, other_ledger: str, tmp_path: Path) -> None:
    """Whichever comes second is told the group exists, never the message of an error
    nobody foresaw."""
    workbook = tmp_path / "HS01.xlsx"
    main(["--db", str(hoa_sen_file), "export-group", "HS01", str(workbook)])
    other = other_ledger  # the ledger exists; only the two imports race
    command = [sys.executable, "-m", "desktop", "--db", str(other), "import-group",
               str(workbook)]
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=environment) for _ in range(2)]
    results = sorted((run.wait(timeout=120), run.stderr.read() if run.stderr else "")
                     for run in runs)
    for run in runs:
        for stream in (run.stdout, run.stderr):
            if stream:
                stream.close()
    assert [status for status, _err in results] == [0, 1]
    assert "đã có nhóm mã HS01" in results[1][1]
    assert "Traceback" not in results[1][1]
    assert groups_in(other) == 1
