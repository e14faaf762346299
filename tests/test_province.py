"""A ledger of several communes (a province office's): group codes repeat from one commune to
the next, so a group is named COMMUNE/CODE, an ambiguous code is refused, and the check runs
for one group or one commune."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import with_admin
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from desktop.cli import main
from desktop.commands.common import find_group
from desktop.demo.province import build_commune, commune_code, small_plans
from desktop.models import registry
from desktop.models.database import Ledger, open_ledger, open_new_ledger
from desktop.models.enums import GroupKind
from desktop.models.errors import LedgerError
from desktop.models.group import Group
from desktop.models.integrity import inspect_ledger
from desktop.models.organisation import Commune
from desktop.models.permissions import SYSTEM
from desktop.progress import Progress

TODAY = dt.date(2026, 11, 23)


def make_province(path: Path, communes: int) -> Path:
    """``communes`` communes of three small groups each (a year of meetings)."""
    ledger = open_new_ledger(path, with_admin)  # the commands below sign in
    try:
        for index in range(communes):
            with ledger.session() as session:
                build_commune(session, index, TODAY, plans=small_plans(index, years=1))
    finally:
        ledger.close()
    return path


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return make_province(tmp_path_factory.mktemp("province") / "province.sqlite", 2)


@pytest.fixture
def opened(province: Path) -> Iterator[Ledger]:
    ledger = open_ledger(province)
    yield ledger
    ledger.close()


def test_communes_are_coded_from_10001_and_repeat_the_group_codes(opened: Ledger) -> None:
    with opened.session() as session:
        codes = session.execute(select(Commune.code, Group.code).join(
            Group, Group.commune_id == Commune.id).order_by(Commune.code, Group.code)).all()
    assert commune_code(0) == "10001"
    assert codes == [("10001", "CLB01"), ("10001", "TK01"), ("10001", "TKVV01"),
                     ("10002", "CLB01"), ("10002", "TK01"), ("10002", "TKVV01")]


def test_a_generated_province_passes_the_check(opened: Ledger) -> None:
    with opened.session() as session:
        report = inspect_ledger(session)
    assert report.all_problems == []
    assert len(report.groups) == 6
    # Group codes in the check's report say their commune: the ledger holds two.
    assert report.groups[0].code == "10001/CLB01"


def test_group_codes_are_unique_within_a_commune_not_across_communes(session) -> None:
    """The schema itself holds the rule, whatever writes the rows (the services refuse
    before it: ``registry.create_group``)."""
    first = registry.get_or_create_commune(session, "10001", "Xã Yên Tân")
    second = registry.get_or_create_commune(session, "10002", "Xã Tân Phú")
    for commune in (first, second):
        session.add(Group(commune_id=commune.id, code="TKVV02", name="Nhóm Hướng Dương",
                          kind=GroupKind.VSLA))
    session.flush()
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            session.add(Group(commune_id=first.id, code="TKVV02", name="Nhóm khác",
                              kind=GroupKind.VSLA))
            session.flush()
    with pytest.raises(LedgerError):
        registry.create_group(session, first, code="TKVV02", name="Nhóm khác",
                              kind=GroupKind.VSLA, start_date=dt.date(2026, 1, 1),
                              actor=SYSTEM, share_value=20_000)


def test_a_group_is_found_by_commune_and_code(opened: Ledger) -> None:
    with opened.session() as session:
        group = find_group(session, "10002/TKVV01")
        assert (group.commune.code, group.code) == ("10002", "TKVV01")
        assert find_group(session, "TKVV01", commune="10001").commune.code == "10001"
        assert find_group(session, " 10001 / TK01 ").code == "TK01"


def test_a_code_used_in_several_communes_is_refused_listing_them(opened: Ledger,
                                                                english: None) -> None:
    with opened.session() as session:
        with pytest.raises(LedgerError) as refused:
            find_group(session, "TKVV01")
        with pytest.raises(LedgerError) as wrong_place:
            find_group(session, "10001/TKVV01", commune="10002")
        with pytest.raises(LedgerError) as nowhere:
            find_group(session, "TKVV01", commune="10009")
    message = str(refused.value)
    assert "10001/TKVV01" in message and "10002/TKVV01" in message
    assert "COMMUNE/CODE" in message
    assert "10002" in str(wrong_place.value)
    assert "10009" in str(nowhere.value)


def test_the_share_out_command_refuses_an_ambiguous_code_and_takes_a_named_one(
        province: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(province), "shareout", "TKVV01"]) == 2
    error = capsys.readouterr().err
    assert "10001/TKVV01" in error and "10002/TKVV01" in error
    assert main(["--db", str(province), "shareout", "10002/TKVV01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["group"] == "TKVV01"
    assert main(["--db", str(province), "shareout", "TKVV01", "--commune", "10001",
                 "--json"]) == 0


def test_check_runs_for_one_group_or_one_commune(province: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(province), "check", "--group", "10002/TK01", "--json"]) == 0
    checked = json.loads(capsys.readouterr().out)
    assert [group["code"] for group in checked["groups"]] == ["TK01"]
    assert main(["--db", str(province), "check", "--commune", "10001", "--json"]) == 0
    checked = json.loads(capsys.readouterr().out)
    assert [group["code"] for group in checked["groups"]] == ["CLB01", "TK01", "TKVV01"]
    assert main(["--db", str(province), "check", "--commune", "10009"]) == 2


def test_check_shows_its_progress_on_a_terminal(province: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["--db", str(province), "check"]) == 0
    error = capsys.readouterr().err
    assert "10001" in error and "6" in error


def test_check_reports_progress_batch_by_batch(opened: Ledger, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop.models import integrity

    monkeypatch.setattr(integrity, "BATCH", 2)
    steps: list[tuple[int, int]] = []
    with opened.session() as session:
        inspect_ledger(session, progress=Progress(lambda done, total, _text:
                                                  steps.append((done, total))))
    assert steps == [(0, 6), (2, 6), (4, 6), (6, 6)]


def test_a_province_ledger_counts_its_lines(opened: Ledger) -> None:
    from desktop.models.journal import JournalLine

    with opened.session() as session:
        assert session.scalar(select(func.count(JournalLine.id))) > 1_000


def test_the_check_on_several_threads_finds_what_one_thread_finds(province: Path,
                                                                  tmp_path: Path) -> None:
    import sqlite3

    damaged = tmp_path / "damaged.sqlite"
    with sqlite3.connect(province) as source, sqlite3.connect(damaged) as target:
        source.backup(target)
    with sqlite3.connect(damaged) as raw:  # a line slipped in past the posting rules
        raw.execute("INSERT INTO journal_lines (event_id, group_id, date, account, amount) "
                    "SELECT id, group_id, date, 'cash', 7000 FROM events "
                    "WHERE group_id = (SELECT max(id) FROM groups) LIMIT 1")
    ledger = open_ledger(damaged)
    try:
        with ledger.session() as session:
            alone = inspect_ledger(session)
            together = inspect_ledger(session, workers=2)
    finally:
        ledger.close()
    assert [(g.code, g.trial_balance, [str(p) for p in g.problems]) for g in together.groups] \
        == [(g.code, g.trial_balance, [str(p) for p in g.problems]) for g in alone.groups]
    assert [g.trial_balance for g in together.groups if not g.sound] == [7_000]


def test_a_thorough_check_runs_sqlites_full_integrity_check(province: Path,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    assert main(["--db", str(province), "check", "--thorough", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sound"] is True
