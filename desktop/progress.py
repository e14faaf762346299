"""Progress and cancellation for long work, without Qt.

Long functions (importing returns, printing a group's passbooks, backups) take a ``Progress``
and call ``step()``; the window's background helper shows it and sets ``cancel()``; the
command line passes a silent one. ``step`` raises ``Cancelled`` once cancel was asked for,
so work stops at a safe point and the caller rolls back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """The user pressed Cancel; nothing of the unfinished work is kept."""


class Progress:
    def __init__(self, report: Callable[[int, int, str], None] | None = None) -> None:
        self._report = report
        self._cancel = threading.Event()
        self.done = 0
        self.total = 0
        self.text = ""

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def step(self, done: int, total: int, text: str = "") -> None:
        """Report ``done`` of ``total`` (safe from any thread), then honour a cancel."""
        self.done, self.total, self.text = done, total, text
        if self._report is not None:
            self._report(done, total, text)
        self.check()


SILENT = Progress()
