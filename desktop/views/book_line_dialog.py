"""Where a line of the cash book comes from (double click on the line): the meeting it was
recorded at, and every journal entry in it — member, amount, note, who recorded it and when,
and which entries are corrections."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.models.book_details import LineTrace
from desktop.models.formatting import format_amount, format_date
from desktop.presenters.book_trace import TraceColumn, TracePresenter, moment
from desktop.views.grid.footer import TotalsFooter
from desktop.views.listing_grid import ListingModel, ListingView
from desktop.views.page_parts import PAGE_STYLE
from desktop.views.screen_fit import fit_to_screen


def meeting_sentence(trace: LineTrace) -> str:
    """One sentence on where the line was recorded."""
    meeting = trace.meeting
    if meeting is None:
        return _("Recorded outside a meeting.")
    text = _("Recorded at the meeting of {date} (cycle {number}).").format(
        date=format_date(meeting.date), number=meeting.cycle_number)
    if meeting.closed:
        when = moment(meeting.closed_at) if meeting.closed_at is not None else ""
        text += " " + _("The meeting was closed and locked by {user} ({when}).").format(
            user=meeting.closed_by, when=when)
        if meeting.counted_cash is not None:
            text += " " + _("Cash counted at the end: {amount} đồng.").format(
                amount=format_amount(meeting.counted_cash))
    else:
        text += " " + _("The meeting is still open.")
    return text


class BookLineDialog(QDialog):
    def __init__(self, title: str, what: str, trace: LineTrace,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setStyleSheet(PAGE_STYLE)
        self.presenter = TracePresenter(trace)
        heading = QLabel(what, objectName="sectionTitle")
        heading.setWordWrap(True)
        self.where = QLabel(meeting_sentence(trace))
        self.where.setWordWrap(True)
        self.model = ListingModel(self.presenter, self)
        self.grid = ListingView()
        self.grid.wide_columns = {TraceColumn.WHO: "TV99 Nguyễn Thị Minh Nguyệt",
                                  TraceColumn.WHAT: "Thu tiền mua cổ phần (bút toán số 9999)",
                                  TraceColumn.RECORDED: "Nguyễn Thị Hoa, 30/12/2026 16:30"}
        self.grid.stretch_column = TraceColumn.NOTE
        self.grid.setModel(self.model)
        self.grid.enable_sorting()
        explain = QLabel(_("A correction is never an erased figure: the wrong entry stays, "
                           "cancelled by an opposite entry, and the right one follows."))
        explain.setWordWrap(True)
        explain.setVisible(any(item.reverses_id is not None for item in self.presenter.items))
        buttons = QDialogButtonBox()
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.where)
        layout.addWidget(self.grid, 1)
        layout.addWidget(TotalsFooter(self.grid))
        layout.addWidget(explain)
        layout.addWidget(buttons)
        fit_to_screen(self, 1000, 520)
