"""The log file: where an error nobody foresaw is written in full, for whoever helps the
clerk, while the user sees one short sentence. No Qt: the command line logs here too."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

from desktop.settings import config_dir

LOG_FILE = "commune-ledger.log"


def setup_logging() -> str:
    """Log to a rotating file in the configuration folder; returns its path."""
    folder = config_dir()
    path = folder / LOG_FILE
    root = logging.getLogger()
    if any(isinstance(handler, RotatingFileHandler) for handler in root.handlers):
        return str(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                                       encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return str(path)
