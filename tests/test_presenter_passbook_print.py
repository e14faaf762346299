"""Choosing what to print into the booklets, without a display: each booklet's state in
words, and what the dialog offers first."""

from __future__ import annotations

from print_fixtures import MARCH, MAY, hold_meeting, hold_story, members_by_code
from sqlalchemy import select

from desktop.i18n import _
from desktop.models import meetings
from desktop.models.meeting import Meeting
from desktop.models.meetings import Entry
from desktop.models.passbook import group_passbooks, mark_printed
from desktop.models.permissions import SYSTEM, Actor, Role
from desktop.presenters.passbook_print import PassbookChoices, PrintMode

BOARD = Actor("Chị Hoa (trưởng nhóm)", Role.BOARD)


def _story_printed_then_corrected(ledger) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Hoa Sen's three meetings printed in every booklet; then An's line of 05/03 corrected
    and a fourth meeting held. Returns the members' ids by code."""
    from conftest import make_hoa_sen

    with ledger.session() as session:
        group = make_hoa_sen(session)
        hold_story(session, group)
        mark_printed(session, group_passbooks(session, group), SYSTEM)
        meeting = session.scalar(select(Meeting).where(Meeting.date == MARCH))
        meetings.reopen_meeting(session, meeting, BOARD, "Ghi nhầm")
        ids = {code: member.id for code, member in members_by_code(session, group).items()}
        meetings.save_entry(session, meeting, Entry(member_id=ids["TV01"], shares=2,
                                                    social_fund=2_000), SYSTEM)
        meetings.record_count(session, meeting,
                              meetings.cash_panel(session, meeting).expected_closing, "", SYSTEM)
        meetings.close_meeting(session, meeting, SYSTEM)
        hold_meeting(session, group, MAY, {"TV02": {"shares": 1}})
        ids["group"] = group.id
    return ids


def test_each_booklet_is_described_and_a_changed_one_is_offered_its_reprint(ledger) -> None:
    ids = _story_printed_then_corrected(ledger)
    choices = PassbookChoices(ledger, ids["group"])
    an, binh = choices.booklet(ids["TV01"]), choices.booklet(ids["TV02"])
    assert (an.changed_line, an.changed_page, an.lines_printed) == (1, 1, 3)
    assert (binh.changed_line, binh.waiting, binh.pages_printed) == (None, 1, 1)
    assert choices.suggested(ids["TV01"]) == (PrintMode.FROM_PAGE, 1)
    assert choices.suggested(ids["TV02"]) == (PrintMode.NEW_LINES, 1)
    assert "05/03/2026" in choices.describe(ids["TV01"])
    assert choices.describe(ids["TV02"]) == _(
        "{lines} lines are in the booklet ({pages} pages); {count} new lines to print.").format(
        lines=3, pages=1, count=1)
    group = choices.describe(None)
    assert "TV01" in group and str(len(choices.booklets)) in group
    request = choices.request(ids["TV01"], PrintMode.FROM_PAGE, 1)
    assert (request.member_ids, request.from_page, request.reprint) == ([ids["TV01"]], 1, False)
    assert choices.request(None, PrintMode.NEW_BOOKLET, 3).from_page is None


def test_a_booklet_never_printed_says_how_many_lines_wait(ledger) -> None:
    from conftest import make_hoa_sen

    with ledger.session() as session:
        group = make_hoa_sen(session)
        hold_story(session, group)
        group_id, an = group.id, members_by_code(session, group)["TV01"].id
    choices = PassbookChoices(ledger, group_id)
    assert choices.describe(an) == _("Not printed yet: {count} lines to print.").format(count=3)
    assert not choices.changed
