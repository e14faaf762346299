"""The right side of the window: the open pages, one shown at a time, with a history for
Back and Forward like a browser. A page is any widget with a ``page_key``; it may have
``refresh()``, ``page_title()`` and ``close_page()`` (called before it goes)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget


class PageStack(QStackedWidget):
    current_page_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: dict[str, QWidget] = {}
        self._history: list[str] = []
        self._position = -1

    # -- pages ------------------------------------------------------------------------------
    def page(self, key: str) -> QWidget | None:
        return self._pages.get(key)

    def keys(self) -> list[str]:
        """Open pages, in the order they were opened."""
        return list(self._pages)

    def pages(self) -> list[QWidget]:
        return list(self._pages.values())

    def add_page(self, key: str, widget: QWidget) -> None:
        self._pages[key] = widget
        self.addWidget(widget)

    def current_key(self) -> str:
        widget = self.currentWidget()
        return next((key for key, page in self._pages.items() if page is widget), "")

    def show_page(self, key: str, *, remember: bool = True) -> None:
        """Bring ``key``'s page to the front (it must be open)."""
        widget = self._pages[key]
        if remember and (self._position < 0 or self._history[self._position] != key):
            del self._history[self._position + 1:]
            self._history.append(key)
            self._position = len(self._history) - 1
        self.setCurrentWidget(widget)
        self.current_page_changed.emit(key)

    def show_widget(self, widget: QWidget) -> None:
        """Show a widget that is not a page (the start page)."""
        if self.indexOf(widget) < 0:
            self.addWidget(widget)
        self.setCurrentWidget(widget)
        self.current_page_changed.emit("")

    def close_page(self, key: str) -> None:
        widget = self._pages.pop(key, None)
        if widget is None:
            return
        close = getattr(widget, "close_page", None)
        if callable(close):
            close()
        self._history = [entry for entry in self._history if entry != key]
        self._position = min(self._position, len(self._history) - 1)
        self.removeWidget(widget)
        widget.deleteLater()
        if self._history and self._position >= 0:
            self.show_page(self._history[self._position], remember=False)
        elif self._pages:
            self.show_page(next(iter(self._pages)))

    def close_all(self) -> None:
        for key in list(self._pages):
            self.close_page(key)
        self._history.clear()
        self._position = -1

    # -- history --------------------------------------------------------------------------
    def can_go_back(self) -> bool:
        return self._position > 0

    def can_go_forward(self) -> bool:
        return 0 <= self._position < len(self._history) - 1

    def go_back(self) -> None:
        if self.can_go_back():
            self._position -= 1
            self.show_page(self._history[self._position], remember=False)

    def go_forward(self) -> None:
        if self.can_go_forward():
            self._position += 1
            self.show_page(self._history[self._position], remember=False)
