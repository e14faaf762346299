"""The passbook printer's calibration page (A6 or A5, on plain paper): millimetre rulers and,
shifted by the printer offsets, the header zone, the column rules and every numbered line
slot, to lay over a booklet and read how far the printer is off."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.models.collation import nfc
from desktop.models.enums import GroupKind
from desktop.models.print_settings import PrintSettings
from desktop.printing import CREATOR
from desktop.printing.fonts import SANS
from desktop.printing.passbook import (
    FORMATS,
    BookletFormat,
    BookletPrinter,
    booklet_canvas,
    columns_for,
    line_position,
)


def calibration_page(format_name: str, settings: PrintSettings) -> bytes:
    """A page to print on plain paper and lay over a booklet: millimetre rulers along the
    top and left edges (not shifted), and, shifted by the current offsets, the header zone,
    the column rules and every numbered line slot."""
    fmt = FORMATS[format_name]
    buffer = io.BytesIO()
    canvas = booklet_canvas(buffer, fmt)
    canvas.setTitle(nfc(f"Trang hiệu chỉnh máy in - sổ {fmt.name}"))
    canvas.setCreator(CREATOR)
    _rulers(canvas, fmt)
    printer = BookletPrinter(canvas, settings)
    columns = columns_for(GroupKind.VSLA, fmt)
    canvas.setStrokeColor(colors.blue)
    canvas.setFillColor(colors.blue)
    canvas.setLineWidth(0.4)
    left, right = fmt.margin, fmt.width - fmt.margin
    canvas.rect(printer.x(left), printer.y_from_top(fmt, fmt.top + fmt.header),
                (right - left) * mm, fmt.header * mm)
    canvas.setFont(SANS, fmt.font_size)
    canvas.drawString(printer.x(left + 1), printer.y_from_top(fmt, fmt.top + fmt.header * 0.4),
                      nfc(f"Trang hiệu chỉnh - sổ {fmt.name}, {fmt.lines_per_page} dòng/trang"))
    canvas.drawString(printer.x(left + 1), printer.y_from_top(fmt, fmt.top + fmt.header * 0.8),
                      nfc(f"Độ lệch: ngang {settings.offset_x_mm:+.1f} mm, "
                          f"dọc {settings.offset_y_mm:+.1f} mm"))
    top = fmt.top + fmt.header
    bottom = fmt.first_line_top + fmt.lines_per_page * fmt.line
    for _column, x, _width in columns[1:]:
        canvas.line(printer.x(x), printer.y_from_top(fmt, top), printer.x(x),
                    printer.y_from_top(fmt, bottom))
    for row in range(fmt.lines_per_page + 1):
        y = printer.y_from_top(fmt, fmt.first_line_top + row * fmt.line)
        canvas.line(printer.x(left), y, printer.x(right), y)
    for row in range(fmt.lines_per_page):
        baseline = line_position(fmt, row).baseline * mm + printer.dy
        canvas.drawString(printer.x(left + 1), baseline, str(row + 1))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _rulers(canvas: Canvas, fmt: BookletFormat) -> None:
    """Millimetre ticks along the top and left edges: 1 mm short, 5 mm longer, 10 mm
    numbered, so the clerk can read how far the printer shifts the page."""
    canvas.setStrokeColor(colors.black)
    canvas.setFillColor(colors.black)
    canvas.setLineWidth(0.25)
    canvas.setFont(SANS, 5)
    height = fmt.height * mm
    for position in range(0, int(fmt.width) + 1):
        length = 4 if position % 10 == 0 else 2.5 if position % 5 == 0 else 1.5
        x = position * mm
        canvas.line(x, height, x, height - length * mm)
        if position % 10 == 0 and 0 < position < fmt.width - 3:
            canvas.drawCentredString(x, height - 6 * mm, str(position))
    for position in range(0, int(fmt.height) + 1):
        length = 4 if position % 10 == 0 else 2.5 if position % 5 == 0 else 1.5
        y = height - position * mm
        canvas.line(0, y, length * mm, y)
        if position % 10 == 0 and 0 < position < fmt.height - 3:
            canvas.drawString(4.4 * mm, y - 1.6, str(position))
