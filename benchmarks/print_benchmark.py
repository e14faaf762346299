"""Printing benchmark: 1,000 A6 passbook pages in one PDF (DESIGN §10: under 10 s), and the
same content the way clerks make it today — a spreadsheet form filled in and exported to PDF
by LibreOffice (``soffice --headless --convert-to pdf``).

    .venv/bin/python benchmarks/print_benchmark.py [--members 50] [--meetings 240] [--runs 3]

The ledger is built with Core bulk inserts (journal events and lines written by the posting
rules): one VSLA group whose members buy shares and pay the social fund at every weekly
meeting and borrow now and then. 50 members × 240 meetings = 12,000 passbook lines = 1,000
A6 pages of 12 lines. Prints a Markdown table (copied into benchmarks/RESULTS.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, update

from desktop.demo.generator import add_demo_users
from desktop.models import attendance_counts, registry, snapshots
from desktop.models.database import Ledger, open_new_ledger
from desktop.models.enums import Account, EventKind, GroupKind, InterestMethod, LoanFund
from desktop.models.journal import Event, JournalLine
from desktop.models.loan import Loan
from desktop.models.meeting import Attendance, Meeting
from desktop.models.member import Member
from desktop.models.passbook import group_passbooks
from desktop.models.permissions import SYSTEM
from desktop.models.posting import lines_for
from desktop.models.print_settings import PrintSettings
from desktop.printing.layout import page_count
from desktop.printing.passbook import FORMATS, columns_for, render_passbooks

SHARE_VALUE = 20_000
SOCIAL_FUND = 2_000
START = dt.date(2022, 1, 6)
NOW = dt.datetime(2026, 11, 23, 9, 0)


def build_ledger(path: Path, members: int, meetings: int, seed: int = 7) -> Ledger:
    """A ledger with one group of ``members`` and ``meetings`` weekly meetings, and the
    demo's users (commands sign in as ``admin`` / ``admin-demo``)."""
    rng = random.Random(seed)
    ledger = open_new_ledger(path, add_demo_users)
    with ledger.session() as session:
        commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
        village = registry.get_or_create_village(session, commune, "Thôn Đông")
        group = registry.create_group(
            session, commune, code="BM01", name="Nhóm TK&VV Hướng Dương", kind=GroupKind.VSLA,
            start_date=START, village=village, actor=SYSTEM, share_value=SHARE_VALUE,
            monthly_rate=Decimal("1.5"), interest_method=InterestMethod.FLAT,
            social_fund_per_meeting=SOCIAL_FUND, rounding_unit=1000)
        given = ["An", "Bình", "Cúc", "Dung", "Hạnh", "Hương", "Lan", "Mai", "Nga", "Oanh",
                 "Phượng", "Quyên", "Thảo", "Tuyết", "Yến"]
        family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
        for number in range(members):
            registry.add_member(
                session, group, code=f"TV{number + 1:02d}", join_date=START, actor=SYSTEM,
                full_name=f"{family[number % 8]} Thị {given[number % 15]} {number + 1}")
        group_id, cycle_id = group.id, group.current_cycle.id
        member_ids = list(session.scalars(select(Member.id).where(Member.group_id == group_id)
                                          .order_by(Member.code)))
        dates = [START + dt.timedelta(weeks=week) for week in range(meetings)]
        session.execute(insert(Meeting), [
            {"group_id": group_id, "cycle_id": cycle_id, "date": day, "status": "closed",
             "counted_cash": None, "difference_note": "", "closed_by": "", "closed_at": None}
            for day in dates])
        meeting_ids = dict(session.execute(select(Meeting.date, Meeting.id).where(
            Meeting.group_id == group_id)).all())
        session.execute(insert(Attendance), [
            {"meeting_id": meeting_ids[day], "member_id": member_id, "present": True}
            for day in dates for member_id in member_ids])
        events: list[dict[str, Any]] = []
        loans: list[dict[str, Any]] = []
        lines: list[dict[str, Any]] = []
        next_event = 1 + int(session.scalar(select(Event.id).order_by(Event.id.desc())) or 0)
        next_loan = 1
        owing: dict[int, tuple[int, int]] = {}  # member → (loan id, left to repay)

        def add(kind: EventKind, day: dt.date, member_id: int, amount: int, *,
                quantity: int = 0, loan_id: int | None = None) -> None:
            nonlocal next_event
            events.append({"id": next_event, "group_id": group_id, "cycle_id": cycle_id,
                           "meeting_id": meeting_ids[day], "member_id": member_id,
                           "loan_id": loan_id, "kind": kind, "date": day, "amount": amount,
                           "quantity": quantity, "note": "", "reverses_id": None,
                           "created_at": NOW, "created_by": "benchmark"})
            for line in lines_for(kind, amount, member_id=member_id, loan_id=loan_id):
                lines.append({"event_id": next_event, "group_id": group_id, "date": day,
                              "account": line.account, "member_id": line.member_id,
                              "loan_id": line.loan_id, "amount": line.amount})
            next_event += 1

        for day in dates:
            for member_id in member_ids:
                shares = rng.choice((1, 2, 2, 3, 3, 4, 5))
                add(EventKind.SHARE_PURCHASE, day, member_id, shares * SHARE_VALUE,
                    quantity=shares)
                add(EventKind.SOCIAL_FUND_CONTRIBUTION, day, member_id, SOCIAL_FUND)
                if member_id in owing:
                    loan_id, left = owing[member_id]
                    part = min(left, 200_000)
                    add(EventKind.PRINCIPAL_REPAYMENT, day, member_id, part, loan_id=loan_id)
                    add(EventKind.INTEREST_PAYMENT, day, member_id, 9_000, loan_id=loan_id)
                    if left - part:
                        owing[member_id] = (loan_id, left - part)
                    else:
                        del owing[member_id]
                elif rng.random() < 0.08:
                    principal = rng.choice((300_000, 500_000, 800_000, 1_000_000))
                    loans.append({"id": next_loan, "group_id": group_id, "cycle_id": cycle_id,
                                  "member_id": member_id, "meeting_id": meeting_ids[day],
                                  "fund": LoanFund.LOAN_FUND, "principal": principal,
                                  "date": day, "purpose": "sinh_ke", "term_months": 3,
                                  "monthly_rate": "1.5", "method": InterestMethod.FLAT,
                                  "override_reason": "", "written_off_on": None,
                                  "written_off_by": "", "cancelled_at": None})
                    add(EventKind.LOAN_DISBURSEMENT, day, member_id, principal,
                        loan_id=next_loan)
                    owing[member_id] = (next_loan, principal)
                    next_loan += 1
        session.execute(insert(Loan), loans)
        session.execute(insert(Event), events)
        session.execute(insert(JournalLine), lines)
        # Each closed meeting's cash counted as the book says it should be (a meeting closed
        # without its count is a finding of check, and a backup with findings is refused).
        cash: dict[dt.date, int] = {}
        for line in lines:
            if line["account"] == Account.CASH:
                cash[line["date"]] = cash.get(line["date"], 0) + line["amount"]
        held = 0
        for day in dates:
            held += cash.get(day, 0)
            session.execute(update(Meeting).where(Meeting.id == meeting_ids[day])
                            .values(counted_cash=held))
        # Written past the posting service: the kept balances and counts are made here.
        snapshots.rebuild(session, [group_id])
        attendance_counts.recount(session, meeting_ids.values())
    return ledger


def time_ours(ledger: Ledger, pdf: Path) -> dict[str, float]:
    """Query the passbooks, render the PDF, write it; seconds for each part."""
    settings = PrintSettings(passbook_format="A6")
    started = time.perf_counter()
    with ledger.session() as session:
        from desktop.models.group import Group

        group = session.scalar(select(Group).where(Group.code == "BM01"))
        assert group is not None
        books = group_passbooks(session, group, default_format="A6")
    queried = time.perf_counter()
    result = render_passbooks(books, settings)
    rendered = time.perf_counter()
    pdf.write_bytes(result.data)
    written = time.perf_counter()
    return {"query": queried - started, "render": rendered - queried,
            "total": written - started, "pages": float(result.pages),
            "size": float(len(result.data))}


def fill_spreadsheet(ledger: Ledger, xlsx: Path) -> int:
    """The clerks' way: a passbook form per member in a workbook (A6 pages, 12 lines under
    repeated headings), filled with the same lines. Returns the number of lines."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.worksheet.pagebreak import Break

    with ledger.session() as session:
        from desktop.models.group import Group

        group = session.scalar(select(Group).where(Group.code == "BM01"))
        assert group is not None
        books = group_passbooks(session, group, default_format="A6")
    fmt = FORMATS["A6"]
    columns = columns_for(GroupKind.VSLA, fmt)
    workbook = Workbook()
    workbook.remove(workbook.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    count = 0
    for book in books:
        sheet = workbook.create_sheet(book.code)
        sheet.page_setup.paperSize = 70  # A6
        sheet.page_setup.orientation = "portrait"
        sheet.page_margins.left = sheet.page_margins.right = 0.2
        sheet.page_margins.top = sheet.page_margins.bottom = 0.3
        sheet.print_options.gridLines = False
        sheet["A1"] = f"SỔ THÀNH VIÊN - {book.group_name}"
        sheet["A1"].font = Font(name="Liberation Sans", bold=True, size=8)
        sheet["A2"] = f"Thành viên: {book.name}   Mã TV: {book.code}"
        sheet["A2"].font = Font(name="Liberation Sans", size=7)
        for index, (column, _x, width) in enumerate(columns, start=1):
            cell = sheet.cell(row=3, column=index, value=" ".join(column.heading).strip())
            cell.font = Font(name="Liberation Sans", bold=True, size=6)
            cell.alignment = Alignment(wrap_text=True, horizontal="center")
            cell.border = border
            # Column widths chosen so the form fits the booklet's width without scaling
            # (LibreOffice's fit-to-page scaling made its export about 20 times slower).
            sheet.column_dimensions[cell.column_letter].width = width / 2.6
        sheet.print_title_rows = "1:3"
        for number, line in enumerate(book.lines):
            row = 4 + number
            values = [line.date.strftime("%d/%m/%y"), line.shares or None, line.savings,
                      line.savings_balance, line.loan_taken or None, line.repaid or None,
                      line.loan_balance or None, line.social_fund or None, None]
            for index, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=index, value=value)
                cell.font = Font(name="Liberation Sans", size=6)
                cell.border = border
                if isinstance(value, int):
                    cell.number_format = "#,##0"
            sheet.row_dimensions[row].height = 25
            if number % fmt.lines_per_page == fmt.lines_per_page - 1:
                sheet.row_breaks.append(Break(id=row))
            count += 1
    workbook.save(xlsx)
    return count


def time_libreoffice(ledger: Ledger, folder: Path) -> dict[str, float] | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    xlsx = folder / "passbooks.xlsx"
    started = time.perf_counter()
    fill_spreadsheet(ledger, xlsx)
    filled = time.perf_counter()
    profile = folder / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(xlsx)],
                   check=True, capture_output=True, timeout=1800)
    converted = time.perf_counter()
    data = (folder / "passbooks.pdf").read_bytes()
    return {"fill": filled - started, "convert": converted - filled,
            "total": converted - started, "pages": float(_pdf_pages(data)),
            "size": float(len(data))}


def _pdf_pages(data: bytes) -> int:
    try:
        import io

        from pypdf import PdfReader

        return len(PdfReader(io.BytesIO(data)).pages)
    except ImportError:
        return page_count(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--meetings", type=int, default=240)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-libreoffice", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the ledger and PDFs in this folder")
    options = parser.parse_args(argv)
    folder = Path(options.keep or tempfile.mkdtemp(prefix="print-benchmark-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "benchmark.sqlite"
    if database.exists():
        database.unlink()
    built = time.perf_counter()
    ledger = build_ledger(database, options.members, options.meetings)
    print(f"ledger built in {time.perf_counter() - built:.1f} s: {folder}", file=sys.stderr)
    ours = [time_ours(ledger, folder / "passbooks-ours.pdf") for _ in range(options.runs)]
    theirs = None if options.no_libreoffice else time_libreoffice(ledger, folder)
    ledger.close()

    def median(key: str) -> float:
        return statistics.median(run[key] for run in ours)

    cpu = platform.processor() or platform.machine()
    print(f"Machine: {platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), "
          f"Python {platform.python_version()}; {options.members} members × "
          f"{options.meetings} meetings = {options.members * options.meetings} lines.\n")
    print("| what | pages | time (s) | parts (s) | PDF size |")
    print("|---|---|---|---|---|")
    print(f"| Commune Ledger, reportlab canvas (median of {options.runs}; first run "
          f"{ours[0]['total']:.2f} s) | {int(median('pages'))} | {median('total'):.2f} | "
          f"query {median('query'):.2f}, render {median('render'):.2f} | "
          f"{median('size') / 1e6:.1f} MB |")
    if theirs is None:
        print("| spreadsheet form + LibreOffice export | — | not measured (soffice not found "
              "or --no-libreoffice) | | |")
    else:
        print(f"| spreadsheet form (openpyxl) + `soffice --headless --convert-to pdf` | "
              f"{int(theirs['pages'])} | {theirs['total']:.2f} | fill {theirs['fill']:.2f}, "
              f"convert {theirs['convert']:.2f} | {theirs['size'] / 1e6:.1f} MB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
