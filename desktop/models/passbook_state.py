"""What has been printed in each member's physical passbook, for continuation printing:
how many lines, in which booklet format, and a digest of each line as it was printed.

The digests live in the ledger's key → JSON ``settings`` table under ``passbook.printed.``
and the member's id, a list in line order: keeping them needed no change of the schema.
Only ``models.passbook`` reads and writes them, through the two functions below.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from desktop.models.base import Base
from desktop.models.setting import Setting, write_setting

DIGESTS_PREFIX = "passbook.printed."


class PassbookState(Base):
    __tablename__ = "passbook_state"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    lines_printed: Mapped[int] = mapped_column(Integer, default=0)
    page_format: Mapped[str] = mapped_column(String(4), default="A6")  # A6 or A5 booklet
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


def printed_digests(session: Session, member_ids: list[int]) -> dict[int, list[str]]:
    """Each member's digests of the lines printed in the booklet (none before they were
    kept: booklets printed by an earlier version)."""
    if not member_ids:
        return {}
    keys = {f"{DIGESTS_PREFIX}{member_id}": member_id for member_id in member_ids}
    rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(keys)))
    return {keys[key]: [str(item) for item in json.loads(value) or []] for key, value in rows}


def store_printed_digests(session: Session, member_id: int, digests: list[str]) -> None:
    """Remember the digests of the lines now in a member's booklet (the caller commits)."""
    write_setting(session, f"{DIGESTS_PREFIX}{member_id}", digests)
