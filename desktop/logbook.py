"""The log file: where an error nobody foresaw is written in full, for whoever helps the
clerk, while the user sees one short sentence. No Qt: the command line logs here too.

Nothing logged ever reaches the screen: with no handler at all, Python's last resort prints
warnings — tracebacks included — on stderr, in front of the clerk. So both the window and
every command install this file handler first; a log that cannot be written is given up
quietly rather than reported on the screen.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

from desktop import __version__
from desktop.settings import config_dir

LOG_FILE = "commune-ledger.log"


class LogFile(RotatingFileHandler):
    """The rotating log, its folder and file made only when there is something to write."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def _open(self) -> Any:
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        stream = super()._open()
        # Whoever reads the log to help the clerk first needs to know which build wrote it.
        stream.write(header() + "\n")
        return stream

    def handleError(self, record: logging.LogRecord) -> None:
        """A full or read-only disk: the record is lost, the clerk is not bothered."""


def header() -> str:
    """The line that opens each run's part of the log: version, Python, system, build."""
    build = "frozen" if getattr(sys, "frozen", False) else "python"
    return (f"--- Commune Ledger {__version__} ({build}) · Python {platform.python_version()} "
            f"· {platform.platform(terse=True)} ---")


def setup_logging() -> str:
    """Log to the rotating file in the configuration folder (and nowhere else); returns its
    path. Calling it again with another configuration folder moves the log there."""
    path = config_dir() / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, LogFile):
            if handler.baseFilename == os.path.abspath(path):
                return str(path)
            root.removeHandler(handler)
            handler.close()
    root.addHandler(LogFile(path))
    root.setLevel(logging.INFO)
    # Alembic announces each of its plugins at every opening; only its warnings are kept.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return str(path)
