"""When a meeting may be dated — one rule for the meeting sheet (``meetings.create_meeting``)
and the group-workbook import, so that neither accepts a date the other refuses.

A meeting is recorded once it was held: never after today, never before its cycle started.
And a meeting is not slipped in before one that is still open: the open meeting's opening
cash would change under the clerk typing it, and two meetings would be open at once.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models.clock import today
from desktop.models.enums import MeetingStatus
from desktop.models.formatting import format_date
from desktop.models.meeting import Meeting


def meeting_date_problem(day: dt.date, cycle_start: dt.date | None) -> str | None:
    """Why a meeting cannot be dated ``day`` (``None``: it can). The reason is lower-case so
    that an import can put the cell in front of it; ``as_sentence`` makes it a sentence."""
    if cycle_start is not None and day < cycle_start:
        return _("the meeting date {date} is before the cycle started ({start})").format(
            date=format_date(day), start=format_date(cycle_start))
    if day > today():
        return _("the date {date} is after today ({today})").format(
            date=format_date(day), today=format_date(today()))
    return None


def as_sentence(reason: str) -> str:
    """A lower-case reason as a sentence of its own."""
    return reason[:1].upper() + reason[1:] + "."


def open_meeting_after(session: Session, group_id: int, day: dt.date) -> Meeting | None:
    """The group's latest meeting dated after ``day`` that is still open, if any: a new
    meeting of ``day`` must wait until it is closed."""
    return session.scalar(
        select(Meeting).where(Meeting.group_id == group_id, Meeting.date > day,
                              Meeting.status == MeetingStatus.OPEN)
        .order_by(Meeting.date.desc()).limit(1))


def open_meeting_problem(meeting: Meeting) -> str:
    """The refusal for a meeting dated before ``meeting``, which is still open."""
    return _("The meeting of {date} is still open: a meeting dated before it can be started "
             "only once it is closed.").format(date=format_date(meeting.date))
