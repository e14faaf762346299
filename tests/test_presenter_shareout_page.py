"""The share-out page presenter, without a display: Hoa Sen's projection (value per share,
gross, debt, net, carry-over, social fund), who may close the cycle and when, the
confirmation's totals, and the new cycle opened after closing."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from conftest import make_hoa_sen
from group_books import BOARD, CLERK, hoa_sen_with_loans, make_club
from print_fixtures import hold_meeting
from sqlalchemy import select

from desktop.i18n import _
from desktop.models import meetings, registry
from desktop.models.audit import AuditEntry
from desktop.models.balances import fund_position
from desktop.models.enums import DebtPolicy, GroupKind
from desktop.models.group import Group
from desktop.models.permissions import SYSTEM
from desktop.presenters.listing import Tone
from desktop.presenters.shareout_page import (
    PayoutColumn,
    ShareOutPresenter,
    format_share_value,
)

P = PayoutColumn


@pytest.fixture
def group_id(ledger) -> int:  # type: ignore[no-untyped-def]
    return hoa_sen_with_loans(ledger)


@pytest.fixture
def sheet(ledger, group_id) -> ShareOutPresenter:  # type: ignore[no-untyped-def]
    return ShareOutPresenter(ledger, BOARD, group_id)


def rows(sheet: ShareOutPresenter) -> list[list[str]]:
    return [[sheet.display(row, column) for column in sheet.columns]
            for row in range(sheet.row_count())]


def test_the_projection_divides_the_fund_value_by_the_shares(sheet) -> None:
    # F = 740.000 of shares + 6.000 interest + 5.000 fines = 751.000 over 37 shares.
    result = sheet.result
    assert (result.fund_value, result.total_shares) == (751_000, 37)
    assert result.value_per_share == Fraction(751_000, 37)
    assert rows(sheet) == [
        # gross, loan owed, taken for the loan, paid in cash, still owes
        ["1", "TV01", "Nguyễn Thị An", "14", "280.000", "284.162", "", "", "284.162", ""],
        ["2", "TV02", "Trần Thị Bình", "10", "200.000", "202.972", "200.000", "200.000",
         "2.972", ""],
        ["3", "TV03", "Lê Thị Cúc", "8", "160.000", "162.378", "150.000", "150.000", "12.378",
         ""],
        ["4", "TV04", "Phạm Thị Dung", "5", "100.000", "101.486", "", "", "101.486", ""]]
    # Nothing vanishes: what is shared plus the carry-over is the fund value.
    assert sheet.total(P.GROSS) + result.carry_over == 751_000


def test_the_cards_show_value_per_share_carry_over_and_social_fund(sheet) -> None:
    cards = {figure.label: figure.value for figure in sheet.figures()}
    assert cards == {_("Fund value"): "751.000", _("Value per share"): "20.297,29",
                     _("Paid in cash"): "400.998", _("Cash held"): "401.000",
                     _("Carry-over"): "2", _("Social fund balance"): "32.000"}


def test_the_value_per_share_is_shown_to_the_dong_and_two_decimals() -> None:
    assert format_share_value(Fraction(6_356_000, 280)) == "22.700"
    assert format_share_value(Fraction(751_000, 37)) == "20.297,29"


def test_a_member_who_owes_more_than_her_share_is_red(ledger) -> None:
    # Bình saved one share (20.000) and borrowed 50.000: she still owes 30.000.
    with ledger.session() as session:
        group = make_hoa_sen(session, max_shares=5)
        hold_meeting(session, group, dt.date(2026, 2, 5), {"TV02": {"shares": 1}})
        hold_meeting(session, group, dt.date(2026, 3, 5), {
            "TV01": {"shares": 5}, "TV02": {"new_loan": 50_000}})
        group_id = group.id
    sheet = ShareOutPresenter(ledger, BOARD, group_id)
    row = sheet.row_of(next(p.member_id for p in sheet.result.payouts if p.code == "TV02"))
    assert (sheet.display(row, P.GROSS), sheet.display(row, P.NETTED),
            sheet.display(row, P.PAID), sheet.display(row, P.STILL_OWED)) == (
        "20.000", "20.000", "", "30.000")
    assert sheet.tone(row) == Tone.ALERT
    assert sheet.tooltip(row, P.STILL_OWED) == _(
        "{name} still owes {amount} đồng after the share-out.").format(
        name="Trần Thị Bình", amount="30.000")


def test_the_share_out_date_is_today_and_never_before_the_last_meeting(sheet) -> None:
    assert sheet.on == dt.date(2026, 11, 23)
    sheet.set_on(dt.date(2026, 9, 1))
    assert sheet.on == dt.date(2026, 10, 1)
    assert sheet.last_message == _("The share-out is held on or after the cycle's last "
                                   "meeting: the date was set to {date}.").format(
        date="01/10/2026")
    sheet.set_on(dt.date(2026, 12, 31))
    assert sheet.on == dt.date(2026, 12, 31) and sheet.close_refusal() == ""


def test_a_clerk_sees_the_projection_but_cannot_close_the_cycle(ledger, group_id) -> None:
    sheet = ShareOutPresenter(ledger, CLERK, group_id)
    assert sheet.row_count() == 4 and not sheet.may_close
    assert sheet.close_cycle() is False
    assert sheet.last_message == _("Only the board may close the cycle and share out.")


def test_an_open_meeting_stops_the_closing(ledger, group_id, sheet) -> None:
    with ledger.session() as session:
        meetings.create_meeting(session, session.get(Group, group_id), dt.date(2026, 11, 20),
                                SYSTEM)
    sheet.reload()
    assert sheet.close_refusal() == _(
        "{count} meetings of the cycle are still open: close them on the meeting sheet "
        "first.").format(count=1)


def test_the_constitution_may_block_the_share_out_until_loans_are_repaid(ledger) -> None:
    sheet = ShareOutPresenter(ledger, BOARD, hoa_sen_with_loans(
        ledger, debt_policy=DebtPolicy.BLOCK))
    assert sheet.close_refusal() == _(
        "The constitution blocks the share-out until every loan is repaid: {codes}.").format(
        codes="TV02, TV03")


def test_the_confirmation_lists_the_totals(sheet) -> None:
    text = sheet.confirmation()
    for expected in (
            _("Close cycle {number} and share out on {date}?").format(number=1,
                                                                     date="23/11/2026"),
            _("Fund value: {amount} đồng").format(amount="751.000"),
            _("Value per share: {value} đồng ({shares} shares)").format(value="20.297,29",
                                                                       shares="37"),
            _("Paid in cash: {amount} đồng").format(amount="400.998"),
            _("Loans netted: {amount} đồng").format(amount="350.000"),
            _("Carried over to the next cycle: {amount} đồng").format(amount="2"),
            _("Social fund carried over: {amount} đồng").format(amount="32.000")):
        assert expected in text.splitlines()


def test_the_board_closes_the_cycle_and_the_next_one_opens(ledger, sheet, group_id) -> None:
    assert sheet.close_refusal() == ""
    assert sheet.close_cycle()
    opened = sheet.opened
    assert opened is not None
    assert (opened.number, opened.start, opened.carry_in, opened.social_fund_in) == (
        2, dt.date(2026, 11, 24), 2, 32_000)
    assert sheet.cycle.number == 2 and sheet.meetings == 0
    assert sheet.close_refusal() == _(
        "The cycle has no meeting yet: there is nothing to share out.")
    assert sheet.last_message == _(
        "Cycle {closed} is closed and shared out; cycle {number} is open from {date}.").format(
        closed=1, number=2, date="24/11/2026")
    with ledger.session() as session:
        group = session.get(Group, group_id)
        assert [(c.number, c.closed) for c in group.cycles] == [(1, True), (2, False)]
        entry = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "close_cycle")).one()
        assert entry.user == BOARD.name


def test_an_asca_shows_savings_and_profit_instead_of_shares(ledger) -> None:
    with ledger.session() as session:
        commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
        group = registry.create_group(session, commune, code="BA01", name="Nhóm tiết kiệm Bình An",
                                      kind=GroupKind.ASCA, start_date=dt.date(2026, 1, 1),
                                      actor=SYSTEM, rounding_unit=1_000)
        for code, name in (("TV01", "Đinh Thị Xuân"), ("TV02", "Cao Thị Yến")):
            registry.add_member(session, group, code=code, full_name=name,
                                join_date=dt.date(2026, 1, 1), actor=SYSTEM)
        hold_meeting(session, group, dt.date(2026, 3, 1), {
            "TV01": {"savings": 300_000, "fine": 10_000}, "TV02": {"savings": 100_000}})
        group_id = group.id
    sheet = ShareOutPresenter(ledger, BOARD, group_id)
    assert P.SHARES not in sheet.columns
    cards = {figure.label: figure.value for figure in sheet.figures()}
    assert cards[_("Profit to share")] == "10.000"
    assert [sheet.display(row, P.GROSS) for row in range(2)] == ["307.000", "102.000"]


def test_a_club_is_not_shared_out(ledger) -> None:
    sheet = ShareOutPresenter(ledger, BOARD, make_club(ledger))
    assert sheet.row_count() == 0 and sheet.figures() == []
    assert sheet.close_refusal() == _("A club's funds are not shared out.")


def bình_owes_more_than_the_box_holds(ledger) -> int:  # type: ignore[no-untyped-def]
    """Bình saved one share and borrowed 50.000; An saved 5 shares. The box holds 70.000 of
    loan-fund cash but An and the others are owed 100.000 + …: 30.000 short."""
    with ledger.session() as session:
        group = make_hoa_sen(session, max_shares=5)
        hold_meeting(session, group, dt.date(2026, 2, 5), {"TV02": {"shares": 1}})
        hold_meeting(session, group, dt.date(2026, 3, 5), {
            "TV01": {"shares": 5}, "TV02": {"new_loan": 50_000}})
        return group.id


def test_the_page_says_the_cash_is_short_and_who_must_repay_first(ledger) -> None:
    sheet = ShareOutPresenter(ledger, BOARD, bình_owes_more_than_the_box_holds(ledger))
    assert (sheet.result.cash_held, sheet.result.cash_needed, sheet.shortfall) == (
        70_000, 100_000, 30_000)
    cards = {figure.label: (figure.value, figure.hint) for figure in sheet.figures()}
    assert cards[_("Cash held")] == ("70.000", _("short by {amount}").format(amount="30.000"))
    text = sheet.shortfall_text()
    assert "100.000" in text and "70.000" in text and "30.000" in text
    assert _("{code} {name}: {amount} đồng").format(
        code="TV02", name="Trần Thị Bình", amount="30.000") in text


def test_closing_with_a_shortfall_is_refused_without_the_boards_reason(ledger) -> None:
    sheet = ShareOutPresenter(ledger, BOARD, bình_owes_more_than_the_box_holds(ledger))
    sheet.set_on(dt.date(2026, 3, 31))
    assert sheet.close_cycle() is False
    assert "30.000" in sheet.last_message and "TV02" in sheet.last_message
    assert sheet.cycle.number == 1


def test_the_board_carries_the_shortfall_and_the_payouts_are_cut_to_the_cash(ledger) -> None:
    sheet = ShareOutPresenter(ledger, BOARD, bình_owes_more_than_the_box_holds(ledger))
    sheet.set_on(dt.date(2026, 3, 31))
    assert sheet.close_cycle(carry_reason="Chị Bình trả ở chu kỳ sau") is True
    assert sheet.cycle.number == 2
    with ledger.session() as session:
        group = session.get(Group, sheet.group_id)
        assert fund_position(session, group.id).cash_box >= 0
