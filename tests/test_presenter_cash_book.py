"""The cash book presenter, without a display: Hoa Sen's cash book with its opening line,
running balance and totals, the social fund book, a period chosen, a line traced to its
meeting and entries (a correction shown as one), and a club's fund against its seed."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import make_hoa_sen
from group_books import BOARD, CLERK, hoa_sen_with_story, make_club
from print_fixtures import FEBRUARY, hold_meeting, members_by_code

from desktop.i18n import _
from desktop.models import meetings
from desktop.models.cashbook import Book
from desktop.models.enums import EventKind, GroupKind
from desktop.models.formatting import format_amount
from desktop.models.group import Group
from desktop.models.meetings import Entry
from desktop.models.permissions import SYSTEM
from desktop.presenters.book_labels import event_label
from desktop.presenters.book_trace import TraceColumn, TracePresenter
from desktop.presenters.cash_book import CashBookPresenter, CashColumn, books_for
from desktop.presenters.listing import Tone
from desktop.presenters.periods import Period, period_range

C = CashColumn


@pytest.fixture
def book(ledger) -> CashBookPresenter:  # type: ignore[no-untyped-def]
    return CashBookPresenter(ledger, CLERK, hoa_sen_with_story(ledger))


def line(book: CashBookPresenter, row: int) -> list[str]:
    return [book.display(row, column) for column in book.columns]


def test_the_cash_book_opens_with_the_balance_before_the_period(book) -> None:
    # The cycle began on 01/01/2026 with an empty box: the opening line says 0, in bold.
    assert book.period == Period.CYCLE
    assert (book.start, book.end) == (dt.date(2026, 1, 1), dt.date(2026, 11, 23))
    assert line(book, 0) == ["", "01/01/2026", _("Balance at the start of the period"), "", "",
                             "", "0", ""]
    assert book.tone(0) == Tone.STRONG


def test_each_meeting_gives_a_line_per_kind_with_the_running_balance(book) -> None:
    # February: four members bought 14 shares (280.000) and paid 8.000 to the social fund.
    assert line(book, 1) == ["1", "05/02/2026", event_label(
        EventKind.SHARE_PURCHASE), _("{count} members").format(count=4), "280.000",
        "", "280.000", _("meeting")]
    assert line(book, 2)[4:7] == ["8.000", "", "288.000"]
    loan = next(row for row in range(book.row_count())
                if book.display(row, C.MONEY_OUT) == "300.000")
    assert book.display(loan, C.WHO) == "TV02 Trần Thị Bình"


def test_the_totals_and_the_closing_balance(book) -> None:
    summary = book.summary()
    assert (summary.opening, summary.closing) == (0, 555_000)
    assert summary.money_in - summary.money_out == 555_000
    assert book.total_display(C.MONEY_OUT) == "300.000"
    assert book.display(book.row_count() - 1, C.BALANCE) == "555.000"
    labels = [figure.label for figure in book.figures()]
    assert labels == [_("Opening balance"), _("Total money in"), _("Total money out"),
                      _("Closing balance")]


def test_the_social_fund_book(book) -> None:
    book.set_book(Book.SOCIAL_FUND)
    assert [book.display(row, C.MONEY_IN) for row in range(1, book.row_count())] == [
        "8.000", "8.000", "8.000"]
    assert book.summary().closing == 24_000


def test_a_period_of_dates_opens_with_what_came_before(book) -> None:
    # April alone: it opens with February's and March's 216.000.
    assert book.set_range(dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    assert book.period == Period.CUSTOM
    assert book.summary().opening == 216_000
    assert {book.display(row, C.DATE) for row in range(1, book.row_count())} == {"02/04/2026"}


def test_a_period_that_ends_before_it_starts_is_refused(book) -> None:
    assert book.set_range(dt.date(2026, 5, 1), dt.date(2026, 4, 1)) is False
    assert book.last_message == _("The period ends on {end}, before it starts on {start}.")\
        .format(end="01/04/2026", start="01/05/2026")


def test_named_periods_run_to_today() -> None:
    today, start = dt.date(2026, 11, 23), dt.date(2025, 12, 1)
    assert period_range(Period.MONTH, today, start, start) == (dt.date(2026, 11, 1), today)
    assert period_range(Period.QUARTER, today, start, start) == (dt.date(2026, 10, 1), today)
    assert period_range(Period.YEAR, today, start, start) == (dt.date(2026, 1, 1), today)
    assert period_range(Period.CYCLE, today, start, start) == (start, today)


def test_a_line_is_traced_to_its_meeting_and_entries(book) -> None:
    trace = book.trace(1)
    assert trace is not None and trace.meeting is not None
    assert (trace.meeting.date, trace.meeting.closed, trace.meeting.closed_by) == (
        FEBRUARY, True, SYSTEM.name)
    entries = TracePresenter(trace)
    assert [entries.display(row, TraceColumn.WHO) for row in range(entries.row_count())] == [
        "TV01 Nguyễn Thị An", "TV02 Trần Thị Bình", "TV03 Lê Thị Cúc", "TV04 Phạm Thị Dung"]
    assert entries.total_display(TraceColumn.MONEY_IN) == "280.000"
    assert book.trace(0) is None  # the opening balance comes from no entry


def test_a_corrected_cell_shows_the_wrong_entry_cancelled_and_the_right_one(ledger) -> None:
    # An shares 5, then the clerk corrects it to 2: the book line nets to 40.000.
    with ledger.session() as session:
        group = session.get(Group, hoa_sen_with_story(ledger))
        meeting = hold_meeting(session, group, dt.date(2026, 5, 7), {"TV01": {"shares": 5}},
                               close=False)
        an = members_by_code(session, group)["TV01"]
        meetings.save_entry(session, meeting, Entry(member_id=an.id, shares=2,
                                                    social_fund=2_000), SYSTEM)
        group_id = group.id
    book = CashBookPresenter(ledger, CLERK, group_id)
    row = next(row for row in range(1, book.row_count())
               if book.display(row, C.DATE) == "07/05/2026"
               and book.display(row, C.MONEY_IN) == "40.000")
    trace = book.trace(row)
    assert trace is not None and trace.meeting is not None and not trace.meeting.closed
    entries = TracePresenter(trace)
    texts = [entries.display(number, TraceColumn.WHAT) for number in range(entries.row_count())]
    assert len(texts) == 3
    assert "(" in texts[0] and entries.tone(0) == Tone.MUTED and entries.tone(1) == Tone.MUTED
    assert entries.tone(2) == Tone.PLAIN
    assert [entries.display(number, TraceColumn.MONEY_IN) for number in range(3)] == [
        "100.000", "", "40.000"]
    assert entries.display(1, TraceColumn.MONEY_OUT) == "100.000"


def test_a_savings_group_keeps_a_cash_book_and_a_social_fund_book() -> None:
    assert books_for(GroupKind.VSLA, {Book.CASH}) == [Book.CASH, Book.SOCIAL_FUND]
    assert books_for(GroupKind.ASCA, {Book.CASH, Book.BANK}) == [
        Book.CASH, Book.BANK, Book.SOCIAL_FUND]
    assert books_for(GroupKind.ISHC, {Book.CASH}) == [
        Book.CASH, Book.INCOME_FUND, Book.OPERATING_FUND]


def test_a_clubs_income_fund_against_its_seed_capital(ledger) -> None:
    # 50 million received; 5 million lent to Hồng: the fund is whole, 45 million in cash.
    book = CashBookPresenter(ledger, BOARD, make_club(ledger))
    assert book.books == [Book.CASH, Book.INCOME_FUND, Book.OPERATING_FUND]
    book.set_book(Book.INCOME_FUND)
    seed = book.against_seed
    assert seed is not None
    assert (seed.seed_capital, seed.fund, seed.lent_out, seed.in_cash) == (
        50_000_000, 50_000_000, 5_000_000, 45_000_000)
    assert seed.percent == 100
    cards = {figure.label: figure for figure in book.figures()}
    assert cards[_("Seed capital")].value == "50.000.000"
    assert cards[_("The fund against the seed")].value == _("{times} times").format(
        times="1,00")
    assert line(book, 1)[2] == event_label(EventKind.SEED_CAPITAL)
    book.set_book(Book.OPERATING_FUND)
    assert book.against_seed is None and book.summary().closing == 5_000


def test_at_a_meeting_the_money_received_comes_before_the_money_paid_out(ledger) -> None:
    # April: Bình repays 50.000 and An borrows 50.000 — the repayment is written first,
    # as the treasurer writes it, and the running balance follows that order.
    with ledger.session() as session:
        group = make_hoa_sen(session)
        hold_meeting(session, group, FEBRUARY, {"TV01": {"shares": 5}, "TV02": {"shares": 5}})
        hold_meeting(session, group, dt.date(2026, 3, 5), {"TV02": {"new_loan": 100_000}})
        hold_meeting(session, group, dt.date(2026, 4, 2), {
            "TV01": {"new_loan": 50_000}, "TV02": {"repaid": 50_000, "interest": 2_000}})
        group_id = group.id
    book = CashBookPresenter(ledger, CLERK, group_id)
    april = [row for row in range(1, book.row_count())
             if book.display(row, C.DATE) == "02/04/2026"]
    assert [(book.display(row, C.MONEY_IN), book.display(row, C.MONEY_OUT))
            for row in april][-3:] == [("50.000", ""), ("2.000", ""), ("", "50.000")]
    assert book.display(april[-1], C.BALANCE) == format_amount(book.summary().closing)
