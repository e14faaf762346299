"""The backups a clerk can restore, as rows to choose from: when each was made, why, what it
holds (groups, the last meeting), its size and how its check went. Qt-free.

The ledger's automatic backups come from its backups folder (their records say what they
hold); a file chosen elsewhere (a USB stick) joins the list once it has been read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from desktop.i18n import _
from desktop.models.backups import (
    KIND_NAMES,
    BackupFile,
    Contents,
    Kind,
    Policy,
    automatic_backups,
    format_size,
)
from desktop.models.formatting import format_date


@dataclass(frozen=True)
class BackupRow:
    """One backup as the restore list shows it."""

    path: Path
    made: str  # "23/11/2026 09:00"
    kind: str  # "hằng ngày", "khi đóng", …
    holds: str  # "6 nhóm, buổi họp gần nhất 04/12/2026"
    size: str
    check: str  # "đạt", "không đạt: …", "chưa rõ"
    sound: bool | None  # None: never checked (no record)
    encrypted: bool = False

    @property
    def tooltip(self) -> str:
        return str(self.path)


def holds_text(contents: Contents) -> str:
    """"6 groups, last meeting 04/12/2026" (the communes when the ledger keeps several)."""
    last = format_date(contents.last_meeting) if contents.last_meeting else _("none")
    text = _("{groups} groups, last meeting {date}").format(groups=contents.groups, date=last)
    if len(contents.communes) > 1:
        text += " — " + ", ".join(contents.communes)
    return text


def _made(moment: dt.datetime) -> str:
    return f"{format_date(moment.date())} {moment:%H:%M}"


def row_of(item: BackupFile) -> BackupRow:
    record = item.record
    if record is None:
        return BackupRow(item.path, _made(item.made), _(KIND_NAMES[item.kind]), "—",
                         format_size(item.size), _("not known"), None)
    check = _("passed") if record.ok else _("failed: {reason}").format(
        reason=" ".join(record.verification.findings()))
    return BackupRow(item.path, _made(item.made), _(KIND_NAMES[item.kind]),
                     holds_text(record.contents), format_size(item.size), check, record.ok)


def chosen_file_row(path: Path, contents: Contents | None, encrypted: bool) -> BackupRow:
    """A backup file the clerk picked outside the backups folder."""
    size = format_size(path.stat().st_size)
    moment = dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    holds = holds_text(contents) if contents is not None else _("encrypted: read once the "
                                                                "passphrase is given")
    return BackupRow(path, _made(moment), _(KIND_NAMES[Kind.MANUAL]), holds, size,
                     _("checked before restoring"), None, encrypted)


def backup_rows(ledger: Path, policy: Policy) -> list[BackupRow]:
    """The automatic backups of ``ledger``, newest first."""
    return [row_of(item) for item in automatic_backups(ledger, policy)]


def restored_name(ledger: Path, backup: BackupRow) -> Path:
    """Where a backup is restored when the clerk keeps the current ledger: beside it, named
    for the backup's day ("so-quy-khoi-phuc-20261122.sqlite"), never an existing file."""
    day = backup.made.split(" ")[0].split("/")
    stamp = "".join(reversed(day)) if len(day) == 3 else "backup"
    base = ledger.stem + "-" + _("restored") + "-" + stamp
    candidate = ledger.with_name(f"{base}.sqlite")
    number = 2
    while candidate.exists():
        candidate = ledger.with_name(f"{base}-{number}.sqlite")
        number += 1
    return candidate
