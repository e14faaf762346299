"""The meeting sheet page of a group: choose or start a meeting, type the paper form into the
grid (totals under it, always in view), reconcile the cash box, see what the constitution
refuses, let the board allow a loan above the limits, close and lock or reopen the meeting.

All the logic is in ``MeetingSheetPresenter``; this page lays it out and asks the questions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models.clock import today
from desktop.models.formatting import format_date
from desktop.models.permissions import Action
from desktop.presenters.approval import acting_as
from desktop.presenters.meeting_sheet import MeetingSheetPresenter, SheetColumn, SheetProblem
from desktop.views.approval import Approve, board_approval
from desktop.views.ask import ask_date, ask_reason
from desktop.views.context import PageContext
from desktop.views.dialogs import confirm, warn
from desktop.views.grid.footer import TotalsFooter, grid_over_footer
from desktop.views.grid.model import GridModel
from desktop.views.grid.view import GridView
from desktop.views.meeting_cash import CashPanelBox


class MeetingPage(QWidget):
    """One group's meeting sheet. ``ask_reason``, ``ask_date``, ``confirm``, ``warn`` and
    ``approve`` (a board member's approval of a clerk's step) are attributes so that tests
    can answer the dialogs."""

    def __init__(self, context: PageContext, group_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ask_reason: Callable[..., str | None] = ask_reason
        self.ask_date: Callable[..., object] = ask_date
        self.confirm: Callable[..., bool] = confirm
        self.warn: Callable[..., None] = warn
        self.approve: Approve = board_approval(self, context)
        self._refresh_waiting = False
        self._listed: tuple[object, ...] = ()
        self.presenter = MeetingSheetPresenter(context.ledger, context.actor, group_id)
        self.model = GridModel(self.presenter, self)
        self._build()
        self.presenter.subscribe_state(self._state_changed)
        self.model.status_message.connect(context.status)
        # Each saved cell tells the window, which refreshes the other pages once typing
        # pauses (it gathers calls in quick succession into one refresh).
        self.presenter.saved_callbacks.append(context.ledger_changed)
        self._state_changed()

    # ---------------------------------------------------------------- layout
    def _build(self) -> None:
        self.meeting_choice = QComboBox()
        self.meeting_choice.setMinimumContentsLength(16)
        self.meeting_choice.activated.connect(self._meeting_chosen)
        self.new_meeting = QPushButton(_("New meeting…"))
        self.new_meeting.clicked.connect(self.start_meeting)
        self.accept_button = QPushButton()
        self.accept_button.clicked.connect(self.presenter.accept_proposals)
        self.close_button = QPushButton(_("Close and lock the meeting"))
        self.close_button.clicked.connect(self.close_meeting)
        self.reopen_button = QPushButton(_("Reopen the meeting…"))
        self.reopen_button.clicked.connect(self.reopen_meeting)
        self.status_label = QLabel()
        bold = QFont(self.status_label.font())
        bold.setBold(True)
        self.status_label.setFont(bold)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Meeting of")))
        top.addWidget(self.meeting_choice)
        top.addWidget(self.new_meeting)
        top.addSpacing(16)
        top.addWidget(self.status_label)
        top.addStretch(1)
        top.addWidget(self.accept_button)
        top.addWidget(self.close_button)
        top.addWidget(self.reopen_button)

        self.grid = GridView()
        self.grid.wide_columns = {SheetColumn.NAME: "Nguyễn Thị Minh Nguyệt"}
        self.grid.stretch_column = SheetColumn.NAME
        self.grid.setModel(self.model)
        self.grid.editing_done.connect(self._editing_done)
        # Number, code and name stay in sight while the money columns scroll sideways.
        frozen = (self.presenter.position(SheetColumn.NAME) or 0) + 1
        self.grid.freeze_columns(frozen)
        self.footer = TotalsFooter(self.grid)
        self.footer.freeze_columns(frozen)
        grid_box = grid_over_footer(self.grid, self.footer)

        self.cash = CashPanelBox()
        self.cash.difference_of = self.presenter.count_difference
        self.cash.count_entered.connect(self._count_entered)
        self.problems = QListWidget()
        self.problems.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.problems.setWordWrap(True)
        self.problems.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.problems.setMaximumHeight(self.fontMetrics().height() * 4)
        self.problems.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 18)
        self.problems.currentRowChanged.connect(self._problem_chosen)
        self.override_button = QPushButton(_("Allow this loan…"))
        self.override_button.clicked.connect(self.allow_loan)
        checks = QGroupBox(_("Constitution checks"))
        checks_box = QVBoxLayout(checks)
        checks_box.addWidget(self.problems, 1)
        checks_box.addWidget(self.override_button, 0, Qt.AlignmentFlag.AlignRight)
        bottom_panel = QWidget()
        bottom_panel.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        bottom = QHBoxLayout(bottom_panel)
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.cash, 3)
        bottom.addWidget(checks, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid_box, 1)
        layout.addWidget(bottom_panel)

    # ---------------------------------------------------------------- state
    def _state_changed(self) -> None:
        presenter = self.presenter
        listed = (tuple(presenter.meetings),
                  presenter.meeting.id if presenter.meeting is not None else None)
        if listed != self._listed:  # a cell saved changes no meeting: leave the list be
            self._listed = listed
            self.meeting_choice.blockSignals(True)
            self.meeting_choice.clear()
            for info in presenter.meetings:
                label = format_date(info.date)
                if info.closed:
                    label = _("{date} — closed").format(date=label)
                self.meeting_choice.addItem(label, info.id)
            if presenter.meeting is not None:
                self.meeting_choice.setCurrentIndex(
                    self.meeting_choice.findData(presenter.meeting.id))
            self.meeting_choice.blockSignals(False)
        if presenter.meeting is None:
            self.status_label.setText(_("No meeting yet"))
        elif presenter.is_closed:
            self.status_label.setText(_("Closed and locked"))
        else:
            self.status_label.setText(_("Open for entry"))
        self.status_label.setStyleSheet("color: #8a1c1c;" if presenter.is_closed else "")
        self.status_label.setToolTip(_("Each cell is saved as soon as you leave it; Ctrl+Z "
                                       "takes the last change back.")
                                     if not presenter.read_only else "")
        count = presenter.proposal_count() if not presenter.read_only else 0
        self.accept_button.setText(_("Save the proposed amounts ({count})").format(count=count))
        self.accept_button.setEnabled(count > 0)
        self.accept_button.setVisible(not presenter.read_only)
        self.cash.show_panel(presenter.cash, not presenter.read_only,
                             presenter.meeting.id if presenter.meeting is not None else None)
        self._show_problems(presenter.problems())
        self.close_button.setVisible(not presenter.is_closed)
        self.close_button.setEnabled(presenter.may_close)
        self.close_button.setToolTip("" if presenter.can_close or presenter.is_closed else _(
            "Only the board may close a meeting: a board member approves it with their "
            "password.") if presenter.may_close else _("Only the board may close a meeting."))
        self.reopen_button.setVisible(presenter.is_closed)
        self.reopen_button.setEnabled(presenter.may_reopen)
        self.new_meeting.setEnabled(presenter.can_enter)

    def _show_problems(self, problems: list[SheetProblem]) -> None:
        self._problem_list = problems
        headers = self.presenter.headers()
        self.problems.blockSignals(True)
        self.problems.clear()
        for problem in problems:
            text = _("{member} — {column}: {message}").format(
                member=self.presenter.row_label(problem.row),
                column=headers[problem.column].replace("\n", " "), message=problem.text)
            item = QListWidgetItem(text)
            item.setToolTip(text)
            self.problems.addItem(item)
        # After the cells' problems, so that a row of the list is still a row of problems.
        cash = self.presenter.cash
        for warning in cash.loan_warnings if cash is not None else ():
            item = QListWidgetItem(warning)
            item.setToolTip(_("The board gives a reason when it closes the meeting."))
            item.setForeground(QColor("#b00020"))
            self.problems.addItem(item)
        if self.problems.count() == 0:
            self.problems.addItem(QListWidgetItem(_("Nothing against the constitution.")))
        self.problems.blockSignals(False)
        self._problem_chosen(self.problems.currentRow())

    def _chosen_problem(self) -> SheetProblem | None:
        row = self.problems.currentRow()
        return self._problem_list[row] if 0 <= row < len(self._problem_list) else None

    def _problem_chosen(self, _row: int) -> None:
        problem = self._chosen_problem()
        overridable = problem is not None and problem.overridable
        self.override_button.setEnabled(overridable and self.presenter.may_override)
        self.override_button.setToolTip(
            "" if self.presenter.can_override else _("Only the board may allow a loan above "
                                                     "the limits."))
        if problem is not None:
            position = self.presenter.position(problem.column)
            if position is not None:
                self.grid.setCurrentIndex(self.model.index(problem.row, position))

    # ---------------------------------------------------------------- actions
    def _meeting_chosen(self, position: int) -> None:
        meeting_id = self.meeting_choice.itemData(position)
        if meeting_id is not None:
            self.presenter.open_meeting(int(meeting_id))

    def start_meeting(self) -> bool:
        """Ask the date, start the meeting and put the keyboard on its first cell; a refusal
        (a date after today, a meeting already on that day…) is said in a message box."""
        day = self.ask_date(self, _("New meeting"), _("Date of the meeting:"), today())
        if not isinstance(day, dt.date):
            return False
        still_open = self.presenter.open_meeting_before(day)
        if still_open is not None and not self.confirm(
                self, _("New meeting"),
                _("The meeting of {open} is still open (its cash not counted, not closed). "
                  "Start the meeting of {date} anyway? Two meetings will then be open.")
                .format(open=format_date(still_open.date), date=format_date(day))):
            return False
        if not self.presenter.create_meeting(day):
            self.warn(self, _("New meeting"), self.presenter.last_message)
            return False
        self.grid.start_typing()
        self.context.ledger_changed()
        return True

    def allow_loan(self) -> bool:
        problem = self._chosen_problem()
        if problem is None or not problem.overridable:
            return False
        reason = self.ask_reason(
            self, _("Allow a loan above the limits"),
            "{}\n\n{}".format(
                _("{member}: {message}").format(member=self.presenter.row_label(problem.row),
                                                message=problem.text),
                _("Why does the board allow this loan?")),
            _("Allow the loan"))
        if reason is None:
            return False
        actor = self.approve(Action.OVERRIDE_LIMIT, _("Allowing a loan above the limits"))
        if actor is None:
            return False
        with acting_as(self.presenter, actor):
            return self.presenter.override_limit(problem.row, reason)

    def _count_entered(self, counted: str, note: str) -> None:
        if self.presenter.count_changed(counted, note):
            self.presenter.record_count(counted, note)

    def close_meeting(self) -> bool:
        """Close with the count and explanation the panel shows (saved first if they were
        typed but not saved yet); a refusal is said in a message box."""
        meeting = self.presenter.meeting
        if meeting is None:
            return False
        title = _("Close and lock the meeting")
        counted, note = self.cash.fields()
        if self.presenter.count_changed(counted, note) and not self.presenter.record_count(
                counted, note):
            self.warn(self, title, self.presenter.last_message)
            return False
        if not self.confirm(self, title, _(
                "Close and lock the meeting of {date}? Nothing in it can be changed "
                "afterwards unless the board reopens it.").format(
                date=format_date(meeting.date))):
            return False
        actor = self.approve(Action.CLOSE_MEETING, _("Closing the meeting"))
        if actor is None:
            return False
        with acting_as(self.presenter, actor):
            return self._close_as_approved(title)

    def _close_as_approved(self, title: str) -> bool:
        closed = self.presenter.close_meeting()
        if not closed and self.presenter.close_warnings:
            reason = self.ask_reason(
                self, title, "\n".join([
                    *self.presenter.close_warnings, "",
                    _("Why does the board allow these loans? The reason is kept with the "
                      "loans and in the audit log.")]),
                _("Allow and close"))
            if reason is None:
                return False
            closed = self.presenter.close_meeting(override_reason=reason)
        if not closed:
            self.warn(self, title, self.presenter.last_message)
            return False
        self.context.ledger_changed()
        return True

    def reopen_meeting(self) -> bool:
        meeting = self.presenter.meeting
        if meeting is None:
            return False
        reason = self.ask_reason(
            self, _("Reopen the meeting"),
            _("Why must the meeting of {date} be reopened? The reason is kept in the audit "
              "log.").format(date=format_date(meeting.date)),
            _("Reopen"))
        if reason is None:
            return False
        actor = self.approve(Action.REOPEN_MEETING, _("Reopening a closed meeting"))
        if actor is None:
            return False
        with acting_as(self.presenter, actor):
            reopened = self.presenter.reopen_meeting(reason)
        if reopened:
            self.context.ledger_changed()
        return reopened

    # ---------------------------------------------------------------- refresh
    def refresh(self) -> None:
        """Re-read the meeting after a change elsewhere (deferred while a cell is edited)."""
        if self.grid.state() == QAbstractItemView.State.EditingState:
            self._refresh_waiting = True
            return
        current = self.grid.currentIndex()
        self.presenter.reload()
        if current.isValid() and current.row() < self.model.rowCount():
            self.grid.setCurrentIndex(self.model.index(current.row(), current.column()))

    def _editing_done(self) -> None:
        if self._refresh_waiting:
            self._refresh_waiting = False
            self.refresh()
