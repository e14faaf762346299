"""The share-out tab driven by the clerk (who looks) and the board (who closes the cycle):
the cards and the table, a share-out date chosen, the confirmation with the totals, the new
cycle shown afterwards, and what stops the closing said on the page."""

from __future__ import annotations

import datetime as dt

from group_books import BOARD, CLERK, hoa_sen_with_loans
from page_fixtures import open_group_page
from PySide6.QtCore import QDate

from desktop.i18n import _
from desktop.models import meetings
from desktop.models.group import Group
from desktop.models.permissions import SYSTEM, Actor
from desktop.presenters.shareout_page import PayoutColumn
from desktop.views.shareout_page import ShareOutPage

P = PayoutColumn


def open_page(qtbot, ledger, actor: Actor, group_id: int | None = None) -> ShareOutPage:  # type: ignore[no-untyped-def]
    return open_group_page(qtbot, ShareOutPage, ledger, actor,
                           group_id or hoa_sen_with_loans(ledger))


def cell(page: ShareOutPage, row: int, column: PayoutColumn) -> str:
    return page.model.index(row, page.presenter.position(column)).data()


def test_the_clerk_sees_the_projection_and_a_closing_button_the_board_approves(
        qtbot, ledger) -> None:
    page = open_page(qtbot, ledger, CLERK)
    cards = page.cards.values()
    assert (cards[_("Value per share")], cards[_("Carry-over")],
            cards[_("Social fund balance")]) == ("20.297,29", "2", "32.000")
    assert [cell(page, row, P.PAID) for row in range(4)] == [
        "284.162", "2.972", "12.378", "101.486"]
    assert page.footer.totals.index(0, page.presenter.position(P.GROSS)).data() == "750.998"
    assert not page.close_button.isHidden()  # a board member approves it with a password


def test_choosing_another_share_out_date(qtbot, ledger) -> None:
    page = open_page(qtbot, ledger, CLERK)
    page.on.setDate(QDate(2026, 12, 20))
    assert page.presenter.on == dt.date(2026, 12, 20)
    assert "20/12/2026" in page.projection.text()


def test_the_board_confirms_the_totals_and_the_new_cycle_is_shown(qtbot, ledger) -> None:
    page = open_page(qtbot, ledger, BOARD)
    asked: list[str] = []
    page.confirm = lambda _parent, _title, text: asked.append(text) or True
    assert page.close_button.isVisible() and page.close_button.isEnabled()
    page.close_button.click()
    assert _("Paid in cash: {amount} đồng").format(amount="400.998") in asked[0]
    assert _("Carried over to the next cycle: {amount} đồng").format(amount="2") in asked[0]
    assert page.opened.text() == _(
        "Cycle {number} is open from {date}: {carry} đồng carried over to the loan fund, "
        "{social} đồng in the social fund. Meetings are now recorded in the new cycle.").format(
        number=2, date="24/11/2026", carry="2", social="32.000")
    assert page.cycle_label.text() == _("Cycle {number}, from {date}").format(
        number=2, date="24/11/2026")
    assert page.changed == [True]  # type: ignore[attr-defined]
    assert not page.close_button.isEnabled()  # the new cycle has no meeting yet


def test_the_board_may_still_say_no(qtbot, ledger) -> None:
    page = open_page(qtbot, ledger, BOARD)
    page.confirm = lambda *_args: False
    assert page.close_cycle() is False
    assert page.presenter.cycle.number == 1 and page.changed == []  # type: ignore[attr-defined]


def test_an_open_meeting_is_named_as_what_stops_the_closing(qtbot, ledger) -> None:
    group_id = hoa_sen_with_loans(ledger)
    with ledger.session() as session:
        meetings.create_meeting(session, session.get(Group, group_id), dt.date(2026, 11, 20),
                                SYSTEM)
    page = open_page(qtbot, ledger, BOARD, group_id)
    assert not page.close_button.isEnabled()
    assert page.refusal.text() == _("The cycle cannot be closed yet: {reason}").format(
        reason=_("{count} meetings of the cycle are still open: close them on the meeting "
                 "sheet first.").format(count=1))


def bình_owes_more_than_the_box_holds(ledger) -> int:  # type: ignore[no-untyped-def]
    from conftest import make_hoa_sen
    from print_fixtures import hold_meeting

    with ledger.session() as session:
        group = make_hoa_sen(session, max_shares=5)
        hold_meeting(session, group, dt.date(2026, 2, 5), {"TV02": {"shares": 1}})
        hold_meeting(session, group, dt.date(2026, 3, 5), {
            "TV01": {"shares": 5}, "TV02": {"new_loan": 50_000}})
        return group.id


def test_a_cash_shortfall_is_shown_and_the_board_must_give_a_reason_to_carry_it(
        qtbot, ledger) -> None:
    page = open_page(qtbot, ledger, BOARD, bình_owes_more_than_the_box_holds(ledger))
    assert page.short.isVisible() and "30.000" in page.short.text()
    assert "TV02" in page.short.text()
    asked: list[str] = []
    page.ask_carry = lambda _parent, _title, text: asked.append(text) or None  # cancelled
    page.confirm = lambda *_args: True
    page.close_button.click()
    assert asked and "30.000" in asked[0]
    assert page.presenter.cycle.number == 1 and page.changed == []  # type: ignore[attr-defined]

    page.ask_carry = lambda *_args: "Chị Bình trả ở chu kỳ sau"
    page.close_button.click()
    assert page.presenter.cycle.number == 2
    assert not page.short.isVisible()


def test_a_refused_closing_is_said_in_a_dialog_not_only_in_the_status_bar(qtbot, ledger) -> None:
    page = open_page(qtbot, ledger, CLERK.__class__("Chị Hoa", BOARD.role))
    told: list[str] = []
    page.tell = lambda _parent, _title, text: told.append(text)
    page.confirm = lambda *_args: True
    page.presenter.on = dt.date(2026, 1, 1)  # before the last meeting: refused
    page.close_cycle()
    assert told and told[0] == page.presenter.close_refusal()
