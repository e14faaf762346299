"""The share-out sheet (bảng tất toán chu kỳ, DESIGN §3.4): each member's shares or savings,
the profit that falls to them, gross, debt netted, what they take home and a column to sign
for it; totals; the value per share, the return on savings, the fund value in words, the
carry-over and the social fund that is never shared. A preview of a cycle still running is
marked "DỰ THẢO" on every page; only a closed cycle's sheet is final. The signatures stay on
the page of the totals whenever they fit."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.clock import today
from desktop.models.enums import GroupKind
from desktop.models.formatting import format_date
from desktop.models.group import Cycle, Group
from desktop.models.member import Member
from desktop.models.organisation import Commune
from desktop.models.print_settings import PrintSettings
from desktop.models.shareout import ShareOut, preview, share_out_date
from desktop.models.shareout_record import closed_cycle_result
from desktop.printing import wording
from desktop.printing.closing import TableWithClosing
from desktop.printing.layout import (
    Signatory,
    SignatureBlocks,
    build_document,
    form_opening,
    frame_height,
    group_signatories,
    in_words,
    money,
    money_or_blank,
    para,
    rich,
    styles,
    unit_line,
)

TITLE = "BẢNG TẤT TOÁN CHU KỲ"
FINAL = "(đã tất toán)"  # after the period line of a closed cycle's final sheet
DRAFT_NOTE = "(dự thảo: chu kỳ chưa tất toán, số liệu còn thay đổi)"
ORIENTATION = "portrait"
CELL_SIZE = 9  # ten columns across a portrait page


def format_share_value(value: Fraction) -> str:
    """The value per share to the đồng (halves up): ``22.131``. The payouts are computed
    from the exact value; the sheet says when this one is rounded."""
    whole = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP)
    return money(int(whole))


def return_on_savings(profit: int, savings: int) -> str:
    """``8,3`` — the profit as a percentage of the savings, one decimal, decimal comma."""
    if savings <= 0:
        return "0"
    value = (Decimal(profit) * 100 / savings).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return str(value).replace(".", ",")


def _profit(result: ShareOut) -> int:
    """What the members gain over their savings, all together (a loss is negative)."""
    return sum(payout.gross - payout.savings for payout in result.payouts)


def _summary(result: ShareOut, settings: PrintSettings) -> list[Flowable]:
    style = styles()
    savings = sum(payout.savings for payout in result.payouts)
    lines = [
        f"1. Giá trị quỹ chia (tiền mặt của quỹ cho vay và nợ gốc còn phải thu): "
        f"<b>{money(result.fund_value)} đ</b>",
        f"<i>Bằng chữ: {in_words(result.fund_value, settings)}.</i>",
    ]
    if result.kind == GroupKind.VSLA:
        lines.append(f"2. Tổng số cổ phần đã mua trong chu kỳ: "
                     f"<b>{money(result.total_shares or 0)}</b>")
        value = result.value_per_share
        if value is not None:
            exact = value.denominator == 1
            lines.append(f"3. Giá trị mỗi cổ phần = {money(result.fund_value)} ÷ "
                         f"{money(result.total_shares or 0)} {'=' if exact else '≈'} "
                         f"<b>{format_share_value(value)} đ</b>"
                         + ("" if exact else " (làm tròn đến đồng; tiền được chia tính "
                                             "theo giá trị chính xác)"))
    else:
        lines.append(f"2. Tổng tiền tiết kiệm của thành viên: <b>{money(savings)} đ</b>")
        lines.append(f"3. Lợi nhuận chia theo tiền tiết kiệm: <b>{money(result.profit)} đ</b>")
    lines.append(f"4. Lãi chia cho thành viên: <b>{money(_profit(result))} đ</b>; tỷ suất "
                 f"sinh lời trên tiền tiết kiệm: <b>{return_on_savings(_profit(result), savings)}"
                 f"%</b>")
    return [rich(line, style["body"]) for line in lines]


def _table_rows(result: ShareOut) -> tuple[list[list[object]], list[list[object]], list[object],
                                           list[float]]:
    """Headings, member rows, totals and column widths (mm) of the sheet's table."""
    style = styles()
    vsla = result.kind == GroupKind.VSLA
    head = ["STT", "Mã TV", "Họ và tên"] + (["Số cổ phần"] if vsla else []) + [
        "Tiền tiết kiệm", "Lãi được chia", "Được chia", "Trừ nợ", "Thực nhận", "Ký nhận"]
    widths = [8.0, 12.0, 31.0] + ([12.0] if vsla else []) + [18, 16, 18, 17, 18, 15]
    if not vsla:
        widths[2] += 12
    body: list[list[object]] = []
    for number, payout in enumerate(result.payouts, start=1):
        name = payout.name + (" (*)" if payout.still_owed > 0 else "")
        row: list[object] = [str(number), payout.code, para(name, style["cell_small"])]
        if vsla:
            row.append(money(payout.shares))
        row += [money(payout.savings), money(payout.gross - payout.savings),
                money(payout.gross), money_or_blank(payout.netted), money(payout.paid), ""]
        body.append(row)
    totals: list[object] = ["", "", "Tổng cộng"] + (
        [money(result.total_shares or 0)] if vsla else []) + [
        money(sum(p.savings for p in result.payouts)), money(_profit(result)),
        money(result.total_gross), money_or_blank(result.total_netted),
        money(result.total_paid), ""]
    head_cells: list[list[object]] = [[para(text, style["cell_head"]) for text in head]]
    return head_cells, body, totals, widths


def _after_table(result: ShareOut, settings: PrintSettings) -> list[Flowable]:
    style = styles()
    lines = [
        f"Tổng số tiền chi trả cho thành viên: <b>{money(result.total_paid)} đ</b>",
        f"<i>Bằng chữ: {in_words(result.total_paid, settings)}.</i>",
        f"Tổng số nợ gốc trừ vào tiền được chia: <b>{money(result.total_netted)} đ</b>",
        f"Số dư chuyển chu kỳ sau (phần lẻ sau khi làm tròn): "
        f"<b>{money(result.carry_over)} đ</b>",
        f"Quỹ xã hội chuyển chu kỳ sau (không chia): <b>{money(result.social_fund)} đ</b>",
        f"Kiểm tra: {money(result.total_paid)} + {money(result.total_netted)} + "
        f"{money(result.carry_over)} = {money(result.fund_value)} đ (giá trị quỹ chia).",
    ]
    lines += _cash_lines(result)
    story: list[Flowable] = [Spacer(1, 2 * mm)]
    story += [rich(line, style["body"]) for line in lines]
    owing = result.debtors
    if owing:
        story.append(rich("(*) Thành viên còn nợ sau khi trừ vào tiền được chia: " +
                                 "; ".join(f"{p.name} ({p.code}) còn nợ {money(p.still_owed)} đ"
                                           for p in owing) + ".", style["italic"]))
    if result.leavers:
        story.append(para("Thành viên đã ra nhóm trong chu kỳ (đã thanh toán khi ra nhóm, "
                          "không chia lại):", style["body"]))
        for leaver in result.leavers:
            story.append(para(f"- {leaver.name} ({leaver.code}), ra nhóm ngày "
                              f"{format_date(leaver.leave_date)}, đã nhận "
                              f"{money(leaver.paid)} đ", style["body"]))
    return story


def _cash_lines(result: ShareOut) -> list[str]:
    """The cash the payouts need against the cash the loan fund holds (DESIGN §3.4 step 4),
    the same figures as the preview on screen and ``shareout --json``."""
    lines = [f"Tiền mặt của quỹ cho vay: <b>{money(result.cash_held)} đ</b>; tiền mặt cần "
             f"để chi trả: <b>{money(result.cash_needed)} đ</b>."]
    if result.shortfall and result.shortfall_reason:
        lines.append(
            f"Thiếu {money(result.shortfall)} đ tiền mặt: ban quản lý quyết định để phần nợ "
            f"chưa trả là khoản vay sang chu kỳ sau (lý do: {escape(result.shortfall_reason)}); "
            f"tiền chi trả của mỗi thành viên giảm theo tỷ lệ tiền mặt hiện có, tổng cộng "
            f"{money(result.total_cut)} đ, đã tính vào số dư chuyển chu kỳ sau.")
    elif result.shortfall:
        lines.append(
            f"<b>Thiếu {money(result.shortfall)} đ tiền mặt</b>: chưa thể tất toán cho đến khi "
            f"các thành viên đánh dấu (*) trả nợ, hoặc ban quản lý quyết định chuyển phần "
            f"thiếu sang chu kỳ sau.")
    return lines


def render_shareout_sheet(result: ShareOut, *, commune: Commune, group: Group, cycle: Cycle,
                          as_of: dt.date, printed_on: dt.date, settings: PrintSettings,
                          signatories: list[Signatory], final: bool = False) -> bytes:
    """The sheet as PDF bytes, from a computed share-out (``final``: a closed cycle's; any
    other is a draft, marked so on every page)."""
    village = group.village.name if group.village else ""
    period = (f"Chu kỳ {cycle.number}: từ ngày {format_date(cycle.start_date)} "
              f"đến ngày {format_date(as_of)}")
    subtitle = [f"{group.name} - {village}" if village else group.name,
                f"{period} {FINAL}" if final else period]
    if not final:
        subtitle.append(DRAFT_NOTE)
    head, body, totals, widths = _table_rows(result)
    vsla = result.kind == GroupKind.VSLA
    closing = [*_after_table(result, settings), Spacer(1, 2 * mm),
               SignatureBlocks(signatories)]
    story: list[Flowable] = [
        *form_opening(commune, group, settings, printed_on, TITLE, subtitle),
        *_summary(result, settings),
        unit_line(),
        TableWithClosing(head, body, [w * mm for w in widths], closing,
                         page_height=frame_height(ORIENTATION), numeric_from=3, totals=totals,
                         centered=(0, 1, 3) if vsla else (0, 1), font_size=CELL_SIZE),
    ]
    return build_document(story, title=f"{TITLE} - {group.name}",
                          subject=wording.GROUP_KIND[GroupKind(group.kind)],
                          orientation=ORIENTATION, watermark="" if final else wording.DRAFT)


def make_shareout_sheet(session: Session, group: Group, settings: PrintSettings,
                        on: dt.date | None = None, cycle: int | None = None) -> bytes:
    """The share-out sheet of the group's current cycle as it stands at ``on`` (default:
    the cycle's last meeting); with ``cycle`` (a number), that closed cycle's final sheet as
    it was made on the share-out day, the same at every reprint (``on`` is then ignored)."""
    if cycle is not None:
        closed, result = closed_cycle_result(session, group, cycle)
        # Dated the share-out day, as signed; roles as they were that day.
        return _render(session, group, closed, result, settings, closed.end_date or
                       closed.start_date, final=True)
    current = group.current_cycle
    as_of = on or share_out_date(session, current)
    return _render(session, group, current, preview(session, group, on), settings, as_of,
                   printed_on=today())


def _render(session: Session, group: Group, cycle: Cycle, result: ShareOut,
            settings: PrintSettings, as_of: dt.date, *, printed_on: dt.date | None = None,
            final: bool = False) -> bytes:
    members = session.scalars(select(Member).where(Member.group_id == group.id)
                              .order_by(Member.code)).all()
    return render_shareout_sheet(
        result, commune=group.commune, group=group, cycle=cycle, as_of=as_of,
        printed_on=printed_on or as_of, settings=settings, final=final,
        signatories=group_signatories(members, GroupKind(group.kind), settings, as_of))
