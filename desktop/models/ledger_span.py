"""The years a ledger's records cover: from its first group, cycle, meeting, entry or
imported return up to today. A quarter outside them (``0000Q1``, ``1900Q1``, ``9999Q4``) is
a typing mistake, refused before any figure is computed or any file written."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models.errors import LedgerError
from desktop.models.group import Cycle, Group
from desktop.models.indicators import Quarter
from desktop.models.journal import Event
from desktop.models.meeting import Meeting
from desktop.models.returns import QuarterlyReturn


def first_year(session: Session) -> int | None:
    """The year of the ledger's earliest record; ``None`` for a ledger with none yet."""
    days = [session.scalar(select(func.min(column))) for column in (
        Group.founded_on, Cycle.start_date, Meeting.date, Event.date)]
    years = [day.year for day in days if isinstance(day, dt.date)]
    returned = session.scalar(select(func.min(QuarterlyReturn.year)))
    if returned is not None:
        years.append(int(returned))
    return min(years) if years else None


def shown(quarter: Quarter) -> str:
    """``2026Q3``, the way it is typed (also for year 0: ``0000Q1``)."""
    return f"{quarter.year:04d}Q{quarter.number}"


def check_quarter(session: Session, quarter: Quarter, today: dt.date) -> None:
    """Refuse a quarter after the current one, or before the year of the ledger's first
    record (the current year for a ledger that has none yet)."""
    current = Quarter.containing(today)
    if (quarter.year, quarter.number) > (current.year, current.number):
        raise LedgerError(_("The quarter {quarter} has not begun yet: today is in {current}.")
                          .format(quarter=shown(quarter), current=shown(current)))
    first = first_year(session) or today.year
    if quarter.year < first:
        raise LedgerError(_("The quarter {quarter} is before this ledger's records, which "
                            "begin in {year}.").format(quarter=shown(quarter), year=first))
