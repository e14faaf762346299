"""Meetings (buổi họp / buổi sinh hoạt) and who attended."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Money
from desktop.models.enums import MeetingStatus


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("group_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[MeetingStatus] = mapped_column(String(8), default=MeetingStatus.OPEN)
    counted_cash: Mapped[int | None] = mapped_column(Money)
    difference_note: Mapped[str] = mapped_column(Text, default="")
    closed_by: Mapped[str] = mapped_column(String(60), default="")
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The attendance list's rows and those present, kept with the list
    # (``attendance_counts.recount``) so that a province's attendance by month is read from
    # its meetings, not from millions of attendance rows.
    listed_count: Mapped[int] = mapped_column(Integer, default=0)
    present_count: Mapped[int] = mapped_column(Integer, default=0)

    group = relationship("Group")
    cycle = relationship("Cycle")
    attendance: Mapped[list[Attendance]] = relationship(back_populates="meeting")

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED


class Attendance(Base):
    __tablename__ = "attendance"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    present: Mapped[bool] = mapped_column(Boolean, default=True)

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
