"""Registers printed on demand for a period: the members register (sổ danh sách thành
viên), the loans ledger (sổ theo dõi cho vay và thu hồi vốn) and the cash book or a fund
book (sổ thu chi quỹ). ID numbers are personal data and are never printed here."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.cashbook import Book, CashBook, cash_book
from desktop.models.clock import today
from desktop.models.enums import GroupKind, Household, MemberRole, Sex
from desktop.models.formatting import format_date, format_rate
from desktop.models.group import Group
from desktop.models.loan_register import LoanRegister, loan_register
from desktop.models.member import Member
from desktop.models.print_settings import PrintSettings
from desktop.printing import wording
from desktop.printing.layout import (
    Signatory,
    SignatureBlocks,
    build_document,
    form_opening,
    group_signatories,
    in_words,
    ledger_table,
    money,
    money_or_blank,
    para,
    rich,
    styles,
    unit_line,
)

MEMBERS_TITLE = "SỔ DANH SÁCH THÀNH VIÊN"
LOANS_TITLE = "SỔ THEO DÕI CHO VAY VÀ THU HỒI VỐN"


def _period(start: dt.date, end: dt.date) -> str:
    return f"(Từ ngày {format_date(start)} đến ngày {format_date(end)})"


def _subject(group: Group) -> str:
    village = f" - {group.village.name}" if group.village else ""
    return f"{group.name} ({group.code}){village}"


def _document(group: Group, settings: PrintSettings, title: str, lines: list[str],
              body: list[Flowable], signatories: list[Signatory], *,
              orientation: str = "portrait") -> bytes:
    story: list[Flowable] = [
        *form_opening(group.commune, group, settings, today(), title, lines),
        *body,
        KeepTogether([SignatureBlocks(signatories)]),
    ]
    return build_document(story, title=f"{title} - {group.name}", subject=_subject(group),
                          orientation=orientation)


def _members(session: Session, group: Group) -> list[Member]:
    return list(session.scalars(select(Member).where(Member.group_id == group.id)
                                .order_by(Member.sort_key)))


def members_register(session: Session, group: Group, start: dt.date, end: dt.date,
                     settings: PrintSettings) -> bytes:
    """Members who belonged to the group at some time in the period, in name order."""
    style = styles()
    members = [m for m in _members(session, group)
               if m.join_date <= end and (m.leave_date is None or m.leave_date >= start)]
    roles = wording.ROLE_CLUB if group.kind == GroupKind.ISHC else wording.ROLE
    head = [para(text, style["cell_head"]) for text in (
        "STT", "Mã TV", "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Thôn",
        "Hoàn cảnh hộ", "Vai trò", "Ngày vào", "Ngày ra", "Lý do ra")]
    body = []
    for number, member in enumerate(members, start=1):
        body.append([
            str(number), member.code, para(member.full_name, style["cell"]),
            wording.SEX[Sex(member.sex)], str(member.birth_year or ""), member.ethnicity,
            para(member.village, style["cell_small"]),
            wording.HOUSEHOLD[Household(member.household)], roles[MemberRole(member.role)],
            format_date(member.join_date),
            format_date(member.leave_date) if member.leave_date else "",
            para(member.leave_reason, style["cell_small"])])
    widths = [10, 15, 45, 15, 15, 17, 27, 20, 22, 21, 21, 24]
    active = sum(1 for m in members if m.is_active_on(end))
    women = sum(1 for m in members if m.is_active_on(end) and m.sex == Sex.FEMALE)
    table = ledger_table([head], body, [w * mm for w in widths], numeric_from=len(widths),
                         font_size=9.5, centered=(0, 1, 3, 4, 5, 7, 9, 10))
    summary = para(f"Số thành viên đến ngày {format_date(end)}: {active} người "
                   f"(nữ: {women} người).", style["body"])
    return _document(group, settings, MEMBERS_TITLE, [_subject(group), _period(start, end)],
                     [table, Spacer(1, 2 * mm), summary],
                     group_signatories(_members(session, group), GroupKind(group.kind),
                                       settings, end), orientation="landscape")


def loans_register(session: Session, group: Group, start: dt.date, end: dt.date,
                   settings: PrintSettings) -> bytes:
    """Loans disbursed in the period or still owed when it began, with repayments to its
    end, outstanding and days overdue."""
    register = loan_register(session, group.id, end, start)
    return render_loans_register(register, session=session, group=group, start=start,
                                 settings=settings)


def render_loans_register(register: LoanRegister, *, session: Session, group: Group,
                          start: dt.date, settings: PrintSettings) -> bytes:
    style = styles()
    head = [para(text, style["cell_head"]) for text in (
        "STT", "Ngày vay", "Thành viên", "Quỹ", "Mục đích", "Số tiền vay", "Lãi suất (%/tháng)",
        "Cách tính lãi", "Thời hạn (tháng)", "Ngày đến hạn", "Đã trả gốc", "Đã trả lãi",
        "Dư nợ", "Quá hạn (ngày)")]
    body = []
    for number, row in enumerate(register.rows, start=1):
        written = f" (xóa nợ {money(row.written_off)})" if row.written_off else ""
        body.append([
            str(number), format_date(row.date),
            para(f"{row.member_name} ({row.member_code}){written}", style["cell_small"]),
            para(wording.FUND[row.fund], style["cell_small"]), wording.PURPOSE[row.purpose],
            money(row.principal), format_rate(row.monthly_rate),
            para(wording.METHOD[row.method], style["cell_small"]), str(row.term_months),
            format_date(row.due_date), money_or_blank(row.paid_principal),
            money_or_blank(row.paid_interest), money(row.outstanding),
            str(row.overdue_days) if row.overdue_days else ""])
    totals = ["", "", "Cộng", "", "", money(register.total_principal), "", "", "", "",
              money(register.total_paid_principal), money(register.total_paid_interest),
              money(register.total_outstanding), ""]
    widths = [9, 19, 35, 17, 16, 20, 17, 18, 13, 19, 19, 17, 20, 13]  # "(%/tháng)" whole
    table = ledger_table([head], body, [w * mm for w in widths], numeric_from=5,
                         font_size=9, totals=totals, centered=(0, 1, 4, 6, 8, 9, 13))
    summary = [
        rich(f"Dư nợ đến ngày {format_date(register.on)}: <b>{money(register.total_outstanding)}"
             f" đ</b>; trong đó nợ quá hạn: <b>{money(register.total_overdue)} đ</b>.",
             style["body"]),
        para(f"Bằng chữ: {in_words(register.total_outstanding, settings)}.", style["italic"]),
    ]
    return _document(group, settings, LOANS_TITLE, [_subject(group),
                                                    _period(start, register.on)],
                     [unit_line(), table, Spacer(1, 2 * mm), *summary],
                     group_signatories(_members(session, group), GroupKind(group.kind),
                                       settings, register.on), orientation="landscape")


def cash_register(session: Session, group: Group, start: dt.date, end: dt.date,
                  settings: PrintSettings, book: Book = Book.CASH) -> bytes:
    """The cash book (or a fund book) of the period: opening balance, one line per meeting
    and kind of movement, running balance, closing balance."""
    data = cash_book(session, group.id, start, end, book)
    return render_cash_register(data, session=session, group=group, settings=settings)


def _explanation(line_kind_text: str, members: int, member_name: str, member_code: str,
                 note: str) -> str:
    text = line_kind_text
    if member_name:
        text += f": {member_name} ({member_code})"
    elif members > 1:
        text += f" ({members} thành viên)"
    if note:
        text += f" - {note}"
    return text


def render_cash_register(data: CashBook, *, session: Session, group: Group,
                         settings: PrintSettings) -> bytes:
    style = styles()
    head = [para(text, style["cell_head"]) for text in (
        "STT", "Ngày", "Diễn giải", "Thu", "Chi", "Tồn")]
    body: list[list[object]] = [["", format_date(data.start),
                                 para("Số dư đầu kỳ", style["cell_bold"]), "", "",
                                 money(data.opening)]]
    for number, line in enumerate(data.lines, start=1):
        text = _explanation(wording.EVENT[line.kind], line.members, line.member_name,
                            line.member_code, line.note)
        body.append([str(number), format_date(line.date), para(text, style["cell"]),
                     money_or_blank(line.money_in), money_or_blank(line.money_out),
                     money(line.balance)])
    totals = ["", "", "Cộng phát sinh trong kỳ", money(data.total_in), money(data.total_out),
              money(data.closing)]
    widths = [10, 21, 62, 24, 24, 24]
    table = ledger_table([head], body, [w * mm for w in widths], numeric_from=3,
                         font_size=10, totals=totals, centered=(0, 1))
    summary = [
        rich(f"Số dư cuối kỳ ({format_date(data.end)}): <b>{money(data.closing)} đ</b>",
             style["body"]),
        para(f"Bằng chữ: {in_words(data.closing, settings)}.", style["italic"]),
    ]
    signatories = group_signatories(_members(session, group), GroupKind(group.kind), settings,
                                    data.end)
    return _document(group, settings, wording.BOOK_TITLE[data.book],
                     [_subject(group), _period(data.start, data.end)],
                     [unit_line(), table, Spacer(1, 2 * mm), *summary], signatories)
