"""Commune Ledger — Sổ Quỹ Cộng Đồng.

``__version__`` is the application's one version number: the package metadata reads it
(pyproject's dynamic version), the window's About box and the log file's header show it, and
the Windows build hands it to the installer (``makensis -DVERSION=...``). Three numbers,
``MAJOR.MINOR.PATCH``: Windows' file version information takes only numbers.
"""

__version__ = "0.1.0"
