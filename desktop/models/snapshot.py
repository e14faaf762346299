"""Balance snapshots: what each group's accounts, and each member's savings, stood at at the
end of every month that moved them (DESIGN §3.2: balances derived from the journal, cached
per period for speed).

A balance at a day is then the snapshot of the month before plus that month's lines up to
the day: the work is one index seek and at most a month of lines, however many years the
group or the ledger holds. The journal stays the truth: ``snapshots.record`` keeps these rows
in the same transaction as the lines, and ``commune-ledger check`` re-sums the journal and
compares.

A row exists for every month in which the key's lines do not cancel out; a month without a
row moved nothing, so the row before it still holds.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Money
from desktop.models.enums import Account


class AccountSnapshot(Base):
    """One account of one group at the end of one month."""

    __tablename__ = "balance_snapshots"
    __table_args__ = (
        # Every group's movement of an account month by month (the commune's fund chart).
        Index("ix_balance_snapshots_month", "month", "account", "moved"),
    )

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), primary_key=True)
    account: Mapped[Account] = mapped_column(String(16), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # its first day
    balance: Mapped[int] = mapped_column(Money)  # Σ of the account's lines to the month's end
    moved: Mapped[int] = mapped_column(Money)  # Σ of its lines within the month


class SavingsSnapshot(Base):
    """One member's savings in one group at the end of one month (signed like the journal:
    savings are credits, so a saver's balance is negative here)."""

    __tablename__ = "savings_snapshots"

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    balance: Mapped[int] = mapped_column(Money)
    moved: Mapped[int] = mapped_column(Money)
