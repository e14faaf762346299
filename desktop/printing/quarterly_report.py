"""The quarterly report (báo cáo quý) of one group or of the whole commune: members by sex,
poverty and age; meetings and attendance; savings; loans outstanding and overdue; the funds;
cash; dropouts; the clubs' activities; the return on savings — in administrative layout with
signature blocks. The figures are ``models.indicators`` (DESIGN §6.1 says what each means)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, TableStyle
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.activity_counts import ActivityCount, activity_counts
from desktop.models.clock import today
from desktop.models.collation import nfc
from desktop.models.enums import ActivityKind, GroupKind
from desktop.models.formatting import format_date
from desktop.models.group import Group
from desktop.models.indicators import (
    GroupIndicators,
    Quarter,
    commune_indicators,
    group_indicators,
    percent,
)
from desktop.models.member import Member
from desktop.models.organisation import Commune
from desktop.models.print_settings import PrintSettings
from desktop.printing import wording
from desktop.printing.closing import recipients_block
from desktop.printing.fonts import SERIF_BOLD
from desktop.printing.layout import (
    Signatory,
    SignatureBlocks,
    build_document,
    commune_signatories,
    form_opening,
    group_signatories,
    ledger_table,
    money,
    para,
    styles,
    union_name,
    unit_line,
)
from desktop.printing.numbering import issuer_initials, report_number
from desktop.progress import SILENT, Progress

PERSON, PERCENT, DONG, COUNT = "người", "%", "đồng", "lượt"


@dataclass(frozen=True)
class Totals:
    """The indicators of several groups added up (ratios recomputed from the sums)."""

    groups: Counter[GroupKind] = field(default_factory=Counter)
    members: int = 0
    female: int = 0
    poor: int = 0
    elderly: int = 0
    meetings: int = 0
    attendances: int = 0
    expected_attendances: int = 0  # Σ members × meetings
    savings: int = 0
    loans_outstanding: int = 0
    loans_count: int = 0
    overdue: int = 0
    social_fund: int = 0
    income_fund: int = 0
    seed_capital: int = 0
    operating_fund: int = 0
    cash: int = 0
    dropouts: int = 0
    interest_and_fines: int = 0

    @property
    def attendance_percent(self) -> int:
        return percent(self.attendances, self.expected_attendances)

    @property
    def portfolio_at_risk_percent(self) -> int:
        return percent(self.overdue, self.loans_outstanding)


def add_up(rows: Sequence[GroupIndicators]) -> Totals:
    """Sum the groups' figures."""
    names = ("members", "female", "poor", "elderly", "meetings", "attendances", "savings",
             "loans_outstanding", "loans_count", "overdue", "social_fund", "income_fund",
             "seed_capital", "operating_fund", "cash", "dropouts", "interest_and_fines")
    values = {name: sum(getattr(row, name) for row in rows) for name in names}
    return Totals(groups=Counter(row.kind for row in rows),
                  expected_attendances=sum(row.members * row.meetings for row in rows),
                  **values)


def one_decimal_percent(numerator: int, denominator: int) -> str:
    """``3,5`` — a percentage with one decimal (halves up), Vietnamese decimal comma."""
    if denominator <= 0:
        return "0"
    value = (Decimal(numerator) * 100 / denominator).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return str(value).replace(".", ",")


def _share(part: int, whole: int) -> str:
    return f"{part} ({percent(part, whole)}%)" if whole else str(part)


def indicator_rows(totals: Totals, activities: dict[ActivityKind, ActivityCount], *,
                   elderly_age: int | None, clubs: bool) -> list[list[str]]:
    """The report's table: number, indicator, unit, figure."""
    elderly = (f"- Người cao tuổi (từ {elderly_age} tuổi)" if elderly_age
               else "- Người cao tuổi")
    rows = [
        ["I", "THÀNH VIÊN", "", ""],
        ["1", "Tổng số thành viên cuối quý", PERSON, str(totals.members)],
        ["", "- Nữ", PERSON, _share(totals.female, totals.members)],
        ["", "- Nam", PERSON, str(totals.members - totals.female)],
        ["", "- Hộ nghèo, cận nghèo", PERSON, _share(totals.poor, totals.members)],
        ["", elderly, PERSON, _share(totals.elderly, totals.members)],
        ["2", "Số thành viên ra khỏi nhóm trong quý", PERSON, str(totals.dropouts)],
        ["II", "SINH HOẠT", "", ""],
        ["3", "Số buổi họp trong quý", "buổi", str(totals.meetings)],
        ["4", "Tỷ lệ tham dự", PERCENT, str(totals.attendance_percent)],
        ["III", "TÀI CHÍNH (cuối quý)", "", ""],
        ["5", "Tiền tiết kiệm của thành viên", DONG, money(totals.savings)],
        ["6", "Dư nợ cho vay", DONG, money(totals.loans_outstanding)],
        ["", "- Số khoản vay còn dư nợ", "khoản", str(totals.loans_count)],
        ["7", "Nợ quá hạn", DONG, money(totals.overdue)],
        ["", "- Tỷ lệ nợ quá hạn", PERCENT, str(totals.portfolio_at_risk_percent)],
        ["8", "Quỹ xã hội", DONG, money(totals.social_fund)],
    ]
    number = 9
    if clubs:
        rows += [
            [str(number), "Quỹ tăng thu nhập (tiền mặt và dư nợ)", DONG,
             money(totals.income_fund)],
            ["", "- Vốn hỗ trợ ban đầu", DONG, money(totals.seed_capital)],
            ["", "- So với vốn hỗ trợ ban đầu", PERCENT,
             str(percent(totals.income_fund, totals.seed_capital))],
            [str(number + 1), "Quỹ hoạt động", DONG, money(totals.operating_fund)],
        ]
        number += 2
    rows += [
        [str(number), "Tiền mặt và tiền gửi ngân hàng (tất cả các quỹ)", DONG,
         money(totals.cash)],
        [str(number + 1), "Lãi và tiền phạt thu trong quý", DONG,
         money(totals.interest_and_fines)],
        [str(number + 2), "Tỷ suất sinh lời trên tiền tiết kiệm trong quý", PERCENT,
         one_decimal_percent(totals.interest_and_fines, totals.savings)],
    ]
    number += 3
    if clubs:
        rows.append(["IV", "HOẠT ĐỘNG CÂU LẠC BỘ TRONG QUÝ", "", ""])
        for kind in ActivityKind:
            unit = "hoạt động" if kind == ActivityKind.EVENT else COUNT
            figure = str(activities[kind].count)
            if kind == ActivityKind.EVENT and activities[kind].participants:
                figure += f" ({activities[kind].participants} người)"
            rows.append([str(number), wording.ACTIVITY[kind], unit, figure])
            number += 1
    return rows


_SECTIONS = ("I", "II", "III", "IV")


def _indicator_table(rows: list[list[str]]) -> Flowable:
    style = styles()
    head = [para(text, style["cell_head"]) for text in ("STT", "Chỉ tiêu", "Đơn vị tính",
                                                         "Số liệu")]
    body = [[number, para(label, style["cell_bold"] if number in _SECTIONS else style["cell"]),
             unit, figure] for number, label, unit, figure in rows]
    table = ledger_table([head], body, [12 * mm, 93 * mm, 24 * mm, 36 * mm], numeric_from=3,
                         font_size=10.5, centered=(0, 2))
    sections = [index + 1 for index, row in enumerate(rows) if row[0] in _SECTIONS]
    table.setStyle(TableStyle([("FONT", (0, row), (0, row), SERIF_BOLD, 10.5)
                               for row in sections]))
    return table


def _groups_table(rows: Sequence[GroupIndicators], totals: Totals) -> Flowable:
    style = styles()
    head = [para(text, style["cell_head"]) for text in (
        "STT", "Nhóm / câu lạc bộ", "Số TV", "Nữ", "NCT", "Tham dự (%)", "Tiết kiệm",
        "Dư nợ", "Nợ quá hạn", "Quỹ xã hội")]
    body = []
    for number, row in enumerate(rows, start=1):
        name = f"{row.name} ({row.code}, {wording.GROUP_KIND_SHORT[row.kind]})"
        if row.village:
            name += f" - {row.village}"
        body.append([str(number), para(name, style["cell_small"]), str(row.members),
                     str(row.female), str(row.elderly), str(row.attendance_percent),
                     money(row.savings), money(row.loans_outstanding), money(row.overdue),
                     money(row.social_fund)])
    totals_row = ["", "Cộng toàn xã", str(totals.members), str(totals.female),
                  str(totals.elderly), str(totals.attendance_percent), money(totals.savings),
                  money(totals.loans_outstanding), money(totals.overdue),
                  money(totals.social_fund)]
    widths = [9, 39, 11, 10, 10, 13, 19, 19, 17, 18]
    return ledger_table([head], body, [w * mm for w in widths], numeric_from=6, font_size=9,
                        totals=totals_row, centered=(0, 2, 3, 4, 5))


def render_quarterly_report(rows: Sequence[GroupIndicators],
                            activities: dict[ActivityKind, ActivityCount], *,
                            commune: Commune, quarter: Quarter, group: Group | None,
                            settings: PrintSettings, printed_on: dt.date,
                            signatories: list[Signatory],
                            elderly_age: int | None = None) -> bytes:
    """The report of one group (``group``) or of the commune (``group`` is None)."""
    totals = add_up(rows)
    title = f"BÁO CÁO QUÝ {wording.QUARTER_ROMAN[quarter.number]} NĂM {quarter.year}"
    if group is not None:
        village = f" ({group.village.name})" if group.village else ""
        subject = f"Tình hình hoạt động của {group.name}{village}"
        clubs = group.kind == GroupKind.ISHC
    else:
        subject = (f"Tình hình hoạt động các nhóm tiết kiệm và câu lạc bộ của "
                   f"{commune.name.strip()}")
        clubs = totals.groups[GroupKind.ISHC] > 0
    period = (f"(Từ ngày {format_date(quarter.first_day)} đến ngày "
              f"{format_date(quarter.last_day)})")
    style = styles()
    # A group is named by its code; the union by its initials (HLHPN).
    number = report_number(group.code if group is not None
                           else issuer_initials(union_name(commune)))
    story = form_opening(commune, group, settings, printed_on, title, [subject, period],
                         number=number)
    if group is None:
        kinds = ", ".join(f"{totals.groups[kind]} {wording.GROUP_KIND[kind].lower()}"
                          for kind in GroupKind if totals.groups[kind])
        story.append(para(f"Số nhóm, câu lạc bộ báo cáo: {len(rows)} ({kinds}).",
                          style["body"]))
        story.append(para("A. TỔNG HỢP CHỈ TIÊU", style["heading"]))
    story += [unit_line(), _indicator_table(indicator_rows(totals, activities,
                                                           elderly_age=elderly_age,
                                                           clubs=clubs))]
    if group is None:
        story += [para("B. CHI TIẾT THEO NHÓM, CÂU LẠC BỘ", style["heading"]), unit_line(),
                  _groups_table(rows, totals)]
    story.append(KeepTogether([SignatureBlocks(signatories),
                               *recipients_block(recipients(commune, group))]))
    return build_document(story, title=f"{title} - {subject}", subject=subject)


def _lower_first(text: str) -> str:
    """``Tỉnh Thái Nguyên`` → ``tỉnh Thái Nguyên`` inside a sentence."""
    return text[:1].lower() + text[1:] if text else text


def recipients(commune: Commune, group: Group | None) -> list[str]:
    """Who a quarterly report goes to ("Nơi nhận"): a group's to the commune's union; the
    commune union's to the province's union and the commune's Party committee and People's
    Committee; and a copy kept."""
    union = nfc(commune.union_name.strip()) or f"Hội LHPN {_lower_first(commune.name.strip())}"
    if group is not None:
        keeper = "CLB" if group.kind == GroupKind.ISHC else "nhóm"
        return [f"{union} (để báo cáo);", f"Lưu: {keeper}."]
    province = commune.province.strip()
    upper = f"Hội LHPN {_lower_first(province)}" if province else "Hội LHPN cấp trên"
    return [f"{upper} (để báo cáo);",
            f"Đảng ủy, UBND {_lower_first(commune.name.strip())} (để báo cáo);",
            wording.ARCHIVE]


def make_group_report(session: Session, group: Group, quarter: Quarter,
                      settings: PrintSettings) -> bytes:
    """The quarterly report of one group or club."""
    rows = [group_indicators(session, group, quarter.last_day, quarter.first_day)]
    activities = activity_counts(session, [group.id], quarter.first_day, quarter.last_day)
    members = session.scalars(select(Member).where(Member.group_id == group.id)
                              .order_by(Member.code)).all()
    return render_quarterly_report(
        rows, activities, commune=group.commune, quarter=quarter, group=group,
        settings=settings, printed_on=today(),
        signatories=group_signatories(members, GroupKind(group.kind), settings,
                                      quarter.last_day),
        elderly_age=group.elderly_age)


def make_commune_report(session: Session, commune: Commune, quarter: Quarter,
                        settings: PrintSettings, *, progress: Progress = SILENT) -> bytes:
    """The quarterly report of every group of the commune, by village then code."""
    groups = session.scalars(select(Group).where(Group.commune_id == commune.id)
                             .order_by(Group.code)).all()
    progress.step(0, 1, commune.name)
    rows = commune_indicators(session, quarter.last_day, quarter.first_day,
                              commune_id=commune.id)
    progress.step(1, 1, commune.name)
    ages = {group.elderly_age for group in groups}  # one threshold is worth naming
    activities = activity_counts(session, [group.id for group in groups], quarter.first_day,
                                 quarter.last_day)
    return render_quarterly_report(
        rows, activities, commune=commune, quarter=quarter, group=None, settings=settings,
        printed_on=today(), signatories=commune_signatories(commune, settings),
        elderly_age=ages.pop() if len(ages) == 1 else None)
