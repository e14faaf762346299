"""The consolidated quarterly report of an aggregating office (Báo cáo tổng hợp, DESIGN.md
§5.4): the communes' current returns added up by kind of group and by commune, the
indicators, and the communes that have not sent their return — in the administrative layout
of Decree 30/2020 (the layout pieces of :mod:`desktop.printing.layout`), A4 landscape so that
every figure has its column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer
from sqlalchemy.orm import Session

from desktop.models.collation import nfc
from desktop.models.consolidation import Consolidated, Totals, consolidated
from desktop.models.enums import GroupKind
from desktop.models.indicators import Quarter
from desktop.models.office_settings import OfficeSettings, load_office_settings
from desktop.printing import wording
from desktop.printing.closing import recipients_block
from desktop.printing.layout import (
    Issuer,
    NationalHeader,
    Signatory,
    SignatureBlocks,
    build_document,
    ledger_table,
    money,
    para,
    place_date_line,
    styles,
    title_block,
    unit_line,
)
from desktop.printing.numbering import issuer_initials, report_number

TITLE = "BÁO CÁO TỔNG HỢP"
SUBTITLE = ("Kết quả hoạt động các nhóm tiết kiệm và vốn vay, nhóm tiết kiệm cộng đồng "
            "và câu lạc bộ Liên thế hệ tự giúp nhau")
BLANK = "…………………………"
# The figure columns shared by both tables: (header, attribute or None for attendance).
FIGURE_HEADERS = (
    "Số nhóm", "Số TV", "Nữ", "Hộ nghèo, cận nghèo", "Người cao tuổi", "Tham dự (%)",
    "Tiết kiệm", "Dư nợ", "Số khoản vay", "Nợ quá hạn", "Quỹ xã hội", "Quỹ tăng thu nhập",
    "Tiền mặt", "Bỏ nhóm",
)
# In mm; with the label columns (36 mm) they fill the 252 mm between landscape margins.
FIGURE_WIDTHS = (11, 13, 12, 14, 13, 11, 20, 20, 13, 19, 18, 19, 20, 11)
KIND_LABEL = {GroupKind.VSLA: "Nhóm TK&VV (VSLA)", GroupKind.ASCA: "Nhóm tiết kiệm (ASCA)",
              GroupKind.ISHC: "CLB LTHTGN (ISHC)"}


def _count(value: int) -> str:
    return money(value)  # counts use the same grouping: 1.234


def _figures(totals: Totals) -> list[str]:
    return [
        _count(totals.groups), _count(totals.members), _count(totals.female),
        _count(totals.poor), _count(totals.elderly),
        str(totals.attendance_percent) if totals.member_meetings else "",
        money(totals.savings), money(totals.loans_outstanding), _count(totals.loans_count),
        money(totals.overdue), money(totals.social_fund), money(totals.income_fund),
        money(totals.cash), _count(totals.dropouts),
    ]


def _head(labels: Sequence[str]) -> list[list[Any]]:
    style = styles()["cell_head"]
    return [[Paragraph(nfc(label), style) for label in labels]]


def _kind_table(data: Consolidated) -> Flowable:
    body = [[KIND_LABEL[kind], *_figures(data.by_kind[kind])] for kind in GroupKind]
    widths = [36 * mm, *(width * mm for width in FIGURE_WIDTHS)]
    return ledger_table(_head(["Loại nhóm", *FIGURE_HEADERS]), body, widths, numeric_from=1,
                        font_size=8.5, totals=["Cộng", *_figures(data.totals)])


def _commune_table(data: Consolidated) -> Flowable:
    body = [[row.code, nfc(row.name), *_figures(row.totals)] for row in data.by_commune]
    widths = [10 * mm, 26 * mm, *(width * mm for width in FIGURE_WIDTHS)]
    return ledger_table(_head(["Mã xã", "Tên xã", *FIGURE_HEADERS]), body, widths,
                        numeric_from=2, font_size=8.5, centered=(0,),
                        totals=["", "Cộng", *_figures(data.totals)])


def _summary(data: Consolidated) -> list[Flowable]:
    style = styles()["body"]
    totals = data.totals
    expected = data.communes + len(data.missing)
    lines = [
        f"Số xã đã gửi báo cáo: {data.communes}"
        + (f"/{expected} xã phải gửi" if data.missing else "")
        + f". Số nhóm, câu lạc bộ: {money(totals.groups)}; số thành viên: "
        f"{money(totals.members)}.",
        f"Tỷ lệ thành viên nữ: {totals.female_percent}%; hộ nghèo, cận nghèo: "
        f"{totals.poor_percent}%; người cao tuổi: {totals.elderly_percent}%; tỷ lệ tham dự "
        f"họp: {totals.attendance_percent}%.",
        f"Tiền tiết kiệm: {money(totals.savings)} đồng; dư nợ: "
        f"{money(totals.loans_outstanding)} đồng ({money(totals.loans_count)} khoản vay); "
        f"nợ quá hạn: {money(totals.overdue)} đồng, tỷ lệ nợ quá hạn "
        f"{totals.portfolio_at_risk_percent}%.",
    ]
    return [para(line, style) for line in lines]


def _missing(data: Consolidated) -> list[Flowable]:
    style = styles()
    story: list[Flowable] = [para("III. CÁC XÃ CHƯA GỬI BÁO CÁO QUÝ", style["heading"])]
    if not data.missing:
        story.append(para("Tất cả các xã đã gửi báo cáo.", style["body"]))
        return story
    names = [f"{row.code} {row.name}".strip() for row in data.missing]
    story.append(para(f"{len(names)} xã: " + "; ".join(names) + ".", style["body"]))
    return story


def _issuer(data: Consolidated, office: OfficeSettings) -> Issuer:
    name = office.office_name.strip()
    if not name:
        provinces = {row.province.strip() for row in data.by_commune if row.province.strip()}
        name = (wording.UNION_DEFAULT.format(commune=provinces.pop().upper())
                if len(provinces) == 1 else BLANK)
    return Issuer(parent=office.parent_name.strip().upper(), name=nfc(name).upper())


def _place(data: Consolidated, office: OfficeSettings) -> str:
    if office.place_name.strip():
        return office.place_name.strip()
    provinces = {row.province.strip() for row in data.by_commune if row.province.strip()}
    if len(provinces) == 1:
        province = provinces.pop()
        for prefix in ("Tỉnh ", "Thành phố ", "TP. "):
            province = province.removeprefix(prefix)
        return province
    return BLANK


def _recipients(office: OfficeSettings) -> list[str]:
    """Who the consolidated report goes to ("Nơi nhận"): the body above the office, the
    communes' unions, and a copy kept."""
    parent = nfc(office.parent_name.strip())
    return [f"{parent} (để báo cáo);" if parent else "Cấp trên (để báo cáo);",
            "Hội LHPN các xã (để biết);", wording.ARCHIVE]


def render_consolidated(data: Consolidated, office: OfficeSettings, day: dt.date) -> bytes:
    """The report as PDF bytes."""
    style = styles()
    roman = wording.QUARTER_ROMAN[data.quarter.number]
    issuer = _issuer(data, office)
    body = issuer.name if issuer.name != BLANK else ""
    number = report_number(issuer_initials(body) if body else BLANK)
    story: list[Flowable] = [
        NationalHeader(issuer, place_date_line(_place(data, office), day), number),
        *title_block(TITLE, [SUBTITLE, f"Quý {roman} năm {data.quarter.year}"]),
        Spacer(1, 3 * mm),
        *_summary(data),
        para("I. TỔNG HỢP THEO LOẠI NHÓM", style["heading"]),
        unit_line(),
        _kind_table(data),
        para("II. TỔNG HỢP THEO XÃ", style["heading"]),
        unit_line(),
        _commune_table(data),
        *_missing(data),
    ]
    # "TM." and the issuing body over the head's title, the body as the header names it.
    signatures = SignatureBlocks([
        Signatory(wording.PREPARER, office.preparer_name),
        Signatory(office.head_title.strip().upper() or wording.UNION_CHAIR, office.head_name,
                  over=wording.ON_BEHALF.format(body=body or BLANK)),
    ])
    story.append(KeepTogether([Spacer(1, 2 * mm), signatures,
                               *recipients_block(_recipients(office))]))
    return build_document(story, title=f"{TITLE} quý {roman} năm {data.quarter.year}",
                          subject=SUBTITLE, orientation="landscape")


def consolidated_report_pdf(session: Session, quarter: Quarter, day: dt.date,
                            office: OfficeSettings | None = None) -> bytes:
    """Query the quarter's consolidated figures and print them."""
    data = consolidated(session, quarter)
    return render_consolidated(data, office or load_office_settings(session), day)
