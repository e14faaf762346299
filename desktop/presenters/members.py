"""The members register (sổ danh sách thành viên) without Qt: search as you type (without
diacritics too), sort in SQL (Vietnamese name order by default), edit details in the grid,
add a member, record a member leaving.

The register is lazy, like Anki's browser: it keeps only the ordered member ids and reads
rows a page at a time when the grid shows them, so a province's 100,000 members open as fast
as a group's twenty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from enum import IntEnum
from typing import Any

from desktop.i18n import N_, _
from desktop.models import registry
from desktop.models.clock import today
from desktop.models.database import Ledger
from desktop.models.enums import GroupKind, Household, MemberRole, Sex
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_amount
from desktop.models.group import Group
from desktop.models.member import Member
from desktop.models.member_register import (
    MemberOrder,
    MemberRow,
    NameIndex,
    member_ids,
    member_index,
    member_rows,
    suggest_code,
    update_member,
)
from desktop.models.permissions import Action, Actor, can, refusal
from desktop.models.personal_data import (
    ConsentMethod,
    anonymise,
    can_see,
    method_name,
    personal_number,
)
from desktop.presenters.cells import CellKind, Choice
from desktop.presenters.entry_rights import EntryGrid
from desktop.presenters.paged_rows import PagedRows
from desktop.presenters.table import CellChange, CellIssue, WriteResult


class MemberColumn(IntEnum):
    NUMBER = 0
    CODE = 1
    NAME = 2
    SEX = 3
    BIRTH_YEAR = 4
    ETHNICITY = 5
    VILLAGE = 6
    HOUSEHOLD = 7
    ROLE = 8
    PHONE = 9
    JOIN_DATE = 10
    LEAVE_DATE = 11
    LEAVE_REASON = 12
    ID_NUMBER = 13
    CONSENT_DATE = 14
    CONSENT_METHOD = 15
    CONSENT_WITHDRAWN = 16


_HEADERS = {
    MemberColumn.NUMBER: N_("No."),
    MemberColumn.CODE: N_("Member code"),
    MemberColumn.NAME: N_("Full name"),
    MemberColumn.SEX: N_("Sex"),
    MemberColumn.BIRTH_YEAR: N_("Year of birth"),
    MemberColumn.ETHNICITY: N_("Ethnicity"),
    MemberColumn.VILLAGE: N_("Village"),
    MemberColumn.HOUSEHOLD: N_("Household"),
    MemberColumn.ROLE: N_("Role"),
    MemberColumn.PHONE: N_("Phone"),
    MemberColumn.JOIN_DATE: N_("Joined"),
    MemberColumn.LEAVE_DATE: N_("Left"),
    MemberColumn.LEAVE_REASON: N_("Reason for leaving"),
    MemberColumn.ID_NUMBER: N_("ID number (CCCD)"),
    MemberColumn.CONSENT_DATE: N_("Consent given on"),
    MemberColumn.CONSENT_METHOD: N_("Consent given by"),
    MemberColumn.CONSENT_WITHDRAWN: N_("Consent withdrawn on"),
}
# Column → the attribute of ``MemberRow`` it shows, and the SQL order it sorts by.
_ATTRIBUTE = {
    MemberColumn.CODE: "code", MemberColumn.NAME: "full_name", MemberColumn.SEX: "sex",
    MemberColumn.BIRTH_YEAR: "birth_year", MemberColumn.ETHNICITY: "ethnicity",
    MemberColumn.VILLAGE: "village", MemberColumn.HOUSEHOLD: "household",
    MemberColumn.ROLE: "role", MemberColumn.PHONE: "phone",
    MemberColumn.JOIN_DATE: "join_date", MemberColumn.LEAVE_DATE: "leave_date",
    MemberColumn.LEAVE_REASON: "leave_reason", MemberColumn.ID_NUMBER: "id_number",
    MemberColumn.CONSENT_DATE: "consent_date", MemberColumn.CONSENT_METHOD: "consent_method",
    MemberColumn.CONSENT_WITHDRAWN: "consent_withdrawn",
}
# Numbers not everyone may see are never sorted by (the order would tell them).
_ORDER = {
    MemberColumn.ID_NUMBER: MemberOrder.CODE, MemberColumn.CONSENT_DATE: MemberOrder.NAME,
    MemberColumn.CONSENT_METHOD: MemberOrder.NAME,
    MemberColumn.CONSENT_WITHDRAWN: MemberOrder.NAME,
    MemberColumn.NUMBER: MemberOrder.NAME, MemberColumn.CODE: MemberOrder.CODE,
    MemberColumn.NAME: MemberOrder.NAME, MemberColumn.SEX: MemberOrder.SEX,
    MemberColumn.BIRTH_YEAR: MemberOrder.BIRTH_YEAR,
    MemberColumn.ETHNICITY: MemberOrder.ETHNICITY, MemberColumn.VILLAGE: MemberOrder.VILLAGE,
    MemberColumn.HOUSEHOLD: MemberOrder.HOUSEHOLD, MemberColumn.ROLE: MemberOrder.ROLE,
    MemberColumn.PHONE: MemberOrder.CODE, MemberColumn.JOIN_DATE: MemberOrder.JOIN_DATE,
    MemberColumn.LEAVE_DATE: MemberOrder.LEAVE_DATE,
    MemberColumn.LEAVE_REASON: MemberOrder.LEAVE_REASON,
}
_COLUMNS: list[IntEnum] = list(MemberColumn)
_SEX = {Sex.FEMALE: N_("Female"), Sex.MALE: N_("Male")}
_HOUSEHOLD = {Household.POOR: N_("Poor"), Household.NEAR_POOR: N_("Near-poor"),
              Household.OTHER: N_("Other")}
_ROLE = {
    MemberRole.CHAIR: N_("Chair"), MemberRole.VICE_CHAIR: N_("Vice-chair"),
    MemberRole.TREASURER: N_("Treasurer"), MemberRole.SECRETARY: N_("Secretary"),
    MemberRole.KEY_HOLDER: N_("Key-holder"), MemberRole.VOLUNTEER: N_("Volunteer"),
    MemberRole.MEMBER: N_("Member"),
}
# A savings group has a leader (trưởng nhóm), a club a chair (chủ nhiệm).
_GROUP_ROLE = {MemberRole.CHAIR: N_("Group leader"),
               MemberRole.VICE_CHAIR: N_("Deputy group leader")}


_SENSITIVE = frozenset({MemberColumn.PHONE, MemberColumn.ID_NUMBER})


def consent_choices() -> list[Choice]:
    return [Choice("", "")] + [Choice(method.value, method_name(method))
                               for method in ConsentMethod]


def sex_choices() -> list[Choice]:
    return [Choice(value, _(label)) for value, label in _SEX.items()]


def household_choices() -> list[Choice]:
    return [Choice(value, _(label)) for value, label in _HOUSEHOLD.items()]


def role_choices(kind: GroupKind | None) -> list[Choice]:
    labels = dict(_ROLE)
    if kind in (GroupKind.VSLA, GroupKind.ASCA):
        labels.update(_GROUP_ROLE)
    return [Choice(value, _(label)) for value, label in labels.items()]


class MembersPresenter(EntryGrid):
    """The register of one group (``group_id``) or of every group (``None``)."""

    Column = MemberColumn
    PAGE_SIZE = 100
    CACHED_PAGES = 50
    editable_columns = frozenset({
        MemberColumn.CODE, MemberColumn.NAME, MemberColumn.SEX, MemberColumn.BIRTH_YEAR,
        MemberColumn.ETHNICITY, MemberColumn.VILLAGE, MemberColumn.HOUSEHOLD,
        MemberColumn.ROLE, MemberColumn.PHONE, MemberColumn.JOIN_DATE, MemberColumn.ID_NUMBER,
        MemberColumn.CONSENT_DATE, MemberColumn.CONSENT_METHOD, MemberColumn.CONSENT_WITHDRAWN,
    })
    kinds = {  # noqa: RUF012 - read-only class table
        MemberColumn.NUMBER: CellKind.COUNT, MemberColumn.SEX: CellKind.CHOICE,
        MemberColumn.BIRTH_YEAR: CellKind.YEAR, MemberColumn.HOUSEHOLD: CellKind.CHOICE,
        MemberColumn.ROLE: CellKind.CHOICE, MemberColumn.JOIN_DATE: CellKind.DATE,
        MemberColumn.LEAVE_DATE: CellKind.DATE, MemberColumn.CONSENT_DATE: CellKind.DATE,
        MemberColumn.CONSENT_METHOD: CellKind.CHOICE, MemberColumn.CONSENT_WITHDRAWN: CellKind.DATE,
    }

    def __init__(self, ledger: Ledger, actor: Actor, group_id: int | None) -> None:
        super().__init__()
        self._ledger = ledger
        self.actor = actor
        self.group_id = group_id
        self.kind_of_group: GroupKind | None = None
        self.search = ""
        self.include_left = True
        self.order = MemberOrder.NAME
        self.descending = False
        self._rows: PagedRows[MemberRow] = PagedRows(self._read, self.PAGE_SIZE,
                                                     self.CACHED_PAGES)
        self._names: tuple[tuple[MemberOrder, bool, bool], NameIndex] | None = None
        if group_id is not None:
            with ledger.session() as session:
                group = session.get(Group, group_id)
                if group is None:
                    raise LedgerError(_("This group no longer exists in the ledger."))
                self.kind_of_group = GroupKind(group.kind)
        self.reload()

    # ------------------------------------------------------------------ shape
    @property
    def columns(self) -> list[IntEnum]:
        return _COLUMNS

    def headers(self) -> dict[IntEnum, str]:
        return {column: _(text) for column, text in _HEADERS.items()}

    def choices(self, column: IntEnum) -> list[Choice]:
        if column == MemberColumn.SEX:
            return sex_choices()
        if column == MemberColumn.HOUSEHOLD:
            return household_choices()
        if column == MemberColumn.ROLE:
            return role_choices(self.kind_of_group)
        if column == MemberColumn.CONSENT_METHOD:
            return consent_choices()
        return []

    # ------------------------------------------------------------------ rows, lazily
    def reload(self) -> None:
        """Re-read the ordered ids (one SQL query); rows are read when shown. While a search
        is typed, the names are read once and each keystroke filters them in memory."""
        with self._ledger.session() as session:
            if not self.search.strip():
                self._names = None
                ids = member_ids(session, self.group_id, on=today(), order=self.order,
                                 descending=self.descending, include_left=self.include_left)
            else:
                wanted = (self.order, self.descending, self.include_left)
                if self._names is None or self._names[0] != wanted:
                    self._names = (wanted, member_index(
                        session, self.group_id, on=today(), order=self.order,
                        descending=self.descending, include_left=self.include_left))
                ids = self._names[1].find(self.search)
        self._rows.reset(ids)
        self._notify_reset()

    def set_search(self, text: str) -> None:
        if text != self.search:
            self.search = text
            self.reload()

    def set_include_left(self, include: bool) -> None:
        if include != self.include_left:
            self.include_left = include
            self.reload()

    def sort(self, column: IntEnum, descending: bool = False) -> None:
        """Sort by a column, in SQL."""
        order = _ORDER[MemberColumn(column)]
        if (order, descending) != (self.order, self.descending):
            self.order, self.descending = order, descending
            self.reload()

    def row_count(self) -> int:
        return len(self._rows)

    def key(self, row: int) -> Hashable:
        return self._rows.ids[row]

    def row_of(self, key: Hashable) -> int | None:
        return self._rows.row_of(key)

    @property
    def page_reads(self) -> int:
        """Pages read from the database (the benchmark reports it)."""
        return self._rows.page_reads

    def member(self, row: int) -> MemberRow:
        return self._rows[row]

    def _read(self, ids: list[int]) -> dict[int, MemberRow]:
        with self._ledger.session() as session:
            return member_rows(session, ids)

    def value(self, row: int, column: IntEnum) -> Any:
        if column == MemberColumn.NUMBER:
            return row + 1
        member = self.member(row)
        value = getattr(member, _ATTRIBUTE[MemberColumn(column)])
        if column in _SENSITIVE:  # masked for a clerk or a viewer, hidden without consent
            return personal_number(member, value, self.actor)
        return value

    def is_editable(self, row: int, column: IntEnum) -> bool:
        if not super().is_editable(row, column):
            return False
        if column in _SENSITIVE and not can_see(self.actor):
            return False
        return self.member(row).anonymised_on is None

    def locked_reason(self, row: int, column: IntEnum) -> str:
        if not self.read_only and column in _SENSITIVE and not can_see(self.actor):
            return refusal(self.actor, Action.SEE_PERSONAL_DATA)
        if not self.read_only and self.member(row).anonymised_on is not None:
            return _("This member was anonymised: the details are not kept any more.")
        return super().locked_reason(row, column)

    @property
    def may_anonymise(self) -> bool:
        return can(self.actor, Action.ANONYMISE)

    def anonymise(self, row: int) -> bool:
        """Replace the personal data of the member of ``row`` (who left long ago)."""
        member_id = int(self.key(row))  # type: ignore[call-overload]
        try:
            with self._ledger.session() as session:
                member = anonymise(session, member_id, self.actor)
                code = member.code
        except LedgerError as error:
            self._say(str(error))
            return False
        self._names = None
        self.reload()
        self._say(_("{code} is anonymised: the money history stays.").format(code=code))
        return True

    def row_dimmed(self, row: int) -> bool:
        return self.member(row).has_left(today())

    def is_proposed(self, row: int, column: IntEnum) -> bool:
        return False  # nothing is proposed in the register

    def row_label(self, row: int) -> str:
        member = self.member(row)
        return f"{member.code} {member.full_name}"

    # ------------------------------------------------------------------ checks
    def validate(self, row: int, column: IntEnum, value: Any) -> CellIssue | None:
        if column in (MemberColumn.CODE, MemberColumn.NAME) and not value:
            return CellIssue(_("A member needs a code.") if column == MemberColumn.CODE
                             else _("A member needs a full name."))
        if column == MemberColumn.JOIN_DATE and value is None:
            return CellIssue(_("Please enter a date."))
        return super().validate(row, column, value)

    # ------------------------------------------------------------------ saving
    def _write(self, changes: list[CellChange]) -> WriteResult:
        """Each member's new details through ``update_member``, all in one transaction; a
        member the ledger refuses is taken out and the rest tried again."""
        result = WriteResult()
        waiting: dict[int, list[CellChange]] = {}
        for change in changes:
            waiting.setdefault(int(change.key), []).append(change)  # type: ignore[call-overload]
        while waiting:
            refused: tuple[int, LedgerError] | None = None
            try:
                with self._ledger.session() as session:
                    updated: dict[int, MemberRow] = {}
                    for member_id, group in waiting.items():
                        details = {_ATTRIBUTE[MemberColumn(c.column)]: c.new for c in group}
                        try:
                            updated[member_id] = update_member(session, member_id, self.actor,
                                                               **details)
                        except LedgerError as error:
                            refused = (member_id, error)
                            raise
            except LedgerError:
                if refused is None:
                    raise
                member_id, error = refused
                for change in waiting.pop(member_id):
                    result.refused[(change.key, change.column)] = CellIssue(str(error))
                continue
            self._names = None  # a name or code may have changed
            for member_id, row in updated.items():
                self._replace_row(member_id, row)
            result.saved = [change for group in waiting.values() for change in group]
            break
        return result

    def _replace_row(self, member_id: int, new: MemberRow) -> None:
        self._rows.replace(member_id, new)

    # ------------------------------------------------------------------ join and leave
    def suggest_code(self) -> str:
        if self.group_id is None:
            return ""
        with self._ledger.session() as session:
            return suggest_code(session, self.group_id)

    def add_member(self, *, code: str, full_name: str, join_date: dt.date,
                   **details: Any) -> int | None:
        """A new member of the group; returns the member's row, ``None`` if refused."""
        if self.group_id is None:
            return None
        try:
            with self._ledger.session() as session:
                group = session.get(Group, self.group_id)
                assert group is not None
                if self.read_only:
                    raise LedgerError(self.read_only_reason())
                member_id = registry.add_member(session, group, code=code, full_name=full_name,
                                                join_date=join_date, actor=self.actor,
                                                **details).id
        except LedgerError as error:
            self._say(str(error))
            return None
        self.search = ""
        self._names = None
        self.reload()
        self._say(_("{name} joined the group.").format(name=" ".join(full_name.split())))
        return self.row_of(member_id)

    def leave(self, row: int, on: dt.date, reason: str) -> bool:
        """The member of ``row`` leaves on ``on``; savings groups pay the member out."""
        member_id = int(self.key(row))  # type: ignore[call-overload]
        if not reason.strip():
            self._say(_("Please give the reason for leaving."))
            return False
        try:
            with self._ledger.session() as session:
                if self.read_only:
                    raise LedgerError(self.read_only_reason())
                member = session.get(Member, member_id)
                assert member is not None
                paid = registry.leave_group(session, member, on, reason, self.actor)
                name = member.full_name
        except LedgerError as error:
            self._say(str(error))
            return False
        self._names = None
        self.reload()
        if paid:
            self._say(_("{name} left the group and was paid {amount} đồng.").format(
                name=name, amount=format_amount(paid)))
        else:
            self._say(_("{name} left the group.").format(name=name))
        return True
