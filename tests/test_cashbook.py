"""The cash book and the fund books: opening balance, lines traceable to their meeting and
events, running balance, closing balance equal to the journal."""

from __future__ import annotations

import datetime as dt

from print_fixtures import APRIL, FEBRUARY, MARCH, hold_meeting, hold_story, members_by_code
from sqlalchemy import select

from desktop.models import meetings
from desktop.models.balances import account_balances
from desktop.models.cashbook import Book, book_balance, cash_book
from desktop.models.enums import Account, EventKind
from desktop.models.journal import Event
from desktop.models.meeting import Meeting
from desktop.models.meetings import Entry
from desktop.models.permissions import SYSTEM

YEAR_START, YEAR_END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def test_the_cash_book_has_one_line_per_meeting_and_kind_with_running_balance(
        session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    book = cash_book(session, hoa_sen.id, YEAR_START, YEAR_END)
    assert book.opening == 0
    february = [line for line in book.lines if line.date == FEBRUARY]
    assert [(line.kind, line.money_in, line.members) for line in february] == [
        (EventKind.SHARE_PURCHASE, 280_000, 4),
        (EventKind.SOCIAL_FUND_CONTRIBUTION, 8_000, 4)]
    loan = next(line for line in book.lines if line.kind == EventKind.LOAN_DISBURSEMENT)
    assert (loan.date, loan.money_out, loan.member_code, loan.member_name) == (
        MARCH, 300_000, "TV02", "Trần Thị Bình")
    balances = [line.balance for line in book.lines]
    assert balances[0] == 280_000 and balances[-1] == book.closing
    assert book.closing == account_balances(session, hoa_sen.id)[Account.CASH] == 555_000
    assert book.total_in - book.total_out == book.closing - book.opening


def test_every_line_names_its_meeting_and_events(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    meeting_ids = dict(session.execute(select(Meeting.date, Meeting.id)).all())
    book = cash_book(session, hoa_sen.id, YEAR_START, YEAR_END)
    for line in book.lines:
        assert line.meeting_id == meeting_ids[line.date]
        events = session.scalars(select(Event).where(Event.id.in_(line.event_ids))).all()
        assert {event.kind for event in events} == {line.kind}
        assert {event.meeting_id for event in events} == {line.meeting_id}


def test_a_period_opens_with_the_balance_before_it(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    april = cash_book(session, hoa_sen.id, dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    assert april.opening == 280_000 + 8_000 + 220_000 + 8_000 - 300_000
    assert april.opening == book_balance(session, hoa_sen.id, Book.CASH, APRIL)
    assert {line.date for line in april.lines} == {APRIL}


def test_a_corrected_cell_nets_on_the_paper_line_and_shows_both_in_detail(
        session, hoa_sen) -> None:
    meeting = hold_meeting(session, hoa_sen, FEBRUARY, {"TV01": {"shares": 5}}, close=False)
    an = members_by_code(session, hoa_sen)["TV01"]
    meetings.save_entry(session, meeting, Entry(member_id=an.id, shares=2, social_fund=2_000),
                        SYSTEM)
    paper = cash_book(session, hoa_sen.id, YEAR_START, YEAR_END)
    shares = [line for line in paper.lines if line.kind == EventKind.SHARE_PURCHASE]
    assert [(line.money_in, len(line.event_ids)) for line in shares] == [(40_000, 3)]
    detail = cash_book(session, hoa_sen.id, YEAR_START, YEAR_END, detail=True)
    shares = [line for line in detail.lines if line.kind == EventKind.SHARE_PURCHASE]
    assert [(line.money_in, line.money_out) for line in shares] == [
        (100_000, 0), (0, 100_000), (40_000, 0)]
    assert detail.closing == paper.closing


def test_the_social_fund_book_grows_with_contributions(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    book = cash_book(session, hoa_sen.id, YEAR_START, YEAR_END, Book.SOCIAL_FUND)
    assert [line.money_in for line in book.lines] == [8_000, 8_000, 8_000]
    assert book.closing == 24_000
