"""The quarterly return workbook (Báo cáo quý gửi cấp trên, DESIGN.md §6.1): its format and
the writing of it — blank, for a commune that fills it by hand in Excel, or filled from a
commune's own ledger.

Sheet names, keys, headers and the instructions inside the workbook are part of the file
format, the same whatever the language of the window, so they are Vietnamese and not
translated. The reader is :mod:`desktop.workbooks.quarterly_return`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.models.returns import ReturnHeader, ReturnLine
from desktop.workbooks.cells import Column, text_key
from desktop.workbooks.sheet_style import AMOUNT_FORMAT, UNLOCKED, add_validation, protect_sheet


@lru_cache(maxsize=256)
def _header_keys(header: str, aliases: tuple[str, ...]) -> frozenset[str]:
    return frozenset({text_key(header), *(text_key(alias) for alias in aliases)})


@dataclass(frozen=True)
class ReturnColumn(Column):
    """A :class:`~desktop.workbooks.cells.Column` whose matching keys are computed once:
    ``read_table`` asks for them for every cell of the rows it searches for the header, and
    folding the same texts again there was most of the time of an import of 100 returns."""

    def keys(self) -> set[str]:
        return set(_header_keys(self.header, self.aliases))


TEMPLATE_VERSION = 1
SUPPORTED_VERSIONS = frozenset({1})
INFO_SHEET = "ThongTin"
GROUPS_SHEET = "Nhom"
TEMPLATE_ROWS = 300  # rows of the Nhom sheet left open for typing (more can be inserted)

# -- ThongTin: key in column A, value in column B, an instruction in column C ---------------
INFO_KEYS: tuple[Column, ...] = (
    ReturnColumn("commune_code", "Mã xã"),
    ReturnColumn("commune_name", "Tên xã", required=False, aliases=("Tên xã/phường",)),
    ReturnColumn("province", "Tỉnh", required=False, aliases=("Tỉnh/thành phố",)),
    ReturnColumn("quarter", "Quý"),
    ReturnColumn("year", "Năm"),
    ReturnColumn("prepared_by", "Người lập", required=False, aliases=("Người lập biểu",)),
    ReturnColumn("prepared_on", "Ngày lập", required=False),
    ReturnColumn("version", "Phiên bản mẫu", aliases=("Phiên bản",)),
)
INFO_HEADER = ("Mục", "Giá trị", "Hướng dẫn")
INFO_HELP = {
    "commune_code": "Mã xã gồm đúng 5 chữ số theo danh mục đơn vị hành chính, ví dụ 04321.",
    "commune_name": "Tên xã hoặc phường, ví dụ Xã Yên Bình.",
    "province": "Tên tỉnh hoặc thành phố trực thuộc trung ương.",
    "quarter": "Số của quý báo cáo: 1, 2, 3 hoặc 4.",
    "year": "Năm báo cáo, 4 chữ số, ví dụ 2026.",
    "prepared_by": "Họ và tên người lập biểu.",
    "prepared_on": "Ngày lập biểu, dạng ngày/tháng/năm, ví dụ 05/10/2026.",
    "version": "Phiên bản của mẫu. Không sửa ô này.",
}

# -- Nhom: header in row 1, one group per row -----------------------------------------------
GROUP_COLUMNS: tuple[Column, ...] = (
    ReturnColumn("code", "Mã nhóm"),
    ReturnColumn("name", "Tên nhóm", aliases=("Tên nhóm/CLB", "Tên CLB")),
    ReturnColumn("kind", "Loại", aliases=("Loại nhóm",)),
    ReturnColumn("village", "Thôn", required=False, aliases=("Thôn/bản", "Thôn, bản")),
    ReturnColumn("members", "Số thành viên", aliases=("Số TV", "Tổng số thành viên")),
    ReturnColumn("female", "Nữ", aliases=("Số nữ", "Thành viên nữ", "Trong đó nữ")),
    ReturnColumn("poor", "Hộ nghèo, cận nghèo",
                 aliases=("Hộ nghèo và cận nghèo", "Hộ nghèo/cận nghèo", "Nghèo, cận nghèo")),
    ReturnColumn("elderly", "Người cao tuổi", aliases=("NCT", "Số người cao tuổi")),
    ReturnColumn("meetings", "Số buổi họp", aliases=("Số buổi sinh hoạt",)),
    ReturnColumn("attendance", "Tỷ lệ tham dự (%)",
                 aliases=("Tỷ lệ tham dự", "Tỉ lệ tham dự (%)", "Tỉ lệ tham dự")),
    ReturnColumn("savings", "Tiết kiệm (đ)", aliases=("Tiền tiết kiệm (đ)",)),
    ReturnColumn("loans_outstanding", "Dư nợ (đ)"),
    ReturnColumn("loans_count", "Số khoản vay"),
    ReturnColumn("overdue", "Nợ quá hạn (đ)"),
    ReturnColumn("social_fund", "Quỹ xã hội (đ)", aliases=("Quỹ tương trợ (đ)",)),
    ReturnColumn("income_fund", "Quỹ tăng thu nhập (đ)"),
    ReturnColumn("cash", "Tiền mặt (đ)", aliases=("Tiền mặt tồn quỹ (đ)",)),
    ReturnColumn("dropouts", "Bỏ nhóm trong quý", aliases=("Số TV bỏ nhóm trong quý",)),
    ReturnColumn("note", "Ghi chú", required=False),
)
COUNT_KEYS = ("members", "female", "poor", "elderly", "meetings", "loans_count", "dropouts")
AMOUNT_KEYS = ("savings", "loans_outstanding", "overdue", "social_fund", "income_fund", "cash")
# A figure that is part of another: (part, whole).
PARTS = (("female", "members"), ("poor", "members"), ("elderly", "members"),
         ("overdue", "loans_outstanding"))
KIND_WORDS = ("VSLA", "ASCA", "ISHC")

GROUP_HELP = {
    "code": "Mã nhóm (hoặc mã CLB) do xã đặt; mỗi nhóm một mã, không trùng nhau.",
    "name": "Tên đầy đủ của nhóm hoặc câu lạc bộ.",
    "kind": "VSLA: nhóm tiết kiệm và vốn vay thôn bản; ASCA: nhóm tiết kiệm do cộng đồng "
            "tự quản; ISHC: câu lạc bộ Liên thế hệ tự giúp nhau.",
    "village": "Thôn (bản, ấp, tổ dân phố) nơi nhóm sinh hoạt.",
    "members": "Số thành viên còn tham gia vào ngày cuối quý.",
    "female": "Trong số thành viên: số nữ. Không lớn hơn số thành viên.",
    "poor": "Trong số thành viên: số thuộc hộ nghèo hoặc cận nghèo.",
    "elderly": "Trong số thành viên: số người cao tuổi (theo tuổi quy định của nhóm, "
               "thường từ 60 tuổi).",
    "meetings": "Số buổi họp (sinh hoạt) đã tổ chức trong quý.",
    "attendance": "Tổng số lượt có mặt chia cho (số thành viên × số buổi họp), làm tròn "
                  "đến số nguyên phần trăm; từ 0 đến 100.",
    "savings": "Tiền tiết kiệm của thành viên trong chu kỳ hiện tại, vào ngày cuối quý (đồng).",
    "loans_outstanding": "Tiền gốc còn phải thu của tất cả các khoản vay, mọi quỹ (đồng).",
    "loans_count": "Số khoản vay còn dư nợ vào ngày cuối quý.",
    "overdue": "Tiền gốc còn nợ của các khoản vay đã quá hạn trả (đồng); không lớn hơn dư nợ.",
    "social_fund": "Số dư quỹ xã hội (quỹ tương trợ) vào ngày cuối quý (đồng).",
    "income_fund": "Chỉ với CLB Liên thế hệ: tiền mặt của quỹ tăng thu nhập cộng dư nợ cho "
                   "vay từ quỹ này (đồng). Nhóm khác ghi 0.",
    "cash": "Tiền mặt trong hòm cộng tiền gửi ngân hàng, của mọi quỹ (đồng).",
    "dropouts": "Số thành viên đã ra khỏi nhóm trong quý.",
    "note": "Ghi chú (nếu có).",
}
GENERAL_HELP = (
    "HƯỚNG DẪN ĐIỀN BÁO CÁO QUÝ",
    "1. Trang ThongTin: điền giá trị vào cột B cho từng mục ở cột A. Không đổi tên các mục.",
    "2. Trang Nhom: mỗi nhóm hoặc câu lạc bộ một dòng, bắt đầu từ dòng 2. Không đổi tên "
    "trang, không đổi chữ ở dòng tiêu đề.",
    "3. Số liệu tính vào ngày cuối cùng của quý (31/3, 30/6, 30/9 hoặc 31/12).",
    "4. Số tiền ghi bằng số đồng chẵn, không ghi số âm; có thể gõ 1234567 hoặc 1.234.567.",
    "5. Nữ, hộ nghèo/cận nghèo và người cao tuổi không được lớn hơn số thành viên; nợ quá "
    "hạn không được lớn hơn dư nợ.",
    "6. Loại nhóm ghi VSLA, ASCA hoặc ISHC (hoặc tên đầy đủ bằng tiếng Việt).",
    "7. Có thể thêm cột riêng hoặc để trống dòng; tệp có lỗi sẽ bị trả lại toàn bộ kèm "
    "danh sách ô cần sửa.",
    "8. Lưu tệp dạng Excel Workbook (.xlsx), không đặt mật khẩu.",
)

_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")  # light grey: prints well in black
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(bold=True)


def _header(cell: object) -> None:
    cell.font = _BOLD  # type: ignore[attr-defined]
    cell.fill = _HEADER_FILL  # type: ignore[attr-defined]
    cell.border = _BORDER  # type: ignore[attr-defined]
    cell.alignment = Alignment(horizontal="center", vertical="center",  # type: ignore[attr-defined]
                               wrap_text=True)


def _info_sheet(sheet: Worksheet, header: ReturnHeader | None) -> None:
    sheet.title = INFO_SHEET
    for index, text in enumerate(INFO_HEADER, start=1):
        sheet.cell(row=1, column=index, value=text)
        _header(sheet.cell(row=1, column=index))
    values: dict[str, object] = {"version": TEMPLATE_VERSION}
    if header is not None:
        values.update(commune_code=header.commune_code, commune_name=header.commune_name,
                      province=header.province, quarter=header.quarter, year=header.year,
                      prepared_by=header.prepared_by, prepared_on=header.prepared_on)
    for row, key in enumerate(INFO_KEYS, start=2):
        sheet.cell(row=row, column=1, value=key.header).font = _BOLD
        value_cell = sheet.cell(row=row, column=2, value=values.get(key.key))
        value_cell.border = _BORDER
        if key.key != "version":
            value_cell.protection = UNLOCKED
        if key.key == "commune_code":
            value_cell.number_format = "@"  # keep the leading zero of 04321
        if key.key == "prepared_on":
            value_cell.number_format = "dd/mm/yyyy"
        sheet.cell(row=row, column=3, value=INFO_HELP[key.key]).alignment = Alignment(
            wrap_text=True, vertical="top")
    rows = {key.key: f"B{row}" for row, key in enumerate(INFO_KEYS, start=2)}
    add_validation(sheet, rows["commune_code"], INFO_HELP["commune_code"],
                   "Mã xã phải có đúng 5 chữ số.", type="textLength", operator="equal",
                   formula1="5")
    add_validation(sheet, rows["quarter"], INFO_HELP["quarter"], "Quý là 1, 2, 3 hoặc 4.",
                   type="whole", operator="between", formula1="1", formula2="4")
    add_validation(sheet, rows["year"], INFO_HELP["year"], "Năm phải từ 2000 đến 2100.",
                   type="whole", operator="between", formula1="2000", formula2="2100")
    add_validation(sheet, rows["prepared_on"], INFO_HELP["prepared_on"],
                   "Ngày lập phải là một ngày, dạng ngày/tháng/năm.", type="date",
                   operator="greaterThan", formula1="36526")  # 01/01/2000
    first_help = len(INFO_KEYS) + 3
    for offset, line in enumerate(GENERAL_HELP):
        cell = sheet.cell(row=first_help + offset, column=1, value=line)
        if offset == 0:
            cell.font = _BOLD
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 70
    sheet.freeze_panes = "A2"
    protect_sheet(sheet)


def _group_sheet(sheet: Worksheet, lines: Sequence[ReturnLine]) -> None:
    letters = {column.key: get_column_letter(index)
               for index, column in enumerate(GROUP_COLUMNS, start=1)}
    for index, column in enumerate(GROUP_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        _header(cell)
        cell.comment = Comment(GROUP_HELP[column.key], "Sổ Quỹ Cộng Đồng", width=260, height=110)
        # Wide enough for the header on one line and for an amount such as 1.234.567.890.
        minimum = 15 if column.key in AMOUNT_KEYS else 9
        sheet.column_dimensions[letters[column.key]].width = max(len(column.header) + 3, minimum)
    sheet.column_dimensions[letters["name"]].width = 32
    sheet.column_dimensions[letters["note"]].width = 30
    sheet.row_dimensions[1].height = 32
    last = max(TEMPLATE_ROWS, len(lines) + 1)
    formats = {key: AMOUNT_FORMAT for key in AMOUNT_KEYS} | {"code": "@"}
    for column in GROUP_COLUMNS:
        # A column style (not thousands of styled empty cells): Excel applies it to every
        # cell typed in the column, and the file stays small and quick to read.
        dimension = sheet.column_dimensions[letters[column.key]]
        dimension.protection = UNLOCKED
        if column.key in formats:
            dimension.number_format = formats[column.key]
    for row, line in enumerate(lines, start=2):
        for index, column in enumerate(GROUP_COLUMNS, start=1):
            value = getattr(line, column.key)
            cell = sheet.cell(row=row, column=index,
                              value=str(value) if column.key == "kind" else value)
            cell.protection = UNLOCKED
            if column.key in formats:
                cell.number_format = formats[column.key]
    span = f"2:{last}"

    def cells(key: str) -> str:
        start, end = span.split(":")
        return f"{letters[key]}{start}:{letters[key]}{end}"

    code = letters["code"]
    add_validation(sheet, cells("code"), GROUP_HELP["code"], "Mã nhóm này đã có ở dòng khác.",
                   type="custom", formula1=f"COUNTIF(${code}$2:${code}${last},{code}2)<=1")
    add_validation(sheet, cells("kind"), GROUP_HELP["kind"], "Loại nhóm là VSLA, ASCA hoặc ISHC.",
                   type="list", formula1='"' + ",".join(KIND_WORDS) + '"')
    parts = dict(PARTS)
    for key in (*COUNT_KEYS, *AMOUNT_KEYS):
        if key in parts:
            whole = GROUP_COLUMNS[[c.key for c in GROUP_COLUMNS].index(parts[key])].header
            add_validation(sheet, cells(key), GROUP_HELP[key],
                           f"Phải là số nguyên từ 0 đến {whole}.", type="whole",
                           operator="between", formula1="0", formula2=f"{letters[parts[key]]}2")
        else:
            add_validation(sheet, cells(key), GROUP_HELP[key], "Phải là số nguyên, không âm.",
                           type="whole", operator="greaterThanOrEqual", formula1="0")
    add_validation(sheet, cells("attendance"), GROUP_HELP["attendance"],
                   "Tỷ lệ tham dự là số nguyên từ 0 đến 100.", type="whole", operator="between",
                   formula1="0", formula2="100")
    sheet.freeze_panes = "C2"  # the header and the group's code and name stay in view
    sheet.auto_filter.ref = f"A1:{letters['note']}{max(len(lines) + 1, 2)}"
    protect_sheet(sheet)


def build_workbook(header: ReturnHeader | None = None,
                   lines: Sequence[ReturnLine] = ()) -> Workbook:
    """The return workbook: blank (``header`` ``None``), or filled."""
    workbook = Workbook()
    _info_sheet(workbook.active, header)
    _group_sheet(workbook.create_sheet(GROUPS_SHEET), lines)
    properties = workbook.properties
    properties.title = "Báo cáo quý gửi cấp trên"
    properties.subject = f"Mẫu báo cáo quý, phiên bản {TEMPLATE_VERSION}"
    properties.creator = "Sổ Quỹ Cộng Đồng"
    properties.keywords = f"bao-cao-quy;phien-ban-{TEMPLATE_VERSION}"
    return workbook


def write_template(path: str | os.PathLike[str]) -> Path:
    """Write the blank return for a commune without the application."""
    target = Path(path)
    build_workbook().save(target)
    return target


def write_return(path: str | os.PathLike[str], header: ReturnHeader,
                 lines: Sequence[ReturnLine]) -> Path:
    """Write a filled return (same layout as the template)."""
    target = Path(path)
    build_workbook(header, lines).save(target)
    return target
