"""What closes an administrative document: its last table kept on one page with the
totals in words and the signatures, and the "Nơi nhận" list (Decree 30/2020)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from desktop.printing import wording
from desktop.printing.layout import ledger_table, para, styles


class TableWithClosing(Flowable):
    """A ledger table and what closes it (the totals in words, the signatures), kept on one
    page with at least the table's last ``keep_rows`` rows: when they do not fit under the
    table, the table breaks earlier rather than leave the signatures alone on a page. The
    rest of a long table flows on as usual, its headings repeated."""

    def __init__(self, head: Sequence[Sequence[Any]], body: Sequence[Sequence[Any]],
                 widths: Sequence[float], closing: Sequence[Flowable], *,
                 page_height: float, keep_rows: int = 3, **table_options: Any) -> None:
        super().__init__()
        self.head, self.body, self.widths = list(head), list(body), list(widths)
        self.closing = list(closing)
        self.page_height = page_height
        self.keep_rows = keep_rows
        self.options = table_options
        self._table: Table | None = None
        self._table_height = 0.0
        self._heights: list[float] = []

    def _make(self, rows: Sequence[Sequence[Any]], with_totals: bool) -> Table:
        options = dict(self.options)
        if not with_totals:
            options.pop("totals", None)
        return ledger_table(self.head, rows, self.widths, **options)

    def _closing_heights(self, width: float, height: float) -> list[float]:
        return [item.getSpaceBefore() + item.wrap(width, height)[1] + item.getSpaceAfter()
                for item in self.closing]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._table = self._make(self.body, True)
        self._table_height = self._table.wrap(available_width, available_height)[1]
        self._heights = self._closing_heights(available_width, available_height)
        self.width = available_width
        self.height = self._table_height + sum(self._heights)
        return available_width, self.height

    def draw(self) -> None:
        assert self._table is not None
        y = self.height - self._table_height
        self._table.drawOn(self.canv, 0, y)
        for item, height in zip(self.closing, self._heights, strict=True):
            y -= height
            item.drawOn(self.canv, 0, y + item.getSpaceAfter())

    def split(self, available_width: float,
              available_height: float) -> list[Flowable]:  # reportlab names it so
        most = len(self.body) - min(self.keep_rows, len(self.body))
        low, high = 0, most
        while low < high:  # the most rows that fit here, leaving keep_rows to go on
            middle = (low + high + 1) // 2
            if self._make(self.body[:middle], False).wrap(
                    available_width, available_height)[1] <= available_height:
                low = middle
            else:
                high = middle - 1
        if low == 0:
            if available_height < self.page_height - 2:
                return []  # nothing of it fits here: it starts on the next page
            # Its last rows and closing are taller than a page: let the table break as usual.
            whole = self._make(self.body, True)
            parts = whole.split(available_width, available_height)
            return [*parts, *self.closing] if parts else []
        rest = TableWithClosing(self.head, self.body[low:], self.widths, self.closing,
                                page_height=self.page_height, keep_rows=self.keep_rows,
                                **self.options)
        return [self._make(self.body[:low], False), rest]


def recipients_block(recipients: Sequence[str]) -> list[Flowable]:
    """``Nơi nhận:`` and the list under it (Decree 30/2020), at the left."""
    style = styles()
    story: list[Flowable] = [Spacer(1, 2 * mm), para(wording.RECIPIENTS, style["recipients_head"])]
    story += [para(f"- {line}", style["recipients"]) for line in recipients]
    return story
