"""``commune-ledger shareout CODE [--json] [--date dd/mm/yyyy]``: the share-out preview of a
VSLA or ASCA group (DESIGN.md §3.4) — fund value, value per share, each member's gross, debt
and net, the carry-over and the social fund, the cash the payouts need against the cash the
loan fund holds. Nothing is written.

``commune-ledger --user NAME close-cycle CODE [--date …] [--carry-shortfall REASON]``: the
board member signed in makes the share-out final, with the same refusal as the window when the
cash does not cover the payouts."""

from __future__ import annotations

import argparse
import datetime as dt
import math
from fractions import Fraction

from sqlalchemy.orm import Session

from desktop.commands.common import find_group, group_argument, ledger_from, print_json
from desktop.i18n import _
from desktop.models import shareout
from desktop.models.enums import GroupKind
from desktop.models.errors import LedgerError
from desktop.models.formatting import DateError, format_amount, format_date, parse_date
from desktop.models.group import Group
from desktop.models.shareout_record import final_result


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "shareout", help=_("preview the share-out of a savings group"),
        description=_("Preview the share-out of a VSLA or ASCA group: value per share, each "
                      "member's payout, debts and net, the carry-over. Nothing is changed."))
    group_argument(parser)
    parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    parser.add_argument("--date", type=_date, metavar="dd/mm/yyyy",
                        help=_("share-out date (default: the cycle's last meeting)"))
    parser.set_defaults(func=run)

    close = subparsers.add_parser(
        "close-cycle", help=_("make the share-out final and open the next cycle (board)"),
        description=_("The board closes the cycle of a VSLA or ASCA group: members are paid "
                      "out, debts netted, the rest carried over and the next cycle opened. "
                      "Refused while the loan fund's cash does not cover the payouts, unless "
                      "the board carries the shortfall over with a reason. The user signed "
                      "in (--user) must be a board member."))
    group_argument(close)
    close.add_argument("--date", type=_date, metavar="dd/mm/yyyy",
                       help=_("share-out date (default: the cycle's last meeting)"))
    close.add_argument("--carry-shortfall", metavar="REASON", default="",
                       help=_("the board's reason for keeping unpaid debts as loans into the "
                              "next cycle and cutting the payouts to the cash"))
    close.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    close.set_defaults(func=run_close)


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except DateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _savings_group(session: Session, code: str, commune: str | None) -> Group:
    group = find_group(session, code, commune)
    if group.kind == GroupKind.ISHC:
        raise LedgerError(_("{name} ({code}) is an intergenerational self-help club: "
                            "its funds are not shared out.").format(
            name=group.name, code=group.code))
    return group


def run(options: argparse.Namespace) -> int:
    ledger = ledger_from(options)
    try:
        with ledger.session() as session:
            group = _savings_group(session, options.code, options.commune)
            cycle = group.current_cycle
            on = options.date or shareout.share_out_date(session, cycle)
            result = shareout.preview(session, group, options.date)
            output = as_json(group, cycle.number, on, result) if options.json else \
                as_text(group, cycle.number, on, result)
    finally:
        ledger.close()
    return _emit(options, output)


def run_close(options: argparse.Namespace) -> int:
    ledger = ledger_from(options, write=True)  # signed in as a board member (access.RIGHTS)
    board = options.actor
    try:
        with ledger.session() as session:
            group = _savings_group(session, options.code, options.commune)
            cycle = group.current_cycle
            on = options.date or shareout.share_out_date(session, cycle)
            shareout.close_cycle(session, group, on, board,
                                 carry_shortfall_reason=options.carry_shortfall)
            result = final_result(session, cycle)
            assert result is not None  # stored by close_cycle in this transaction
            output = as_json(group, cycle.number, on, result) if options.json else \
                _("Cycle {cycle} of {name} ({code}) was shared out on {date}; cycle {next} is "
                  "open.").format(cycle=cycle.number, name=group.name, code=group.code,
                                  date=format_date(on), next=cycle.number + 1) + "\n\n" + \
                as_text(group, cycle.number, on, result)
            session.commit()
    finally:
        ledger.close()
    return _emit(options, output)


def _emit(options: argparse.Namespace, output: dict[str, object] | str) -> int:
    if options.json:
        print_json(output)
    else:
        print(output)
    return 0


def two_decimals(value: Fraction) -> str:
    """``value`` rounded half up to two decimals, as exact text: ``"22700.00"``."""
    hundredths = math.floor(value * 100 + Fraction(1, 2))
    whole, cents = divmod(abs(hundredths), 100)
    return f"{'-' if hundredths < 0 else ''}{whole}.{cents:02d}"


def as_json(group: Group, cycle: int, on: dt.date, result: shareout.ShareOut) -> dict[str, object]:
    vsla = result.kind == GroupKind.VSLA
    value = result.value_per_share
    return {
        "group": group.code,
        "name": group.name,
        "kind": str(result.kind),
        "cycle": cycle,
        "date": on.isoformat(),
        "fund_value": result.fund_value,
        "total_shares": result.total_shares if vsla else None,
        "value_per_share": two_decimals(value) if value is not None else None,
        "rounding_unit": result.rounding_unit,
        "carry_over": result.carry_over,
        "social_fund": result.social_fund,
        "cash_held": result.cash_held,
        "cash_needed": result.cash_needed,
        "shortfall": result.shortfall,
        "shortfall_reason": result.shortfall_reason,
        "total_paid": result.total_paid,
        "total_netted": result.total_netted,
        "members": [
            {"code": p.code, "name": p.name, "shares": p.shares if vsla else None,
             "savings": p.savings, "gross": p.gross, "debt": p.debt, "netted": p.netted,
             "net": p.net, "paid": p.paid, "still_owed": p.still_owed, "cut": p.cut}
            for p in result.payouts
        ],
        "must_repay_first": [
            {"code": p.code, "name": p.name, "amount": p.still_owed}
            for p in result.debtors
        ] if result.shortfall else [],
        "leavers": [
            {"code": leaver.code, "name": leaver.name,
             "leave_date": leaver.leave_date.isoformat(), "paid": leaver.paid}
            for leaver in result.leavers
        ],
    }


def _money(amount: int) -> str:
    return f"{format_amount(amount)} đ"


def as_text(group: Group, cycle: int, on: dt.date, result: shareout.ShareOut) -> str:
    """The share-out sheet as a readable table, amounts as ``1.234.567``."""
    vsla = result.kind == GroupKind.VSLA
    lines = [
        _("SHARE-OUT PREVIEW"),
        _("{name} ({code}), cycle {cycle}, share-out on {date}").format(
            name=group.name, code=group.code, cycle=cycle, date=format_date(on)),
        _("Fund value: {amount}").format(amount=_money(result.fund_value)),
    ]
    if vsla:
        lines.append(_("Total shares: {count}").format(
            count=format_amount(result.total_shares or 0)))
        if result.value_per_share is not None:
            whole, cents = two_decimals(result.value_per_share).split(".")
            lines.append(_("Value per share: {amount}").format(
                amount=f"{format_amount(int(whole))},{cents} đ"))
    else:
        lines.append(_("Profit to share: {amount}").format(amount=_money(result.profit)))
    lines.append(_("Rounding unit: {amount}").format(amount=_money(result.rounding_unit)))
    lines.append("")
    headers = [_("Member code"), _("Full name"), _("Shares"), _("Savings"), _("Gross"),
               _("Debt"), _("Deducted"), _("Paid"), _("Still owed")]
    rows = [[p.code, p.name, format_amount(p.shares), format_amount(p.savings),
             format_amount(p.gross), format_amount(p.debt), format_amount(p.netted),
             format_amount(p.paid), format_amount(p.still_owed)]
            for p in result.payouts]
    rows.append(["", _("Total"), format_amount(sum(p.shares for p in result.payouts)),
                 format_amount(sum(p.savings for p in result.payouts)),
                 format_amount(result.total_gross),
                 format_amount(sum(p.debt for p in result.payouts)),
                 format_amount(result.total_netted), format_amount(result.total_paid),
                 format_amount(sum(p.still_owed for p in result.payouts))])
    if not vsla:  # an ASCA has no shares: drop the column
        headers.pop(2)
        for row in rows:
            row.pop(2)
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
        cells += [cell.rjust(width) for cell, width in zip(row[2:], widths[2:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    lines.append("")
    lines.append(_("Carry-over to the next cycle: {amount}").format(
        amount=_money(result.carry_over)))
    lines.append(_("Social fund (not shared out, carried to the next cycle): {amount}").format(
        amount=_money(result.social_fund)))
    lines.append(_("Cash the loan fund holds: {amount}").format(
        amount=_money(result.cash_held)))
    lines.append(_("Cash the payouts need: {amount}").format(amount=_money(result.cash_needed)))
    if result.shortfall_reason:
        lines.append(_("Short by {amount}: the board carried it over ({reason}); the payouts "
                       "were cut by {cut} and the unpaid debts stay as loans.").format(
            amount=_money(result.shortfall), reason=result.shortfall_reason,
            cut=_money(result.total_cut)))
    elif result.shortfall:
        lines.append(_("Short by {amount}: the cycle cannot be closed until these members "
                       "repay (or the board carries the shortfall over):").format(
            amount=_money(result.shortfall)))
        for payout in result.debtors:
            lines.append("  " + _("{code} {name} must repay {amount}").format(
                code=payout.code, name=payout.name, amount=_money(payout.still_owed)))
    if result.blocking_debtors:
        lines.append(_("The constitution blocks the share-out until every loan is repaid: "
                       "{codes}.").format(codes=", ".join(p.code for p in result.blocking_debtors)))
    if result.leavers:
        lines.append(_("Members who left during the cycle (paid when they left):"))
        for leaver in result.leavers:
            lines.append("  " + _("{code} {name}, left on {date}, was paid {amount}").format(
                code=leaver.code, name=leaver.name, date=format_date(leaver.leave_date),
                amount=_money(leaver.paid)))
    return "\n".join(lines)
