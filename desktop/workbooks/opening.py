"""Opening a workbook that came from somewhere else, without trusting it.

An uploaded file may be a renamed CSV, a damaged zip, a password-protected or old ``.xls``
workbook, or a zip bomb. Each becomes one :class:`~desktop.models.errors.Problem` with a
sentence the clerk can act on; nothing here raises for a bad file.
"""

from __future__ import annotations

import os
from pathlib import Path

from desktop.workbooks.cells import Problems
from desktop.workbooks.safe_xlsx import GROUP_WORKBOOK_LIMITS, Limits, check_xlsx
from desktop.workbooks.xlsx_cells import Book, Unreadable, open_book


def open_workbook(path: str | os.PathLike[str], problems: Problems,
                  limits: Limits = GROUP_WORKBOOK_LIMITS,
                  damaged: str | None = None) -> Book | None:
    """The workbook at ``path``, read cell by cell (``xlsx_cells``), or ``None`` with a
    problem; the caller closes it. ``damaged`` is the sentence for a damaged file.

    The file is checked first without unpacking it (``safe_xlsx``): size, zip directory,
    compression ratio, password protection, the parts an ``.xlsx`` must have."""
    path = Path(path)
    refused = check_xlsx(path, limits)
    if refused:
        for problem in refused:
            problems.in_file(problem.message)
        return None
    try:
        return open_book(path, limits, damaged)
    except Unreadable as refusal:
        problems.in_file(refusal.message)
        return None
