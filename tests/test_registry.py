"""Setting up the ledger: communes, villages, groups with their first cycle, members."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop.models import registry
from desktop.models.audit import AuditEntry
from desktop.models.balances import fund_position, trial_balance
from desktop.models.collation import name_sort_key
from desktop.models.enums import EventKind, GroupKind, InterestMethod
from desktop.models.errors import LedgerError
from desktop.models.journal import Event
from desktop.models.organisation import Commune
from desktop.models.permissions import SYSTEM, Actor, Role

D = dt.date
CLERK = Actor("Chị Lan (cán bộ)", Role.CLERK)


@pytest.fixture
def yen_binh(session) -> Commune:  # type: ignore[no-untyped-def]
    return registry.get_or_create_commune(session, "04321", "Xã Yên Bình", "Tỉnh Thái Nguyên")


@pytest.mark.parametrize("code", ["4321", "043210", "0432a", ""])
def test_a_commune_code_has_exactly_five_digits(session, code: str) -> None:
    with pytest.raises(LedgerError):
        registry.get_or_create_commune(session, code, "Xã Yên Bình")


def test_a_commune_is_created_once_and_found_again(session, yen_binh) -> None:
    again = registry.get_or_create_commune(session, " 04321 ", "Tên khác")
    assert again.id == yen_binh.id
    assert (again.name, again.province) == ("Xã Yên Bình", "Tỉnh Thái Nguyên")


def test_village_names_are_normalised_and_found_again(session, yen_binh) -> None:
    decomposed = unicodedata.normalize("NFD", "Thôn  Đông")
    village = registry.get_or_create_village(session, yen_binh, decomposed)
    assert village.name == "Thôn Đông"
    assert registry.get_or_create_village(session, yen_binh, "Thôn Đông").id == village.id
    assert registry.get_or_create_village(session, yen_binh, "   ") is None


def test_a_new_group_has_its_first_cycle_with_its_constitution(session, yen_binh) -> None:
    group = registry.create_group(
        session, yen_binh, code=" HS01 ", name="Nhóm TK&VV Hoa Sen", kind=GroupKind.VSLA,
        start_date=D(2026, 1, 1), actor=CLERK, share_value=20_000, rounding_unit=1_000,
        monthly_rate=Decimal("2"), interest_method=InterestMethod.DECLINING)
    assert group.code == "HS01"
    assert group.founded_on == D(2026, 1, 1)
    [cycle] = group.cycles
    assert (cycle.number, cycle.start_date, cycle.closed) == (1, D(2026, 1, 1), False)
    assert (cycle.share_value, cycle.rounding_unit, cycle.monthly_rate,
            cycle.interest_method) == (20_000, 1_000, Decimal("2"), InterestMethod.DECLINING)
    assert (cycle.loan_multiple, cycle.max_term_months, cycle.one_loan_at_a_time) == (
        Decimal("3"), 3, True)  # the defaults of DESIGN §2.1
    assert group.current_cycle is cycle
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "create_group"))
    assert (entry.user, entry.entity_id) == (CLERK.name, group.id)


def test_a_group_code_is_unique_in_the_commune(session, yen_binh) -> None:
    registry.create_group(session, yen_binh, code="HS01", name="Hoa Sen", kind=GroupKind.VSLA,
                          start_date=D(2026, 1, 1), actor=CLERK)
    with pytest.raises(LedgerError) as raised:
        registry.create_group(session, yen_binh, code="HS01", name="Hoa Mai",
                              kind=GroupKind.VSLA, start_date=D(2026, 1, 1), actor=CLERK)
    assert "HS01" in str(raised.value)
    with pytest.raises(LedgerError):
        registry.create_group(session, yen_binh, code="  ", name="Hoa Mai",
                              kind=GroupKind.VSLA, start_date=D(2026, 1, 1), actor=CLERK)


def test_a_clubs_seed_capital_arrives_in_cash_on_the_start_date(session, yen_binh) -> None:
    club = registry.create_group(session, yen_binh, code="LTH01", name="CLB Liên thế hệ",
                                 kind=GroupKind.ISHC, start_date=D(2026, 3, 1), actor=SYSTEM,
                                 seed_capital=80_000_000)
    [event] = session.scalars(select(Event).where(Event.group_id == club.id)).all()
    assert (event.kind, event.date, event.amount) == (EventKind.SEED_CAPITAL, D(2026, 3, 1),
                                                      80_000_000)
    position = fund_position(session, club.id)
    assert (position.cash_box, position.income_fund, position.income_fund_cash) == (
        80_000_000, 80_000_000, 80_000_000)
    assert position.fund_value == 0  # the club's money is not a loan fund to share out
    assert trial_balance(session, club.id) == 0


def test_balances_carried_from_a_paper_ledger_open_the_books(session, yen_binh) -> None:
    group = registry.create_group(session, yen_binh, code="HS02", name="Nhóm Hoa Mai",
                                  kind=GroupKind.VSLA, start_date=D(2026, 1, 1), actor=SYSTEM,
                                  carry_in=350_000, social_fund_in=120_000)
    kinds = {e.kind: e.amount for e in session.scalars(select(Event).where(
        Event.group_id == group.id))}
    assert kinds == {EventKind.OPENING_BALANCE: 350_000,
                     EventKind.OPENING_SOCIAL_FUND: 120_000}
    position = fund_position(session, group.id)
    assert (position.cash_box, position.retained, position.social_fund) == (470_000, 350_000,
                                                                           120_000)
    assert position.fund_value == position.loan_fund_equity == 350_000


def test_a_member_joins_with_a_normalised_name(session, yen_binh) -> None:
    group = registry.create_group(session, yen_binh, code="HS01", name="Hoa Sen",
                                  kind=GroupKind.VSLA, start_date=D(2026, 1, 1), actor=SYSTEM)
    typed = unicodedata.normalize("NFD", "  Nguyễn   Thị  Hường ")
    member = registry.add_member(session, group, code=" TV01 ", full_name=typed,
                                 join_date=D(2026, 1, 1), actor=CLERK, birth_year=1962,
                                 village="Thôn Đông")
    assert member.code == "TV01"
    assert member.full_name == "Nguyễn Thị Hường"
    assert unicodedata.is_normalized("NFC", member.full_name)
    assert member.sort_key == name_sort_key("Nguyễn Thị Hường")
    assert member.age_in(2026) == 64
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "add_member"))
    assert (entry.user, entry.entity_id, json.loads(entry.details)) == (
        CLERK.name, member.id, {"code": "TV01"})


def test_a_member_needs_a_unique_code_and_a_name(session, yen_binh) -> None:
    group = registry.create_group(session, yen_binh, code="HS01", name="Hoa Sen",
                                  kind=GroupKind.VSLA, start_date=D(2026, 1, 1), actor=SYSTEM)
    registry.add_member(session, group, code="TV01", full_name="Nguyễn Thị An",
                        join_date=D(2026, 1, 1), actor=CLERK)
    with pytest.raises(LedgerError):
        registry.add_member(session, group, code="TV01", full_name="Trần Thị Bình",
                            join_date=D(2026, 1, 1), actor=CLERK)
    with pytest.raises(LedgerError):
        registry.add_member(session, group, code="", full_name="Trần Thị Bình",
                            join_date=D(2026, 1, 1), actor=CLERK)
    with pytest.raises(LedgerError):
        registry.add_member(session, group, code="TV02", full_name="  ",
                            join_date=D(2026, 1, 1), actor=CLERK)


def test_the_same_person_may_belong_to_two_groups(session, yen_binh) -> None:
    first = registry.create_group(session, yen_binh, code="HS01", name="Hoa Sen",
                                  kind=GroupKind.VSLA, start_date=D(2026, 1, 1), actor=SYSTEM)
    club = registry.create_group(session, yen_binh, code="LTH01", name="CLB Liên thế hệ",
                                 kind=GroupKind.ISHC, start_date=D(2026, 1, 1), actor=SYSTEM)
    for group in (first, club):
        registry.add_member(session, group, code="TV01", full_name="Nguyễn Thị An",
                            join_date=D(2026, 1, 1), actor=CLERK)


def test_a_member_is_active_from_joining_until_the_day_they_leave(session, yen_binh) -> None:
    club = registry.create_group(session, yen_binh, code="LTH01", name="CLB Liên thế hệ",
                                 kind=GroupKind.ISHC, start_date=D(2026, 1, 1), actor=SYSTEM)
    member = registry.add_member(session, club, code="HV01", full_name="Hoàng Văn Sáu",
                                 join_date=D(2026, 2, 1), actor=CLERK)
    assert not member.is_active_on(D(2026, 1, 31))
    assert member.is_active_on(D(2026, 2, 1))
    # A club member leaving takes nothing: the club's funds are not shared out.
    assert registry.leave_group(session, member, D(2026, 6, 30), "Chuyển đi", CLERK) == 0
    assert member.is_active_on(D(2026, 6, 29))
    assert not member.is_active_on(D(2026, 6, 30))
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "member_left"))
    assert json.loads(entry.details) == {"date": "2026-06-30", "paid": 0, "reason": "Chuyển đi"}
