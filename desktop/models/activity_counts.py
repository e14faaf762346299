"""How many ISHC activities of each kind groups held in a period (the quarterly report's
activity lines): health checks, home-care visits, events and self-help cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.activity import Activity
from desktop.models.enums import ActivityKind


@dataclass(frozen=True)
class ActivityCount:
    kind: ActivityKind
    count: int  # activities recorded (a health check is one member checked)
    participants: int  # people counted at events (0 for the other kinds)


def activity_counts(session: Session, group_ids: Iterable[int], since: dt.date,
                    until: dt.date) -> dict[ActivityKind, ActivityCount]:
    """Every kind, in declaration order, with its count from ``since`` to ``until``."""
    ids = list(group_ids)
    found: dict[ActivityKind, tuple[int, int]] = {}
    if ids:
        for kind, count, participants in session.execute(
                select(Activity.kind, func.count(Activity.id),
                       func.coalesce(func.sum(Activity.participants), 0))
                .where(Activity.group_id.in_(ids), Activity.date >= since,
                       Activity.date <= until)
                .group_by(Activity.kind)):
            found[ActivityKind(kind)] = (int(count), int(participants))
    return {kind: ActivityCount(kind, *found.get(kind, (0, 0))) for kind in ActivityKind}
