"""Two clerks on one ledger at once, each with her own connection (a ledger on a PostgreSQL
server; on SQLite, two windows on one file): saving the same meeting never loses an update.
The second to save a row or a count that the first changed meanwhile is refused with a
sentence, sees her colleague's figures and keeps what she typed; saving it again then keeps
both. A page refreshed (F5) shows what the other clerk saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from conftest import db_arg, make_hoa_sen
from page_fixtures import open_group_page
from sqlalchemy import func, select

from desktop.models.database import Ledger, open_ledger
from desktop.models.enums import EventKind
from desktop.models.errors import ChangedMeanwhile
from desktop.models.formatting import format_amount
from desktop.models.journal import Event
from desktop.models.meeting import Meeting
from desktop.models.meetings import Entry, save_entry
from desktop.models.permissions import Actor, Role
from desktop.presenters.meeting_sheet import MeetingSheetPresenter, SheetColumn
from desktop.views.meeting_page import MeetingPage

C = SheetColumn
LAN = Actor("Chị Lan (cán bộ)", Role.CLERK)
MAI = Actor("Chị Mai (thủ quỹ)", Role.BOARD)
FEB = dt.date(2026, 2, 1)
ROW_CHANGED = "Someone else saved this member's row meanwhile"
COUNT_CHANGED = "Someone else recorded the counted cash meanwhile"


@pytest.fixture
def other(ledger: Ledger) -> Iterator[Ledger]:
    """The same ledger opened a second time: the other clerk's own connection."""
    opened = open_ledger(db_arg(ledger))
    yield opened
    opened.close()


@pytest.fixture
def group_id(ledger: Ledger) -> int:
    with ledger.session() as session:
        return make_hoa_sen(session).id


@pytest.fixture
def lan(ledger: Ledger, group_id: int) -> MeetingSheetPresenter:
    presenter = MeetingSheetPresenter(ledger, LAN, group_id)
    assert presenter.create_meeting(FEB)
    return presenter


@pytest.fixture
def mai(other: Ledger, group_id: int, lan: MeetingSheetPresenter) -> MeetingSheetPresenter:
    """Mai opens the same meeting on her own connection, before Lan saves anything."""
    return MeetingSheetPresenter(other, MAI, group_id)


def fines(ledger: Ledger) -> list[int]:
    with ledger.session() as session:
        return list(session.scalars(select(Event.amount).where(Event.kind == EventKind.FINE)
                                    .order_by(Event.id)))


def test_a_row_another_clerk_saved_meanwhile_is_refused_shown_and_the_typing_kept(
        lan, mai, english) -> None:
    assert lan.set_text(0, C.SHARES, "2")
    assert not mai.set_text(0, C.FINE, "5.000")
    assert ROW_CHANGED in mai.last_message
    assert mai.display(0, C.FINE) == "5.000"  # what she typed, marked
    assert mai.issue(0, C.FINE) is not None
    assert mai.value(0, C.SHARES) == 2  # the row shows Lan's shares now
    assert mai.value(0, C.FINE) == 0
    assert mai.cash is not None and mai.cash.money_in == 40_000  # and the box her money


def test_saving_the_kept_typing_again_keeps_both_clerks_changes(lan, mai, ledger) -> None:
    assert lan.set_text(0, C.SHARES, "2")
    assert not mai.set_text(0, C.FINE, "5.000")
    assert mai.set_text(0, C.FINE, mai.edit_text(0, C.FINE))
    assert mai.issue(0, C.FINE) is None
    lan.reload()
    assert (lan.value(0, C.SHARES), lan.value(0, C.FINE)) == (2, 5_000)
    assert (mai.value(0, C.SHARES), mai.value(0, C.FINE)) == (2, 5_000)
    with ledger.session() as session:
        bought = session.scalars(select(Event.quantity).where(
            Event.kind == EventKind.SHARE_PURCHASE)).all()
    assert bought == [2]  # Lan's shares were never reversed by Mai's stale row


def test_two_clerks_typing_different_rows_of_one_meeting_both_save(lan, mai) -> None:
    assert lan.set_text(0, C.SHARES, "2")
    assert mai.set_text(1, C.SHARES, "3")
    assert mai.set_text(1, C.FINE, "1.000")
    lan.reload()
    assert [lan.value(row, C.SHARES) for row in range(2)] == [2, 3]


def test_the_same_amount_typed_by_both_clerks_is_saved_once(lan, mai, ledger) -> None:
    assert lan.set_text(2, C.FINE, "2.000")
    assert not mai.set_text(2, C.FINE, "2.000")  # her row was stale: nothing posted twice
    assert fines(ledger) == [2_000]


def test_a_count_another_clerk_recorded_meanwhile_is_refused_and_can_be_recorded_again(
        lan, mai, english) -> None:
    assert lan.record_count("100.000", "")
    assert not mai.record_count("90.000", "Thiếu 10.000 đ")
    assert COUNT_CHANGED in mai.last_message and format_amount(100_000) in mai.last_message
    assert mai.cash is not None and mai.cash.counted == 100_000  # the panel shows Lan's count
    assert mai.record_count("90.000", "Thiếu 10.000 đ")
    lan.reload()
    assert lan.cash is not None and (lan.cash.counted, lan.cash.note) == (90_000,
                                                                          "Thiếu 10.000 đ")


def test_a_meeting_closed_by_another_clerk_refuses_a_stale_save(lan, mai, ledger) -> None:
    assert lan.cash is not None
    assert lan.record_count(str(lan.cash.expected_closing), "")
    mai.reload()
    assert mai.close_meeting()
    assert not lan.set_text(0, C.SHARES, "2")
    assert lan.issue(0, C.SHARES) is not None
    with ledger.session() as session:
        assert session.scalar(select(func.count(Event.id)).where(
            Event.kind == EventKind.SHARE_PURCHASE)) == 0


def test_the_model_refuses_a_row_that_is_not_as_the_clerk_saw_it(ledger, lan) -> None:
    with ledger.session() as session:
        meeting = session.scalar(select(Meeting))
        assert meeting is not None
        member_id = lan.entry(0).member_id
        save_entry(session, meeting, Entry(member_id, fine=1_000), LAN,
                   expected=Entry(member_id))
        with pytest.raises(ChangedMeanwhile) as refused:
            save_entry(session, meeting, Entry(member_id, fine=3_000), LAN,
                       expected=Entry(member_id))
        assert refused.value.current == Entry(member_id, fine=1_000)


def test_the_meeting_page_keeps_a_refused_count_in_its_field(qtbot, ledger, other, group_id,
                                                             lan, english) -> None:
    page = open_group_page(qtbot, MeetingPage, other, MAI, group_id)
    assert lan.record_count("100.000", "")
    page.cash.counted.setText("90.000")
    page.cash.counted.editingFinished.emit()
    assert COUNT_CHANGED in page.said[-1]
    assert page.cash.counted.text() == "90.000"  # her typing, not Lan's count
    assert page.cash.expected.text() != ""


def test_refreshing_the_meeting_page_shows_what_another_clerk_saved(qtbot, ledger, other,
                                                                    group_id, lan) -> None:
    page = open_group_page(qtbot, MeetingPage, other, MAI, group_id)
    assert lan.set_text(1, C.SHARES, "4")
    assert page.presenter.value(1, C.SHARES) == 0
    page.refresh()
    assert page.presenter.value(1, C.SHARES) == 4
    assert page.model.data(page.model.index(1, page.presenter.position(C.SHARES))) == "4"


def test_the_refusals_are_said_in_vietnamese(lan, mai) -> None:
    assert lan.set_text(0, C.SHARES, "2")
    assert not mai.set_text(0, C.FINE, "5.000")
    assert ROW_CHANGED not in mai.last_message and "Người khác" in mai.last_message
    assert lan.record_count("100.000", "")
    assert not mai.record_count("90.000", "")
    assert COUNT_CHANGED not in mai.last_message and "Người khác" in mai.last_message
