"""Who the aggregating office is, for the consolidated report: declared once, typed, with
defaults, stored in the ledger's ``settings`` table under the ``office.`` prefix.

The aggregating level is a setting, not a tier: since July 2025 returns go commune →
province, but an office calling itself a district is the same to the application.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from sqlalchemy.orm import Session

from desktop.models.setting import read_settings, write_setting

PREFIX = "office."


@dataclass(frozen=True)
class OfficeSettings:
    """Empty names are left to be written by hand on the printed report."""

    office_name: str = ""  # top-left block, e.g. "HỘI LHPN TỈNH THÁI NGUYÊN"
    parent_name: str = ""  # the superior body above it, e.g. "TRUNG ƯƠNG HỘI LHPN VIỆT NAM"
    place_name: str = ""  # the place-and-date line, e.g. "Thái Nguyên"
    preparer_name: str = ""  # người lập biểu
    head_name: str = ""  # signs for the office
    head_title: str = "CHỦ TỊCH"


def load_office_settings(session: Session) -> OfficeSettings:
    """The stored settings; anything never set keeps its default."""
    stored = read_settings(session, PREFIX)
    values: dict[str, Any] = {}
    for item in fields(OfficeSettings):
        value = stored.get(item.name)
        if isinstance(value, str):
            values[item.name] = value
    return replace(OfficeSettings(), **values)


def save_office_settings(session: Session, settings: OfficeSettings) -> None:
    """Store every field of ``settings`` (the caller commits)."""
    for name, value in asdict(settings).items():
        write_setting(session, PREFIX + name, value.strip())
