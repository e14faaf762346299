"""Passbook lines from the journal, and what has been printed in each physical booklet."""

from __future__ import annotations

import datetime as dt

from print_fixtures import APRIL, FEBRUARY, MARCH, hold_meeting, hold_story, members_by_code
from sqlalchemy import select

from desktop.models import clock, meetings, shareout
from desktop.models.audit import AuditEntry
from desktop.models.meetings import Entry
from desktop.models.passbook import group_passbooks, mark_printed, member_passbook, reset_printed
from desktop.models.passbook_state import PassbookState
from desktop.models.permissions import SYSTEM


def test_one_line_per_meeting_with_running_savings_and_loan_balance(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    binh = members_by_code(session, hoa_sen)["TV02"]
    lines = member_passbook(session, hoa_sen, binh.id).lines
    assert [line.date for line in lines] == [FEBRUARY, MARCH, APRIL]
    assert [line.shares for line in lines] == [4, 3, 3]
    assert [line.savings for line in lines] == [80_000, 60_000, 60_000]
    assert [line.savings_balance for line in lines] == [80_000, 140_000, 200_000]
    assert [line.loan_taken for line in lines] == [0, 300_000, 0]
    assert [line.repaid for line in lines] == [0, 0, 100_000]
    assert [line.interest for line in lines] == [0, 0, 6_000]
    assert [line.loan_balance for line in lines] == [0, 300_000, 200_000]
    assert [line.social_fund for line in lines] == [2_000, 2_000, 2_000]
    assert all(line.meeting_id is not None for line in lines)


def test_a_corrected_cell_shows_what_the_form_says_now(session, hoa_sen) -> None:
    meeting = hold_meeting(session, hoa_sen, FEBRUARY, {"TV01": {"shares": 5}}, close=False)
    an = members_by_code(session, hoa_sen)["TV01"]
    meetings.save_entry(session, meeting, Entry(member_id=an.id, shares=2, social_fund=2_000),
                        SYSTEM)
    [line] = member_passbook(session, hoa_sen, an.id).lines
    assert (line.shares, line.savings, line.savings_balance) == (2, 40_000, 40_000)


def test_a_missed_meeting_leaves_no_line(session, hoa_sen) -> None:
    hold_meeting(session, hoa_sen, FEBRUARY, {"TV01": {"shares": 1}})
    hold_meeting(session, hoa_sen, MARCH, {"TV01": {"absent": 1}})
    an = members_by_code(session, hoa_sen)["TV01"]
    assert [line.date for line in member_passbook(session, hoa_sen, an.id).lines] == [FEBRUARY]


def test_the_share_out_takes_the_savings_out_and_nets_the_debt(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    shareout.close_cycle(session, hoa_sen, dt.date(2026, 4, 30), SYSTEM)
    binh = members_by_code(session, hoa_sen)["TV02"]
    last = member_passbook(session, hoa_sen, binh.id).lines[-1]
    assert last.meeting_id is None and last.date == dt.date(2026, 4, 30)
    assert (last.savings, last.savings_balance) == (-200_000, 0)
    assert (last.repaid, last.loan_balance) == (200_000, 0)


def test_group_passbooks_come_in_vietnamese_name_order(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    books = group_passbooks(session, hoa_sen)
    assert [book.name for book in books] == ["Nguyễn Thị An", "Trần Thị Bình", "Lê Thị Cúc",
                                             "Phạm Thị Dung"]
    assert all(book.lines_printed == 0 and book.page_format == "A6" for book in books)


def test_marking_printed_records_the_lines_and_format(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    books = group_passbooks(session, hoa_sen, default_format="A5")
    mark_printed(session, books, SYSTEM)
    hold_meeting(session, hoa_sen, dt.date(2026, 5, 7), {"TV01": {"shares": 1}})
    after = group_passbooks(session, hoa_sen, default_format="A6")
    an = after[0]
    assert (an.lines_printed, an.page_format, len(an.new_lines)) == (3, "A5", 1)
    assert not an.changed_since_print
    states = session.scalars(select(PassbookState)).all()
    assert len(states) == 4
    actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("print_passbook") == 4


def test_a_reprint_starts_a_new_booklet_in_the_current_format(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    mark_printed(session, group_passbooks(session, hoa_sen, default_format="A5"), SYSTEM)
    books = group_passbooks(session, hoa_sen, default_format="A6", reprint=True)
    assert all(book.lines_printed == 0 and book.page_format == "A6" for book in books)
    an = books[0]
    reset_printed(session, an.member_id, SYSTEM)
    assert session.get(PassbookState, an.member_id).lines_printed == 0


def test_a_printed_line_changed_later_asks_for_a_reprint(session, hoa_sen) -> None:
    meeting = hold_meeting(session, hoa_sen, FEBRUARY, {"TV01": {"shares": 5}}, close=False)
    mark_printed(session, group_passbooks(session, hoa_sen), SYSTEM)
    an = members_by_code(session, hoa_sen)["TV01"]
    clock.pin(dt.datetime(2026, 11, 24, 9, 0))
    meetings.save_entry(session, meeting, Entry(member_id=an.id, shares=3, social_fund=2_000),
                        SYSTEM)
    book = member_passbook(session, hoa_sen, an.id)
    assert book.changed_since_print
    assert not member_passbook(session, hoa_sen, members_by_code(
        session, hoa_sen)["TV02"].id).changed_since_print
