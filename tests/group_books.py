"""Ledgers the group-book tests share (loans ledger, cash book, share-out, activities,
settings), committed through ``ledger.session()`` as the presenters read them.

    Nhóm TK&VV Hoa Sen (conftest): the printing tests' story — meetings of 05/02, 05/03 and
    02/04/2026; TV02 Trần Thị Bình borrows 300.000 đ on 05/03 for 3 months (due 05/06), pays
    100.000 đ and 6.000 đ interest on 02/04. At 23/11/2026 she still owes 200.000 đ, 171 days
    overdue. On 01/10/2026 TV03 Lê Thị Cúc borrows 150.000 đ (due 01/01/2027).

    CLB Liên thế hệ Thôn Tây (ISHC, LT01): 50.000.000 đ seed capital on 01/01/2026; six
    members, TV05 Hoàng Văn Việt a volunteer; TV01 Nguyễn Thị Hồng (born 1950) borrows
    5.000.000 đ from the income-generation fund at the meeting of 15/10/2026.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from conftest import make_hoa_sen
from print_fixtures import hold_meeting, hold_story

from desktop.models import registry
from desktop.models.database import Ledger
from desktop.models.enums import GroupKind, InterestMethod, MemberRole, Sex
from desktop.models.permissions import SYSTEM, Actor, Role

CLERK = Actor("Chị Lan (cán bộ)", Role.CLERK)
BOARD = Actor("Chị Hoa (trưởng nhóm)", Role.BOARD)
VIEWER = Actor("Anh Tùng (tỉnh)", Role.VIEWER)
CUC_LOAN_DAY = dt.date(2026, 10, 1)
CLUB_MEETING = dt.date(2026, 10, 15)

CLUB_MEMBERS = [
    ("TV01", "Nguyễn Thị Hồng", Sex.FEMALE, 1950, MemberRole.CHAIR),
    ("TV02", "Lò Thị Hoa", Sex.FEMALE, 1948, MemberRole.MEMBER),
    ("TV03", "Vi Văn Hùng", Sex.MALE, 1944, MemberRole.MEMBER),
    ("TV04", "Hà Thị Lan", Sex.FEMALE, 1990, MemberRole.TREASURER),
    ("TV05", "Hoàng Văn Việt", Sex.MALE, 1958, MemberRole.VOLUNTEER),
    ("TV06", "Lương Thị Mai", Sex.FEMALE, 2001, MemberRole.VOLUNTEER),
]


def hoa_sen_with_loans(ledger: Ledger, **constitution: object) -> int:
    """Hoa Sen with the story and Cúc's loan of 01/10; returns the group's id."""
    with ledger.session() as session:
        group = make_hoa_sen(session, **constitution)
        hold_story(session, group)
        hold_meeting(session, group, CUC_LOAN_DAY, {"TV03": {"shares": 1, "new_loan": 150_000}})
        return group.id


def hoa_sen_with_story(ledger: Ledger, **constitution: object) -> int:
    with ledger.session() as session:
        group = make_hoa_sen(session, **constitution)
        hold_story(session, group)
        return group.id


def make_club(ledger: Ledger, *, with_loan: bool = True) -> int:
    """The club of Thôn Tây; returns its id."""
    with ledger.session() as session:
        commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
        village = registry.get_or_create_village(session, commune, "Thôn Tây")
        club = registry.create_group(
            session, commune, code="LT01", name="CLB Liên thế hệ Thôn Tây", kind=GroupKind.ISHC,
            start_date=dt.date(2026, 1, 1), village=village, actor=SYSTEM,
            seed_capital=50_000_000, member_fee_per_month=5_000, monthly_rate=Decimal("0"),
            interest_method=InterestMethod.NONE, max_loan_amount=10_000_000,
            max_term_months=12, rounding_unit=1_000)
        for code, name, sex, born, role in CLUB_MEMBERS:
            registry.add_member(session, club, code=code, full_name=name, sex=sex,
                                birth_year=born, role=role, join_date=dt.date(2026, 1, 1),
                                actor=SYSTEM)
        session.flush()
        if with_loan:
            hold_meeting(session, club, CLUB_MEETING,
                         {"TV01": {"fee": 5_000, "new_loan": 5_000_000}})
        return club.id
