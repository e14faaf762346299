"""What the window says when work fails for a reason that is not the program's fault: the disk
or the database (a USB stick pulled out, a full disk, a read-only card, a file another
program holds). The system's own words are English and name no file; the clerk is told in a
sentence that names the ledger, and the ledger is as it was before the failed step (SQLite
rolls the unfinished transaction back).

The same sentences as the command line's (``desktop.models.system_errors``); only the file
named differs: the window names the ledger it has open.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.i18n import _


def disk_sentence(error: BaseException, widget: QWidget | None) -> str | None:
    """The clerk's sentence for a disk or database failure met by ``widget``'s window;
    ``None`` for any other error (a fault of the program: apologise and log it)."""
    from desktop.models.system_errors import describe
    from desktop.views.ledger_files import is_url, shown

    window = widget.window() if widget is not None else None
    path = str(getattr(window, "ledger_path", "") or "")
    # A server's address is shown without its password.
    ledger = (shown(path) if is_url(path) else path) or getattr(error, "filename", None) or \
        _("the ledger file")
    return describe(error, str(ledger))
