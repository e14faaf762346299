"""Where a line of the cash book comes from, without Qt: the journal entries behind it, with
who recorded each and when, and the corrections (a reversal and the new entry) shown as
such. The dialog that opens on a double click shows this table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from enum import IntEnum
from typing import Any

from desktop.i18n import _
from desktop.models.book_details import LineTrace, TracedEvent
from desktop.models.collation import name_sort_key
from desktop.models.formatting import format_date
from desktop.presenters.book_labels import event_label
from desktop.presenters.cells import CellKind
from desktop.presenters.listing import ListingPresenter, Tone


def moment(when: dt.datetime) -> str:
    """A time of recording as the clerk reads it: ``05/02/2026 09:40``."""
    return f"{format_date(when)} {when:%H:%M}"



class TraceColumn(IntEnum):
    NUMBER = 0
    WHO = 1
    WHAT = 2
    MONEY_IN = 3
    MONEY_OUT = 4
    NOTE = 5
    RECORDED = 6


class TracePresenter(ListingPresenter[TracedEvent]):
    """The journal events behind one line of a book, with who recorded each and when, and
    the corrections (a reversal and the new entry) shown as such."""

    kinds = {  # noqa: RUF012 - read-only class table
        TraceColumn.NUMBER: CellKind.COUNT, TraceColumn.MONEY_IN: CellKind.AMOUNT,
        TraceColumn.MONEY_OUT: CellKind.AMOUNT,
    }
    total_columns = frozenset({TraceColumn.MONEY_IN, TraceColumn.MONEY_OUT})
    totals_label_column = TraceColumn.WHAT
    number_column = TraceColumn.NUMBER
    name_columns = frozenset({TraceColumn.WHO})

    def __init__(self, trace: LineTrace) -> None:
        super().__init__()
        self.meeting = trace.meeting
        self.set_rows(trace.events)

    @property
    def columns(self) -> list[IntEnum]:
        return list(TraceColumn)

    def headers(self) -> dict[IntEnum, str]:
        return {TraceColumn.NUMBER: _("No."), TraceColumn.WHO: _("Member"),
                TraceColumn.WHAT: _("Entry"), TraceColumn.MONEY_IN: _("In"),
                TraceColumn.MONEY_OUT: _("Out"), TraceColumn.NOTE: _("Note"),
                TraceColumn.RECORDED: _("Recorded by")}

    def row_key(self, item: TracedEvent) -> Hashable:
        return item.id

    def cell(self, item: TracedEvent, column: IntEnum) -> Any:
        column = TraceColumn(column)
        if column == TraceColumn.WHO:
            return f"{item.member_code} {item.member_name}".strip()
        if column == TraceColumn.WHAT:
            what = event_label(item.kind)
            if item.reverses_id is not None:
                return _("{what} (correction: cancels entry no. {number})").format(
                    what=what, number=item.reverses_id)
            if item.reversed_by_id is not None:
                return _("{what} (cancelled by entry no. {number})").format(
                    what=what, number=item.reversed_by_id)
            return _("{what} (entry no. {number})").format(what=what, number=item.id)
        if column == TraceColumn.NOTE:
            return item.note
        if column == TraceColumn.RECORDED:
            return _("{user}, {when}").format(user=item.created_by or _("unknown"),
                                               when=moment(item.created_at))
        if column == TraceColumn.MONEY_IN:
            return max(item.in_book, 0)
        return max(-item.in_book, 0)

    def sort_value(self, item: TracedEvent, column: IntEnum) -> Any:
        if column == TraceColumn.WHO:
            return (name_sort_key(item.member_name), item.member_code)
        return super().sort_value(item, column)

    def tone(self, row: int) -> Tone:
        item = self.item(row)
        corrected = item.reverses_id is not None or item.reversed_by_id is not None
        return Tone.MUTED if corrected else Tone.PLAIN
