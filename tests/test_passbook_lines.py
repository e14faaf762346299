"""Passbook lines from the journal, and what has been printed in each physical booklet."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from print_fixtures import (
    APRIL,
    FEBRUARY,
    MARCH,
    MAY,
    hold_meeting,
    hold_story,
    members_by_code,
)
from sqlalchemy import select

from desktop.models import clock, meetings, shareout
from desktop.models.audit import AuditEntry
from desktop.models.errors import LedgerError
from desktop.models.meeting import Meeting
from desktop.models.meetings import Entry
from desktop.models.passbook import (
    LineKind,
    PassbookLine,
    changed_message,
    group_passbooks,
    line_digest,
    mark_printed,
    member_passbook,
    print_code,
    reset_printed,
)
from desktop.models.passbook_state import PassbookState
from desktop.models.permissions import SYSTEM, Actor, Role

BOARD = Actor("Chị Hoa (trưởng nhóm)", Role.BOARD)


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
    # What the line is, and the cash Bình took home: 203.055 đ less the 200.000 đ netted.
    assert last.kind == LineKind.SHARE_OUT
    assert last.payout == 3_055


def test_a_leaver_line_says_so_and_shows_the_cash_paid(session, hoa_sen) -> None:
    from desktop.models import registry

    hold_story(session, hoa_sen)
    cuc = members_by_code(session, hoa_sen)["TV03"]
    registry.leave_group(session, cuc, dt.date(2026, 4, 10), "Chuyển đi nơi khác", SYSTEM)
    last = member_passbook(session, hoa_sen, cuc.id).lines[-1]
    assert (last.kind, last.payout, last.savings_balance) == (LineKind.LEAVER, 140_000, 0)


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


def _correct(session, group, day, code: str, **values: int) -> None:  # type: ignore[no-untyped-def]
    """The board reopens the meeting of ``day``, the clerk corrects a member's row, the
    board closes it again."""
    meeting = session.scalar(select(Meeting).where(Meeting.group_id == group.id,
                                                   Meeting.date == day))
    meetings.reopen_meeting(session, meeting, BOARD, "Ghi nhầm số cổ phần")
    member = members_by_code(session, group)[code]
    values.setdefault("social_fund", 2_000)
    meetings.save_entry(session, meeting, Entry(member_id=member.id, **values), SYSTEM)
    panel = meetings.cash_panel(session, meeting)
    meetings.record_count(session, meeting, panel.expected_closing, "", SYSTEM)
    meetings.close_meeting(session, meeting, SYSTEM)
    session.flush()


def test_only_the_lines_of_closed_meetings_are_printed(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    hold_meeting(session, hoa_sen, MAY, {"TV01": {"shares": 1}}, close=False)
    an = member_passbook(session, hoa_sen, members_by_code(session, hoa_sen)["TV01"].id)
    assert len(an.lines) == 4  # the open meeting's line is in the books…
    assert [line.date for line in an.new_lines] == [FEBRUARY, MARCH, APRIL]  # …not printed
    mark_printed(session, [an], SYSTEM)
    assert session.get(PassbookState, an.member_id).lines_printed == 3


def test_a_line_after_an_open_meeting_waits_for_it_too(session, hoa_sen) -> None:
    hold_meeting(session, hoa_sen, FEBRUARY, {"TV01": {"shares": 2}}, close=False)
    hold_meeting(session, hoa_sen, MARCH, {"TV01": {"shares": 1}})
    an = member_passbook(session, hoa_sen, members_by_code(session, hoa_sen)["TV01"].id)
    assert an.new_lines == [] and not an.has_new_lines


def test_a_corrected_printed_line_refuses_the_booklet_until_it_is_reprinted(
        session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    mark_printed(session, group_passbooks(session, hoa_sen), SYSTEM)
    # The clock has not moved: what counts is what the booklet shows, not when.
    _correct(session, hoa_sen, MARCH, "TV01", shares=3)
    hold_meeting(session, hoa_sen, MAY, {"TV01": {"shares": 1}, "TV02": {"shares": 1}})
    books = {book.code: book for book in group_passbooks(session, hoa_sen)}
    an, binh = books["TV01"], books["TV02"]
    assert (an.changed_line, an.blocked) == (1, True)  # line 2, the meeting of 05/03
    assert not binh.changed_since_print and binh.has_new_lines
    message = changed_message(an)
    assert "Nguyễn Thị An (TV01)" in message and "05/03/2026" in message
    assert "trang 1" in message
    with pytest.raises(LedgerError):
        mark_printed(session, [an], SYSTEM)
    # The other booklets carry on; An's flag stays.
    mark_printed(session, [binh], SYSTEM)
    assert group_passbooks(session, hoa_sen)[0].blocked
    # Reprinted from booklet page 1, the booklet is right again and continues after it.
    again = member_passbook(session, hoa_sen, an.member_id, from_page=1)
    assert (again.lines_printed, again.blocked) == (0, False)
    assert [line.shares for line in again.new_lines] == [5, 3, 4, 1]
    mark_printed(session, [again], SYSTEM)
    after = member_passbook(session, hoa_sen, an.member_id)
    assert not after.changed_since_print and not after.has_new_lines


def test_a_correction_put_back_as_it_was_printed_leaves_the_booklet_alone(
        session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    mark_printed(session, group_passbooks(session, hoa_sen), SYSTEM)
    clock.pin(dt.datetime(2026, 11, 24, 9, 0))
    _correct(session, hoa_sen, MARCH, "TV01", shares=3)
    _correct(session, hoa_sen, MARCH, "TV01", shares=5)
    an = member_passbook(session, hoa_sen, members_by_code(session, hoa_sen)["TV01"].id)
    assert not an.changed_since_print


def test_a_booklet_printed_before_digests_were_kept_is_checked_by_date(
        session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    an = members_by_code(session, hoa_sen)["TV01"]
    session.add(PassbookState(member_id=an.id, lines_printed=3, page_format="A6",
                              updated_at=clock.now()))
    session.flush()
    assert not member_passbook(session, hoa_sen, an.id).changed_since_print
    clock.pin(dt.datetime(2026, 11, 24, 9, 0))
    _correct(session, hoa_sen, APRIL, "TV01", shares=2)
    assert member_passbook(session, hoa_sen, an.id).changed_line == 2


def test_reprinting_from_a_booklet_page_keeps_the_pages_before_it(session, hoa_sen) -> None:
    days = [dt.date(2026, 1, 8) + dt.timedelta(weeks=week) for week in range(14)]
    for day in days:
        hold_meeting(session, hoa_sen, day, {"TV01": {"shares": 1}, "TV02": {"absent": 1},
                                             "TV03": {"absent": 1}, "TV04": {"absent": 1}})
    an_id = members_by_code(session, hoa_sen)["TV01"].id
    mark_printed(session, [member_passbook(session, hoa_sen, an_id)], SYSTEM)
    from_two = member_passbook(session, hoa_sen, an_id, from_page=2)
    assert from_two.lines_printed == 12 and [line.date for line in from_two.new_lines] == \
        days[12:]
    # A page the booklet has not reached yet: it simply continues.
    assert member_passbook(session, hoa_sen, an_id, from_page=5).lines_printed == 14
    with pytest.raises(LedgerError):
        member_passbook(session, hoa_sen, an_id, from_page=0)


def test_the_print_code_changes_when_the_books_do(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    code = print_code(group_passbooks(session, hoa_sen))
    assert code == print_code(group_passbooks(session, hoa_sen))
    assert len(code) == 9 and code[4] == "-"
    hold_meeting(session, hoa_sen, MAY, {"TV01": {"shares": 1}})
    assert print_code(group_passbooks(session, hoa_sen)) != code


@settings(max_examples=200, deadline=None)
@given(day=st.dates(), kind=st.sampled_from(list(LineKind)),
       amounts=st.lists(st.integers(-10**15, 10**15), min_size=13, max_size=13))
def test_a_lines_digest_is_the_one_earlier_versions_stored(day, kind, amounts) -> None:
    """Booklets printed before keep their lines' digests in the ledger: the digest written
    out by hand must be the very hash of the JSON list it always was."""
    import hashlib
    import json

    line = PassbookLine(day, None, *amounts[:9], kind=kind, payout=amounts[12],
                        fee=amounts[9], fine=amounts[10], grant=amounts[11])
    shown = [line.date.isoformat(), str(line.kind), line.shares, line.savings,
             line.savings_balance, line.loan_taken, line.repaid, line.written_off,
             line.interest, line.loan_balance, line.social_fund, line.fee, line.fine,
             line.grant, line.payout]
    assert line_digest(line) == hashlib.sha256(json.dumps(shown).encode()).hexdigest()[:12]
