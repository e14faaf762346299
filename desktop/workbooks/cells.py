"""Reading spreadsheet cells forgivingly, and saying exactly which cell is wrong.

People fill workbooks in by hand: numbers typed as text (``1.234.567``, ``1 234 567``,
``1,234,567``), whole numbers that Excel hands back as floats (``5.0``), dates as real dates
or as ``dd/mm/yyyy`` text, stray spaces, blank rows, an extra column, columns in another
order, a merged title above the header row. This module reads all of that into plain values
(money as ``int`` đồng, rates as ``Decimal``) and turns what it cannot read into
:class:`~desktop.models.errors.Problem` s that name the sheet and the cell (``E7``).

Nothing here knows a particular workbook format: a format declares its :class:`Column` s and
keys, and reads rows through :func:`read_table` and :func:`read_key_values`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from openpyxl.utils import get_column_letter

from desktop.i18n import _
from desktop.models.collation import fold, nfc
from desktop.models.errors import Problem
from desktop.models.formatting import (
    InputError,
    format_amount,
    format_date,
    parse_amount,
    parse_date,
    parse_rate,
)
from desktop.workbooks.xlsx_cells import Book, CellFault, Sheet, Unreadable

T = TypeVar("T")

HEADER_SEARCH_ROWS = 10
"""How far down a sheet the header row is looked for (a title may sit above it)."""

# A unit written after a header, "(đ)" or "(đồng)": optional when matching headers.
_UNIT_SUFFIX = re.compile(r"\(\s*(?:đ|₫|đồng|vnđ|vnd)\s*\)\s*$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s_\-]+")


# --------------------------------------------------------------------------------------------
# Cells and problems


def cell_ref(row: int, column: int) -> str:
    """The Excel name of a cell: ``cell_ref(7, 5) == "E7"``."""
    return f"{get_column_letter(column)}{row}"


def row_number(cell: str) -> int:
    """The row of a cell name: ``row_number("AB12") == 12`` (0 when there is none)."""
    digits = cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ$").replace("$", "")
    return int(digits) if digits.isdigit() else 0


def is_blank(value: object) -> bool:
    """An empty cell, or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def text_key(value: object) -> str:
    """Text reduced for matching headers and words typed by hand: no diacritics, lower case,
    single spaces, no unit suffix. ``text_key("Tiền phạt (đ)") == "tien phat"``."""
    if value is None or isinstance(value, CellFault):
        return ""
    return _key_of(str(value))


@functools.lru_cache(maxsize=4096)
def _key_of(text: str) -> str:
    # Cached: the same headers and words are matched again for every row of every file.
    text = _UNIT_SUFFIX.sub("", nfc(text).strip())
    return _SEPARATORS.sub(" ", fold(text)).strip(" :*.")


def _sentence(detail: str) -> str:
    detail = detail.strip()
    return detail if detail.endswith((".", "!", "?")) else detail + "."


@dataclass
class Problems:
    """The problems found in one file, each a Vietnamese sentence naming sheet and cell."""

    file: str = ""
    items: list[Problem] = field(default_factory=list)
    # Cells refused for what they hold (an Excel error, a formula never computed): what
    # else their blank would cause is not said as well.
    refused: set[tuple[str, str]] = field(default_factory=set)

    def at_cell(self, sheet: str, cell: str, detail: str) -> None:
        """``detail`` (lower-case start, no place) happened in ``cell`` of ``sheet``."""
        if (sheet, cell) in self.refused:
            return
        message = _("Cell {cell} of sheet {sheet}: {detail}").format(
            cell=cell, sheet=sheet, detail=_sentence(detail))
        self.items.append(Problem(message, self.file, sheet, cell))

    def refuse_cell(self, sheet: str, cell: str, fault: CellFault) -> None:
        """The value of ``cell`` cannot be taken; it is read as blank from now on."""
        self.at_cell(sheet, cell, fault.detail())
        self.refused.add((sheet, cell))

    def in_sheet(self, sheet: str, detail: str) -> None:
        """``detail`` concerns ``sheet`` as a whole (a missing column, no header row)."""
        message = _("Sheet {sheet}: {detail}").format(sheet=sheet, detail=_sentence(detail))
        self.items.append(Problem(message, self.file, sheet, ""))

    def in_file(self, message: str, sheet: str = "") -> None:
        """A whole-file problem; ``message`` is a full sentence."""
        self.items.append(Problem(_sentence(message), self.file, sheet, ""))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)


# --------------------------------------------------------------------------------------------
# Values. Each reader returns a plain value or raises InputError with a sentence for the clerk.


def read_text(value: object) -> str:
    """Text in NFC with single spaces. Numbers come back as typed (``5.0`` → ``"5"``), so a
    code Excel turned into a number still reads as the code; dates as ``dd/mm/yyyy``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return format_date(value)
    return " ".join(nfc(str(value)).split())


def _not_a_number(value: object) -> InputError:
    text = read_text(value)
    return InputError(_("'{text}' is not a number").format(text=text), text)


def read_amount(value: object, *, allow_negative: bool = False) -> int:
    """Whole đồng from a number or from text such as ``1.234.567``; blank is 0."""
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        text = read_text(value)
        raise InputError(_("'{text}' is not an amount in đồng").format(text=text), text)
    if not isinstance(value, str | int | float | Decimal) and value is not None:
        raise _not_a_number(value)
    amount = parse_amount(value)
    if amount < 0 and not allow_negative:
        raise InputError(_("an amount cannot be negative ({amount})").format(
            amount=format_amount(amount)), read_text(value))
    return amount


def read_whole_number(value: object) -> int | None:
    """A whole number (a count, a year) from a number or text; blank is ``None``."""
    if is_blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise _not_a_number(value)
    try:
        return parse_amount(value)
    except InputError:
        text = read_text(value)
        raise InputError(_("'{text}' is not a whole number").format(text=text), text) from None


def read_count(value: object) -> int:
    """A count that cannot be negative (shares bought, months); blank is 0."""
    number = read_whole_number(value)
    if number is None:
        return 0
    if number < 0:
        raise InputError(_("the number {number} cannot be negative").format(number=number),
                         read_text(value))
    return number


def read_date(value: object) -> dt.date | None:
    """A date from a date cell or from ``dd/mm/yyyy`` text; blank is ``None``."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime | dt.date | str):
        return parse_date(value)
    text = read_text(value)
    raise InputError(_("'{text}' is not a date; write it as dd/mm/yyyy, e.g. 05/02/2026")
                     .format(text=text), text)


def read_rate(value: object) -> Decimal | None:
    """A rate or multiple such as ``1,5`` or ``1.5``; blank is ``None``."""
    if is_blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        text = read_text(value)
        raise InputError(_("'{text}' is not a rate; write a number such as 1,5").format(
            text=text), text)
    return parse_rate(value)


_YES = frozenset({"1", "x", "co", "c", "yes", "y", "true", "co mat", "✓", "✔"})
_NO = frozenset({"0", "khong", "k", "no", "n", "false", "vang", "vang mat", "-"})


def read_flag(value: object, *, blank: bool) -> bool:
    """Yes/no as 1/0, ``x``, ``có``/``không``; blank is ``blank``."""
    if is_blank(value):
        return blank
    if isinstance(value, bool):
        return value
    key = text_key(read_text(value))
    if key in _YES:
        return True
    if key in _NO:
        return False
    text = read_text(value)
    raise InputError(_("'{text}' is not 1 or 0").format(text=text), text)


def read_choice(value: object, choices: Mapping[str, T], shown: Sequence[str]) -> T:
    """One of a closed list of words, matched without diacritics or case. ``choices`` maps
    :func:`text_key` forms to values; ``shown`` are the words named in the message."""
    text = read_text(value)
    key = text_key(text)
    if key in choices:
        return choices[key]
    raise InputError(_("'{text}' is not one of: {choices}").format(
        text=text, choices=", ".join(shown)), text)


# --------------------------------------------------------------------------------------------
# Sheets, tables and key/value sheets


def sheet_title(book: Book, name: str) -> str | None:
    """The title of the sheet called ``name`` (also matched without diacritics or case)."""
    if name in book.sheetnames:
        return name
    wanted = text_key(name).replace(" ", "")
    return next((title for title in book.sheetnames
                 if text_key(title).replace(" ", "") == wanted), None)


def find_sheet(book: Book, name: str, problems: Problems, *,
               required: bool = True) -> Sheet | None:
    """The cells of the sheet called ``name``, or ``None`` with a problem: the sheet is
    missing (when ``required``), damaged, or larger than the workbook's limits allow."""
    title = sheet_title(book, name)
    if title is None:
        if required:
            problems.in_file(_("The workbook has no sheet called {sheet}.").format(sheet=name),
                             sheet=name)
        return None
    try:
        return book.read_sheet(title)
    except Unreadable as refusal:
        if refusal.sheet:
            problems.in_sheet(name, refusal.message)
        else:
            problems.in_file(refusal.message)
        return None


@dataclass(frozen=True)
class Column:
    """A column (or, in a key/value sheet, a key) of a format: ``key`` names it in code,
    ``header`` is the text the format writes; ``aliases`` are other accepted headers."""

    key: str
    header: str
    required: bool = True
    aliases: tuple[str, ...] = ()

    def keys(self) -> set[str]:
        return {text_key(self.header), *(text_key(alias) for alias in self.aliases)}


def _match(columns: Sequence[Column], value: object) -> Column | None:
    key = text_key(value)
    if not key:
        return None
    return next((column for column in columns if key in column.keys()), None)


@dataclass(frozen=True)
class TableRow:
    """One filled row of a table: raw cell values by column key, and their cell names."""

    number: int
    values: Mapping[str, object]
    refs: Mapping[str, str]

    def __getitem__(self, key: str) -> object:
        return self.values.get(key)

    def ref(self, key: str) -> str:
        return self.refs.get(key, f"A{self.number}")


@dataclass(frozen=True)
class Table:
    sheet: str
    header_row: int
    columns: Mapping[str, int]  # column key → 1-based column index
    rows: list[TableRow]


def _taken(values: Mapping[str, object], refs: Mapping[str, str], sheet: str,
           problems: Problems) -> dict[str, object]:
    """``values`` with each faulty cell refused (named in ``problems``) and read as blank."""
    taken = dict(values)
    for key, value in values.items():
        if isinstance(value, CellFault):
            problems.refuse_cell(sheet, refs[key], value)
            taken[key] = None
    return taken


def read_table(sheet: Sheet, columns: Sequence[Column], problems: Problems,
               *, name: str | None = None) -> Table | None:
    """The rows under the header row of ``sheet``, columns found by their header text.

    The header row is the first of the top rows holding the most known headers (a title may
    sit above it). Blank rows are skipped; unknown columns are ignored. A missing required
    column or a column given twice is a problem, and then ``None`` is returned. A cell of a
    known column holding an Excel error or a formula never computed is a problem too.
    """
    title = name or sheet.title
    best_row, best_found = 0, dict[str, int]()
    for number, cells in sheet.rows(max_row=HEADER_SEARCH_ROWS):
        found: dict[str, int] = {}
        for index in sorted(cells):
            column = _match(columns, cells[index])
            if column is not None and column.key not in found:
                found[column.key] = index
        if len(found) > len(best_found):
            best_row, best_found = number, found
    if not best_found:
        problems.in_sheet(title, _("no header row was found; the first row must name the "
                                   "columns: {headers}").format(
            headers=", ".join(column.header for column in columns if column.required)))
        return None
    ok = True
    header_cells = sheet.row(best_row)
    for index in sorted(header_cells):
        column = _match(columns, header_cells[index])
        if column is not None and best_found[column.key] != index:
            problems.at_cell(title, cell_ref(best_row, index), _(
                "the column {header} is given twice").format(header=column.header))
            ok = False
    for column in columns:
        if column.required and column.key not in best_found:
            problems.in_sheet(title, _("the header row (row {row}) has no column {header}")
                              .format(row=best_row, header=column.header))
            ok = False
    if not ok:
        return None
    rows = []
    for number, cells in sheet.rows(min_row=best_row + 1):
        refs = {key: cell_ref(number, index) for key, index in best_found.items()}
        picked = _taken({key: cells.get(index) for key, index in best_found.items()}, refs,
                        title, problems)
        if all(is_blank(value) for value in picked.values()):
            continue
        rows.append(TableRow(number, picked, refs))
    return Table(title, best_row, dict(best_found), rows)


@dataclass(frozen=True)
class KeyValues:
    """A key/value sheet: the value (column B) of each known key (column A)."""

    sheet: str
    values: Mapping[str, object]
    refs: Mapping[str, str]  # key → the cell of its value

    def __contains__(self, key: object) -> bool:
        return key in self.values

    def __getitem__(self, key: str) -> object:
        return self.values.get(key)

    def ref(self, key: str) -> str:
        return self.refs.get(key, "")


def read_key_values(sheet: Sheet, keys: Sequence[Column], problems: Problems,
                    *, name: str | None = None) -> KeyValues:
    """Keys in column A, values in column B; unknown keys (a header, notes) are ignored.
    A required key that is missing, or a key given twice, is a problem; so is a value that
    is an Excel error or a formula never computed."""
    title = name or sheet.title
    values: dict[str, object] = {}
    refs: dict[str, str] = {}
    for number, cells in sheet.rows():
        column = _match(keys, cells.get(1))
        if column is None:
            continue
        if column.key in values:
            problems.at_cell(title, cell_ref(number, 1), _(
                "the row {key} is given twice").format(key=column.header))
            continue
        refs[column.key] = cell_ref(number, 2)
        values[column.key] = _taken({column.key: cells.get(2)}, refs, title,
                                    problems)[column.key]
    for column in keys:
        if column.required and column.key not in values:
            problems.in_sheet(title, _("the row {key} is missing (the name in column A, its "
                                       "value in column B)").format(key=column.header))
    return KeyValues(title, values, refs)
