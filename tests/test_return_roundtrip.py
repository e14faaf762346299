"""A commune's exported return, imported by the province office, gives exactly the figures of
the commune's own quarterly report."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.demo.generator import build_demo
from desktop.models.consolidation import consolidated
from desktop.models.database import open_new_ledger
from desktop.models.enums import GroupKind
from desktop.models.indicators import Quarter, commune_indicators
from desktop.models.permissions import SYSTEM
from desktop.models.returns import SUMMED_FIGURES, return_lines
from desktop.workbooks.return_files import ImportStatus, export_return, import_return_file
from desktop.workbooks.return_template import GROUPS_SHEET, INFO_SHEET

Q3 = Quarter(2026, 3)


@pytest.fixture
def commune_ledger(new_place):  # type: ignore[no-untyped-def]
    """The demo commune (six groups of the three kinds, a year of meetings)."""
    opened = open_new_ledger(new_place("commune"))
    with opened.session() as session:
        build_demo(session, dt.date(2026, 11, 23))
    yield opened
    opened.close()


def test_export_import_consolidated_equals_the_communes_own_report(commune_ledger, ledger,
                                                                   tmp_path):
    path = tmp_path / "return.xlsx"
    header, lines = export_return(commune_ledger, Q3, path, prepared_by="Nguyễn Thị Hoa",
                                  prepared_on=dt.date(2026, 10, 5))
    with commune_ledger.session() as session:
        report = commune_indicators(session, Q3.last_day, Q3.first_day)
    assert len(report) == len(lines) == 6

    outcome = import_return_file(ledger, path, SYSTEM)
    assert outcome.status == ImportStatus.IMPORTED, outcome.problems
    with ledger.session() as session:
        data = consolidated(session, Q3)
        stored = return_lines(session, outcome.return_id)

    for name in SUMMED_FIGURES:
        assert getattr(data.totals, name) == sum(getattr(row, name) for row in report), name
    assert data.totals.groups == len(report)
    for kind in GroupKind:
        rows = [row for row in report if row.kind == kind]
        assert data.by_kind[kind].groups == len(rows)
        assert data.by_kind[kind].savings == sum(row.savings for row in rows)
        assert data.by_kind[kind].income_fund == sum(row.income_fund for row in rows)
    by_code = {row.code: row for row in report}
    for line in stored:
        row = by_code[line.code]
        assert (line.name, line.kind, line.village, line.members, line.female, line.poor,
                line.elderly, line.meetings, line.attendance, line.savings,
                line.loans_outstanding, line.loans_count, line.overdue, line.social_fund,
                line.income_fund, line.cash, line.dropouts) == (
            row.name, row.kind, row.village, row.members, row.female, row.poor, row.elderly,
            row.meetings, row.attendance_percent, row.savings, row.loans_outstanding,
            row.loans_count, row.overdue, row.social_fund, row.income_fund, row.cash,
            row.dropouts)
    assert [(row.code, row.name) for row in data.by_commune] == [
        (header.commune_code, header.commune_name)]


def test_the_exported_return_has_the_template_layout(commune_ledger, tmp_path):
    import openpyxl

    path = tmp_path / "return.xlsx"
    export_return(commune_ledger, Q3, path, prepared_by="Nguyễn Thị Hoa",
                  prepared_on=dt.date(2026, 10, 5))
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [INFO_SHEET, GROUPS_SHEET]
    info = workbook[INFO_SHEET]
    assert [info[f"A{row}"].value for row in range(2, 10)] == [
        "Mã xã", "Tên xã", "Tỉnh", "Quý", "Năm", "Người lập", "Ngày lập", "Phiên bản mẫu"]
    assert (info["B5"].value, info["B6"].value, info["B7"].value, info["B9"].value) == (
        3, 2026, "Nguyễn Thị Hoa", 1)
    assert info["B8"].value.date() == dt.date(2026, 10, 5)
    assert info["B8"].number_format == "dd/mm/yyyy"
