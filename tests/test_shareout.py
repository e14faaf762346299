"""Share-out (tất toán / chia lãi): DESIGN.md §3.4's worked example and every rule around it."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction

import pytest
from conftest import make_hoa_sen
from sqlalchemy import func, select

from desktop.models import registry
from desktop.models.audit import AuditEntry
from desktop.models.balances import (
    account_balances,
    fund_position,
    loan_outstanding,
    member_savings,
    trial_balance,
)
from desktop.models.enums import (
    Account,
    DebtPolicy,
    EventKind,
    GroupKind,
    LeaverPayout,
    ProfitBasis,
)
from desktop.models.errors import LedgerError, PermissionDenied
from desktop.models.group import Cycle, Group
from desktop.models.journal import Event, JournalLine
from desktop.models.loans import member_open_loans, write_off
from desktop.models.meeting import Meeting
from desktop.models.meetings import (
    Entry,
    cash_panel,
    close_meeting,
    create_meeting,
    record_count,
    reopen_meeting,
    save_entry,
)
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM, Actor, Role
from desktop.models.shareout import (
    CashShortfall,
    Holding,
    Leaver,
    close_cycle,
    compute,
    preview,
)
from desktop.models.shareout_record import final_result

D = dt.date
BOARD = Actor("Chị Hoa (Chủ nhiệm)", Role.BOARD)
CLERK = Actor("Chị Lan (cán bộ)", Role.CLERK)


def holding(code: str, shares: int, debt: int = 0, share_value: int = 20_000) -> Holding:
    return Holding(member_id=int(code[-1]), code=code, name=code, shares=shares,
                   savings=shares * share_value, weight=shares * share_value, debt=debt)


EXAMPLE = [holding("TV01", 100), holding("TV02", 80), holding("TV03", 60), holding("TV04", 40)]


def totals_hold(result) -> None:  # type: ignore[no-untyped-def]
    """Nothing vanishes: Σ paid + Σ netted + carry-over == F, to the đồng."""
    assert result.total_paid + result.total_netted + result.carry_over == result.fund_value


# -- compute: the worked example -------------------------------------------------------------

def test_the_worked_example_of_the_design() -> None:
    # Savings 5.600.000 + interest 700.000 + fines 56.000, all loans repaid.
    result = compute(GroupKind.VSLA, 6_356_000, EXAMPLE, 1)
    assert result.fund_value == 6_356_000
    assert result.total_shares == 280
    assert result.value_per_share == 22_700
    assert [p.gross for p in result.payouts] == [2_270_000, 1_816_000, 1_362_000, 908_000]
    assert [p.paid for p in result.payouts] == [2_270_000, 1_816_000, 1_362_000, 908_000]
    assert result.carry_over == 0
    totals_hold(result)


def test_the_worked_example_when_dung_still_owes_300_000() -> None:
    holdings = [*EXAMPLE[:3], holding("TV04", 40, debt=300_000)]
    # F is unchanged: cash 6.056.000 + 300.000 still owed.
    result = compute(GroupKind.VSLA, 6_056_000 + 300_000, holdings, 1)
    dung = result.payouts[3]
    assert (dung.gross, dung.debt, dung.netted, dung.paid, dung.net) == (
        908_000, 300_000, 300_000, 608_000, 608_000)
    assert result.total_paid == 6_056_000  # exactly the cash in the box
    assert result.carry_over == 0
    totals_hold(result)


def test_a_rounding_unit_of_1000_leaves_a_carry_over() -> None:
    # Fines of 57.000 instead: v = 6.357.000 / 280 = 22.703,57… đ
    result = compute(GroupKind.VSLA, 6_357_000, EXAMPLE, 1_000)
    assert result.value_per_share == Fraction(6_357_000, 280)
    assert [p.gross for p in result.payouts] == [2_270_000, 1_816_000, 1_362_000, 908_000]
    assert result.carry_over == 1_000
    totals_hold(result)


def test_a_debt_larger_than_the_payout_leaves_a_negative_net() -> None:
    holdings = [*EXAMPLE[:3], holding("TV04", 40, debt=1_000_000)]
    result = compute(GroupKind.VSLA, 7_056_000, holdings, 1_000)
    dung = result.payouts[3]
    assert dung.gross == 1_008_000
    assert (dung.netted, dung.paid, dung.net) == (1_000_000, 8_000, 8_000)
    holdings = [*EXAMPLE[:3], holding("TV04", 40, debt=1_200_000)]
    dung = compute(GroupKind.VSLA, 7_256_000, holdings, 1_000).payouts[3]
    # Gross 1.036.000 (40 × 25.914,28…), debt 1.200.000: she is paid nothing and still owes.
    assert (dung.gross, dung.netted, dung.paid, dung.net) == (1_036_000, 1_036_000, 0,
                                                              -164_000)


def test_the_block_policy_lists_debtors_and_nets_nothing() -> None:
    holdings = [*EXAMPLE[:3], holding("TV04", 40, debt=300_000)]
    result = compute(GroupKind.VSLA, 6_356_000, holdings, 1, debt_policy=DebtPolicy.BLOCK)
    assert [p.code for p in result.blocking_debtors] == ["TV04"]
    assert result.total_netted == 0
    assert compute(GroupKind.VSLA, 6_356_000, holdings, 1).blocking_debtors == []


def test_asca_profit_is_shared_in_proportion_to_savings() -> None:
    holdings = [Holding(1, "A01", "Lò Thị Xuân", 0, 1_000_000, 1_000_000, 0),
                Holding(2, "A02", "Lò Văn Hùng", 0, 600_000, 600_000, 0),
                Holding(3, "A03", "Cầm Thị Mai", 0, 400_000, 400_000, 0)]
    result = compute(GroupKind.ASCA, 2_301_000, holdings, 1_000)
    assert result.profit == 301_000
    assert result.total_shares is None and result.value_per_share is None
    # 1.150.500 / 690.300 / 460.200 rounded down to the thousand.
    assert [p.gross for p in result.payouts] == [1_150_000, 690_000, 460_000]
    assert result.carry_over == 1_000
    totals_hold(result)


def test_an_asca_loss_is_borne_in_proportion_to_savings_even_with_time_weights() -> None:
    # Xuân saved early (big đồng-days), Hùng late. A loss cannot be weighted by time without
    # handing Xuân a negative share that the rounding would then pay out of thin air.
    holdings = [Holding(1, "A01", "Lò Thị Xuân", 0, 100_000, 100_000 * 300, 0),
                Holding(2, "A02", "Lò Văn Hùng", 0, 1_000_000, 0, 0)]
    result = compute(GroupKind.ASCA, 550_000, holdings, 1_000)
    assert result.profit == -550_000
    assert [p.gross for p in result.payouts] == [50_000, 500_000]
    assert result.carry_over == 0
    totals_hold(result)


def test_asca_with_no_time_weight_falls_back_to_savings() -> None:
    # Everything was saved on the share-out day: no đồng-days, yet the profit is shared.
    holdings = [Holding(1, "A01", "Lò Thị Xuân", 0, 300_000, 0, 0),
                Holding(2, "A02", "Lò Văn Hùng", 0, 100_000, 0, 0)]
    result = compute(GroupKind.ASCA, 440_000, holdings, 1_000)
    assert [p.gross for p in result.payouts] == [330_000, 110_000]
    assert result.carry_over == 0


def test_a_club_is_never_shared_out() -> None:
    with pytest.raises(LedgerError):
        compute(GroupKind.ISHC, 50_000_000, [], 1_000)


def test_the_social_fund_and_leavers_are_shown_not_paid() -> None:
    leaver = Leaver(5, "TV05", "Vũ Thị Én", D(2026, 6, 1), 120_000)
    result = compute(GroupKind.VSLA, 6_356_000, EXAMPLE, 1, social_fund=96_000,
                     leavers=[leaver])
    assert result.social_fund == 96_000
    assert result.leavers == [leaver]
    assert result.total_paid == 6_356_000  # neither is in the payout


# -- the example through the journal ---------------------------------------------------------

def mid(session, group: Group, code: str) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(Member.id).where(Member.group_id == group.id,
                                                  Member.code == code))


def save(session, meeting: Meeting, group: Group, code: str, **amounts) -> Entry:  # type: ignore[no-untyped-def]
    return save_entry(session, meeting, Entry(member_id=mid(session, group, code), **amounts),
                      CLERK)


def close(session, meeting: Meeting) -> None:  # type: ignore[no-untyped-def]
    record_count(session, meeting, cash_panel(session, meeting).expected_closing, "", CLERK)
    close_meeting(session, meeting, BOARD)


def hoa_sen_cycle(session, *, dung_owes: bool = False, fines_of_an: int = 20_000,  # type: ignore[no-untyped-def]
                  close_meetings: bool = True, **constitution) -> Group:
    """The worked example kept by the meeting sheet.

    05/01: shares 100/80/60/40 (the constitution allows up to 100 a meeting here), fines
    56.000, social fund 2.000 each. 02/02: An borrows 5.000.000 (and Dung 300.000).
    02/09: An repays with 7 months' interest at 2 % flat = 700.000.
    """
    settings = dict(max_shares=100, max_term_months=12)
    settings.update(constitution)
    group = make_hoa_sen(session, **settings)
    first = create_meeting(session, group, D(2026, 1, 5), CLERK)
    for code, shares, fine in (("TV01", 100, fines_of_an), ("TV02", 80, 16_000),
                               ("TV03", 60, 10_000), ("TV04", 40, 10_000)):
        save(session, first, group, code, shares=shares, fine=fine, social_fund=2_000)
    second = create_meeting(session, group, D(2026, 2, 2), CLERK)
    save(session, second, group, "TV01", social_fund=2_000, new_loan=5_000_000)
    if dung_owes:
        save(session, second, group, "TV04", social_fund=2_000, new_loan=300_000)
    third = create_meeting(session, group, D(2026, 9, 2), CLERK)
    save(session, third, group, "TV01", social_fund=2_000, repaid=5_000_000, interest=700_000)
    if close_meetings:
        for meeting in (first, second, third):
            close(session, meeting)
    return group


def test_the_worked_example_from_the_meeting_sheets(session) -> None:
    group = hoa_sen_cycle(session)
    result = preview(session, group)
    assert result.fund_value == 6_356_000
    assert result.value_per_share == 22_700
    assert [(p.code, p.shares, p.savings, p.gross, p.paid) for p in result.payouts] == [
        ("TV01", 100, 2_000_000, 2_270_000, 2_270_000),
        ("TV02", 80, 1_600_000, 1_816_000, 1_816_000),
        ("TV03", 60, 1_200_000, 1_362_000, 1_362_000),
        ("TV04", 40, 800_000, 908_000, 908_000),
    ]
    assert result.carry_over == 0
    assert result.social_fund == 12_000  # shown, never in F
    totals_hold(result)


def test_the_worked_example_when_dung_still_owes_from_the_meeting_sheets(session) -> None:
    group = hoa_sen_cycle(session, dung_owes=True)
    position = fund_position(session, group.id)
    assert position.loan_fund_cash == 6_056_000
    result = preview(session, group)
    assert result.fund_value == 6_356_000
    dung = result.payouts[3]
    assert (dung.code, dung.debt, dung.netted, dung.paid) == ("TV04", 300_000, 300_000, 608_000)
    totals_hold(result)


def test_closing_the_cycle_pays_out_in_one_balanced_event(session) -> None:
    group = hoa_sen_cycle(session, dung_owes=True)
    first_cycle = group.current_cycle
    new_cycle = close_cycle(session, group, D(2026, 9, 30), BOARD)
    [event] = session.scalars(select(Event).where(Event.kind == EventKind.SHARE_OUT)).all()
    assert sum(line.amount for line in event.lines) == 0
    assert (event.date, event.amount, event.cycle_id) == (D(2026, 9, 30), 6_056_000,
                                                          first_cycle.id)
    assert trial_balance(session, group.id) == 0
    # Savings paid out, Dung's loan settled from her payout, only the social fund is left.
    assert member_savings(session, group.id) == {}
    assert loan_outstanding(session, group.id) == {}
    balances = account_balances(session, group.id)
    assert balances[Account.CASH] == 14_000
    assert -balances[Account.SOCIAL_FUND] == 14_000
    for account in (Account.INTEREST_INCOME, Account.FINE_INCOME, Account.RETAINED):
        assert balances[account] == 0
    assert (first_cycle.closed, first_cycle.end_date) == (True, D(2026, 9, 30))
    assert group.current_cycle is new_cycle
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "close_cycle"))
    assert json.loads(entry.details) == {
        "carry_over": 0, "fund_value": 6_356_000, "netted": 300_000, "paid": 6_056_000,
        "cash_held": 6_056_000, "cash_needed": 6_056_000, "shortfall": 0, "cut": 0,
        "shortfall_reason": ""}


def test_the_next_cycle_inherits_the_constitution_carry_over_and_social_fund(session) -> None:
    group = hoa_sen_cycle(session, fines_of_an=21_000, rounding_unit=1_000)
    first_cycle = group.current_cycle
    assert preview(session, group).carry_over == 1_000
    second_cycle = close_cycle(session, group, D(2026, 9, 30), BOARD)
    assert (second_cycle.number, second_cycle.start_date, second_cycle.closed) == (
        2, D(2026, 10, 1), False)
    assert second_cycle.constitution() == first_cycle.constitution()
    assert (second_cycle.carry_in, second_cycle.social_fund_in) == (1_000, 12_000)
    position = fund_position(session, group.id)
    assert (position.retained, position.social_fund, position.cash_box) == (1_000, 12_000,
                                                                            13_000)
    assert session.scalar(select(func.count(Cycle.id)).where(Cycle.group_id == group.id)) == 2


def test_the_next_share_out_includes_the_carry_over(session) -> None:
    group = hoa_sen_cycle(session, fines_of_an=21_000, rounding_unit=1_000)
    close_cycle(session, group, D(2026, 9, 30), BOARD)
    meeting = create_meeting(session, group, D(2026, 10, 5), CLERK)
    for code in ("TV01", "TV02", "TV03", "TV04"):
        save(session, meeting, group, code, shares=5)
    result = preview(session, group)
    # 400.000 saved + 1.000 carried: 20 shares at 20.050 đ, rounded down to 100.000 each.
    assert result.fund_value == 401_000
    assert result.total_shares == 20
    assert [p.gross for p in result.payouts] == [100_000] * 4
    assert result.carry_over == 1_000
    totals_hold(result)


def test_closing_the_cycle_needs_every_meeting_closed(session) -> None:
    group = hoa_sen_cycle(session, close_meetings=False)
    with pytest.raises(LedgerError):
        close_cycle(session, group, D(2026, 9, 30), BOARD)
    assert group.current_cycle.number == 1


def test_closing_the_cycle_needs_the_board(session) -> None:
    group = hoa_sen_cycle(session)
    with pytest.raises(PermissionDenied):
        close_cycle(session, group, D(2026, 9, 30), CLERK)
    assert session.scalar(select(Event).where(Event.kind == EventKind.SHARE_OUT)) is None


def test_the_share_out_cannot_be_dated_before_the_last_meeting(session) -> None:
    group = hoa_sen_cycle(session)
    with pytest.raises(LedgerError):
        close_cycle(session, group, D(2026, 9, 1), BOARD)


def test_the_block_policy_stops_the_share_out_until_dung_repays(session) -> None:
    group = hoa_sen_cycle(session, dung_owes=True, debt_policy=DebtPolicy.BLOCK)
    with pytest.raises(LedgerError) as raised:
        close_cycle(session, group, D(2026, 9, 30), BOARD)
    assert "TV04" in str(raised.value)


def test_a_meeting_of_a_shared_out_cycle_cannot_be_reopened(session) -> None:
    group = hoa_sen_cycle(session)
    close_cycle(session, group, D(2026, 9, 30), BOARD)
    meeting = session.scalar(select(Meeting).where(Meeting.date == D(2026, 9, 2)))
    with pytest.raises(LedgerError):
        reopen_meeting(session, meeting, BOARD, "Sửa tiền lãi")
    assert meeting.is_closed


def test_a_club_cannot_close_a_cycle_by_share_out(session) -> None:
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    club = registry.create_group(session, commune, code="LTH01", name="CLB Liên thế hệ",
                                 kind=GroupKind.ISHC, start_date=D(2026, 1, 1), actor=SYSTEM,
                                 seed_capital=50_000_000)
    with pytest.raises(LedgerError):
        close_cycle(session, club, D(2026, 12, 31), BOARD)


# -- ASCA đồng-days through the journal ------------------------------------------------------

def asca(session, basis: ProfitBasis) -> Group:  # type: ignore[no-untyped-def]
    """Nhóm Bản Mới: Xuân saves 600.000 on 05/01, Hùng 600.000 on 05/04; fines 90.000 on
    04/07, the last meeting (180 and 90 days after the deposits)."""
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    group = registry.create_group(session, commune, code="TK02", name="Nhóm tiết kiệm Bản Mới",
                                  kind=GroupKind.ASCA, start_date=D(2026, 1, 1), actor=SYSTEM,
                                  rounding_unit=1_000, profit_basis=basis)
    for code, name in (("A01", "Lò Thị Xuân"), ("A02", "Lò Văn Hùng")):
        registry.add_member(session, group, code=code, full_name=name,
                            join_date=D(2026, 1, 1), actor=SYSTEM)
    for day, code, amounts in ((D(2026, 1, 5), "A01", {"savings": 600_000}),
                               (D(2026, 4, 5), "A02", {"savings": 600_000}),
                               (D(2026, 7, 4), "A01", {"fine": 45_000})):
        meeting = create_meeting(session, group, day, CLERK)
        save(session, meeting, group, code, **amounts)
    save(session, meeting, group, "A02", fine=45_000)
    return group


def test_asca_by_savings_shares_profit_equally_for_equal_savings(session) -> None:
    result = preview(session, asca(session, ProfitBasis.SAVINGS))
    assert (result.fund_value, result.profit) == (1_290_000, 90_000)
    assert [p.gross for p in result.payouts] == [645_000, 645_000]


def test_asca_by_dong_days_rewards_the_earlier_saver(session) -> None:
    group = asca(session, ProfitBasis.DONG_DAYS)
    result = preview(session, group)  # at the last meeting, 04/07/2026
    # Weights 600.000 × 180 and 600.000 × 90: profit split 2 : 1.
    assert [(p.code, p.gross) for p in result.payouts] == [("A02", 630_000),
                                                           ("A01", 660_000)]
    totals_hold(result)
    later = preview(session, group, D(2026, 10, 2))  # 270 and 180 days: 3 : 2
    assert sorted(p.gross for p in later.payouts) == [636_000, 654_000]


# -- members who leave mid-cycle -------------------------------------------------------------

def test_a_leaver_at_face_value_is_paid_their_savings_and_listed(session) -> None:
    group = hoa_sen_cycle(session)
    cuc = session.get(Member, mid(session, group, "TV03"))
    paid = registry.leave_group(session, cuc, D(2026, 9, 10), "Chuyển vào Bình Dương", BOARD)
    assert paid == 1_200_000
    assert (cuc.leave_date, cuc.leave_reason) == (D(2026, 9, 10), "Chuyển vào Bình Dương")
    [payout] = session.scalars(select(Event).where(Event.kind == EventKind.LEAVER_PAYOUT))
    assert (payout.amount, payout.member_id, payout.date) == (1_200_000, cuc.id,
                                                              D(2026, 9, 10))
    assert sorted((line.account, line.amount) for line in payout.lines) == [
        (Account.CASH, -1_200_000), (Account.SAVINGS, 1_200_000)]
    result = preview(session, group)
    assert [p.code for p in result.payouts] == ["TV01", "TV02", "TV04"]
    assert [(x.code, x.leave_date, x.paid) for x in result.leavers] == [
        ("TV03", D(2026, 9, 10), 1_200_000)]
    # Her share of the profit stays with those who remain.
    assert result.fund_value == 6_356_000 - 1_200_000
    assert result.total_paid + result.carry_over == 5_156_000
    totals_hold(result)
    assert trial_balance(session, group.id) == 0


def test_a_leaver_at_share_value_is_paid_shares_times_the_value_that_day(session) -> None:
    group = hoa_sen_cycle(session, leaver_payout=LeaverPayout.SHARE_VALUE)
    cuc = session.get(Member, mid(session, group, "TV03"))
    paid = registry.leave_group(session, cuc, D(2026, 9, 10), "Chuyển vào Bình Dương", BOARD)
    assert paid == 60 * 22_700
    [payout] = session.scalars(select(Event).where(Event.kind == EventKind.LEAVER_PAYOUT))
    # Her savings and her part of the profit leave the box together.
    assert sorted((line.account, line.amount) for line in payout.lines) == [
        (Account.CASH, -1_362_000), (Account.RETAINED, 162_000), (Account.SAVINGS, 1_200_000)]
    result = preview(session, group)
    assert result.fund_value == 6_356_000 - 1_362_000
    assert [p.gross for p in result.payouts] == [2_270_000, 1_816_000, 908_000]
    assert result.carry_over == 0
    assert [x.paid for x in result.leavers] == [1_362_000]
    position = fund_position(session, group.id)
    assert position.fund_value == position.loan_fund_equity


def test_a_leaver_who_owes_has_the_debt_taken_from_the_payout(session) -> None:
    group = hoa_sen_cycle(session, dung_owes=True)
    dung = session.get(Member, mid(session, group, "TV04"))
    paid = registry.leave_group(session, dung, D(2026, 9, 10), "Đi làm xa", BOARD)
    assert paid == 800_000 - 300_000
    assert loan_outstanding(session, group.id) == {}
    assert [x.paid for x in preview(session, group).leavers] == [500_000]


def test_a_leaver_is_not_paid_again_at_the_share_out(session) -> None:
    group = hoa_sen_cycle(session)
    cuc = session.get(Member, mid(session, group, "TV03"))
    registry.leave_group(session, cuc, D(2026, 9, 10), "Chuyển đi", BOARD)
    close_cycle(session, group, D(2026, 9, 30), BOARD)
    share_out = session.scalar(select(Event).where(Event.kind == EventKind.SHARE_OUT))
    assert cuc.id not in {line.member_id for line in share_out.lines}
    cash_paid_to_cuc = session.scalar(select(func.sum(JournalLine.amount)).join(Event).where(
        Event.member_id == cuc.id, JournalLine.account == Account.CASH,
        Event.kind == EventKind.LEAVER_PAYOUT))
    assert cash_paid_to_cuc == -1_200_000


def test_a_member_cannot_leave_twice_or_before_joining(session) -> None:
    group = hoa_sen_cycle(session)
    cuc = session.get(Member, mid(session, group, "TV03"))
    with pytest.raises(LedgerError):
        registry.leave_group(session, cuc, D(2025, 12, 1), "?", BOARD)
    registry.leave_group(session, cuc, D(2026, 9, 10), "Chuyển đi", BOARD)
    with pytest.raises(LedgerError):
        registry.leave_group(session, cuc, D(2026, 9, 11), "Chuyển đi", BOARD)


# -- the date of a share-out -------------------------------------------------------------------

def _shares_bought_on(session, group: Group, day: dt.date, shares: int):  # type: ignore[no-untyped-def]
    members = session.scalars(select(Member).where(Member.group_id == group.id)
                              .order_by(Member.code)).all()
    meeting = create_meeting(session, group, day, CLERK)
    for member in members:
        save_entry(session, meeting, Entry(member.id, shares=shares), CLERK)
    record_count(session, meeting, cash_panel(session, meeting).expected_closing, "", CLERK)
    close_meeting(session, meeting, BOARD)
    return meeting


def test_a_preview_at_a_past_date_counts_only_what_had_happened_by_then(session, hoa_sen) -> None:
    _shares_bought_on(session, hoa_sen, dt.date(2026, 2, 2), 2)  # 4 × 40.000
    _shares_bought_on(session, hoa_sen, dt.date(2026, 3, 2), 1)  # 4 × 20.000
    assert preview(session, hoa_sen).fund_value == 240_000
    then = preview(session, hoa_sen, dt.date(2026, 2, 15))
    assert then.fund_value == 160_000
    assert then.total_shares == 8  # the shares bought on 02/03 are not in it
    assert then.value_per_share == 20_000
    assert [p.savings for p in then.payouts] == [40_000] * 4


def test_closing_a_cycle_before_money_recorded_later_is_refused(session, hoa_sen) -> None:
    from desktop.models.enums import EventKind as Kind
    from desktop.models.posting import EventSpec, lines_for, post

    _shares_bought_on(session, hoa_sen, dt.date(2026, 3, 2), 2)
    post(session, EventSpec(  # the treasurer takes 100.000 đ to the bank a week later
        group_id=hoa_sen.id, cycle_id=hoa_sen.current_cycle.id, kind=Kind.BANK_DEPOSIT,
        date=dt.date(2026, 3, 9), amount=100_000, lines=lines_for(Kind.BANK_DEPOSIT, 100_000)))
    with pytest.raises(LedgerError, match="09/03/2026"):
        close_cycle(session, hoa_sen, dt.date(2026, 3, 5), BOARD)
    assert not hoa_sen.current_cycle.closed
    close_cycle(session, hoa_sen, dt.date(2026, 3, 9), BOARD)
    assert hoa_sen.cycles[0].closed


def test_a_preview_at_a_past_date_takes_each_debt_as_it_stood_that_day(session) -> None:
    # An borrowed 5.000.000 on 02/02 and repaid it on 02/09; on 01/03 she still owed it all.
    group = hoa_sen_cycle(session, dung_owes=True)
    then = preview(session, group, D(2026, 3, 1))
    assert [(p.code, p.debt) for p in then.payouts] == [
        ("TV01", 5_000_000), ("TV02", 0), ("TV03", 0), ("TV04", 300_000)]
    assert then.fund_value == 5_656_000  # no interest received yet
    assert then.cash_held == 5_656_000 - 5_300_000
    now = preview(session, group)
    assert [(p.code, p.debt) for p in now.payouts] == [
        ("TV01", 0), ("TV02", 0), ("TV03", 0), ("TV04", 300_000)]


def test_a_preview_at_a_past_date_ignores_a_write_off_made_later(session) -> None:
    group = hoa_sen_cycle(session, dung_owes=True)
    [loan] = [loan for loan, _owed in member_open_loans(session, group.id,
                                                        mid(session, group, "TV04"))]
    write_off(session, loan, D(2026, 9, 5), BOARD, "Chuyển đi xa")
    assert preview(session, group, D(2026, 9, 3)).payouts[3].debt == 300_000
    assert preview(session, group).payouts[3].debt == 0


# -- cash that is not in the box (DESIGN §3.4 step 4) ------------------------------------------

def dung_owes_more_than_her_share(session) -> Group:  # type: ignore[no-untyped-def]
    """The worked example, then Dung borrows 1.200.000 more on 20/09: she owes 1.500.000
    against a gross of 908.000, and the box holds 4.856.000 of loan-fund cash."""
    group = hoa_sen_cycle(session, dung_owes=True)
    late = create_meeting(session, group, D(2026, 9, 20), CLERK)
    save_entry(session, late, Entry(member_id=mid(session, group, "TV04"), social_fund=2_000,
                                    new_loan=1_200_000), BOARD,
               override_reason="Ban quản lý đồng ý cho vay thêm")
    close(session, late)
    return group


def test_the_preview_shows_the_cash_needed_against_the_cash_held(session) -> None:
    result = preview(session, dung_owes_more_than_her_share(session))
    assert result.fund_value == 6_356_000
    dung = result.payouts[3]
    assert (dung.gross, dung.debt, dung.netted, dung.net, dung.paid, dung.still_owed) == (
        908_000, 1_500_000, 908_000, -592_000, 0, 592_000)
    assert result.cash_held == 4_856_000
    assert result.cash_needed == 2_270_000 + 1_816_000 + 1_362_000
    assert result.shortfall == 592_000
    assert [(p.code, p.still_owed) for p in result.debtors] == [("TV04", 592_000)]
    totals_hold(result)


def test_closing_is_refused_while_the_cash_does_not_cover_the_payouts(session) -> None:
    group = dung_owes_more_than_her_share(session)
    before = account_balances(session, group.id)
    with pytest.raises(CashShortfall) as refused:
        close_cycle(session, group, D(2026, 9, 30), BOARD)
    message = str(refused.value)
    assert "592.000" in message and "TV04" in message and "4.856.000" in message
    assert not group.current_cycle.closed
    assert account_balances(session, group.id) == before


def test_once_dung_repays_the_rest_the_cycle_closes_and_the_box_never_goes_negative(
        session) -> None:
    group = dung_owes_more_than_her_share(session)
    for day, amount in ((D(2026, 9, 27), 300_000), (D(2026, 9, 28), 592_000)):
        meeting = create_meeting(session, group, day, CLERK)
        save(session, meeting, group, "TV04", repaid=amount)  # the oldest loan first
        close(session, meeting)
    result = preview(session, group)
    assert result.shortfall == 0
    close_cycle(session, group, D(2026, 9, 30), BOARD)
    balances = account_balances(session, group.id)
    assert balances[Account.CASH] >= 0
    assert trial_balance(session, group.id) == 0


def test_the_board_may_carry_the_shortfall_as_dungs_loan_and_cut_the_payouts_to_the_cash(
        session) -> None:
    group = dung_owes_more_than_her_share(session)
    preview_result = preview(session, group)
    close_cycle(session, group, D(2026, 9, 30), BOARD,
                carry_shortfall_reason="Chị Dung trả dần ở chu kỳ sau")
    final = final_result(session, group.cycles[0])
    assert final is not None
    # Each payout cut pro rata to the 4.856.000 held, rounded down to the đồng.
    for before, after in zip(preview_result.payouts, final.payouts, strict=True):
        full = before.gross - before.netted
        assert after.paid == int(Fraction(full * 4_856_000, 5_448_000))
        assert after.cut == full - after.paid
    assert final.total_paid <= 4_856_000
    assert final.shortfall_reason == "Chị Dung trả dần ở chu kỳ sau"
    assert final.total_paid + final.total_netted + final.carry_over == final.fund_value
    # The box keeps the social fund and what the rounding left; Dung's 592.000 is still a loan.
    balances = account_balances(session, group.id)
    assert balances[Account.CASH] == 16_000 + 4_856_000 - final.total_paid
    assert balances[Account.CASH] >= 16_000
    assert sum(loan_outstanding(session, group.id).values()) == 592_000
    position = fund_position(session, group.id)
    assert position.fund_value == final.carry_over == group.current_cycle.carry_in
    assert trial_balance(session, group.id) == 0
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "close_cycle"))
    details = json.loads(entry.details)
    assert (details["shortfall"], details["shortfall_reason"]) == (
        592_000, "Chị Dung trả dần ở chu kỳ sau")


def test_dung_repays_her_carried_loan_in_the_next_cycle(session) -> None:
    group = dung_owes_more_than_her_share(session)
    close_cycle(session, group, D(2026, 9, 30), BOARD, carry_shortfall_reason="Trả dần")
    meeting = create_meeting(session, group, D(2026, 10, 5), CLERK)
    save(session, meeting, group, "TV04", repaid=592_000)
    close(session, meeting)
    assert loan_outstanding(session, group.id) == {}
    assert trial_balance(session, group.id) == 0


def test_a_payout_larger_than_the_box_is_paid_from_the_bank(session, hoa_sen) -> None:
    from desktop.models.posting import EventSpec, lines_for, post

    _shares_bought_on(session, hoa_sen, dt.date(2026, 3, 2), 5)  # 400.000 in the box
    post(session, EventSpec(  # 300.000 of it taken to the bank
        group_id=hoa_sen.id, cycle_id=hoa_sen.current_cycle.id, kind=EventKind.BANK_DEPOSIT,
        date=dt.date(2026, 3, 3), amount=300_000,
        lines=lines_for(EventKind.BANK_DEPOSIT, 300_000)))
    close_cycle(session, hoa_sen, dt.date(2026, 3, 5), BOARD)
    balances = account_balances(session, hoa_sen.id)
    assert (balances[Account.CASH], balances[Account.BANK]) == (0, 0)
