"""What has been printed in each member's physical passbook, for continuation printing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base


class PassbookState(Base):
    __tablename__ = "passbook_state"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    lines_printed: Mapped[int] = mapped_column(Integer, default=0)
    page_format: Mapped[str] = mapped_column(String(4), default="A6")  # A6 or A5 booklet
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
