"""A group's constitution (điều lệ / quy chế) per cycle: which settings a kind of group has,
who may change them when, their checks, and the change itself with its audit entry.

Who may change what (DESIGN.md §2, §3.2):
- a closed cycle (shared out) is history: nobody changes it;
- the current cycle, before its first meeting: whoever enters data (the clerk types in the
  rules the members voted);
- the current cycle once meetings were held: the board only, giving a reason, and the
  change, with the old and new values and the reason, goes into the audit log. It applies
  from then on — a loan already made keeps its own rate, method and term;
- the share value of a VSLA never changes once shares were bought in the cycle: the shares
  bought would be worth two prices.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.models import audit
from desktop.models.audit import AuditEntry
from desktop.models.enums import (
    DebtPolicy,
    EventKind,
    GroupKind,
    IncomeFundInterest,
    InterestMethod,
    LeaverPayout,
    ProfitBasis,
)
from desktop.models.errors import LedgerError, Problem
from desktop.models.group import Cycle, Group
from desktop.models.journal import Event
from desktop.models.meeting import Meeting
from desktop.models.permissions import Action, Actor, can, require

VSLA, ASCA, ISHC = GroupKind.VSLA, GroupKind.ASCA, GroupKind.ISHC
SAVINGS = frozenset({VSLA, ASCA})
EVERY = frozenset(GroupKind)


class SettingKind(StrEnum):
    AMOUNT = "amount"  # int đồng
    COUNT = "count"  # a whole number
    RATE = "rate"  # Decimal
    FLAG = "flag"  # bool
    CHOICE = "choice"  # one of ``choices``


@dataclass(frozen=True)
class Setting:
    """One rule of the constitution. ``label`` and the choices' words are msgids."""

    name: str  # the Cycle attribute (the Group's for ``on_group``)
    label: str
    kind: SettingKind
    kinds: frozenset[GroupKind] = EVERY
    low: Any = None
    high: Any = None
    choices: tuple[tuple[Any, str], ...] = ()
    hint: str = ""
    on_group: bool = False  # kept once for the club, not per cycle


SETTINGS: tuple[Setting, ...] = (
    Setting("share_value", N_("Share value (đồng)"), SettingKind.AMOUNT, frozenset({VSLA}),
            1_000, 1_000_000, hint=N_("Cannot change once shares were bought in the cycle.")),
    Setting("min_shares", N_("Fewest shares a meeting"), SettingKind.COUNT, frozenset({VSLA}),
            1, 20),
    Setting("max_shares", N_("Most shares a meeting"), SettingKind.COUNT, frozenset({VSLA}),
            1, 20),
    Setting("social_fund_per_meeting", N_("Social fund contribution a meeting (đồng)"),
            SettingKind.AMOUNT, EVERY, 0, 1_000_000),
    Setting("member_fee_per_month", N_("Member fee a month (đồng)"), SettingKind.AMOUNT,
            EVERY, 0, 1_000_000),
    Setting("monthly_rate", N_("Interest rate (% a month)"), SettingKind.RATE, EVERY,
            Decimal(0), Decimal(10)),
    Setting("interest_method", N_("How interest is counted"), SettingKind.CHOICE, EVERY,
            choices=((InterestMethod.FLAT, N_("Flat, on the original principal")),
                     (InterestMethod.DECLINING, N_("On the declining balance")),
                     (InterestMethod.UPFRONT, N_("Interest taken upfront")),
                     (InterestMethod.NONE, N_("No interest")))),
    Setting("interest_months_round_up", N_("A month begun counts as a whole month"),
            SettingKind.FLAG),
    Setting("loan_multiple", N_("Loan at most this many times the member's savings"),
            SettingKind.RATE, SAVINGS, Decimal("0.5"), Decimal(10)),
    Setting("max_loan_amount", N_("Largest loan (đồng, 0: no maximum)"), SettingKind.AMOUNT,
            EVERY, 0, 1_000_000_000),
    Setting("max_term_months", N_("Longest term (months)"), SettingKind.COUNT, EVERY, 1, 60),
    Setting("one_loan_at_a_time", N_("One loan at a time per member"), SettingKind.FLAG),
    Setting("rounding_unit", N_("Amounts rounded to (đồng)"), SettingKind.CHOICE, EVERY,
            choices=((1, "1"), (100, "100"), (500, "500"), (1000, "1.000"))),
    Setting("profit_basis", N_("Profit shared by"), SettingKind.CHOICE, frozenset({ASCA}),
            choices=((ProfitBasis.SAVINGS, N_("Savings")),
                     (ProfitBasis.DONG_DAYS, N_("Savings and how long they were saved")))),
    Setting("debt_policy", N_("A loan still owed at share-out"), SettingKind.CHOICE, SAVINGS,
            choices=((DebtPolicy.NET, N_("Is taken from the member's share")),
                     (DebtPolicy.BLOCK, N_("Stops the share-out until repaid")))),
    Setting("leaver_payout", N_("A member who leaves is paid"), SettingKind.CHOICE,
            frozenset({VSLA}),
            choices=((LeaverPayout.FACE_VALUE, N_("The savings at face value")),
                     (LeaverPayout.SHARE_VALUE, N_("Shares at their value that day")))),
    Setting("income_fund_interest", N_("Interest on income-generation loans goes to"),
            SettingKind.CHOICE, frozenset({ISHC}),
            choices=((IncomeFundInterest.STAYS_IN_FUND, N_("The income-generation fund")),
                     (IncomeFundInterest.OPERATING_FUND, N_("The operating fund")))),
    Setting("elderly_age", N_("Older people counted from age"), SettingKind.COUNT,
            frozenset({ISHC}), 50, 70, hint=N_("The Law on the Elderly says 60; some clubs "
                                               "count 55."), on_group=True),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}


def settings_for(kind: GroupKind) -> list[Setting]:
    return [setting for setting in SETTINGS if GroupKind(kind) in setting.kinds]


class EditRule(StrEnum):
    PAST = "past"  # a closed cycle: read only
    VIEW_ONLY = "view_only"  # the user may not enter data
    FREE = "free"  # no meeting yet: the clerk may change it
    BOARD = "board"  # meetings held: this board member may, with a reason
    NEEDS_BOARD = "needs_board"  # meetings held: only the board may


def meetings_in(session: Session, cycle: Cycle) -> int:
    return int(session.scalar(select(func.count(Meeting.id)).where(
        Meeting.cycle_id == cycle.id)) or 0)


def shares_bought(session: Session, cycle: Cycle) -> int:
    return int(session.scalar(select(func.sum(Event.quantity)).where(
        Event.group_id == cycle.group_id, Event.kind == EventKind.SHARE_PURCHASE,
        Event.date >= cycle.start_date, Event.cycle_id == cycle.id)) or 0)


def edit_rule(session: Session, cycle: Cycle, actor: Actor) -> EditRule:
    """Whether ``actor`` may change ``cycle``'s constitution now, and how."""
    if cycle.closed or cycle.group.current_cycle.id != cycle.id:
        return EditRule.PAST
    if not can(actor, Action.ENTER_DATA):
        return EditRule.VIEW_ONLY
    if meetings_in(session, cycle) == 0:
        return EditRule.FREE
    return EditRule.BOARD if can(actor, Action.CHANGE_CONSTITUTION) else EditRule.NEEDS_BOARD


def current_values(cycle: Cycle) -> dict[str, Any]:
    group = cycle.group
    return {setting.name: getattr(group if setting.on_group else cycle, setting.name)
            for setting in settings_for(group.kind)}


def _label(setting: Setting) -> str:
    return _(setting.label)


def setting_problems(session: Session, cycle: Cycle, changes: dict[str, Any]) -> list[Problem]:
    """What is wrong with ``changes`` to ``cycle``'s constitution (``Problem.cell`` is the
    setting's name). Empty when they may be saved."""
    kind = GroupKind(cycle.group.kind)
    values = {**current_values(cycle), **changes}
    problems: list[Problem] = []
    for name, value in changes.items():
        setting = BY_NAME.get(name)
        if setting is None or kind not in setting.kinds:
            problems.append(Problem(_("'{name}' is not a rule of this group's "
                                      "constitution.").format(name=name), cell=name))
            continue
        if setting.kind == SettingKind.CHOICE:
            if value not in [choice for choice, _word in setting.choices]:
                problems.append(Problem(_("{setting}: choose one of the list.").format(
                    setting=_label(setting)), cell=name))
            continue
        if setting.kind == SettingKind.FLAG:
            continue
        if setting.low is not None and not setting.low <= value <= setting.high:
            low, high = (str(bound).replace(".", ",") if isinstance(bound, Decimal)
                         else f"{bound:,}".replace(",", ".") for bound in (setting.low,
                                                                            setting.high))
            problems.append(Problem(_("{setting} must be between {low} and {high}.").format(
                setting=_label(setting), low=low, high=high), cell=name))
        if setting.kind == SettingKind.RATE and value != value.quantize(Decimal("0.01")):
            problems.append(Problem(_("{setting}: write at most two decimals, e.g. 1,5.")
                                    .format(setting=_label(setting)), cell=name))
    if kind == VSLA and values["min_shares"] > values["max_shares"]:
        problems.append(Problem(_("The fewest shares a meeting ({low}) is more than the most "
                                  "({high}).").format(low=values["min_shares"],
                                                      high=values["max_shares"]),
                                cell="min_shares" if "min_shares" in changes else "max_shares"))
    if "share_value" in changes and changes["share_value"] != cycle.share_value \
            and shares_bought(session, cycle):
        problems.append(Problem(_("The share value cannot change: shares were already bought "
                                  "in this cycle at {value} đồng.").format(
            value=f"{cycle.share_value:,}".replace(",", ".")), cell="share_value"))
    return problems


class ConstitutionRejected(LedgerError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(" ".join(problem.message for problem in problems))
        self.problems = problems


def update_constitution(session: Session, cycle_id: int, changes: dict[str, Any],
                        actor: Actor, reason: str = "") -> list[str]:
    """Change the current cycle's constitution; returns the names of the settings changed.
    Nothing is saved when anything is refused."""
    cycle = session.get(Cycle, cycle_id)
    if cycle is None:
        raise LedgerError(_("This cycle is no longer in the ledger."))
    rule = edit_rule(session, cycle, actor)
    if rule == EditRule.PAST:
        raise LedgerError(_("Cycle {number} is closed; its constitution is kept as it "
                            "was.").format(number=cycle.number))
    require(actor, Action.ENTER_DATA)
    held = meetings_in(session, cycle)
    if held:
        require(actor, Action.CHANGE_CONSTITUTION)
        if not reason.strip():
            raise LedgerError(_("The cycle already has meetings: give the reason for changing "
                                "its constitution."))
    before = current_values(cycle)
    changed = {name: value for name, value in changes.items() if before.get(name) != value}
    problems = setting_problems(session, cycle, changed)
    if problems:
        raise ConstitutionRejected(problems)
    group: Group = cycle.group
    for name, value in changed.items():
        setattr(group if BY_NAME[name].on_group else cycle, name, value)
    session.flush()
    if changed:
        audit.record(session, actor, "update_constitution", "cycle", cycle.id,
                     cycle=cycle.number, meetings=held, reason=reason.strip(),
                     changes={name: [before[name], value] for name, value in changed.items()})
    return list(changed)


@dataclass(frozen=True)
class ConstitutionChange:
    at: dt.datetime
    user: str
    cycle: int
    changes: dict[str, list[Any]]  # name → [old, new], as the audit log keeps them
    reason: str


def constitution_history(session: Session, group_id: int) -> list[ConstitutionChange]:
    """Every change of the group's constitutions, the latest first."""
    cycles = {cycle_id: number for cycle_id, number in session.execute(
        select(Cycle.id, Cycle.number).where(Cycle.group_id == group_id))}
    if not cycles:
        return []
    entries = session.scalars(select(AuditEntry).where(
        AuditEntry.action == "update_constitution", AuditEntry.entity == "cycle",
        AuditEntry.entity_id.in_(list(cycles))).order_by(AuditEntry.at.desc(),
                                                          AuditEntry.id.desc()))
    history = []
    for entry in entries:
        details = json.loads(entry.details or "{}")
        history.append(ConstitutionChange(entry.at, entry.user, cycles[entry.entity_id or 0],
                                          details.get("changes", {}), details.get("reason", "")))
    return history
