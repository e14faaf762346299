"""Quarterly returns from the command line (DESIGN.md §6.1, §7):

``template return|group FILE`` (the blank return, or the blank group workbook of §6.2),
``export-return --quarter 2026Q3 FILE``, ``import-returns FILE_OR_FOLDER…``,
``consolidated --quarter 2026Q3``, and the ``print consolidated`` sub-command that the
``print`` command adds with :func:`add_print_consolidated`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from desktop.commands.common import check_quarter, ledger_from, print_json
from desktop.i18n import _
from desktop.models.clock import today
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_amount
from desktop.models.indicators import Quarter


def _quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a quarter; write it like 2026Q3").format(text=text)) from None


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    template = subparsers.add_parser(
        "template", help=_("write a blank workbook to fill in by hand without the "
                           "application"))
    template.add_argument("kind", choices=("return", "group"),
                          help=_("return: the quarterly return; group: the group workbook "
                                 "(.xlsx)"))
    template.add_argument("file", metavar="FILE", help=_("the workbook to write (.xlsx)"))
    template.set_defaults(func=make_template)

    export = subparsers.add_parser(
        "export-return", help=_("write this commune's quarterly return (.xlsx)"))
    export.add_argument("--quarter", required=True, type=_quarter, metavar="2026Q3",
                        help=_("the quarter, e.g. 2026Q3"))
    export.add_argument("--commune", metavar="CODE",
                        help=_("the commune's code, when the ledger keeps several communes"))
    export.add_argument("--prepared-by", default="", metavar="NAME",
                        help=_("the name of the person preparing the return"))
    export.add_argument("file", metavar="FILE", help=_("the workbook to write (.xlsx)"))
    export.set_defaults(func=export_return)

    imported = subparsers.add_parser(
        "import-returns", help=_("import communes' quarterly returns (files or folders)"))
    imported.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER",
                          help=_("return workbooks, or folders holding them"))
    imported.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    imported.set_defaults(func=import_returns)

    consolidated = subparsers.add_parser(
        "consolidated", help=_("the consolidated figures of the imported returns"))
    consolidated.add_argument("--quarter", required=True, type=_quarter, metavar="2026Q3",
                              help=_("the quarter, e.g. 2026Q3"))
    consolidated.add_argument("--json", action="store_true",
                              help=_("print the result as JSON"))
    consolidated.set_defaults(func=show_consolidated)


def make_template(options: argparse.Namespace) -> int:
    if options.kind == "group":
        from desktop.workbooks.group_template import TEMPLATE_VERSION as GROUP_VERSION
        from desktop.workbooks.group_template import write_group_template

        written = write_group_template(options.file)
        print(_("Wrote the blank group workbook (template version {version}) to {file}.")
              .format(version=GROUP_VERSION, file=written))
        return 0

    from desktop.workbooks.return_template import TEMPLATE_VERSION, write_template

    path = write_template(options.file)
    print(_("Wrote the blank quarterly return (template version {version}) to {file}.")
          .format(version=TEMPLATE_VERSION, file=path))
    return 0


def export_return(options: argparse.Namespace) -> int:
    from desktop.workbooks.return_files import export_return as export

    ledger = ledger_from(options)
    try:
        check_quarter(ledger, options.quarter)
        header, lines = export(ledger, options.quarter, options.file,
                               commune_code=options.commune, prepared_by=options.prepared_by,
                               prepared_on=today())
    finally:
        ledger.close()
    print(_("Wrote the return of {commune} for {quarter} to {file}: {count} groups.").format(
        commune=header.commune_name or header.commune_code, quarter=options.quarter,
        file=options.file, count=len(lines)))
    return 0


def import_returns(options: argparse.Namespace) -> int:
    from desktop.workbooks.return_files import ImportStatus, expand_paths
    from desktop.workbooks.return_files import import_returns as run

    files = expand_paths(options.paths)
    if not files:
        raise LedgerError(_("No return workbook was found in {paths}.").format(
            paths=", ".join(options.paths)))
    ledger = ledger_from(options, write=True)
    try:
        outcomes = run(ledger, files, options.actor)
    finally:
        ledger.close()
    refused = [outcome for outcome in outcomes if outcome.status == ImportStatus.REFUSED]
    if options.json:
        print_json([outcome.as_json() for outcome in outcomes])
    else:
        for outcome in outcomes:
            if outcome.status == ImportStatus.REFUSED:
                sys.stderr.write(_("{file}: refused, nothing imported ({count} problems):")
                                 .format(file=outcome.file, count=len(outcome.problems)) + "\n")
                for problem in outcome.problems:
                    sys.stderr.write("  " + problem.message + "\n")
                continue
            line = (_("{file}: imported the return of {commune} for {quarter} ({groups} "
                      "groups), replacing the earlier one.")
                    if outcome.status == ImportStatus.REPLACED else
                    _("{file}: imported the return of {commune} for {quarter} ({groups} "
                      "groups)."))
            print(line.format(file=outcome.file, commune=outcome.commune_name or outcome.commune,
                              quarter=outcome.quarter, groups=outcome.groups))
        print(_("{imported} of {total} files imported, {refused} refused.").format(
            imported=len(outcomes) - len(refused), total=len(outcomes), refused=len(refused)))
    return 1 if refused else 0


def _text_report(data: Any) -> list[str]:
    from desktop.models.consolidation import Consolidated

    assert isinstance(data, Consolidated)
    totals = data.totals
    lines = [
        _("Consolidated returns for {quarter}: {communes} communes, {groups} groups.").format(
            quarter=data.quarter, communes=data.communes, groups=data.groups),
        _("Members {members} (women {female_percent}%, poor or near-poor {poor_percent}%, "
          "older people {elderly_percent}%), attendance {attendance}%.").format(
            members=totals.members, female_percent=totals.female_percent,
            poor_percent=totals.poor_percent, elderly_percent=totals.elderly_percent,
            attendance=totals.attendance_percent),
        _("Savings {savings} đ, loans outstanding {loans} đ in {count} loans, overdue "
          "{overdue} đ (portfolio at risk {par}%).").format(
            savings=format_amount(totals.savings), loans=format_amount(totals.loans_outstanding),
            count=totals.loans_count, overdue=format_amount(totals.overdue),
            par=totals.portfolio_at_risk_percent),
        _("Social fund {social} đ, income-generation fund {income} đ, cash {cash} đ; "
          "{dropouts} members left.").format(
            social=format_amount(totals.social_fund), income=format_amount(totals.income_fund),
            cash=format_amount(totals.cash), dropouts=totals.dropouts),
    ]
    for row in data.by_commune:
        lines.append("  " + _("{code} {name}: {groups} groups, {members} members, savings "
                              "{savings} đ, loans outstanding {loans} đ").format(
            code=row.code, name=row.name, groups=row.totals.groups, members=row.totals.members,
            savings=format_amount(row.totals.savings),
            loans=format_amount(row.totals.loans_outstanding)))
    if data.missing:
        lines.append(_("Not yet sent: {communes}.").format(communes=", ".join(
            f"{row.code} {row.name}".strip() for row in data.missing)))
    return lines


def show_consolidated(options: argparse.Namespace) -> int:
    from desktop.models.consolidation import consolidated

    ledger = ledger_from(options)
    try:
        check_quarter(ledger, options.quarter)
        with ledger.session() as session:
            data = consolidated(session, options.quarter)
    finally:
        ledger.close()
    if options.json:
        print_json(data.as_json())
    else:
        print("\n".join(_text_report(data)))
    return 0


# ---------------------------------------------------------------------------------------------
# print consolidated (registered by the print command)


def add_print_consolidated(print_subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``consolidated`` to the sub-commands of ``print``."""
    printed = print_subparsers.add_parser(
        "consolidated", help=_("the consolidated quarterly report of the imported returns"))
    printed.add_argument("--quarter", required=True, type=_quarter, metavar="2026Q3",
                         help=_("the quarter, e.g. 2026Q3"))
    printed.add_argument("--out", required=True, metavar="FILE.pdf",
                         help=_("the PDF file to write"))
    printed.add_argument("--date", metavar="dd/mm/yyyy",
                         help=_("the date printed on the report (default: today)"))
    printed.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    printed.set_defaults(func=print_consolidated)


def print_consolidated(options: argparse.Namespace) -> int:
    from desktop.models.formatting import InputError, parse_date
    from desktop.printing.consolidated_report import consolidated_report_pdf
    from desktop.printing.layout import page_count

    day: dt.date = today()
    if getattr(options, "date", None):
        try:
            day = parse_date(options.date)
        except InputError as error:
            raise LedgerError(error.message) from None
    ledger = ledger_from(options)
    try:
        check_quarter(ledger, options.quarter)
        with ledger.session() as session:
            pdf = consolidated_report_pdf(session, options.quarter, day)
    finally:
        ledger.close()
    target = Path(options.out)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")  # never half a PDF under the real name
    partial.write_bytes(pdf)
    partial.replace(target)
    if getattr(options, "json", False):
        print_json({"file": str(target), "pages": page_count(pdf),
                    "quarter": str(options.quarter)})
    else:
        print(_("Wrote the consolidated report for {quarter} to {file}.").format(
            quarter=options.quarter, file=target))
    return 0
