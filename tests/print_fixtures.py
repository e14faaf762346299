"""Meetings of Nhóm TK&VV Hoa Sen that the printing tests share: what the paper forms of
three monthly meetings say, typed in through the meeting sheet as a clerk would."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping

from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import meetings
from desktop.models.group import Group
from desktop.models.meeting import Meeting
from desktop.models.meetings import Entry
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM

# Shares bought at each meeting by TV01..TV04 (share value 20.000 đ, social fund 2.000 đ).
FEBRUARY = dt.date(2026, 2, 5)
MARCH = dt.date(2026, 3, 5)
APRIL = dt.date(2026, 4, 2)
MAY = dt.date(2026, 5, 7)

STORY: dict[dt.date, dict[str, dict[str, int]]] = {
    FEBRUARY: {"TV01": {"shares": 5}, "TV02": {"shares": 4}, "TV03": {"shares": 3},
               "TV04": {"shares": 2}},
    MARCH: {"TV01": {"shares": 5}, "TV02": {"shares": 3, "new_loan": 300_000},
            "TV03": {"shares": 2}, "TV04": {"shares": 1}},
    APRIL: {"TV01": {"shares": 4}, "TV02": {"shares": 3, "repaid": 100_000, "interest": 6_000},
            "TV03": {"shares": 2, "fine": 5_000}, "TV04": {"shares": 2}},
}
NEXT_MEETING = {"TV01": {"shares": 3}, "TV02": {"shares": 2, "repaid": 200_000,
                                                "interest": 12_000},
                "TV03": {"shares": 1}, "TV04": {"shares": 1}}


def members_by_code(session: Session, group: Group) -> dict[str, Member]:
    return {m.code: m for m in session.scalars(select(Member).where(Member.group_id == group.id))}


def hold_meeting(session: Session, group: Group, day: dt.date,
                 rows: Mapping[str, Mapping[str, int]], *, close: bool = True) -> Meeting:
    """Create the meeting, save each member's row (social fund 2.000 đ from those present),
    count the box exactly and close it."""
    meeting = meetings.create_meeting(session, group, day, SYSTEM)
    by_code = members_by_code(session, group)
    for code, member in sorted(by_code.items()):
        values = dict(rows.get(code, {}))
        present = values.pop("absent", 0) == 0
        if present:
            values.setdefault("social_fund", group.current_cycle.social_fund_per_meeting)
        meetings.save_entry(session, meeting, Entry(member_id=member.id, present=present,
                                                    **values), SYSTEM)
    if close:
        panel = meetings.cash_panel(session, meeting)
        meetings.record_count(session, meeting, panel.expected_closing, "", SYSTEM)
        meetings.close_meeting(session, meeting, SYSTEM)
    session.flush()
    return meeting


def hold_story(session: Session, group: Group) -> list[Meeting]:
    return [hold_meeting(session, group, day, rows) for day, rows in STORY.items()]


def pdf_text(data: bytes) -> list[str]:
    """The text of each page, as a PDF text extractor reads it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def page_sizes_mm(data: bytes) -> list[tuple[int, int]]:
    """Each page's width and height, rounded to whole millimetres."""
    sizes = []
    for page in PdfReader(io.BytesIO(data)).pages:
        box = page.mediabox
        sizes.append((round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)))
    return sizes


def text_positions(data: bytes, page_number: int) -> list[tuple[str, float, float]]:
    """(text, x, y) of every piece of text drawn on a page, in points from the bottom-left."""
    found: list[tuple[str, float, float]] = []

    def visit(text: str, _cm, tm, _font, _size) -> None:  # type: ignore[no-untyped-def]
        if text.strip():
            found.append((text.strip(), float(tm[4]), float(tm[5])))

    PdfReader(io.BytesIO(data)).pages[page_number].extract_text(visitor_text=visit)
    return found


def words_of(text: str) -> str:
    """Text with every run of white space made one space (lines wrap anywhere in a PDF)."""
    return " ".join(text.split())


BIG_GROUP_GIVEN = ["Ánh", "Bích", "Châu", "Diễm", "Đào", "Giang", "Hằng", "Huệ", "Khuê",
                   "Liên", "Loan", "Mỹ", "Ngọc", "Nhung", "Phương", "Quế", "Sương", "Thắm",
                   "Thủy", "Trâm", "Uyên", "Vân", "Xuân", "Yến"]


def make_big_group(session: Session, members: int = 48) -> Group:
    """Nhóm TK&VV Sen Hồng: enough members for a sheet of several pages, one meeting."""
    from desktop.models import registry
    from desktop.models.enums import GroupKind

    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    group = registry.create_group(
        session, commune, code="SH02", name="Nhóm TK&VV Sen Hồng", kind=GroupKind.VSLA,
        start_date=dt.date(2026, 1, 1), actor=SYSTEM, share_value=10_000, rounding_unit=100,
        social_fund_per_meeting=1_000)
    for number in range(members):
        registry.add_member(session, group, code=f"SH{number + 1:02d}",
                            full_name=f"Võ Thị {BIG_GROUP_GIVEN[number % 24]} {number + 1}",
                            join_date=dt.date(2026, 1, 1), actor=SYSTEM)
    session.flush()
    hold_meeting(session, group, FEBRUARY,
                 {f"SH{number + 1:02d}": {"shares": 1 + number % 5} for number in range(members)})
    return group


def font_names(data: bytes) -> set[str]:
    """The base font of every font resource of every page (subset tags removed)."""
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for reference in fonts.get_object().values():
            name = str(reference.get_object().get("/BaseFont", ""))
            names.add(name.lstrip("/").split("+")[-1])
    return names


def text_extents(data: bytes, page_number: int) -> list[tuple[str, float, float, float, float]]:
    """(text, left, right, baseline, size) of every run of text drawn on a page, in points,
    its width measured with the bundled font it was drawn in."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop.printing.fonts import (
        SANS,
        SANS_BOLD,
        SERIF,
        SERIF_BOLD,
        SERIF_ITALIC,
        register_fonts,
    )

    register_fonts()
    fonts = {"LiberationSans": SANS, "LiberationSans-Bold": SANS_BOLD,
             "LiberationSerif": SERIF, "LiberationSerif-Bold": SERIF_BOLD,
             "LiberationSerif-Italic": SERIF_ITALIC}
    found: list[tuple[str, float, float, float, float]] = []

    def visit(text: str, _cm, tm, font, size) -> None:  # type: ignore[no-untyped-def]
        if not text.strip() or font is None:
            return
        base = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
        left = float(tm[4])
        width = stringWidth(text.rstrip("\n"), fonts[base], float(size))
        found.append((text.strip(), left, left + width, float(tm[5]), float(size)))

    PdfReader(io.BytesIO(data)).pages[page_number].extract_text(visitor_text=visit)
    return found
