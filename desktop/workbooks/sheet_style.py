"""The look and the guard rails shared by the workbooks the application writes: number
formats, header rows, column widths, data validation and sheet protection.

Used by the group workbook (export and blank template) and by the quarterly return. Texts
put into the cells (prompts, error messages) are given by the caller: they belong to each
file format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "dd/mm/yyyy"
AMOUNT_FORMAT = "#,##0"  # 1.234.567 in a Vietnamese Excel
COUNT_FORMAT = "0"
TEXT_FORMAT = "@"  # keeps a code such as 04321 or 01 as typed
UNLOCKED = Protection(locked=False)

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def header_row(ws: Worksheet, headers: Sequence[str], *, landscape: bool = False) -> None:
    """A bold, frozen header row; printed pages as wide as the paper."""
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if landscape:
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE


def _shown_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, int) and not isinstance(value, bool):
        return len(f"{value:,}")
    return len(str(value))


def fit_widths(ws: Worksheet, minimum: int = 8, maximum: int = 40) -> None:
    """Fit each column to its widest cell, within bounds (long names wrap in Excel)."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            widths[cell.column] = max(widths.get(cell.column, 0), _shown_width(cell.value))
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = min(max(width + 2, minimum),
                                                                     maximum)


def format_cells(ws: Worksheet, column: int, number_format: str, first_row: int = 2) -> None:
    """The number format of the written cells of ``column`` from ``first_row`` down."""
    for (cell,) in ws.iter_rows(min_row=first_row, min_col=column, max_col=column):
        cell.number_format = number_format


def choice_list(ws: Worksheet, words: Iterable[str], cells: str) -> None:
    """A drop-down of the format's words; a warning, not a block (other spellings import)."""
    validation = DataValidation(type="list", formula1='"' + ",".join(words) + '"',
                                allow_blank=True, errorStyle="warning")
    validation.add(cells)
    ws.add_data_validation(validation)


def add_validation(ws: Worksheet, cells: str, prompt: str, error: str,
                   **rule: object) -> DataValidation:
    """A validation of ``cells`` showing ``prompt`` when a cell is selected and ``error``
    when the typed value breaks ``rule`` (openpyxl's ``DataValidation`` keywords: ``type``,
    ``operator``, ``formula1``, ``errorStyle``…); with no ``rule`` and no ``error``, only
    the prompt. Excel cuts prompts at 255 characters."""
    validation = DataValidation(allow_blank=True, showErrorMessage=bool(error),
                                showInputMessage=True,
                                errorTitle="Giá trị không hợp lệ" if error else None,
                                error=error or None, promptTitle="Hướng dẫn",
                                prompt=prompt[:255], **rule)
    validation.add(cells)
    ws.add_data_validation(validation)
    return validation


def protect_sheet(ws: Worksheet) -> None:
    """Lock what must not change (headers, keys); leave typing in unlocked cells, inserting
    and deleting rows, sorting and filtering free. No password: an office may still
    unprotect the sheet (Review › Unprotect Sheet)."""
    protection = ws.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.formatCells = False
    protection.insertRows = False
    protection.deleteRows = False
    protection.sort = False
    protection.autoFilter = False
