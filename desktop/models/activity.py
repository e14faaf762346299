"""ISHC club activities that reports count: health checks, home-care visits, events."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, DecimalText
from desktop.models.enums import ActivityKind


class Activity(Base):
    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    kind: Mapped[ActivityKind] = mapped_column(String(16))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))  # checked/visited
    volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    systolic: Mapped[int | None] = mapped_column(Integer)  # mmHg
    diastolic: Mapped[int | None] = mapped_column(Integer)
    weight_kg: Mapped[Decimal | None] = mapped_column(DecimalText)
    participants: Mapped[int] = mapped_column(Integer, default=0)  # events
    title: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
