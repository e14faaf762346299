"""Mutating group workbooks and quarterly returns, and importing what comes out (issue 10).

Two families of damage, each a function of (original bytes, random source) → new bytes:

- *cells*: the workbook opened with openpyxl and changed the way people and other programs
  change spreadsheets — a cell of another type, huge or negative numbers, junk Unicode, a
  formula, a date typed as text, a row copied over another, a sheet, rows or columns deleted;
- *bytes*: the file damaged as disks, e-mail and attackers damage files — cut short, a bit
  flipped, a part's XML cut or swelled by an entity bomb, a zip bomb in place of a sheet,
  an encrypted (password-protected) package, an entry marked encrypted.

``import_and_judge`` imports one mutated file into a copy of an office ledger and says what
happened: ``imported``, ``refused`` (and the ledger's digest unchanged) — or ``FAILED: …``
(a traceback, a partial import, a refusal without a sentence). It also measures the time and
the peak memory of that one import. Used by ``tests/test_fuzz_imports.py`` (hypothesis) and
``benchmarks/fuzz_benchmark.py`` (thousands).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import shutil
import struct
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crash_harness import digest
from openpyxl import load_workbook

# -- values people type -------------------------------------------------------------------------
JUNK_TEXT = ["", " ", "\u200b", "\u202eTV01", "Nguyễn\u0301 Thị", "𝕋𝕍𝟘𝟙", "🙂🙂", "\x01\x02",
             "TV01\t", "=1+1", "'0123", "NULL", "None", "#REF!", "#N/A", "1e309", "-0",
             "١٢٣", "१२३", "x" * 5000, "Robert'); DROP TABLE members;--", "../../etc/passwd",
             "\ufeffTV02", "TV\u00a001", "ℌ𝔬𝔞 𝔖𝔢𝔫"]
NUMBERS = [0, -1, -20_000, 10**15, -(10**15), 10**30, 2**63, 1e308, -1e-308, 0.5, 19_999.999,
           3.14159, float("inf"), float("-inf")]
FORMULAS = ["=1/0", "=SUM(A1:A1048576)", "=HYPERLINK(\"http://x\",\"y\")", "=A1", "=NOW()",
            "=REPT(\"x\",32767)", "=cmd|' /C calc'!A0"]
DATES_AS_TEXT = ["31/02/2026", "2026-13-01", "00/00/0000", "1/1/1900", "32/12/2026",
                 "ngày 5 tháng 10", "2026/10/05", "5.10.2026", "45000", "-1"]


def random_value(rng: random.Random) -> object:
    kind = rng.randrange(7)
    if kind == 0:
        return rng.choice(JUNK_TEXT)
    if kind == 1:
        return rng.choice(NUMBERS)
    if kind == 2:
        return rng.choice(FORMULAS)
    if kind == 3:
        return rng.choice(DATES_AS_TEXT)
    if kind == 4:
        return rng.choice([True, False, None])
    if kind == 5:
        return rng.choice([dt.datetime(1899, 12, 31), dt.datetime(9999, 12, 31),
                           dt.datetime(2026, 2, 28, 23, 59), dt.date(2026, 10, 5)])
    return rng.randint(-(10**6), 10**6)


# -- cell mutations -----------------------------------------------------------------------------
def mutate_cells(data: bytes, rng: random.Random, changes: int = 3) -> bytes:
    """Up to ``changes`` spreadsheet-level changes of the workbook in ``data``."""
    book = load_workbook(io.BytesIO(data))
    for _ in range(max(1, changes)):
        sheet = rng.choice(book.worksheets)
        action = rng.randrange(8)
        rows, columns = max(sheet.max_row, 1), max(sheet.max_column, 1)
        if action <= 2:  # a cell of another type or value
            _put(sheet.cell(rng.randint(1, rows), rng.randint(1, columns)), random_value(rng))
        elif action == 3:  # a row copied over another (duplicates)
            source, target = rng.randint(1, rows), rng.randint(1, rows)
            for column in range(1, columns + 1):
                sheet.cell(target, column).value = sheet.cell(source, column).value
        elif action == 4:
            sheet.delete_rows(rng.randint(1, rows), rng.randint(1, 3))
        elif action == 5:
            sheet.delete_cols(rng.randint(1, columns), 1)
        elif action == 6 and len(book.worksheets) > 1:
            book.remove(sheet)
        else:  # a far cell, or the sheet renamed
            if rng.random() < 0.5:
                _put(sheet.cell(rng.randint(1, 5000), rng.randint(1, 300)), random_value(rng))
            else:
                sheet.title = rng.choice(["Sheet1", "Nhóm", "NHOM", "Trang 1", "x" * 31])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put(cell: Any, value: object) -> None:
    try:
        cell.value = value
    except Exception:  # openpyxl refuses control characters: their escaped text instead
        cell.value = repr(value)


# -- byte mutations -----------------------------------------------------------------------------
def _members(data: bytes) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.infolist()


def _rewrite(data: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, change(info.filename, source.read(info)))
    return out.getvalue()


def _sheet_names(data: bytes) -> list[str]:
    return [info.filename for info in _members(data)
            if info.filename.startswith("xl/worksheets/sheet")] or ["xl/workbook.xml"]


def truncated(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(0, len(data))]


def bit_flipped(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
    return bytes(damaged)


ENTITY_BOMB = (b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [\n<!ENTITY a "aaaaaaaaaa">\n'
               + b"".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">\n'
                          .encode() for n in range(9))
               + b"]>\n")


def entity_bomb(data: bytes, rng: random.Random) -> bytes:
    """A sheet (or the workbook, or the shared strings) swelled by a billion-laughs DTD."""
    target = rng.choice([*_sheet_names(data), "xl/workbook.xml", "xl/sharedStrings.xml"])

    def change(name: str, content: bytes) -> bytes:
        if name != target:
            return content
        body = content.split(b"?>", 1)[-1]
        return ENTITY_BOMB + body.replace(b"<c ", b"<c x='&j;' ", 1) if b"<c " in body \
            else ENTITY_BOMB + body.replace(b">", b">&j;", 1)
    return _rewrite(data, change)


def external_entity(data: bytes, rng: random.Random) -> bytes:
    """A sheet whose DTD asks for a file of the computer (XXE)."""
    target = rng.choice(_sheet_names(data))
    doctype = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
    return _rewrite(data, lambda name, content: doctype + content.split(b"?>", 1)[-1]
                    .replace(b"</sheetData>", b"<row r='999'><c r='A999' t='inlineStr'><is>"
                             b"<t>&e;</t></is></c></row></sheetData>", 1)
                    if name == target else content)


def cut_xml(data: bytes, rng: random.Random) -> bytes:
    target = rng.choice([*_sheet_names(data), "xl/workbook.xml", "[Content_Types].xml"])
    return _rewrite(data, lambda name, content: content[:rng.randrange(len(content) or 1)]
                    if name == target else content)


def zip_bomb(data: bytes, rng: random.Random) -> bytes:
    """A sheet replaced by tens of megabytes of one character (deflates ~1,000 to 1)."""
    target = rng.choice(_sheet_names(data))
    size = rng.choice([30, 120]) * 1024 * 1024
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for info in source.infolist():
            if info.filename != target:
                archive.writestr(info, source.read(info))
                continue
            with archive.open(target, "w", force_zip64=True) as sheet:
                chunk = b"<row>" + b"0" * (1024 * 1024 - 5)
                for _ in range(size // len(chunk)):
                    sheet.write(chunk)
    return out.getvalue()


OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def password_protected(data: bytes, rng: random.Random) -> bytes:
    """What Excel writes for a workbook with a password: an OLE file with an encrypted
    package (only its shape matters here), or a zip whose entries are marked encrypted."""
    if rng.random() < 0.5:
        return (OLE_SIGNATURE + bytes(504) + "EncryptedPackage".encode("utf-16-le")
                + rng.randbytes(2000))
    damaged = bytearray(data)
    position = damaged.find(b"PK\x01\x02")
    while position >= 0:
        damaged[position + 8] |= 1  # general purpose flag, bit 0: encrypted
        position = damaged.find(b"PK\x01\x02", position + 4)
    return bytes(damaged)


def members_shuffled(data: bytes, rng: random.Random) -> bytes:
    """A part missing, or one part's bytes under another's name."""
    names = [info.filename for info in _members(data)]
    gone = rng.choice(names)
    swap = rng.choice(names)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            if name == gone:
                continue
            target.writestr(name, source.read(swap if rng.random() < 0.2 else name))
    return out.getvalue()


def understated_size(data: bytes, rng: random.Random) -> bytes:
    """A member holding more than its headers declare."""
    info = rng.choice(_members(data))
    damaged = bytearray(data)
    fake = max(1, info.file_size // 10)
    struct.pack_into("<I", damaged, info.header_offset + 22, fake)
    return bytes(damaged)


BYTE_MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "truncated": truncated, "bit flipped": bit_flipped, "entity bomb": entity_bomb,
    "external entity": external_entity, "xml cut": cut_xml, "zip bomb": zip_bomb,
    "password": password_protected, "parts shuffled": members_shuffled,
    "size understated": understated_size,
}


# -- importing and judging ------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    verdict: str  # "imported", "refused", or "FAILED: …"
    seconds: float
    peak_bytes: int  # the process's peak resident memory during this import (0: unknown)
    grew_bytes: int  # how far that peak rose above the memory before the import


def _status(field: str) -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def peak_reset() -> int:
    """Start measuring the peak resident memory afresh (Linux: ``clear_refs``); returns the
    resident memory now (0 where this cannot be measured)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return 0
    return _status("VmRSS")


def peak_bytes() -> int:
    return _status("VmHWM")


def import_and_judge(kind: str, data: bytes, office: Path, work: Path) -> Outcome:
    """Import ``data`` (a ``group`` workbook or a ``return``) into a copy of ``office``."""
    from desktop.models.database import open_ledger
    from desktop.models.errors import LedgerError
    from desktop.models.integrity import check_ledger
    from desktop.models.permissions import SYSTEM
    from desktop.workbooks.group_import import import_group_file
    from desktop.workbooks.return_files import ImportStatus, import_returns

    work.mkdir(parents=True, exist_ok=True)
    ledger_path = work / "office.sqlite"
    shutil.copy(office, ledger_path)
    path = work / ("HS01.xlsx" if kind == "group" else "04321_2026Q1.xlsx")
    path.write_bytes(data)
    before = digest(ledger_path)
    ledger = open_ledger(ledger_path)
    resident = peak_reset()
    started = time.perf_counter()
    try:
        if kind == "group":
            result = import_group_file(ledger, path, SYSTEM)
            imported, messages = result.ok, [p.message for p in result.problems]
        else:
            [outcome] = import_returns(ledger, [path], SYSTEM)
            imported = outcome.status != ImportStatus.REFUSED
            messages = [p.message for p in outcome.problems]
    except LedgerError as refusal:
        imported, messages = False, [str(refusal)]
    except Exception as error:  # what must never happen: a traceback for the clerk
        ledger.close()
        peak = peak_bytes() if resident else 0
        return Outcome(f"FAILED: {type(error).__name__}: {error}"[:300],
                       time.perf_counter() - started, peak, max(peak - resident, 0))
    seconds = time.perf_counter() - started
    peak = peak_bytes() if resident else 0
    grew = max(peak - resident, 0)
    try:
        if not imported:
            ledger.close()
            if not messages or not all(message.strip() for message in messages):
                return Outcome("FAILED: refused without a sentence", seconds, peak, grew)
            if digest(ledger_path) != before:
                return Outcome("FAILED: refused, but the ledger changed", seconds, peak, grew)
            return Outcome("refused", seconds, peak, grew)
        with ledger.session() as session:
            problems = check_ledger(session)
        if problems:
            return Outcome(f"FAILED: imported, but check finds {problems[0]}", seconds, peak,
                           grew)
        return Outcome("imported", seconds, peak, grew)
    finally:
        ledger.close()
