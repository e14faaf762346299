"""Each meeting's attendance counts (rows on its list, members present), kept in step with
the attendance list by every writer of it: the meeting services, the group workbook import and
the demo's bulk writer. The check compares them with the list.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session

from desktop.models.meeting import Attendance, Meeting

_MEETINGS: Table = Meeting.__table__  # type: ignore[assignment]
_ATTENDANCE: Table = Attendance.__table__  # type: ignore[assignment]


def listed() -> Any:
    """The rows of the meeting's attendance list (a correlated subquery)."""
    return (select(func.count()).select_from(_ATTENDANCE)
            .where(_ATTENDANCE.c.meeting_id == _MEETINGS.c.id).scalar_subquery())


def present() -> Any:
    """The members marked present on the meeting's list (a correlated subquery)."""
    return (select(func.count()).select_from(_ATTENDANCE)
            .where(_ATTENDANCE.c.meeting_id == _MEETINGS.c.id,
                   _ATTENDANCE.c.present.is_(True)).scalar_subquery())


def recount(session: Session, meeting_ids: Iterable[int]) -> None:
    """Count again the attendance lists of ``meeting_ids`` (rows already flushed)."""
    ids = sorted(set(meeting_ids))
    for start in range(0, len(ids), 500):
        session.execute(update(_MEETINGS).where(_MEETINGS.c.id.in_(ids[start:start + 500]))
                        .values(listed_count=listed(), present_count=present()))
