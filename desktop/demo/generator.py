"""The demo ledger: Xã Yên Bình, its villages, two VSLA groups, two ASCA groups and two
intergenerational self-help clubs, with a year of meetings dated up to today.

Everything is drawn from seeded random generators (one per group) and dated relative to
``clock.today()``, so two builds on the same day are identical and the demo always looks
current. Rows are written with bulk inserts; only the share-out and a leaver's payout go
through the ORM services, as a clerk's click would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.demo import names
from desktop.demo.clubs import ClubSim
from desktop.demo.people import ASCA_PROFILE, CLUB_PROFILE, VSLA_PROFILE
from desktop.demo.savings_groups import SavingsGroupSim
from desktop.demo.simulation import Context, GroupSim, Plan
from desktop.demo.writer import BulkWriter
from desktop.i18n import _
from desktop.models import audit, clock
from desktop.models.enums import (
    DebtPolicy,
    GroupKind,
    IncomeFundInterest,
    InterestMethod,
    LeaverPayout,
    MemberRole,
    ProfitBasis,
)
from desktop.models.errors import LedgerError
from desktop.models.journal import Event, JournalLine
from desktop.models.meeting import Meeting
from desktop.models.member import Member
from desktop.models.organisation import Commune, Village
from desktop.models.permissions import Role, role_name
from desktop.models.setting import write_setting
from desktop.models.users import add_user, create_first_admin, user_count

R = MemberRole
SAVINGS_BOARD = (R.CHAIR, R.TREASURER, R.SECRETARY, R.KEY_HOLDER, R.KEY_HOLDER, R.KEY_HOLDER)
CLUB_BOARD = (R.CHAIR, R.VICE_CHAIR, R.TREASURER, R.SECRETARY, *[R.VOLUNTEER] * 8)

PLANS = (
    Plan(code="TKVV01", name="Nhóm TK&VV Hoa Sen", kind=GroupKind.VSLA, village="Thôn Đông",
         size=20, interval="week", meetings=52, last_meeting_days_ago=0,
         constitution=dict(share_value=20_000, min_shares=1, max_shares=5,
                           monthly_rate=Decimal("2"), interest_method=InterestMethod.FLAT,
                           social_fund_per_meeting=2_000, rounding_unit=1_000,
                           max_term_months=3, leaver_payout=LeaverPayout.SHARE_VALUE),
         profile=VSLA_PROFILE, roles=SAVINGS_BOARD, overdue=True, leaver_at=30,
         keep_last_open=True, correction_at=12, grants_at=(17, 41), expenses_at=(1, 26)),
    Plan(code="TKVV02", name="Nhóm TK&VV Hướng Dương", kind=GroupKind.VSLA,
         village="Thôn Tây", size=18, interval="fortnight", meetings=31,
         last_meeting_days_ago=2,
         constitution=dict(share_value=50_000, min_shares=1, max_shares=3,
                           monthly_rate=Decimal("1.5"),
                           interest_method=InterestMethod.DECLINING,
                           social_fund_per_meeting=5_000, rounding_unit=500,
                           max_term_months=3, debt_policy=DebtPolicy.NET),
         profile=VSLA_PROFILE, roles=SAVINGS_BOARD, share_out_after=22,
         joiner_after_share_out=True, grants_at=(9, 26), expenses_at=(2,)),
    Plan(code="TK01", name="Nhóm tiết kiệm Bản Nà Mò", kind=GroupKind.ASCA,
         village="Bản Nà Mò", size=15, interval="fortnight", meetings=26,
         last_meeting_days_ago=5,
         constitution=dict(monthly_rate=Decimal("1.5"), interest_method=InterestMethod.UPFRONT,
                           social_fund_per_meeting=5_000, rounding_unit=1_000,
                           max_term_months=3, profit_basis=ProfitBasis.SAVINGS),
         profile=ASCA_PROFILE, roles=SAVINGS_BOARD, overdue=True, short_count_at=7,
         grants_at=(15,), expenses_at=(4,)),
    Plan(code="TK02", name="Nhóm tiết kiệm Đoàn Kết", kind=GroupKind.ASCA,
         village="Thôn Trung", size=14, interval="month", meetings=12,
         last_meeting_days_ago=9,
         constitution=dict(monthly_rate=Decimal("1.5"), interest_method=InterestMethod.FLAT,
                           social_fund_per_meeting=10_000, rounding_unit=1_000,
                           max_term_months=3, profit_basis=ProfitBasis.DONG_DAYS),
         profile=ASCA_PROFILE, roles=SAVINGS_BOARD, grants_at=(7,)),
    Plan(code="CLB01", name="CLB Liên thế hệ tự giúp nhau Thôn Trung", kind=GroupKind.ISHC,
         village="Thôn Trung", size=60, interval="month", meetings=12,
         last_meeting_days_ago=8,
         constitution=dict(seed_capital=100_000_000, member_fee_per_month=5_000,
                           monthly_rate=Decimal("0"), interest_method=InterestMethod.NONE,
                           max_loan_amount=10_000_000, max_term_months=12,
                           rounding_unit=1_000),
         profile=CLUB_PROFILE, roles=CLUB_BOARD, overdue=True, donation=(3, 0)),
    Plan(code="CLB02", name="CLB Liên thế hệ tự giúp nhau Bản Khuôn Mánh",
         kind=GroupKind.ISHC, village="Bản Khuôn Mánh", size=55, interval="month",
         meetings=12, last_meeting_days_ago=15, elderly_age=55,
         constitution=dict(seed_capital=70_000_000, member_fee_per_month=3_000,
                           monthly_rate=Decimal("0.5"), interest_method=InterestMethod.FLAT,
                           max_loan_amount=10_000_000, max_term_months=12,
                           rounding_unit=1_000,
                           income_fund_interest=IncomeFundInterest.OPERATING_FUND),
         profile=CLUB_PROFILE, roles=CLUB_BOARD, overdue=True, donation=(8, 1)),
)


@dataclass(frozen=True)
class DemoSummary:
    commune: str
    groups: int
    members: int
    meetings: int
    events: int
    lines: int


# The demo ledger's users and their passwords, documented in the README. A demo ledger is
# for trying the application: never put real members' data in it.
DEMO_USERS = (
    ("admin", "admin-demo", Role.ADMIN, "Quản trị (demo)"),
    ("canbo", "canbo-demo", Role.CLERK, names.CLERK),
    ("banquanly", "banquanly-demo", Role.BOARD, "Ban quản lý (demo)"),
    ("xem", "xem-demo", Role.VIEWER, "Cán bộ tỉnh (demo)"),
)


def demo_users_text() -> str:
    """The demo users and their passwords, as the demo ledger's sign-in shows them."""
    lines = [_("A demo ledger. Its users (user name / password):")]
    lines += [f"{name} / {password} — {role_name(role)}"
              for name, password, role, _display in DEMO_USERS]
    return "\n".join(lines)


def add_demo_users(session: Session) -> None:
    """The demo users, in a ledger that has none yet."""
    name, password, _role, display = DEMO_USERS[0]
    admin = create_first_admin(session, name, password, display)
    for name, password, role, display in DEMO_USERS[1:]:
        add_user(session, admin, name, role, password, display)


def has_data(session: Session) -> bool:
    """Whether the ledger already holds a commune or a group."""
    return session.scalar(select(func.count(Commune.id))) != 0


def build_demo(session: Session, today: dt.date | None = None) -> DemoSummary:
    """Fill an empty ledger with the demo commune (the caller commits)."""
    if has_data(session):
        raise LedgerError(_("The ledger already has data; the demo needs an empty ledger."))
    today = today or clock.today()
    if not user_count(session):
        add_demo_users(session)
    write_setting(session, "ledger.demo", True)  # the sign-in shows the demo users
    chained = audit.last_id(session)
    writer = BulkWriter(session, names.CLERK)
    commune_id = writer.add(Commune, {
        "code": names.COMMUNE_CODE, "name": names.COMMUNE_NAME, "province": names.PROVINCE,
        "union_name": names.UNION_NAME})["id"]
    village_ids = {
        village: writer.add(Village, {
            "commune_id": commune_id, "name": village})["id"]
        for village in names.VILLAGES
    }
    context = Context(writer, today, commune_id, village_ids)
    for plan in PLANS:
        simulation: GroupSim = (ClubSim(context, plan) if plan.kind == GroupKind.ISHC
                                else SavingsGroupSim(context, plan))
        simulation.run()
    writer.flush()
    # The writer inserted and re-dated entries of its own: name their groups and members,
    # then chain them, in id order.
    audit.fill_subjects(session)
    audit.rechain_after(session, chained)

    def count(column: object) -> int:
        return int(session.scalar(select(func.count(column))) or 0)  # type: ignore[arg-type]

    return DemoSummary(names.COMMUNE_NAME, len(PLANS), count(Member.id), count(Meeting.id),
                       count(Event.id), count(JournalLine.id))
