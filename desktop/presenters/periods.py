"""The period a book or a list shows: a named one up to today (this cycle, this month,
this quarter, this year, since the start) or dates the clerk chose."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from enum import StrEnum

from desktop.i18n import N_, _
from desktop.models.clock import today


class Period(StrEnum):
    CYCLE = "cycle"  # the current cycle, from its first day
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    ALL = "all"  # since the group's first cycle
    CUSTOM = "custom"


_PERIOD = {
    Period.CYCLE: N_("This cycle"), Period.MONTH: N_("This month"),
    Period.QUARTER: N_("This quarter"), Period.YEAR: N_("This year"),
    Period.ALL: N_("Since the start"), Period.CUSTOM: N_("Dates chosen"),
}


def period_label(period: Period) -> str:
    return _(_PERIOD[Period(period)])


def period_range(period: Period, on: dt.date, cycle_start: dt.date,
                 first_start: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of ``period`` around ``on`` (a custom period keeps its own)."""
    if period == Period.CYCLE:
        return cycle_start, on
    if period == Period.MONTH:
        return on.replace(day=1), on
    if period == Period.QUARTER:
        return dt.date(on.year, (on.month - 1) // 3 * 3 + 1, 1), on
    if period == Period.YEAR:
        return dt.date(on.year, 1, 1), on
    return first_start, on


class PeriodShown(ABC):
    """A presenter showing ``start`` to ``end`` of its ``period``. It sets ``_cycle_start``
    and ``_first_start`` from its group, and ``reload`` reads its rows again."""

    period: Period
    start: dt.date
    end: dt.date
    _cycle_start: dt.date
    _first_start: dt.date

    @abstractmethod
    def reload(self) -> None:
        ...

    def _period_up_to_today(self) -> None:
        """Move ``start`` and ``end`` to the named period as it stands today; dates the
        clerk chose stay as they are."""
        if self.period != Period.CUSTOM:
            self.start, self.end = period_range(self.period, today(), self._cycle_start,
                                                self._first_start)

    def set_period(self, period: Period) -> None:
        """A named period (this cycle, this month…) up to today."""
        self.period = Period(period)
        if self.period != Period.CUSTOM:
            self._period_up_to_today()
            self.reload()
