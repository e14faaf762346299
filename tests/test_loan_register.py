"""The loans ledger: what was lent, repaid and is still owed, days overdue, a loan's
movements, a member's history and the next repayment due."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from print_fixtures import APRIL, MARCH, hold_story, members_by_code

from desktop.models import shareout
from desktop.models.enums import EventKind, InterestMethod, LoanFund, LoanPurpose
from desktop.models.loan import Loan
from desktop.models.loan_register import (
    loan_movements,
    loan_register,
    member_history,
    next_due,
)
from desktop.models.permissions import SYSTEM


def test_the_register_row_of_binhs_loan(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    register = loan_register(session, hoa_sen.id, dt.date(2026, 4, 30))
    [row] = register.rows
    assert (row.member_code, row.member_name) == ("TV02", "Trần Thị Bình")
    assert (row.fund, row.purpose, row.method) == (LoanFund.LOAN_FUND, LoanPurpose.LIVELIHOOD,
                                                   InterestMethod.FLAT)
    assert (row.date, row.principal, row.monthly_rate, row.term_months) == (
        MARCH, 300_000, Decimal("2"), 3)
    assert row.due_date == dt.date(2026, 6, 5)
    assert (row.paid_principal, row.paid_interest, row.outstanding) == (100_000, 6_000, 200_000)
    assert row.overdue_days == 0 and not row.is_overdue
    assert (register.total_outstanding, register.total_overdue) == (200_000, 0)


def test_a_loan_past_its_due_date_counts_its_days_overdue(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    [row] = loan_register(session, hoa_sen.id, dt.date(2026, 6, 30)).rows
    assert row.overdue_days == 25 and row.is_overdue
    assert loan_register(session, hoa_sen.id, dt.date(2026, 6, 30)).total_overdue == 200_000


def test_a_period_leaves_out_loans_repaid_before_it_began(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    assert loan_register(session, hoa_sen.id, dt.date(2026, 2, 28)).rows == []
    shareout.close_cycle(session, hoa_sen, dt.date(2026, 4, 30), SYSTEM)
    later = loan_register(session, hoa_sen.id, dt.date(2026, 6, 30), dt.date(2026, 5, 1))
    assert later.rows == []
    before = loan_register(session, hoa_sen.id, dt.date(2026, 6, 30), dt.date(2026, 4, 1))
    [row] = before.rows
    # Netted from Bình's share-out payout: repaid, nothing owed.
    assert (row.paid_principal, row.outstanding, row.overdue_days) == (300_000, 0, 0)


def test_a_loans_movements_end_at_its_balance(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    shareout.close_cycle(session, hoa_sen, dt.date(2026, 4, 30), SYSTEM)
    [row] = loan_register(session, hoa_sen.id, dt.date(2026, 4, 30)).rows
    movements = loan_movements(session, row.loan_id)
    assert [(m.kind, m.principal, m.interest, m.balance) for m in movements] == [
        (EventKind.LOAN_DISBURSEMENT, 300_000, 0, 300_000),
        (EventKind.PRINCIPAL_REPAYMENT, -100_000, 0, 200_000),
        (EventKind.INTEREST_PAYMENT, 0, 6_000, 200_000),
        (EventKind.SHARE_OUT, -200_000, 0, 0),
    ]


def test_a_members_history_lists_only_their_loans(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    people = members_by_code(session, hoa_sen)
    assert member_history(session, hoa_sen.id, people["TV01"].id, APRIL) == []
    assert [row.principal for row in member_history(session, hoa_sen.id, people["TV02"].id,
                                                    APRIL)] == [300_000]


def test_the_next_repayment_follows_the_schedule(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    [row] = loan_register(session, hoa_sen.id, APRIL).rows
    loan = session.get(Loan, row.loan_id)
    due = next_due(session, loan, row, APRIL, rounding_unit=1)
    assert due is not None and not due.overdue
    assert (due.date, due.principal) == (dt.date(2026, 5, 5), 100_000)
    assert due.interest > 0 and due.amount == due.principal + due.interest
    [late_row] = loan_register(session, hoa_sen.id, dt.date(2026, 6, 20)).rows
    late = next_due(session, loan, late_row, dt.date(2026, 6, 20), rounding_unit=1)
    assert late is not None and late.overdue
    assert (late.date, late.principal) == (dt.date(2026, 5, 5), 200_000)
