"""Every table, imported once so that the metadata is complete (database and Alembic)."""

from __future__ import annotations

from desktop.models.activity import Activity
from desktop.models.audit import AuditChain, AuditEntry
from desktop.models.base import Base
from desktop.models.group import Cycle, Group
from desktop.models.journal import Event, JournalLine
from desktop.models.loan import Loan
from desktop.models.meeting import Attendance, Meeting
from desktop.models.member import Member
from desktop.models.organisation import Commune, Village
from desktop.models.passbook_state import PassbookState
from desktop.models.returns import ExpectedCommune, QuarterlyReturn, ReturnGroup
from desktop.models.setting import Setting
from desktop.models.shareout_record import ShareOutLeaver, ShareOutPayout, ShareOutResult
from desktop.models.snapshot import AccountSnapshot, SavingsSnapshot
from desktop.models.users import User

__all__ = [
    "AccountSnapshot", "Activity", "Attendance", "AuditChain", "AuditEntry", "Base", "Commune",
    "Cycle", "Event", "ExpectedCommune", "Group", "JournalLine", "Loan", "Meeting", "Member",
    "PassbookState", "QuarterlyReturn", "ReturnGroup", "SavingsSnapshot", "Setting",
    "ShareOutLeaver", "ShareOutPayout", "ShareOutResult", "User", "Village",
]
