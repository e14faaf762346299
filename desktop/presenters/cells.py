"""Reading what a clerk types or pastes into one grid cell: the kinds of cells, their parsers,
and the tab/newline blocks that Excel and LibreOffice put on the clipboard. No Qt."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any

from desktop.i18n import _
from desktop.models.collation import fold, nfc
from desktop.models.formatting import (
    InputError,
    format_amount,
    format_date,
    parse_amount,
    parse_date,
)


class CellKind(StrEnum):
    TEXT = "text"
    AMOUNT = "amount"  # int đồng, shown 1.234.567
    COUNT = "count"  # a whole number such as shares bought
    YEAR = "year"  # a year, may be blank
    CHECK = "check"  # yes / no (present, absent)
    DATE = "date"  # dd/mm/yyyy, may be blank
    CHOICE = "choice"  # one of a closed list


NUMERIC_KINDS = frozenset({CellKind.AMOUNT, CellKind.COUNT, CellKind.YEAR})

_YES = {"1", "x", "có", "co", "c", "true", "yes", "y", "✓", "✔"}
_NO = {"", "0", "không", "khong", "k", "vắng", "vang", "v", "false", "no", "n", "-"}
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class Choice:
    value: Any
    label: str


def parse_flag(text: str) -> bool:
    word = nfc(text).strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise InputError(_("'{text}' is not a yes or no; type 1 for yes and 0 for no.").format(
        text=text.strip()), text)


def parse_count(text: str) -> int:
    """A whole number typed in a cell (blank is 0)."""
    body = text.strip()
    if not body:
        return 0
    if not _DIGITS.fullmatch(body):
        if body[0] in "-−" and _DIGITS.fullmatch(body[1:].strip()):
            raise InputError(_("'{text}' is negative: type 0 or more.").format(text=body), text)
        raise InputError(_("'{text}' is not a whole number.").format(text=body), text)
    return int(body)


def parse_year(text: str) -> int | None:
    body = text.strip()
    if not body:
        return None
    if not _DIGITS.fullmatch(body) or len(body) != 4:
        raise InputError(_("'{text}' is not a year; write four digits, e.g. 1958.").format(
            text=body), text)
    return int(body)


def parse_choice(text: str, choices: Sequence[Choice]) -> Any:
    """The choice whose label or code was typed (case and diacritics may be left out)."""
    typed = fold(text.strip())
    for choice in choices:
        if typed in (fold(choice.label), fold(str(choice.value))):
            return choice.value
    raise InputError(_("'{text}' is not in the list: {choices}.").format(
        text=text.strip(), choices=", ".join(choice.label for choice in choices)), text)


def parse_cell(kind: CellKind, text: str, choices: Sequence[Choice] = ()) -> Any:
    """The value of ``text`` typed into a cell of ``kind``; raises ``InputError`` with a
    Vietnamese message the grid shows as the cell's tooltip."""
    if kind == CellKind.AMOUNT:
        return parse_amount(text)
    if kind == CellKind.COUNT:
        return parse_count(text)
    if kind == CellKind.YEAR:
        return parse_year(text)
    if kind == CellKind.CHECK:
        return parse_flag(text)
    if kind == CellKind.DATE:
        return parse_date(text) if text.strip() else None
    if kind == CellKind.CHOICE:
        return parse_choice(text, choices)
    return nfc(" ".join(text.split()))


def format_cell(kind: CellKind, value: Any, choices: Sequence[Choice] = ()) -> str:
    """A value as the grid shows it. Zero amounts are left blank, like an empty box on the
    paper form, so that the figures that matter stand out."""
    if value is None:
        return ""
    if kind == CellKind.AMOUNT:
        return format_amount(value) if value else ""
    if kind == CellKind.COUNT:
        return str(value) if value else ""
    if kind == CellKind.YEAR:
        return str(value)
    if kind == CellKind.CHECK:
        return ""
    if kind == CellKind.DATE:
        return format_date(value)
    if kind == CellKind.CHOICE:
        return next((choice.label for choice in choices if choice.value == value), str(value))
    return str(value)


def edit_text(kind: CellKind, value: Any, choices: Sequence[Choice] = ()) -> str:
    """The text an editor opens with (F2): like the display, but a check shows 1 or 0."""
    if kind == CellKind.CHECK:
        return "1" if value else "0"
    return format_cell(kind, value, choices)


def parse_block(text: str) -> list[list[str]]:
    """Cells copied from Excel or LibreOffice: tab-separated, one line per row, fields with
    tabs or line breaks inside quotes. The trailing line break Excel adds is not a row."""
    if not text:
        return []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
    rows = [row if row else [""] for row in reader]
    while rows and rows[-1] == [""] and text.endswith(("\n", "\r")):
        rows.pop()
    return rows


def block_text(rows: Sequence[Sequence[str]]) -> str:
    """Cells for the clipboard, as Excel writes them (quotes only where needed)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue()


def block_targets(block: Sequence[Sequence[str]], row: int, start: int,
                  columns: Sequence[IntEnum], row_count: int,
                  selection: Sequence[tuple[int, IntEnum]] = (),
                  ) -> tuple[list[tuple[int, IntEnum, str]], int]:
    """Where each pasted value goes: ``(row, column, text)`` from the top-left cell
    (``row``, column position ``start``), and how many non-blank values fell past the
    grid's edge. One value pasted on a selection of several cells fills them all."""
    if len(block) == 1 and len(block[0]) == 1 and len(selection) > 1:
        return [(r, c, block[0][0]) for r, c in selection], 0
    entries: list[tuple[int, IntEnum, str]] = []
    outside = 0
    for i, line in enumerate(block):
        for j, cell in enumerate(line):
            if row + i >= row_count or start + j >= len(columns):
                outside += 1 if cell.strip() else 0
                continue
            entries.append((row + i, columns[start + j], cell))
    return entries, outside
