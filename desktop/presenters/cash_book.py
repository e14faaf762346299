"""The cash book and the fund books of a group without Qt (sổ thu chi quỹ, sổ quỹ xã hội,
sổ quỹ tăng thu nhập, sổ quỹ hoạt động): choose the book and the period, read the opening
balance, one line per meeting and kind of movement with the running balance, the totals
and the closing balance; the income-generation fund against its seed capital; and for any
line, the meeting and the journal events it comes from (``book_trace.py`` shows them).

The lines are ``cashbook.cash_book``'s, with one difference of order: at each meeting the
money received is listed before the money paid out (``receipts_first``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum
from itertools import groupby
from typing import Any

from desktop.i18n import N_, _
from desktop.models.balances import fund_position
from desktop.models.book_details import (
    LineTrace,
    books_in_use,
    seed_capital_received,
    trace_line,
)
from desktop.models.cashbook import Book, BookLine, cash_book
from desktop.models.clock import today
from desktop.models.database import Ledger
from desktop.models.enums import GroupKind, LoanFund
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_amount, format_date
from desktop.models.group import Group
from desktop.models.indicators import percent
from desktop.models.permissions import Actor
from desktop.presenters.book_labels import event_label
from desktop.presenters.cells import CellKind
from desktop.presenters.figure import Figure
from desktop.presenters.listing import ListingPresenter, Tone
from desktop.presenters.periods import Period, PeriodShown


def books_for(kind: GroupKind, used: set[Book]) -> list[Book]:
    """The books a group of ``kind`` keeps: a savings group its cash book and social fund
    book, a club its funds too; the bank book (and a club's social fund) once used."""
    books = [Book.CASH]
    if Book.BANK in used:
        books.append(Book.BANK)
    if kind != GroupKind.ISHC or Book.SOCIAL_FUND in used:
        books.append(Book.SOCIAL_FUND)
    if kind == GroupKind.ISHC:
        books += [Book.INCOME_FUND, Book.OPERATING_FUND]
    return books


def receipts_first(opening: int, lines: list[BookLine]) -> list[CashRow]:
    """The book's lines with, at each meeting, the money received before the money paid
    out — as a treasurer writes them, so that the running balance never dips below zero
    in the middle of a meeting (the box is counted after both)."""
    ordered: list[BookLine] = []
    for _key, group in groupby(lines, key=lambda line: (line.date, line.meeting_id)):
        meeting = list(group)
        ordered += [line for line in meeting if line.money_out == 0]
        ordered += [line for line in meeting if line.money_out != 0]
    rows, balance = [], opening
    for line in ordered:
        balance += line.money_in - line.money_out
        rows.append(CashRow(line, line.date, balance))
    return rows


class CashColumn(IntEnum):
    NUMBER = 0
    DATE = 1
    WHAT = 2
    WHO = 3
    MONEY_IN = 4
    MONEY_OUT = 5
    BALANCE = 6
    SOURCE = 7


_HEADERS = {
    CashColumn.NUMBER: N_("No."), CashColumn.DATE: N_("Date"), CashColumn.WHAT: N_("Content"),
    CashColumn.WHO: N_("Member"), CashColumn.MONEY_IN: N_("In"), CashColumn.MONEY_OUT: N_("Out"),
    CashColumn.BALANCE: N_("Balance"), CashColumn.SOURCE: N_("Recorded at"),
}


@dataclass(frozen=True)
class CashRow:
    """A line of the book, or (``line is None``) the opening balance at the top."""

    line: BookLine | None
    date: dt.date
    balance: int

    @property
    def key(self) -> Hashable:
        return self.line.event_ids if self.line is not None else ("opening",)


@dataclass(frozen=True)
class BookSummary:
    opening: int
    money_in: int
    money_out: int
    closing: int


@dataclass(frozen=True)
class FundAgainstSeed:
    """The income-generation fund at the end of the period against the seed capital: the
    club must keep the fund whole, and reports show it this way."""

    seed_capital: int
    fund: int
    lent_out: int  # principal owed on the fund's loans
    in_cash: int

    @property
    def times(self) -> Decimal:
        """The fund as a multiple of the seed (1,35 lần), to two decimals."""
        if self.seed_capital <= 0:
            return Decimal(0)
        return (Decimal(self.fund) / Decimal(self.seed_capital)).quantize(
            Decimal("0.01"), ROUND_HALF_UP)

    @property
    def percent(self) -> int:
        return percent(self.fund, self.seed_capital)


class CashBookPresenter(PeriodShown, ListingPresenter[CashRow]):
    """One group's books; ``book`` and the period say which lines are shown."""

    Column = CashColumn
    kinds = {  # noqa: RUF012 - read-only class table
        CashColumn.NUMBER: CellKind.COUNT, CashColumn.DATE: CellKind.DATE,
        CashColumn.MONEY_IN: CellKind.AMOUNT, CashColumn.MONEY_OUT: CellKind.AMOUNT,
        CashColumn.BALANCE: CellKind.AMOUNT,
    }
    total_columns = frozenset({CashColumn.MONEY_IN, CashColumn.MONEY_OUT})
    totals_label_column = CashColumn.WHAT
    number_column = CashColumn.NUMBER
    unsortable = frozenset(CashColumn)  # the running balance only reads in date order

    def __init__(self, ledger: Ledger, actor: Actor, group_id: int) -> None:
        super().__init__()
        self._ledger = ledger
        self.actor = actor
        self.group_id = group_id
        self.book = Book.CASH
        self.period = Period.CYCLE
        self.start = self.end = today()
        self.books: list[Book] = [Book.CASH]
        self.group_kind = GroupKind.VSLA
        self._cycle_start = self._first_start = today()
        self._summary = BookSummary(0, 0, 0, 0)
        self.against_seed: FundAgainstSeed | None = None
        self._read_group()
        self._period_up_to_today()
        self.reload()

    # ------------------------------------------------------------------ shape
    @property
    def columns(self) -> list[IntEnum]:
        return list(CashColumn)

    def headers(self) -> dict[IntEnum, str]:
        return {column: _(text) for column, text in _HEADERS.items()}

    def totals_label(self) -> str:
        return _("Total for the period")

    # ------------------------------------------------------------------ reading
    def _read_group(self) -> None:
        with self._ledger.session() as session:
            group = session.get(Group, self.group_id)
            if group is None:
                raise LedgerError(_("This group no longer exists in the ledger."))
            self.group_kind = GroupKind(group.kind)
            self._cycle_start = group.current_cycle.start_date
            self._first_start = group.cycles[0].start_date
            self.books = books_for(self.group_kind, books_in_use(session, self.group_id))

    def reload(self) -> None:
        """Read the chosen book for the chosen period again."""
        with self._ledger.session() as session:
            book = cash_book(session, self.group_id, self.start, self.end, self.book)
            self.against_seed = None
            if self.book == Book.INCOME_FUND:
                position = fund_position(session, self.group_id, self.end)
                lent = position.outstanding.get(LoanFund.INCOME_FUND, 0)
                self.against_seed = FundAgainstSeed(
                    seed_capital_received(session, self.group_id, self.end),
                    position.income_fund, lent, position.income_fund - lent)
        self._summary = BookSummary(book.opening, book.total_in, book.total_out, book.closing)
        opening = CashRow(None, self.start, book.opening)
        self.set_rows(receipts_first(book.opening, book.lines), fixed_top=[opening])

    def refresh(self) -> None:
        """After a change elsewhere: the books in use and a period up to today move on."""
        self._read_group()
        if self.book not in self.books:
            self.book = Book.CASH
        self._period_up_to_today()
        self.reload()

    def set_book(self, book: Book) -> None:
        if book != self.book:
            self.book = Book(book)
            self.reload()

    def set_range(self, start: dt.date, end: dt.date) -> bool:
        """Dates chosen by the clerk; refused when the end comes before the start."""
        if end < start:
            self._say(_("The period ends on {end}, before it starts on {start}.").format(
                end=format_date(end), start=format_date(start)))
            return False
        self.period = Period.CUSTOM
        self.start, self.end = start, end
        self.reload()
        return True

    def summary(self) -> BookSummary:
        return self._summary

    def figures(self) -> list[Figure]:
        """The cards above the book: the balances, and a club's fund against its seed."""
        summary = self._summary
        figures = [
            Figure(_("Opening balance"), format_amount(summary.opening),
                   _("on {date}").format(date=format_date(self.start))),
            Figure(_("Total money in"), format_amount(summary.money_in)),
            Figure(_("Total money out"), format_amount(summary.money_out)),
            Figure(_("Closing balance"), format_amount(summary.closing),
                   _("at the end of {date}").format(date=format_date(self.end))),
        ]
        seed = self.against_seed
        if seed is not None:
            figures.append(Figure(_("Seed capital"), format_amount(seed.seed_capital)))
            figures.append(Figure(
                _("The fund against the seed"),
                _("{times} times").format(times=str(seed.times).replace(".", ",")),
                _("lent out {lent} · in cash {cash}").format(
                    lent=format_amount(seed.lent_out), cash=format_amount(seed.in_cash))))
        return figures

    # ------------------------------------------------------------------ cells
    def row_key(self, item: CashRow) -> Hashable:
        return item.key

    def cell(self, item: CashRow, column: IntEnum) -> Any:
        line = item.line
        column = CashColumn(column)
        if column == CashColumn.DATE:
            return item.date
        if column == CashColumn.BALANCE:
            return item.balance
        if line is None:
            return _("Balance at the start of the period") if column == CashColumn.WHAT \
                else None
        if column == CashColumn.WHAT:
            what = event_label(line.kind)
            return _("{what}: {note}").format(what=what, note=line.note) if line.note else what
        if column == CashColumn.WHO:
            if line.member_name:
                return f"{line.member_code} {line.member_name}"
            return _("{count} members").format(count=line.members) if line.members > 1 else ""
        if column == CashColumn.SOURCE:
            return _("meeting") if line.meeting_id is not None else _("outside a meeting")
        return line.money_in if column == CashColumn.MONEY_IN else line.money_out

    def display(self, row: int, column: IntEnum) -> str:
        if column == CashColumn.BALANCE:
            return format_amount(self.item(row).balance)  # "0" too: the box can be empty
        return super().display(row, column)

    def tone(self, row: int) -> Tone:
        return Tone.STRONG if self.is_fixed(row) else Tone.PLAIN

    def row_label(self, row: int) -> str:
        item = self.item(row)
        return _("Line of {date}").format(date=format_date(item.date))

    # ------------------------------------------------------------------ tracing
    def trace(self, row: int) -> LineTrace | None:
        """The meeting and events behind the line of ``row`` (``None`` for the opening)."""
        line = self.item(row).line
        if line is None:
            return None
        with self._ledger.session() as session:
            return trace_line(session, self.group_id, self.book, line.event_ids)
