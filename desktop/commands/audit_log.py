"""``audit export FILE [filters]`` and ``audit list [filters]``: the audit log for the board
and the administrator (``check`` verifies its chain)."""

from __future__ import annotations

import argparse
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.commands.common import find_group, ledger_from, print_json
from desktop.i18n import _
from desktop.models.audit_query import AuditFilter, entry_ids, entry_rows
from desktop.models.errors import LedgerError
from desktop.models.formatting import DateError, parse_date
from desktop.models.member import Member


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except DateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", dest="by_user", default="", metavar="USER",
                        help=_("only the entries of this user"))
    parser.add_argument("--group", metavar="CODE", help=_("only the entries about this group"))
    parser.add_argument("--member", metavar="CODE",
                        help=_("only the entries about this member (with --group)"))
    parser.add_argument("--from", dest="start", type=_date, metavar="dd/mm/yyyy",
                        help=_("from this day"))
    parser.add_argument("--to", dest="end", type=_date, metavar="dd/mm/yyyy",
                        help=_("up to this day"))
    parser.add_argument("--kind", default="", metavar="KIND",
                        help=_("only this kind of entry (e.g. sign_in, reopen_meeting)"))


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "audit", help=_("read or export the audit log (board, administrator)"))
    actions = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    exported = actions.add_parser("export", help=_("write the audit log to a CSV file"))
    exported.add_argument("file", metavar="FILE", help=_("the CSV file to write"))
    _filters(exported)
    exported.set_defaults(func=run_export)
    listed = actions.add_parser("list", help=_("show the audit log, newest first"))
    _filters(listed)
    listed.add_argument("--limit", type=int, default=50, metavar="N",
                        help=_("show at most N entries (default 50)"))
    listed.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    listed.set_defaults(func=run_list)


def wanted(session: Session, options: argparse.Namespace) -> AuditFilter:
    group_id = member_id = None
    if options.member and not options.group:
        raise LedgerError(_("Name the member's group too (--group CODE)."))
    if options.group:
        group = find_group(session, options.group)
        group_id = group.id
        if options.member:
            member_id = session.scalar(select(Member.id).where(
                Member.group_id == group.id, Member.code == options.member.strip()))
            if member_id is None:
                raise LedgerError(_("There is no member with the code {code} in the group "
                                    "{group}.").format(code=options.member, group=group.code))
    return AuditFilter(user=options.by_user.strip().lower(), group_id=group_id,
                       member_id=member_id, start=options.start, end=options.end,
                       kind=options.kind.strip())


def run_export(options: argparse.Namespace) -> int:
    from desktop.workbooks.audit_export import export_audit

    ledger = ledger_from(options, write=True)  # the export itself is in the log
    try:
        with ledger.session() as session:
            count = export_audit(session, options.file, options.actor, wanted(session, options))
    finally:
        ledger.close()
    print(_("Wrote {count} entries of the audit log to {file}.").format(count=count,
                                                                         file=options.file))
    return 0


def run_list(options: argparse.Namespace) -> int:
    ledger = ledger_from(options)
    try:
        with ledger.session() as session:
            ids = entry_ids(session, wanted(session, options))[:max(options.limit, 0)]
            rows = entry_rows(session, ids)
    finally:
        ledger.close()
    shown = [rows[entry_id] for entry_id in ids]
    if options.json:
        print_json([{"id": row.id, "at": row.at.isoformat(), "user": row.user,
                     "approver": row.approver, "kind": row.action, "group": row.group,
                     "member": row.member, "details": row.details} for row in shown])
        return 0
    for row in shown:
        who = row.user + (f" ({_('approved by')} {row.approver})" if row.approver else "")
        print("  ".join(part for part in (str(row.id), row.at.strftime("%d/%m/%Y %H:%M"), who,
                                          row.kind, row.group, row.member, row.details)
                        if part))
    return 0
