"""A group's page opened in a test as the clerk sees it: shown at a working size, what it
says in the status bar kept in ``page.said`` and each "the ledger changed" in
``page.changed``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication, QWidget

from desktop.models.database import Ledger
from desktop.models.permissions import Actor
from desktop.views.context import PageContext

Page = TypeVar("Page", bound=QWidget)


def open_group_page(qtbot: Any, page_type: Callable[[PageContext, int], Page], ledger: Ledger,
                    actor: Actor, group_id: int, *, size: tuple[int, int] = (1300, 760),
                    focused: bool = False) -> Page:
    """``page_type`` on ``group_id`` for ``actor``, shown; ``focused`` waits until it has
    the keyboard (typing into a grid or leaving a field needs it)."""
    said: list[str] = []
    changed: list[bool] = []
    page = page_type(PageContext(ledger, actor, status=said.append,
                                 ledger_changed=lambda: changed.append(True)), group_id)
    page.said, page.changed = said, changed  # type: ignore[attr-defined]
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    if focused:
        page.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    return page
