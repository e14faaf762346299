"""The current time, in one place so tests can pin it."""

from __future__ import annotations

import datetime as dt

_fixed: dt.datetime | None = None


def now() -> dt.datetime:
    return _fixed if _fixed is not None else dt.datetime.now().replace(microsecond=0)


def today() -> dt.date:
    return now().date()


def pin(moment: dt.datetime | None) -> None:
    """Freeze the clock at ``moment`` (``None`` releases it)."""
    global _fixed
    _fixed = moment
