"""Quarterly return workbooks made by the tests themselves: a valid return of Xã Yên Bình for
quarter III of 2026, and the means to make it messy or broken one cell at a time.

Written with plain openpyxl (not with the application's template writer), the way another
program or a clerk's own workbook would be, so the reader is tested against files it did not
write. In the Nhom sheet the groups are HS01 (row 2), MT02 (row 3) and BM03 (row 4); the
columns are A Mã nhóm … E Số thành viên, F Nữ, G Hộ nghèo, H Người cao tuổi, I Số buổi họp,
J Tỷ lệ tham dự, K Tiết kiệm, L Dư nợ, M Số khoản vay, N Nợ quá hạn, O Quỹ xã hội,
P Quỹ tăng thu nhập, Q Tiền mặt, R Bỏ nhóm, S Ghi chú. In ThongTin the values are B2 Mã xã,
B3 Tên xã, B4 Tỉnh, B5 Quý, B6 Năm, B7 Người lập, B8 Ngày lập, B9 Phiên bản mẫu.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

INFO_ROWS: list[tuple[Any, ...]] = [
    ("Mục", "Giá trị"),
    ("Mã xã", "04321"),
    ("Tên xã", "Xã Yên Bình"),
    ("Tỉnh", "Tỉnh Thái Nguyên"),
    ("Quý", 3),
    ("Năm", 2026),
    ("Người lập", "Nguyễn Thị Hoa"),
    ("Ngày lập", "05/10/2026"),
    ("Phiên bản mẫu", 1),
]
HEADERS = [
    "Mã nhóm", "Tên nhóm", "Loại", "Thôn", "Số thành viên", "Nữ", "Hộ nghèo, cận nghèo",
    "Người cao tuổi", "Số buổi họp", "Tỷ lệ tham dự (%)", "Tiết kiệm (đ)", "Dư nợ (đ)",
    "Số khoản vay", "Nợ quá hạn (đ)", "Quỹ xã hội (đ)", "Quỹ tăng thu nhập (đ)",
    "Tiền mặt (đ)", "Bỏ nhóm trong quý", "Ghi chú",
]
GROUP_ROWS: list[list[Any]] = [
    ["HS01", "Nhóm TK&VV Hoa Sen", "VSLA", "Thôn Đông", 20, 18, 6, 3, 6, 92, 12_500_000,
     8_000_000, 5, 500_000, 640_000, 0, 4_500_000, 1, ""],
    ["MT02", "Nhóm tiết kiệm Mai Trắng", "ASCA", "Thôn Tây", 15, 15, 4, 2, 3, 87, 7_800_000,
     3_000_000, 2, 0, 300_000, 0, 4_800_000, 0, ""],
    ["BM03", "CLB Liên thế hệ Bình Minh", "ISHC", "Thôn Nam", 60, 42, 20, 45, 3, 81, 0,
     65_000_000, 14, 2_000_000, 1_200_000, 92_000_000, 27_000_000, 2, "Vốn hạt giống 70 triệu"],
]
# What the reader must make of GROUP_ROWS: (code, members, savings, loans, income fund).
EXPECTED = {
    "HS01": (20, 12_500_000, 8_000_000, 0),
    "MT02": (15, 7_800_000, 3_000_000, 0),
    "BM03": (60, 0, 65_000_000, 92_000_000),
}


def info_rows(**changes: Any) -> list[tuple[Any, ...]]:
    """INFO_ROWS with some values changed, by key: ``info_rows(**{"Quý": 2})``."""
    return [(row[0], changes[row[0]]) if row[0] in changes else row for row in INFO_ROWS]


def write_book(path: Path, *, info: Sequence[Sequence[Any]] = INFO_ROWS,
               headers: Sequence[Any] = HEADERS, groups: Sequence[Sequence[Any]] = GROUP_ROWS,
               sheets: tuple[str, str] = ("ThongTin", "Nhom"),
               title: str | None = None) -> Path:
    """A return workbook; ``title`` puts a merged title row (and a blank row) above the
    Nhom header, so the header is on row 3."""
    workbook = openpyxl.Workbook()
    info_sheet = workbook.active
    info_sheet.title = sheets[0]
    for row in info:
        info_sheet.append(list(row))
    group_sheet = workbook.create_sheet(sheets[1])
    if title is not None:
        group_sheet.append([title])
        group_sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        group_sheet.append([])
    group_sheet.append(list(headers))
    for row in groups:
        group_sheet.append(list(row))
    workbook.save(path)
    return path


def set_cells(path: Path, sheet: str, values: dict[str, Any]) -> Path:
    """Change cells of an existing workbook: ``set_cells(p, "Nhom", {"F2": 31})``."""
    workbook = openpyxl.load_workbook(path)
    for ref, value in values.items():
        workbook[sheet][ref] = value
    workbook.save(path)
    return path


def valid_return(folder: Path, name: str = "04321_2026Q3.xlsx", **changes: Any) -> Path:
    """The valid return; ``changes`` are ThongTin values by key."""
    return write_book(folder / name, info=info_rows(**changes) if changes else INFO_ROWS)


def broken(folder: Path, sheet: str, values: dict[str, Any], name: str = "broken.xlsx") -> Path:
    """The valid return with some cells changed."""
    return set_cells(valid_return(folder, name), sheet, values)


def with_cached_values(path: Path, sheet_part: str, values: dict[str, Any]) -> Path:
    """Give formula cells the cached value Excel stores beside the formula (openpyxl writes
    formulas without one): ``sheet_part`` is e.g. ``xl/worksheets/sheet2.xml``."""
    temporary = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temporary, "w",
                                                          zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == sheet_part:
                xml = data.decode("utf-8")
                for ref, value in values.items():
                    xml, count = re.subn(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v\s*/>',
                                         rf"\g<1>\g<2><v>{value}</v>", xml)
                    assert count == 1, ref
                data = xml.encode("utf-8")
            target.writestr(item, data)
    shutil.move(temporary, path)
    return path
