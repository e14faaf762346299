"""The loans ledger presenter, without a display: Hoa Sen's two loans (Bình's 171 days
overdue, Cúc's running), filters, search, sorting, a loan's schedule and movements, a
member's history, and the board's write-off with a reason."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from group_books import BOARD, CLERK, hoa_sen_with_loans
from print_fixtures import hold_meeting
from sqlalchemy import select

from desktop.i18n import _
from desktop.models.audit import AuditEntry
from desktop.models.enums import InterestMethod
from desktop.models.group import Group
from desktop.models.loan import Loan
from desktop.presenters.listing import Tone
from desktop.presenters.loan_details import InstalmentState, MovementColumn, MovementTable
from desktop.presenters.loan_history import MemberHistoryPresenter
from desktop.presenters.loans_ledger import LoanColumn, LoansLedgerPresenter, LoanStatus

L = LoanColumn


@pytest.fixture
def group_id(ledger) -> int:  # type: ignore[no-untyped-def]
    return hoa_sen_with_loans(ledger)


@pytest.fixture
def register(ledger, group_id) -> LoansLedgerPresenter:  # type: ignore[no-untyped-def]
    return LoansLedgerPresenter(ledger, BOARD, group_id)


def shown(register: LoansLedgerPresenter, column: LoanColumn) -> list[str]:
    return [register.display(row, column) for row in range(register.row_count())]


def test_each_loan_shows_what_was_lent_repaid_and_is_still_owed(register) -> None:
    # Bình's loan as the paper ledger has it, and Cúc's, oldest first.
    assert [register.display(0, column) for column in register.columns] == [
        "1", "05/03/2026", "TV02", "Trần Thị Bình", "Sinh kế", "300.000", "3",
        "05/06/2026", "100.000", "6.000", "200.000", "171"]
    assert shown(register, L.NAME) == ["Trần Thị Bình", "Lê Thị Cúc"]
    assert register.display(1, L.OVERDUE_DAYS) == ""  # not due before 01/01/2027


def test_the_totals_row_and_the_portfolio_at_risk(register) -> None:
    # 450.000 lent, 350.000 owed, of which Bình's 200.000 is overdue: 57% at risk.
    assert register.total_display(L.PRINCIPAL) == "450.000"
    assert register.total_display(L.OUTSTANDING) == "350.000"
    summary = register.summary()
    assert (summary.loans, summary.outstanding, summary.overdue, summary.overdue_loans) == (
        2, 350_000, 200_000, 1)
    assert summary.at_risk_percent == 57


def test_an_overdue_loan_is_red_and_says_since_when(register) -> None:
    # The days-overdue cell explains itself; the running loan is plain.
    assert register.tone(0) == Tone.ALERT and register.tone(1) == Tone.PLAIN
    assert register.tooltip(0, L.OVERDUE_DAYS) == _(
        "Due on {date}; {amount} đồng of principal is still owed.").format(
        date="05/06/2026", amount="200.000")


def test_filters_show_the_overdue_or_the_repaid_loans(register) -> None:
    # Overdue: Bình only; repaid in full: none yet; the summary still counts all.
    register.set_status(LoanStatus.OVERDUE)
    assert shown(register, L.CODE) == ["TV02"]
    register.set_status(LoanStatus.REPAID)
    assert register.row_count() == 0
    assert register.summary().loans == 2
    register.set_status(LoanStatus.OUTSTANDING)
    assert shown(register, L.CODE) == ["TV02", "TV03"]


def test_searching_a_name_without_accents(register) -> None:
    register.set_search("cuc")
    assert shown(register, L.NAME) == ["Lê Thị Cúc"]
    register.set_search("TV02")
    assert shown(register, L.NAME) == ["Trần Thị Bình"]


def test_sorting_by_a_column_and_back_to_the_ledger_order(register) -> None:
    # By name in Vietnamese order (given name first): Bình before Cúc; by amount owed.
    register.sort(L.OUTSTANDING, descending=False)
    assert shown(register, L.CODE) == ["TV03", "TV02"]
    register.sort(L.NAME)
    assert shown(register, L.CODE) == ["TV02", "TV03"]
    register.sort(L.OUTSTANDING, descending=True)
    assert shown(register, L.CODE) == ["TV02", "TV03"]
    register.sort(None)
    assert shown(register, L.DATE) == ["05/03/2026", "01/10/2026"]


def test_the_ledger_at_an_earlier_date(register) -> None:
    # At the end of April: Bình owes 200.000 and is not yet late; Cúc has not borrowed.
    register.set_on(dt.date(2026, 4, 30))
    assert shown(register, L.CODE) == ["TV02"]
    assert (register.display(0, L.OUTSTANDING), register.display(0, L.OVERDUE_DAYS)) == (
        "200.000", "")


def test_a_loans_schedule_marks_each_instalment_met_or_late(register) -> None:
    # 100.000 a month from April to June, 6.000 flat interest; 100.000 repaid in April.
    details = register.details(0)
    assert [(line.number, line.principal, line.interest, line.state)
            for line in details.schedule] == [
        (1, 100_000, 6_000, InstalmentState.PAID), (2, 100_000, 6_000, InstalmentState.LATE),
        (3, 100_000, 6_000, InstalmentState.LATE)]


def test_a_loans_movements_with_the_balance_after_each(register) -> None:
    movements = MovementTable()
    movements.set_rows(register.details(0).movements)
    rows = [[movements.display(row, column) for column in movements.columns]
            for row in range(movements.row_count())]
    assert rows == [
        ["05/03/2026", _("Lent"), "300.000", "", "", "300.000", _("meeting")],
        ["02/04/2026", _("Repayment"), "", "100.000", "", "200.000", _("meeting")],
        ["02/04/2026", _("Interest payment"), "", "", "6.000", "200.000", _("meeting")]]
    assert movements.total_display(MovementColumn.REPAID) == "100.000"


def test_a_members_history_with_her_totals(ledger, register, group_id) -> None:
    history = MemberHistoryPresenter(ledger, group_id, register.loan(0).member_id, register.on)
    assert (history.code, history.name) == ("TV02", "Trần Thị Bình")
    totals = history.totals()
    assert (totals.loans, totals.borrowed, totals.repaid, totals.interest,
            totals.outstanding, totals.overdue_loans) == (1, 300_000, 100_000, 6_000, 200_000, 1)
    assert L.CODE not in history.columns and L.NAME not in history.columns


def test_a_clerk_cannot_write_a_loan_off(ledger, group_id) -> None:
    register = LoansLedgerPresenter(ledger, CLERK, group_id)
    assert not register.may_write_off
    assert register.write_off(0, "Gia đình khó khăn") is False
    assert register.last_message == _("Only the board may write a loan off.")
    assert register.display(0, L.OUTSTANDING) == "200.000"


def test_the_board_writes_off_binhs_loan_with_a_reason(ledger, register) -> None:
    # The loan shows as written off, greyed, and the audit log keeps the reason.
    assert register.write_off(0, "Chị Bình chuyển đi nơi khác, không liên lạc được")
    assert L.WRITTEN_OFF in register.columns
    row = register.row_of(register.loan(0).loan_id)
    assert (register.display(row, L.WRITTEN_OFF), register.display(row, L.OUTSTANDING)) == (
        "200.000", "")
    assert register.tone(row) == Tone.MUTED
    assert register.summary().overdue == 0
    with ledger.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "write_off")).one()
        assert entry.user == BOARD.name
        assert json.loads(entry.details)["reason"] == \
            "Chị Bình chuyển đi nơi khác, không liên lạc được"
        assert session.get(Loan, register.loan(row).loan_id).written_off_on == dt.date(2026, 11, 23)
    register.set_status(LoanStatus.WRITTEN_OFF)
    assert shown(register, L.CODE) == ["TV02"]


def test_a_write_off_needs_a_reason_and_something_owed(register) -> None:
    assert register.write_off(0, "   ") is False
    assert register.last_message == _("A write-off needs a reason.")
    assert register.write_off(0, "Mất khả năng trả nợ")
    row = register.row_of(register.loan(0).loan_id)
    assert register.write_off_refusal(row) == _("This loan was already written off.")


def test_the_ledger_cannot_be_typed_in(register) -> None:
    assert register.set_text(0, L.PRINCIPAL, "500.000") is False
    assert register.last_message == _("This table shows the ledger; it cannot be typed in.")


def test_the_rate_column_shows_only_when_loans_have_different_rates(ledger, group_id,
                                                                   register) -> None:
    # Both loans at 2% a month flat: said once above the grid; a new rate brings the column.
    assert register.uniform_terms() == (Decimal("2"), InterestMethod.FLAT)
    assert L.RATE not in register.columns
    with ledger.session() as session:
        session.get(Group, group_id).current_cycle.monthly_rate = Decimal("1.5")
        hold_meeting(session, session.get(Group, group_id), dt.date(2026, 11, 2),
                     {"TV04": {"shares": 1, "new_loan": 100_000}})
    register.reload()
    assert register.uniform_terms() is None
    assert [register.display(row, L.RATE) for row in range(3)] == ["2", "2", "1,5"]
