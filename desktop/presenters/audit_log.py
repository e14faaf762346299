"""The audit log page without Qt: entries newest first, filtered by user, group, member, dates
and kind; lazy like the members register (the ordered ids, then rows a page at a time), so a
log of a million entries opens as fast as one of ten. Nothing in it can be typed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import replace
from enum import IntEnum
from typing import Any

from sqlalchemy import select

from desktop.i18n import N_, _
from desktop.models.audit_query import (
    AuditFilter,
    AuditRow,
    entry_ids,
    entry_rows,
    kind_name,
    kinds_in_log,
    users_in_log,
)
from desktop.models.database import Ledger
from desktop.models.group import Group
from desktop.models.member import Member
from desktop.models.permissions import Actor
from desktop.presenters.cells import CellKind, Choice
from desktop.presenters.paged_rows import PagedRows
from desktop.presenters.table import CellChange, TablePresenter, WriteResult


class AuditColumn(IntEnum):
    NUMBER = 0
    AT = 1
    USER = 2
    APPROVER = 3
    KIND = 4
    GROUP = 5
    MEMBER = 6
    DETAILS = 7


_HEADERS = {
    AuditColumn.NUMBER: N_("No."), AuditColumn.AT: N_("Time"), AuditColumn.USER: N_("User"),
    AuditColumn.APPROVER: N_("Approved by"), AuditColumn.KIND: N_("Kind"),
    AuditColumn.GROUP: N_("Group"), AuditColumn.MEMBER: N_("Member"),
    AuditColumn.DETAILS: N_("Details"),
}


class AuditPresenter(TablePresenter):
    PAGE_SIZE = 200
    CACHED_PAGES = 20
    kinds = {AuditColumn.NUMBER: CellKind.COUNT}  # noqa: RUF012

    def __init__(self, ledger: Ledger, actor: Actor) -> None:
        super().__init__()
        self._ledger = ledger
        self.actor = actor
        self.filter = AuditFilter()
        self._rows: PagedRows[AuditRow] = PagedRows(self._read, self.PAGE_SIZE,
                                                    self.CACHED_PAGES)
        self.reload()

    @property
    def columns(self) -> list[IntEnum]:
        return list(AuditColumn)

    def headers(self) -> dict[IntEnum, str]:
        return {column: _(text) for column, text in _HEADERS.items()}

    @property
    def read_only(self) -> bool:
        return True

    def read_only_reason(self) -> str:
        return _("The audit log is kept as it was written: nothing in it can be changed.")

    # ------------------------------------------------------------------ filters
    def set_filter(self, **changes: Any) -> None:
        wanted = replace(self.filter, **changes)
        if wanted.group_id != self.filter.group_id and "member_id" not in changes:
            wanted = replace(wanted, member_id=None)
        if wanted != self.filter:
            self.filter = wanted
            self.reload()

    def user_choices(self) -> list[Choice]:
        with self._ledger.session() as session:
            return [Choice(name, name) for name in users_in_log(session)]

    def kind_choices(self) -> list[Choice]:
        with self._ledger.session() as session:
            kinds = kinds_in_log(session)
        return sorted((Choice(kind, kind_name(kind)) for kind in kinds),
                      key=lambda choice: choice.label)

    def group_choices(self) -> list[Choice]:
        with self._ledger.session() as session:
            return [Choice(group_id, f"{code} {name}") for group_id, code, name in
                    session.execute(select(Group.id, Group.code, Group.name)
                                    .order_by(Group.code))]

    def member_choices(self) -> list[Choice]:
        if self.filter.group_id is None:
            return []
        with self._ledger.session() as session:
            return [Choice(member_id, f"{code} {name}") for member_id, code, name in
                    session.execute(select(Member.id, Member.code, Member.full_name)
                                    .where(Member.group_id == self.filter.group_id)
                                    .order_by(Member.code))]

    # ------------------------------------------------------------------ rows, lazily
    def reload(self) -> None:
        with self._ledger.session() as session:
            self._rows.reset(entry_ids(session, self.filter))
        self._notify_reset()

    def row_count(self) -> int:
        return len(self._rows)

    def key(self, row: int) -> Hashable:
        return self._rows.ids[row]

    def row_of(self, key: Hashable) -> int | None:
        return self._rows.row_of(key)

    def entry(self, row: int) -> AuditRow:
        return self._rows[row]

    def _read(self, ids: list[int]) -> dict[int, AuditRow]:
        with self._ledger.session() as session:
            return entry_rows(session, ids)

    def value(self, row: int, column: IntEnum) -> Any:
        entry = self.entry(row)
        column = AuditColumn(column)
        if column == AuditColumn.NUMBER:
            return entry.id
        if column == AuditColumn.AT:
            return entry.at.strftime("%d/%m/%Y %H:%M:%S")
        return {AuditColumn.USER: entry.user, AuditColumn.APPROVER: entry.approver,
                AuditColumn.KIND: entry.kind, AuditColumn.GROUP: entry.group,
                AuditColumn.MEMBER: entry.member, AuditColumn.DETAILS: entry.details}[column]

    def row_label(self, row: int) -> str:
        entry = self.entry(row)
        return f"{entry.id} {entry.kind}"

    def is_proposed(self, row: int, column: IntEnum) -> bool:
        return False

    def _write(self, changes: list[CellChange]) -> WriteResult:
        return WriteResult()  # never called: the log is read-only

    def export(self, path: str) -> int:
        """Write the entries shown to a CSV file; the export is in the log too."""
        from desktop.workbooks.audit_export import export_audit

        with self._ledger.session() as session:
            count = export_audit(session, path, self.actor, self.filter)
        self.reload()
        return count

    def dates(self, start: dt.date | None, end: dt.date | None) -> None:
        self.set_filter(start=start, end=end)
