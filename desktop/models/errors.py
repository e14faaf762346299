"""Errors a user can cause, each carrying a translated sentence for the clerk."""

from __future__ import annotations

from dataclasses import dataclass


class LedgerError(Exception):
    """A refusal the user can understand and act on (never a programming error)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class MeetingLocked(LedgerError):
    pass


class PermissionDenied(LedgerError):
    pass


class ChangedMeanwhile(LedgerError):
    """Another clerk saved the same thing after this one read it: nothing of hers was saved.
    ``current`` is what is saved now (the member's row, or the cash panel), for her screen."""

    def __init__(self, message: str, current: object = None) -> None:
        super().__init__(message)
        self.current = current


class LimitWarnings(LedgerError):
    """The constitution's limits are broken; the board may override with a reason."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__(" ".join(warnings))
        self.warnings = warnings


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as the input allows."""

    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""

    def where(self) -> str:
        return " ".join(part for part in (self.file, self.sheet, self.cell) if part)

    def __str__(self) -> str:
        place = self.where()
        return f"{place}: {self.message}" if place else self.message
