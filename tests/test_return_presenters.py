"""The Returns and consolidated pages' logic, without a display."""

from __future__ import annotations

import subprocess
import sys

from return_builders import broken, valid_return

from desktop.models.indicators import Quarter
from desktop.models.permissions import SYSTEM
from desktop.presenters.consolidated import Column, load_screen
from desktop.presenters.returns_import import FileState, ImportList, load_history
from desktop.workbooks.return_files import import_returns


def test_the_list_keeps_each_file_once_and_marks_cancelled_ones(ledger, tmp_path):
    files = ImportList()
    first = valid_return(tmp_path, "a.xlsx")
    second = broken(tmp_path, "Nhom", {"K2": -1}, name="b.xlsx")
    third = valid_return(tmp_path, "c.xlsx", **{"Mã xã": "04323"})
    assert files.add([first, second, first, third]) == 4
    assert [row.file for row in files.rows] == ["a.xlsx", "b.xlsx", "c.xlsx"]
    sent = files.waiting()
    outcomes = import_returns(ledger, sent[:2], SYSTEM)  # as if Cancel came before c.xlsx
    files.apply(sent, outcomes)
    assert [row.state for row in files.rows] == [FileState.IMPORTED, FileState.REFUSED,
                                                 FileState.NOT_DONE]
    assert files.rows[1].problems[0].cell == "K2"
    assert [path.name for path in files.waiting()] == ["c.xlsx"]
    files.remove_finished()
    assert [row.file for row in files.rows] == ["b.xlsx", "c.xlsx"]


def test_the_history_shows_replaced_returns_after_the_current_one(ledger, tmp_path):
    path = valid_return(tmp_path)
    import_returns(ledger, [path, path], SYSTEM)
    rows = load_history(ledger)
    assert [(row.commune, row.quarter, row.replaced) for row in rows] == [
        ("04321 Xã Yên Bình", "III/2026", False), ("04321 Xã Yên Bình", "III/2026", True)]


def test_the_screen_defaults_to_the_newest_quarter_with_returns(ledger, tmp_path):
    import_returns(ledger, [valid_return(tmp_path, "q2.xlsx", **{"Quý": 2}),
                            valid_return(tmp_path, "q3.xlsx")], SYSTEM)
    screen = load_screen(ledger)
    assert screen.quarter == Quarter(2026, 3)
    assert screen.quarters == [Quarter(2026, 3), Quarter(2026, 2)]
    total = screen.commune_rows()[-1]
    assert total.is_total and total.display(Column.SAVINGS) == "20.300.000"
    assert total.value(Column.AT_RISK) == 3
    assert [row.code for row in screen.kind_rows()[:-1]] == ["VSLA", "ASCA", "ISHC"]
    # The trend starts at the first quarter with returns.
    assert [label for label, *_values in screen.trend_chart()] == ["II/2026", "III/2026"]


def test_a_quarter_without_returns_can_still_be_shown(ledger):
    screen = load_screen(ledger, Quarter(2025, 4))
    assert screen.quarters == [Quarter(2025, 4)]
    assert screen.commune_rows() == [] and screen.kind_rows() == []
    assert screen.by_commune_chart() == []


def test_the_returns_code_never_loads_qt():
    code = ("import sys; import desktop.workbooks.return_files, desktop.commands.returns, "
            "desktop.printing.consolidated_report, desktop.presenters.consolidated, "
            "desktop.presenters.returns_import, desktop.models.consolidation; "
            "assert not any(name.startswith('PySide6') for name in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)
