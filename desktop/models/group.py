"""Groups of the three kinds and their cycles, each cycle carrying its constitution."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, DecimalText, Money
from desktop.models.enums import (
    DebtPolicy,
    GroupKind,
    IncomeFundInterest,
    InterestMethod,
    LeaverPayout,
    LoanFund,
    ProfitBasis,
)


class Group(Base):
    __tablename__ = "groups"
    __table_args__ = (UniqueConstraint("commune_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[GroupKind] = mapped_column(String(8))
    founded_on: Mapped[dt.date | None] = mapped_column(Date)
    # Older people are counted from this age (Law on the Elderly: 60; some clubs use 55).
    elderly_age: Mapped[int] = mapped_column(Integer, default=60)

    commune = relationship("Commune")
    village = relationship("Village")
    cycles: Mapped[list[Cycle]] = relationship(
        back_populates="group", order_by="Cycle.number"
    )
    members = relationship("Member", back_populates="group", order_by="Member.code")

    @property
    def lending_fund(self) -> LoanFund:
        """The fund that the meeting sheet's loan columns lend from."""
        return LoanFund.INCOME_FUND if self.kind == GroupKind.ISHC else LoanFund.LOAN_FUND

    @property
    def current_cycle(self) -> Cycle:
        return self.cycles[-1]


class Cycle(Base):
    """One cycle of a group (chu kỳ) and the constitution (điều lệ) that governs it."""

    __tablename__ = "cycles"
    __table_args__ = (UniqueConstraint("group_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    number: Mapped[int] = mapped_column(Integer, default=1)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)  # set when the cycle is closed
    closed: Mapped[bool] = mapped_column(Boolean, default=False)

    # -- constitution ------------------------------------------------------------------
    share_value: Mapped[int] = mapped_column(Money, default=0)  # VSLA mệnh giá cổ phần
    min_shares: Mapped[int] = mapped_column(Integer, default=1)
    max_shares: Mapped[int] = mapped_column(Integer, default=5)
    monthly_rate: Mapped[Decimal] = mapped_column(DecimalText, default=Decimal("0"))  # %/month
    interest_method: Mapped[InterestMethod] = mapped_column(String(10), default=InterestMethod.FLAT)
    interest_months_round_up: Mapped[bool] = mapped_column(Boolean, default=True)
    social_fund_per_meeting: Mapped[int] = mapped_column(Money, default=0)
    rounding_unit: Mapped[int] = mapped_column(Integer, default=1000)
    loan_multiple: Mapped[Decimal] = mapped_column(DecimalText, default=Decimal("3"))
    max_term_months: Mapped[int] = mapped_column(Integer, default=3)
    max_loan_amount: Mapped[int] = mapped_column(Money, default=0)  # 0: no maximum
    one_loan_at_a_time: Mapped[bool] = mapped_column(Boolean, default=True)
    member_fee_per_month: Mapped[int] = mapped_column(Money, default=0)
    seed_capital: Mapped[int] = mapped_column(Money, default=0)
    carry_in: Mapped[int] = mapped_column(Money, default=0)
    social_fund_in: Mapped[int] = mapped_column(Money, default=0)
    profit_basis: Mapped[ProfitBasis] = mapped_column(String(10), default=ProfitBasis.SAVINGS)
    debt_policy: Mapped[DebtPolicy] = mapped_column(String(10), default=DebtPolicy.NET)
    leaver_payout: Mapped[LeaverPayout] = mapped_column(
        String(12), default=LeaverPayout.FACE_VALUE
    )
    income_fund_interest: Mapped[IncomeFundInterest] = mapped_column(
        String(10), default=IncomeFundInterest.STAYS_IN_FUND
    )

    group: Mapped[Group] = relationship(back_populates="cycles")

    CONSTITUTION_FIELDS = (
        "share_value", "min_shares", "max_shares", "monthly_rate", "interest_method",
        "interest_months_round_up", "social_fund_per_meeting", "rounding_unit",
        "loan_multiple", "max_term_months", "max_loan_amount", "one_loan_at_a_time",
        "member_fee_per_month", "profit_basis", "debt_policy", "leaver_payout",
        "income_fund_interest",
    )

    def constitution(self) -> dict[str, object]:
        """The settings a next cycle inherits."""
        return {name: getattr(self, name) for name in self.CONSTITUTION_FIELDS}
