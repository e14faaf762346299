"""The journal: business events and their balanced lines (double entry under the hood).

An event is one money movement a clerk recognises (a share purchase, a repayment…). Its lines
are signed amounts, debit positive and credit negative, summing to zero. Nothing is deleted or
updated: a correction is a reversal event (``reverses_id``) plus a new event.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Money
from desktop.models.enums import Account, EventKind


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_group_date", "group_id", "date"),
        Index("ix_events_meeting_member", "meeting_id", "member_id"),
        # Seed capital, interest and fines of a group over a period, without its other entries.
        Index("ix_events_group_kind_date", "group_id", "kind", "date"),
        # An entry is reversed at most once, even by two clerks correcting it at one instant.
        Index("uq_events_reverses_id", "reverses_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("loans.id"), index=True)
    kind: Mapped[EventKind] = mapped_column(String(28))
    date: Mapped[dt.date] = mapped_column(Date)
    # Signed like the paper form: a reversal carries the negated amount and quantity, so the
    # sum over a meeting, member and kind is what the form shows now.
    amount: Mapped[int] = mapped_column(Money)
    quantity: Mapped[int] = mapped_column(Integer, default=0)  # shares bought
    note: Mapped[str] = mapped_column(Text, default="")
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(60), default="")

    lines: Mapped[list[JournalLine]] = relationship(back_populates="event")


class JournalLine(Base):
    __tablename__ = "journal_lines"
    __table_args__ = (
        # Covering: a group's balances over a period, its month-by-month sums and the check's
        # re-sum are read from this index alone, never from the lines' rows.
        Index("ix_lines_group_account", "group_id", "account", "date", "member_id", "amount"),
        Index("ix_lines_member", "member_id", "account"),
        CheckConstraint("amount <> 0", name="nonzero"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    # Denormalised from the event so that balances at a date are one-table aggregates.
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    account: Mapped[Account] = mapped_column(String(16))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("loans.id"), index=True)
    amount: Mapped[int] = mapped_column(Money)

    event: Mapped[Event] = relationship(back_populates="lines")
