"""Reading and checking a commune's quarterly return workbook (DESIGN.md §6.1).

A file is first checked without being opened (:mod:`desktop.workbooks.safe_xlsx`), then its
cells are read (:mod:`desktop.workbooks.xlsx_cells`: only the cells present, formulas by the
values Excel computed, Excel errors and formulas never computed refused) and checked cell by
cell.
Everything wrong is collected — not only the first problem — so the commune can mend the
whole file at once; a file with any problem gives no return at all.

What people do to spreadsheets by hand is accepted: numbers typed as text with dots, commas
or spaces, stray spaces, blank rows, an extra column, columns in another order (found by their
header), a merged title above the header row, a totals row at the bottom, Vietnamese names
for the kinds of group, a commune code that Excel turned into a number (``4321``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from desktop.i18n import N_, _
from desktop.models.errors import Problem
from desktop.models.formatting import InputError, format_amount, parse_rate
from desktop.models.returns import ReturnHeader, ReturnLine
from desktop.workbooks.cells import (
    KeyValues,
    Problems,
    Table,
    TableRow,
    find_sheet,
    is_blank,
    read_amount,
    read_choice,
    read_date,
    read_key_values,
    read_table,
    read_text,
    read_whole_number,
    sheet_title,
    text_key,
)
from desktop.workbooks.group_format import KIND_CHOICES, KIND_SHOWN
from desktop.workbooks.opening import open_workbook
from desktop.workbooks.return_template import (
    AMOUNT_KEYS,
    COUNT_KEYS,
    GROUP_COLUMNS,
    GROUPS_SHEET,
    INFO_KEYS,
    INFO_SHEET,
    PARTS,
    SUPPORTED_VERSIONS,
    TEMPLATE_VERSION,
)
from desktop.workbooks.safe_xlsx import DEFAULT_LIMITS, Limits
from desktop.workbooks.xlsx_cells import Sheet

log = logging.getLogger(__name__)

MAX_GROUP_ROWS = 2_000  # a commune keeps 5–40 groups; far more is not a return
MIN_YEAR, MAX_YEAR = 2000, 2100
_TOTAL_WORDS = frozenset({"tong", "tong cong", "cong", "tong so", "total", "cong tong"})
_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_HEADERS = {column.key: column.header for column in GROUP_COLUMNS}


@dataclass(frozen=True)
class ReadReturn:
    """What one file holds: the return, or the problems that refuse it."""

    file: str
    header: ReturnHeader | None
    lines: list[ReturnLine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.header is not None


# ---------------------------------------------------------------------------------------------
# ThongTin


def _commune_code(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 100_000 \
            and float(value).is_integer():
        # Excel turned "04321" into the number 4321: the leading zeros come back.
        return f"{int(value):05d}"
    text = read_text(value).replace(" ", "")
    if len(text) != 5 or not text.isdigit():
        raise InputError(_("the commune code must have exactly 5 digits, not '{text}'").format(
            text=read_text(value)), read_text(value))
    return text


def _quarter(value: object) -> int:
    text = read_text(value)
    key = text_key(text).removeprefix("quy").strip()
    if key in _ROMAN_QUARTERS:
        return _ROMAN_QUARTERS[key]
    try:
        number = read_whole_number(key if key.isdigit() else value)
    except InputError:
        number = None
    if number is None or not 1 <= number <= 4:
        raise InputError(_("the quarter must be 1, 2, 3 or 4, not '{text}'").format(text=text),
                         text)
    return number


def _year(value: object) -> int:
    text = read_text(value)
    try:
        number = read_whole_number(value)
    except InputError:
        number = None
    if number is None or not MIN_YEAR <= number <= MAX_YEAR:
        raise InputError(_("the year must be a year from {first} to {last}, not '{text}'")
                         .format(first=MIN_YEAR, last=MAX_YEAR, text=text), text)
    return number


def _version(value: object) -> int:
    text = read_text(value)
    try:
        number = read_whole_number(value)
    except InputError:
        number = None
    if number is None or number not in SUPPORTED_VERSIONS:
        raise InputError(_(
            "the template version '{text}' is not known to this application (it reads "
            "version {known}); fill the return in on the current template").format(
                text=text, known=TEMPLATE_VERSION), text)
    return number


_MISSING = {
    "commune_code": N_("the commune code is missing; write the commune's 5-digit code"),
    "quarter": N_("the quarter is missing; write 1, 2, 3 or 4"),
    "year": N_("the year is missing; write it with 4 digits, e.g. 2026"),
    "version": N_("the template version is missing; it must be {known}"),
}


def _read_info(sheet: Sheet, problems: Problems) -> ReturnHeader | None:
    found: KeyValues = read_key_values(sheet, INFO_KEYS, problems, name=sheet.title)
    readers: dict[str, Callable[[object], Any]] = {
        "commune_code": _commune_code, "quarter": _quarter, "year": _year, "version": _version,
        "prepared_on": read_date,
    }
    values: dict[str, Any] = {}
    complete = True
    for key in INFO_KEYS:
        if key.key not in found:
            complete = complete and not key.required
            continue
        raw = found[key.key]
        if key.key in _MISSING and is_blank(raw):
            problems.at_cell(found.sheet, found.ref(key.key),
                             _(_MISSING[key.key]).format(known=TEMPLATE_VERSION))
            complete = False
            continue
        reader = readers.get(key.key, read_text)
        try:
            values[key.key] = reader(raw)
        except InputError as error:
            problems.at_cell(found.sheet, found.ref(key.key), error.message)
            complete = False
    if not complete:
        return None
    return ReturnHeader(
        commune_code=values["commune_code"], commune_name=values.get("commune_name", ""),
        province=values.get("province", ""), year=values["year"], quarter=values["quarter"],
        prepared_by=values.get("prepared_by", ""), prepared_on=values.get("prepared_on"),
        template_version=values["version"])


# ---------------------------------------------------------------------------------------------
# Nhom


def _attendance(value: object, percent_format: bool) -> int:
    """A whole percent 0–100, halves up, from 85, "85 %", "85,5" or a %-formatted 0.85."""
    if is_blank(value):
        return 0
    text = read_text(value)
    try:
        if isinstance(value, str):
            number = parse_rate(value.replace("%", ""))
        elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            number = parse_rate(value)
            if percent_format:
                number *= 100
        else:
            raise InputError("", text)
    except InputError:
        raise InputError(_("'{text}' is not a percentage").format(text=text), text) from None
    if not 0 <= number <= 100:
        raise InputError(_("the attendance must be a whole percent from 0 to 100, not '{text}'")
                         .format(text=text), text)
    return int(number.quantize(Decimal(1), ROUND_HALF_UP))


def _percent_rows(sheet: Sheet, table: Table) -> set[int]:
    """Rows whose attendance cell is formatted as a percentage (Excel keeps 85 % as 0.85)."""
    column = table.columns["attendance"]
    return {row for row, cell_column in sheet.percent_cells if cell_column == column}


def _is_totals_row(row: TableRow) -> bool:
    code, name = text_key(read_text(row["code"])), text_key(read_text(row["name"]))
    return (not code and name in _TOTAL_WORDS) or (code in _TOTAL_WORDS and not name) or (
        code in _TOTAL_WORDS and name in _TOTAL_WORDS)


def _read_line(row: TableRow, sheet: str, problems: Problems, percent_rows: set[int],
               seen: dict[str, int]) -> ReturnLine | None:
    before = len(problems)
    values: dict[str, Any] = {}

    def problem(key: str, detail: str, *, name_column: bool = True) -> None:
        if name_column:
            detail = _("column {column}: {detail}").format(column=_HEADERS[key], detail=detail)
        problems.at_cell(sheet, row.ref(key), detail)

    code = read_text(row["code"])
    if not code:
        problem("code", _("the group code is missing"))
    elif len(code) > 20:
        problem("code", _("the group code is longer than 20 characters"))
    elif code.casefold() in seen:
        problem("code", _("the group code {code} is already used in row {row}").format(
            code=code, row=seen[code.casefold()]))
    else:
        seen[code.casefold()] = row.number
    values["name"] = read_text(row["name"])[:160]
    if not values["name"]:
        problem("name", _("the name of the group is missing"))
    if is_blank(row["kind"]):
        problem("kind", _("the kind of group is missing; write VSLA, ASCA or ISHC"))
    else:
        try:
            values["kind"] = read_choice(row["kind"], KIND_CHOICES, KIND_SHOWN)
        except InputError as error:
            problem("kind", error.message)
    for key in (*COUNT_KEYS, *AMOUNT_KEYS, "attendance"):
        raw = row[key]
        try:
            if key == "attendance":
                values[key] = _attendance(raw, row.number in percent_rows)
            elif key in AMOUNT_KEYS:
                values[key] = read_amount(raw)
            else:
                number = read_whole_number(raw)
                if number is not None and number < 0:
                    raise InputError(_("the number cannot be negative ({number})").format(
                        number=number), read_text(raw))
                values[key] = number or 0
        except InputError as error:
            problem(key, error.message)
    for part, whole in PARTS:
        if part in values and whole in values and values[part] > values[whole]:
            problem(part, _("{part} ({value}) is larger than {whole} ({total})").format(
                part=_HEADERS[part], value=format_amount(values[part]), whole=_HEADERS[whole],
                total=format_amount(values[whole])), name_column=False)
    if "loans_count" in values and "loans_outstanding" in values:
        if values["loans_outstanding"] > 0 and values["loans_count"] == 0:
            problem("loans_count", _("there is money outstanding in {column} but no loan is "
                                     "counted").format(column=_HEADERS["loans_outstanding"]))
        elif values["loans_outstanding"] == 0 and values["loans_count"] > 0:
            problem("loans_outstanding", _("{count} loans are counted but nothing is "
                                           "outstanding").format(count=values["loans_count"]))
    if len(problems) > before:
        return None
    return ReturnLine(code=code, village=read_text(row["village"])[:120],
                      note=read_text(row["note"])[:500], row=row.number, **values)


def _read_groups(sheet: Sheet, problems: Problems) -> list[ReturnLine]:
    table = read_table(sheet, GROUP_COLUMNS, problems, name=sheet.title)
    if table is None:
        return []
    rows = [row for row in table.rows if not _is_totals_row(row)]
    if len(rows) > MAX_GROUP_ROWS:
        problems.in_sheet(table.sheet, _("the sheet has more than {limit} rows of groups, far "
                                         "more than a commune keeps").format(
            limit=MAX_GROUP_ROWS))
        return []
    if not rows:
        problems.in_sheet(table.sheet, _("no group is listed; write one group per row from "
                                         "row {row}").format(row=table.header_row + 1))
        return []
    maybe_fractions = any(
        isinstance(row["attendance"], int | float) and 0 < row["attendance"] <= 1
        for row in rows)
    percent_rows = _percent_rows(sheet, table) if maybe_fractions else set()
    seen: dict[str, int] = {}
    lines = [_read_line(row, table.sheet, problems, percent_rows, seen) for row in rows]
    return [line for line in lines if line is not None]


# ---------------------------------------------------------------------------------------------


def read_return(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> ReadReturn:
    """Read and check the return at ``path``. Never raises for a bad file: what is wrong
    comes back as problems, each naming the file, the sheet and the cell."""
    path = Path(path)
    name = path.name
    problems = Problems(file=name)
    damaged = _("The file is damaged and cannot be read as an Excel workbook; ask the "
                "commune to save it again in Excel and send it again.")
    workbook = open_workbook(path, problems, limits, damaged)
    if workbook is None:
        return ReadReturn(name, None, problems=list(problems))
    try:
        with workbook:
            info = find_sheet(workbook, INFO_SHEET, problems)
            groups = find_sheet(workbook, GROUPS_SHEET, problems)
            missing = any(sheet_title(workbook, title) is None
                          for title in (INFO_SHEET, GROUPS_SHEET))
            if missing and workbook.sheetnames:
                problems.in_file(_("The sheets of this workbook are: {sheets}. A quarterly "
                                   "return has the sheets {info} and {groups}.").format(
                    sheets=", ".join(workbook.sheetnames), info=INFO_SHEET,
                    groups=GROUPS_SHEET))
            header = _read_info(info, problems) if info is not None else None
            lines = _read_groups(groups, problems) if groups is not None else []
    except Exception:  # nobody foresaw it: the file is refused, never a crash
        log.warning("cannot read %s", name, exc_info=True)
        problems.in_file(damaged)
        return ReadReturn(name, None, problems=list(problems))
    if problems:
        return ReadReturn(name, None, problems=list(problems))
    return ReadReturn(name, header, lines)
