"""The share-out tab of a savings group (bảng tất toán / chia lãi): the projection at a date
— value per share or profit, each member's gross, debt and net, the carry-over and the
social fund — and, for the board, "Khóa chu kỳ và chia" after a confirmation listing the
totals; then the new cycle is shown.

All the logic is in ``ShareOutPresenter``; this page lays it out and asks the question.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.models.formatting import format_amount, format_date
from desktop.models.permissions import Action, can, can_with_approval
from desktop.presenters.approval import acting_as
from desktop.presenters.shareout_page import PayoutColumn, ShareOutPresenter
from desktop.views.approval import Approve, board_approval
from desktop.views.ask import ask_reason, date_edit, read_date
from desktop.views.context import PageContext
from desktop.views.dialogs import ok_cancel, warn
from desktop.views.figure_cards import FigureCards
from desktop.views.grid.footer import TotalsFooter, grid_over_footer
from desktop.views.listing_grid import ListingView
from desktop.views.listing_page import ListingPage
from desktop.views.page_parts import Notice

AMOUNT_SAMPLE = "99.999.999.9"


class ShareOutPage(ListingPage):
    """``confirm``, ``ask_carry`` and ``tell`` are attributes so that tests can answer the
    board's questions and read what it was told."""

    presenter: ShareOutPresenter

    def __init__(self, context: PageContext, group_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, ShareOutPresenter(context.ledger, context.actor, group_id),
                         parent)
        self.confirm: Callable[[QWidget, str, str], bool] = \
            lambda parent, title, text: ok_cancel(parent, title, text)
        self.ask_carry: Callable[[QWidget, str, str], str | None] = \
            lambda parent, title, text: ask_reason(
                parent, title, text, _("Carry over and close"))
        self.tell: Callable[[QWidget, str, str], None] = \
            lambda parent, title, text: warn(parent, title, text)
        self.approve: Approve = board_approval(self, context)

    def _build(self) -> None:
        self.cycle_label = QLabel()
        self.cycle_label.setObjectName("sectionTitle")
        self.on = date_edit(self.presenter.on)
        self.on.dateChanged.connect(lambda _day: self.presenter.set_on(read_date(self.on)))
        self.close_button = QPushButton(_("Close the cycle and share out"))
        self.close_button.clicked.connect(self.close_cycle)
        top = QHBoxLayout()
        top.addWidget(self.cycle_label)
        top.addSpacing(16)
        top.addWidget(QLabel(_("Share-out date")))
        top.addWidget(self.on)
        top.addStretch(1)
        top.addWidget(self.close_button)
        self.projection = QLabel()
        self.projection.setWordWrap(True)
        self.projection.setObjectName("pageSubtitle")
        self.opened = Notice()
        self.refusal = Notice()
        self.short = Notice()
        self.cards = FigureCards()
        self.grid = ListingView()
        self.grid.wide_columns = {PayoutColumn.NAME: "Nguyễn Thị Minh Nguyệt",
                                  PayoutColumn.CODE: "TV999",
                                  **dict.fromkeys((PayoutColumn.SAVINGS, PayoutColumn.GROSS,
                                                   PayoutColumn.DEBT, PayoutColumn.NETTED,
                                                   PayoutColumn.PAID, PayoutColumn.STILL_OWED),
                                                  AMOUNT_SAMPLE)}
        self.grid.stretch_column = PayoutColumn.NAME
        self.grid.setModel(self.model)
        self.grid.enable_sorting()
        self.footer = TotalsFooter(self.grid)
        self.leavers = QLabel()
        self.leavers.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.opened)
        layout.addWidget(self.refusal)
        layout.addWidget(self.short)
        layout.addWidget(self.projection)
        layout.addWidget(self.cards)
        layout.addLayout(grid_over_footer(self.grid, self.footer), 1)
        layout.addWidget(self.leavers)

    def _after_reset(self) -> None:
        presenter = self.presenter
        cycle = presenter.cycle
        self.cycle_label.setText(_("Cycle {number}, from {date}").format(
            number=cycle.number, date=format_date(cycle.start)))
        self.on.blockSignals(True)
        self.on.setDate(self.on.date().fromString(format_date(presenter.on), "dd/MM/yyyy"))
        self.on.blockSignals(False)
        projection = _("Projection: what each member would receive if the cycle were shared "
                       "out on {date}. Nothing is paid until the board closes the cycle.").format(
            date=format_date(presenter.on))
        if presenter.last_meeting is not None:
            projection += " " + _("Last meeting of the cycle: {date}.").format(
                date=format_date(presenter.last_meeting))
        self.projection.setText(projection)
        self.cards.show_figures(presenter.figures())
        if presenter.opened is not None:
            opened = presenter.opened
            self.opened.info(_(
                "Cycle {number} is open from {date}: {carry} đồng carried over to the loan "
                "fund, {social} đồng in the social fund. Meetings are now recorded in the new "
                "cycle.").format(number=opened.number, date=format_date(opened.start),
                                 carry=format_amount(opened.carry_in),
                                 social=format_amount(opened.social_fund_in)))
        elif presenter.previous_end is not None:
            self.opened.info(_("The previous cycle was shared out on {date}; this cycle began "
                               "with {carry} đồng carried over and {social} đồng in the social "
                               "fund.").format(date=format_date(presenter.previous_end),
                                               carry=format_amount(cycle.carry_in),
                                               social=format_amount(cycle.social_fund_in)))
        else:
            self.opened.clear()
        leavers = presenter.leavers
        self.leavers.setVisible(bool(leavers))
        self.leavers.setText(_("Left during the cycle and paid out when they left (not paid "
                               "again): {members}.").format(members="; ".join(
            _("{code} {name}, {date}, {amount} đồng").format(
                code=leaver.code, name=leaver.name, date=format_date(leaver.leave_date),
                amount=format_amount(leaver.paid)) for leaver in leavers)))
        refusal = self._refusal()
        self.close_button.setVisible(can_with_approval(self.context.actor, Action.SHARE_OUT))
        self.close_button.setEnabled(not refusal)
        self.close_button.setToolTip(refusal)
        if not self.close_button.isHidden() and refusal:
            self.refusal.info(_("The cycle cannot be closed yet: {reason}").format(
                reason=refusal))
        else:
            self.refusal.clear()
        shortfall = presenter.shortfall_text()
        if shortfall:
            self.short.error(shortfall)
        else:
            self.short.clear()

    def _refusal(self) -> str:
        """Why the cycle cannot be closed now — for a clerk, once a board member approves."""
        actor = self.context.actor
        if not can(actor, Action.SHARE_OUT) and can_with_approval(actor, Action.SHARE_OUT):
            with acting_as(self.presenter, actor.approved(_("the board"))):
                return self.presenter.close_refusal()
        return self.presenter.close_refusal()

    def close_cycle(self) -> bool:
        title = _("Close the cycle and share out")
        actor = self.context.actor
        if not can(actor, Action.SHARE_OUT) and can_with_approval(actor, Action.SHARE_OUT):
            # A clerk prepares the close; a board member approves it with their password.
            with acting_as(self.presenter, actor.approved(_("the board"))):
                return self._close_cycle(title)
        return self._close_cycle(title)

    def _close_cycle(self, title: str) -> bool:
        refusal = self.presenter.close_refusal()
        if refusal:
            self.context.status(refusal)
            self.tell(self, title, refusal)
            return False
        reason = ""
        if self.presenter.shortfall:
            answer = self.ask_carry(self, title, self.presenter.carry_question())
            if answer is None or not answer.strip():
                return False
            reason = answer.strip()
        if not self.confirm(self, title, self.presenter.confirmation()):
            return False
        approved = self.approve(Action.SHARE_OUT, _("Closing the cycle"))
        if approved is None:
            return False
        with acting_as(self.presenter, approved):
            closed = self.presenter.close_cycle(carry_reason=reason)
        if closed:
            self.context.ledger_changed()
        else:
            self.tell(self, title, self.presenter.last_message)
        return closed

    def refresh(self) -> None:
        """Compute the projection again after a change elsewhere (a meeting saved)."""
        self.presenter.reload()
