"""The loan record (khoản vay). Its balances live in the journal; rules in ``loans.py``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, DecimalText, Money
from desktop.models.enums import InterestMethod, LoanFund, LoanPurpose


class Loan(Base):
    __tablename__ = "loans"
    __table_args__ = (
        # A group's loans open at a day: those not settled by then (``settled_on`` null or
        # later), found without reading the loans it repaid years ago.
        Index("ix_loans_group_settled", "group_id", "settled_on"),
        # A group's loans made in a period (loans by purpose), without its older ones.
        Index("ix_loans_group_date", "group_id", "date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    fund: Mapped[LoanFund] = mapped_column(String(12), default=LoanFund.LOAN_FUND)
    principal: Mapped[int] = mapped_column(Money)
    date: Mapped[dt.date] = mapped_column(Date)
    purpose: Mapped[LoanPurpose] = mapped_column(String(10), default=LoanPurpose.LIVELIHOOD)
    term_months: Mapped[int] = mapped_column(Integer)
    monthly_rate: Mapped[Decimal] = mapped_column(DecimalText)  # percent per month
    method: Mapped[InterestMethod] = mapped_column(String(10))
    override_reason: Mapped[str] = mapped_column(String(300), default="")
    written_off_on: Mapped[dt.date | None] = mapped_column(Date)
    written_off_by: Mapped[str] = mapped_column(String(60), default="")
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The day of its last line once no principal is owed; null while any is (kept by
    # ``snapshots.settle_loans`` with every line that touches the loan).
    settled_on: Mapped[dt.date | None] = mapped_column(Date)

    member = relationship("Member")
