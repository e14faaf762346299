"""A group tab laid out around one book (a ``ListingPresenter``): the cash book, the loans
ledger, the share-out. The page owns the model over the presenter, passes the presenter's
messages to the status bar, and brings its own labels up to date after each reset."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.presenters.listing import ListingPresenter
from desktop.views.context import PageContext
from desktop.views.listing_grid import ListingModel


class ListingPage(QWidget):
    """A subclass lays the page out in ``_build`` and shows what the presenter holds now
    (cards, dates, buttons) in ``_after_reset``; both run once while it is made."""

    def __init__(self, context: PageContext, presenter: ListingPresenter[Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.presenter = presenter
        self.model = ListingModel(presenter, self)
        self._build()
        self.model.status_message.connect(context.status)
        self.model.modelReset.connect(self._after_reset)
        self._after_reset()

    # Each page provides these two (Qt's metaclass rules out ABCMeta; the decorator documents).
    @abstractmethod
    def _build(self) -> None:
        """Lay out the page's widgets around ``self.model``."""

    @abstractmethod
    def _after_reset(self) -> None:
        """Update what depends on the rows (summary line, buttons) after they change."""
