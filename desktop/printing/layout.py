"""Layout pieces shared by the administrative documents (Decree 30/2020 style): A4 with its
margins, the national header block, the place-and-date line, signature blocks, "Trang 2/5"
page numbers from page 2, paragraph styles and ledger tables; money and amounts in words.

Every string drawn passes through ``nfc``: reportlab places decomposed accents badly.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5, A6, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop.models.collation import nfc
from desktop.models.enums import GroupKind, MemberRole
from desktop.models.formatting import format_amount, format_long_date
from desktop.models.group import Group
from desktop.models.member import Member
from desktop.models.organisation import Commune
from desktop.models.print_settings import PrintSettings
from desktop.models.words import amount_in_words
from desktop.printing import CREATOR, wording
from desktop.printing.fitting import fit_line, fit_name
from desktop.printing.fonts import (
    SERIF,
    SERIF_BOLD,
    SERIF_BOLD_ITALIC,
    SERIF_ITALIC,
    register_fonts,
)

PAGE_SIZES = {"A4": A4, "A5": A5, "A6": A6}


@dataclass(frozen=True)
class Margins:
    top: float
    bottom: float
    left: float
    right: float


# Decree 30/2020: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
ADMIN_MARGINS = Margins(top=20 * mm, bottom=20 * mm, left=30 * mm, right=15 * mm)


def money(amount: int) -> str:
    """``1.234.567``."""
    return format_amount(amount)


def money_or_blank(amount: int) -> str:
    """An amount, or nothing for zero (a form's empty cell)."""
    return format_amount(amount) if amount else ""


def in_words(amount: int, settings: PrintSettings) -> str:
    """``Một triệu … đồng`` with the ledger's regional word choices."""
    return amount_in_words(amount, **settings.words_options())


def short_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


# -- who issues the document, and where ------------------------------------------------------

def union_name(commune: Commune) -> str:
    """The commune's union as the top-left block names it: ``HỘI LHPN XÃ YÊN BÌNH``."""
    if commune.union_name.strip():
        return nfc(commune.union_name.strip()).upper()
    name = nfc(commune.name.strip())
    if not name.lower().startswith(("xã ", "phường ", "thị trấn ", "đặc khu ")):
        name = f"Xã {name}"
    return wording.UNION_DEFAULT.format(commune=name.upper())


@dataclass(frozen=True)
class Issuer:
    """Top-left block: the superior body (regular), then the issuing body (bold, ruled)."""

    parent: str
    name: str


def issuer_for(commune: Commune, group: Group | None = None) -> Issuer:
    """The union for a commune document; the union over the group for a group document."""
    if group is None:
        return Issuer(parent="", name=union_name(commune))
    return Issuer(parent=union_name(commune), name=nfc(group.name).upper())


def place_name(commune: Commune, settings: PrintSettings) -> str:
    return nfc(settings.place_name.strip() or commune.name.strip())


def place_date_line(place: str, day: dt.date) -> str:
    """``Xã Yên Bình, ngày 05 tháng 02 năm 2026``."""
    return nfc(f"{place}, {format_long_date(day)}")


def chair_title(kind: GroupKind) -> str:
    return wording.CHAIR_CLUB if kind == GroupKind.ISHC else wording.CHAIR_GROUP


def group_signatories(members: Iterable[Member], kind: GroupKind, settings: PrintSettings,
                      on: dt.date) -> list[Signatory]:
    """Người lập biểu, thủ quỹ and trưởng nhóm / chủ nhiệm, named from the members' roles
    on ``on`` (a name left empty is written by hand)."""
    holders: dict[MemberRole, str] = {}
    for member in members:
        if member.is_active_on(on) and member.role not in holders:
            holders[MemberRole(member.role)] = member.full_name
    return [Signatory(wording.PREPARER, settings.preparer_name),
            Signatory(wording.TREASURER, holders.get(MemberRole.TREASURER, "")),
            Signatory(chair_title(kind), holders.get(MemberRole.CHAIR, ""))]


def commune_signatories(commune: Commune, settings: PrintSettings) -> list[Signatory]:
    """Người lập biểu, and the union's chair signing on its behalf."""
    return [Signatory(wording.PREPARER, settings.preparer_name),
            Signatory(wording.UNION_CHAIR, settings.union_chair_name,
                      over=wording.ON_BEHALF.format(body=union_name(commune)))]


# -- paragraph styles and tables ---------------------------------------------------------------

def styles() -> dict[str, ParagraphStyle]:
    """Decree 30/2020's sizes: body text 13 pt (13–14), the title 14 pt bold; the tables'
    cells smaller, as the Decree allows for tables."""
    register_fonts()
    body = ParagraphStyle("body", fontName=SERIF, fontSize=13, leading=16.5)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=SERIF_BOLD, fontSize=14,
                                leading=18, alignment=TA_CENTER, spaceBefore=4 * mm),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontName=SERIF_BOLD, fontSize=13,
                                   leading=16.5, alignment=TA_CENTER),
        "centered": ParagraphStyle("centered", parent=body, alignment=TA_CENTER),
        "italic_right": ParagraphStyle("italic_right", parent=body, fontName=SERIF_ITALIC,
                                       fontSize=12, leading=15, alignment=TA_RIGHT),
        "italic": ParagraphStyle("italic", parent=body, fontName=SERIF_ITALIC, fontSize=13),
        "heading": ParagraphStyle("heading", parent=body, fontName=SERIF_BOLD, fontSize=13,
                                  spaceBefore=3 * mm, spaceAfter=1 * mm),
        "cell": ParagraphStyle("cell", parent=body, fontSize=10, leading=12),
        "cell_bold": ParagraphStyle("cell_bold", parent=body, fontName=SERIF_BOLD, fontSize=10,
                                    leading=12),
        "cell_small": ParagraphStyle("cell_small", parent=body, fontSize=9, leading=10.5),
        # Column headings break between words only: "(%/thá ng)" is not a heading.
        "cell_head": ParagraphStyle("cell_head", parent=body, fontName=SERIF_BOLD, fontSize=9.5,
                                    leading=11, alignment=TA_CENTER, splitLongWords=0),
        "recipients_head": ParagraphStyle("recipients_head", parent=body,
                                          fontName=SERIF_BOLD_ITALIC, fontSize=12, leading=15),
        "recipients": ParagraphStyle("recipients", parent=body, fontSize=11, leading=13.5),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: group names hold ``&``)."""
    return Paragraph(escape(nfc(text)), style)


def rich(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph whose ``<b>``/``<i>`` marks are kept and everything else escaped."""
    escaped = escape(nfc(text))
    for tag in ("b", "i"):
        escaped = escaped.replace(f"&lt;{tag}&gt;", f"<{tag}>").replace(f"&lt;/{tag}&gt;",
                                                                          f"</{tag}>")
    return Paragraph(escaped, style)


def ledger_table(head: Sequence[Sequence[Any]], body: Sequence[Sequence[Any]],
                 widths: Sequence[float], *, numeric_from: int, font_size: float = 10,
                 totals: Sequence[Any] | None = None,
                 centered: Sequence[int] = ()) -> Table:
    """A ruled table whose header rows repeat on every page; columns from ``numeric_from``
    are amounts (right-aligned), ``centered`` columns are codes and counts."""
    head = [[_fit_heading(cell, width) for cell, width in zip(row, widths, strict=False)]
            for row in head]
    rows: list[list[Any]] = [list(row) for row in head] + [list(row) for row in body]
    if totals is not None:
        rows.append(list(totals))
    rows = [[nfc(cell) if isinstance(cell, str) else cell for cell in row] for row in rows]
    table = Table(rows, colWidths=list(widths), repeatRows=len(head))
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), SERIF, font_size),
        ("FONT", (0, 0), (-1, len(head) - 1), SERIF_BOLD, font_size),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, len(head) - 1), "CENTER"),
        ("ALIGN", (numeric_from, len(head)), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for column in centered:
        commands.append(("ALIGN", (column, len(head)), (column, -1), "CENTER"))
    if totals is not None:
        commands.append(("FONT", (0, -1), (-1, -1), SERIF_BOLD, font_size))
    table.setStyle(TableStyle(commands))
    return table


def _fit_heading(cell: Any, width: float) -> Any:
    """A column heading whose longest word is wider than its column gets a smaller font
    (headings break between words only, never inside one)."""
    if not isinstance(cell, Paragraph):
        return cell
    style = cell.style
    room = width - 6  # the cell's left and right padding
    words = cell.text.replace("<br/>", " ").split()
    widest = max((stringWidth(word, style.fontName, style.fontSize) for word in words),
                 default=0.0)
    if widest <= room:
        return cell
    size = round(style.fontSize * room / widest, 2)
    smaller = ParagraphStyle(f"{style.name}_fitted", parent=style, fontSize=size,
                             leading=round(style.leading * size / style.fontSize, 2))
    return Paragraph(cell.text, smaller)


# -- flowables -------------------------------------------------------------------------------

class NationalHeader(Flowable):
    """The two header blocks of an administrative document: at the left the issuing body
    (its name wrapped without breaking a place name, ruled beneath) and, when given, the
    document's number ``Số: …/BC-…``; at the right the national title and motto and the
    italic place-and-date line."""

    LEFT_SHARE = 0.42
    SIZE = 12
    PLACE_SIZE = 13

    def __init__(self, issuer: Issuer, place_date: str, number: str = "") -> None:
        super().__init__()
        register_fonts()
        self.issuer = issuer
        self.place_date = nfc(place_date)
        self.number = nfc(number)
        self._left_lines: list[tuple[str, str, float]] = []
        self._height = 0.0

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width = available_width
        left_width = available_width * self.LEFT_SHARE - 2 * mm
        lines: list[tuple[str, str, float]] = []
        for text, font in ((self.issuer.parent, SERIF), (self.issuer.name, SERIF_BOLD)):
            if text:
                parts, size = fit_name(nfc(text), font, self.SIZE, left_width, self.SIZE - 2)
                lines += [(part, font, size) for part in parts]
        self._left_lines = lines
        leading = self.SIZE * 1.25
        left_height = len(lines) * leading + 3 * mm
        if self.number:
            left_height += self.PLACE_SIZE * 1.25 + 2 * mm
        right_height = 2 * leading + 3 * mm + 8 * mm
        self._height = max(left_height, right_height) + 2 * mm
        return available_width, self._height

    def draw(self) -> None:
        c = self.canv
        leading = self.SIZE * 1.25
        top = self._height
        left_width = self.width * self.LEFT_SHARE
        left_center = left_width / 2
        y = top - self.SIZE
        last_width = 0.0
        for text, font, size in self._left_lines:
            c.setFont(font, size)
            c.drawCentredString(left_center, y, text)
            last_width = stringWidth(text, font, size)
            y -= leading
        if self._left_lines:
            rule = min(last_width, 40 * mm) * 0.6
            c.setLineWidth(0.6)
            under = y + leading - 6  # clear of the descenders
            c.line(left_center - rule / 2, under, left_center + rule / 2, under)
        if self.number:
            number, size = fit_line(self.number, SERIF, self.PLACE_SIZE, left_width - 2 * mm,
                                    self.SIZE - 2)
            c.setFont(SERIF, size)
            c.drawCentredString(left_center, y - 2 * mm, number)
        right_width = self.width * (1 - self.LEFT_SHARE)
        right_center = self.width * self.LEFT_SHARE + right_width / 2
        y = top - self.SIZE
        c.setFont(SERIF_BOLD, self.SIZE)
        c.drawCentredString(right_center, y, wording.NATION)
        y -= leading
        c.setFont(SERIF_BOLD, self.SIZE + 1)
        c.drawCentredString(right_center, y, wording.MOTTO)
        motto = stringWidth(wording.MOTTO, SERIF_BOLD, self.SIZE + 1)
        c.setLineWidth(0.6)
        c.line(right_center - motto / 2, y - 5.5, right_center + motto / 2, y - 5.5)
        y -= leading + 4 * mm
        place, size = fit_line(self.place_date, SERIF_ITALIC, self.PLACE_SIZE, right_width,
                               self.SIZE - 2)
        c.setFont(SERIF_ITALIC, size)
        c.drawCentredString(right_center, y, place)


@dataclass(frozen=True)
class Signatory:
    """One signature block: ``over`` (e.g. ``TM. HỘI LHPN XÃ …``), the title, the name
    (empty: written by hand)."""

    title: str
    name: str = ""
    over: str = ""


class SignatureBlocks(Flowable):
    """Signature blocks side by side; never split across pages."""

    SIGN_SPACE = 24 * mm

    def __init__(self, signatories: Sequence[Signatory]) -> None:
        super().__init__()
        register_fonts()
        self.signatories = list(signatories)
        self._height = 0.0

    def _title_lines(self, signatory: Signatory, width: float) -> list[str]:
        """``TM. HỘI LHPN`` / ``XÃ YÊN BÌNH`` / ``CHỦ TỊCH``: a body's name wrapped without
        breaking a place name in two."""
        lines = []
        for text in (signatory.over, signatory.title):
            if text:
                parts, _size = fit_name(nfc(text), SERIF_BOLD, 11.5, width, 11.5)
                lines += parts
        return lines

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width = available_width
        column = available_width / max(len(self.signatories), 1)
        most = max((len(self._title_lines(s, column - 2 * mm)) for s in self.signatories),
                   default=1)
        self._height = 6 * mm + most * 14 + 14 + self.SIGN_SPACE + 14
        return available_width, self._height

    def draw(self) -> None:
        c = self.canv
        column = self.width / max(len(self.signatories), 1)
        for index, signatory in enumerate(self.signatories):
            center = column * index + column / 2
            y = self._height - 6 * mm - 11.5
            for line in self._title_lines(signatory, column - 2 * mm):
                c.setFont(SERIF_BOLD, 11.5)
                c.drawCentredString(center, y, line)
                y -= 14
            c.setFont(SERIF_ITALIC, 10.5)
            c.drawCentredString(center, y, wording.SIGN_HINT)
            if signatory.name:  # every name on one line, under the tallest title
                c.setFont(SERIF_BOLD, 11.5)
                c.drawCentredString(center, 4, nfc(signatory.name))


class NumberedCanvas(Canvas):
    """Writes "Trang 2/5" at the top centre of every page but the first, once the number
    of pages is known (the canvas keeps each page until ``save``); with a ``watermark``
    ("DỰ THẢO"), writes it large and pale across every page."""

    def __init__(self, *args: Any, watermark: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._watermark = nfc(watermark)

    def showPage(self) -> None:  # reportlab names it so
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            width, height = self._pagesize
            if self._pageNumber > 1:
                self.setFont(SERIF, 11)
                self.drawCentredString(width / 2, height - 12 * mm, wording.PAGE.format(
                    page=self._pageNumber, pages=total))
            if self._watermark:
                self._draw_watermark(width, height)
            super().showPage()
        super().save()

    def _draw_watermark(self, width: float, height: float) -> None:
        self.saveState()
        self.setFillColor(colors.grey)
        self.setFillAlpha(0.22)
        self.translate(width / 2, height / 2)
        self.rotate(30)
        size = min(width, height) / max(len(self._watermark), 1) * 1.6
        self.setFont(SERIF_BOLD, size)
        self.drawCentredString(0, -size / 3, self._watermark)
        self.restoreState()


def frame_height(orientation: str = "portrait", margins: Margins = ADMIN_MARGINS) -> float:
    """The height the body of a page has (between the margins, less the frame's padding)."""
    size = landscape(A4) if orientation == "landscape" else A4
    return float(size[1] - margins.top - margins.bottom - 12)


def build_document(story: list[Flowable], *, title: str, subject: str = "",
                   orientation: str = "portrait", margins: Margins = ADMIN_MARGINS,
                   watermark: str = "") -> bytes:
    """An A4 administrative document (``orientation`` portrait or landscape) as PDF bytes;
    ``watermark`` across every page (a draft)."""
    register_fonts()
    buffer = io.BytesIO()
    size = landscape(A4) if orientation == "landscape" else A4
    document = SimpleDocTemplate(
        buffer, pagesize=size, topMargin=margins.top, bottomMargin=margins.bottom,
        leftMargin=margins.left, rightMargin=margins.right, title=nfc(title),
        subject=nfc(subject), creator=CREATOR, author=CREATOR,
        # Started in the bundled serif: the default Helvetica would be listed, never drawn.
        initialFontName=SERIF)
    document.build(story, canvasmaker=partial(NumberedCanvas, watermark=watermark))
    return buffer.getvalue()


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def page_count(data: bytes) -> int:
    """How many pages a PDF made here has (its page objects; no parser needed)."""
    return len(_PAGE_OBJECT.findall(data))


def title_block(title: str, subtitle_lines: Sequence[str]) -> list[Flowable]:
    """The document's title in bold capitals and its centred subtitles."""
    style = styles()
    story: list[Flowable] = [para(title.upper(), style["title"])]
    story += [para(line, style["subtitle"]) for line in subtitle_lines if line]
    return story


def form_opening(commune: Commune, group: Group | None, settings: PrintSettings,
                 day: dt.date, title: str, subtitle_lines: Sequence[str], *,
                 number: str = "") -> list[Flowable]:
    """The top of a union or group document: the national header with the issuer, the
    document's ``number`` if it has one, and the place and date; the title with its
    subtitles, and a little space before the body."""
    return [NationalHeader(issuer_for(commune, group),
                           place_date_line(place_name(commune, settings), day), number),
            *title_block(title, subtitle_lines),
            Spacer(1, 3 * mm)]


def unit_line() -> Paragraph:
    """``Đơn vị tính: đồng``, right-aligned above a table."""
    return para(wording.UNIT_LINE, styles()["italic_right"])

