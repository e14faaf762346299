"""Nhật ký thao tác: the audit log for the board and the administrator — who did what and
when, filtered by user, group, member, dates and kind, and exported to a CSV file."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.clock import today
from desktop.models.errors import LedgerError
from desktop.presenters.audit_log import AuditColumn, AuditPresenter
from desktop.presenters.cells import Choice
from desktop.views.ask import date_edit, read_date
from desktop.views.context import PageContext
from desktop.views.grid.model import GridModel
from desktop.views.grid.view import GridView


def _combo(everything: str, choices: list[Choice]) -> QComboBox:
    combo = QComboBox()
    combo.addItem(everything, None)
    for choice in choices:
        combo.addItem(choice.label, choice.value)
    return combo


class AuditPage(QWidget):
    """``choose_file`` is an attribute so that tests give the export's file."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.presenter = AuditPresenter(context.ledger, context.actor)
        self.model = GridModel(self.presenter, self)
        self.model.status_message.connect(context.status)
        self.choose_file = self._ask_file
        self.user = _combo(_("Every user"), self.presenter.user_choices())
        self.group = _combo(_("Every group"), self.presenter.group_choices())
        self.member = _combo(_("Every member"), [])
        self.kind = _combo(_("Every kind"), self.presenter.kind_choices())
        self.by_date = QCheckBox(_("From"))
        self.start = date_edit(today().replace(day=1))
        self.end = date_edit(today())
        self.export_button = QPushButton(_("Export to CSV…"))
        self.count = QLabel()
        for combo in (self.user, self.group, self.member, self.kind):
            combo.currentIndexChanged.connect(self._filter_changed)
        self.by_date.toggled.connect(self._filter_changed)
        self.start.dateChanged.connect(self._filter_changed)
        self.end.dateChanged.connect(self._filter_changed)
        self.export_button.clicked.connect(self.export)
        filters = QHBoxLayout()
        for widget in (self.user, self.group, self.member, self.kind, self.by_date, self.start,
                       QLabel(_("to")), self.end):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count)
        filters.addWidget(self.export_button)
        self.grid = GridView()
        self.grid.wide_columns = {AuditColumn.DETAILS: "x" * 60,
                                  AuditColumn.AT: "00/00/0000 00:00:00",
                                  AuditColumn.USER: "Đinh Thị Thu Hà",
                                  AuditColumn.KIND: "Khóa sổ buổi họp",
                                  AuditColumn.MEMBER: "TV01 Nguyễn Thị Minh Nguyệt"}
        self.grid.setModel(self.model)
        layout = QVBoxLayout(self)
        title = QLabel(_("Audit log: every change, sign-in, approval and print of personal "
                         "data, newest first. Tools → Check the ledger verifies that nobody "
                         "changed it."))
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.grid, 1)
        self.model.modelReset.connect(self._show_count)
        self._show_count()

    def page_title(self) -> str:
        return _("Audit log")

    def refresh(self) -> None:
        self.presenter.reload()

    def _filter_changed(self) -> None:
        group_id = self.group.currentData()
        if group_id != self.presenter.filter.group_id:
            self.member.blockSignals(True)
            self.member.clear()
            self.member.addItem(_("Every member"), None)
            self.presenter.set_filter(group_id=group_id)
            for choice in self.presenter.member_choices():
                self.member.addItem(choice.label, choice.value)
            self.member.blockSignals(False)
        dated = self.by_date.isChecked()
        start: dt.date | None = read_date(self.start) if dated else None
        end: dt.date | None = read_date(self.end) if dated else None
        self.presenter.set_filter(user=self.user.currentData() or "",
                                  member_id=self.member.currentData(),
                                  kind=self.kind.currentData() or "", start=start, end=end)

    def _show_count(self) -> None:
        self.count.setText(_("{count} entries").format(count=self.presenter.row_count()))

    def _ask_file(self) -> str:
        path, _chosen = QFileDialog.getSaveFileName(
            self, _("Export the audit log"), _("audit-log.csv"), _("CSV files (*.csv)"))
        return path

    def export(self) -> None:
        path = self.choose_file()
        if not path:
            return
        try:
            count = self.presenter.export(path)
        except (LedgerError, OSError) as error:
            self.context.status(str(error))
            return
        self.context.status(_("Wrote {count} entries of the audit log to {file}.").format(
            count=count, file=path))
