"""A small paper form kept in memory, for testing the grid machinery without a ledger:
"Sổ góp quỹ thôn Đông" — who came, how much each gave, a note.

Its ``_write`` refuses a gift above 1.000.000 đ, as a ledger rule would, so that the tests
can see a refusal coming back from the save.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from desktop.presenters.cells import CellKind
from desktop.presenters.table import CellChange, CellIssue, TablePresenter, WriteResult


class FormColumn(IntEnum):
    NAME = 0
    PRESENT = 1
    GIFT = 2
    FINE = 3
    NOTE = 4


@dataclass
class FormRow:
    id: int
    name: str
    present: bool = True
    gift: int = 0
    fine: int = 0
    note: str = ""


_FIELD = {FormColumn.NAME: "name", FormColumn.PRESENT: "present", FormColumn.GIFT: "gift",
          FormColumn.FINE: "fine", FormColumn.NOTE: "note"}


class PaperFormPresenter(TablePresenter):
    editable_columns = frozenset({FormColumn.PRESENT, FormColumn.GIFT, FormColumn.FINE,
                                  FormColumn.NOTE})
    total_columns = frozenset({FormColumn.PRESENT, FormColumn.GIFT, FormColumn.FINE})
    totals_label_column = FormColumn.NAME
    kinds = {FormColumn.PRESENT: CellKind.CHECK, FormColumn.GIFT: CellKind.AMOUNT,  # noqa: RUF012
             FormColumn.FINE: CellKind.AMOUNT}

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.rows = [FormRow(id=index + 100, name=name) for index, name in enumerate(names)]
        self.writes: list[list[CellChange]] = []  # every call of _write, for the tests

    @property
    def columns(self) -> list[IntEnum]:
        return list(FormColumn)

    def headers(self) -> dict[IntEnum, str]:
        return {FormColumn.NAME: "Họ và tên", FormColumn.PRESENT: "Có mặt",
                FormColumn.GIFT: "Góp quỹ", FormColumn.FINE: "Tiền phạt",
                FormColumn.NOTE: "Ghi chú"}

    def row_count(self) -> int:
        return len(self.rows)

    def key(self, row: int) -> Hashable:
        return self.rows[row].id

    def row_of(self, key: Hashable) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row.id == key), None)

    def value(self, row: int, column: IntEnum) -> Any:
        return getattr(self.rows[row], _FIELD[FormColumn(column)])

    def _write(self, changes: list[CellChange]) -> WriteResult:
        self.writes.append(list(changes))
        result = WriteResult()
        for change in changes:
            if change.column == FormColumn.GIFT and change.new > 1_000_000:
                result.refused[(change.key, change.column)] = CellIssue(
                    "Quỹ thôn không nhận khoản góp trên 1.000.000 đồng.")
        for change in changes:
            if (change.key, change.column) in result.refused:
                continue
            row = self.row_of(change.key)
            assert row is not None
            self.rows[row] = replace(self.rows[row], **{_FIELD[FormColumn(change.column)]:
                                                        change.new})
            result.saved.append(change)
        return result


class Recorder:
    """A listener that remembers what the presenter told it."""

    def __init__(self) -> None:
        self.cells: list[tuple[int, int, int, int]] = []
        self.totals = 0
        self.resets = 0
        self.messages: list[str] = []

    def cells_changed(self, top: int, left: int, bottom: int, right: int) -> None:
        self.cells.append((top, left, bottom, right))

    def totals_changed(self) -> None:
        self.totals += 1

    def table_reset(self) -> None:
        self.resets += 1

    def message(self, text: str) -> None:
        self.messages.append(text)


VILLAGERS = ["Nguyễn Thị An", "Trần Thị Bình", "Lê Thị Cúc", "Phạm Thị Dung", "Hoàng Thị Hương"]
