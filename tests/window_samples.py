"""A small commune for the window's tests: three groups of the three kinds in two villages,
with one meeting and one overdue loan, so every figure of the overview has a known value.

    Thôn Đông   Nhóm TK&VV Hoa Sen (VSLA, HS01)   4 members; meeting of 05/10/2026:
                TV01 2 shares, TV02 3 shares, TV04 1 share (20.000 đ each), 2.000 đ social
                fund each, TV03 absent; TV01 borrows 100.000 đ for school fees, 1 month.
    Thôn Tây    Nhóm tiết kiệm Bình An (ASCA, BA01) 2 members, no meeting yet.
                CLB Liên thế hệ Thôn Tây (ISHC, LT01) 1 member, 50.000.000 đ seed capital.

Hoa Sen at 23/11/2026: savings 120.000, social fund 6.000, loans 100.000 (overdue since
05/11), cash 26.000, attendance 3 of 4 = 75%. Commune: 7 members, cash 50.026.000.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from conftest import make_hoa_sen
from sqlalchemy import select

from desktop.models import registry
from desktop.models.database import Ledger
from desktop.models.enums import GroupKind, LoanPurpose
from desktop.models.loans import LoanRequest, disburse
from desktop.models.meetings import Entry, create_meeting, save_entry
from desktop.models.member import Member
from desktop.models.organisation import Commune
from desktop.models.permissions import SYSTEM

MEETING_DAY = dt.date(2026, 10, 5)


@dataclass(frozen=True)
class SampleIds:
    hoa_sen: int
    binh_an: int
    club: int


def make_commune(ledger: Ledger) -> SampleIds:
    with ledger.session() as session:
        hoa_sen = make_hoa_sen(session)
        commune = session.scalar(select(Commune))
        assert commune is not None
        west = registry.get_or_create_village(session, commune, "Thôn Tây")
        binh_an = registry.create_group(
            session, commune, code="BA01", name="Nhóm tiết kiệm Bình An", kind=GroupKind.ASCA,
            start_date=dt.date(2026, 1, 1), village=west, actor=SYSTEM, rounding_unit=1)
        for code, name in (("TV01", "Đỗ Thị Hạnh"), ("TV02", "Vũ Thị Lan")):
            registry.add_member(session, binh_an, code=code, full_name=name,
                                join_date=dt.date(2026, 1, 1), actor=SYSTEM)
        club = registry.create_group(
            session, commune, code="LT01", name="CLB Liên thế hệ Thôn Tây", kind=GroupKind.ISHC,
            start_date=dt.date(2026, 1, 1), village=west, actor=SYSTEM,
            seed_capital=50_000_000, max_term_months=12)
        registry.add_member(session, club, code="TV01", full_name="Bùi Văn Tư",
                            join_date=dt.date(2026, 1, 1), actor=SYSTEM, birth_year=1950)
        members = {member.code: member.id for member in session.scalars(
            select(Member).where(Member.group_id == hoa_sen.id))}
        meeting = create_meeting(session, hoa_sen, MEETING_DAY, SYSTEM)
        for code, shares in (("TV01", 2), ("TV02", 3), ("TV04", 1)):
            save_entry(session, meeting, Entry(members[code], shares=shares, social_fund=2_000),
                       SYSTEM)
        save_entry(session, meeting, Entry(members["TV03"], present=False), SYSTEM)
        disburse(session, hoa_sen, LoanRequest(members["TV01"], 100_000, MEETING_DAY,
                                               term_months=1, purpose=LoanPurpose.EDUCATION,
                                               meeting_id=meeting.id), SYSTEM)
        return SampleIds(hoa_sen.id, binh_an.id, club.id)


def make_other_commune(ledger: Ledger) -> None:
    """A second ledger to switch to: Xã Phúc Lộc with one club."""
    with ledger.session() as session:
        commune = registry.get_or_create_commune(session, "05555", "Xã Phúc Lộc", "Tỉnh Lào Cai")
        village = registry.get_or_create_village(session, commune, "Bản Na")
        registry.create_group(session, commune, code="CLB1", name="CLB Bản Na",
                              kind=GroupKind.ISHC, start_date=dt.date(2026, 1, 1),
                              village=village, actor=SYSTEM)
