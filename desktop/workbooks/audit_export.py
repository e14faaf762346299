"""The audit log written out for an auditor: a CSV file (UTF-8 with a byte-order mark, so
Excel shows Vietnamese as it is), one line per entry in the order they were made, with the
entry's hash so the copy can be compared with the ledger.

Exporting the log is itself in the log: it names members, which is personal data.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models.audit import AuditEntry
from desktop.models.audit_query import AuditFilter, entry_ids, entry_rows
from desktop.models.permissions import Action, Actor, require
from desktop.models.personal_data import record_disclosure


def headers() -> list[str]:
    return [_("No."), _("Time"), _("User"), _("Approved by"), _("Kind"), _("Group"),
            _("Member"), _("Details"), _("Hash")]


def export_audit(session: Session, path: str | os.PathLike[str], actor: Actor,
                 wanted: AuditFilter | None = None) -> int:
    """Write the entries ``wanted`` keeps to ``path`` (written whole or not at all); the
    number of entries written. The caller commits (the export is in the log)."""
    require(actor, Action.READ_AUDIT)
    wanted = wanted or AuditFilter()
    ids = entry_ids(session, wanted, newest_first=False)
    target = Path(path)
    partial = target.with_name(target.name + ".part")
    target.parent.mkdir(parents=True, exist_ok=True)
    with partial.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(headers())
        for start in range(0, len(ids), 2000):
            chunk = ids[start:start + 2000]
            rows = entry_rows(session, chunk)
            hashes = dict(session.query(AuditEntry.id, AuditEntry.row_hash)
                          .filter(AuditEntry.id.in_(chunk)).all())
            for entry_id in chunk:
                row = rows[entry_id]
                writer.writerow([row.id, row.at.strftime("%d/%m/%Y %H:%M:%S"), row.user,
                                 row.approver, row.kind, row.group, row.member, row.details,
                                 hashes[entry_id]])
    partial.replace(target)
    record_disclosure(session, actor, "audit_log", wanted.group_id, file=target.name,
                      entries=len(ids))
    return len(ids)
