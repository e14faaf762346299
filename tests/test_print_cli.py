"""``commune-ledger print …``: PDF files from the command line, continuation recorded once
the clerk confirms the print with its code, clear refusals."""

from __future__ import annotations

import json
import re

import pytest
from conftest import db_arg, make_hoa_sen
from print_fixtures import (
    MARCH,
    MAY,
    NEXT_MEETING,
    hold_meeting,
    hold_story,
    members_by_code,
    page_sizes_mm,
    pdf_text,
)
from sqlalchemy import select

from desktop.cli import main
from desktop.commands.common import find_group
from desktop.models import meetings
from desktop.models.meeting import Meeting
from desktop.models.meetings import Entry
from desktop.models.passbook_state import PassbookState
from desktop.models.permissions import SYSTEM, Actor, Role
from desktop.models.print_settings import load_print_settings

BOARD = Actor("Chị Hoa (trưởng nhóm)", Role.BOARD)


@pytest.fixture
def story_ledger(ledger):  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        hold_story(session, make_hoa_sen(session))
    return ledger


def _run(ledger, *arguments: str) -> int:  # type: ignore[no-untyped-def]
    return main(["--db", db_arg(ledger), "print", *arguments])


def _code(output: str) -> str:
    """The code the print gave for --mark-printed."""
    [code] = re.findall(r"--mark-printed ([A-Z0-9]{4}-[A-Z0-9]{4})", output)
    return code


def _printed(ledger) -> list[int]:  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        return sorted(state.lines_printed for state in session.query(PassbookState).all())


def test_print_passbooks_writes_the_pdf_and_records_the_lines_once_confirmed(
        story_ledger, tmp_path, capsys) -> None:
    out = tmp_path / "so.pdf"
    assert _run(story_ledger, "passbooks", "HS01", "--out", str(out)) == 0
    output = capsys.readouterr().out
    assert "4" in output
    assert len(pdf_text(out.read_bytes())) == 4
    assert _printed(story_ledger) == []  # written is not printed: nothing recorded yet
    assert _run(story_ledger, "passbooks", "HS01", "--mark-printed", _code(output)) == 0
    assert "12" in capsys.readouterr().out
    assert _printed(story_ledger) == [3, 3, 3, 3]
    # Nothing new: no file, a plain message.
    again = tmp_path / "again.pdf"
    assert _run(story_ledger, "passbooks", "HS01", "--out", str(again)) == 0
    assert not again.exists()
    assert capsys.readouterr().out.strip()
    with story_ledger.session() as session:
        hold_meeting(session, find_group(session, "HS01"), MAY, NEXT_MEETING)
    assert _run(story_ledger, "passbooks", "HS01", "--member", "TV02", "--out", str(again),
                "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["members"] == ["TV02"] and report["lines"] == 1 and report["pages"] == 1
    assert report["marked_printed"] is False and report["refused"] == []
    text = pdf_text(again.read_bytes())[0]
    assert "07/05/26" in text and "05/02/26" not in text
    assert _run(story_ledger, "passbooks", "HS01", "--member", "TV02", "--mark-printed",
                report["mark_printed_code"].lower(), "--json") == 0
    assert json.loads(capsys.readouterr().out)["marked_printed"] is True
    assert _printed(story_ledger) == [3, 3, 3, 4]


def test_a_code_that_no_longer_matches_the_books_records_nothing(story_ledger, tmp_path,
                                                                  capsys) -> None:
    assert _run(story_ledger, "passbooks", "HS01", "--out", str(tmp_path / "so.pdf")) == 0
    code = _code(capsys.readouterr().out)
    with story_ledger.session() as session:  # a meeting closed after the file was made
        hold_meeting(session, find_group(session, "HS01"), MAY, NEXT_MEETING)
    assert _run(story_ledger, "passbooks", "HS01", "--mark-printed", code) == 2
    assert code in capsys.readouterr().err
    assert _printed(story_ledger) == []
    assert _run(story_ledger, "passbooks", "HS01") == 2  # neither --out nor --mark-printed


def test_a_booklet_with_a_changed_line_is_refused_until_reprinted_from_its_page(
        story_ledger, tmp_path, capsys) -> None:
    out = tmp_path / "so.pdf"
    _run(story_ledger, "passbooks", "HS01", "--out", str(out))
    _run(story_ledger, "passbooks", "HS01", "--mark-printed", _code(capsys.readouterr().out))
    with story_ledger.session() as session:
        group = find_group(session, "HS01")
        meeting = session.scalar(select(Meeting).where(Meeting.group_id == group.id,
                                                       Meeting.date == MARCH))
        meetings.reopen_meeting(session, meeting, BOARD, "Ghi nhầm")
        an = members_by_code(session, group)["TV01"]
        meetings.save_entry(session, meeting, Entry(member_id=an.id, shares=1,
                                                    social_fund=2_000), SYSTEM)
        meetings.record_count(session, meeting, meetings.cash_panel(
            session, meeting).expected_closing, "", SYSTEM)
        meetings.close_meeting(session, meeting, SYSTEM)
        hold_meeting(session, group, MAY, NEXT_MEETING)
    capsys.readouterr()
    assert _run(story_ledger, "passbooks", "HS01", "--out", str(out), "--json") == 1
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["refused"] == [{"member": "TV01", "name": "Nguyễn Thị An", "line": 2,
                                  "page": 1, "reprint_from_page": 1}]
    assert report["members"] == ["TV02", "TV03", "TV04"]  # the others are printed
    assert "Nguyễn Thị An (TV01)" in captured.err and "05/03/2026" in captured.err
    assert "Traceback" not in captured.err
    # Recording the others leaves An's flag up: still refused.
    assert _run(story_ledger, "passbooks", "HS01", "--mark-printed",
                report["mark_printed_code"]) == 1
    capsys.readouterr()
    assert _run(story_ledger, "passbooks", "HS01", "--member", "TV01", "--out", str(out)) == 1
    assert "TV01" in capsys.readouterr().err
    # Reprinted from booklet page 1 and confirmed: the booklet is right again.
    assert _run(story_ledger, "passbooks", "HS01", "--member", "TV01", "--from-page", "1",
                "--out", str(out)) == 0
    output = capsys.readouterr().out
    text = pdf_text(out.read_bytes())[0]
    assert "SỔ THÀNH VIÊN" in text and "05/02/26" in text and "07/05/26" in text
    assert _run(story_ledger, "passbooks", "HS01", "--member", "TV01", "--from-page", "1",
                "--mark-printed", _code(output)) == 0
    capsys.readouterr()
    assert _run(story_ledger, "passbooks", "HS01", "--out", str(tmp_path / "x.pdf")) == 0
    assert not (tmp_path / "x.pdf").exists()


def test_print_passbooks_reprint_prints_the_whole_booklet(story_ledger, tmp_path,
                                                          capsys) -> None:
    out = tmp_path / "so.pdf"
    _run(story_ledger, "passbooks", "HS01", "--out", str(out))
    _run(story_ledger, "passbooks", "HS01", "--mark-printed", _code(capsys.readouterr().out))
    assert _run(story_ledger, "passbooks", "HS01", "--member", "TV01", "--reprint",
                "--out", str(out)) == 0
    assert "05/02/26" in pdf_text(out.read_bytes())[0]


def test_print_the_other_forms(story_ledger, tmp_path) -> None:
    cases = {
        "slips.pdf": ["slips", "HS01", "--meeting", "02/04/2026"],
        "shareout.pdf": ["shareout", "HS01"],
        "group.pdf": ["quarterly", "HS01", "--quarter", "2026Q2"],
        "commune.pdf": ["quarterly", "--commune", "--quarter", "2026Q2"],
        "loans.pdf": ["register", "loans", "HS01", "--from", "01/01/2026", "--to",
                      "30/06/2026"],
        "cash.pdf": ["register", "cash", "HS01", "--from", "01/01/2026", "--to", "30/06/2026"],
        "members.pdf": ["register", "members", "HS01", "--from", "01/01/2026", "--to",
                        "30/06/2026"],
        "calibration.pdf": ["calibration", "--format", "A5"],
    }
    for name, arguments in cases.items():
        out = tmp_path / name
        assert _run(story_ledger, *arguments, "--out", str(out)) == 0, name
        assert out.read_bytes().startswith(b"%PDF"), name
    assert "BẢNG TẤT TOÁN CHU KỲ" in pdf_text((tmp_path / "shareout.pdf").read_bytes())[0]
    assert "BÁO CÁO QUÝ II NĂM 2026" in pdf_text((tmp_path / "commune.pdf").read_bytes())[0]
    assert page_sizes_mm((tmp_path / "calibration.pdf").read_bytes()) == [(148, 210)]


def test_print_settings_are_stored_in_the_ledger(story_ledger, capsys) -> None:
    assert _run(story_ledger, "settings", "--format", "A5", "--offset-x", "1.5",
                "--preparer", "Hoàng Thị Lan", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["passbook_format"] == "A5" and shown["offset_x_mm"] == 1.5
    with story_ledger.session() as session:
        settings = load_print_settings(session)
    assert (settings.passbook_format, settings.preparer_name) == ("A5", "Hoàng Thị Lan")
    assert _run(story_ledger, "settings", "--offset-y", "45") == 2
    assert "30" in capsys.readouterr().err


@pytest.mark.parametrize("arguments", [
    ["passbooks", "XX01"],
    ["slips", "HS01", "--meeting", "03/04/2026"],
    ["quarterly", "--quarter", "2026Q3"],
    ["passbooks", "HS01", "--member", "TV99"],
    ["register", "cash", "HS01", "--from", "30/06/2026", "--to", "01/01/2026"],
])
def test_bad_requests_say_why_on_one_line(story_ledger, tmp_path, capsys, arguments) -> None:
    out = tmp_path / "x.pdf"
    assert _run(story_ledger, *arguments, "--out", str(out)) == 2
    error = capsys.readouterr().err.strip()
    assert error and "Traceback" not in error and len(error.splitlines()) == 1
    assert not out.exists()


def test_a_quarter_that_is_not_a_quarter_is_refused(story_ledger, tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        _run(story_ledger, "quarterly", "HS01", "--quarter", "2026Q5", "--out",
             str(tmp_path / "x.pdf"))
    assert stopped.value.code == 2
    assert "2026Q5" in capsys.readouterr().err
