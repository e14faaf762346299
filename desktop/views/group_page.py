"""A group's page: a header with its name, kind, village, cycle and key figures, and a tab
per register (the tabs come from ``group_tabs.GROUP_TABS``, built when first opened)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.models.clock import today
from desktop.models.enums import GroupKind
from desktop.presenters.group_summary import GroupSummary, load_group_summary
from desktop.presenters.labels import kind_long
from desktop.progress import Progress
from desktop.views.commune_tree import group_key
from desktop.views.context import PageContext
from desktop.views.figure_cards import FigureCards
from desktop.views.group_tabs import GroupTab, tabs_for
from desktop.views.kind_badge import kind_label
from desktop.views.loader import Loader
from desktop.views.page_parts import Heading, Notice

log = logging.getLogger(__name__)


class GroupPage(QWidget):
    def __init__(self, context: PageContext, group_id: int, name: str, kind: GroupKind,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageBody")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.context = context
        self.group_id = group_id
        self.kind = GroupKind(kind)
        self.name = name
        self.page_key = group_key(group_id)
        self.summary: GroupSummary | None = None
        self.loader = Loader(self, _("Computing the group's figures"))
        self.heading = Heading(name, kind_long(kind))
        self.heading.row.insertWidget(0, kind_label(kind))
        self.notice = Notice()
        self.cards = FigureCards()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tab_entries: list[GroupTab] = tabs_for(self.kind)
        self._built: dict[int, QWidget] = {}
        self._stale: set[int] = set()  # built tabs to read the ledger again when shown
        for entry in self.tab_entries:
            holder = QWidget()
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(holder, _(entry.title_msgid))
        self.tabs.currentChanged.connect(self._ensure_built)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.notice)
        layout.addWidget(self.cards)
        layout.addWidget(self.tabs, 1)
        self._ensure_built(self.tabs.currentIndex())
        self.load_header()

    def page_title(self) -> str:
        return self.name

    # -- header ---------------------------------------------------------------------------
    def load_header(self) -> None:
        ledger, group_id, on = self.context.ledger, self.group_id, today()

        def work(_progress: Progress) -> GroupSummary:
            with ledger.session() as session:
                return load_group_summary(session, group_id, on)

        self.loader.load(work, self.show_summary, self._failed)

    def show_summary(self, summary: GroupSummary) -> None:
        self.summary = summary
        self.name = summary.name
        self.heading.set_texts(summary.name, f"{kind_long(summary.kind)} · "
                                             f"{summary.subtitle()}")
        self.cards.show_figures(summary.cards())
        if summary.cycle_closed:
            self.notice.info(_("The cycle is closed (share-out done); open a new cycle to "
                               "record meetings."))
        else:
            self.notice.clear()

    def _failed(self, error: BaseException) -> None:
        self.notice.error(_("The figures could not be computed: {reason}").format(
            reason=error if str(error) else type(error).__name__))

    # -- tabs -----------------------------------------------------------------------------
    def _ensure_built(self, index: int) -> None:
        if index in self._stale:
            self._refresh_tab(index)
        if index < 0 or index in self._built:
            return
        holder = self.tabs.widget(index)
        entry = self.tab_entries[index]
        try:
            widget = entry.build(self.context, self.group_id)
        except Exception:  # one broken tab must not take the window down with it
            log.exception("cannot build the tab %s", entry.title_msgid)
            widget = Notice()
            widget.error(_("This tab could not be opened. The details are in the log."))
        holder.layout().addWidget(widget)
        self._built[index] = widget

    def tab_widget(self, index: int) -> QWidget:
        """The tab's own widget, built if needed."""
        self._ensure_built(index)
        return self._built[index]

    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(index) for index in range(self.tabs.count())]

    def current_tab(self) -> int:
        return self.tabs.currentIndex()

    def set_current_tab(self, index: int) -> None:
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    # -- life -----------------------------------------------------------------------------
    def refresh(self, *, current_tab: bool = True) -> None:
        """The ledger changed: the header reads it again, and so does the tab in view
        (unless ``current_tab`` is False: that tab made the change and is up to date).
        Other tabs opened so far are refreshed when next shown."""
        self.load_header()
        current = self.tabs.currentIndex()
        self._stale.update(index for index in self._built if index != current)
        if current_tab:
            self._refresh_tab(current)

    def _refresh_tab(self, index: int) -> None:
        self._stale.discard(index)
        refresh = getattr(self._built.get(index), "refresh", None)
        if callable(refresh):
            refresh()

    def close_page(self) -> None:
        self.loader.wait()
        for widget in self._built.values():
            close = getattr(widget, "close_page", None)
            if callable(close):
                close()
