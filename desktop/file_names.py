"""What the application's own files are called.

A ledger is a SQLite database, but ``.sqlite`` is what any program's database is called, so
Windows could not tell which program opens a double-clicked one. A ledger therefore has the
application's own extension, ``.soquy`` (*sổ quỹ*): the installer associates it with the
window, the window's dialogs offer it, and a ``.soquy`` given alone on the command line opens
in the window. Ledgers made before, with ``.sqlite``, open as they always did.
"""

from __future__ import annotations

LEDGER_SUFFIX = ".soquy"
LEDGER_SUFFIXES = (LEDGER_SUFFIX, ".sqlite")


def is_ledger_name(name: str) -> bool:
    """Whether ``name`` ends like a ledger file (either extension, any case)."""
    return name.lower().endswith(LEDGER_SUFFIXES)
