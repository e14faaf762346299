"""``export-group CODE FILE`` and ``import-group FILE``: the group workbook (Sổ nhóm,
DESIGN.md §6.2) from the command line."""

from __future__ import annotations

import argparse
import sys

from desktop.commands.common import find_group, group_argument, ledger_from, print_json
from desktop.i18n import _
from desktop.models.formatting import format_date


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = subparsers.add_parser(
        "export-group", help=_("write a group's whole record to a group workbook (.xlsx)"))
    group_argument(export)
    export.add_argument("file", metavar="FILE", help=_("the workbook to write (.xlsx)"))
    export.add_argument("--with-personal-data", action="store_true",
                        help=_("also write members' ID numbers and phone numbers "
                               "(administrator only; recorded in the audit log)"))
    export.set_defaults(func=export_group)

    imported = subparsers.add_parser(
        "import-group", help=_("add a group to the ledger from a group workbook (.xlsx)"))
    imported.add_argument("file", metavar="FILE", help=_("the workbook to read (.xlsx)"))
    imported.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    imported.set_defaults(func=import_group)


def export_group(options: argparse.Namespace) -> int:
    from desktop.workbooks.group_export import export_group as export

    ledger = ledger_from(options, write=True)  # the export is in the audit log
    try:
        with ledger.session() as session:
            group = find_group(session, options.code, options.commune)
            summary = export(session, group, options.file, options.actor,
                             personal_data=options.with_personal_data)
            code, name = group.code, group.name
    finally:
        ledger.close()
    print(_("Exported group {code} ({name}) to {file}: {members} members, {meetings} "
            "meetings.").format(code=code, name=name, file=options.file,
                                members=summary.members, meetings=summary.meetings))
    if summary.omitted_events:
        sys.stderr.write(_("Note: {count} money movements of this cycle (bank, expenses, "
                           "donations, write-offs, loans made outside a meeting) have no place "
                           "in the group workbook.").format(count=summary.omitted_events)
                         + "\n")
    if summary.earlier_cycles:
        sys.stderr.write(_("Note: the group workbook holds the current cycle only; the "
                           "{count} earlier cycles are in the balances carried over.").format(
            count=summary.earlier_cycles) + "\n")
    return 0


def import_group(options: argparse.Namespace) -> int:
    from desktop.workbooks.group_import import import_group_file

    ledger = ledger_from(options, write=True)
    try:
        result = import_group_file(ledger, options.file, options.actor)
    finally:
        ledger.close()
    if options.json:
        print_json({
            "imported": result.ok, "group": result.code, "name": result.name,
            "members": result.members, "meetings": result.meetings, "rows": result.rows,
            "loans": result.loans, "open_meeting": result.open_meeting,
            "counted_as_expected": list(result.counted_as_expected),
            "problems": [{"file": p.file, "sheet": p.sheet, "cell": p.cell,
                          "message": p.message} for p in result.problems],
        })
    if not result.ok:
        for problem in result.problems:
            prefix = f"{problem.file}: " if problem.file else ""
            sys.stderr.write(prefix + problem.message + "\n")
        return 1
    if result.counted_as_expected:
        sys.stderr.write(_("Note: the workbook has no counted cash for {count} closed meetings "
                           "(from {first} to {last}); each is recorded as counted equal to the "
                           "cash the book expects.").format(
            count=len(result.counted_as_expected),
            first=format_date(result.counted_as_expected[0]),
            last=format_date(result.counted_as_expected[-1])) + "\n")
    if options.json:
        return 0
    if result.open_meeting is not None:
        line = _("Imported group {code} ({name}): {members} members, {meetings} meetings, "
                 "{loans} loans; the meeting of {date} stays open for entry.")
    else:
        line = _("Imported group {code} ({name}): {members} members, {meetings} meetings, "
                 "{loans} loans.")
    print(line.format(code=result.code, name=result.name, members=result.members,
                      meetings=result.meetings, loans=result.loans,
                      date=format_date(result.open_meeting) if result.open_meeting else ""))
    return 0
