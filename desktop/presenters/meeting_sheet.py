"""The meeting sheet (phiếu ghi chép buổi họp) without Qt: one row per member with the
columns the group's kind needs, a totals row, the cash panel, proposals, the constitution's
warnings, and closing / reopening.

When is a row saved? Each committed cell (Enter, Tab, a checkbox click, a paste, Delete, an
undo) saves the rows it touches at once, in one transaction, through
``meetings.save_entry``: a changed amount is a reversal of the old entry plus a new one, so
an undo is a correction like any other and the audit shows every step. There is no "Save"
button to forget. Each row goes with the row as this clerk saw it: one that another clerk
changed meanwhile (a ledger on a server) is refused, shown as it is now, and what this clerk
typed stays in its cells, marked, to be saved again with Enter.

Proposals: for present members of an open meeting, the social fund contribution
(``social_fund_per_meeting``), the member fee once a calendar month (``member_fee_per_month``)
and the interest due on the member's loan are *shown* in grey in empty cells, not saved and
not in the totals. The clerk saves them all with ``accept_proposals`` (one undoable command),
one by one by editing the cell (F2 opens it with the proposal), or says "not paid" by typing
0 or pressing Delete.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from desktop.i18n import _
from desktop.models import meetings
from desktop.models.database import Ledger
from desktop.models.enums import GroupKind
from desktop.models.errors import ChangedMeanwhile, LedgerError, LimitWarnings
from desktop.models.formatting import format_date
from desktop.models.group import Group
from desktop.models.meeting import Meeting
from desktop.models.meeting_queries import MeetingInfo, meetings_of, member_labels, proposals
from desktop.models.meetings import CashPanel, Entry, Field, entry_problems
from desktop.models.permissions import Action, Actor, can, can_with_approval
from desktop.presenters.cells import CellKind
from desktop.presenters.entry_rights import look_only_reason
from desktop.presenters.meeting_columns import (
    COLUMN_FIELD,
    FIELD_COLUMN,
    SheetColumn,
    sheet_columns,
    sheet_headers,
    typed_columns,
)
from desktop.presenters.meeting_lifecycle import MeetingLifecycle
from desktop.presenters.table import (
    CellChange,
    CellIssue,
    Severity,
    TablePresenter,
    WriteResult,
)


@dataclass
class SheetRow:
    member_id: int
    code: str
    name: str
    entry: Entry


@dataclass(frozen=True)
class SheetProblem:
    """A cell the constitution or the ledger refused, for the list beside the grid."""

    row: int
    column: SheetColumn
    text: str
    overridable: bool


class _RowRefused(Exception):
    def __init__(self, member_id: int, error: LedgerError) -> None:
        super().__init__(str(error))
        self.member_id = member_id
        self.error = error


class MeetingSheetPresenter(MeetingLifecycle, TablePresenter):
    """One group's meeting sheet; ``open_meeting`` chooses which meeting it shows."""

    Column = SheetColumn
    kinds = {  # noqa: RUF012 - read-only class table
        SheetColumn.NUMBER: CellKind.COUNT, SheetColumn.PRESENT: CellKind.CHECK,
        SheetColumn.SHARES: CellKind.COUNT,
        **{column: CellKind.AMOUNT for column in FIELD_COLUMN.values()
           if column != SheetColumn.SHARES},
    }
    totals_label_column = SheetColumn.NAME

    def __init__(self, ledger: Ledger, actor: Actor, group_id: int) -> None:
        super().__init__()
        self._ledger = ledger
        self.actor = actor
        self.group_id = group_id
        self._group: Group | None = None
        self.meetings: list[MeetingInfo] = []
        self.meeting: MeetingInfo | None = None
        self.cash: CashPanel | None = None
        self.close_warnings: list[str] = []
        self._rows: list[SheetRow] = []
        self._index: dict[int, int] = {}
        self._proposals: dict[int, dict[Field, int]] = {}
        self._dismissed: set[tuple[int, Field]] = set()
        self._state_listeners: list[Callable[[], None]] = []
        self._columns: list[SheetColumn] = []
        self.reload()

    # ------------------------------------------------------------------ the group
    @property
    def group_kind(self) -> GroupKind:
        assert self._group is not None
        return GroupKind(self._group.kind)

    @property
    def group_name(self) -> str:
        return self._group.name if self._group is not None else ""

    @property
    def share_value(self) -> int:
        assert self._group is not None
        return self._group.current_cycle.share_value

    @property
    def columns(self) -> list[IntEnum]:
        return self._columns  # type: ignore[return-value]  # read-only by convention

    def _layout(self) -> None:
        self._columns = sheet_columns(self.group_kind)
        self.editable_columns = typed_columns(self.group_kind)  # type: ignore[assignment]
        self.total_columns = frozenset(  # type: ignore[assignment]
            column for column in self._columns
            if column not in (SheetColumn.NUMBER, SheetColumn.CODE, SheetColumn.NAME))

    def headers(self) -> dict[IntEnum, str]:
        return dict(sheet_headers(self.group_kind))

    # ------------------------------------------------------------------ loading
    def subscribe_state(self, callback: Callable[[], None]) -> None:
        """Called when the meeting list, the cash panel, the status or the problems change."""
        self._state_listeners.append(callback)

    def _state_changed(self) -> None:
        for callback in list(self._state_listeners):
            callback()

    def reload(self, meeting_id: int | None = None) -> None:
        """Re-read the group, its meetings and the sheet of ``meeting_id`` (default: the
        meeting shown, or the latest)."""
        wanted = meeting_id if meeting_id is not None else (
            self.meeting.id if self.meeting is not None else None)
        with self._ledger.session() as session:
            group = session.get(Group, self.group_id)
            if group is None:
                raise LedgerError(_("This group no longer exists in the ledger."))
            group.current_cycle  # noqa: B018 - load the constitution while the session is open
            self._group = group
            self.meetings = meetings_of(session, self.group_id)
            chosen = next((m for m in self.meetings if m.id == wanted), None)
            if chosen is None and self.meetings:
                chosen = self.meetings[0]
            if chosen is not None and (self.meeting is None or chosen.id != self.meeting.id):
                self.clear_history()
                self._dismissed.clear()
                self._pending.clear()
            self.meeting = chosen
            if chosen is not None and chosen.closed:
                self._pending.clear()  # nothing typed can wait on a locked meeting
            self._rows, self._proposals, self.cash = [], {}, None
            if chosen is not None:
                meeting = session.get(Meeting, chosen.id)
                assert meeting is not None
                entries = meetings.sheet(session, meeting)
                labels = member_labels(session, [entry.member_id for entry in entries])
                self._rows = [SheetRow(entry.member_id, *labels[entry.member_id], entry=entry)
                              for entry in entries]
                if not chosen.closed:
                    self._proposals = proposals(session, meeting, entries)
                self.cash = meetings.cash_panel(session, meeting)
        self._index = {row.member_id: i for i, row in enumerate(self._rows)}
        self._layout()
        self._notify_reset()
        self._state_changed()

    def open_meeting(self, meeting_id: int) -> None:
        self.reload(meeting_id)

    # ------------------------------------------------------------------ rows
    def row_count(self) -> int:
        return len(self._rows)

    def key(self, row: int) -> Hashable:
        return self._rows[row].member_id

    def row_of(self, key: Hashable) -> int | None:
        return self._index.get(key)  # type: ignore[call-overload]

    def entry(self, row: int) -> Entry:
        return self._rows[row].entry

    def value(self, row: int, column: IntEnum) -> Any:
        line = self._rows[row]
        if column == SheetColumn.NUMBER:
            return row + 1
        if column == SheetColumn.CODE:
            return line.code
        if column == SheetColumn.NAME:
            return line.name
        if column == SheetColumn.PRESENT:
            return line.entry.present
        if column == SheetColumn.SHARES:
            return line.entry.shares
        return line.entry.amount(COLUMN_FIELD[SheetColumn(column)])

    def current_value(self, row: int, column: IntEnum) -> Any:
        if column == SheetColumn.SAVINGS and self.group_kind == GroupKind.VSLA:
            return int(super().current_value(row, SheetColumn.SHARES) or 0) * self.share_value
        return super().current_value(row, column)

    def row_label(self, row: int) -> str:
        line = self._rows[row]
        return f"{line.code} {line.name}"

    def totals_label(self) -> str:
        return _("Total")

    # ------------------------------------------------------------------ state
    @property
    def is_closed(self) -> bool:
        return self.meeting is not None and self.meeting.closed

    @property
    def read_only(self) -> bool:
        return self.meeting is None or self.meeting.closed or not can(
            self.actor, Action.ENTER_DATA)

    def read_only_reason(self) -> str:
        if self.meeting is None:
            return _("Start a meeting first: choose New meeting.")
        if self.meeting.closed:
            return _("The meeting of {date} is closed and locked: nothing in it can be "
                     "changed. Only the board can reopen it (Reopen the meeting…).").format(
                date=format_date(self.meeting.date))
        if not can(self.actor, Action.ENTER_DATA):
            return look_only_reason(self.actor)
        return super().read_only_reason()

    def locked_reason(self, row: int, column: IntEnum) -> str:
        if self.read_only:
            return self.read_only_reason()
        if column == SheetColumn.SAVINGS and self.group_kind == GroupKind.VSLA:
            return _("The share money is worked out from the shares bought: type the number "
                     "of shares.")
        if column in (SheetColumn.NUMBER, SheetColumn.CODE, SheetColumn.NAME):
            return _("Members' codes and names are changed in the members register.")
        return super().locked_reason(row, column)

    @property
    def can_enter(self) -> bool:
        return can(self.actor, Action.ENTER_DATA)

    @property
    def can_close(self) -> bool:
        return self.meeting is not None and not self.meeting.closed and can(
            self.actor, Action.CLOSE_MEETING)

    @property
    def can_reopen(self) -> bool:
        return self.is_closed and can(self.actor, Action.REOPEN_MEETING)

    @property
    def can_override(self) -> bool:
        return not self.read_only and can(self.actor, Action.OVERRIDE_LIMIT)

    # A clerk may start these steps too: a board member approves them on the spot.
    @property
    def may_close(self) -> bool:
        return self.meeting is not None and not self.meeting.closed and can_with_approval(
            self.actor, Action.CLOSE_MEETING)

    @property
    def may_reopen(self) -> bool:
        return self.is_closed and can_with_approval(self.actor, Action.REOPEN_MEETING)

    @property
    def may_override(self) -> bool:
        return not self.read_only and can_with_approval(self.actor, Action.OVERRIDE_LIMIT)

    # ------------------------------------------------------------------ checks
    def validate(self, row: int, column: IntEnum, value: Any) -> CellIssue | None:
        issue = super().validate(row, column, value)
        if issue is not None or column not in COLUMN_FIELD or self._group is None:
            return issue
        field = COLUMN_FIELD[SheetColumn(column)]
        entry = replace(self._rows[row].entry, **{field.value: value})
        for problem_field, message in entry_problems(entry, self._group):
            if problem_field == field:
                return CellIssue(message)
        return None

    def problems(self) -> list[SheetProblem]:
        """Every refused cell, with whether the board may let it through."""
        return [SheetProblem(row, SheetColumn(column), pending.issue.message,
                             pending.issue.severity == Severity.WARNING
                             and column == SheetColumn.NEW_LOAN)
                for row, column, pending in self.pending_cells()]

    # ------------------------------------------------------------------ proposals
    def proposal(self, row: int, column: IntEnum) -> Any | None:
        field = COLUMN_FIELD.get(column)  # type: ignore[call-overload]
        if field is None or not self._proposals:
            return None
        member_id = self._rows[row].member_id
        if (member_id, field) in self._dismissed:
            return None
        return self._proposals.get(member_id, {}).get(field)

    def dismiss_proposal(self, row: int, column: IntEnum) -> None:
        field = COLUMN_FIELD.get(column)  # type: ignore[call-overload]
        if field is not None:
            self._dismissed.add((self._rows[row].member_id, field))

    def proposal_count(self) -> int:
        return sum(1 for row in range(self.row_count()) for column in self._columns
                   if self.is_proposed(row, column))

    def accept_proposals(self) -> bool:
        """Save every amount still proposed, as one command."""
        entries = []
        for row in range(self.row_count()):
            for column in self._columns:
                if self.is_proposed(row, column) and self.is_editable(row, column):
                    entries.append((row, column, str(self.proposal(row, column))))
        if not entries:
            self._say(_("There are no proposed amounts to save."))
            return False
        saved = self._apply(entries, _("Save the proposed amounts"))
        if saved:
            self._say(_("{count} proposed amounts were saved.").format(count=len(entries)))
        self._state_changed()
        return saved

    # ------------------------------------------------------------------ saving
    def _apply(self, entries: list[tuple[int, IntEnum, str]], label: str,
               outside: int = 0) -> bool:
        saved = super()._apply(entries, label, outside)
        self._state_changed()
        return saved

    def undo(self) -> bool:
        undone = super().undo()
        self._state_changed()  # a refused text taken back leaves the list of problems
        return undone

    def _replay(self, changes: list[CellChange]) -> tuple[list[CellChange], list[CellChange]]:
        result = super()._replay(changes)
        self._state_changed()
        return result

    def override_limit(self, row: int, reason: str) -> bool:
        """The board lets a loan above the constitution's limits through, with a reason."""
        pending = self.pending(row, SheetColumn.NEW_LOAN)
        if pending is None or pending.issue.severity != Severity.WARNING:
            self._say(_("This row has no loan waiting for the board's decision."))
            return False
        if not can(self.actor, Action.OVERRIDE_LIMIT):
            self._say(_("Only the board may allow a loan above the limits."))
            return False
        if not reason.strip():
            self._say(_("Allowing a loan above the limits needs a reason."))
            return False
        change = CellChange(self.key(row), SheetColumn.NEW_LOAN,
                            self.value(row, SheetColumn.NEW_LOAN), pending.value,
                            note=reason.strip())
        saved = self._save_changes([change], _("Allow the loan"), touched=[change.key])
        self._state_changed()
        return saved

    def _entry_with(self, member_id: int, changes: list[CellChange]) -> Entry:
        entry = self._rows[self._index[member_id]].entry
        for change in changes:
            name = "present" if change.column == SheetColumn.PRESENT else \
                COLUMN_FIELD[SheetColumn(change.column)].value
            entry = replace(entry, **{name: change.new})
        return entry

    def _write(self, changes: list[CellChange]) -> WriteResult:
        """Save each touched member's row with ``save_entry``, all in one transaction.
        A row the ledger refuses is taken out and the rest tried again, so one bad row
        never blocks a pasted block (and nothing of a refused row is half-saved)."""
        result = WriteResult()
        if self.meeting is None:
            return result
        waiting: dict[int, list[CellChange]] = {}
        for change in changes:
            waiting.setdefault(int(change.key), []).append(change)  # type: ignore[call-overload]
        while waiting:
            try:
                saved, panel, proposed = self._save_rows(waiting)
            except _RowRefused as refusal:
                fresh = refusal.error.current if isinstance(refusal.error, ChangedMeanwhile) \
                    else None
                if isinstance(fresh, Entry):
                    # Another clerk saved this row meanwhile: it shows her figures now (and
                    # the cash panel her money), with what this clerk typed kept over them
                    # in the marked cells.
                    self._rows[self._index[refusal.member_id]].entry = fresh
                    self.cash = self._read_cash()
                self._refuse(waiting, refusal, result)
                continue
            for member_id, entry in saved.items():
                self._rows[self._index[member_id]].entry = entry
                self._proposals.pop(member_id, None)
            self._proposals.update(proposed)
            self.cash = panel
            result.saved = [change for group in waiting.values() for change in group]
            break
        return result

    def _read_cash(self) -> CashPanel | None:
        if self.meeting is None:
            return None
        with self._ledger.session() as session:
            meeting = session.get(Meeting, self.meeting.id)
            return meetings.cash_panel(session, meeting) if meeting is not None else None

    def _save_rows(self, waiting: dict[int, list[CellChange]]
                   ) -> tuple[dict[int, Entry], CashPanel, dict[int, dict[Field, int]]]:
        assert self.meeting is not None
        with self._ledger.session() as session:
            meeting = session.get(Meeting, self.meeting.id)
            assert meeting is not None
            saved: dict[int, Entry] = {}
            for member_id, group in waiting.items():
                reason = next((change.note for change in group if change.note), "")
                try:
                    saved[member_id] = meetings.save_entry(
                        session, meeting, self._entry_with(member_id, group), self.actor,
                        override_reason=reason,
                        expected=self._rows[self._index[member_id]].entry)
                except LedgerError as error:
                    raise _RowRefused(member_id, error) from error
            panel = meetings.cash_panel(session, meeting)
            proposed = proposals(session, meeting, list(saved.values())) \
                if not meeting.is_closed else {}
        return saved, panel, proposed

    @staticmethod
    def _refuse(waiting: dict[int, list[CellChange]], refusal: _RowRefused,
                result: WriteResult) -> None:
        member_id, error = refusal.member_id, refusal.error
        group = waiting[member_id]
        if isinstance(error, LimitWarnings):
            # Only the loan waits for the board; the rest of the row can still go in.
            issue = CellIssue(" ".join(error.warnings), Severity.WARNING)
            loans = [c for c in group if c.column == SheetColumn.NEW_LOAN]
            rest = [c for c in group if c.column != SheetColumn.NEW_LOAN]
            for change in loans:
                result.refused[(change.key, change.column)] = issue
            if rest and loans:
                waiting[member_id] = rest
                return
        else:
            for change in group:
                result.refused[(change.key, change.column)] = CellIssue(str(error))
        waiting.pop(member_id)
