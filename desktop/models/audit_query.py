"""Reading the audit log: the entries a filter keeps (by user, group, member, dates and kind),
as ordered ids first and rows a page at a time, like the other big registers; and the names
of the kinds of entry in the clerk's words.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.models.audit import AuditEntry
from desktop.models.group import Group
from desktop.models.member import Member

KINDS = {
    "sign_in": N_("Signed in"),
    "sign_in_failed": N_("Sign-in refused"),
    "approve": N_("Board approval"),
    "approve_failed": N_("Board approval refused"),
    "add_user": N_("User added"),
    "disable_user": N_("User disabled"),
    "enable_user": N_("User enabled"),
    "change_role": N_("Role changed"),
    "reset_password": N_("Password reset"),
    "rename_user": N_("User's name changed"),
    "change_settings": N_("Settings changed"),
    "create_group": N_("Group created"),
    "add_member": N_("Member joined"),
    "edit_member": N_("Member's details changed"),
    "member_left": N_("Member left"),
    "withdraw_consent": N_("Consent withdrawn"),
    "anonymise": N_("Member anonymised"),
    "correct_entry": N_("Entry corrected"),
    "close_meeting": N_("Meeting closed"),
    "reopen_meeting": N_("Meeting reopened"),
    "override_limit": N_("Limit overridden"),
    "write_off": N_("Loan written off"),
    "update_constitution": N_("Constitution changed"),
    "close_cycle": N_("Cycle shared out"),
    "add_activity": N_("Activity added"),
    "update_activity": N_("Activity changed"),
    "remove_activity": N_("Activity removed"),
    "print_passbook": N_("Passbook lines printed"),
    "reset_passbook": N_("Passbook restarted"),
    "disclose_personal_data": N_("Personal data printed or exported"),
    "export_group": N_("Group workbook exported"),
    "import_group": N_("Group workbook imported"),
    "import_return": N_("Return imported"),
    "expect_commune": N_("Commune expected"),
    "stop_expecting": N_("Commune no longer expected"),
}


def kind_name(action: str) -> str:
    msgid = KINDS.get(action)
    return _(msgid) if msgid else action


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page shows: every field empty shows everything."""

    user: str = ""
    group_id: int | None = None
    member_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None  # inclusive
    kind: str = ""

    def conditions(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.user:
            found.append(AuditEntry.user == self.user)
        if self.group_id is not None:
            found.append(AuditEntry.group_id == self.group_id)
        if self.member_id is not None:
            found.append(AuditEntry.member_id == self.member_id)
        if self.start is not None:
            found.append(AuditEntry.at >= dt.datetime.combine(self.start, dt.time()))
        if self.end is not None:
            found.append(AuditEntry.at < dt.datetime.combine(
                self.end + dt.timedelta(days=1), dt.time()))
        if self.kind:
            found.append(AuditEntry.action == self.kind)
        return found


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    user: str
    approver: str
    action: str
    group: str  # the group's code
    member: str  # the member's code and name
    details: str  # the entry's details as "key: value" text

    @property
    def kind(self) -> str:
        return kind_name(self.action)


def entry_ids(session: Session, wanted: AuditFilter, *, newest_first: bool = True) -> list[int]:
    order = AuditEntry.id.desc() if newest_first else AuditEntry.id.asc()
    return list(session.scalars(select(AuditEntry.id).where(*wanted.conditions())
                                .order_by(order)))


def details_text(details: str) -> str:
    """``{"a": 1, "b": [2, 3]}`` → ``a: 1; b: 2 → 3`` (a before/after pair with an arrow)."""
    try:
        data = json.loads(details or "{}")
    except ValueError:
        return details
    if not isinstance(data, dict):
        return str(data)

    def shown(value: object) -> str:
        if isinstance(value, list) and len(value) == 2:
            return f"{shown(value[0])} → {shown(value[1])}"
        if isinstance(value, dict):
            return ", ".join(f"{key}: {shown(item)}" for key, item in value.items())
        return "" if value is None else str(value)

    return "; ".join(f"{key}: {shown(value)}" for key, value in data.items())


def entry_rows(session: Session, ids: Sequence[int]) -> dict[int, AuditRow]:
    """The rows of ``ids`` (one query per 500 ids)."""
    result: dict[int, AuditRow] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        query = (select(AuditEntry, Group.code, Member.code, Member.full_name)
                 .outerjoin(Group, Group.id == AuditEntry.group_id)
                 .outerjoin(Member, Member.id == AuditEntry.member_id)
                 .where(AuditEntry.id.in_(chunk)))
        for entry, group_code, member_code, member_name in session.execute(query):
            member = f"{member_code} {member_name}" if member_code else ""
            result[entry.id] = AuditRow(entry.id, entry.at, entry.user, entry.approver or "",
                                        entry.action, group_code or "", member,
                                        details_text(entry.details))
    return result


def users_in_log(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEntry.user).distinct().order_by(AuditEntry.user)))


def kinds_in_log(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEntry.action).distinct()
                                .order_by(AuditEntry.action)))
