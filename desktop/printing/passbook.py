"""Member passbooks (sổ thành viên), printed into the members' physical booklets.

A booklet page holds a fixed number of lines (A6: 12, A5: 18). Line ``k`` of a booklet is
always printed on booklet page ``k // N`` at the same height, so a continuation print emits
only the lines after the last one printed, each in its place: pages before the first new
line are not emitted, and the first emitted page leaves its earlier lines blank (they are
already in the booklet). A page's header, column headings and rules are printed with the
page's first line; a page continued instead carries a small line under its grid naming the
member, the booklet page and the first line printed, so that the clerk with a whole group's
PDF knows which booklet goes into the printer. The clerk's printer offsets (mm) shift
everything. A booklet whose printed lines no longer match the books is not printed at all.

Drawn straight on the canvas (no Platypus): a whole group's booklets are a few thousand
lines, and a thousand pages must come out in seconds.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy.orm import Session

from desktop.models.collation import nfc
from desktop.models.enums import GroupKind
from desktop.models.formatting import format_amount
from desktop.models.group import Group
from desktop.models.passbook import (
    LINES_PER_PAGE,
    LineKind,
    Passbook,
    PassbookLine,
    group_passbooks,
)
from desktop.models.print_settings import PrintSettings
from desktop.printing import CREATOR
from desktop.printing.fitting import fit_line, width_of
from desktop.printing.fonts import SANS, SANS_BOLD, register_fonts
from desktop.progress import SILENT, Progress

TITLE = "SỔ THÀNH VIÊN"
MEMBER_LABEL = "Thành viên: "
CODE_LABEL = "Mã TV: "
BOOKLET_PAGE = "Trang {page}"
CONTINUED = "{code} - {name} - trang {page}, từ dòng {line}"
# What a line made outside a meeting says in place of a bare number: a word over the money
# it concerns, in one column (text across the booklet's printed rules would be cut by them).
LINE_LABEL = {
    LineKind.SHARE_OUT: "Tất toán",  # over the payout the member took home
    LineKind.LEAVER: "Ra nhóm",  # over the payout on leaving
    LineKind.WRITE_OFF: "Xóa nợ",  # over the principal written off
}
# The column that holds it: the first of these the booklet has.
LABEL_COLUMNS = {
    LineKind.SHARE_OUT: ("savings", "fee"),
    LineKind.LEAVER: ("savings", "fee"),
    LineKind.WRITE_OFF: ("repaid",),
}
SMALLEST = 0.75  # fitted text is never shrunk below this share of its size


@dataclass(frozen=True)
class BookletFormat:
    """Where things are on a booklet page, in millimetres from the page's top-left."""

    name: str
    width: float
    height: float
    margin: float  # left and right
    top: float  # to the header
    header: float  # header block height
    heading: float  # column headings row height
    line: float  # one passbook line
    lines_per_page: int
    font_size: float
    heading_size: float
    long_dates: bool  # dd/mm/yyyy (else dd/mm/yy)

    @property
    def first_line_top(self) -> float:
        return self.top + self.header + self.heading


A6_BOOKLET = BookletFormat("A6", 105, 148, 5, 7, 15, 8, 9, LINES_PER_PAGE["A6"], 7, 5.8, False)
A5_BOOKLET = BookletFormat("A5", 148, 210, 8, 9, 18, 9, 9, LINES_PER_PAGE["A5"], 8.5, 7, True)
FORMATS = {"A6": A6_BOOKLET, "A5": A5_BOOKLET}


@dataclass(frozen=True)
class Column:
    key: str  # a PassbookLine field, "date" or "sign"
    heading: tuple[str, str]
    weight: float


_COLUMNS = {
    "date": Column("date", ("Ngày", "họp"), 12),
    "shares": Column("shares", ("Số", "CP"), 6),
    "savings": Column("savings", ("Tiền", "tiết kiệm"), 12),
    "savings_balance": Column("savings_balance", ("Lũy kế", "tiết kiệm"), 13),
    "loan_taken": Column("loan_taken", ("Vay", "mới"), 12),
    "repaid": Column("repaid", ("Trả", "gốc"), 12),
    "interest": Column("interest", ("Trả", "lãi"), 10),
    "loan_balance": Column("loan_balance", ("Dư nợ", ""), 12),
    "social_fund": Column("social_fund", ("Quỹ", "XH"), 9),
    "fee": Column("fee", ("Phí", "TV"), 9),
    "sign": Column("sign", ("Ký", ""), 7),
}
_KEYS = {
    (GroupKind.VSLA, "A6"): ("date", "shares", "savings", "savings_balance", "loan_taken",
                             "repaid", "loan_balance", "social_fund", "sign"),
    (GroupKind.VSLA, "A5"): ("date", "shares", "savings", "savings_balance", "loan_taken",
                             "repaid", "interest", "loan_balance", "social_fund", "sign"),
    (GroupKind.ASCA, "A6"): ("date", "savings", "savings_balance", "loan_taken", "repaid",
                             "loan_balance", "social_fund", "sign"),
    (GroupKind.ASCA, "A5"): ("date", "savings", "savings_balance", "loan_taken", "repaid",
                             "interest", "loan_balance", "social_fund", "sign"),
    (GroupKind.ISHC, "A6"): ("date", "fee", "social_fund", "loan_taken", "repaid", "interest",
                             "loan_balance", "sign"),
    (GroupKind.ISHC, "A5"): ("date", "fee", "social_fund", "loan_taken", "repaid", "interest",
                             "loan_balance", "sign"),
}


def columns_for(kind: GroupKind, fmt: BookletFormat) -> list[tuple[Column, float, float]]:
    """The columns of a booklet as (column, left x mm, width mm)."""
    chosen = [_COLUMNS[key] for key in _KEYS[(kind, fmt.name)]]
    usable = fmt.width - 2 * fmt.margin
    total = sum(column.weight for column in chosen)
    placed, x = [], fmt.margin
    for column in chosen:
        width = usable * column.weight / total
        placed.append((column, x, width))
        x += width
    return placed


@dataclass(frozen=True)
class LinePosition:
    page: int  # booklet page, from 0
    row: int  # row on that page, from 0
    baseline: float  # mm from the page's bottom edge, before printer offsets


def line_position(fmt: BookletFormat, index: int) -> LinePosition:
    """Where line ``index`` (from 0) of a booklet is printed."""
    page, row = divmod(index, fmt.lines_per_page)
    top = fmt.first_line_top + row * fmt.line
    return LinePosition(page, row, fmt.height - top - fmt.line * 0.68)


@lru_cache(maxsize=8192)
def _amount(value: int) -> str:
    # babel's formatting is the slowest step of a thousand-page batch, and amounts repeat.
    return format_amount(value)


def _cell_text(key: str, line: PassbookLine, fmt: BookletFormat) -> str:
    if key == "date":
        day = line.date
        year = f"{day.year:04d}" if fmt.long_dates else f"{day.year % 100:02d}"
        return f"{day.day:02d}/{day.month:02d}/{year}"
    if key == "sign":
        return ""
    value = getattr(line, key)
    if key == "savings_balance":
        return _amount(value)  # a balance of 0 is worth showing
    if key == "loan_balance":
        moved = line.loan_taken or line.repaid or line.written_off
        return _amount(value) if value or moved else ""
    if key == "shares":
        return str(value) if value else ""
    return _amount(value) if value else ""


def line_label(line: PassbookLine) -> tuple[str, str] | None:
    """The word naming a line made outside a meeting, and the amount under it."""
    label = LINE_LABEL.get(line.kind)
    if label is None:
        return None
    amount = line.written_off if line.kind == LineKind.WRITE_OFF else line.payout
    return label, _amount(amount)


def _label_column(line: PassbookLine, columns: list[tuple[Column, float, float]]) -> str | None:
    keys = {column.key for column, _x, _width in columns}
    return next((key for key in LABEL_COLUMNS.get(line.kind, ()) if key in keys), None)


@dataclass(frozen=True)
class _Cell:
    """Where one column's text goes on the page, worked out once per booklet format."""

    key: str
    room: float  # points between the cell's paddings
    left: float  # the padded left edge (dates)
    right: float  # the padded right edge (amounts)
    center: float  # the middle (shares)
    x: float  # the column's left edge, mm
    width: float  # its width, mm


@dataclass(frozen=True)
class _Header:
    """A booklet's header, fitted once for all its pages: (text, font size) of each part."""

    title: tuple[str, float]
    code: tuple[str, float]
    name: tuple[str, float]
    name_x: float  # where the name starts, after "Thành viên: "


class BookletPrinter:
    """Draws booklet pages on one canvas, shifted by the printer offsets.

    A thousand pages must come out in about the time reportlab takes to draw their strings:
    the grid and column headings, the same on every page of a format, are drawn once as a
    form that each page shows; a booklet's header is fitted once for all its pages; each
    column's place once per format; and the width of each string once."""

    def __init__(self, canvas: Canvas, settings: PrintSettings) -> None:
        self.c = canvas
        self.dx = settings.offset_x_mm * mm
        self.dy = -settings.offset_y_mm * mm
        self._grids: dict[tuple[str, tuple[str, ...]], str] = {}
        self._cells: dict[tuple[str, tuple[str, ...]], list[_Cell]] = {}
        self._widths: dict[tuple[str, str, float], float] = {}
        self._headers: dict[tuple[int, str, str, str, str, float], _Header] = {}
        register_fonts(SANS, SANS_BOLD)
        self._font = getFont(SANS)
        self._codes: dict[str, list[tuple[int, str]]] = {}
        self._subsets: dict[int, str] = {}
        # A cell's text at a row: its size, its origin and show operators (amounts repeat).
        self._placed: dict[tuple[str, int, str, float], tuple[float, str,
                                                              list[tuple[int, str]]]] = {}

    def x(self, millimetres: float) -> float:
        return millimetres * mm + self.dx

    def y_from_top(self, fmt: BookletFormat, millimetres: float) -> float:
        return (fmt.height - millimetres) * mm + self.dy

    def _width(self, text: str, font: str, size: float) -> float:
        key = (text, font, size)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = stringWidth(text, font, size)
        return found

    def _fitted(self, text: str, font: str, size: float, room: float) -> tuple[str, float]:
        return fit_line(nfc(text), font, size, room, round(size * SMALLEST, 2))

    def _header(self, book: Passbook, fmt: BookletFormat, page_label: str) -> _Header:
        """The group's and the member's names fitted between the margin and what stands at
        the right (shrunk, then cut short): never over the page number or off the page.
        Worked out again only when the page number takes another width."""
        room_taken = width_of(page_label, SANS, fmt.font_size)
        key = (book.member_id, book.code, book.name, book.group_name, fmt.name, room_taken)
        found = self._headers.get(key)
        if found is not None:
            return found
        left, right = fmt.margin, fmt.width - fmt.margin
        usable = (right - left) * mm
        gap = 2 * mm
        size = fmt.font_size + 1
        title = self._fitted(f"{TITLE} - {book.group_name}", SANS_BOLD, size,
                             usable - room_taken - gap)
        code = self._fitted(CODE_LABEL + book.code, SANS, fmt.font_size, usable * 0.5)
        label = width_of(MEMBER_LABEL, SANS, fmt.font_size)
        room = usable - label - width_of(code[0], SANS, code[1]) - gap
        name = self._fitted(book.name, SANS_BOLD, size, room)
        found = self._headers[key] = _Header(title, code, name, self.x(left) + label)
        return found

    def page_frame(self, book: Passbook, fmt: BookletFormat, page: int,
                   columns: list[tuple[Column, float, float]]) -> None:
        """Header, column headings and the rules of every row of a fresh booklet page."""
        c = self.c
        grid = self._grid(fmt, columns)
        left, right = fmt.margin, fmt.width - fmt.margin
        size = fmt.font_size + 1
        y1 = self.y_from_top(fmt, fmt.top + size * 0.42)
        page_label = BOOKLET_PAGE.format(page=page + 1)
        header = self._header(book, fmt, page_label)
        c.setFont(SANS, fmt.font_size)
        c.drawRightString(self.x(right), y1, page_label)
        (title, title_size), (code, code_size) = header.title, header.code
        c.setFont(SANS_BOLD, title_size)
        c.drawString(self.x(left), y1, title)
        y2 = self.y_from_top(fmt, fmt.top + fmt.header * 0.62)
        c.setFont(SANS, code_size)
        c.drawRightString(self.x(right), y2, code)
        c.setFont(SANS, fmt.font_size)
        c.drawString(self.x(left), y2, MEMBER_LABEL)
        name, name_size = header.name
        c.setFont(SANS_BOLD, name_size)
        c.drawString(header.name_x, y2, name)
        c.doForm(grid)

    def _grid(self, fmt: BookletFormat, columns: list[tuple[Column, float, float]]) -> str:
        """The form holding a format's rules and column headings, made the first time it is
        wanted (before anything else is drawn on that page)."""
        key = (fmt.name, tuple(column.key for column, _x, _width in columns))
        name = self._grids.get(key)
        if name is not None:
            return name
        name = f"BookletGrid{len(self._grids)}"
        c = self.c
        c.beginForm(name)
        left, right = fmt.margin, fmt.width - fmt.margin
        top = fmt.top + fmt.header
        bottom = fmt.first_line_top + fmt.lines_per_page * fmt.line
        c.setLineWidth(0.6)
        c.setStrokeColor(colors.black)
        c.rect(self.x(left), self.y_from_top(fmt, bottom), (right - left) * mm,
               (bottom - top) * mm)
        c.line(self.x(left), self.y_from_top(fmt, fmt.first_line_top), self.x(right),
               self.y_from_top(fmt, fmt.first_line_top))
        c.setLineWidth(0.3)
        for _column, x, _width in columns[1:]:
            c.line(self.x(x), self.y_from_top(fmt, top), self.x(x), self.y_from_top(fmt, bottom))
        c.setStrokeColor(colors.grey)
        for row in range(1, fmt.lines_per_page):
            y = self.y_from_top(fmt, fmt.first_line_top + row * fmt.line)
            c.line(self.x(left), y, self.x(right), y)
        c.setStrokeColor(colors.black)
        c.setFont(SANS_BOLD, fmt.heading_size)
        for column, x, width in columns:
            center = self.x(x + width / 2)
            first, second = column.heading
            if second:
                c.drawCentredString(center, self.y_from_top(fmt, top + fmt.heading * 0.42),
                                    first)
                c.drawCentredString(center, self.y_from_top(fmt, top + fmt.heading * 0.85),
                                    second)
            else:
                c.drawCentredString(center, self.y_from_top(fmt, top + fmt.heading * 0.65),
                                    first)
        c.endForm()
        self._grids[key] = name
        return name

    def prepare(self, fmt: BookletFormat, columns: list[tuple[Column, float, float]]) -> None:
        """Make the format's grid before a page of it is begun (a form is drawn apart from
        the page, and is best made while the page is still empty)."""
        self._grid(fmt, columns)

    def continued(self, book: Passbook, fmt: BookletFormat, page: int, row: int) -> None:
        """Under the grid of a continued page, small and grey: whose booklet this is, which
        of its pages, and from which line, for the clerk feeding the printer."""
        c = self.c
        bottom = fmt.first_line_top + fmt.lines_per_page * fmt.line
        size = fmt.heading_size
        text, fitted = self._fitted(CONTINUED.format(code=book.code, name=book.name,
                                                     page=page + 1, line=row + 1),
                                    SANS, size, (fmt.width - 2 * fmt.margin) * mm)
        c.setFillColor(colors.dimgrey)
        c.setFont(SANS, fitted)
        c.drawString(self.x(fmt.margin), self.y_from_top(fmt, bottom + 3), text)
        c.setFillColor(colors.black)

    def _cells_of(self, fmt: BookletFormat,
                  columns: list[tuple[Column, float, float]]) -> list[_Cell]:
        key = (fmt.name, tuple(column.key for column, _x, _width in columns))
        found = self._cells.get(key)
        if found is None:
            pad = 0.8
            found = self._cells[key] = [
                _Cell(column.key, (width - 2 * pad) * mm, self.x(x + pad),
                      self.x(x + width - pad), self.x(x + width / 2), x, width)
                for column, x, width in columns]
        return found

    def _shown(self, text: str) -> list[tuple[int, str]]:
        """``text`` as the operands of its show-text operators: (subset, escaped codes) of
        each run of letters in one subset of the font, worked out once per document."""
        found = self._codes.get(text)
        if found is None:
            doc = self.c._doc  # the document whose font subsets hold the codes
            found = self._codes[text] = [
                (subset, escapePDF(codes)) for subset, codes in self._font.splitString(text, doc)]
        return found

    def _font_name(self, subset: int) -> str:
        found = self._subsets.get(subset)
        if found is None:
            found = self._subsets[subset] = self._font.getSubsetInternalName(subset, self.c._doc)
        return found

    def line(self, fmt: BookletFormat, index: int, line: PassbookLine,
             columns: list[tuple[Column, float, float]]) -> None:
        """One booklet line, in a single text object (BT…ET) written straight into the page:
        a thousand pages of lines is where the time goes, and each string's codes and width
        are known after its first drawing (reportlab's text object would work them out for
        every cell again)."""
        y = round(line_position(fmt, index).baseline * mm + self.dy, 2)
        code = ["BT"]
        current = (-1, 0.0)  # the subset and size last set
        label = line_label(line)
        labelled = _label_column(line, columns) if label else None

        def show(text: str, size: float, left: float, baseline: float) -> None:
            nonlocal current
            code.append(f"1 0 0 1 {fp_str(left, baseline)} Tm")
            for subset, escaped in self._shown(text):
                if (subset, size) != current:
                    code.append(f"{self._font_name(subset)} {fp_str(size)} Tf")
                    current = (subset, size)
                code.append(f"({escaped}) Tj")

        for number, cell in enumerate(self._cells_of(fmt, columns)):
            room = cell.room
            if cell.key == labelled and label is not None:
                # Two small lines in the cell: what the line is, then the amount.
                top = fmt.height - (fmt.first_line_top + line_position(fmt, index).row
                                    * fmt.line)
                for text, share, align_right in ((label[0], 0.42, False),
                                                 (label[1], 0.85, True)):
                    fitted, size = fit_line(text, SANS, fmt.font_size * 0.9, room,
                                            round(fmt.font_size * SMALLEST * 0.9, 2))
                    left = (cell.right - self._width(fitted, SANS, size)
                            if align_right else cell.left)
                    baseline = (top - share * fmt.line) * mm + self.dy
                    show(fitted, size, round(left, 2), round(baseline, 2))
                continue
            text = _cell_text(cell.key, line, fmt)
            if not text or (label is not None and cell.key in ("shares", "savings")):
                continue
            placed = self._placed.get((fmt.name, number, text, y))
            if placed is None:
                size = fmt.font_size
                text_width = self._width(text, SANS, size)
                if text_width > room:  # a large amount: shrink rather than overflow the rule
                    size = round(size * room / text_width, 2)
                    text_width = self._width(text, SANS, size)
                if cell.key == "date":
                    left = cell.left
                elif cell.key == "shares":
                    left = cell.center - text_width / 2
                else:
                    left = cell.right - text_width
                placed = self._placed[(fmt.name, number, text, y)] = (
                    size, f"1 0 0 1 {fp_str(round(left, 2), y)} Tm",
                    [(subset, f"({escaped}) Tj") for subset, escaped in self._shown(text)])
            size, origin, shows = placed
            code.append(origin)
            for subset, shown in shows:
                if (subset, size) != current:
                    code.append(f"{self._font_name(subset)} {fp_str(size)} Tf")
                    current = (subset, size)
                code.append(shown)
        code.append("ET")
        self.c.addLiteral(" ".join(code))


@dataclass(frozen=True)
class PassbookPdf:
    """The PDF, its page count, and the booklets it prints into (hand them to
    ``models.passbook.mark_printed`` once the clerk confirms the print); ``refused``: the
    booklets not printed because a line already in them has changed since."""

    data: bytes
    pages: int
    books: list[Passbook]
    refused: list[Passbook] = field(default_factory=list)


def _format_of(book: Passbook) -> BookletFormat:
    return FORMATS.get(book.page_format, A6_BOOKLET)


def booklet_canvas(buffer: io.BytesIO, fmt: BookletFormat) -> Canvas:
    """A canvas for booklet pages whose only fonts are the bundled ones (the canvas would
    otherwise start every page in Helvetica, listed in the PDF though never drawn)."""
    register_fonts(SANS, SANS_BOLD)
    return Canvas(buffer, pagesize=(fmt.width * mm, fmt.height * mm), pageCompression=1,
                  initialFontName=SANS, initialFontSize=fmt.font_size)


def render_passbooks(books: Sequence[Passbook], settings: PrintSettings, *,
                     progress: Progress = SILENT) -> PassbookPdf:
    """The new lines of every booklet (all lines of a booklet with ``lines_printed == 0``),
    each booklet from its own page, only as far as the last closed meeting. Booklets with
    nothing new are left out; booklets holding a line that has changed are refused."""
    buffer = io.BytesIO()
    canvas = booklet_canvas(buffer, A6_BOOKLET)
    canvas.setTitle(TITLE)
    canvas.setCreator(CREATOR)
    canvas.setAuthor(CREATOR)
    printer = BookletPrinter(canvas, settings)
    pages, printed = 0, []
    refused = [book for book in books if book.blocked]
    wanted = [book for book in books if book.has_new_lines and not book.blocked]
    for number, book in enumerate(wanted, start=1):
        fmt = _format_of(book)
        columns = columns_for(book.group_kind, fmt)
        start, count = book.lines_printed, book.printable_count
        per_page = fmt.lines_per_page
        for page in range(start // per_page, (count - 1) // per_page + 1):
            canvas.setPageSize((fmt.width * mm, fmt.height * mm))
            first = page * per_page
            if first >= start:
                printer.prepare(fmt, columns)
                printer.page_frame(book, fmt, page, columns)
            else:
                printer.continued(book, fmt, page, start - first)
            for index in range(max(start, first), min(count, first + per_page)):
                printer.line(fmt, index, book.lines[index], columns)
            canvas.showPage()
            pages += 1
        printed.append(book)
        progress.step(number, len(wanted), nfc(book.name))
    if not printed:
        return PassbookPdf(b"", 0, [], refused)
    canvas.save()
    return PassbookPdf(buffer.getvalue(), pages, printed, refused)


def make_passbooks(session: Session, group: Group, settings: PrintSettings, *,
                   member_ids: Sequence[int] | None = None, reprint: bool = False,
                   from_page: int | None = None, progress: Progress = SILENT) -> PassbookPdf:
    """Query and print the passbooks of a group (or of the members named): the new lines
    only, every line from page 1 with ``reprint``, or from booklet page ``from_page``."""
    books = group_passbooks(session, group, member_ids, default_format=settings.passbook_format,
                            reprint=reprint, from_page=from_page)
    return render_passbooks(books, settings, progress=progress)
