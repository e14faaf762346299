"""Every group of the demo commune (VSLA flat and declining, ASCA upfront and flat, clubs
without interest and flat) exported and imported into another ledger: the same workbook
again, the same members' savings and loans, and a ledger that ``check`` finds sound (exit
0), with the cash sheet and without it.

What the group workbook does not carry (DESIGN §6.2, docs/group-workbook.md §10: bank
movements, expenses, donations, earlier cycles, the leaver payout rule) is left out of the
comparison; everything it carries comes back exactly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import place_maker, with_admin
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session
from test_group_workbook_roundtrip import sheet_values

from desktop.cli import main
from desktop.demo.generator import PLANS
from desktop.models import clock
from desktop.models.balances import loan_outstanding, member_savings
from desktop.models.database import Ledger, open_ledger, open_new_ledger
from desktop.models.enums import InterestMethod
from desktop.models.group import Group
from desktop.models.loan import Loan
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM
from desktop.workbooks.group_export import export_group
from desktop.workbooks.group_import import import_group_file

TODAY = dt.datetime(2026, 11, 23, 9, 0)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory,
         request: pytest.FixtureRequest) -> Iterator[Ledger]:
    path = place_maker(request, tmp_path_factory.mktemp("demo"))("demo")
    clock.pin(TODAY)
    try:
        assert main(["--db", str(path), "demo"]) == 0
    finally:
        clock.pin(None)
    ledger = open_ledger(path)
    yield ledger
    ledger.close()


def carried(session: Session, group: Group) -> dict[str, object]:
    """What the workbook carries of a group, by member code: savings, and the current
    cycle's loans with what is still owed on each."""
    codes = {m.id: m.code for m in session.scalars(
        select(Member).where(Member.group_id == group.id))}
    loans = session.scalars(select(Loan).where(
        Loan.group_id == group.id, Loan.cycle_id == group.current_cycle.id,
        Loan.cancelled_at.is_(None))).all()
    owed = loan_outstanding(session, group.id)
    return {
        "savings": {codes[m]: v for m, v in member_savings(session, group.id).items()},
        "loans": sorted((codes[loan.member_id], loan.date, loan.principal,
                         owed.get(loan.id, 0)) for loan in loans),
    }


def test_the_demo_lends_under_every_interest_method() -> None:
    methods = {plan.constitution.get("interest_method") for plan in PLANS}
    assert methods == set(InterestMethod)


@pytest.mark.parametrize("code", [plan.code for plan in PLANS])
def test_a_demo_group_round_trips_and_checks_sound(demo: Ledger, tmp_path: Path,
                                                    new_place: Callable[[str], str],
                                                    code: str) -> None:
    first, second = tmp_path / f"{code}.xlsx", tmp_path / f"{code}-lan-2.xlsx"
    with demo.session() as session:
        group = session.scalars(select(Group).where(Group.code == code)).one()
        export_group(session, group, first, SYSTEM)
        before = carried(session, group)
    copy = new_place("xa-khac")
    ledger = open_new_ledger(copy, with_admin)
    try:
        result = import_group_file(ledger, first, SYSTEM)
        assert result.problems == []
        with ledger.session() as session:
            imported = session.get(Group, result.group_id)
            assert imported is not None
            export_group(session, imported, second, SYSTEM)
            assert carried(session, imported) == before
    finally:
        ledger.close()
    assert sheet_values(second) == sheet_values(first)
    assert main(["--db", str(copy), "check"]) == 0

    # The same group typed from a paper book that never recorded a count.
    book = load_workbook(first)
    del book["TienMat"]
    uncounted = tmp_path / f"{code}-khong-dem.xlsx"
    book.save(uncounted)
    bare = new_place("so-giay")
    ledger = open_new_ledger(bare, with_admin)
    try:
        result = import_group_file(ledger, uncounted, SYSTEM)
        assert result.problems == [] and result.counted_as_expected
    finally:
        ledger.close()
    assert main(["--db", str(bare), "check"]) == 0
