"""Importing returns into the aggregating office's ledger: replacement instead of double
counting, the history, the communes expected, and the consolidated figures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from return_builders import broken, set_cells, valid_return
from sqlalchemy import event, func, insert, select
from sqlalchemy.exc import IntegrityError

from desktop.models.clock import now
from desktop.models.consolidation import consolidated, missing_communes, trend
from desktop.models.database import StorageError
from desktop.models.enums import GroupKind
from desktop.models.indicators import Quarter
from desktop.models.permissions import SYSTEM, Actor
from desktop.models.returns import (
    QuarterlyReturn,
    ReturnGroup,
    ReturnStatus,
    expect_commune,
    return_lines,
    returns_history,
    stop_expecting,
)
from desktop.progress import Progress
from desktop.workbooks.return_files import ImportStatus, import_return_file, import_returns

Q3 = Quarter(2026, 3)
CLERK = Actor("Trần Thị Mai")


def returns_of(folder: Path, *codes: str) -> list[Path]:
    """A valid return of each commune code, in ``folder``."""
    return [valid_return(folder, f"{code}.xlsx", **{"Mã xã": code}) for code in codes]


@contextmanager
def listening(ledger, name: str, listener: Callable[..., None]) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """``listener`` called on each of the ledger engine's ``name`` events for the block."""
    event.listen(ledger.engine, name, listener)
    try:
        yield
    finally:
        event.remove(ledger.engine, name, listener)


def test_a_return_is_imported_with_every_group_line(ledger, tmp_path):
    outcome = import_return_file(ledger, valid_return(tmp_path), CLERK)
    assert (outcome.status, outcome.commune, outcome.quarter, outcome.groups) == (
        ImportStatus.IMPORTED, "04321", "2026Q3", 3)
    with ledger.session() as session:
        stored = session.get(QuarterlyReturn, outcome.return_id)
        assert (stored.commune_name, stored.province, stored.imported_by, stored.status,
                stored.file_name) == ("Xã Yên Bình", "Tỉnh Thái Nguyên", "Trần Thị Mai",
                                      ReturnStatus.CURRENT, "04321_2026Q3.xlsx")
        lines = return_lines(session, stored.id)
        assert [(line.code, line.kind, line.members, line.savings) for line in lines] == [
            ("HS01", "VSLA", 20, 12_500_000), ("MT02", "ASCA", 15, 7_800_000),
            ("BM03", "ISHC", 60, 0)]


def test_a_second_return_for_the_same_commune_and_quarter_replaces_the_first(ledger, tmp_path):
    first = import_return_file(ledger, valid_return(tmp_path, "first.xlsx"), SYSTEM)
    corrected = set_cells(valid_return(tmp_path, "corrected.xlsx"), "Nhom",
                          {"K2": 13_000_000, "E3": 16})
    second = import_return_file(ledger, corrected, SYSTEM)
    assert second.status == ImportStatus.REPLACED
    with ledger.session() as session:
        history = returns_history(session, Q3)
        assert [(row.id, row.status, row.replaced_by_id) for row in history] == [
            (second.return_id, ReturnStatus.CURRENT, None),
            (first.return_id, ReturnStatus.REPLACED, second.return_id)]
        # The replaced return is kept whole in the history …
        assert len(return_lines(session, first.return_id)) == 3
        # … but only the current one counts.
        totals = consolidated(session, Q3).totals
        assert (totals.savings, totals.members) == (
            13_000_000 + 7_800_000 + 0, 20 + 16 + 60)


def test_importing_the_same_file_twice_never_double_counts(ledger, tmp_path):
    path = valid_return(tmp_path)
    outcomes = import_returns(ledger, [path, path], SYSTEM)
    assert [outcome.status for outcome in outcomes] == [ImportStatus.IMPORTED,
                                                       ImportStatus.REPLACED]
    with ledger.session() as session:
        data = consolidated(session, Q3)
        assert (data.communes, data.groups, data.totals.members) == (1, 3, 95)


def test_the_same_commune_in_another_quarter_is_a_separate_return(ledger, tmp_path):
    import_return_file(ledger, valid_return(tmp_path, "q3.xlsx"), SYSTEM)
    outcome = import_return_file(ledger, valid_return(tmp_path, "q2.xlsx", **{"Quý": 2}),
                                 SYSTEM)
    assert outcome.status == ImportStatus.IMPORTED
    with ledger.session() as session:
        assert consolidated(session, Quarter(2026, 2)).groups == 3
        assert consolidated(session, Q3).groups == 3


def test_the_database_refuses_two_current_returns_of_one_commune_and_quarter(ledger, tmp_path):
    import_return_file(ledger, valid_return(tmp_path), SYSTEM)
    # A server's refusal of a duplicate reaches the clerk as two savings at once
    # (StorageError); the database's own refusal is its cause.
    with pytest.raises((IntegrityError, StorageError)) as refused, \
            ledger.session() as session:
        session.execute(insert(QuarterlyReturn).values(
            commune_code="04321", commune_name="", province="", year=2026, quarter=3,
            prepared_by="", template_version=1, file_name="", file_sha256="",
            imported_at=now(), imported_by="", status="current", group_count=0))
    cause = refused.value if isinstance(refused.value, IntegrityError) else \
        refused.value.__cause__
    assert isinstance(cause, IntegrityError)


def test_consolidated_figures_add_up_by_commune_and_by_kind(ledger, tmp_path):
    import_return_file(ledger, valid_return(tmp_path, "a.xlsx"), SYSTEM)
    import_return_file(ledger, valid_return(tmp_path, "b.xlsx", **{
        "Mã xã": "04322", "Tên xã": "Xã Tân Lập"}), SYSTEM)
    with ledger.session() as session:
        data = consolidated(session, Q3)
    assert (data.communes, data.groups) == (2, 6)
    assert [(row.code, row.name, row.totals.groups) for row in data.by_commune] == [
        ("04321", "Xã Yên Bình", 3), ("04322", "Xã Tân Lập", 3)]
    vsla = data.by_kind[GroupKind.VSLA]
    assert (vsla.groups, vsla.members, vsla.female, vsla.savings, vsla.overdue) == (
        2, 40, 36, 25_000_000, 1_000_000)
    assert data.by_kind[GroupKind.ISHC].income_fund == 184_000_000
    totals = data.totals
    assert totals.figures() == {
        "members": 190, "female": 150, "poor": 60, "elderly": 100, "savings": 40_600_000,
        "loans_outstanding": 152_000_000, "loans_count": 42, "overdue": 5_000_000,
        "social_fund": 4_280_000, "income_fund": 184_000_000, "cash": 72_600_000,
        "dropouts": 6}
    assert (totals.female_percent, totals.poor_percent, totals.portfolio_at_risk_percent) == (
        79, 32, 3)


def test_attendance_is_averaged_over_member_meetings(ledger, tmp_path):
    import_return_file(ledger, valid_return(tmp_path), SYSTEM)
    with ledger.session() as session:
        totals = consolidated(session, Q3).totals
    # (92×20×6 + 87×15×3 + 81×60×3) ÷ (20×6 + 15×3 + 60×3) = 29,595 ÷ 345 = 85.78 → 86
    assert totals.attendance_percent == 86


def test_communes_that_sent_once_are_expected_every_later_quarter(ledger, tmp_path):
    import_return_file(ledger, valid_return(tmp_path), SYSTEM)
    with ledger.session() as session:
        assert missing_communes(session, Q3) == []
        assert [row.code for row in missing_communes(session, Quarter(2026, 4))] == ["04321"]
        # Before its first return the commune was not yet expected.
        assert missing_communes(session, Quarter(2026, 2)) == []


def test_communes_the_office_adds_are_listed_until_they_send(ledger, tmp_path):
    with ledger.session() as session:
        expect_commune(session, "04329", "Xã Hòa Bình", actor=SYSTEM, province="Tỉnh Thái Nguyên")
    with ledger.session() as session:
        assert [(row.code, row.name) for row in missing_communes(session, Q3)] == [
            ("04329", "Xã Hòa Bình")]
        stop_expecting(session, "04329", actor=SYSTEM)
    with ledger.session() as session:
        assert missing_communes(session, Q3) == []


def test_a_refused_file_leaves_nothing_not_even_the_commune_register(ledger, tmp_path):
    outcome = import_return_file(ledger, broken(tmp_path, "Nhom", {"F2": 99}), SYSTEM)
    assert outcome.status == ImportStatus.REFUSED
    with ledger.session() as session:
        assert session.scalar(select(func.count(ReturnGroup.id))) == 0
        assert missing_communes(session, Q3) == []


def test_the_trend_gives_every_quarter_oldest_first_with_zeros_where_nothing_came(ledger,
                                                                                  tmp_path):
    import_return_file(ledger, valid_return(tmp_path, "q3.xlsx"), SYSTEM)
    import_return_file(ledger, valid_return(tmp_path, "q1.xlsx", **{"Quý": 1}), SYSTEM)
    with ledger.session() as session:
        points = trend(session, Q3, count=4)
    assert [(str(quarter), totals.groups) for quarter, totals in points] == [
        ("2025Q4", 0), ("2026Q1", 3), ("2026Q2", 0), ("2026Q3", 3)]


def test_cancel_stops_between_files_and_keeps_what_was_imported(ledger, tmp_path):
    files = returns_of(tmp_path, "04321", "04322", "04323")

    def cancel_after_first(done: int, _total: int, _text: str) -> None:
        if done == 1:  # the clerk presses Cancel while the first file is being read
            progress.cancel()

    progress = Progress(cancel_after_first)
    outcomes = import_returns(ledger, files, SYSTEM, progress)
    assert [outcome.commune for outcome in outcomes] == ["04321"]
    with ledger.session() as session:
        assert consolidated(session, Q3).communes == 1


def test_a_folder_is_imported_file_by_file_skipping_excel_lock_files(ledger, tmp_path):
    valid_return(tmp_path, "04321.xlsx")
    valid_return(tmp_path, "04322.xlsx", **{"Mã xã": "04322"})
    (tmp_path / "~$04321.xlsx").write_bytes(b"lock")
    (tmp_path / "ghi chu.txt").write_text("notes")
    outcomes = import_returns(ledger, [tmp_path], SYSTEM)
    assert [(outcome.file, outcome.status) for outcome in outcomes] == [
        ("04321.xlsx", ImportStatus.IMPORTED), ("04322.xlsx", ImportStatus.IMPORTED)]


def test_a_batch_is_written_to_the_ledger_once_however_many_files(ledger, tmp_path):
    """One commit (one flush to the disk) for the batch: the files' own cost, not the
    disk's, sets the pace of an import of a hundred returns."""
    files = returns_of(tmp_path, "04321", "04322", "04323")
    commits: list[object] = []

    def count(connection) -> None:  # type: ignore[no-untyped-def]
        commits.append(connection)

    with listening(ledger, "commit", count):
        outcomes = import_returns(ledger, files, SYSTEM)
    assert [outcome.status for outcome in outcomes] == [ImportStatus.IMPORTED] * 3
    assert len(commits) == 1


def test_a_file_failing_while_stored_leaves_nothing_and_its_neighbours_stay(
        ledger, tmp_path, monkeypatch, english):
    from desktop.workbooks import return_files

    files = returns_of(tmp_path, "04321", "04322", "04323")
    store = return_files.store_return

    def fails_half_way(session, header, lines, **kwargs):  # type: ignore[no-untyped-def]
        stored = store(session, header, lines, **kwargs)  # written, then the disk says no
        if header.commune_code == "04322":
            raise IntegrityError("INSERT", {}, Exception("refused"))
        return stored

    monkeypatch.setattr(return_files, "store_return", fails_half_way)
    outcomes = import_returns(ledger, files, SYSTEM)
    assert [outcome.status for outcome in outcomes] == [
        ImportStatus.IMPORTED, ImportStatus.REFUSED, ImportStatus.IMPORTED]
    assert "could not be saved" in outcomes[1].problems[0].message
    with ledger.session() as session:
        assert sorted(session.scalars(select(QuarterlyReturn.commune_code))) == [
            "04321", "04323"]
        assert session.scalar(select(func.count(ReturnGroup.id))) == 6
        assert [commune.code for commune in missing_communes(session, Q3)] == []


def test_a_batch_whose_commit_fails_keeps_nothing_and_says_so_for_each_file(
        ledger, tmp_path):
    from sqlalchemy.exc import OperationalError

    files = [*returns_of(tmp_path, "04321", "04322"), broken(tmp_path, "Nhom", {"F2": 99})]

    def refuse(_connection):  # type: ignore[no-untyped-def]
        raise OperationalError("COMMIT", {}, Exception("database is locked"))

    with listening(ledger, "commit", refuse):
        outcomes = import_returns(ledger, files, SYSTEM)
    assert [outcome.status for outcome in outcomes] == [ImportStatus.REFUSED] * 3
    assert all(outcome.problems for outcome in outcomes)
    with ledger.session() as session:
        assert session.scalar(select(func.count(QuarterlyReturn.id))) == 0


def test_every_file_is_read_before_the_ledger_is_written(ledger, tmp_path):
    """The ledger (its writer, on a file) is held for the storing only, never while a slow
    disk or a hundred workbooks are read."""
    files = returns_of(tmp_path, "04321", "04322", "04323")
    begun: list[object] = []
    seen_while_reading: list[int] = []

    def note(done: int, total: int, _text: str) -> None:
        if done < total:
            seen_while_reading.append(len(begun))

    def begin(connection) -> None:  # type: ignore[no-untyped-def]
        begun.append(connection)

    with listening(ledger, "begin", begin):
        outcomes = import_returns(ledger, files, SYSTEM, Progress(note))
    assert [outcome.status for outcome in outcomes] == [ImportStatus.IMPORTED] * 3
    assert seen_while_reading == [0, 0, 0]
    assert len(begun) == 1
