"""The consolidated page of an aggregating office: the chosen quarter's returns added up by
commune and by kind of group, the indicators (% women, % poor, portfolio at risk,
attendance), the communes that have not sent their return, the charts, and the consolidated
report to print. Figures are computed off the GUI thread (SQL aggregates)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.clock import today
from desktop.models.database import Ledger
from desktop.models.errors import LedgerError
from desktop.models.indicators import Quarter
from desktop.models.permissions import SYSTEM, Actor
from desktop.models.returns import expect_commune
from desktop.presenters.consolidated import (
    NUMERIC,
    Column,
    ConsolidatedScreen,
    Row,
    header,
    load_screen,
    tooltip,
)
from desktop.presenters.returns_import import quarter_text
from desktop.printing.consolidated_report import consolidated_report_pdf
from desktop.progress import Progress
from desktop.views import return_charts
from desktop.views.figure_cards import FigureCards
from desktop.views.grid.frozen import FrozenColumns
from desktop.views.loader import Loader
from desktop.views.page_parts import PAGE_STYLE, Heading, Notice, clear_layout
from desktop.views.print_preview import print_in_background
from desktop.views.total_rows import TOTAL_ROLES, total_row_look
from desktop.views.window_focus import run_modal

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole


class ConsolidatedModel(QAbstractTableModel):
    """A consolidated table (by commune or by kind) with its totals row last."""

    def __init__(self, first_header: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first_header = first_header
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.first_header if column == Column.NAME else header(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(column) or None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display(column)
        if role == SORT_ROLE:
            # The totals row sorts last whatever the order: it is not a commune.
            return (1 if row.is_total else 0, row.value(column))
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip(column) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in TOTAL_ROLES and row.is_total:
            return total_row_look(role)
        return None


class ExpectCommuneDialog(QDialog):
    """Add a commune to those expected to send returns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("A commune expected to send returns"))
        self.code = QLineEdit()
        self.code.setMaxLength(5)
        self.code.setPlaceholderText("04321")
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. Xã Yên Bình"))
        self.province = QLineEdit()
        form = QFormLayout(self)
        form.addRow(_("Commune code (5 digits)"), self.code)
        form.addRow(_("Commune name"), self.name)
        form.addRow(_("Province"), self.province)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class ConsolidatedPage(QScrollArea):
    """``ledger`` is the open ``Ledger`` (or a ``PageContext``)."""

    page_key = "consolidated"

    def __init__(self, ledger: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger: Ledger = getattr(ledger, "ledger", ledger)
        self.actor: Actor = getattr(ledger, "actor", SYSTEM)
        self._status: Callable[[str], None] = getattr(ledger, "status", lambda _text: None)
        self.view_data: ConsolidatedScreen | None = None
        self.quarter: Quarter | None = None
        self.loader = Loader(self, _("Adding up the returns"))
        self.open_dialog: Callable[[QDialog], int] = run_modal
        self.setWidgetResizable(True)
        self._build()
        self.refresh()

    def page_title(self) -> str:
        return _("Consolidated returns")

    def _build(self) -> None:
        body = QWidget()
        body.setObjectName("pageBody")
        body.setStyleSheet(PAGE_STYLE)
        self.heading = Heading(_("Consolidated returns"))
        self.quarter_box = QComboBox()
        self.quarter_box.setMinimumContentsLength(8)
        self.quarter_box.activated.connect(self._quarter_chosen)
        self.print_button = QPushButton(_("Print the consolidated report…"))
        self.print_button.clicked.connect(self.print_report)
        self.expect_button = QPushButton(_("Expect a commune…"))
        self.expect_button.setToolTip(_("Add a commune that must send its return"))
        self.expect_button.clicked.connect(self.expect_commune)
        self.heading.row.addWidget(QLabel(_("Quarter")))
        self.heading.row.addWidget(self.quarter_box)
        self.heading.row.addWidget(self.expect_button)
        self.heading.row.addWidget(self.print_button)
        self.notice = Notice()
        self.cards = FigureCards()

        self.commune_model = ConsolidatedModel(_("Commune"), self)
        self.kind_model = ConsolidatedModel(_("Kind of group"), self)
        self.commune_table = self._table(self.commune_model)
        self.kind_table = self._table(self.kind_model)
        self.missing = QListWidget()
        self.missing_title = QLabel()
        self.missing_title.setObjectName("sectionTitle")
        missing_box = QWidget()
        missing_layout = QVBoxLayout(missing_box)
        missing_layout.addWidget(self.missing_title)
        missing_layout.addWidget(self.missing, 1)
        self.charts = QWidget()
        self.chart_layout = QVBoxLayout(self.charts)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.commune_table, _("By commune"))
        self.tabs.addTab(self.kind_table, _("By kind of group"))
        self.tabs.addTab(missing_box, _("Not yet sent"))
        charts_area = QScrollArea()  # two charts are taller than a laptop screen leaves
        charts_area.setWidgetResizable(True)
        charts_area.setFrameShape(QFrame.Shape.NoFrame)
        charts_area.setWidget(self.charts)
        self.tabs.addTab(charts_area, _("Charts"))
        self.tabs.setMinimumHeight(300)  # the page fits a 1366×768 screen without scrolling

        layout = QVBoxLayout(body)
        layout.addWidget(self.heading)
        layout.addWidget(self.notice)
        layout.addWidget(self.cards)
        layout.addWidget(self.tabs, 1)
        self.setWidget(body)

    def _table(self, model: ConsolidatedModel) -> QTableView:
        from PySide6.QtCore import QSortFilterProxyModel

        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(model)
        proxy.setSortRole(SORT_ROLE)
        table = QTableView()
        table.setModel(proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the order of the query
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setWordWrap(False)
        FrozenColumns(table, 1)  # the commune (or kind) stays in sight as the figures scroll
        return table

    # -- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        ledger, quarter = self.ledger, self.quarter
        self.notice.busy(_("Adding up the returns…"))

        def work(_progress: Progress) -> ConsolidatedScreen:
            return load_screen(ledger, quarter)

        self.loader.load(work, self.show_screen, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.notice.error(str(error) if isinstance(error, LedgerError) else _(
            "The figures could not be computed."))

    def _quarter_chosen(self, index: int) -> None:
        chosen = self.quarter_box.itemData(index)
        if isinstance(chosen, Quarter) and chosen != self.quarter:
            self.quarter = chosen
            self.refresh()

    def show_screen(self, screen: ConsolidatedScreen) -> None:
        self.view_data = screen
        self.quarter = screen.quarter
        self.quarter_box.blockSignals(True)
        self.quarter_box.clear()
        for quarter in screen.quarters:
            self.quarter_box.addItem(quarter_text(quarter), quarter)
        self.quarter_box.setCurrentIndex(screen.quarters.index(screen.quarter))
        self.quarter_box.blockSignals(False)
        self.heading.set_texts(screen.title, screen.subtitle)
        if screen.data.communes:
            self.notice.clear()
        else:
            self.notice.info(_("No return has been imported for this quarter yet. Import "
                               "the communes' files on the Returns page."))
        self.cards.show_figures(screen.indicators())
        self.commune_model.set_rows(screen.commune_rows())
        self.kind_model.set_rows(screen.kind_rows())
        missing = screen.missing_lines()
        self.missing.clear()
        self.missing.addItems(missing)
        self.missing_title.setText(
            _("{count} communes have not sent their return for this quarter.").format(
                count=len(missing)) if missing else
            _("Every commune expected has sent its return for this quarter."))
        self.tabs.setTabText(2, _("Not yet sent ({count})").format(count=len(missing)))
        self.print_button.setEnabled(bool(screen.data.communes))
        clear_layout(self.chart_layout)
        self.chart_layout.addWidget(return_charts.communes_chart(screen.by_commune_chart()))
        self.chart_layout.addWidget(return_charts.trend_chart(screen.trend_chart()))

    # -- actions -----------------------------------------------------------------------------
    def print_report(self) -> None:
        if self.view_data is None:
            return
        ledger, quarter, day = self.ledger, self.view_data.quarter, today()

        def work(_progress: Progress) -> bytes:
            with ledger.session() as session:
                return consolidated_report_pdf(session, quarter, day)

        print_in_background(self, _("Consolidated report"), work,
                            suggested_name=f"bao_cao_tong_hop_{quarter}.pdf")

    def expect_commune(self) -> None:
        dialog = ExpectCommuneDialog(self)
        if not self.open_dialog(dialog):
            return
        try:
            with self.ledger.session() as session:
                expect_commune(session, dialog.code.text(), dialog.name.text(),
                               actor=self.actor, province=dialog.province.text())
        except LedgerError as error:
            self.notice.error(str(error))
            return
        self._status(_("The commune {code} is now expected to send its returns.").format(
            code=dialog.code.text().strip()))
        self.refresh()

    def close_page(self) -> None:
        self.loader.wait()
