"""What an edit in a grid is made of, without Qt: the issue a cell can carry, a change of
one cell, a command (a whole edit — a paste of sixty cells is one), the result of saving,
a typed-but-unsaved cell, the listener protocol, and the undo/redo history."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from enum import IntEnum, StrEnum
from typing import Any, Protocol


class Severity(StrEnum):
    ERROR = "error"  # not saved
    WARNING = "warning"  # not saved until someone allowed to overrides it


@dataclass(frozen=True)
class CellIssue:
    message: str
    severity: Severity = Severity.ERROR


@dataclass(frozen=True)
class CellChange:
    """One cell going from ``old`` to ``new``; ``key`` names the row whatever its position."""

    key: Hashable
    column: IntEnum
    old: Any
    new: Any
    note: str = ""  # e.g. the board's reason for overriding a limit

    def inverted(self) -> CellChange:
        return replace(self, old=self.new, new=self.old)


@dataclass(frozen=True)
class EditCommand:
    label: str
    changes: tuple[CellChange, ...]


@dataclass
class WriteResult:
    """What ``_write`` did: the changes saved, and the cells it refused with why."""

    saved: list[CellChange] = field(default_factory=list)
    refused: dict[tuple[Hashable, IntEnum], CellIssue] = field(default_factory=dict)


@dataclass(frozen=True)
class Pending:
    """A cell the clerk typed but that was not saved: her text stays, marked."""

    text: str
    value: Any
    issue: CellIssue


@dataclass(frozen=True)
class Refusal:
    """Texts typed (or pasted) in one go and refused: shown marked in their cells, never
    saved. ``depth`` is the undo stack's height just after that go, and ``with_command`` says
    whether the same go also saved cells (a paste partly refused): Ctrl+Z takes the refused
    texts back first, together with that command."""

    cells: tuple[tuple[tuple[Hashable, IntEnum], Pending], ...]
    depth: int
    with_command: bool


class TableListener(Protocol):
    def cells_changed(self, top: int, left: int, bottom: int, right: int) -> None: ...
    def totals_changed(self) -> None: ...
    def table_reset(self) -> None: ...
    def message(self, text: str) -> None: ...


class EditHistory:
    """The undo and redo stacks of one grid."""

    def __init__(self) -> None:
        self._undo: list[EditCommand] = []
        self._redo: list[EditCommand] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def depth(self) -> int:
        """How many commands can be undone."""
        return len(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo_label(self) -> str:
        return self._undo[-1].label if self._undo else ""

    def redo_label(self) -> str:
        return self._redo[-1].label if self._redo else ""

    def record(self, label: str, changes: list[CellChange]) -> None:
        """A new edit was saved: it can be undone, and what was undone can no longer be
        redone."""
        self._undo.append(EditCommand(label, tuple(changes)))
        self._redo.clear()

    def take_undo(self) -> EditCommand | None:
        return self._undo.pop() if self._undo else None

    def take_redo(self) -> EditCommand | None:
        return self._redo.pop() if self._redo else None

    def undone(self, command: EditCommand, done: list[CellChange],
               left: list[CellChange]) -> None:
        """After undoing ``command``: ``done`` are the inverse changes saved, ``left`` those
        the ledger refused (they stay to be undone)."""
        if left:
            self._undo.append(EditCommand(command.label, tuple(c.inverted() for c in left)))
        if done:
            self._redo.append(EditCommand(command.label, tuple(c.inverted() for c in done)))

    def redone(self, command: EditCommand, done: list[CellChange],
               left: list[CellChange]) -> None:
        if left:
            self._redo.append(EditCommand(command.label, tuple(left)))
        if done:
            self._undo.append(EditCommand(command.label, tuple(done)))

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()


class Broadcaster:
    """Tells the listeners (the Qt models) what changed, and keeps the last message."""

    def __init__(self) -> None:
        self._listeners: list[TableListener] = []
        self.last_message = ""  # the last sentence for the status bar (dialogs show it too)
        # Called after anything was written to the ledger (the window refreshes other pages).
        self.saved_callbacks: list[Callable[[], None]] = []

    def subscribe(self, listener: TableListener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: TableListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _say(self, text: str) -> None:
        self.last_message = text
        for listener in list(self._listeners):
            listener.message(text)

    def _broadcast_saved(self) -> None:
        for callback in list(self.saved_callbacks):
            callback()

    def _broadcast_cells(self, top: int, bottom: int, right: int) -> None:
        for listener in list(self._listeners):
            listener.cells_changed(top, 0, bottom, right)

    def _broadcast_totals(self) -> None:
        for listener in list(self._listeners):
            listener.totals_changed()

    def _broadcast_reset(self) -> None:
        for listener in list(self._listeners):
            listener.table_reset()
            listener.totals_changed()
