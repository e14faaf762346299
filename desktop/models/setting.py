"""Settings kept inside the ledger file (key → JSON value): what belongs to the commune's
books rather than to one computer — signatories' names, the place name printed on forms,
the passbook format and the printer's offsets for the passbooks.

Each area declares its settings once, typed and with defaults, in its own module
(``print_settings.py`` for printing); this table only stores them.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from desktop.models.base import Base


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="null")  # JSON


def read_settings(session: Session, prefix: str) -> dict[str, Any]:
    """Every stored setting whose key starts with ``prefix``, the prefix removed."""
    rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.startswith(prefix)))
    return {key[len(prefix):]: json.loads(value) for key, value in rows}


def write_setting(session: Session, key: str, value: Any) -> None:
    """Store ``value`` (anything JSON can hold) under ``key`` (the caller commits)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text
    session.flush()
