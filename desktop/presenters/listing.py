"""A read-only grid over a list of plain rows, on the grid presenter base (``TablePresenter``).

The books of a group — loans ledger, cash book, share-out sheet, activity counts — show the
ledger rather than take typing: their rows are plain dataclasses read in one go, sorted in
Python by a key apart from the display text (a name sorts in Vietnamese order, an amount as a
number), and a row may carry a *tone* (overdue, written off, a total) that the Qt model turns
into a colour. Typing, pasting and undo are all refused with one sentence.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Hashable, Sequence
from enum import IntEnum, StrEnum
from typing import Any, Generic, TypeVar

from desktop.i18n import _
from desktop.models.collation import name_sort_key
from desktop.presenters.table import CellChange, CellIssue, TablePresenter, WriteResult

Row = TypeVar("Row")


class Tone(StrEnum):
    """How a row stands out (the Qt model picks the colour)."""

    PLAIN = ""
    ALERT = "alert"  # overdue, a member who still owes: red
    MUTED = "muted"  # written off, left, paid up: grey
    STRONG = "strong"  # an opening or closing balance line: bold


class ListingPresenter(TablePresenter, Generic[Row]):
    """Rows are kept in a list; ``cell`` says what a column of a row holds.

    Subclasses give ``columns``, ``headers``, ``kinds``, ``row_key`` and ``cell``; optionally
    ``sort_value`` (what a column sorts by), ``name_columns`` (sorted in Vietnamese name
    order), ``unsortable`` columns, ``fixed_top`` rows that stay first whatever the order
    (an opening balance), ``tone`` and ``tooltip``.
    """

    name_columns: frozenset[IntEnum] = frozenset()
    unsortable: frozenset[IntEnum] = frozenset()
    number_column: IntEnum | None = None  # "STT": the position in the list, not stored

    def __init__(self) -> None:
        super().__init__()
        self._given: list[Row] = []  # the book's own order
        self._rows: list[Row] = []
        self._fixed: list[Row] = []
        self._index: dict[Hashable, int] | None = None
        self.sort_column: IntEnum | None = None
        self.descending = False

    # ------------------------------------------------------------------ to be provided
    @abstractmethod
    def row_key(self, item: Row) -> Hashable:
        ...

    @abstractmethod
    def cell(self, item: Row, column: IntEnum) -> Any:
        ...

    # ------------------------------------------------------------------ hooks
    def sort_value(self, item: Row, column: IntEnum) -> Any:
        value = self.cell(item, column)
        if column in self.name_columns and isinstance(value, str):
            return name_sort_key(value)
        return value

    def tone(self, row: int) -> Tone:
        return Tone.PLAIN

    def tooltip(self, row: int, column: IntEnum) -> str:
        return ""

    # ------------------------------------------------------------------ rows
    @property
    def read_only(self) -> bool:
        return True

    def read_only_reason(self) -> str:
        return _("This table shows the ledger; it cannot be typed in.")

    def set_rows(self, rows: Sequence[Row], fixed_top: Sequence[Row] = ()) -> None:
        """Show ``rows`` (in the current order) under the ``fixed_top`` rows."""
        self._fixed = list(fixed_top)
        self._given = list(rows)
        self._apply_order()
        self._notify_reset()

    @property
    def items(self) -> list[Row]:
        """Every row shown, in order."""
        return self._fixed + self._rows

    def item(self, row: int) -> Row:
        return self.items[row] if row < len(self._fixed) else self._rows[row - len(self._fixed)]

    def row_count(self) -> int:
        return len(self._fixed) + len(self._rows)

    def key(self, row: int) -> Hashable:
        return self.row_key(self.item(row))

    def row_of(self, key: Hashable) -> int | None:
        if self._index is None:
            self._index = {self.row_key(item): row for row, item in enumerate(self.items)}
        return self._index.get(key)

    def value(self, row: int, column: IntEnum) -> Any:
        if column == self.number_column:
            fixed = len(self._fixed)
            return row - fixed + 1 if row >= fixed else None
        return self.cell(self.item(row), column)

    def is_fixed(self, row: int) -> bool:
        return row < len(self._fixed)

    # ------------------------------------------------------------------ order
    def can_sort(self, column: IntEnum) -> bool:
        return column not in self.unsortable and column != self.number_column

    def sort(self, column: IntEnum | None, descending: bool = False) -> None:
        """Order the rows by ``column`` (blank values last), in Python: the lists are a
        group's, never a province's. ``None`` goes back to the book's own order."""
        if column is not None and not self.can_sort(column):
            return
        self.sort_column, self.descending = column, descending
        self._apply_order()
        self._notify_reset()

    def _apply_order(self) -> None:
        self._index = None
        column = self.sort_column
        if column is None:
            self._rows = list(self._given)
            return
        present = [item for item in self._given if self.sort_value(item, column) is not None]
        blank = [item for item in self._given if self.sort_value(item, column) is None]
        present.sort(key=lambda item: self.sort_value(item, column), reverse=self.descending)
        self._rows = present + blank

    # ------------------------------------------------------------------ never written
    def _write(self, changes: list[CellChange]) -> WriteResult:
        refused = {(change.key, change.column): CellIssue(self.read_only_reason())
                   for change in changes}
        return WriteResult(refused=refused)
