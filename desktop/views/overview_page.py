"""The commune overview (DESIGN.md §4.2): the commune's key figures, a table of every group
with a totals row, and charts of the whole commune.

The figures are computed off the GUI thread (``presenters.overview`` over SQL aggregates);
the page shows a "computing…" line meanwhile and never blocks the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.clock import today
from desktop.models.formatting import format_date
from desktop.presenters.overview import CommuneOverview, commune_cards, load_commune_overview
from desktop.progress import Progress
from desktop.views import charts
from desktop.views.commune_tree import OVERVIEW_KEY
from desktop.views.context import PageContext
from desktop.views.figure_cards import FigureCards
from desktop.views.loader import Loader
from desktop.views.overview_table import OverviewTable
from desktop.views.page_parts import Heading, Notice, clear_layout


class OverviewPage(QScrollArea):
    """The page of the commune; ``open_group(group_id)`` shows a group's page and
    ``edit_commune()`` asks for the commune's details (a new ledger has none)."""

    page_key = OVERVIEW_KEY

    def __init__(self, context: PageContext, open_group: Callable[[int], None],
                 edit_commune: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._open_group = open_group
        self.data: CommuneOverview | None = None
        self.loader = Loader(self, _("Computing the overview"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("pageBody")
        self.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(10)
        self.heading = Heading(_("Commune overview"))
        self.notice = Notice()
        self.commune_button = QPushButton(_("Enter the commune's details…"))
        self.commune_button.clicked.connect(edit_commune)
        self.commune_button.hide()
        self.cards = FigureCards()
        self.table_title = QLabel(_("Groups and clubs of the commune"))
        self.table_title.setObjectName("sectionTitle")
        self.table = OverviewTable()
        self.table.activated.connect(self._row_activated)
        self.table.doubleClicked.connect(self._row_activated)
        self.table.setToolTip(_("Double-click a group, or press Enter, to open its page."))
        self.charts_title = QLabel(_("Charts of the commune"))
        self.charts_title.setObjectName("sectionTitle")
        self.charts_grid = QGridLayout()
        self.charts_grid.setSpacing(8)
        self.charts_grid.setColumnStretch(0, 1)
        self.charts_grid.setColumnStretch(1, 1)
        layout.addWidget(self.heading)
        layout.addWidget(self.notice)
        layout.addWidget(self.commune_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.cards)
        layout.addWidget(self.table_title)
        layout.addWidget(self.table)
        layout.addWidget(self.charts_title)
        layout.addLayout(self.charts_grid)
        layout.addStretch(1)
        self.refresh()

    def page_title(self) -> str:
        return _("Commune overview")

    def refresh(self) -> None:
        """Compute the figures again (in the background)."""
        self.notice.busy(_("Computing the figures…"))
        ledger = self.context.ledger
        on = today()

        def work(_progress: Progress) -> CommuneOverview:
            with ledger.session() as session:
                return load_commune_overview(session, on)

        self.loader.load(work, self.show_overview, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.notice.error(_("The figures could not be computed: {reason}").format(
            reason=error if str(error) else type(error).__name__))

    def show_overview(self, data: CommuneOverview) -> None:
        self.data = data
        overview = data.overview
        name = data.commune or _("Commune")
        self.heading.set_texts(
            _("Overview of {commune}").format(commune=name),
            _("{province} · figures at the end of {date}").format(
                province=data.province, date=format_date(overview.on)) if data.province
            else _("Figures at the end of {date}").format(date=format_date(overview.on)))
        self.commune_button.setVisible(not data.has_commune)
        if not data.has_commune:
            self.notice.info(_("This ledger has no commune yet. Enter the commune's details "
                               "to start."))
        elif not overview.rows:
            self.notice.info(_("There is no group or club in this ledger yet."))
        else:
            self.notice.clear()
        self.cards.show_figures(commune_cards(overview))
        self.table.set_overview(overview)
        clear_layout(self.charts_grid)
        self.charts_grid.addWidget(charts.fund_chart(
            data.charts.fund, _("Funds of the commune month by month")), 0, 0, 1, 2)
        self.charts_grid.addWidget(charts.purpose_chart(data.charts.purposes), 1, 0)
        self.charts_grid.addWidget(charts.attendance_chart(
            data.charts.attendance, _("Attendance by month")), 1, 1)
        self.context.status(_("Overview computed: {count} groups.").format(
            count=overview.group_count))

    def _row_activated(self, index: QModelIndex) -> None:
        group_id = self.table.group_at(index)
        if group_id is not None:
            self._open_group(group_id)

    def close_page(self) -> None:
        """Wait for the figures still being computed (the ledger may close next)."""
        self.loader.wait()
