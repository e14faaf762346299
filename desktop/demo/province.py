"""A province's ledger for trying the application at scale: communes coded 10001, 10002, …,
each keeping 20 savings groups and clubs founded over the last ten years (the oldest with ten
years of meetings, a share-out every year), built by the demo's own simulations and bulk
writer — the code paths of ``commune-ledger demo``.

Every commune and group is drawn from seeded random generators, so two builds on the same
day are identical; the group codes repeat from one commune to the next (TKVV01 in every
commune), as they do in real provinces.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.demo import names
from desktop.demo.clubs import ClubSim
from desktop.demo.generator import CLUB_BOARD, PLANS, SAVINGS_BOARD
from desktop.demo.people import ASCA_PROFILE, CLUB_PROFILE, VSLA_PROFILE
from desktop.demo.savings_groups import SavingsGroupSim
from desktop.demo.simulation import Context, GroupSim, Plan
from desktop.demo.writer import BulkWriter
from desktop.models import audit
from desktop.models.enums import GroupKind
from desktop.models.journal import JournalLine
from desktop.models.organisation import Commune, Village

FIRST_CODE = 10001
GROUPS_PER_COMMUNE = 20
# A commune's 20: savings groups of both kinds and intergenerational clubs.
MIX = ((GroupKind.VSLA, "TKVV", 10), (GroupKind.ASCA, "TK", 7), (GroupKind.ISHC, "CLB", 3))
# Most groups are young (the programmes grew over the decade): a group's age in years, 1 to
# 10, by these weights; the commune's first group is always the oldest.
AGE_WEIGHTS = (40, 25, 13, 8, 5, 3, 2, 2, 1, 1)
_PARTS = ("Yên", "Tân", "Phú", "Hòa", "An", "Bình", "Thanh", "Minh", "Hưng", "Phúc",
          "Thịnh", "Long", "Thuận", "Lộc", "Quang", "Đồng", "Vĩnh", "Xuân", "Hợp", "Tiến")
_MEETINGS_A_YEAR = {"week": 52, "fortnight": 26, "month": 12}
# The demo's constitutions, one per kind of saving and of club, taken in turn.
_CONSTITUTIONS = {kind: [plan.constitution for plan in PLANS if plan.kind == kind]
                  for kind in GroupKind}


def commune_code(index: int) -> str:
    return str(FIRST_CODE + index)


def commune_name(index: int) -> str:
    """A Vietnamese commune name, different for each of the first 380 communes."""
    first = _PARTS[index % len(_PARTS)]
    second = _PARTS[(index // len(_PARTS) + index % len(_PARTS) + 1) % len(_PARTS)]
    return f"Xã {first} {second}" + (f" {index // 380 + 1}" if index >= 380 else "")


def group_plans(index: int, years: int) -> list[Plan]:
    """The commune's 20 groups: the first founded ``years`` years ago, the others since (most
    of them lately), meeting monthly or fortnightly, shared out every year (savings
    groups)."""
    rng = random.Random(f"commune-ledger-province:{index}")
    plans: list[Plan] = []
    for kind, prefix, count in MIX:
        for number in range(1, count + 1):
            code = f"{prefix}{number:02d}"
            village = rng.choice(names.VILLAGES)
            interval = "fortnight" if kind == GroupKind.VSLA and rng.random() < 0.3 \
                else "month"
            age = years if not plans else min(years, rng.choices(
                range(1, len(AGE_WEIGHTS) + 1), AGE_WEIGHTS)[0])
            meetings = age * _MEETINGS_A_YEAR[interval]
            constitution = rng.choice(_CONSTITUTIONS[kind])
            club = kind == GroupKind.ISHC
            plans.append(Plan(
                code=code, kind=kind, village=village, interval=interval, meetings=meetings,
                name=(f"CLB Liên thế hệ tự giúp nhau {village}" if club else
                      f"Nhóm {'TK&VV' if kind == GroupKind.VSLA else 'tiết kiệm'} "
                      f"{village} {number}"),
                size=rng.randint(45, 60) if club else rng.randint(12, 22),
                last_meeting_days_ago=rng.randint(0, 20),
                constitution=constitution,
                profile=CLUB_PROFILE if club else (VSLA_PROFILE if kind == GroupKind.VSLA
                                                   else ASCA_PROFILE),
                roles=CLUB_BOARD if club else SAVINGS_BOARD,
                elderly_age=55 if club and rng.random() < 0.2 else 60,
                overdue=rng.random() < 0.5,
                leaver_at=rng.randrange(meetings) if not club and rng.random() < 0.7 else None,
                cycle_meetings=None if club else _MEETINGS_A_YEAR[interval],
                joiner_after_share_out=not club,
                keep_last_open=not club and rng.random() < 0.2,
                short_count_at=rng.randrange(meetings) if rng.random() < 0.3 else None,
                correction_at=(rng.randrange(meetings) if kind == GroupKind.VSLA
                               and rng.random() < 0.3 else None),
                grants_at=tuple(sorted(rng.sample(range(meetings), min(meetings, age * 2)))),
                expenses_at=tuple(sorted(rng.sample(range(meetings), min(meetings, age)))),
                donation=(rng.randrange(meetings), rng.randrange(len(names.DONATIONS)))
                if club else None,
                seed=f"{commune_code(index)}/{code}",
            ))
    return plans


@dataclass(frozen=True)
class CommuneBuilt:
    code: str
    name: str
    groups: int
    lines: int  # journal lines of the whole ledger after it


def build_commune(session: Session, index: int, today: dt.date, years: int = 10,
                  plans: list[Plan] | None = None) -> CommuneBuilt:
    """Add commune number ``index`` (code 10001 + index) with its groups (the caller
    commits)."""
    chained = audit.last_id(session)
    writer = BulkWriter(session, names.CLERK)
    code, name = commune_code(index), commune_name(index)
    commune_id = writer.add(Commune, {
        "code": code, "name": name, "province": names.PROVINCE,
        "union_name": f"Hội Liên hiệp Phụ nữ {name[0].lower()}{name[1:]}"})["id"]
    village_ids = {village: writer.add(Village, {"commune_id": commune_id, "name": village})["id"]
                   for village in names.VILLAGES}
    context = Context(writer, today, commune_id, village_ids)
    plans = plans if plans is not None else group_plans(index, years)
    for plan in plans:
        simulation: GroupSim = (ClubSim(context, plan) if plan.kind == GroupKind.ISHC
                                else SavingsGroupSim(context, plan))
        simulation.run()
        writer.flush()  # a group at a time: ten years of rows never wait in memory together
    # The writer inserted and re-dated entries of its own: name their groups and members,
    # then chain them after the log's head, as the demo does (the check verifies the chain).
    audit.fill_subjects(session)
    audit.rechain_after(session, chained)
    lines = int(session.scalar(select(func.max(JournalLine.id))) or 0)
    return CommuneBuilt(code, name, len(plans), lines)


def build_province(session: Session, communes: int, today: dt.date, years: int = 10,
                   first: int = 0,
                   progress: Callable[[CommuneBuilt], None] | None = None) -> None:
    """Communes ``first`` to ``first + communes - 1`` in one transaction (the caller
    commits); for a large province call it commune by commune and commit between."""
    for index in range(first, first + communes):
        built = build_commune(session, index, today, years)
        if progress is not None:
            progress(built)


def small_plans(index: int, years: int = 2, groups: int = 3) -> list[Plan]:
    """A few groups of each commune, for tests: the first savings group, the first ASCA
    and the first club, with ``years`` of history each."""
    chosen = []
    for plan in group_plans(index, years):
        if plan.code in ("TKVV01", "TK01", "CLB01")[:groups]:
            meetings = years * _MEETINGS_A_YEAR[plan.interval]
            chosen.append(replace(
                plan, meetings=meetings, size=min(plan.size, 15),
                leaver_at=meetings // 2 if plan.leaver_at is not None else None,
                short_count_at=None, correction_at=None,
                grants_at=tuple(i for i in plan.grants_at if i < meetings),
                expenses_at=tuple(i for i in plan.expenses_at if i < meetings),
                donation=(min(plan.donation[0], meetings - 1), plan.donation[1])
                if plan.donation else None))
    return chosen
