"""``commune-ledger print …``: the printed forms as PDF files, without the window.

    print passbooks CODE [--member M] [--reprint | --from-page N] --out FILE.pdf
    print passbooks CODE [--member M] [--reprint | --from-page N] --mark-printed CODE
    print slips CODE --meeting DATE --out FILE.pdf
    print shareout CODE [--date DATE | --cycle N] --out FILE.pdf
    print quarterly (CODE | --commune [CODE]) --quarter 2026Q3 --out FILE.pdf
    print register members|loans|cash|social-fund|income-fund|operating-fund CODE
          --from DATE --to DATE --out FILE.pdf
    print calibration [--format A6|A5] --out FILE.pdf
    print settings [--format A6|A5] [--offset-x MM] [--offset-y MM] [--place TEXT] …

Passbooks print only the lines of closed meetings not yet in each booklet (``--reprint``:
every line from page 1, into a new booklet; ``--from-page``: again from that booklet page).
A booklet holding a printed line that has changed since is refused (exit status 1) until it
is reprinted from that line. The lines count as printed only once the clerk says the pages
came out right: the same command with ``--mark-printed`` and the code the print gave, which
names exactly what was printed (if the books changed in between, it no longer matches).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.commands.common import find_group, group_argument, ledger_from, print_json
from desktop.i18n import _
from desktop.models import passbook as passbook_model
from desktop.models.cashbook import Book
from desktop.models.clock import today
from desktop.models.enums import GroupKind
from desktop.models.errors import LedgerError
from desktop.models.formatting import DateError, parse_date
from desktop.models.group import Group
from desktop.models.indicators import Quarter
from desktop.models.member import Member
from desktop.models.organisation import Commune
from desktop.models.personal_data import record_disclosure
from desktop.models.print_settings import (
    PASSBOOK_FORMATS,
    load_print_settings,
    save_print_settings,
    validate,
)

REGISTERS = {
    "members": None,
    "loans": None,
    "cash": Book.CASH,
    "bank": Book.BANK,
    "social-fund": Book.SOCIAL_FUND,
    "income-fund": Book.INCOME_FUND,
    "operating-fund": Book.OPERATING_FUND,
}


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except DateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a quarter; write it like 2026Q3.").format(text=text)) from None


def _out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.pdf",
                        help=_("the PDF file to write"))
    parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "print", help=_("print passbooks, slips, share-out sheets, reports and registers to PDF"),
        description=_("Make a printed form as a PDF file."))
    forms = parser.add_subparsers(dest="form", metavar="FORM", required=True,
                                  parser_class=type(parser))

    books = forms.add_parser("passbooks", help=_("member passbooks of a group"))
    group_argument(books)
    books.add_argument("--member", metavar="M", action="append",
                       help=_("only this member's code (may be repeated)"))
    again = books.add_mutually_exclusive_group()
    again.add_argument("--reprint", action="store_true",
                       help=_("print every line again from page 1, for a new booklet"))
    again.add_argument("--from-page", type=int, metavar="N",
                       help=_("print again from booklet page N (the pages before it stay)"))
    books.add_argument("--out", type=Path, metavar="FILE.pdf", help=_("the PDF file to write"))
    books.add_argument("--mark-printed", metavar="CODE",
                       help=_("record as printed the lines of the file made with this code, "
                              "once its pages came out right"))
    books.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    books.set_defaults(func=_passbooks)

    slip = forms.add_parser("slips", help=_("meeting slips, eight to an A4 page"))
    group_argument(slip)
    slip.add_argument("--meeting", required=True, type=_date, metavar="dd/mm/yyyy",
                      help=_("the meeting's date"))
    _out(slip)
    slip.set_defaults(func=_slips)

    sheet = forms.add_parser("shareout", help=_("the share-out sheet of a savings group"))
    group_argument(sheet)
    sheet.add_argument("--date", type=_date, metavar="dd/mm/yyyy",
                       help=_("share-out date (default: the cycle's last meeting)"))
    sheet.add_argument("--cycle", type=int, metavar="N",
                       help=_("print the final sheet of cycle N, already shared out"))
    _out(sheet)
    sheet.set_defaults(func=_shareout)

    report = forms.add_parser("quarterly", help=_("the quarterly report of a group or the commune"))
    report.add_argument("code", metavar="CODE", nargs="?",
                        help=_("the group's code (COMMUNE/CODE when the ledger keeps several "
                               "communes); without it, the commune's report"))
    report.add_argument("--commune", nargs="?", const="", metavar="CODE",
                        help=_("report on every group of the commune (its 5-digit code when "
                               "the ledger holds several communes); with a group's code, the "
                               "commune of that group"))
    report.add_argument("--quarter", required=True, type=_quarter, metavar="2026Q3",
                        help=_("the quarter, e.g. 2026Q3"))
    _out(report)
    report.set_defaults(func=_quarterly)

    book = forms.add_parser("register", help=_("a register for a period"))
    book.add_argument("which", choices=list(REGISTERS), help=_("which register"))
    group_argument(book)
    book.add_argument("--from", dest="start", required=True, type=_date, metavar="dd/mm/yyyy",
                      help=_("first day of the period"))
    book.add_argument("--to", dest="end", required=True, type=_date, metavar="dd/mm/yyyy",
                      help=_("last day of the period"))
    _out(book)
    book.set_defaults(func=_register)

    calibration = forms.add_parser("calibration",
                                   help=_("a page to line the printer up with the booklets"))
    calibration.add_argument("--format", choices=PASSBOOK_FORMATS,
                             help=_("booklet format (default: the setting)"))
    _out(calibration)
    calibration.set_defaults(func=_calibration)

    settings = forms.add_parser("settings", help=_("show or change the print settings"))
    settings.add_argument("--format", choices=PASSBOOK_FORMATS,
                          help=_("format of new passbooks"))
    settings.add_argument("--offset-x", type=float, metavar="MM",
                          help=_("move passbook print right (negative: left), in mm"))
    settings.add_argument("--offset-y", type=float, metavar="MM",
                          help=_("move passbook print down (negative: up), in mm"))
    settings.add_argument("--place", help=_("place name on the place-and-date line"))
    settings.add_argument("--preparer", help=_("name of the person preparing the forms"))
    settings.add_argument("--union-chair", help=_("name of the union's chair"))
    settings.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    settings.set_defaults(func=_settings)

    from desktop.commands.returns import add_print_consolidated  # the office's report

    add_print_consolidated(forms)


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file so a failed write never leaves half a PDF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    partial.replace(path)


def _report(options: argparse.Namespace, path: Path, pages: int, **extra: object) -> None:
    if options.json:
        print_json({"file": str(path), "pages": pages, **extra})
    else:
        print(_("Wrote {pages} pages to {file}.").format(pages=pages, file=path))


def _run(options: argparse.Namespace, make: Callable[[Session], bytes], *,
         names_members: bool = False) -> int:
    """Make the document and write it. One that ``names_members`` is in the audit log, so
    the command writes the ledger: it waits for another copy writing it, as changes do."""
    from desktop.printing.layout import page_count

    ledger = ledger_from(options, write=names_members)
    try:
        with ledger.session() as session:
            data = make(session)
    finally:
        ledger.close()
    _write(options.out, data)
    _report(options, options.out, page_count(data))
    return 0


def _members(session: Session, group: Group, codes: list[str] | None) -> list[int] | None:
    if not codes:
        return None
    found = dict(session.execute(select(Member.code, Member.id).where(
        Member.group_id == group.id, Member.code.in_([code.strip() for code in codes]))).all())
    for code in codes:
        if code.strip() not in found:
            raise LedgerError(_("There is no member with the code {code} in the group {group}.")
                              .format(code=code, group=group.code))
    return [found[code.strip()] for code in codes]


def _refusal(book: passbook_model.Passbook) -> dict[str, object]:
    assert book.changed_line is not None
    page = book.page_of(book.changed_line)
    return {"member": book.code, "name": book.name, "line": book.changed_line + 1,
            "page": page, "reprint_from_page": page}


def _passbooks(options: argparse.Namespace) -> int:
    from desktop.printing import passbook  # reportlab only when a PDF is made

    if (options.out is None) == (options.mark_printed is None):
        raise LedgerError(_("Give --out FILE.pdf to print the passbooks, or --mark-printed "
                            "CODE once their pages have come out right."))
    ledger = ledger_from(options, write=True)  # marked printed, or the print in the audit log
    try:
        with ledger.session() as session:
            group = find_group(session, options.code, options.commune)
            settings = load_print_settings(session)
            member_ids = _members(session, group, options.member)
            books = passbook_model.group_passbooks(
                session, group, member_ids, default_format=settings.passbook_format,
                reprint=options.reprint, from_page=options.from_page)
            refused = [book for book in books if book.blocked]
            for book in refused:
                sys.stderr.write(passbook_model.changed_message(book) + "\n")
            if options.mark_printed is not None:
                return _mark_printed(options, session, books, refused)
            result = passbook.render_passbooks(books, settings)
            if result.books:
                _write(options.out, result.data)
                record_disclosure(session, options.actor, "passbooks", group.id,
                                  file=str(options.out), members=len(result.books))
    finally:
        ledger.close()
    code = passbook_model.print_code(books) if result.books else None
    if options.json:
        print_json({"file": str(options.out) if result.books else None, "pages": result.pages,
                    "members": [book.code for book in result.books],
                    "lines": sum(len(book.new_lines) for book in result.books),
                    "marked_printed": False, "mark_printed_code": code,
                    "refused": [_refusal(book) for book in refused]})
    elif code is None:
        print(_("Nothing new to print: every passbook is up to date.") if not refused
              else _("No passbook was printed."))
    else:
        print(_("Wrote {pages} pages to {file}.").format(pages=result.pages, file=options.out))
        print(_("The lines are not recorded as printed yet. Once the pages have come out "
                "right, run the same command with --mark-printed {code} instead of --out.")
              .format(code=code))
    return 1 if refused else 0


def _mark_printed(options: argparse.Namespace, session: Session,
                  books: list[passbook_model.Passbook],
                  refused: list[passbook_model.Passbook]) -> int:
    """Record a print the clerk saw come out right, if its code still names these books."""
    given = options.mark_printed.strip().upper().replace("-", "")
    code = passbook_model.print_code(books)
    if given != code.replace("-", ""):
        raise LedgerError(_("The code {given} does not match these passbooks as the books "
                            "stand now: they have changed since the file was made, or the "
                            "options differ. Nothing was recorded; make the file again.")
                          .format(given=options.mark_printed.strip()))
    printed = [book for book in books if book.has_new_lines and not book.blocked]
    passbook_model.mark_printed(session, printed, options.actor)
    lines = sum(len(book.new_lines) for book in printed)
    if options.json:
        print_json({"members": [book.code for book in printed], "lines": lines,
                    "marked_printed": True, "refused": [_refusal(book) for book in refused]})
    else:
        print(_("Recorded {lines} lines of {count} passbooks as printed.").format(
            lines=lines, count=len(printed)))
    return 1 if refused else 0


def _slips(options: argparse.Namespace) -> int:
    from desktop.printing import slips

    def make(session: Session) -> bytes:
        group = find_group(session, options.code, options.commune)
        record_disclosure(session, options.actor, "slips", group.id, file=str(options.out))
        return slips.make_slips(session, group, options.meeting)
    return _run(options, make, names_members=True)


def _shareout(options: argparse.Namespace) -> int:
    from desktop.printing import shareout_sheet

    if options.cycle is not None and options.date is not None:
        raise LedgerError(_("A closed cycle's final sheet has its own share-out date; give "
                            "either --date or --cycle."))

    def make(session: Session) -> bytes:
        group = find_group(session, options.code, options.commune)
        if group.kind == GroupKind.ISHC:
            raise LedgerError(_("{name} ({code}) is an intergenerational self-help club: its "
                                "funds are not shared out.").format(name=group.name,
                                                                    code=group.code))
        record_disclosure(session, options.actor, "shareout", group.id, file=str(options.out))
        return shareout_sheet.make_shareout_sheet(session, group, load_print_settings(session),
                                                  options.date, cycle=options.cycle)
    return _run(options, make, names_members=True)


def _commune(session: Session, code: str) -> Commune:
    communes = session.scalars(select(Commune).order_by(Commune.code)).all()
    if code:
        chosen = [commune for commune in communes if commune.code == code.strip()]
        if not chosen:
            raise LedgerError(_("There is no commune with the code {code}.").format(code=code))
        return chosen[0]
    if len(communes) != 1:
        raise LedgerError(_("The ledger holds {count} communes; name one with --commune CODE.")
                          .format(count=len(communes)))
    return communes[0]


def _quarterly(options: argparse.Namespace) -> int:
    from desktop.printing import quarterly_report

    if options.code is None and options.commune is None:
        raise LedgerError(_("Name either a group's code or --commune."))

    def make(session: Session) -> bytes:
        from desktop.models.ledger_span import check_quarter  # the returns' tables

        check_quarter(session, options.quarter, today())  # not 0000Q1, not 9999Q4
        settings = load_print_settings(session)
        if options.code is None:
            return quarterly_report.make_commune_report(
                session, _commune(session, options.commune), options.quarter, settings)
        return quarterly_report.make_group_report(
            session, find_group(session, options.code, options.commune), options.quarter,
            settings)
    return _run(options, make)


def _register(options: argparse.Namespace) -> int:
    from desktop.printing import registers

    if options.end < options.start:
        raise LedgerError(_("The period ends before it starts."))

    def make(session: Session) -> bytes:
        group = find_group(session, options.code, options.commune)
        settings = load_print_settings(session)
        document = {"members": "register_members", "loans": "register_loans"}.get(
            options.which, "register_cash")
        record_disclosure(session, options.actor, document, group.id, file=str(options.out),
                          register=options.which)
        if options.which == "members":
            return registers.members_register(session, group, options.start, options.end,
                                              settings)
        if options.which == "loans":
            return registers.loans_register(session, group, options.start, options.end,
                                            settings)
        book = REGISTERS[options.which]
        assert book is not None
        return registers.cash_register(session, group, options.start, options.end, settings,
                                       book)
    return _run(options, make, names_members=True)


def _calibration(options: argparse.Namespace) -> int:
    from desktop.printing import calibration

    def make(session: Session) -> bytes:
        settings = load_print_settings(session)
        return calibration.calibration_page(options.format or settings.passbook_format,
                                            settings)
    return _run(options, make)


def _settings(options: argparse.Namespace) -> int:
    changes = {name: value for name, value in (
        ("passbook_format", options.format), ("offset_x_mm", options.offset_x),
        ("offset_y_mm", options.offset_y), ("place_name", options.place),
        ("preparer_name", options.preparer), ("union_chair_name", options.union_chair),
    ) if value is not None}
    ledger = ledger_from(options, write=bool(changes))
    try:
        with ledger.session() as session:
            settings = validate(replace(load_print_settings(session), **changes))
            if changes:
                save_print_settings(session, settings, options.actor)
    finally:
        ledger.close()
    if options.json:
        print_json(asdict(settings))
    else:
        for name, value in asdict(settings).items():
            print(f"{name}: {value}")
    return 0
