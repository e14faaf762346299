"""Loans: limits and the board's override, repayment, interest due, overdue and write-off."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from conftest import make_hoa_sen
from sqlalchemy import select

from desktop.i18n import _
from desktop.models import registry
from desktop.models.audit import AuditEntry
from desktop.models.balances import fund_position, loan_outstanding
from desktop.models.enums import (
    Account,
    EventKind,
    GroupKind,
    InterestMethod,
    LoanFund,
)
from desktop.models.errors import LedgerError, LimitWarnings, PermissionDenied
from desktop.models.group import Group
from desktop.models.journal import Event
from desktop.models.loan import Loan
from desktop.models.loans import (
    LoanRequest,
    check_limits,
    disburse,
    due_date,
    interest_due,
    loan_schedule,
    meeting_cash_warnings,
    member_open_loans,
    overdue_days,
    repay,
    write_off,
)
from desktop.models.meetings import (
    Entry,
    cash_panel,
    close_meeting,
    create_meeting,
    record_count,
    save_entry,
)
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM, Actor, Role
from desktop.models.posting import EventSpec, lines_for, post
from desktop.models.shareout import preview

D = dt.date
SAVED_ON = dt.date(2026, 1, 5)
LENT_ON = dt.date(2026, 2, 2)
BOARD = Actor("Chị Hoa (Chủ nhiệm)", Role.BOARD)
CLERK = Actor("Chị Lan (cán bộ)", Role.CLERK)
VIEWER = Actor("Anh Tùng (huyện)", Role.VIEWER)


def member(session, group: Group, code: str) -> Member:  # type: ignore[no-untyped-def]
    return session.scalar(select(Member).where(Member.group_id == group.id,
                                               Member.code == code))


def buy_shares(session, group: Group, code: str, amount: int,  # type: ignore[no-untyped-def]
               day: dt.date = SAVED_ON) -> None:
    """The member's savings, as if bought at a meeting."""
    who = member(session, group, code)
    post(session, EventSpec(
        group_id=group.id, cycle_id=group.current_cycle.id, kind=EventKind.SHARE_PURCHASE,
        date=day, amount=amount, quantity=amount // 20_000, member_id=who.id, user="Chị Lan",
        lines=lines_for(EventKind.SHARE_PURCHASE, amount, member_id=who.id)))


def lend(session, group: Group, code: str, amount: int, on: dt.date = LENT_ON,  # type: ignore[no-untyped-def]
         actor: Actor = CLERK, **options) -> Loan:
    return disburse(session, group, LoanRequest(
        member_id=member(session, group, code).id, amount=amount, on=on, **options), actor)


def outstanding(session, loan: Loan) -> int:  # type: ignore[no-untyped-def]
    return loan_outstanding(session, loan.group_id, loan_ids=[loan.id]).get(loan.id, 0)


@pytest.fixture
def an_saved(session, hoa_sen) -> Group:  # type: ignore[no-untyped-def]
    """Hoa Sen where Nguyễn Thị An has saved 500.000 đ (25 shares); with the others' savings
    the box holds 3.500.000 đ."""
    buy_shares(session, hoa_sen, "TV01", 500_000)
    buy_shares(session, hoa_sen, "TV02", 1_000_000)
    buy_shares(session, hoa_sen, "TV03", 2_000_000)
    return hoa_sen


def club(session, **constitution) -> Group:  # type: ignore[no-untyped-def]
    """CLB Liên thế hệ Xã Yên Bình: seed capital 50 million đ, loans up to 10 million."""
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    settings = dict(seed_capital=50_000_000, max_loan_amount=10_000_000, max_term_months=12,
                    monthly_rate=Decimal("0.5"), interest_method=InterestMethod.DECLINING,
                    rounding_unit=1_000)
    settings.update(constitution)
    group = registry.create_group(session, commune, code="LTH01", name="CLB Liên thế hệ",
                                  kind=GroupKind.ISHC, start_date=D(2026, 1, 1), actor=SYSTEM,
                                  **settings)
    registry.add_member(session, group, code="HV01", full_name="Hoàng Văn Sáu",
                        join_date=D(2026, 1, 1), actor=SYSTEM, birth_year=1950)
    return group


# -- disbursement and limits -----------------------------------------------------------------

def test_a_loan_within_the_limits_is_lent_from_the_cash_box(session, an_saved) -> None:
    loan = lend(session, an_saved, "TV01", 1_500_000)  # exactly 3 × 500.000
    assert (loan.principal, loan.term_months, loan.method, loan.monthly_rate) == (
        1_500_000, 3, InterestMethod.FLAT, Decimal("2"))
    assert loan.override_reason == ""
    assert outstanding(session, loan) == 1_500_000
    assert fund_position(session, an_saved.id).cash_box == 3_500_000 - 1_500_000
    assert due_date(loan) == D(2026, 5, 2)


def test_a_loan_above_three_times_savings_is_a_warning(session, an_saved) -> None:
    with pytest.raises(LimitWarnings) as raised:
        lend(session, an_saved, "TV01", 1_600_000)
    assert len(raised.value.warnings) == 1
    assert "1.500.000" in raised.value.warnings[0]
    assert session.scalar(select(Loan)) is None


def test_the_savings_multiple_is_a_constitution_setting(session) -> None:
    group = make_hoa_sen(session, loan_multiple=Decimal("2"))
    buy_shares(session, group, "TV01", 500_000)
    buy_shares(session, group, "TV02", 1_000_000)
    with pytest.raises(LimitWarnings):
        lend(session, group, "TV01", 1_000_001)
    assert lend(session, group, "TV01", 1_000_000).principal == 1_000_000


def test_the_savings_multiple_counts_savings_on_the_loan_date(session, an_saved) -> None:
    buy_shares(session, an_saved, "TV01", 500_000, day=D(2026, 3, 2))  # saved after the loan
    with pytest.raises(LimitWarnings):
        lend(session, an_saved, "TV01", 2_000_000, on=D(2026, 2, 2))


def test_the_savings_multiple_does_not_limit_a_club(session) -> None:
    group = club(session)
    loan = lend(session, group, "HV01", 5_000_000, fund=LoanFund.INCOME_FUND, term_months=10)
    assert loan.fund == LoanFund.INCOME_FUND
    assert outstanding(session, loan) == 5_000_000


def test_a_club_loan_above_its_maximum_amount_is_a_warning(session) -> None:
    group = club(session)
    with pytest.raises(LimitWarnings) as raised:
        lend(session, group, "HV01", 12_000_000, fund=LoanFund.INCOME_FUND, term_months=10)
    assert len(raised.value.warnings) == 1
    assert "10.000.000" in raised.value.warnings[0]


def test_a_loan_above_the_maximum_amount_is_a_warning(session) -> None:
    group = make_hoa_sen(session, max_loan_amount=1_000_000)
    buy_shares(session, group, "TV01", 1_000_000)
    with pytest.raises(LimitWarnings) as raised:
        lend(session, group, "TV01", 1_200_000)
    assert [w for w in raised.value.warnings if "1.000.000" in w]


def test_a_term_above_the_maximum_is_a_warning(session, an_saved) -> None:
    with pytest.raises(LimitWarnings) as raised:
        lend(session, an_saved, "TV01", 500_000, term_months=6)
    assert len(raised.value.warnings) == 1
    assert "6" in raised.value.warnings[0]


def test_a_second_loan_while_one_is_outstanding_is_a_warning(session, an_saved) -> None:
    first = lend(session, an_saved, "TV01", 500_000)
    with pytest.raises(LimitWarnings):
        lend(session, an_saved, "TV01", 200_000, on=D(2026, 3, 2))
    repay(session, first, 500_000, 10_000, D(2026, 3, 2), CLERK)
    assert lend(session, an_saved, "TV01", 200_000, on=D(2026, 3, 2)).principal == 200_000


def test_several_broken_limits_are_all_reported(session) -> None:
    group = make_hoa_sen(session, max_loan_amount=1_000_000)
    buy_shares(session, group, "TV01", 100_000)
    buy_shares(session, group, "TV02", 400_000)
    lend(session, group, "TV01", 300_000)
    warnings = check_limits(session, group, group.current_cycle,
                            member(session, group, "TV01").id, 2_000_000, 6, D(2026, 3, 2),
                            LoanFund.LOAN_FUND, cash_available=200_000)
    assert len(warnings) == 5  # cash, savings multiple, amount, term, one loan at a time


def test_a_loan_of_nothing_is_refused(session, an_saved) -> None:
    with pytest.raises(LedgerError):
        lend(session, an_saved, "TV01", 0)


def test_the_board_may_override_a_limit_with_a_reason_and_it_is_audited(session,
                                                                        an_saved) -> None:
    loan = lend(session, an_saved, "TV01", 2_000_000, actor=BOARD,
                override_reason="  Chữa bệnh cho con, Ban quản lý đồng ý  ")
    assert loan.override_reason == "Chữa bệnh cho con, Ban quản lý đồng ý"
    assert outstanding(session, loan) == 2_000_000
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "override_limit"))
    assert (entry.user, entry.entity, entry.entity_id) == (BOARD.name, "loan", loan.id)
    details = json.loads(entry.details)
    assert details["reason"] == "Chữa bệnh cho con, Ban quản lý đồng ý"
    assert len(details["warnings"]) == 1


def test_a_clerk_cannot_override_a_limit(session, an_saved) -> None:
    with pytest.raises(PermissionDenied):
        lend(session, an_saved, "TV01", 2_000_000, actor=CLERK, override_reason="Chị An cần gấp")
    assert session.scalar(select(Loan)) is None
    assert session.scalar(select(AuditEntry).where(AuditEntry.action == "override_limit")) \
        is None


def test_an_override_without_a_reason_is_still_a_warning(session, an_saved) -> None:
    with pytest.raises(LimitWarnings):
        lend(session, an_saved, "TV01", 2_000_000, actor=BOARD, override_reason="   ")


def test_a_reason_is_not_recorded_when_no_limit_was_broken(session, an_saved) -> None:
    loan = lend(session, an_saved, "TV01", 300_000, override_reason="không cần")
    assert loan.override_reason == ""
    assert session.scalar(select(AuditEntry).where(AuditEntry.action == "override_limit")) \
        is None


def test_a_viewer_cannot_lend_or_take_repayments(session, an_saved) -> None:
    with pytest.raises(PermissionDenied):
        lend(session, an_saved, "TV01", 300_000, actor=VIEWER)
    loan = lend(session, an_saved, "TV01", 300_000)
    with pytest.raises(PermissionDenied):
        repay(session, loan, 100_000, 0, D(2026, 3, 2), VIEWER)


# -- repayment -------------------------------------------------------------------------------

def test_a_repayment_lowers_the_principal_and_interest_goes_to_income(session, an_saved) -> None:
    loan = lend(session, an_saved, "TV01", 1_000_000)
    repay(session, loan, 400_000, 20_000, D(2026, 3, 2), CLERK)
    assert outstanding(session, loan) == 600_000
    position = fund_position(session, an_saved.id)
    assert position.interest_income == 20_000
    assert position.cash_box == 3_500_000 - 1_000_000 + 420_000
    kinds = session.scalars(select(Event.kind).where(Event.loan_id == loan.id)
                            .order_by(Event.id)).all()
    assert kinds == [EventKind.LOAN_DISBURSEMENT, EventKind.PRINCIPAL_REPAYMENT,
                     EventKind.INTEREST_PAYMENT]


def test_a_repayment_larger_than_what_is_owed_is_refused(session, an_saved) -> None:
    loan = lend(session, an_saved, "TV01", 1_000_000)
    repay(session, loan, 700_000, 0, D(2026, 3, 2), CLERK)
    with pytest.raises(LedgerError) as raised:
        repay(session, loan, 400_000, 0, D(2026, 4, 2), CLERK)
    assert "300.000" in str(raised.value)
    assert outstanding(session, loan) == 300_000


def test_a_negative_repayment_is_refused(session, an_saved) -> None:
    loan = lend(session, an_saved, "TV01", 1_000_000)
    with pytest.raises(LedgerError):
        repay(session, loan, -1_000, 0, D(2026, 3, 2), CLERK)
    with pytest.raises(LedgerError):
        repay(session, loan, 0, -1_000, D(2026, 3, 2), CLERK)


def test_a_repaid_loan_leaves_the_members_open_loans(session, an_saved) -> None:
    loan = lend(session, an_saved, "TV01", 1_000_000)
    an_id = member(session, an_saved, "TV01").id
    assert member_open_loans(session, an_saved.id, an_id) == [(loan, 1_000_000)]
    repay(session, loan, 1_000_000, 60_000, D(2026, 5, 2), CLERK)
    assert member_open_loans(session, an_saved.id, an_id) == []


def test_interest_on_a_social_fund_loan_stays_in_the_social_fund(session, an_saved) -> None:
    post(session, EventSpec(
        group_id=an_saved.id, cycle_id=an_saved.current_cycle.id,
        kind=EventKind.SOCIAL_FUND_CONTRIBUTION, date=D(2026, 1, 5), amount=200_000,
        lines=lines_for(EventKind.SOCIAL_FUND_CONTRIBUTION, 200_000)))
    loan = lend(session, an_saved, "TV02", 100_000, fund=LoanFund.SOCIAL_FUND)
    repay(session, loan, 100_000, 5_000, D(2026, 3, 2), CLERK)
    position = fund_position(session, an_saved.id)
    assert position.social_fund == 205_000
    assert position.interest_income == 0


# -- interest due ----------------------------------------------------------------------------

def _group_lending_a_million(session, method: InterestMethod, **constitution):  # type: ignore[no-untyped-def]
    """Hoa Sen at 2 %/month; Trần Thị Bình borrows 1.000.000 đ on 02/02/2026."""
    group = make_hoa_sen(session, interest_method=method, **constitution)
    buy_shares(session, group, "TV02", 1_000_000)
    return group, lend(session, group, "TV02", 1_000_000)


@pytest.mark.parametrize(
    ("method", "on", "expected"),
    [
        (InterestMethod.FLAT, D(2026, 3, 2), 20_000),  # 1 month
        (InterestMethod.FLAT, D(2026, 4, 2), 40_000),  # 2 months
        (InterestMethod.FLAT, D(2026, 5, 2), 60_000),  # 3 months
        (InterestMethod.FLAT, D(2026, 3, 10), 40_000),  # 1 month and a part month
        (InterestMethod.DECLINING, D(2026, 3, 2), 20_000),
        (InterestMethod.DECLINING, D(2026, 4, 2), 40_000),
        (InterestMethod.DECLINING, D(2026, 5, 2), 60_000),
        (InterestMethod.DECLINING, D(2026, 4, 20), 60_000),  # 2 months and a part
        (InterestMethod.UPFRONT, D(2026, 2, 2), 60_000),  # all at disbursement
        (InterestMethod.UPFRONT, D(2026, 3, 2), 60_000),  # still all, until it is paid
        (InterestMethod.UPFRONT, D(2026, 4, 2), 60_000),
        (InterestMethod.UPFRONT, D(2026, 5, 2), 60_000),
        (InterestMethod.UPFRONT, D(2026, 3, 10), 60_000),
        (InterestMethod.NONE, D(2026, 3, 2), 0),
        (InterestMethod.NONE, D(2026, 4, 2), 0),
        (InterestMethod.NONE, D(2026, 5, 2), 0),
        (InterestMethod.NONE, D(2026, 3, 10), 0),
        (InterestMethod.FLAT, D(2026, 2, 2), 0),  # nothing on the day of the loan
        (InterestMethod.DECLINING, D(2026, 2, 2), 0),
    ],
)
def test_interest_due_for_each_method(session, method: InterestMethod, on: dt.date,
                                      expected: int) -> None:
    group, loan = _group_lending_a_million(session, method)
    assert interest_due(session, loan, on, group.current_cycle.rounding_unit) == expected


def test_a_part_month_is_not_charged_when_the_constitution_rounds_months_down(session) -> None:
    _group, loan = _group_lending_a_million(session, InterestMethod.FLAT,
                                           interest_months_round_up=False)
    assert interest_due(session, loan, D(2026, 3, 10), 1) == 20_000
    assert interest_due(session, loan, D(2026, 3, 1), 1) == 0
    assert interest_due(session, loan, D(2026, 4, 2), 1) == 40_000


def test_interest_due_counts_from_the_last_interest_paid(session) -> None:
    _group, loan = _group_lending_a_million(session, InterestMethod.FLAT)
    repay(session, loan, 0, 20_000, D(2026, 3, 2), CLERK)
    assert interest_due(session, loan, D(2026, 4, 2), 1) == 20_000
    assert interest_due(session, loan, D(2026, 5, 2), 1) == 40_000


def test_flat_interest_stays_on_the_original_principal_after_a_part_repayment(session) -> None:
    _group, loan = _group_lending_a_million(session, InterestMethod.FLAT)
    repay(session, loan, 400_000, 20_000, D(2026, 3, 2), CLERK)
    assert interest_due(session, loan, D(2026, 4, 2), 1) == 20_000


def test_declining_interest_falls_after_a_part_repayment(session) -> None:
    _group, loan = _group_lending_a_million(session, InterestMethod.DECLINING)
    repay(session, loan, 400_000, 20_000, D(2026, 3, 2), CLERK)
    assert interest_due(session, loan, D(2026, 4, 2), 1) == 12_000  # 2 % of 600.000
    repay(session, loan, 300_000, 12_000, D(2026, 4, 2), CLERK)
    assert interest_due(session, loan, D(2026, 5, 2), 1) == 6_000  # 2 % of 300.000


def test_declining_interest_after_principal_repaid_without_interest(session) -> None:
    _group, loan = _group_lending_a_million(session, InterestMethod.DECLINING)
    repay(session, loan, 400_000, 0, D(2026, 3, 2), CLERK)  # principal only
    # February on 1.000.000 (20.000), March on 600.000 (12.000).
    assert interest_due(session, loan, D(2026, 4, 2), 1) == 32_000
    # A part month after that runs on 600.000 too.
    assert interest_due(session, loan, D(2026, 4, 10), 1) == 44_000


def test_a_repayment_at_this_meeting_does_not_lower_interest_already_running(session) -> None:
    _group, loan = _group_lending_a_million(session, InterestMethod.DECLINING)
    repay(session, loan, 1_000_000, 0, D(2026, 3, 2), CLERK)
    # The clerk enters the whole principal first; interest for the month is still on 1.000.000.
    assert interest_due(session, loan, D(2026, 3, 2), 1) == 20_000


def test_upfront_interest_is_due_once(session) -> None:
    _group, loan = _group_lending_a_million(session, InterestMethod.UPFRONT)
    repay(session, loan, 0, 60_000, D(2026, 2, 2), CLERK)
    assert interest_due(session, loan, D(2026, 3, 2), 1) == 0
    assert interest_due(session, loan, D(2026, 5, 2), 1) == 0


def test_upfront_interest_partly_paid_leaves_the_rest_due(session) -> None:
    _group, loan = _group_lending_a_million(session, InterestMethod.UPFRONT)
    repay(session, loan, 0, 45_000, D(2026, 2, 2), CLERK)
    assert interest_due(session, loan, D(2026, 3, 2), 1) == 15_000


def test_interest_due_is_rounded_half_up_to_the_groups_unit(session) -> None:
    group = make_hoa_sen(session, monthly_rate=Decimal("1.5"), rounding_unit=1_000)
    buy_shares(session, group, "TV01", 1_000_000)
    buy_shares(session, group, "TV02", 1_000_000)
    loan = lend(session, group, "TV02", 1_250_000)
    assert interest_due(session, loan, D(2026, 3, 2), 1_000) == 19_000  # 18.750


def test_a_repaid_loan_has_no_interest_due(session) -> None:
    _group, loan = _group_lending_a_million(session, InterestMethod.FLAT)
    repay(session, loan, 1_000_000, 40_000, D(2026, 4, 2), CLERK)
    assert interest_due(session, loan, D(2026, 5, 2), 1) == 0


def test_the_loans_schedule_follows_its_own_terms(session) -> None:
    _group, loan = _group_lending_a_million(session, InterestMethod.FLAT)
    rows = loan_schedule(loan, 1_000)
    assert [(r.due_date, r.principal, r.interest) for r in rows] == [
        (D(2026, 3, 2), 333_000, 20_000), (D(2026, 4, 2), 333_000, 20_000),
        (D(2026, 5, 2), 334_000, 20_000)]


# -- overdue and write-off -------------------------------------------------------------------

def test_overdue_days_count_from_the_due_date_while_principal_is_owed(session) -> None:
    _group, loan = _group_lending_a_million(session, InterestMethod.FLAT)
    assert due_date(loan) == D(2026, 5, 2)
    assert overdue_days(loan, 1_000_000, D(2026, 4, 30)) == 0
    assert overdue_days(loan, 1_000_000, D(2026, 5, 2)) == 0
    assert overdue_days(loan, 1_000_000, D(2026, 5, 12)) == 10
    assert overdue_days(loan, 400_000, D(2026, 6, 1)) == 30
    assert overdue_days(loan, 0, D(2026, 6, 1)) == 0  # repaid: not overdue


def test_only_the_board_may_write_off_a_loan(session) -> None:
    _group, loan = _group_lending_a_million(session, InterestMethod.FLAT)
    with pytest.raises(PermissionDenied):
        write_off(session, loan, D(2026, 9, 1), CLERK, "Chị Bình chuyển đi nơi khác")
    assert outstanding(session, loan) == 1_000_000


def test_a_write_off_needs_a_reason(session) -> None:
    _group, loan = _group_lending_a_million(session, InterestMethod.FLAT)
    with pytest.raises(LedgerError):
        write_off(session, loan, D(2026, 9, 1), BOARD, "  ")
    assert outstanding(session, loan) == 1_000_000


def test_a_write_off_removes_the_balance_and_is_audited(session) -> None:
    group, loan = _group_lending_a_million(session, InterestMethod.FLAT)
    repay(session, loan, 400_000, 20_000, D(2026, 3, 2), CLERK)
    written = write_off(session, loan, D(2026, 9, 1), BOARD, "Chị Bình chuyển đi nơi khác")
    assert written == 600_000
    assert outstanding(session, loan) == 0
    assert (loan.written_off_on, loan.written_off_by) == (D(2026, 9, 1), BOARD.name)
    assert fund_position(session, group.id).write_offs == 600_000
    assert overdue_days(loan, 600_000, D(2026, 10, 1)) == 0
    assert interest_due(session, loan, D(2026, 10, 1), 1) == 0
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "write_off"))
    assert (entry.user, entry.entity_id) == (BOARD.name, loan.id)
    assert json.loads(entry.details) == {"amount": 600_000,
                                         "reason": "Chị Bình chuyển đi nơi khác"}
    with pytest.raises(LedgerError):
        write_off(session, loan, D(2026, 9, 2), BOARD, "lần nữa")


def test_a_written_off_loan_is_excluded_from_the_share_out_fund_value(session) -> None:
    group, loan = _group_lending_a_million(session, InterestMethod.FLAT)
    before = preview(session, group)
    assert before.fund_value == 1_000_000  # 0 in the box + 1.000.000 still owed
    assert [p.debt for p in before.payouts if p.code == "TV02"] == [1_000_000]
    write_off(session, loan, D(2026, 9, 1), BOARD, "Chị Bình mất khả năng trả nợ")
    after = preview(session, group)
    assert after.fund_value == 0
    assert [p.debt for p in after.payouts if p.code == "TV02"] == [0]
    position = fund_position(session, group.id)
    assert position.fund_value == position.loan_fund_equity == 0


def test_a_written_off_social_fund_loan_is_borne_by_the_social_fund(session, an_saved) -> None:
    post(session, EventSpec(
        group_id=an_saved.id, cycle_id=an_saved.current_cycle.id,
        kind=EventKind.SOCIAL_FUND_CONTRIBUTION, date=D(2026, 1, 5), amount=200_000,
        lines=lines_for(EventKind.SOCIAL_FUND_CONTRIBUTION, 200_000)))
    loan = lend(session, an_saved, "TV02", 150_000, fund=LoanFund.SOCIAL_FUND)
    write_off(session, loan, D(2026, 9, 1), BOARD, "Hoàn cảnh khó khăn")
    position = fund_position(session, an_saved.id)
    assert position.social_fund == 50_000
    assert position.write_offs == 0
    lines = session.scalars(select(Event).where(Event.kind == EventKind.WRITE_OFF)).one().lines
    assert sorted((line.account, line.amount) for line in lines) == [
        (Account.LOAN, -150_000), (Account.SOCIAL_FUND, 150_000)]


# -- loans and the cash the fund holds (DESIGN §3.3) ------------------------------------------

def test_a_loan_outside_a_meeting_larger_than_the_cash_is_a_warning(session, an_saved) -> None:
    with pytest.raises(LimitWarnings) as raised:
        lend(session, an_saved, "TV03", 3_600_000, override_reason="")
    assert raised.value.warnings == [_(
        "The loan of {amount} đồng is more than the {cash} đồng in cash that the {fund} "
        "holds.").format(amount="3.600.000", cash="3.500.000", fund=_("loan fund"))]
    lend(session, an_saved, "TV03", 3_000_000)  # within the cash and 3 × savings
    assert fund_position(session, an_saved.id).cash_box == 500_000


def test_a_club_cannot_lend_more_than_its_income_fund_holds_without_the_board(session) -> None:
    group = club(session, max_loan_amount=100_000_000)
    registry.add_member(session, group, code="HV02", full_name="Nguyễn Thị Lan",
                        join_date=D(2026, 1, 1), actor=SYSTEM)
    lend(session, group, "HV01", 45_000_000, fund=LoanFund.INCOME_FUND, term_months=10)
    with pytest.raises(LimitWarnings) as raised:
        lend(session, group, "HV02", 8_000_000, fund=LoanFund.INCOME_FUND, term_months=10)
    assert "5.000.000" in raised.value.warnings[0]
    assert _("income-generation fund") in raised.value.warnings[0]
    loan = lend(session, group, "HV02", 8_000_000, fund=LoanFund.INCOME_FUND, term_months=10,
                actor=BOARD, override_reason="Vốn hỗ trợ bổ sung sẽ về tuần sau")
    assert loan.override_reason == "Vốn hỗ trợ bổ sung sẽ về tuần sau"


def _meeting_lending(session, group: Group, rows: list[tuple[str, dict[str, int]]]):  # type: ignore[no-untyped-def]
    meeting = create_meeting(session, group, D(2026, 2, 2), CLERK)
    for code, amounts in rows:
        save_entry(session, meeting, Entry(member_id=member(session, group, code).id,
                                           **amounts), CLERK)
    expected = cash_panel(session, meeting).expected_closing
    record_count(session, meeting, max(expected, 0),
                 "" if expected >= 0 else "Rút tiền ngân hàng về quỹ", CLERK)
    return meeting


def test_the_order_rows_are_typed_in_does_not_make_the_cash_warning_fire(session) -> None:
    # An borrows 600.000 in the first row; the box has only 500.000 until the other members'
    # shares of the same meeting are typed below her.
    group = make_hoa_sen(session, max_shares=50)
    buy_shares(session, group, "TV01", 500_000)
    meeting = _meeting_lending(session, group, [
        ("TV01", {"new_loan": 600_000}), ("TV02", {"shares": 10}), ("TV03", {"shares": 10})])
    assert meeting_cash_warnings(session, meeting) == []
    close_meeting(session, meeting, BOARD)
    assert meeting.is_closed


def test_a_meeting_lending_more_than_its_cash_after_receipts_needs_the_boards_reason(
        session) -> None:
    group = make_hoa_sen(session, max_shares=50)
    buy_shares(session, group, "TV01", 500_000)
    meeting = _meeting_lending(session, group, [
        ("TV01", {"new_loan": 900_000}), ("TV02", {"shares": 10})])
    # 500.000 + 200.000 of shares today: 700.000 held for a 900.000 loan.
    assert meeting_cash_warnings(session, meeting) == [_(
        "The loans of this meeting from the {fund} ({loans} đồng) are more than the {cash} "
        "đồng it held after the meeting's receipts.").format(
        fund=_("loan fund"), loans="900.000", cash="700.000")]
    with pytest.raises(LimitWarnings):
        close_meeting(session, meeting, BOARD)
    assert not meeting.is_closed
    close_meeting(session, meeting, BOARD, override_reason="Tiền gửi ngân hàng rút về")
    assert meeting.is_closed
    loan = session.scalar(select(Loan).where(Loan.meeting_id == meeting.id))
    assert loan.override_reason == "Tiền gửi ngân hàng rút về"
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "override_limit",
                                                    AuditEntry.entity == "meeting"))
    assert json.loads(entry.details)["reason"] == "Tiền gửi ngân hàng rút về"
