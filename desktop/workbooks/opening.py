"""Opening a workbook that came from somewhere else, without trusting it.

An uploaded file may be a renamed CSV, a damaged zip, a password-protected or old ``.xls``
workbook, or a zip bomb. Each becomes one :class:`~desktop.models.errors.Problem` with a
sentence the clerk can act on; nothing here raises for a bad file.
"""

from __future__ import annotations

import os
import warnings
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from desktop.i18n import _
from desktop.workbooks.cells import Problems

MAX_FILE_BYTES = 30 * 1024 * 1024
"""Larger files are refused before they are read: a real workbook here is far smaller."""

MAX_UNPACKED_BYTES = 300 * 1024 * 1024
"""What the zip may unpack to, in all."""

MAX_RATIO = 200
"""Largest unpacked ÷ packed size of one member of the zip (a zip bomb compresses far more)."""

# Encrypted .xlsx files and old .xls workbooks are OLE compound files with this signature.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _check_zip(path: Path, problems: Problems) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            unpacked = sum(member.file_size for member in members)
            too_packed = any(
                member.file_size > 1024 * 1024
                and member.file_size > MAX_RATIO * max(member.compress_size, 1)
                for member in members
            )
    except (zipfile.BadZipFile, OSError, ValueError):
        problems.in_file(_("The file is damaged: it cannot be opened as an Excel workbook "
                           "(.xlsx)."))
        return False
    if "xl/workbook.xml" not in names:
        problems.in_file(_("The file is not an Excel workbook (.xlsx)."))
        return False
    if unpacked > MAX_UNPACKED_BYTES or too_packed:
        problems.in_file(_("The file unpacks to far more data than a workbook holds; it was "
                           "not opened."))
        return False
    return True


def open_workbook(path: str | os.PathLike[str], problems: Problems) -> Workbook | None:
    """The workbook at ``path`` with formulas' cached values, or ``None`` with a problem."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        problems.in_file(_("The file cannot be read: {reason}").format(
            reason=error.strerror or error))
        return None
    if size > MAX_FILE_BYTES:
        problems.in_file(_("The file is larger than {limit} MB; it was not opened.").format(
            limit=MAX_FILE_BYTES // (1024 * 1024)))
        return None
    if head == _OLE_SIGNATURE:
        problems.in_file(_("The file is protected by a password, or is an old Excel 97–2003 "
                           "(.xls) workbook: open it in Excel and save it as an .xlsx workbook "
                           "without a password."))
        return None
    if not head.startswith(b"PK"):
        problems.in_file(_("The file is not an Excel workbook (.xlsx)."))
        return None
    if not _check_zip(path, problems):
        return None
    try:
        with warnings.catch_warnings():
            # openpyxl warns about Excel features it does not read (slicers, extensions).
            warnings.simplefilter("ignore")
            return load_workbook(path, data_only=True, keep_links=False)
    except Exception:  # openpyxl raises many kinds of error for a damaged file
        problems.in_file(_("The file is damaged: it cannot be opened as an Excel workbook "
                           "(.xlsx)."))
        return None
