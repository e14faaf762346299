"""The figures of a group, a commune and the whole ledger are a handful of grouped statements
over indexed columns: their number does not grow with the groups of the ledger, and SQLite's
EXPLAIN QUERY PLAN shows that none of them reads the whole journal (or its big companions)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session
from test_province import make_province

from desktop.commands.common import find_group
from desktop.models import shareout
from desktop.models.database import Ledger, open_ledger
from desktop.models.indicators import Quarter, group_indicators
from desktop.presenters.chart_data import group_charts
from desktop.presenters.group_summary import load_group_summary
from desktop.presenters.overview import load_commune_overview
from desktop.workbooks.return_files import commune_return

TODAY = dt.date(2026, 11, 23)
QUARTER = Quarter(2026, 3)
# The tables that grow with the years and the groups of a province.
BIG = ("journal_lines", "events", "attendance", "balance_snapshots", "savings_snapshots", "loans",
       "meetings", "members")
FULL_SCAN = re.compile(r"^SCAN (" + "|".join(BIG) + r")\b")


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[int, Path]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("plans")
    return {count: make_province(folder / f"p{count}.sqlite", count) for count in (1, 3)}


@contextmanager
def opened(path: Path) -> Iterator[Ledger]:
    ledger = open_ledger(path)
    try:
        yield ledger
    finally:
        ledger.close()


@contextmanager
def recorded(ledger: Ledger) -> Iterator[list[tuple[str, Any]]]:
    """Every statement the engine sends meanwhile, with its parameters."""
    statements: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
             many: bool) -> None:
        if not many:
            statements.append((statement, parameters))

    event.listen(ledger.engine, "before_cursor_execute", keep)
    try:
        yield statements
    finally:
        event.remove(ledger.engine, "before_cursor_execute", keep)


def group_figures(session: Session) -> object:
    group = find_group(session, "10001/TKVV01")
    return (group_indicators(session, group, QUARTER.last_day, QUARTER.first_day),
            load_group_summary(session, group.id, TODAY), group_charts(session, group.id, TODAY))


def commune_figures(session: Session) -> object:
    return commune_return(session, QUARTER, commune_code="10001")


def share_out_preview(session: Session) -> object:
    return shareout.preview(session, find_group(session, "10001/TKVV01"))


def overview(session: Session) -> object:
    return load_commune_overview(session, TODAY)


WORK: dict[str, Callable[[Session], object]] = {
    "group": group_figures, "commune return": commune_figures,
    "share-out preview": share_out_preview, "overview": overview,
}


def statements_of(path: Path, work: Callable[[Session], object]) -> list[tuple[str, Any]]:
    with opened(path) as ledger, ledger.session() as session:
        session.execute(select(1))  # the connection's own set-up is not the work's
        with recorded(ledger) as statements:
            work(session)
    return statements


@pytest.mark.parametrize("name", list(WORK))
def test_the_number_of_statements_does_not_grow_with_the_groups_of_the_ledger(
        files: dict[int, Path], name: str) -> None:
    small = statements_of(files[1], WORK[name])
    large = statements_of(files[3], WORK[name])
    assert len(small) == len(large)
    assert len(large) <= 40  # a handful per figure, never one per group


@pytest.mark.parametrize("name", list(WORK))
def test_no_statement_reads_a_whole_journal_table(files: dict[int, Path], name: str) -> None:
    statements = statements_of(files[3], WORK[name])
    with opened(files[3]) as ledger, ledger.engine.connect() as connection:
        scans = []
        for statement, parameters in statements:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement,
                                              tuple(parameters)).all()
            scans += [(detail, statement) for *_ids, detail in plan if FULL_SCAN.match(detail)]
    assert scans == []


def test_a_scan_of_the_journal_would_be_seen(files: dict[int, Path]) -> None:
    """The plan test can fail: a sum over every line is a full scan."""
    with opened(files[1]) as ledger, ledger.engine.connect() as connection:
        plan = connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT account, sum(amount) FROM journal_lines "
            "WHERE CAST(strftime('%Y', date) AS INTEGER) = 2026 GROUP BY account").all()
    assert any(FULL_SCAN.match(detail) for *_ids, detail in plan)
