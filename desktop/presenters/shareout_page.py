"""The share-out page (bảng tất toán / chia lãi) without Qt: the projection of the current
cycle's share-out at a date — the fund value, the value per share (VSLA) or the profit
(ASCA), each member's gross, debt, the part of it taken from the gross, the cash paid and what
she still owes, the carry-over and the social fund that is never shared, the cash the payouts
need against the cash the loan fund holds — and the board's closing of the cycle (carrying a
cash shortfall over only with a reason), after which the next cycle is open.

The arithmetic is ``shareout.preview``'s; this module only reads, explains and asks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from enum import IntEnum
from fractions import Fraction
from typing import Any

from desktop.i18n import N_, _
from desktop.models import shareout
from desktop.models.clock import today
from desktop.models.database import Ledger
from desktop.models.enums import GroupKind
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_amount, format_date
from desktop.models.group import Group
from desktop.models.meeting_queries import meetings_of
from desktop.models.permissions import Action, Actor, can
from desktop.models.shareout import Leaver, Payout, ShareOut
from desktop.presenters.cells import CellKind
from desktop.presenters.figure import Figure
from desktop.presenters.listing import ListingPresenter, Tone


def format_share_value(value: Fraction) -> str:
    """The value per share in đồng, two decimals when it is not whole (rounded down, as
    the grosses are): ``22.700`` or ``22.700,33``."""
    whole = value.numerator // value.denominator
    if value.denominator == 1:
        return format_amount(whole)
    cents = (Decimal(value.numerator) / Decimal(value.denominator) - whole).quantize(
        Decimal("0.01"), ROUND_FLOOR)
    return f"{format_amount(whole)},{int(cents * 100):02d}"


class PayoutColumn(IntEnum):
    NUMBER = 0
    CODE = 1
    NAME = 2
    SHARES = 3
    SAVINGS = 4
    GROSS = 5
    DEBT = 6
    NETTED = 7
    PAID = 8
    STILL_OWED = 9


_HEADERS = {
    PayoutColumn.NUMBER: N_("No."), PayoutColumn.CODE: N_("Member code"),
    PayoutColumn.NAME: N_("Full name"), PayoutColumn.SHARES: N_("Shares"),
    PayoutColumn.SAVINGS: N_("Savings"), PayoutColumn.GROSS: N_("Share-out (gross)"),
    PayoutColumn.DEBT: N_("Loan owed"), PayoutColumn.NETTED: N_("Taken for the loan"),
    PayoutColumn.PAID: N_("Paid in cash"), PayoutColumn.STILL_OWED: N_("Still owes"),
}
_AMOUNTS = (PayoutColumn.SAVINGS, PayoutColumn.GROSS, PayoutColumn.DEBT, PayoutColumn.NETTED,
            PayoutColumn.PAID, PayoutColumn.STILL_OWED)


@dataclass(frozen=True)
class CycleInfo:
    number: int
    start: dt.date
    carry_in: int
    social_fund_in: int


class ShareOutPresenter(ListingPresenter[Payout]):
    """The share-out projection of one savings group's current cycle at ``on``."""

    Column = PayoutColumn
    kinds = {  # noqa: RUF012 - read-only class table
        PayoutColumn.NUMBER: CellKind.COUNT, PayoutColumn.SHARES: CellKind.COUNT,
        **dict.fromkeys(_AMOUNTS, CellKind.AMOUNT),
    }
    total_columns = frozenset({PayoutColumn.SHARES, *_AMOUNTS})
    totals_label_column = PayoutColumn.NAME
    number_column = PayoutColumn.NUMBER
    name_columns = frozenset({PayoutColumn.NAME})

    def __init__(self, ledger: Ledger, actor: Actor, group_id: int) -> None:
        super().__init__()
        self._ledger = ledger
        self.actor = actor
        self.group_id = group_id
        self.group_kind = GroupKind.VSLA
        self.cycle = CycleInfo(1, today(), 0, 0)
        self.previous_end: dt.date | None = None
        self.last_meeting: dt.date | None = None
        self.meetings = 0
        self.open_meetings = 0
        self.result: ShareOut | None = None
        self.opened: CycleInfo | None = None  # the cycle this page has just opened
        self.on = today()
        self.reload(keep_date=False)

    # ------------------------------------------------------------------ shape
    @property
    def columns(self) -> list[IntEnum]:
        shown: list[IntEnum] = list(PayoutColumn)
        if self.group_kind != GroupKind.VSLA:
            shown.remove(PayoutColumn.SHARES)  # an ASCA saves amounts, not shares
        return shown

    def headers(self) -> dict[IntEnum, str]:
        return {column: _(text) for column, text in _HEADERS.items()}

    def row_key(self, item: Payout) -> Hashable:
        return item.member_id

    def cell(self, item: Payout, column: IntEnum) -> Any:
        return {
            PayoutColumn.CODE: item.code, PayoutColumn.NAME: item.name,
            PayoutColumn.SHARES: item.shares, PayoutColumn.SAVINGS: item.savings,
            PayoutColumn.GROSS: item.gross, PayoutColumn.DEBT: item.debt,
            PayoutColumn.NETTED: item.netted, PayoutColumn.PAID: item.paid,
            PayoutColumn.STILL_OWED: item.still_owed,
        }[PayoutColumn(column)]

    def tone(self, row: int) -> Tone:
        return Tone.ALERT if self.item(row).still_owed > 0 else Tone.PLAIN

    def tooltip(self, row: int, column: IntEnum) -> str:
        item = self.item(row)
        if column in (PayoutColumn.PAID, PayoutColumn.STILL_OWED) and item.still_owed > 0:
            return _("{name} still owes {amount} đồng after the share-out.").format(
                name=item.name, amount=format_amount(item.still_owed))
        if column == PayoutColumn.PAID and item.netted:
            return _("{netted} đồng of the loan are taken from the share-out; {paid} đồng are "
                     "paid in cash.").format(netted=format_amount(item.netted),
                                             paid=format_amount(item.paid))
        return ""

    def row_label(self, row: int) -> str:
        item = self.item(row)
        return f"{item.code} {item.name}"

    # ------------------------------------------------------------------ reading
    def reload(self, keep_date: bool = True) -> None:
        """Read the cycle and compute the projection at ``on`` again."""
        with self._ledger.session() as session:
            group = session.get(Group, self.group_id)
            if group is None:
                raise LedgerError(_("This group no longer exists in the ledger."))
            self.group_kind = GroupKind(group.kind)
            cycle = group.current_cycle
            self.cycle = CycleInfo(cycle.number, cycle.start_date, cycle.carry_in,
                                   cycle.social_fund_in)
            self.previous_end = group.cycles[-2].end_date if len(group.cycles) > 1 else None
            mine = [m for m in meetings_of(session, self.group_id)
                    if m.date >= cycle.start_date]
            self.meetings = len(mine)
            self.open_meetings = sum(1 for m in mine if not m.closed)
            self.last_meeting = max((m.date for m in mine), default=None)
            # The share-out is held at (or after) the cycle's last meeting.
            if not keep_date:
                self.on = max(today(), self.last_meeting or cycle.start_date)
            elif self.last_meeting is not None and self.on < self.last_meeting:
                self.on = self.last_meeting
            self.result = None if self.group_kind == GroupKind.ISHC else \
                shareout.preview(session, group, self.on)
        self.set_rows(self.result.payouts if self.result is not None else [])

    def set_on(self, day: dt.date) -> None:
        """See the share-out as it would be at ``day``."""
        if day != self.on:
            self.on = day
            self.reload()
            if self.last_meeting is not None and day < self.last_meeting:
                self._say(_("The share-out is held on or after the cycle's last meeting: the "
                            "date was set to {date}.").format(
                    date=format_date(self.last_meeting)))

    @property
    def leavers(self) -> list[Leaver]:
        return self.result.leavers if self.result is not None else []

    def figures(self) -> list[Figure]:
        """The cards above the table."""
        result = self.result
        if result is None:
            return []
        figures = [Figure(_("Fund value"), format_amount(result.fund_value),
                          _("loan-fund cash + loans still owed"))]
        if result.kind == GroupKind.VSLA:
            value = format_share_value(result.value_per_share) \
                if result.value_per_share is not None else "—"
            figures.append(Figure(_("Value per share"), value,
                                  _("{shares} shares bought").format(
                                      shares=format_amount(result.total_shares or 0))))
        else:
            figures.append(Figure(_("Profit to share"), format_amount(result.profit),
                                  _("fund value − savings")))
        figures += [
            Figure(_("Paid in cash"), format_amount(result.total_paid),
                   _("loans netted {amount}").format(amount=format_amount(result.total_netted))),
            Figure(_("Cash held"), format_amount(result.cash_held),
                   _("short by {amount}").format(amount=format_amount(result.shortfall))
                   if result.shortfall else _("covers the payouts")),
            Figure(_("Carry-over"), format_amount(result.carry_over),
                   _("to the next cycle (rounding)")),
            Figure(_("Social fund balance"), format_amount(result.social_fund),
                   _("carried over, never shared")),
        ]
        return figures

    # ------------------------------------------------------------------ closing
    @property
    def may_close(self) -> bool:
        return can(self.actor, Action.SHARE_OUT)

    def close_refusal(self) -> str:
        """Why the cycle cannot be closed now (empty: it can)."""
        if self.group_kind == GroupKind.ISHC:
            return _("A club's funds are not shared out.")
        if not self.may_close:
            return _("Only the board may close the cycle and share out.")
        if self.meetings == 0:
            return _("The cycle has no meeting yet: there is nothing to share out.")
        if self.open_meetings:
            return _("{count} meetings of the cycle are still open: close them on the "
                     "meeting sheet first.").format(count=self.open_meetings)
        if self.last_meeting is not None and self.on < self.last_meeting:
            return _("The share-out date is before the cycle's last meeting ({date}).").format(
                date=format_date(self.last_meeting))
        result = self.result
        if result is not None and result.blocking_debtors:
            return _("The constitution blocks the share-out until every loan is repaid: "
                     "{codes}.").format(codes=", ".join(p.code for p in result.blocking_debtors))
        return ""

    @property
    def shortfall(self) -> int:
        return self.result.shortfall if self.result is not None else 0

    def shortfall_text(self) -> str:
        """Why the cash does not cover the payouts, and who must repay how much first (empty
        when it does)."""
        result = self.result
        if result is None or not result.shortfall:
            return ""
        lines = [_("The payouts need {needed} đồng in cash but the loan fund holds {held} đồng: "
                   "{shortfall} đồng short, because members owe more than their share.").format(
            needed=format_amount(result.cash_needed), held=format_amount(result.cash_held),
            shortfall=format_amount(result.shortfall))]
        owing = [_("{code} {name}: {amount} đồng").format(
            code=p.code, name=p.name, amount=format_amount(p.still_owed))
            for p in result.debtors]
        if owing:
            lines.append(_("To repay before the share-out: {members}.").format(
                members="; ".join(owing)))
        return " ".join(lines)

    def carry_question(self) -> str:
        """What the board is asked before carrying a shortfall over."""
        return "\n\n".join([
            self.shortfall_text(),
            _("To close the cycle now, the board records why these debts stay as the members' "
              "loans into the next cycle; every payout is then cut in proportion to the cash "
              "held, and what is cut is carried over to the next cycle."),
        ])

    def confirmation(self) -> str:
        """What the board is asked to confirm: the totals of the sheet."""
        result = self.result
        assert result is not None
        lines = [_("Close cycle {number} and share out on {date}?").format(
            number=self.cycle.number, date=format_date(self.on)), ""]
        lines.append(_("Fund value: {amount} đồng").format(
            amount=format_amount(result.fund_value)))
        if result.kind == GroupKind.VSLA and result.value_per_share is not None:
            lines.append(_("Value per share: {value} đồng ({shares} shares)").format(
                value=format_share_value(result.value_per_share),
                shares=format_amount(result.total_shares or 0)))
        lines += [
            _("Members shared: {count}").format(count=len(result.payouts)),
            _("Paid in cash: {amount} đồng").format(amount=format_amount(result.total_paid)),
            _("Loans netted: {amount} đồng").format(amount=format_amount(result.total_netted)),
            _("Carried over to the next cycle: {amount} đồng").format(
                amount=format_amount(result.carry_over)),
            _("Cash held by the loan fund: {amount} đồng").format(
                amount=format_amount(result.cash_held)),
            _("Social fund carried over: {amount} đồng").format(
                amount=format_amount(result.social_fund)),
            "",
            _("This is final: the cycle's meetings can no longer be reopened, and cycle "
              "{number} opens with the same constitution.").format(number=self.cycle.number + 1),
        ]
        return "\n".join(lines)

    def close_cycle(self, carry_reason: str = "") -> bool:
        """The board makes the share-out final; the next cycle opens. A cash shortfall is
        carried over only with the board's ``carry_reason``."""
        refusal = self.close_refusal()
        if refusal:
            self._say(refusal)
            return False
        try:
            with self._ledger.session() as session:
                group = session.get(Group, self.group_id)
                assert group is not None
                closed_number = group.current_cycle.number
                opened = shareout.close_cycle(session, group, self.on, self.actor,
                                              carry_shortfall_reason=carry_reason)
                self.opened = CycleInfo(opened.number, opened.start_date, opened.carry_in,
                                        opened.social_fund_in)
        except LedgerError as error:
            self._say(str(error))
            return False
        self.reload(keep_date=False)
        self._say(_("Cycle {closed} is closed and shared out; cycle {number} is open from "
                    "{date}.").format(closed=closed_number, number=self.opened.number,
                                      date=format_date(self.opened.start)))
        return True
