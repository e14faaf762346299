"""The ledger's own safety settings, declared once, typed, with defaults, stored in the
ledger's ``settings`` table under ``security.`` (so every computer that opens the ledger
obeys them, and only the administrator changes them, in the audit log).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import audit
from desktop.models.errors import LedgerError
from desktop.models.permissions import Action, Actor, require
from desktop.models.setting import read_settings, write_setting

PREFIX = "security."
LOCK_MINUTES = (1, 240)
RETENTION_YEARS = (1, 50)


@dataclass(frozen=True)
class SecuritySettings:
    lock_minutes: int = 10  # the window asks for the password again after this idle time
    retention_years: int = 5  # a member who left longer ago than this may be anonymised


def load_security_settings(session: Session) -> SecuritySettings:
    stored = read_settings(session, PREFIX)
    values: dict[str, Any] = {}
    for item in fields(SecuritySettings):
        value = stored.get(item.name)
        if type(value) is int:
            values[item.name] = value
    return replace(SecuritySettings(), **values)


def save_security_settings(session: Session, actor: Actor, settings: SecuritySettings) -> None:
    """Store the settings (administrator only; audited with old and new values)."""
    require(actor, Action.CHANGE_SETTINGS)
    low, high = LOCK_MINUTES
    if not low <= settings.lock_minutes <= high:
        raise LedgerError(_("The screen lock needs {low} to {high} minutes.").format(
            low=low, high=high))
    low, high = RETENTION_YEARS
    if not low <= settings.retention_years <= high:
        raise LedgerError(_("The retention period needs {low} to {high} years.").format(
            low=low, high=high))
    before = asdict(load_security_settings(session))
    after = asdict(settings)
    changed = {name: [before[name], value] for name, value in after.items()
               if before[name] != value}
    for name, value in after.items():
        write_setting(session, PREFIX + name, value)
    if changed:
        audit.record(session, actor, "change_settings", "settings", None, changes=changed)
