"""Members of a group (thành viên)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from desktop.models.base import Base
from desktop.models.collation import name_sort_key, nfc
from desktop.models.enums import Household, MemberRole, Sex


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("group_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    full_name: Mapped[str] = mapped_column(String(120))
    # Vietnamese order: given name, then middle, then family name; kept for SQL ORDER BY.
    sort_key: Mapped[str] = mapped_column(String(400), default="", index=True)
    sex: Mapped[Sex] = mapped_column(String(4), default=Sex.FEMALE)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    ethnicity: Mapped[str] = mapped_column(String(40), default="Kinh")
    village: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    id_number: Mapped[str] = mapped_column(String(12), default="")  # CCCD, sensitive
    household: Mapped[Household] = mapped_column(String(10), default=Household.OTHER)
    role: Mapped[MemberRole] = mapped_column(String(12), default=MemberRole.MEMBER)
    join_date: Mapped[dt.date] = mapped_column(Date)
    leave_date: Mapped[dt.date | None] = mapped_column(Date)
    leave_reason: Mapped[str] = mapped_column(String(200), default="")
    # Consent to keep personal data (Law 91/2025/QH15): when and how it was given, and
    # when it was withdrawn. Without it the ledger keeps no phone or ID number.
    consent_date: Mapped[dt.date | None] = mapped_column(Date)
    consent_method: Mapped[str] = mapped_column(String(12), default="")
    consent_withdrawn: Mapped[dt.date | None] = mapped_column(Date)
    anonymised_on: Mapped[dt.date | None] = mapped_column(Date)

    group = relationship("Group", back_populates="members")

    @validates("full_name")
    def _normalise_name(self, _key: str, value: str) -> str:
        value = " ".join(nfc(value).split())
        self.sort_key = name_sort_key(value)
        return value

    def is_active_on(self, day: dt.date) -> bool:
        return self.join_date <= day and (self.leave_date is None or self.leave_date > day)

    def has_consent(self, on: dt.date) -> bool:
        """Whether the member's consent to keep personal data stands on ``on``."""
        return (self.consent_date is not None and self.consent_date <= on
                and (self.consent_withdrawn is None or self.consent_withdrawn > on))

    def age_in(self, year: int) -> int | None:
        return None if self.birth_year is None else year - self.birth_year
