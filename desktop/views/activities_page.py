"""The activities tab of an ISHC club: the health checks of a check day typed like the paper
sheet (blood pressure "130/85", weight "52,5", who measured), the home-care visits, the
events and self-help cases, and the counts month by month that the reports need.

The logic is in the presenters (``activities.py``, ``activity_lists.py``); this page lays
them out and opens the dialogs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.enums import ActivityKind
from desktop.models.formatting import format_date
from desktop.presenters.activities import CheckColumn, HealthCheckSheet
from desktop.presenters.activity_lists import (
    ActivityListPresenter,
    CountColumn,
    ListColumn,
    ListKind,
    MonthlyCountsPresenter,
)
from desktop.presenters.book_labels import activity_label
from desktop.presenters.periods import Period, period_label
from desktop.views.activity_dialogs import ActivityDialog
from desktop.views.ask import ask_date
from desktop.views.context import PageContext
from desktop.views.dialogs import confirm, warn
from desktop.views.grid.footer import TotalsFooter, grid_over_footer
from desktop.views.grid.model import GridModel
from desktop.views.grid.view import GridView
from desktop.views.listing_grid import ListingModel, ListingView
from desktop.views.window_focus import run_modal

_LIST_PERIODS = (Period.MONTH, Period.QUARTER, Period.YEAR, Period.ALL)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageSubtitle")
    label.setWordWrap(True)
    return label


class HealthChecksTab(QWidget):
    def __init__(self, page: ActivitiesPage) -> None:
        super().__init__()
        self.page = page
        self.presenter = HealthCheckSheet(page.context.ledger, page.context.actor,
                                          page.group_id)
        self.model = GridModel(self.presenter, self)
        self.day = QComboBox()
        self.day.setMinimumContentsLength(22)
        self.day.activated.connect(
            lambda _index: self.presenter.set_day(self.day.currentData()))
        self.new_day = QPushButton(_("New check day…"))
        self.new_day.clicked.connect(self.start_day)
        self.new_day.setEnabled(not self.presenter.read_only)
        self.summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Check day")))
        top.addWidget(self.day)
        top.addWidget(self.new_day)
        top.addSpacing(16)
        top.addWidget(self.summary)
        top.addStretch(1)
        self.grid = GridView()
        self.grid.wide_columns = {CheckColumn.NAME: "Nguyễn Thị Minh Nguyệt",
                                  CheckColumn.CODE: "TV999",
                                  CheckColumn.PRESSURE: "Huyết áp (mmHg)",
                                  CheckColumn.VOLUNTEER: "TV99 Nguyễn Thị Minh Nguyệt",
                                  CheckColumn.NOTE: "Nhắc đi khám ở trạm y tế"}
        self.grid.stretch_column = CheckColumn.NOTE
        self.grid.setModel(self.model)
        self.grid.editing_done.connect(self._show_state)
        self.model.status_message.connect(page.context.status)
        self.model.dataChanged.connect(lambda *_args: self._show_state())
        self.model.modelReset.connect(self._show_state)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(_hint(_("Type the blood pressure as on the paper sheet (130/85) and "
                                 "the weight in kg (52,5). Each cell is saved when you leave "
                                 "it; emptying both measures takes the member's check out.")))
        layout.addWidget(self.grid, 1)
        self._show_state()

    def _show_state(self) -> None:
        presenter = self.presenter
        self.day.blockSignals(True)
        self.day.clear()
        days = dict(presenter.days)
        if presenter.day not in days:
            days[presenter.day] = 0
        for day, count in sorted(days.items(), reverse=True):
            self.day.addItem(_("{date} — {count} checked").format(date=format_date(day),
                                                                  count=count), day)
        self.day.setCurrentIndex(max(self.day.findData(presenter.day), 0))
        self.day.blockSignals(False)
        summary = presenter.summary()
        self.summary.setText(_("{checked} of {members} members checked; {high} with high "
                               "blood pressure (140/90 or more)").format(
            checked=summary.checked, members=summary.members, high=summary.high_pressure))

    def start_day(self) -> bool:
        """Ask the date (proposed: the latest meeting not checked yet, or today; Enter takes
        it), show that day and put the keyboard on its first blood pressure."""
        day = self.page.ask_date(self, _("New check day"), _("Date of the health checks:"),
                                 self.presenter.proposed_new_day())
        if not isinstance(day, dt.date):
            return False
        if not self.presenter.set_day(day):
            self.page.warn(self, _("New check day"), self.presenter.last_message)
            return False
        self.grid.start_typing()
        return True

    def refresh(self) -> None:
        if self.grid.state() != QAbstractItemView.State.EditingState:
            self.presenter.reload()


class ActivityListTab(QWidget):
    """Home-care visits, or events and self-help cases."""

    def __init__(self, page: ActivitiesPage, kind: ListKind) -> None:
        super().__init__()
        self.page = page
        self.presenter = ActivityListPresenter(page.context.ledger, page.context.actor,
                                               page.group_id, kind)
        self.model = GridModel(self.presenter, self)
        self.period = QComboBox()
        for period in _LIST_PERIODS:
            self.period.addItem(period_label(period), period)
        self.period.setCurrentIndex(self.period.findData(self.presenter.period))
        self.period.activated.connect(
            lambda _index: self.presenter.set_period(self.period.currentData()))
        self.range = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Period")))
        top.addWidget(self.period)
        top.addWidget(self.range)
        top.addStretch(1)
        self.add_buttons: list[QPushButton] = []
        kinds = (ActivityKind.HOME_VISIT,) if kind == ListKind.VISITS else (
            ActivityKind.EVENT, ActivityKind.SELF_HELP)
        for activity in kinds:
            button = QPushButton(_("New {what}…").format(what=activity_label(activity).lower()))
            button.clicked.connect(lambda _checked=False, chosen=activity: self.add(chosen))
            button.setEnabled(not self.presenter.read_only)
            self.add_buttons.append(button)
            top.addWidget(button)
        self.remove_button = QPushButton(_("Take out…"))
        self.remove_button.setEnabled(not self.presenter.read_only)
        self.remove_button.clicked.connect(self.remove)
        top.addWidget(self.remove_button)
        self.grid = GridView()
        self.grid.wide_columns = {ListColumn.MEMBER: "TV99 Nguyễn Thị Minh Nguyệt",
                                  ListColumn.VOLUNTEER: "TV99 Nguyễn Thị Minh Nguyệt",
                                  ListColumn.KIND: "Việc tự giúp nhau",
                                  ListColumn.TITLE: "Hội thi văn nghệ mừng ngày NCT"}
        self.grid.stretch_column = ListColumn.NOTE
        self.grid.setModel(self.model)
        self.model.status_message.connect(page.context.status)
        self.model.modelReset.connect(self._show_range)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.grid, 1)
        if self.presenter.total_columns:
            layout.setSpacing(0)
            layout.addWidget(TotalsFooter(self.grid))
        self._show_range()

    def _show_range(self) -> None:
        presenter = self.presenter
        self.range.setText(_("{start} – {end} · {count} recorded").format(
            start=format_date(presenter.start), end=format_date(presenter.end),
            count=presenter.row_count()))
        position = self.period.findData(presenter.period)
        if position >= 0:
            self.period.setCurrentIndex(position)

    def add(self, kind: ActivityKind) -> bool:
        dialog = ActivityDialog(self.presenter, kind, self)
        if self.page.open_dialog(dialog) != QDialog.DialogCode.Accepted:
            return False
        if self.presenter.new_row is not None:
            self.grid.setCurrentIndex(self.model.index(self.presenter.new_row, 1))
        return True

    def remove(self) -> bool:
        index = self.grid.currentIndex()
        if not index.isValid():
            self.page.context.status(_("Choose the line to take out first."))
            return False
        label = self.presenter.row_label(index.row(), lower=True)
        if not self.page.confirm(self, _("Take out an activity"), _(
                "Take {what} out of the list? Do this only for a line recorded by mistake; "
                "the audit log keeps what it said.").format(what=label)):
            return False
        return self.presenter.remove(index.row())

    def refresh(self) -> None:
        if self.grid.state() != QAbstractItemView.State.EditingState:
            self.presenter.reload()


class CountsTab(QWidget):
    def __init__(self, page: ActivitiesPage) -> None:
        super().__init__()
        self.presenter = MonthlyCountsPresenter(page.context.ledger, page.group_id)
        self.model = ListingModel(self.presenter, self)
        self.year = QComboBox()
        for year in self.presenter.years:
            self.year.addItem(str(year), year)
        self.year.activated.connect(
            lambda _index: self.presenter.set_year(self.year.currentData()))
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Year")))
        top.addWidget(self.year)
        top.addStretch(1)
        self.grid = ListingView()
        self.grid.wide_columns = {CountColumn.MONTH: "Tháng 12/2026"}
        self.grid.stretch_column = CountColumn.MONTH
        self.grid.setModel(self.model)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(_hint(_("A person checked or visited in several months counts once "
                                 "in the year's total.")))
        layout.addLayout(grid_over_footer(self.grid, TotalsFooter(self.grid)), 1)

    def refresh(self) -> None:
        self.presenter.reload()


class ActivitiesPage(QWidget):
    """``ask_date``, ``confirm``, ``warn`` and ``open_dialog`` are attributes so that tests
    can answer the dialogs."""

    def __init__(self, context: PageContext, group_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.group_id = group_id
        self.ask_date: Callable[..., object] = ask_date
        self.confirm: Callable[..., bool] = confirm
        self.warn: Callable[..., None] = warn
        self.open_dialog: Callable[[QDialog], int] = run_modal
        self.checks = HealthChecksTab(self)
        self.visits = ActivityListTab(self, ListKind.VISITS)
        self.events = ActivityListTab(self, ListKind.EVENTS)
        self.counts = CountsTab(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.checks, _("Health checks"))
        self.tabs.addTab(self.visits, _("Home-care visits"))
        self.tabs.addTab(self.events, _("Events and self-help"))
        self.tabs.addTab(self.counts, _("Counts by month"))
        # The counts follow what was just typed in the other tabs.
        self.tabs.currentChanged.connect(lambda index: self.counts.refresh()
                                         if self.tabs.widget(index) is self.counts else None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        for tab in (self.checks, self.visits, self.events, self.counts):
            tab.refresh()
