"""The cells of an ``.xlsx`` workbook, read straight from its sheets' XML.

A workbook that came from somewhere else is read here rather than through openpyxl's
worksheets, for three reasons:

* **Only what is there.** A sheet's XML lists the rows and cells that hold something; one
  stray cell at row 1,048,576, column 200 is one cell, not a table of 200 million. The work
  is bounded by the file's real content, and a sheet holding more cells than any real group
  workbook or return is refused, naming the sheet, before it is read to the end
  (``Limits.max_sheet_cells``).
* **Formulas without a value.** A formula cell keeps the value its program last computed
  (``<v>``) beside the formula (``<f>``). Excel and LibreOffice always store it; a program
  that writes formulas without computing them stores none, and reading "values only" would
  turn such a cell into an empty one, i.e. 0. Here such a cell is a :class:`CellFault`.
* **Error values.** ``#REF!``, ``#DIV/0!``… are a cell type of their own (``t="e"``), never
  text; they too are a :class:`CellFault`, and so is text that is exactly an error code.

Values come back as openpyxl would give them: numbers as ``int`` or ``float``, dates (number
cells shown with a date format) as ``datetime``, text as ``str``, booleans as ``bool``.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError, iterparse

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from desktop.i18n import _
from desktop.models.formatting import format_amount
from desktop.workbooks.safe_xlsx import Limits

ERROR_CODES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                         "#GETTING_DATA", "#SPILL!", "#CALC!"})
_MAX_ROW = 1_048_576
_MAX_COLUMN = 16_384
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class Unreadable(Exception):
    """The workbook, or one of its sheets, cannot be read: ``message`` says why."""

    def __init__(self, message: str, sheet: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.sheet = sheet


def damaged_file() -> str:
    """The sentence for a file that is not a sound workbook inside."""
    return _("The file is damaged: it cannot be opened as an Excel workbook (.xlsx).")


@dataclass(frozen=True)
class CellFault:
    """A cell whose value cannot be taken: an Excel error value, or a formula that was never
    computed."""

    error: str = ""  # the error code, such as "#REF!"
    formula: str = ""  # the formula of a cell without a computed value

    def detail(self) -> str:
        """What is wrong, for the clerk (a lower-case sentence without the cell's name)."""
        if self.error:
            return _("the cell holds the Excel error {code} instead of a value; correct the "
                     "formula or type the value").format(code=self.error)
        return _("the cell holds a formula (={formula}) whose result was never computed: the "
                 "file was written by a program that does not calculate. Open the file in "
                 "Excel or LibreOffice, save it and import it again").format(
                     formula=self.formula[:60] or "…")


@dataclass
class Sheet:
    """The cells present in one sheet, by row and column number (both from 1)."""

    title: str
    cells: dict[int, dict[int, object]] = field(default_factory=dict)
    percent_cells: set[tuple[int, int]] = field(default_factory=set)
    elements_read: int = 0  # rows and cells of the XML taken in: the work done

    def rows(self, min_row: int = 1, max_row: int | None = None) -> Iterator[
            tuple[int, Mapping[int, object]]]:
        """The rows holding at least one cell, in order, as (row number, column → value)."""
        for number in sorted(self.cells):
            if number < min_row:
                continue
            if max_row is not None and number > max_row:
                break
            yield number, self.cells[number]

    def row(self, number: int) -> Mapping[int, object]:
        return self.cells.get(number, {})


def _local(tag: str) -> str:
    """The tag without its namespace: the transitional and strict schemas say the same."""
    return tag.rpartition("}")[2]


def _text_of(element: Element) -> str:
    """The text of a string item: its ``<t>``, or its runs' ``<t>`` (phonetic hints left)."""
    parts: list[str] = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(grandchild.text or "" for grandchild in child
                         if _local(grandchild.tag) == "t")
    return "".join(parts)


def _number(text: str) -> int | float:
    if any(mark in text for mark in ".eE"):
        number = float(text)
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(text)
        return number
    return int(text)


def _coordinates(reference: str) -> tuple[int, int]:
    letters = reference.rstrip("0123456789")
    digits = reference[len(letters):]
    if not letters or not digits:
        raise ValueError(reference)
    return int(digits), column_index_from_string(letters.replace("$", ""))


class Book:
    """An ``.xlsx`` file opened for reading its sheets' cells; sheets are read on demand."""

    def __init__(self, path: Path | IO[bytes], limits: Limits, damaged: str) -> None:
        self.limits = limits
        self.damaged = damaged  # the sentence for a part found damaged while reading
        self._archive = zipfile.ZipFile(path)
        try:
            self._names = set(self._archive.namelist())
            self._epoch = CALENDAR_WINDOWS_1900
            self._parts: dict[str, str] = {}  # sheet title → part name
            self._titles: list[str] = []
            self._others: dict[str, str] = {}  # "sharedStrings", "styles" → part name
            self._read_workbook()
            self._strings = self._read_strings()
            self._dates, self._percents = self._read_styles()
        except BaseException:
            self._archive.close()
            raise

    def close(self) -> None:
        self._archive.close()

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def sheetnames(self) -> list[str]:
        return list(self._titles)

    # -- the workbook's parts ---------------------------------------------------------------
    def _open(self, name: str) -> IO[bytes]:
        return self._archive.open(name)

    def _elements(self, name: str) -> Iterator[Element]:
        """The elements of a part as each one ends (a stream: nothing held but the caller's
        pick)."""
        with self._open(name) as stream:
            for _event, element in iterparse(stream, events=("end",)):
                yield element

    def _relationships(self, name: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, part name) of the part ``name``."""
        folder, base = posixpath.split(name)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        found: dict[str, tuple[str, str]] = {}
        if rels not in self._names:
            return found
        for element in self._elements(rels):
            if _local(element.tag) != "Relationship" or element.get("TargetMode") == "External":
                continue
            target = element.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            found[element.get("Id", "")] = (element.get("Type", ""), part)
        return found

    def _read_workbook(self) -> None:
        relationships = self._relationships("xl/workbook.xml")
        for element in self._elements("xl/workbook.xml"):
            name = _local(element.tag)
            if name == "workbookPr" and element.get("date1904", "").lower() in ("1", "true"):
                self._epoch = CALENDAR_MAC_1904
            elif name == "sheet":
                title = element.get("name", "")
                kind, part = relationships.get(element.get(_RELATIONSHIP, ""), ("", ""))
                if kind.endswith("/worksheet") and part in self._names:
                    self._titles.append(title)
                    self._parts[title] = part
        self._others.update({kind.rpartition("/")[2]: part
                             for kind, part in relationships.values() if part in self._names})

    def _read_strings(self) -> list[str]:
        part = self._others.get("sharedStrings")
        strings: list[str] = []
        if part is None:
            return strings
        for element in self._elements(part):
            if _local(element.tag) == "si":
                strings.append(_text_of(element))
                element.clear()
                if len(strings) > self.limits.max_strings:
                    raise Unreadable(_(
                        "The workbook holds more than {count} different texts, far more than "
                        "such a workbook; it was not read.").format(
                            count=format_amount(self.limits.max_strings)))
        return strings

    def _read_styles(self) -> tuple[frozenset[int], frozenset[int]]:
        """The cell styles (by index) that show a number as a date, and as a percentage."""
        part = self._others.get("styles")
        if part is None:
            return frozenset(), frozenset()
        formats: dict[int, str] = dict(BUILTIN_FORMATS)
        styles: list[int] = []
        in_cell_styles = False
        with self._open(part) as stream:
            for event, element in iterparse(stream, events=("start", "end")):
                name = _local(element.tag)
                if name == "cellXfs":
                    in_cell_styles = event == "start"
                elif event == "end" and name == "numFmt":
                    formats[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
                elif event == "end" and name == "xf" and in_cell_styles:
                    styles.append(int(element.get("numFmtId", "0")))
        dates = frozenset(index for index, code in enumerate(styles)
                          if is_date_format(formats.get(code, "General")))
        percents = frozenset(index for index, code in enumerate(styles)
                             if "%" in formats.get(code, ""))
        return dates, percents

    # -- sheets -----------------------------------------------------------------------------
    def read_sheet(self, title: str) -> Sheet:
        """Every cell of the sheet ``title`` that holds something. Raises
        :class:`Unreadable` for a damaged sheet or one larger than ``limits`` allow."""
        sheet = Sheet(title)
        row_number = column = 0
        budget = self.limits.max_sheet_cells
        try:
            with self._open(self._parts[title]) as stream:
                for event, element in iterparse(stream, events=("start", "end")):
                    name = _local(element.tag)
                    if name == "row" and event == "start":
                        sheet.elements_read += 1
                        given = element.get("r")
                        row_number = int(given) if given else row_number + 1
                        column = 0
                    elif name == "row":
                        element.clear()
                    elif name == "c" and event == "end":
                        sheet.elements_read += 1
                        reference = element.get("r")
                        if reference:
                            row_number, column = _coordinates(reference)
                        else:
                            column += 1
                        if not (1 <= row_number <= _MAX_ROW and 1 <= column <= _MAX_COLUMN):
                            raise ValueError(reference)
                        value, percent = self._value(element)
                        if value is not None:
                            sheet.cells.setdefault(row_number, {})[column] = value
                            if percent:
                                sheet.percent_cells.add((row_number, column))
                        element.clear()
                    if sheet.elements_read > budget:
                        raise Unreadable(_(
                            "the sheet holds more than {count} cells, more than any real "
                            "workbook of this kind; it was not read. Delete the rows and "
                            "columns that do not belong there (Ctrl+End shows the last cell in "
                            "use) and save the file again").format(
                                count=format_amount(budget)), sheet=title)
        except (KeyError, ValueError, IndexError, ParseError, zipfile.BadZipFile,
                zlib.error, EOFError, OSError):
            raise Unreadable(self.damaged) from None
        return sheet

    def _value(self, element: Element) -> tuple[object, bool]:
        """The value of a ``<c>`` element, and whether it is shown as a percentage."""
        kind = element.get("t", "n")
        formula = value_text = None
        inline: Element | None = None
        for child in element:
            name = _local(child.tag)
            if name == "v":
                value_text = child.text or ""
            elif name == "f":
                formula = child.text or ""
            elif name == "is":
                inline = child
        if kind == "inlineStr":
            text = _text_of(inline) if inline is not None else ""
            return (CellFault(error=text) if text.strip() in ERROR_CODES else text), False
        if kind == "e":
            return CellFault(error=(value_text or "#VALUE!").strip()), False
        if formula is not None and not value_text and kind != "str":
            return CellFault(formula=formula), False
        if value_text is None:
            return None, False
        if kind == "s":
            text = self._strings[int(value_text)]
            return (CellFault(error=text) if text.strip() in ERROR_CODES else text), False
        if kind == "str":
            return (CellFault(error=value_text) if value_text.strip() in ERROR_CODES
                    else value_text), False
        if kind == "b":
            return value_text.strip() in ("1", "true"), False
        if kind == "d":
            return dt.datetime.fromisoformat(value_text.strip()), False
        if not value_text.strip():
            return None, False
        number = _number(value_text.strip())
        style = int(element.get("s", "0") or 0)
        if style in self._dates:
            try:
                return from_excel(number, self._epoch), False
            except (OverflowError, ValueError):
                return CellFault(error="#VALUE!"), False
        return number, style in self._percents


def open_book(path: str | Path | IO[bytes], limits: Limits,
              damaged: str | None = None) -> Book:
    """The workbook at ``path`` (already checked by ``safe_xlsx.check_xlsx``). Raises
    :class:`Unreadable` when it cannot be read; ``damaged`` is the sentence then (and when a
    sheet read later turns out damaged)."""
    sentence = damaged or damaged_file()
    try:
        return Book(Path(path) if isinstance(path, str) else path, limits, sentence)
    except Unreadable:
        raise
    except (KeyError, ValueError, IndexError, ParseError, zipfile.BadZipFile, zlib.error,
            EOFError, OSError):
        raise Unreadable(sentence) from None
