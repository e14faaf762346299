"""The blank group workbook (Sổ nhóm, DESIGN.md §6.2) for a group without the application,
to fill in by hand in Excel and import later with ``import-group``.

The sheets, keys and headers are exactly those of :mod:`desktop.workbooks.group_format`,
which the import reads; the template adds only what the import ignores: the notes columns
C–E of sheet ``Nhom`` (read_key_values reads columns A and B), the comments on the headers,
data validation, protection and the sheet ``HuongDan``. §6.2 has no version key and the
import knows none, so the format's version is written where the quarterly return also
writes it, in the workbook's properties, and in the instructions; not as a key of ``Nhom``
that the import would silently ignore.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import Enum
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.worksheet import Worksheet

from desktop.models.clock import today
from desktop.models.formatting import format_amount, format_rate
from desktop.workbooks import group_format as fmt
from desktop.workbooks import group_instructions as text
from desktop.workbooks.cells import Column, text_key
from desktop.workbooks.group_export import save_workbook
from desktop.workbooks.group_record import Constitution
from desktop.workbooks.sheet_style import (
    AMOUNT_FORMAT,
    COUNT_FORMAT,
    DATE_FORMAT,
    TEXT_FORMAT,
    UNLOCKED,
    add_validation,
    fit_widths,
    header_row,
    protect_sheet,
)

TEMPLATE_VERSION = fmt.FORMAT_VERSION
# Rows left open for typing under each header (more can be inserted: rows are not locked).
MEMBER_ROWS = 300
MEETING_ROWS = 5000  # 30 members × a year of weekly meetings, with room to spare
CASH_ROWS = 300
NOTE_HEADERS = ("Bắt buộc", "Mặc định", "Hướng dẫn")  # columns C–E of Nhom, not read
CODE_LIMIT = 20  # the ledger's column for group and member codes
_MUST = "có"
_VSLA_MUST = "có, với nhóm VSLA"
_NOT_MUST = "không"
_AUTHOR = "Sổ Quỹ Cộng Đồng"
_HELP_WIDTH = 80  # column E of Nhom
_INSTRUCTIONS_WIDTH = 100  # column B of HuongDan
_WIDE = {"full_name": 28, "leave_reason": 30, "note": 40}
_TOP = Alignment(vertical="top")
_TOP_WRAPPED = Alignment(wrap_text=True, vertical="top")
_EARLIEST = int(to_excel(dt.date(1990, 1, 1)))  # a date before it is surely mistyped


class _Value(Enum):
    """What a key or a column holds: its number format and its validation."""

    TEXT = "text"
    CODE = "code"
    COMMUNE_CODE = "commune_code"
    DATE = "date"
    AMOUNT = "amount"
    COUNT = "count"
    RATE = "rate"
    YEAR = "year"
    FLAG = "flag"
    CHOICE = "choice"
    MEMBER = "member"


_KEY_VALUES: Mapping[str, _Value] = {
    "code": _Value.CODE, "name": _Value.TEXT, "kind": _Value.CHOICE,
    "commune_code": _Value.COMMUNE_CODE, "commune_name": _Value.TEXT,
    "province": _Value.TEXT, "village": _Value.TEXT, "founded_on": _Value.DATE,
    "start_date": _Value.DATE, "share_value": _Value.AMOUNT, "monthly_rate": _Value.RATE,
    "interest_method": _Value.CHOICE, "social_fund_per_meeting": _Value.AMOUNT,
    "rounding_unit": _Value.CHOICE, "min_shares": _Value.COUNT, "max_shares": _Value.COUNT,
    "loan_multiple": _Value.RATE, "max_term_months": _Value.COUNT,
    "seed_capital": _Value.AMOUNT, "member_fee_per_month": _Value.AMOUNT,
    "carry_in": _Value.AMOUNT, "social_fund_in": _Value.AMOUNT, "profit_basis": _Value.CHOICE,
}
_MEMBER_VALUES: Mapping[str, _Value] = {
    "code": _Value.CODE, "full_name": _Value.TEXT, "sex": _Value.CHOICE,
    "birth_year": _Value.YEAR, "ethnicity": _Value.TEXT, "village": _Value.TEXT,
    "household": _Value.CHOICE, "role": _Value.CHOICE, "join_date": _Value.DATE,
    "leave_date": _Value.DATE, "leave_reason": _Value.TEXT, "consent_date": _Value.DATE,
    "consent_method": _Value.CHOICE, "consent_withdrawn": _Value.DATE, "phone": _Value.TEXT,
    "id_number": _Value.TEXT,
}
_MEETING_VALUES: Mapping[str, _Value] = {
    "date": _Value.DATE, "member": _Value.MEMBER, "present": _Value.FLAG,
    "shares": _Value.COUNT, **{key: _Value.AMOUNT for key in fmt.AMOUNT_KEYS},
}
_CASH_VALUES: Mapping[str, _Value] = {
    "date": _Value.DATE, "counted": _Value.AMOUNT, "note": _Value.TEXT,
}
_FORMATS: Mapping[_Value, str] = {
    _Value.TEXT: TEXT_FORMAT, _Value.CODE: TEXT_FORMAT, _Value.COMMUNE_CODE: TEXT_FORMAT,
    _Value.MEMBER: TEXT_FORMAT, _Value.DATE: DATE_FORMAT, _Value.AMOUNT: AMOUNT_FORMAT,
    _Value.COUNT: COUNT_FORMAT, _Value.YEAR: COUNT_FORMAT, _Value.FLAG: COUNT_FORMAT,
}


def _role_words() -> list[str]:
    """Every role word the export writes, a group's and a club's, each once."""
    words = [word for role in fmt.ROLE_WORDS
             for word in (fmt.ROLE_WORDS[role], fmt.CLUB_ROLE_WORDS[role])]
    return list(dict.fromkeys(words))


_CHOICES: Mapping[str, Sequence[str]] = {
    "kind": fmt.KIND_SHOWN, "interest_method": fmt.METHOD_SHOWN,
    "profit_basis": fmt.PROFIT_SHOWN,
    "rounding_unit": tuple(str(unit) for unit in fmt.ROUNDING_UNITS),
    "sex": fmt.SEX_SHOWN, "household": fmt.HOUSEHOLD_SHOWN, "role": _role_words(),
    "consent_method": fmt.CONSENT_SHOWN,
}


# The words of the format for the enumerations a default can be.
_WORDS: Mapping[str, tuple[Sequence[str], Mapping[str, object]]] = {
    "profit_basis": (fmt.PROFIT_SHOWN, fmt.PROFIT_CHOICES),
    "interest_method": (fmt.METHOD_SHOWN, fmt.METHOD_CHOICES),
}


def _shown(key: str, value: object) -> str:
    """``value`` as the template shows it: a word of the format, a rate, an amount."""
    if key in _WORDS:
        shown, choices = _WORDS[key]
        return next(word for word in shown if choices[text_key(word)] == value)
    if isinstance(value, Decimal):
        return format_rate(value)
    if isinstance(value, int):
        return format_amount(value)
    return str(value)


def key_default(key: str) -> str:
    """What the import takes when the value of ``key`` is left blank ("" when it refuses a
    blank, or keeps nothing)."""
    if key in text.MUST_FILL:
        return ""
    if key in fmt.DEFAULTS:
        return _shown(key, fmt.DEFAULTS[key])
    if key == "founded_on":
        return "bằng " + _header(fmt.GROUP_KEYS, "start_date")
    if key in Constitution.__dataclass_fields__:
        return _shown(key, getattr(Constitution(), key))
    return ""


def key_must_fill(key: str) -> str:
    """The word of column C of Nhom for ``key``."""
    if key in text.MUST_FILL:
        return _MUST
    return _VSLA_MUST if key in text.VSLA_MUST_FILL else _NOT_MUST


def _header(columns: Sequence[Column], key: str) -> str:
    return next(column.header for column in columns if column.key == key)


# --------------------------------------------------------------------------------------------
# Validation


def _validate(ws: Worksheet, cells: str, key: str, value: _Value, prompt: str,
              members_range: str = "") -> None:
    """The validation of ``cells`` for a value of kind ``value``. Dates and words are
    checked with a warning only: the import also reads a date typed as text (an Excel not
    set to Vietnamese keeps 25/02/2026 as text) and other spellings of the words."""
    if value in (_Value.AMOUNT, _Value.COUNT):
        add_validation(ws, cells, prompt, "Phải là số nguyên, không âm (số đồng chẵn).",
                       type="whole", operator="greaterThanOrEqual", formula1="0")
    elif value == _Value.YEAR:
        add_validation(ws, cells, prompt, f"Năm sinh là số có 4 chữ số, từ 1900 đến "
                       f"{today().year}.", type="whole", operator="between",
                       formula1="1900", formula2=str(today().year))
    elif value == _Value.RATE:
        add_validation(ws, cells, prompt, "Phải là một số không âm, ví dụ 2 hoặc 1,5.",
                       type="decimal", operator="greaterThanOrEqual", formula1="0")
    elif value == _Value.DATE:
        add_validation(ws, cells, prompt, "Phải là một ngày, dạng ngày/tháng/năm, ví dụ "
                       "05/02/2026.", type="date", operator="greaterThanOrEqual",
                       formula1=str(_EARLIEST), errorStyle="warning")
    elif value == _Value.FLAG:
        add_validation(ws, cells, prompt, "Ghi 1 (có mặt) hoặc 0 (vắng mặt).", type="list",
                       formula1='"1,0"')
    elif value == _Value.CHOICE:
        words = _CHOICES[key]
        add_validation(ws, cells, prompt, "Nên chọn một trong: " + ", ".join(words) + ".",
                       type="list", formula1='"' + ",".join(words) + '"',
                       errorStyle="warning")
    elif value == _Value.COMMUNE_CODE:
        add_validation(ws, cells, prompt, "Mã xã phải có đúng 5 chữ số.", type="textLength",
                       operator="equal", formula1="5")
    elif value == _Value.CODE and ":" in cells:  # a column of codes: each one once
        first, last = cells.split(":")
        letter = first.rstrip("0123456789")
        span = f"${letter}${first[len(letter):]}:${letter}${last[len(letter):]}"
        add_validation(ws, cells, prompt, f"Mã đã có ở dòng khác, hoặc dài quá {CODE_LIMIT} "
                       "ký tự.", type="custom",
                       formula1=f"AND(LEN({first})<={CODE_LIMIT},COUNTIF({span},{first})<=1)")
    elif value == _Value.CODE:
        add_validation(ws, cells, prompt, f"Mã dài tối đa {CODE_LIMIT} ký tự.",
                       type="textLength", operator="lessThanOrEqual", formula1=str(CODE_LIMIT))
    elif value == _Value.MEMBER:
        add_validation(ws, cells, prompt, "Mã TV này chưa có ở trang ThanhVien.", type="list",
                       formula1=members_range)
    else:
        add_validation(ws, cells, prompt, "")  # free text: the prompt only


# --------------------------------------------------------------------------------------------
# Sheets


def _wrapped(ws: Worksheet, row: int, column: int, value: str, width: int) -> None:
    """Write ``value`` wrapped in a column ``width`` characters wide, the row tall enough for
    it: Excel does not grow a row for wrapped text it did not lay out itself."""
    cell = ws.cell(row, column, value)
    cell.alignment = _TOP_WRAPPED
    lines = max(math.ceil(len(value) / width), 1)
    current = ws.row_dimensions[row].height or 15
    ws.row_dimensions[row].height = max(current, 15 * lines)


def _group_sheet(ws: Worksheet) -> None:
    ws.title = fmt.GROUP_SHEET
    header_row(ws, (*fmt.GROUP_KEY_HEADER, *NOTE_HEADERS))
    for row, column in enumerate(fmt.GROUP_KEYS, start=2):
        value = _KEY_VALUES[column.key]
        must = key_must_fill(column.key)
        ws.cell(row, 1, column.header).font = Font(bold=must != _NOT_MUST)
        cell = ws.cell(row, 2)
        cell.protection = UNLOCKED
        cell.number_format = _FORMATS.get(value, "General")
        ws.cell(row, 3, must)
        ws.cell(row, 4, key_default(column.key))
        for index in range(1, 5):  # level with the first line of the wrapped help
            ws.cell(row, index).alignment = _TOP
        _wrapped(ws, row, 5, text.KEY_HELP[column.key], _HELP_WIDTH)
        _validate(ws, f"B{row}", column.key, value, text.KEY_HELP[column.key])
    fit_widths(ws, maximum=40)
    ws.column_dimensions["B"].width = 26
    ws.column_dimensions["E"].width = _HELP_WIDTH
    protect_sheet(ws)


def _table_sheet(ws: Worksheet, columns: Sequence[Column], values: Mapping[str, _Value],
                 helps: Mapping[str, str], rows: int, *, freeze: str = "A2",
                 members_range: str = "") -> None:
    """A header row with a comment on each header; under it, ``rows`` open rows with each
    column's number format and validation (a column style, not thousands of empty cells)."""
    header_row(ws, [column.header for column in columns], landscape=len(columns) > 5)
    last = rows + 1
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        ws.cell(1, index).comment = Comment(helps[column.key], _AUTHOR, width=260, height=110)
        dimension = ws.column_dimensions[letter]
        dimension.protection = UNLOCKED
        value = values[column.key]
        if value in _FORMATS:
            dimension.number_format = _FORMATS[value]
        _validate(ws, f"{letter}2:{letter}{last}", column.key, value, helps[column.key],
                  members_range)
    fit_widths(ws, minimum=10, maximum=40)  # every header on one line
    for index, column in enumerate(columns, start=1):
        if column.key in _WIDE:  # names and notes are longer than their headers
            ws.column_dimensions[get_column_letter(index)].width = _WIDE[column.key]
    ws.freeze_panes = freeze
    protect_sheet(ws)


def _instructions() -> list[tuple[str, str, bool]]:
    """The lines of sheet HuongDan: (label in column A, text in column B, heading)."""
    lines = [(f"Mẫu sổ nhóm, phiên bản {TEMPLATE_VERSION}",
              "Tệp ghi toàn bộ sổ sách chu kỳ hiện tại của một nhóm hoặc một câu lạc bộ, để "
              "nhập vào phần mềm Sổ Quỹ Cộng Đồng (lệnh import-group), để chuyển nhóm sang "
              "máy khác, hoặc để ban quản lý kiểm tra bằng Excel.", False),
             ("", "", False), ("Quy tắc chung", "", True)]
    lines += [(f"{number}.", rule, False)
              for number, rule in enumerate(text.GENERAL_HELP, start=1)]
    sheets = ((fmt.GROUP_SHEET, fmt.GROUP_KEYS, text.KEY_HELP),
              (fmt.MEMBERS_SHEET, fmt.MEMBER_COLUMNS, text.MEMBER_HELP),
              (fmt.MEETINGS_SHEET, fmt.MEETING_COLUMNS, text.MEETING_HELP),
              (fmt.CASH_SHEET, fmt.CASH_COLUMNS, text.CASH_HELP))
    for sheet, columns, helps in sheets:
        lines += [("", "", False), (f"Trang {sheet}", "", True)]
        lines += [("", paragraph, False) for paragraph in text.SHEET_HELP[sheet]]
        for index, column in enumerate(columns, start=1):
            place = (f"Ô B{index + 1}" if sheet == fmt.GROUP_SHEET  # the key's value cell
                     else f"Cột {get_column_letter(index)}")
            lines.append((place, f"{column.header}: {helps[column.key]}", False))
    lines += [("", "", False), ("Khi nào tệp bị trả lại", "", True),
              ("", "Nếu tệp có bất kỳ lỗi nào, phần mềm không nhập gì cả và liệt kê tất cả "
                   "các lỗi, mỗi lỗi ghi rõ trang và ô, ví dụ: " + text.REFUSAL_EXAMPLE
               + " Các lỗi thường gặp:", False)]
    lines += [("-", refusal, False) for refusal in text.REFUSALS]
    lines += [("", "", False), ("Sổ nhóm không ghi", "", True)]
    lines += [("", paragraph, False) for paragraph in text.NOT_CARRIED]
    return lines


def _instructions_sheet(ws: Worksheet) -> None:
    ws.title = text.INSTRUCTIONS_SHEET
    ws["A1"] = "HƯỚNG DẪN ĐIỀN SỔ NHÓM"
    ws["A1"].font = Font(bold=True, size=14)
    ws.row_dimensions[1].height = 22
    for row, (label, content, heading) in enumerate(_instructions(), start=2):
        if label:
            cell = ws.cell(row, 1, label)
            cell.font = Font(bold=heading)
            cell.alignment = _TOP
        if content:
            _wrapped(ws, row, 2, content, _INSTRUCTIONS_WIDTH)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = _INSTRUCTIONS_WIDTH
    ws.print_options.gridLines = False
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    protect_sheet(ws)


def build_template() -> Workbook:
    """The blank group workbook: instructions first, then the four sheets of the format."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    _instructions_sheet(first)
    _group_sheet(workbook.create_sheet(fmt.GROUP_SHEET))
    member_code = get_column_letter(
        [column.key for column in fmt.MEMBER_COLUMNS].index("code") + 1)
    members_range = (f"{quote_sheetname(fmt.MEMBERS_SHEET)}!${member_code}$2:"
                     f"${member_code}${MEMBER_ROWS + 1}")
    _table_sheet(workbook.create_sheet(fmt.MEMBERS_SHEET), fmt.MEMBER_COLUMNS, _MEMBER_VALUES,
                 text.MEMBER_HELP, MEMBER_ROWS, freeze="C2")
    _table_sheet(workbook.create_sheet(fmt.MEETINGS_SHEET), fmt.MEETING_COLUMNS,
                 _MEETING_VALUES, text.MEETING_HELP, MEETING_ROWS, freeze="C2",
                 members_range=members_range)
    _table_sheet(workbook.create_sheet(fmt.CASH_SHEET), fmt.CASH_COLUMNS, _CASH_VALUES,
                 text.CASH_HELP, CASH_ROWS)
    properties = workbook.properties
    properties.title = "Sổ nhóm"
    properties.subject = f"Mẫu sổ nhóm, phiên bản {TEMPLATE_VERSION}"
    properties.creator = _AUTHOR
    properties.keywords = f"so-nhom;phien-ban-{TEMPLATE_VERSION}"
    return workbook


def write_group_template(path: str | os.PathLike[str]) -> Path:
    """Write the blank group workbook for a group without the application."""
    return save_workbook(build_template(), path)
