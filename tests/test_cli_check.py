"""``commune-ledger demo`` and ``commune-ledger check``: a sound demo ledger, and a damaged one
that the check finds and fails on."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import copy_place, execute_sql, place_maker

from desktop.cli import main
from desktop.i18n import _
from desktop.models import clock

DEMO_CODES = {"TKVV01", "TKVV02", "TK01", "TK02", "CLB01", "CLB02"}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory, request) -> str:  # type: ignore[no-untyped-def]
    """The demo built once through the command line (its own pinned day)."""
    place = place_maker(request, tmp_path_factory.mktemp("cli"))("demo")
    clock.pin(dt.datetime(2026, 11, 23, 9, 0))
    try:
        assert main(["--db", place, "demo"]) == 0
    finally:
        clock.pin(None)
    return place


def test_check_of_the_demo_prints_each_group_sound_and_exits_0(demo_file, capsys):
    status = main(["--db", str(demo_file), "check"])
    out = capsys.readouterr().out
    assert status == 0
    rows = [line.split() for line in out.splitlines() if line.split()[:1] and
            line.split()[0] in DEMO_CODES]
    assert {row[0] for row in rows} == DEMO_CODES
    verdict = _("sound").split()
    assert all(row[-1 - len(verdict):] == ["0", *verdict] for row in rows)


def test_check_json_reports_every_group_with_a_zero_trial_balance(demo_file, capsys):
    assert main(["--db", str(demo_file), "check", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["sound"] is True and result["problems"] == []
    assert {g["code"] for g in result["groups"]} == DEMO_CODES
    assert all(g["trial_balance"] == 0 and g["sound"] for g in result["groups"])


def test_check_finds_an_unbalanced_line_and_exits_1(demo_file, tmp_path, capsys, request):
    damaged = copy_place(request, demo_file, tmp_path, "damaged")
    [(event_id, group_id, day)] = execute_sql(
        damaged, "SELECT e.id, e.group_id, e.date FROM events e JOIN groups g ON g.id = "
        "e.group_id WHERE g.code = 'TK01' ORDER BY e.id LIMIT 1")
    execute_sql(damaged, "INSERT INTO journal_lines (event_id, group_id, date, account, amount) "
                "VALUES (:event, :group, :day, 'cash', 5000)", event=event_id, group=group_id,
                day=day)
    status = main(["--db", str(damaged), "check", "--json"])
    result = json.loads(capsys.readouterr().out)
    assert status == 1 and result["sound"] is False
    broken = {g["code"]: g for g in result["groups"] if not g["sound"]}
    assert set(broken) == {"TK01"}
    assert broken["TK01"]["trial_balance"] == 5_000
    assert any(str(event_id) in problem for problem in broken["TK01"]["problems"])

    assert main(["--db", str(damaged), "check"]) == 1
    out = capsys.readouterr().out
    tk01 = next(line for line in out.splitlines() if line.startswith("TK01"))
    assert "5.000" in tk01


def test_demo_refuses_a_ledger_with_data_unless_forced(demo_file, tmp_path, capsys, request):
    ledger = copy_place(request, demo_file, tmp_path, "again")
    assert main(["--db", str(ledger), "demo"]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["--db", str(ledger), "demo", "--force"]) == 0
    assert main(["--db", str(ledger), "check"]) == 0


def test_a_wrong_command_line_is_explained_in_vietnamese(capsys) -> None:
    from desktop.cli import main as run

    with pytest.raises(SystemExit) as stopped:
        run(["shareout"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "Cách dùng:" in err and "Lệnh không hợp lệ: còn thiếu: CODE" in err


@pytest.mark.sqlite_only("a text file named as a ledger; a server's twin is in "
                         "test_server_ledger.py")
def test_a_file_that_is_not_a_ledger_is_refused_in_one_line(tmp_path, capsys) -> None:
    from desktop.cli import main as run

    not_a_ledger = tmp_path / "ghi_chu.sqlite"
    not_a_ledger.write_text("không phải sổ dữ liệu", encoding="utf-8")
    assert run(["--db", str(not_a_ledger), "check"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (f"Tệp {not_a_ledger} không phải là sổ dữ liệu của Sổ Quỹ Cộng Đồng, "
                           "hoặc tệp đã bị hỏng.")
    assert not_a_ledger.read_text(encoding="utf-8") == "không phải sổ dữ liệu"


def test_an_unforeseen_error_is_one_sentence_and_the_details_go_to_the_log(
        tmp_path, capsys, monkeypatch) -> None:
    from desktop.cli import main as run
    from desktop.commands import check as check_command

    monkeypatch.setenv("COMMUNE_LEDGER_CONFIG_DIR", str(tmp_path / "config"))

    def broken(_options):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    import logging

    monkeypatch.setattr(check_command, "run", broken)
    before = list(logging.getLogger().handlers)
    try:
        assert run(["--db", str(tmp_path / "l.sqlite"), "check"]) == 1
    finally:
        for handler in logging.getLogger().handlers[:]:
            if handler not in before:  # leave the process's logging as it was
                logging.getLogger().removeHandler(handler)
                handler.close()
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "a bug" in (tmp_path / "config" / "commune-ledger.log").read_text(encoding="utf-8")
