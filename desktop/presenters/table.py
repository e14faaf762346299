"""The Qt-free grid presenter every data-entry grid is built on (after moneyGuru's
``core/gui/table.py``): columns as an ``IntEnum`` with a headers dict and declared editable
columns, raw values and their display, per-cell validation with Vietnamese messages, a totals
row computed here (never in ``paint()``), rectangular paste, clear, and an undo/redo stack
whose commands are whole edits — a paste of 60 cells is one command.

A subclass says how rows are read (``row_count``, ``key``, ``row_of``, ``value``) and how
changes are saved (``_write``: one transaction, the rows re-read). Everything else — parsing,
the marks on refused cells, totals, undo — lives here and is tested without a display.

Listeners (the Qt model) are told which cells changed, in row and column *positions*.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterable, Sequence
from enum import IntEnum
from typing import Any

from desktop.i18n import _
from desktop.models.errors import LedgerError
from desktop.models.formatting import InputError
from desktop.presenters.cells import (
    CellKind,
    Choice,
    block_targets,
    edit_text,
    format_cell,
    parse_block,
    parse_cell,
)
from desktop.presenters.edits import (
    Broadcaster,
    CellChange,
    CellIssue,
    EditHistory,
    Pending,
    Refusal,
    Severity,
    TableListener,
    WriteResult,
)

__all__ = ["CellChange", "CellIssue", "Pending", "Severity", "TableListener",
           "TablePresenter", "WriteResult"]


_UNPARSED = object()


class TablePresenter(Broadcaster, ABC):
    """Base of the grid presenters. Columns are members of the subclass's ``IntEnum``."""

    editable_columns: frozenset[IntEnum] = frozenset()
    total_columns: frozenset[IntEnum] = frozenset()
    totals_label_column: IntEnum | None = None  # where the totals row says "Tổng cộng"
    kinds: dict[IntEnum, CellKind] = {}  # noqa: RUF012 - read-only class table

    def __init__(self) -> None:
        super().__init__()
        self.history = EditHistory()
        self._pending: dict[tuple[Hashable, IntEnum], Pending] = {}
        self._refusals: list[Refusal] = []  # typed and refused, newest last (for Ctrl+Z)
        self._preview: tuple[Hashable, IntEnum, Any] | None = None
        self._base_totals: dict[IntEnum, int] | None = None

    # ------------------------------------------------------------------ to be provided
    @property
    @abstractmethod
    def columns(self) -> list[IntEnum]:
        """The columns shown, in order (position i of the grid is ``columns[i]``).
        Asked for at every painted cell: return a kept list, not a new one."""
        ...

    @abstractmethod
    def headers(self) -> dict[IntEnum, str]:
        """Column titles, translated when asked for."""
        ...

    @abstractmethod
    def row_count(self) -> int:
        ...

    @abstractmethod
    def key(self, row: int) -> Hashable:
        ...

    @abstractmethod
    def row_of(self, key: Hashable) -> int | None:
        ...

    @abstractmethod
    def value(self, row: int, column: IntEnum) -> Any:
        """The saved value of a cell."""
        ...

    @abstractmethod
    def _write(self, changes: list[CellChange]) -> WriteResult:
        """Save ``changes`` in one transaction and re-read the rows they touch."""
        ...

    # ------------------------------------------------------------------ hooks
    @property
    def read_only(self) -> bool:
        return False

    def read_only_reason(self) -> str:
        return _("This cell cannot be changed.")

    def locked_reason(self, row: int, column: IntEnum) -> str:
        """Why this cell cannot be typed in, said when the clerk tries (a keystroke there
        must never vanish without a word)."""
        if self.read_only or column in self.editable_columns:
            return self.read_only_reason()
        return _("This column is filled in by the ledger; it cannot be typed in.")

    def refuse_typing(self, row: int, column: IntEnum) -> None:
        """The clerk typed into a cell that cannot change: tell her why."""
        self._say(self.locked_reason(row, column))

    def choices(self, column: IntEnum) -> list[Choice]:
        return []

    def validate(self, row: int, column: IntEnum, value: Any) -> CellIssue | None:
        """A problem with ``value`` in this cell before saving (``None``: fine)."""
        if self.kind(column) in (CellKind.AMOUNT, CellKind.COUNT) and value is not None \
                and value < 0:
            return CellIssue(_("An amount cannot be negative."))
        return None

    def proposal(self, row: int, column: IntEnum) -> Any | None:
        """A value proposed for an empty cell, shown but not saved."""
        return None

    def dismiss_proposal(self, row: int, column: IntEnum) -> None:
        """The clerk typed 0 or pressed Delete on a proposed cell: stop proposing it."""

    def row_dimmed(self, row: int) -> bool:
        """A row shown greyed (a member who left)."""
        return False

    def row_label(self, row: int) -> str:
        return _("Row {number}").format(number=row + 1)

    def totals_label(self) -> str:
        return _("Total")

    # ------------------------------------------------------------------ shape and display
    def kind(self, column: IntEnum) -> CellKind:
        return self.kinds.get(column, CellKind.TEXT)

    def position(self, column: IntEnum) -> int | None:
        try:
            return self.columns.index(column)
        except ValueError:
            return None

    def is_editable(self, row: int, column: IntEnum) -> bool:
        return (column in self.editable_columns and not self.read_only
                and 0 <= row < self.row_count())

    def pending(self, row: int, column: IntEnum) -> Pending | None:
        if not self._pending:
            return None
        return self._pending.get((self.key(row), column))

    def current_value(self, row: int, column: IntEnum) -> Any:
        """The value including the one being typed (for live totals)."""
        preview = self._preview
        if preview is not None and preview[1] == column and preview[2] is not _UNPARSED \
                and self.key(row) == preview[0]:
            return preview[2]
        return self.value(row, column)

    def display(self, row: int, column: IntEnum) -> str:
        pending = self.pending(row, column)
        if pending is not None:
            return pending.text
        value = self.value(row, column)
        proposed = self.proposal(row, column) if not value else None
        if proposed is not None:
            return format_cell(self.kind(column), proposed, self.choices(column))
        return format_cell(self.kind(column), value, self.choices(column))

    def edit_text(self, row: int, column: IntEnum) -> str:
        pending = self.pending(row, column)
        if pending is not None:
            return pending.text
        value = self.value(row, column)
        proposed = self.proposal(row, column) if not value else None
        return edit_text(self.kind(column), proposed if proposed is not None else value,
                         self.choices(column))

    def issue(self, row: int, column: IntEnum) -> CellIssue | None:
        """Why a cell is marked: what was typed in it and not saved."""
        pending = self.pending(row, column)
        return pending.issue if pending is not None else None

    def is_proposed(self, row: int, column: IntEnum) -> bool:
        return (self.pending(row, column) is None and not self.value(row, column)
                and self.proposal(row, column) is not None)

    def pending_cells(self) -> list[tuple[int, IntEnum, Pending]]:
        """Every cell typed but not saved, in row order (for a list of problems)."""
        found = []
        for (key, column), pending in self._pending.items():
            row = self.row_of(key)
            if row is not None:
                found.append((row, column, pending))
        return sorted(found, key=lambda item: (item[0], int(item[1])))

    def describe(self, row: int, column: IntEnum, message: str) -> str:
        """A status-bar sentence naming the cell."""
        return _("{row}, column {column}: {message}").format(
            row=self.row_label(row), column=self.headers()[column].replace("\n", " "),
            message=message)

    # ------------------------------------------------------------------ totals
    @property
    def has_totals(self) -> bool:
        return bool(self.total_columns)

    def _saved_totals(self) -> dict[IntEnum, int]:
        if self._base_totals is None:
            totals = dict.fromkeys(self.total_columns, 0)
            for row in range(self.row_count()):
                for column in self.total_columns:
                    totals[column] += int(self.value(row, column) or 0)
            self._base_totals = totals
        return self._base_totals

    def total(self, column: IntEnum) -> int | None:
        """The column's total, including the value being typed."""
        if column not in self.total_columns:
            return None
        total = self._saved_totals()[column]
        preview = self._preview
        if preview is not None and preview[2] is not _UNPARSED:
            row = self.row_of(preview[0])
            if row is not None:
                total += int(self.current_value(row, column) or 0) - int(
                    self.value(row, column) or 0)
        return total

    def total_display(self, column: IntEnum) -> str:
        total = self.total(column)
        if total is None:
            return ""
        kind = self.kind(column)
        if kind in (CellKind.CHECK, CellKind.COUNT):
            return str(total)
        return format_cell(kind, total) if total else "0"

    def _totals_stale(self) -> None:
        self._base_totals = None

    # ------------------------------------------------------------------ typing
    def parse(self, column: IntEnum, text: str) -> Any:
        return parse_cell(self.kind(column), text, self.choices(column))

    def preview_text(self, row: int, column: IntEnum, text: str) -> CellIssue | None:
        """The clerk is typing ``text``: update the totals as if it were saved, and say
        whether it would be refused. Nothing is saved."""
        issue: CellIssue | None = None
        value: Any = _UNPARSED
        try:
            value = self.parse(column, text)
            issue = self.validate(row, column, value)
        except InputError as error:
            issue = CellIssue(error.message)
        self._preview = (self.key(row), column, value)
        self._notify_rows([row])
        self._notify_totals()
        return issue

    def end_preview(self) -> None:
        if self._preview is None:
            return
        row = self.row_of(self._preview[0])
        self._preview = None
        if row is not None:
            self._notify_rows([row])
        self._notify_totals()

    def set_text(self, row: int, column: IntEnum, text: str) -> bool:
        """The clerk committed ``text`` in a cell. True when it was saved."""
        self._preview = None
        if not self.is_editable(row, column):
            self._say(self.read_only_reason())
            return False
        return self._apply([(row, column, text)], _("Edit"))

    def set_value(self, row: int, column: IntEnum, value: Any) -> bool:
        """Save a value already parsed (a checkbox click)."""
        if not self.is_editable(row, column):
            self._say(self.read_only_reason())
            return False
        text = edit_text(self.kind(column), value, self.choices(column))
        return self._apply([(row, column, text)], _("Edit"))

    def paste(self, row: int, column: IntEnum, text: str,
              selection: Sequence[tuple[int, IntEnum]] = ()) -> bool:
        """Paste a block copied from a spreadsheet with its top-left cell at (row, column).
        One value copied onto a selection of several cells fills them all (as Excel does).
        Cells that cannot change are skipped; rows and columns past the grid's edge too."""
        block = parse_block(text)
        if not block:
            return False
        if self.read_only:
            self._say(self.read_only_reason())
            return False
        entries, outside = block_targets(block, row, self.position(column) or 0,
                                         self.columns, self.row_count(), selection)
        return self._apply(entries, _("Paste"), outside=outside)

    def clear(self, cells: Iterable[tuple[int, IntEnum]]) -> bool:
        """Delete: empty the cells (amounts to 0, checks to no), one undoable command."""
        cells = list(cells)
        if self.read_only and cells:
            self._say(self.read_only_reason())
            return False
        dropped = [self.key(r) for r, c in cells if self._pending.pop((self.key(r), c), None)]
        entries = [(r, c, "") for r, c in cells if self.is_editable(r, c)]
        if dropped and not entries:
            self._notify_keys(dropped)
            return True
        return self._apply(entries, _("Clear"))

    # ------------------------------------------------------------------ undo / redo
    @property
    def can_undo(self) -> bool:
        return self._last_refusal() is not None or self.history.can_undo

    @property
    def can_redo(self) -> bool:
        return self.history.can_redo

    def undo(self) -> bool:
        """Take back the last thing typed. A refused text was never an edit — nothing of it
        was saved and it is on no undo stack — but it is what the clerk typed last: it goes
        first, leaving the saved cells alone. Otherwise put back what the last command
        changed (saved again, as any edit is)."""
        refusal = self._last_refusal()
        if refusal is not None:
            self._take_back(refusal)
            if not refusal.with_command:
                return True
        command = self.history.take_undo()
        if command is None:
            self._say(_("There is nothing to undo."))
            return False
        done, left = self._replay([change.inverted() for change in reversed(command.changes)])
        self.history.undone(command, done, left)
        if done and not left:
            self._say(_("Undone: {action}.").format(action=command.label))
        return bool(done) and not left

    def redo(self) -> bool:
        command = self.history.take_redo()
        if command is None:
            self._say(_("There is nothing to redo."))
            return False
        done, left = self._replay(list(command.changes))
        self.history.redone(command, done, left)
        if done and not left:
            self._say(_("Redone: {action}.").format(action=command.label))
        return bool(done) and not left

    def clear_history(self) -> None:
        self.history.clear()
        self._refusals.clear()

    def _last_refusal(self) -> Refusal | None:
        """The refused texts typed after the last saved command, if any still show."""
        while self._refusals:
            refusal = self._refusals[-1]
            if not any(self._pending.get(cell) is pending for cell, pending in refusal.cells):
                self._refusals.pop()  # typed over or saved since: nothing left to take back
                continue
            return refusal if refusal.depth >= self.history.depth else None
        return None

    def _take_back(self, refusal: Refusal) -> None:
        """Remove a refusal's texts from their cells (the saved values show again)."""
        self._refusals.remove(refusal)
        shown = [(cell, pending) for cell, pending in refusal.cells
                 if self._pending.get(cell) is pending]
        for cell, _pending in shown:
            del self._pending[cell]
        self._notify_keys([key for (key, _column), _pending in shown])
        if refusal.with_command:
            return  # the command's own message follows
        if len(shown) == 1:
            (key, column), pending = shown[0]
            row = self.row_of(key)
            place = self.describe(row, column, pending.text) if row is not None \
                else pending.text
            self._say(_("Taken back (it was never saved): {place}").format(place=place))
        else:
            self._say(_("Taken back: {count} refused cells (they were never saved).").format(
                count=len(shown)))

    def _replay(self, changes: list[CellChange]) -> tuple[list[CellChange], list[CellChange]]:
        """Write changes from the history; returns (saved, not saved)."""
        self._preview = None
        live = [change for change in changes if self.row_of(change.key) is not None]
        result = self._write(live) if live else WriteResult()
        for change in result.saved:
            self._pending.pop((change.key, change.column), None)
        if result.saved:
            self._broadcast_saved()
        self._totals_stale()
        saved_ids = {(c.key, c.column) for c in result.saved}
        left = [c for c in changes if (c.key, c.column) not in saved_ids]
        self._notify_keys([c.key for c in changes])
        self._notify_totals()
        if result.refused:
            (key, column), issue = next(iter(result.refused.items()))
            row = self.row_of(key)
            self._say(self.describe(row, column, issue.message) if row is not None
                      else issue.message)
        return result.saved, left

    # ------------------------------------------------------------------ saving
    def _apply(self, entries: list[tuple[int, IntEnum, str]], label: str,
               outside: int = 0) -> bool:
        """Parse, validate and save typed texts as one command."""
        changes: list[CellChange] = []
        typed: dict[tuple[Hashable, IntEnum], str] = {}
        refused: dict[tuple[Hashable, IntEnum], Pending] = {}
        touched: list[Hashable] = []
        skipped = 0
        for row, column, text in entries:
            if not self.is_editable(row, column):
                if text.strip() and text.strip() != self.display(row, column):
                    skipped += 1
                continue
            key = self.key(row)
            touched.append(key)
            try:
                value = self.parse(column, text)
            except InputError as error:
                refused[(key, column)] = Pending(text, _UNPARSED, CellIssue(error.message))
                continue
            issue = self.validate(row, column, value)
            if issue is not None:
                refused[(key, column)] = Pending(text, value, issue)
                continue
            old = self.value(row, column)
            self._pending.pop((key, column), None)
            if value == old:
                if self.proposal(row, column) is not None:
                    self.dismiss_proposal(row, column)  # typing 0 over a proposal: "not paid"
                continue
            typed[(key, column)] = text
            changes.append(CellChange(key, column, old, value))
        return self._save_changes(changes, label, typed=typed, refused=refused,
                                  touched=touched, skipped=skipped, outside=outside)

    def _save_changes(self, changes: list[CellChange], label: str, *,
                      typed: dict[tuple[Hashable, IntEnum], str] | None = None,
                      refused: dict[tuple[Hashable, IntEnum], Pending] | None = None,
                      touched: Sequence[Hashable] = (), skipped: int = 0,
                      outside: int = 0) -> bool:
        """Write ``changes`` as one command; mark what was refused. True if all went in."""
        typed = typed or {}
        refused = dict(refused or {})
        try:
            result = self._write(changes) if changes else WriteResult()
        except LedgerError as error:
            # The whole transaction was rolled back (a full or read-only disk, a ledger held
            # by another copy): every cell keeps what was typed, marked not saved.
            result = WriteResult(refused={(change.key, change.column): CellIssue(str(error))
                                          for change in changes})
        for change in result.saved:
            self._pending.pop((change.key, change.column), None)
        by_cell = {(c.key, c.column): c for c in changes}
        for cell, issue in result.refused.items():
            change = by_cell[cell]
            text = typed.get(cell) or format_cell(self.kind(cell[1]), change.new)
            refused[cell] = Pending(text, change.new, issue)
        self._pending.update(refused)
        if result.saved:
            self.history.record(label, result.saved)
            self._broadcast_saved()
        if refused:
            self._refusals.append(Refusal(tuple(
                (cell, self._pending[cell]) for cell in refused), self.history.depth,
                bool(result.saved)))
        self._totals_stale()
        self._notify_keys([*touched, *(c.key for c in changes)])
        self._notify_totals()
        self._report(refused, skipped, outside)
        return not refused

    def _report(self, refused: dict[tuple[Hashable, IntEnum], Pending], skipped: int,
                outside: int) -> None:
        if refused:
            (key, column), pending = next(iter(refused.items()))
            row = self.row_of(key)
            message = self.describe(row, column, pending.issue.message) if row is not None \
                else pending.issue.message
            if len(refused) > 1:
                message += " " + _("({count} cells are marked in all.)").format(
                    count=len(refused))
            self._say(message)
        elif skipped or outside:
            self._say(_("{count} copied cells could not go in (cells that cannot be changed, "
                        "or past the edge of the table) and were left out.").format(
                count=skipped + outside))

    # ------------------------------------------------------------------ notifications
    def _notify_totals(self) -> None:
        if self.has_totals:
            self._broadcast_totals()

    def _notify_rows(self, rows: Iterable[int]) -> None:
        rows = [row for row in rows if row is not None]
        if rows:
            self._broadcast_cells(min(rows), max(rows), len(self.columns) - 1)

    def _notify_keys(self, keys: Iterable[Hashable]) -> None:
        rows = [self.row_of(key) for key in keys]
        self._notify_rows([row for row in rows if row is not None])

    def _notify_reset(self) -> None:
        self._preview = None
        self._totals_stale()
        self._broadcast_reset()
