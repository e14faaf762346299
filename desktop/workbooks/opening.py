"""Opening a workbook that came from somewhere else, without trusting it.

An uploaded file may be a renamed CSV, a damaged zip, a password-protected or old ``.xls``
workbook, or a zip bomb. Each becomes one :class:`~desktop.models.errors.Problem` with a
sentence the clerk can act on; nothing here raises for a bad file.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from desktop.i18n import _
from desktop.workbooks.cells import Problems
from desktop.workbooks.safe_xlsx import check_xlsx


def open_workbook(path: str | os.PathLike[str], problems: Problems) -> Workbook | None:
    """The workbook at ``path`` with formulas' cached values, or ``None`` with a problem.

    The file is checked first without unpacking it (``safe_xlsx``): size, zip directory,
    compression ratio, password protection, the parts an ``.xlsx`` must have."""
    path = Path(path)
    refused = check_xlsx(path)
    if refused:
        for problem in refused:
            problems.in_file(problem.message)
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
