"""What every page of the window is given: the open ledger, who is working, and a way to
speak in the status bar. Passed explicitly — there is no global application object."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.models.database import Ledger
from desktop.models.permissions import Actor


@dataclass
class PageContext:
    ledger: Ledger
    actor: Actor
    # Show a message in the status bar (the main window connects it).
    status: Callable[[str], None] = field(default=lambda _message: None)
    # Ask every page to re-read the ledger after a change elsewhere.
    ledger_changed: Callable[[], None] = field(default=lambda: None)
