"""Meeting slips (phiếu thông báo thành viên): after a meeting, each member's paper note of
what they paid, their savings, what they owe and their next repayment — what DreamSave
sends by SMS. Eight slips to an A4 sheet, with dashed cut lines."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models.balances import member_savings
from desktop.models.collation import nfc
from desktop.models.enums import GroupKind
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_date
from desktop.models.group import Cycle, Group
from desktop.models.loan import Loan
from desktop.models.loan_register import NextDue, loan_register, next_due
from desktop.models.meeting import Meeting
from desktop.models.meetings import Entry, sheet
from desktop.models.member import Member
from desktop.printing import CREATOR
from desktop.printing.fitting import fit_line, fit_lines, width_of
from desktop.printing.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from desktop.printing.layout import money
from desktop.progress import SILENT, Progress

TITLE = "PHIẾU THÔNG BÁO THÀNH VIÊN"
MEMBER_LABEL = "Thành viên: "
KEEP_NOTE = "Giữ phiếu này để đối chiếu với sổ thành viên."
COLUMNS, ROWS = 2, 4
SLIPS_PER_PAGE = COLUMNS * ROWS


@dataclass(frozen=True)
class Slip:
    """One member's slip. Amounts in đồng."""

    group_name: str
    group_kind: GroupKind
    meeting_date: dt.date
    member_code: str
    member_name: str
    present: bool
    entry: Entry  # what the member paid or received at this meeting
    share_value: int
    savings: int  # savings balance after the meeting
    loan_outstanding: int
    next_due: NextDue | None  # the soonest repayment due


def slip_data(session: Session, group: Group, day: dt.date) -> list[Slip]:
    """The slips of the meeting of ``group`` on ``day``, in the meeting sheet's order."""
    meeting = session.scalar(select(Meeting).where(Meeting.group_id == group.id,
                                                   Meeting.date == day))
    if meeting is None:
        raise LedgerError(_("There is no meeting of {group} on {date}.").format(
            group=group.code, date=format_date(day)))
    entries = sheet(session, meeting)
    members = {m.id: m for m in session.scalars(
        select(Member).where(Member.group_id == group.id))}
    savings = member_savings(session, group.id, day)
    register = loan_register(session, group.id, day)
    loans = {loan.id: loan for loan in session.scalars(
        select(Loan).where(Loan.id.in_([row.loan_id for row in register.rows])))}
    cycle = session.get(Cycle, meeting.cycle_id) or group.current_cycle
    slips = []
    for entry in entries:
        member = members[entry.member_id]
        owed = [row for row in register.rows
                if row.member_id == member.id and row.outstanding > 0]
        dues = [due for row in owed
                if (due := next_due(session, loans[row.loan_id], row, day,
                                    cycle.rounding_unit)) is not None]
        slips.append(Slip(
            group_name=group.name, group_kind=GroupKind(group.kind), meeting_date=day,
            member_code=member.code, member_name=member.full_name, present=entry.present,
            entry=entry, share_value=cycle.share_value, savings=savings.get(member.id, 0),
            loan_outstanding=sum(row.outstanding for row in owed),
            next_due=min(dues, key=lambda due: due.date) if dues else None))
    return slips


def _paid_lines(slip: Slip) -> list[str]:
    entry = slip.entry
    parts = []
    if entry.shares:
        parts.append(f"mua {entry.shares} cổ phần ({money(entry.shares * slip.share_value)} đ)")
    elif entry.savings:
        parts.append(f"gửi tiết kiệm {money(entry.savings)} đ")
    for amount, label in ((entry.social_fund, "quỹ xã hội"), (entry.fee, "phí thành viên"),
                          (entry.fine, "tiền phạt"), (entry.repaid, "trả gốc"),
                          (entry.interest, "trả lãi"), (entry.new_loan, "vay mới"),
                          (entry.grant, "nhận hỗ trợ")):
        if amount:
            parts.append(f"{label} {money(amount)} đ")
    if not slip.present:
        parts.insert(0, "vắng mặt")
    return parts or ["không có khoản nào"]


def _draw_slip(c: Canvas, slip: Slip, left: float, top: float, width: float,
               height: float) -> None:
    """One slip inside its cut lines: the names are fitted to the slip's width (shrunk, then
    cut short), never across the cut line into the next slip."""
    pad = 7 * mm
    x, right = left + pad, left + width - pad
    room = right - x
    y = top - pad - 4
    group, size = fit_line(nfc(slip.group_name.upper()), SERIF_BOLD, 10, room, 7.5)
    c.setFont(SERIF_BOLD, size)
    c.drawString(x, y, group)
    y -= 18
    c.setFont(SERIF_BOLD, 13)
    c.drawCentredString((x + right) / 2, y, TITLE)
    y -= 14
    c.setFont(SERIF_ITALIC, 11)
    c.drawCentredString((x + right) / 2, y, nfc(f"Buổi họp ngày {format_date(slip.meeting_date)}"))
    y -= 20
    c.setFont(SERIF, 11)
    c.drawString(x, y, MEMBER_LABEL)
    label = width_of(MEMBER_LABEL, SERIF, 11)
    code, code_size = fit_line(nfc(f" ({slip.member_code})"), SERIF_BOLD, 11, room * 0.65,
                               7.5)
    name, name_size = fit_line(nfc(slip.member_name), SERIF_BOLD, 11,
                               room - label - width_of(code, SERIF_BOLD, code_size), 8)
    c.setFont(SERIF_BOLD, name_size)
    c.drawString(x + label, y, name)
    c.setFont(SERIF_BOLD, code_size)
    c.drawString(x + label + width_of(name, SERIF_BOLD, name_size), y, code)
    y -= 16
    text = nfc("Buổi họp này: " + "; ".join(_paid_lines(slip)) + ".")
    paid, paid_size = fit_lines(text, SERIF, 10, room, 3, 8)
    c.setFont(SERIF, paid_size)
    for part in paid:
        c.drawString(x, y, part)
        y -= 12.5
    y -= 4
    rows: list[tuple[str, str]] = []
    if slip.group_kind != GroupKind.ISHC:
        rows.append(("Tiền tiết kiệm đến nay:", f"{money(slip.savings)} đ"))
    rows.append(("Dư nợ còn lại:", f"{money(slip.loan_outstanding)} đ"))
    for label_text, value in rows:
        c.setFont(SERIF, 11)
        c.drawString(x, y, nfc(label_text))
        c.setFont(SERIF_BOLD, 11)
        c.drawRightString(right, y, value)
        y -= 16
    due = slip.next_due
    if due is not None:
        label_text = "Nợ quá hạn từ ngày" if due.overdue else "Kỳ trả tiếp theo: ngày"
        c.setFont(SERIF_BOLD if due.overdue else SERIF, 11)
        c.drawString(x, y, nfc(f"{label_text} {format_date(due.date)}"))
        c.setFont(SERIF_BOLD, 11)
        c.drawRightString(right, y, f"{money(due.amount)} đ")
        y -= 13
        c.setFont(SERIF_ITALIC, 10)
        c.drawRightString(right, y, nfc(f"(gốc {money(due.principal)} đ, lãi "
                                        f"{money(due.interest)} đ)"))
    c.setFont(SERIF_ITALIC, 9)
    c.drawCentredString((x + right) / 2, top - height + pad - 2, KEEP_NOTE)


def _cut_lines(c: Canvas) -> None:
    """Dashed cut lines between the slips, and short solid marks at the sheet's edges."""
    width, height = A4
    c.setStrokeColor(colors.grey)
    c.setLineWidth(0.4)
    c.setDash(3, 3)
    for column in range(1, COLUMNS):
        c.line(width * column / COLUMNS, 0, width * column / COLUMNS, height)
    for row in range(1, ROWS):
        c.line(0, height * row / ROWS, width, height * row / ROWS)
    c.setDash()
    c.setStrokeColor(colors.black)
    for column in range(1, COLUMNS):
        x = width * column / COLUMNS
        c.line(x, height, x, height - 5 * mm)
        c.line(x, 0, x, 5 * mm)
    for row in range(1, ROWS):
        y = height * row / ROWS
        c.line(0, y, 5 * mm, y)
        c.line(width, y, width - 5 * mm, y)


def render_slips(slips: Sequence[Slip], *, progress: Progress = SILENT) -> bytes:
    """The slips, eight to an A4 page, left to right then down."""
    register_fonts()
    buffer = io.BytesIO()
    # Started in the bundled serif: the default Helvetica would be listed, never drawn.
    c = Canvas(buffer, pagesize=A4, initialFontName=SERIF)
    c.setTitle(TITLE)
    c.setCreator(CREATOR)
    width, height = A4
    slip_width, slip_height = width / COLUMNS, height / ROWS
    for index, slip in enumerate(slips):
        position = index % SLIPS_PER_PAGE
        if position == 0 and index:
            c.showPage()
        if position == 0:
            _cut_lines(c)
        row, column = divmod(position, COLUMNS)
        _draw_slip(c, slip, column * slip_width, height - row * slip_height, slip_width,
                   slip_height)
        progress.step(index + 1, len(slips), nfc(slip.member_name))
    c.showPage()
    c.save()
    return buffer.getvalue()


def make_slips(session: Session, group: Group, day: dt.date, *,
               progress: Progress = SILENT) -> bytes:
    """The slips of every member of the meeting of ``day``."""
    return render_slips(slip_data(session, group, day), progress=progress)
