"""The "Summary" tab of a group's page: every figure of the group and its charts (funds month
by month, loans by purpose, attendance at the last meetings)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.clock import today
from desktop.presenters.chart_data import ChartData, group_charts
from desktop.presenters.figure import Figure
from desktop.presenters.group_summary import GroupSummary, load_group_summary
from desktop.progress import Progress
from desktop.views import charts
from desktop.views.context import PageContext
from desktop.views.loader import Loader
from desktop.views.page_parts import Notice


@dataclass(frozen=True)
class SummaryData:
    summary: GroupSummary
    charts: ChartData


class FiguresTable(QTableWidget):
    """Label and value, one figure a row, values right-aligned like a paper report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

    def show_figures(self, figures: list[Figure]) -> None:
        self.setRowCount(len(figures))
        for row, figure in enumerate(figures):
            label = QTableWidgetItem(figure.label)
            value = QTableWidgetItem(figure.value)
            value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if figure.hint:
                label.setToolTip(figure.hint)
                value.setToolTip(figure.hint)
            if figure.level:
                label.setText("    " * figure.level + figure.label)
            self.setItem(row, 0, label)
            self.setItem(row, 1, value)
        self.resizeRowsToContents()
        height = sum(self.rowHeight(row) for row in range(len(figures)))
        self.setFixedHeight(height + 2 * self.frameWidth())

    def rows(self) -> list[tuple[str, str]]:
        """The figures as shown (for tests)."""
        return [(self.item(row, 0).text().strip(), self.item(row, 1).text())
                for row in range(self.rowCount())]


class GroupSummaryTab(QScrollArea):
    def __init__(self, context: PageContext, group_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.group_id = group_id
        self.data: SummaryData | None = None
        self.loader = Loader(self, _("Computing the group's figures"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("pageBody")
        self.setWidget(body)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(8, 8, 8, 8)
        self.notice = Notice()
        self.figures = FiguresTable()
        self.figures.setMinimumWidth(340)
        self.grid = QGridLayout()
        self.grid.setSpacing(8)
        self.grid.addWidget(self.figures, 0, 0, Qt.AlignmentFlag.AlignTop)
        self.grid.setColumnStretch(0, 2)
        self.grid.setColumnStretch(1, 3)
        outer.addWidget(self.notice)
        outer.addLayout(self.grid)
        outer.addStretch(1)
        self._charts: list[QWidget] = []
        self.refresh()

    def refresh(self) -> None:
        self.notice.busy(_("Computing the figures…"))
        ledger, group_id, on = self.context.ledger, self.group_id, today()

        def work(_progress: Progress) -> SummaryData:
            with ledger.session() as session:
                return SummaryData(load_group_summary(session, group_id, on),
                                   group_charts(session, group_id, on))

        self.loader.load(work, self.show_data, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.notice.error(_("The figures could not be computed: {reason}").format(
            reason=error if str(error) else type(error).__name__))

    def show_data(self, data: SummaryData) -> None:
        self.data = data
        self.notice.clear()
        self.figures.show_figures(data.summary.details())
        for chart in self._charts:
            self.grid.removeWidget(chart)
            chart.hide()
            chart.deleteLater()
        self._charts = [
            charts.fund_chart(data.charts.fund),
            charts.purpose_chart(data.charts.purposes),
            charts.attendance_chart(data.charts.attendance,
                                    _("Attendance at the last meetings")),
        ]
        self.grid.addWidget(self._charts[0], 0, 1)
        self.grid.addWidget(self._charts[1], 1, 0)
        self.grid.addWidget(self._charts[2], 1, 1)

    def close_page(self) -> None:
        self.loader.wait()
