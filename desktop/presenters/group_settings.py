"""A group's settings without Qt: the constitution of each cycle as a form (the current one
editable as ``constitution.edit_rule`` allows, past ones read only), the history of its
changes from the audit log, and the board — the members who hold a role.

The form keeps what the clerk typed until "Save": each field is read and checked as it is
typed (a Vietnamese sentence beside it), and the save sends every change at once, so a
constitution is never half changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from typing import Any

from desktop.i18n import N_, _
from desktop.models.clock import today
from desktop.models.constitution import (
    BY_NAME,
    ConstitutionRejected,
    EditRule,
    Setting,
    SettingKind,
    constitution_history,
    current_values,
    edit_rule,
    meetings_in,
    setting_problems,
    settings_for,
    shares_bought,
    update_constitution,
)
from desktop.models.database import Ledger
from desktop.models.enums import GroupKind, MemberRole
from desktop.models.errors import LedgerError
from desktop.models.formatting import (
    InputError,
    format_amount,
    format_date,
    format_rate,
    parse_amount,
    parse_rate,
)
from desktop.models.group import Cycle, Group
from desktop.models.member_register import MemberRow, member_ids, member_rows
from desktop.models.permissions import SYSTEM, Actor
from desktop.models.personal_data import personal_number
from desktop.presenters.cells import CellKind, parse_count
from desktop.presenters.listing import ListingPresenter
from desktop.presenters.members import role_choices, sex_choices


@dataclass(frozen=True)
class CycleEntry:
    id: int
    number: int
    start: dt.date
    end: dt.date | None
    closed: bool

    def label(self) -> str:
        if self.closed and self.end is not None:
            return _("Cycle {number} ({start} – {end}, shared out)").format(
                number=self.number, start=format_date(self.start), end=format_date(self.end))
        return _("Cycle {number} (from {start}, current)").format(
            number=self.number, start=format_date(self.start))


def format_setting(setting: Setting, value: Any) -> str:
    """A setting's value as the form and the history show it."""
    if value is None:
        return ""
    if setting.kind == SettingKind.AMOUNT:
        return format_amount(int(value))
    if setting.kind == SettingKind.RATE:
        return format_rate(Decimal(value))
    if setting.kind == SettingKind.FLAG:
        return _("yes") if value else _("no")
    if setting.kind == SettingKind.CHOICE:
        return next((_(word) if setting.name != "rounding_unit" else word
                     for choice, word in setting.choices if choice == value), str(value))
    return str(value)


def parse_setting(setting: Setting, text: str) -> Any:
    """The value typed for an amount, a count or a rate; ``InputError`` when it is not."""
    if setting.kind == SettingKind.AMOUNT:
        return parse_amount(text)
    if setting.kind == SettingKind.RATE:
        return parse_rate(text)
    if not text.strip():
        raise InputError(_("Please enter a number."), text)
    return parse_count(text)


_RULE_TEXT = {
    EditRule.PAST: N_("This cycle is closed: its constitution is kept as it was and cannot "
                      "be changed."),
    EditRule.VIEW_ONLY: N_("You may look at the constitution but not change it."),
    EditRule.FREE: N_("The cycle has no meeting yet: type in the rules the members agreed, "
                      "then save."),
    EditRule.BOARD: N_("The cycle already has {count} meetings: as a board member you may "
                       "change its rules, giving the reason; the change is kept in the "
                       "audit log and applies from now on (loans already made keep their "
                       "terms)."),
    EditRule.NEEDS_BOARD: N_("The cycle already has {count} meetings: only the board may "
                             "change its rules now."),
}


class ConstitutionForm:
    """The constitution of the cycle chosen, as a form with unsaved edits."""

    def __init__(self, ledger: Ledger, actor: Actor, group_id: int) -> None:
        self._ledger = ledger
        self.actor = actor
        self.group_id = group_id
        self.kind = GroupKind.VSLA
        self.cycles: list[CycleEntry] = []
        self.cycle: CycleEntry | None = None
        self.rule = EditRule.PAST
        self.meetings = 0
        self.saved: dict[str, Any] = {}
        self.edits: dict[str, Any] = {}
        self.texts: dict[str, str] = {}  # typed and not readable: kept as typed
        self.issues: dict[str, str] = {}
        self.facts: dict[str, int] = {}
        self.locked: dict[str, str] = {}  # settings that cannot change now, and why
        self.last_message = ""
        self._listeners: list[Callable[[], None]] = []
        self.load()

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _changed(self, message: str | None = None) -> None:
        if message is not None:
            self.last_message = message
        for listener in list(self._listeners):
            listener()

    # ------------------------------------------------------------------ reading
    def load(self, cycle_id: int | None = None) -> None:
        """Read the cycles and the chosen one's constitution (the current by default)."""
        with self._ledger.session() as session:
            group = session.get(Group, self.group_id)
            if group is None:
                raise LedgerError(_("This group no longer exists in the ledger."))
            self.kind = GroupKind(group.kind)
            self.cycles = [CycleEntry(c.id, c.number, c.start_date, c.end_date, c.closed)
                           for c in reversed(group.cycles)]
            chosen = next((c for c in group.cycles if c.id == cycle_id), group.current_cycle)
            self.cycle = next(c for c in self.cycles if c.id == chosen.id)
            self.rule = edit_rule(session, chosen, self.actor)
            self.meetings = meetings_in(session, chosen)
            self.saved = current_values(chosen)
            self.facts = self._facts(chosen)
            self.locked = {}
            if self.kind == GroupKind.VSLA and shares_bought(session, chosen):
                self.locked["share_value"] = _("Shares were bought at this value.")
        self.edits, self.texts, self.issues = {}, {}, {}
        self._changed()

    def _facts(self, cycle: Cycle) -> dict[str, int]:
        if self.kind == GroupKind.ISHC:
            return {"seed_capital": cycle.seed_capital}
        return {"carry_in": cycle.carry_in, "social_fund_in": cycle.social_fund_in}

    def choose(self, cycle_id: int) -> None:
        self.load(cycle_id)

    @property
    def settings(self) -> list[Setting]:
        return settings_for(self.kind)

    @property
    def editable(self) -> bool:
        return self.rule in (EditRule.FREE, EditRule.BOARD)

    @property
    def needs_reason(self) -> bool:
        return self.rule == EditRule.BOARD

    def rule_text(self) -> str:
        return _(_RULE_TEXT[self.rule]).format(count=self.meetings)

    def value(self, name: str) -> Any:
        return self.edits.get(name, self.saved.get(name))

    def text(self, name: str) -> str:
        if name in self.texts:
            return self.texts[name]
        return format_setting(BY_NAME[name], self.value(name))

    def issue(self, name: str) -> str:
        return self.issues.get(name, "")

    def can_change(self, name: str) -> bool:
        return self.editable and name not in self.locked

    @property
    def dirty(self) -> bool:
        return bool(self.edits or self.texts)

    # ------------------------------------------------------------------ editing
    def set_text(self, name: str, text: str) -> str:
        """The clerk typed ``text`` in an amount, count or rate field; the problem with it
        (empty when fine). Nothing is saved."""
        setting = BY_NAME[name]
        try:
            value = parse_setting(setting, text)
        except InputError as error:
            self.texts[name] = text
            self.issues[name] = error.message
            self._changed()
            return error.message
        self.texts.pop(name, None)
        return self.set_value(name, value)

    def set_value(self, name: str, value: Any) -> str:
        """A value chosen (a list, a box ticked) or read from what was typed."""
        if not self.editable:
            self._changed(self.rule_text())
            return self.rule_text()
        if value == self.saved.get(name):
            self.edits.pop(name, None)
        else:
            self.edits[name] = value
        self._check()
        self._changed()
        return self.issues.get(name, "")

    def _check(self) -> None:
        kept = {name: message for name, message in self.issues.items() if name in self.texts}
        with self._ledger.session() as session:
            cycle = session.get(Cycle, self.cycle.id if self.cycle else 0)
            assert cycle is not None
            problems = setting_problems(session, cycle, self.edits)
        self.issues = kept
        for problem in problems:
            self.issues.setdefault(problem.cell, problem.message)

    def revert(self) -> None:
        self.edits, self.texts, self.issues = {}, {}, {}
        self._changed(_("The changes were put back as they were saved."))

    def save(self, reason: str = "") -> bool:
        """Save every change at once (the board gives ``reason`` once meetings were held)."""
        if self.issues:
            name = next(iter(self.issues))
            self._changed(_("{setting}: {message}").format(setting=_(BY_NAME[name].label),
                                                           message=self.issues[name]))
            return False
        if not self.edits:
            self._changed(_("Nothing was changed."))
            return False
        assert self.cycle is not None
        try:
            with self._ledger.session() as session:
                changed = update_constitution(session, self.cycle.id, self.edits, self.actor,
                                              reason)
        except ConstitutionRejected as error:
            for problem in error.problems:
                self.issues[problem.cell] = problem.message
            self._changed(str(error))
            return False
        except LedgerError as error:
            self._changed(str(error))
            return False
        number = self.cycle.number
        self.load(self.cycle.id)
        self._changed(_("The constitution of cycle {number} was saved ({count} rules "
                        "changed).").format(number=number, count=len(changed)))
        return True

    # ------------------------------------------------------------------ history
    def history(self) -> list[str]:
        """The changes of the group's constitutions, the latest first, one sentence each."""
        with self._ledger.session() as session:
            changes = constitution_history(session, self.group_id)
        lines = []
        for change in changes:
            parts = []
            for name, (old, new) in change.changes.items():
                setting = BY_NAME.get(name)
                if setting is None:
                    continue
                old_value, new_value = (_restore(setting, value) for value in (old, new))
                parts.append(_("{setting}: {old} → {new}").format(
                    setting=_(setting.label), old=format_setting(setting, old_value),
                    new=format_setting(setting, new_value)))
            line = _("{date} {time}, {user}, cycle {number}: {changes}").format(
                date=format_date(change.at), time=f"{change.at:%H:%M}", user=change.user,
                number=change.cycle, changes="; ".join(parts))
            if change.reason:
                line += " " + _("Reason: {reason}").format(reason=change.reason)
            lines.append(line)
        return lines


def _restore(setting: Setting, value: Any) -> Any:
    """A value as the audit log's JSON kept it, read back for showing."""
    if setting.kind == SettingKind.RATE and value is not None:
        return Decimal(str(value))
    return value


class BoardColumn(IntEnum):
    ROLE = 0
    CODE = 1
    NAME = 2
    SEX = 3
    BIRTH_YEAR = 4
    PHONE = 5
    JOINED = 6


_BOARD_HEADERS = {
    BoardColumn.ROLE: N_("Role"), BoardColumn.CODE: N_("Member code"),
    BoardColumn.NAME: N_("Full name"), BoardColumn.SEX: N_("Sex"),
    BoardColumn.BIRTH_YEAR: N_("Year of birth"), BoardColumn.PHONE: N_("Phone"),
    BoardColumn.JOINED: N_("Joined"),
}
_ROLE_ORDER = {role: number for number, role in enumerate(MemberRole)}


class BoardPresenter(ListingPresenter[MemberRow]):
    """The members of the group who hold a role today, the chair first."""

    kinds = {BoardColumn.BIRTH_YEAR: CellKind.YEAR,  # noqa: RUF012
             BoardColumn.JOINED: CellKind.DATE}
    name_columns = frozenset({BoardColumn.NAME})

    def __init__(self, ledger: Ledger, group_id: int, actor: Actor = SYSTEM) -> None:
        super().__init__()
        self._ledger = ledger
        self.group_id = group_id
        self.actor = actor  # who looks: phone numbers masked unless they may see them
        self.group_kind: GroupKind | None = None
        self.reload()

    @property
    def columns(self) -> list[IntEnum]:
        return list(BoardColumn)

    def headers(self) -> dict[IntEnum, str]:
        return {column: _(text) for column, text in _BOARD_HEADERS.items()}

    def reload(self) -> None:
        with self._ledger.session() as session:
            group = session.get(Group, self.group_id)
            self.group_kind = GroupKind(group.kind) if group is not None else None
            ids = member_ids(session, self.group_id, on=today(), include_left=False)
            rows = member_rows(session, ids)
        board = [rows[member_id] for member_id in ids
                 if rows[member_id].role != MemberRole.MEMBER]
        board.sort(key=lambda row: _ROLE_ORDER[MemberRole(row.role)])  # stable: names stay
        self.set_rows(board)

    def row_key(self, item: MemberRow) -> Hashable:
        return item.id

    def cell(self, item: MemberRow, column: IntEnum) -> Any:
        column = BoardColumn(column)
        if column == BoardColumn.ROLE:
            return next((choice.label for choice in role_choices(self.group_kind)
                         if choice.value == item.role), str(item.role))
        if column == BoardColumn.SEX:
            return next((choice.label for choice in sex_choices() if choice.value == item.sex),
                        str(item.sex))
        return {BoardColumn.CODE: item.code, BoardColumn.NAME: item.full_name,
                BoardColumn.BIRTH_YEAR: item.birth_year,
                BoardColumn.PHONE: personal_number(item, item.phone, self.actor),
                BoardColumn.JOINED: item.join_date}[column]

    def sort_value(self, item: MemberRow, column: IntEnum) -> Any:
        if column == BoardColumn.ROLE:
            return _ROLE_ORDER[MemberRole(item.role)]
        return super().sort_value(item, column)
