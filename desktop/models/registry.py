"""Setting up the ledger: the commune, its villages, groups with their first cycle, members
joining and leaving."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import audit
from desktop.models.balances import member_savings
from desktop.models.clock import today
from desktop.models.collation import nfc
from desktop.models.enums import Account, EventKind, GroupKind, LeaverPayout, LoanFund
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_date
from desktop.models.group import Cycle, Group
from desktop.models.interest import round_down_to_unit
from desktop.models.ledger_setup import COMMUNE_CODE as COMMUNE_CODE  # re-exported
from desktop.models.loans import member_open_loans
from desktop.models.member import Member
from desktop.models.organisation import Commune, Village
from desktop.models.permissions import Action, Actor, require
from desktop.models.personal_data import consent_problems
from desktop.models.posting import EventSpec, Line, lines_for, post


def get_or_create_commune(session: Session, code: str, name: str, province: str = "") -> Commune:
    code = code.strip()
    if not COMMUNE_CODE.match(code):
        raise LedgerError(_("A commune code has exactly 5 digits, not '{code}'.").format(code=code))
    commune = session.scalar(select(Commune).where(Commune.code == code))
    if commune is None:
        commune = Commune(code=code, name=nfc(name.strip()), province=nfc(province.strip()))
        session.add(commune)
        session.flush()
    return commune


def get_or_create_village(session: Session, commune: Commune, name: str) -> Village | None:
    name = nfc(" ".join(name.split()))
    if not name:
        return None
    village = session.scalar(
        select(Village).where(Village.commune_id == commune.id, Village.name == name)
    )
    if village is None:
        village = Village(commune_id=commune.id, name=name)
        session.add(village)
        session.flush()
    return village


def create_group(
    session: Session,
    commune: Commune,
    *,
    code: str,
    name: str,
    kind: GroupKind,
    start_date: dt.date,
    village: Village | None = None,
    founded_on: dt.date | None = None,
    actor: Actor,
    **constitution: Any,
) -> Group:
    """A new group with its first cycle. Seed capital (ISHC) and balances carried from an
    earlier paper ledger arrive in cash on the cycle's start date."""
    code = code.strip()
    if not code:
        raise LedgerError(_("A group needs a code."))
    if session.scalar(select(Group.id).where(Group.commune_id == commune.id, Group.code == code)):
        raise LedgerError(_("There is already a group with the code {code}.").format(code=code))
    group = Group(commune_id=commune.id, village_id=village.id if village else None, code=code,
                  name=nfc(name.strip()), kind=kind, founded_on=founded_on or start_date)
    session.add(group)
    session.flush()
    cycle = Cycle(group_id=group.id, number=1, start_date=start_date, **constitution)
    group.cycles.append(cycle)
    session.flush()
    for kind_, amount in ((EventKind.SEED_CAPITAL, cycle.seed_capital),
                          (EventKind.OPENING_BALANCE, cycle.carry_in),
                          (EventKind.OPENING_SOCIAL_FUND, cycle.social_fund_in)):
        if amount:
            post(session, EventSpec(group_id=group.id, cycle_id=cycle.id, kind=kind_,
                                    date=start_date, amount=amount, user=actor.name,
                                    lines=lines_for(kind_, amount)))
    audit.record(session, actor, "create_group", "group", group.id, code=code)
    return group


def add_member(session: Session, group: Group, *, code: str, full_name: str,
               join_date: dt.date, actor: Actor, **details: Any) -> Member:
    """A new member; a phone or ID number only with the member's consent."""
    require(actor, Action.ENTER_DATA)
    code = code.strip()
    if not code:
        raise LedgerError(_("A member needs a code."))
    if not full_name.strip():
        raise LedgerError(_("A member needs a full name."))
    if session.scalar(select(Member.id).where(Member.group_id == group.id, Member.code == code)):
        raise LedgerError(_("There is already a member with the code {code}.").format(code=code))
    problems = consent_problems(details, None, today())
    if problems:
        raise LedgerError(" ".join(problems))
    member = Member(group_id=group.id, code=code, full_name=full_name, join_date=join_date,
                    **details)
    session.add(member)
    session.flush()
    audit.record(session, actor, "add_member", "member", member.id, code=code)
    return member


def leave_group(session: Session, member: Member, on: dt.date, reason: str,
                actor: Actor) -> int:
    """A member leaves mid-cycle and is paid out (savings at face value, or shares × value
    at the date, per the constitution), less what they owe. Returns the cash paid."""
    require(actor, Action.ENTER_DATA)
    if member.leave_date is not None:
        raise LedgerError(_("This member already left on {date}.").format(
            date=format_date(member.leave_date)))
    if on < member.join_date:
        raise LedgerError(_("The leaving date is before the member joined."))
    group = session.get(Group, member.group_id)
    assert group is not None
    cycle = group.current_cycle
    paid = 0
    if group.kind != GroupKind.ISHC:
        paid = _pay_out_leaver(session, group, cycle, member, on, actor)
    member.leave_date = on
    member.leave_reason = nfc(reason.strip())
    audit.record(session, actor, "member_left", "member", member.id, date=on,
                 reason=member.leave_reason, paid=paid)
    return paid


def _pay_out_leaver(session: Session, group: Group, cycle: Cycle, member: Member,
                    on: dt.date, actor: Actor) -> int:
    from desktop.models.shareout import preview  # share value at the date of leaving

    savings = member_savings(session, group.id).get(member.id, 0)
    gross = savings
    if cycle.leaver_payout == LeaverPayout.SHARE_VALUE and group.kind == GroupKind.VSLA:
        result = preview(session, group, on)
        if result.value_per_share is not None:
            shares = next((p.shares for p in result.payouts if p.member_id == member.id), 0)
            gross = round_down_to_unit(shares * result.value_per_share, cycle.rounding_unit)
    loans = member_open_loans(session, group.id, member.id, LoanFund.LOAN_FUND)
    lines = [Line(Account.SAVINGS, savings, member_id=member.id),
             Line(Account.RETAINED, gross - savings)]
    remaining = gross
    for loan, balance in loans:
        part = min(balance, remaining)
        if part:
            lines.append(Line(Account.LOAN, -part, loan_id=loan.id))
            remaining -= part
    lines.append(Line(Account.CASH, -remaining))
    if any(line.amount for line in lines):
        post(session, EventSpec(group_id=group.id, cycle_id=cycle.id,
                                kind=EventKind.LEAVER_PAYOUT, date=on, amount=remaining,
                                member_id=member.id, user=actor.name, lines=lines))
    return remaining
