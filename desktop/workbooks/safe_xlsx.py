"""Checking a file before openpyxl touches it: is it really a small, sound ``.xlsx``?

A province office opens files sent by a hundred communes. Some are not workbooks at all (a
CSV renamed to ``.xlsx``, an old ``.xls``, a password-protected workbook, which Excel saves as
an OLE compound file), some were cut short by e-mail or a USB stick, and one may be a zip bomb.
Everything here is decided from the file's size, its first bytes and the zip's central
directory — nothing is inflated — so a bad file is refused in milliseconds and memory stays
bounded whatever the file claims to hold.

Once a file passes, every later read stays within the caps: Python's ``zipfile`` never inflates
an entry beyond the size its central directory declares (it raises a CRC error instead), and
those declared sizes are what is checked here.
"""

from __future__ import annotations

import os
import struct
import zipfile
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO

from desktop.i18n import _
from desktop.models.errors import Problem

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_LOCAL_HEADER = b"PK\x03\x04"
_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_MAX_COMMENT = 65_535
_LOCAL_HEADER_SIZE = 30
# An encrypted OOXML package keeps its workbook in an OLE stream of this (UTF-16) name.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
_MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How large a workbook may be; the defaults are a quarterly return's (a real one is
    10–100 KB). The caps leave room for a province's biggest commune (a group workbook:
    ``GROUP_WORKBOOK_LIMITS``) and stop anything built to exhaust the office's PC."""

    max_file_bytes: int = 10 * _MIB
    max_entries: int = 1_000
    max_directory_bytes: int = 1 * _MIB
    max_uncompressed_bytes: int = 100 * _MIB
    # Spreadsheet XML compresses 5–30×; deflate cannot do better than ~1,030×. A large part
    # compressed beyond this ratio is a bomb, not a table of 40 groups.
    max_ratio: int = 200
    ratio_applies_from: int = 1 * _MIB
    # Read cell by cell (``xlsx_cells``): a return of 40 groups is about 1,000 cells, a
    # province's largest commune a few thousand. The rows and cells of one sheet's XML, and
    # the different texts of the whole workbook, beyond which it is not read.
    max_sheet_cells: int = 100_000
    max_strings: int = 100_000


DEFAULT_LIMITS = Limits()
# A group workbook: a club of 70 members meeting weekly for a year and a half fills some
# 5,500 rows of 13 cells in sheet BuoiHop (about 75,000 cells).
GROUP_WORKBOOK_LIMITS = Limits(max_sheet_cells=500_000, max_strings=200_000)


def _megabytes(size: int) -> str:
    """``12.3`` MB written the Vietnamese way (``12,3``), for messages."""
    return f"{size / _MIB:.1f}".replace(".", ",")


class _Refusal(Exception):
    """Internal: stop checking with one problem."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _damaged() -> _Refusal:
    return _Refusal(_("The file is damaged and cannot be read as an Excel workbook; ask the "
                      "commune to save it again in Excel and send it again."))


def _too_large_inside(size: int, limits: Limits) -> _Refusal:
    return _Refusal(_(
        "Opened, the file would take {size} MB, far more than such a workbook can "
        "hold (at most {limit} MB); it was refused without being opened. It may be damaged "
        "or made to harm the computer.").format(
            size=_megabytes(size), limit=_megabytes(limits.max_uncompressed_bytes)))


def _check_ole(handle: BinaryIO, size: int) -> None:
    """An OLE compound file: a password-protected workbook, or an old ``.xls``."""
    handle.seek(0)
    body = handle.read(size)  # the size is already capped
    if _ENCRYPTED_PACKAGE in body:
        raise _Refusal(_(
            "The file is protected by a password, so it cannot be read. Open it in Excel, "
            "remove the password (File › Info › Protect Workbook › Encrypt with Password), "
            "save it and send it again."))
    raise _Refusal(_(
        "The file is in the old Excel 97–2003 format (.xls). Open it in Excel and save it "
        "as an Excel Workbook (.xlsx), then import it again."))


def _looks_like_text(head: bytes) -> bool:
    return bool(head) and b"\x00" not in head


def _not_a_zip(head: bytes) -> _Refusal:
    if _looks_like_text(head):
        return _Refusal(_(
            "The file is a text or CSV file renamed to .xlsx, not an Excel workbook. Open it "
            "in Excel and save it as an Excel Workbook (.xlsx)."))
    return _Refusal(_("The file is not an Excel workbook (.xlsx)."))


def _read_directory_bounds(handle: BinaryIO, size: int, limits: Limits) -> tuple[int, int, int]:
    """(entries, directory size, directory offset) from the end-of-central-directory record,
    following a Zip64 locator when there is one."""
    tail_length = min(size, _EOCD_SIZE + _MAX_COMMENT)
    handle.seek(size - tail_length)
    tail = handle.read(tail_length)
    position = tail.rfind(_EOCD)
    if position < 0 or position + _EOCD_SIZE > len(tail):
        # A zip's directory is at its very end: a file cut short has lost it.
        raise _Refusal(_("The file is incomplete (its end is missing) or damaged; ask the "
                         "commune to send it again."))
    (_sig, disk, directory_disk, _on_disk, entries, directory_size, directory_offset,
     _comment) = struct.unpack("<4s4H2LH", tail[position:position + _EOCD_SIZE])
    eocd_at = size - tail_length + position
    if disk or directory_disk:
        raise _damaged()  # a split (multi-volume) archive is never a workbook
    if 0xFFFF in (entries,) or 0xFFFFFFFF in (directory_size, directory_offset):
        locator = tail[position - 20:position] if position >= 20 else b""
        if len(locator) != 20 or not locator.startswith(_ZIP64_LOCATOR):
            raise _damaged()
        (_sig64, _disk64, record_at, _disks) = struct.unpack("<4sLQL", locator)
        if record_at + 56 > size:
            raise _damaged()
        handle.seek(record_at)
        record = handle.read(56)
        if not record.startswith(_ZIP64_EOCD):
            raise _damaged()
        entries, directory_size, directory_offset = struct.unpack("<QQQ", record[32:56])
        eocd_at = record_at
    if directory_offset + directory_size > eocd_at:
        raise _Refusal(_("The file is incomplete (its end is missing) or damaged; ask the "
                         "commune to send it again."))
    if entries > limits.max_entries or directory_size > limits.max_directory_bytes:
        raise _Refusal(_(
            "The file holds {count} parts, far more than an Excel workbook; it was refused "
            "without being opened. It may be damaged or made to harm the computer.").format(
                count=entries))
    return entries, directory_size, directory_offset


def _check_entries(path: Path, limits: Limits) -> None:
    """Sizes, ratios, overlaps, encryption and the workbook part, from the directory only."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, struct.error):
        raise _damaged() from None
    names = set()
    total = 0
    for info in infos:
        names.add(info.filename)
        if info.flag_bits & 0x1:
            raise _Refusal(_(
                "The file is protected by a password, so it cannot be read. Open it in Excel, "
                "remove the password, save it and send it again."))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _damaged()
        total += info.file_size
        if total > limits.max_uncompressed_bytes:
            raise _too_large_inside(total, limits)
        if (info.file_size >= limits.ratio_applies_from
                and info.file_size > limits.max_ratio * max(info.compress_size, 1)):
            raise _too_large_inside(info.file_size, limits)
    # Entries that share compressed bytes multiply one payload many times over (an
    # "overlapping" bomb); in a true zip each entry's data ends before the next one starts.
    ordered = sorted(infos, key=lambda info: info.header_offset)
    for current, following in pairwise(ordered):
        minimum_end = (current.header_offset + _LOCAL_HEADER_SIZE
                       + len(current.orig_filename.encode("utf-8", "replace"))
                       + current.compress_size)
        if minimum_end > following.header_offset:
            raise _too_large_inside(total, limits) if total else _damaged()
    missing = [part for part in REQUIRED_PARTS if part not in names]
    if missing:
        raise _Refusal(_(
            "The file is a zip archive but not an Excel workbook (the part {part} is missing). "
            "Open it in Excel and save it as an Excel Workbook (.xlsx).").format(part=missing[0]))


def check_xlsx(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> list[Problem]:
    """The problems that make ``path`` unsafe or impossible to open as an ``.xlsx``; an empty
    list means openpyxl may read it. Each problem names the file (its base name)."""
    path = Path(path)
    name = path.name
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size == 0:
                raise _Refusal(_("The file is empty (0 bytes); it is not an Excel workbook."))
            if size > limits.max_file_bytes:
                raise _Refusal(_(
                    "The file is {size} MB, larger than such a workbook can be (at most "
                    "{limit} MB); it was not opened.").format(
                        size=_megabytes(size), limit=_megabytes(limits.max_file_bytes)))
            head = handle.read(2048)
            if head.startswith(OLE_SIGNATURE):
                _check_ole(handle, size)
            if not head.startswith(ZIP_LOCAL_HEADER):
                if head.startswith(_EOCD):
                    raise _Refusal(_("The file is an empty zip archive, not an Excel workbook."))
                raise _not_a_zip(head)
            _read_directory_bounds(handle, size, limits)
    except _Refusal as refusal:
        return [Problem(refusal.message, file=name)]
    except IsADirectoryError:
        return [Problem(_("This is a folder, not a file."), file=name)]
    except OSError as error:
        return [Problem(_("The file cannot be read: {reason}").format(
            reason=error.strerror or error), file=name)]
    try:
        _check_entries(path, limits)
    except _Refusal as refusal:
        return [Problem(refusal.message, file=name)]
    return []
