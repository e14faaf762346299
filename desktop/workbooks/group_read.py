"""Reading a group workbook (Sổ nhóm, DESIGN.md §6.2) into a :class:`GroupRecord`.

Every cell is read forgivingly (``cells``); whatever cannot be read becomes a problem naming
the sheet and the cell, and reading goes on so that the clerk sees every problem at once.
Checks across sheets (members known, dates, shares, loans) are in ``group_check``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TypeVar

from desktop.i18n import _
from desktop.models.clock import today
from desktop.models.enums import GroupKind, Household, MemberRole, Sex
from desktop.models.formatting import InputError, format_amount, format_date, format_rate
from desktop.models.personal_data import consent_problems
from desktop.workbooks import group_format as fmt
from desktop.workbooks.cells import (
    Column,
    KeyValues,
    Problems,
    TableRow,
    find_sheet,
    is_blank,
    read_amount,
    read_choice,
    read_count,
    read_date,
    read_flag,
    read_key_values,
    read_rate,
    read_table,
    read_text,
    read_whole_number,
)
from desktop.workbooks.group_check import check_counts, check_members, check_rows
from desktop.workbooks.group_record import (
    CashCount,
    Constitution,
    GroupRecord,
    MeetingRow,
    MemberRecord,
)
from desktop.workbooks.xlsx_cells import Book

T = TypeVar("T")

_COMMUNE_CODE = re.compile(r"^\d{5}$")
# Column widths of the ledger's text columns: longer text would not fit the database.
_LIMITS = {"code": 20, "name": 160, "full_name": 120, "ethnicity": 40, "village": 120,
           "leave_reason": 200, "commune_name": 120, "province": 120, "phone": 20,
           "id_number": 12}
_HEADERS = {column.key: column.header for column in fmt.GROUP_KEYS}


class _Sheet:
    """Reads the cells of one sheet, turning each unreadable cell into a problem."""

    def __init__(self, problems: Problems, sheet: str) -> None:
        self.problems = problems
        self.sheet = sheet
        self.failed = False

    def problem(self, cell: str, detail: str) -> None:
        self.failed = True
        self.problems.at_cell(self.sheet, cell, detail)

    def read(self, reader: Callable[[object], T], raw: object, cell: str, fallback: T) -> T:
        try:
            return reader(raw)
        except InputError as error:
            self.problem(cell, error.message)
            return fallback

    def text(self, raw: object, cell: str, key: str, header: str, *,
             required: bool = False) -> str:
        value = read_text(raw)
        if required and not value:
            self.problem(cell, _("nothing is written for {name}").format(name=header))
        limit = _LIMITS.get(key)
        if limit and len(value) > limit:
            self.problem(cell, _("{name} is too long: at most {limit} characters").format(
                name=header, limit=limit))
        return value


# --------------------------------------------------------------------------------------------
# Nhom


def _commune_code(raw: object) -> str:
    # Excel turns 04321 typed into a number cell into 4321: put the leading zero back.
    if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer() \
            and 0 <= raw < 100_000:
        return f"{int(raw):05d}"
    return read_text(raw)


def _read_group(kv: KeyValues, problems: Problems) -> dict[str, object]:
    """The values of sheet Nhom by key (a value that could not be read is a problem)."""
    cells = _Sheet(problems, kv.sheet)
    v: dict[str, object] = {}

    def raw(key: str) -> object:
        return kv[key]

    def ref(key: str) -> str:
        return kv.ref(key)

    def missing(key: str) -> bool:
        """Blank and required: a problem (a key absent altogether is reported already)."""
        if key in kv and is_blank(raw(key)):
            cells.problem(ref(key), _("nothing is written for {name}").format(
                name=_HEADERS[key]))
        return is_blank(raw(key))

    for key in ("code", "name", "commune_name", "province", "village"):
        v[key] = cells.text(raw(key), ref(key), key, _HEADERS[key],
                            required=key in ("code", "name") and key in kv)
    v["commune_code"] = code = _commune_code(raw("commune_code"))
    if not missing("commune_code") and not _COMMUNE_CODE.match(code):
        cells.problem(ref("commune_code"), _(
            "the commune code must have exactly 5 digits, not '{code}'").format(code=code))
    kind = None if missing("kind") else cells.read(
        lambda x: read_choice(x, fmt.KIND_CHOICES, fmt.KIND_SHOWN), raw("kind"), ref("kind"),
        None)
    v["kind"] = kind
    start = None if missing("start_date") else cells.read(read_date, raw("start_date"),
                                                          ref("start_date"), None)
    v["start_date"] = start
    founded = cells.read(read_date, raw("founded_on"), ref("founded_on"), None) or start
    v["founded_on"] = founded
    if start and founded and founded > start:
        cells.problem(ref("founded_on"), _(
            "the founding date {founded} is after the cycle start {start}").format(
            founded=format_date(founded), start=format_date(start)))
    if start and start > today():
        cells.problem(ref("start_date"), _("the date {date} is after today ({today})").format(
            date=format_date(start), today=format_date(today())))

    c = Constitution()
    for key in ("share_value", "social_fund_per_meeting", "seed_capital",
                "member_fee_per_month", "carry_in", "social_fund_in"):
        setattr(c, key, cells.read(read_amount, raw(key), ref(key), 0))
    for key in ("monthly_rate", "loan_multiple"):
        rate = cells.read(read_rate, raw(key), ref(key), None)
        if rate is not None and rate < 0:
            cells.problem(ref(key), _("a rate cannot be negative ({rate})").format(
                rate=format_rate(rate)))
        elif rate is not None:
            setattr(c, key, rate)
        elif key == "loan_multiple":
            setattr(c, key, fmt.DEFAULTS[key])
    for key in ("min_shares", "max_shares", "max_term_months"):
        setattr(c, key, fmt.DEFAULTS[key] if is_blank(raw(key))
                else cells.read(read_count, raw(key), ref(key), fmt.DEFAULTS[key]))
    if not missing("interest_method"):
        c.interest_method = cells.read(
            lambda x: read_choice(x, fmt.METHOD_CHOICES, fmt.METHOD_SHOWN),
            raw("interest_method"), ref("interest_method"), c.interest_method)
    if not is_blank(raw("profit_basis")):
        c.profit_basis = cells.read(
            lambda x: read_choice(x, fmt.PROFIT_CHOICES, fmt.PROFIT_SHOWN),
            raw("profit_basis"), ref("profit_basis"), c.profit_basis)
    if not missing("rounding_unit"):
        unit = cells.read(read_whole_number, raw("rounding_unit"), ref("rounding_unit"), None)
        if unit is not None and unit not in fmt.ROUNDING_UNITS:
            cells.problem(ref("rounding_unit"), _(
                "the rounding unit must be 1, 100, 500 or 1.000 đồng, not {value}").format(
                value=format_amount(unit)))
        elif unit is not None:
            c.rounding_unit = unit
    if kind == GroupKind.VSLA and "share_value" not in kv:
        cells.failed = True
        problems.in_sheet(kv.sheet, _(
            "the row {key} is missing (the name in column A, its value in column B); a VSLA "
            "group needs it").format(key=_HEADERS["share_value"]))
    elif kind == GroupKind.VSLA and c.share_value <= 0:
        cells.problem(ref("share_value"), _("a VSLA group needs a share value above 0"))
    if c.min_shares > c.max_shares:
        cells.problem(ref("max_shares") or ref("min_shares"), _(
            "the maximum number of shares ({high}) is below the minimum ({low})").format(
            high=c.max_shares, low=c.min_shares))
    v["constitution"] = c
    return v


# --------------------------------------------------------------------------------------------
# ThanhVien, BuoiHop, TienMat

_MEMBER_HEADERS = {column.key: column.header for column in fmt.MEMBER_COLUMNS}


def _read_member(row: TableRow, cells: _Sheet, start: dt.date | None) -> MemberRecord:
    def text(key: str) -> str:
        return cells.text(row[key], row.ref(key), key, _MEMBER_HEADERS[key])

    code = text("code")
    if not code:
        cells.problem(row.ref("code"), _("the member code is missing"))
    full_name = text("full_name")
    if not full_name:
        cells.problem(row.ref("full_name"), _("the member's full name is missing"))
    sex = None
    if is_blank(row["sex"]):
        cells.problem(row.ref("sex"), _("nothing is written for {name}").format(
            name=_MEMBER_HEADERS["sex"]))
    else:
        sex = cells.read(lambda x: read_choice(x, fmt.SEX_CHOICES, fmt.SEX_SHOWN), row["sex"],
                         row.ref("sex"), None)
    year = cells.read(read_whole_number, row["birth_year"], row.ref("birth_year"), None)
    if year is not None and not 1900 <= year <= today().year:
        cells.problem(row.ref("birth_year"), _(
            "the year of birth {year} is not between {first} and {last}").format(
            year=year, first=1900, last=today().year))
    household = Household.OTHER if is_blank(row["household"]) else cells.read(
        lambda x: read_choice(x, fmt.HOUSEHOLD_CHOICES, fmt.HOUSEHOLD_SHOWN),
        row["household"], row.ref("household"), Household.OTHER)
    role = MemberRole.MEMBER if is_blank(row["role"]) else cells.read(
        lambda x: read_choice(x, fmt.ROLE_CHOICES, fmt.ROLE_SHOWN), row["role"],
        row.ref("role"), MemberRole.MEMBER)
    # A founding member's joining date is often left blank: the cycle's start is meant.
    joined = cells.read(read_date, row["join_date"], row.ref("join_date"), None) or start
    left = cells.read(read_date, row["leave_date"], row.ref("leave_date"), None)
    consent = cells.read(read_date, row["consent_date"], row.ref("consent_date"), None)
    withdrawn = cells.read(read_date, row["consent_withdrawn"], row.ref("consent_withdrawn"),
                           None)
    method = "" if is_blank(row["consent_method"]) else cells.read(
        lambda x: read_choice(x, fmt.CONSENT_CHOICES, fmt.CONSENT_SHOWN),
        row["consent_method"], row.ref("consent_method"), "")
    if consent is not None and not method:
        method = "other"  # a date without the way it was given: still a consent on record
    personal = {"phone": text("phone"), "id_number": text("id_number").replace(" ", "")}
    details = {"consent_date": consent, "consent_method": method,
               "consent_withdrawn": withdrawn, **personal}
    for problem in consent_problems(details, None, today()):
        key = next((name for name in fmt.PERSONAL_KEYS if personal[name]), "consent_date")
        cells.problem(row.ref(key), problem)
    return MemberRecord(
        code=code, full_name=full_name, sex=sex or Sex.FEMALE, birth_year=year,
        ethnicity=text("ethnicity"), village=text("village"), household=household, role=role,
        join_date=joined or dt.date(1900, 1, 1), leave_date=left,
        leave_reason=text("leave_reason"), consent_date=consent, consent_method=method,
        consent_withdrawn=withdrawn, phone=personal["phone"],
        id_number=personal["id_number"], refs=dict(row.refs))


def _read_row(row: TableRow, cells: _Sheet) -> MeetingRow | None:
    day = None
    if is_blank(row["date"]):
        cells.problem(row.ref("date"), _("nothing is written for {name}").format(
            name=fmt.MEETING_COLUMNS[0].header))
    else:
        day = cells.read(read_date, row["date"], row.ref("date"), None)
    member = cells.text(row["member"], row.ref("member"), "code", fmt.MEETING_COLUMNS[1].header)
    if not member:
        cells.problem(row.ref("member"), _("the member code is missing"))
    present = cells.read(lambda x: read_flag(x, blank=True), row["present"], row.ref("present"),
                         True)
    shares = cells.read(read_count, row["shares"], row.ref("shares"), 0)
    amounts = {key: cells.read(read_amount, row[key], row.ref(key), 0)
               for key in fmt.AMOUNT_KEYS}
    if day is None or not member:
        return None
    return MeetingRow(date=day, member=member, present=present, shares=shares, **amounts,
                      refs=dict(row.refs))


def _read_count(row: TableRow, cells: _Sheet) -> CashCount | None:
    day = None
    if is_blank(row["date"]):
        cells.problem(row.ref("date"), _("nothing is written for {name}").format(
            name=fmt.CASH_COLUMNS[0].header))
    else:
        day = cells.read(read_date, row["date"], row.ref("date"), None)
    counted = None if is_blank(row["counted"]) else cells.read(
        read_amount, row["counted"], row.ref("counted"), None)
    note = cells.text(row["note"], row.ref("note"), "note", fmt.CASH_COLUMNS[2].header)
    return None if day is None else CashCount(day, counted, note, refs=dict(row.refs))


def _rows(workbook: Book, name: str, columns: tuple[Column, ...], problems: Problems,
          *, required: bool = True) -> list[TableRow] | None:
    sheet = find_sheet(workbook, name, problems, required=required)
    if sheet is None:
        return [] if not required else None
    table = read_table(sheet, columns, problems, name=name)
    return None if table is None else table.rows


def read_group_workbook(workbook: Book, problems: Problems) -> GroupRecord | None:
    """The record in ``workbook``, or ``None`` when ``problems`` got anything."""
    group_sheet = find_sheet(workbook, fmt.GROUP_SHEET, problems)
    values: dict[str, object] | None = None
    refs: dict[str, str] = {}
    if group_sheet is not None:
        kv = read_key_values(group_sheet, fmt.GROUP_KEYS, problems, name=fmt.GROUP_SHEET)
        values = _read_group(kv, problems)
        refs = dict(kv.refs)
    start = values["start_date"] if values else None
    kind = values["kind"] if values else None
    constitution = values["constitution"] if values else None
    assert start is None or isinstance(start, dt.date)
    assert kind is None or isinstance(kind, GroupKind)
    assert constitution is None or isinstance(constitution, Constitution)

    members: list[MemberRecord] | None = None
    member_rows = _rows(workbook, fmt.MEMBERS_SHEET, fmt.MEMBER_COLUMNS, problems)
    if member_rows is not None:
        cells = _Sheet(problems, fmt.MEMBERS_SHEET)
        members = [_read_member(row, cells, start) for row in member_rows]
        check_members(members, problems)

    rows: list[MeetingRow] | None = None
    meeting_rows = _rows(workbook, fmt.MEETINGS_SHEET, fmt.MEETING_COLUMNS, problems)
    if meeting_rows is not None:
        cells = _Sheet(problems, fmt.MEETINGS_SHEET)
        read = [_read_row(row, cells) for row in meeting_rows]
        rows = [row for row in read if row is not None]
        check_rows(rows, members, kind, constitution, start, problems)

    counts: list[CashCount] | None = None
    count_rows = _rows(workbook, fmt.CASH_SHEET, fmt.CASH_COLUMNS, problems, required=False)
    if count_rows is not None:
        cells = _Sheet(problems, fmt.CASH_SHEET)
        read_counts = [_read_count(row, cells) for row in count_rows]
        counts = [count for count in read_counts if count is not None]
        if rows is not None:
            check_counts(counts, {row.date for row in rows}, problems)

    if problems or values is None or members is None or rows is None or counts is None:
        return None
    assert kind is not None and start is not None and constitution is not None
    founded = values["founded_on"]
    assert isinstance(founded, dt.date)
    return GroupRecord(
        code=str(values["code"]), name=str(values["name"]), kind=kind,
        commune_code=str(values["commune_code"]), commune_name=str(values["commune_name"]),
        province=str(values["province"]), village=str(values["village"]),
        founded_on=founded, start_date=start, constitution=constitution,
        members=members, rows=rows, counts=counts, refs=refs)
