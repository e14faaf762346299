"""Key figures of a group at a quarter's end (DESIGN.md §6.1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from conftest import make_hoa_sen
from sqlalchemy import select

from desktop.models import registry
from desktop.models.enums import GroupKind, Household, InterestMethod, LoanFund, Sex
from desktop.models.group import Group
from desktop.models.indicators import Quarter, commune_indicators, group_indicators, percent
from desktop.models.loans import LoanRequest, disburse
from desktop.models.meetings import Entry, create_meeting, save_entry
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM, Actor, Role

D = dt.date
CLERK = Actor("Chị Lan (cán bộ)", Role.CLERK)


# -- quarters and percentages ----------------------------------------------------------------

@pytest.mark.parametrize("text", ["2026Q3", "2026-Q3", "Q3/2026", " 2026q3 ", "q3-2026", "2026 Q3"])
def test_a_quarter_is_read_the_ways_clerks_write_it(text: str) -> None:
    assert Quarter.parse(text) == Quarter(2026, 3)


@pytest.mark.parametrize("text", ["2026Q5", "2026Q0", "26Q3", "2026", "Quý 3", ""])
def test_a_quarter_that_does_not_exist_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Quarter.parse(text)


@pytest.mark.parametrize(
    ("quarter", "first", "last"),
    [
        (Quarter(2026, 1), D(2026, 1, 1), D(2026, 3, 31)),
        (Quarter(2026, 2), D(2026, 4, 1), D(2026, 6, 30)),
        (Quarter(2026, 3), D(2026, 7, 1), D(2026, 9, 30)),
        (Quarter(2026, 4), D(2026, 10, 1), D(2026, 12, 31)),
    ],
)
def test_a_quarter_runs_from_its_first_to_its_last_day(quarter: Quarter, first: dt.date,
                                                       last: dt.date) -> None:
    assert (quarter.first_day, quarter.last_day) == (first, last)
    assert Quarter.containing(first) == Quarter.containing(last) == quarter


def test_quarters_follow_each_other_across_the_new_year() -> None:
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert Quarter(2026, 3).previous() == Quarter(2026, 2)
    assert str(Quarter(2026, 3)) == "2026Q3"
    assert Quarter.parse(str(Quarter(2027, 4))) == Quarter(2027, 4)


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(1, 8, 13), (1, 3, 33), (2, 3, 67), (11, 12, 92), (1, 200, 1), (1, 201, 0), (5, 5, 100),
     (0, 5, 0), (5, 0, 0)],
)
def test_percent_is_whole_with_halves_rounded_up(numerator: int, denominator: int,
                                                 expected: int) -> None:
    assert percent(numerator, denominator) == expected


# -- a club at the end of 2026Q3 -------------------------------------------------------------

MEMBERS = [
    # code, name, sex, birth year, household, joined, left
    ("HV01", "Hoàng Văn Sáu", Sex.MALE, 1950, Household.POOR, D(2026, 1, 1), None),
    ("HV02", "Nguyễn Thị Lan", Sex.FEMALE, 1958, Household.NEAR_POOR, D(2026, 1, 1), None),
    ("HV03", "Lê Thị Mai", Sex.FEMALE, 1968, Household.OTHER, D(2026, 1, 1), None),
    ("HV04", "Trần Văn Nam", Sex.MALE, 1990, Household.OTHER, D(2026, 1, 1), None),
    ("HV05", "Phạm Thị Hoa", Sex.FEMALE, 1945, Household.POOR, D(2026, 1, 1), D(2026, 8, 15)),
    ("HV06", "Đỗ Thị Tâm", Sex.FEMALE, 1962, Household.POOR, D(2026, 10, 1), None),
    ("HV07", "Vũ Thị Hằng", Sex.FEMALE, None, Household.OTHER, D(2026, 1, 1), D(2026, 5, 1)),
]


def _mid(session, group: Group, code: str) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(Member.id).where(Member.group_id == group.id,
                                                  Member.code == code))


def _meeting(session, group: Group, day: dt.date, rows: dict[str, dict[str, object]]) -> None:  # type: ignore[no-untyped-def]
    meeting = create_meeting(session, group, day, CLERK)
    for code, amounts in rows.items():
        save_entry(session, meeting, Entry(member_id=_mid(session, group, code), **amounts),
                   CLERK)


@pytest.fixture
def club(session) -> Group:  # type: ignore[no-untyped-def]
    """CLB Liên thế hệ thôn Đoài: seed capital 50.000.000 đ, loans at 0,5 %/month.

    Q2: Sáu (borrowed 5.000.000 on 05/02 for 3 months) repays 1.000.000 + 60.000 interest.
    Q3: three meetings; Lan borrows 8.000.000 and pays 40.000 interest; Mai gets a 20.000
    grant; Hoa leaves on 15/08.
    """
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    village = registry.get_or_create_village(session, commune, "Thôn Đoài")
    group = registry.create_group(
        session, commune, code="LTH01", name="CLB Liên thế hệ thôn Đoài", kind=GroupKind.ISHC,
        start_date=D(2026, 1, 1), village=village, actor=SYSTEM, seed_capital=50_000_000,
        max_loan_amount=10_000_000, max_term_months=12, monthly_rate=Decimal("0.5"),
        interest_method=InterestMethod.DECLINING, rounding_unit=1_000)
    for code, name, sex, born, household, joined, left in MEMBERS:
        member = registry.add_member(session, group, code=code, full_name=name,
                                     join_date=joined, actor=SYSTEM, sex=sex,
                                     birth_year=born, household=household)
        if left:
            registry.leave_group(session, member, left, "Chuyển đi", SYSTEM)
    disburse(session, group, LoanRequest(member_id=_mid(session, group, "HV01"),
                                         amount=5_000_000, on=D(2026, 2, 5), term_months=3,
                                         fund=LoanFund.INCOME_FUND), CLERK)
    _meeting(session, group, D(2026, 6, 5), {"HV01": {"repaid": 1_000_000, "interest": 60_000}})
    july = {code: {"fee": 5_000, "social_fund": 10_000} for code in ("HV01", "HV02", "HV03",
                                                                      "HV05")}
    july["HV02"]["new_loan"] = 8_000_000
    july["HV04"] = {"present": False}
    _meeting(session, group, D(2026, 7, 5), july)
    _meeting(session, group, D(2026, 8, 5), {"HV05": {"present": False},
                                             "HV03": {"grant": 20_000},
                                             "HV02": {"interest": 40_000}})
    _meeting(session, group, D(2026, 9, 5), {"HV03": {"present": False}})
    return group


def test_a_clubs_figures_at_the_end_of_the_quarter(session, club) -> None:
    q3 = Quarter.parse("2026Q3")
    figures = group_indicators(session, club, q3.last_day)
    assert (figures.code, figures.kind, figures.village) == ("LTH01", GroupKind.ISHC,
                                                             "Thôn Đoài")
    # Sáu, Lan, Mai, Nam: Hoa left in August, Tâm joins in October.
    assert figures.members == 4
    assert figures.female == 2
    assert figures.poor == 2  # Sáu (nghèo), Lan (cận nghèo)
    assert figures.elderly == 2  # Sáu 76, Lan 68 (Mai is 58)
    assert figures.meetings == 3
    # Hoa, who left on 15/08, belonged at the July and August meetings: she counts there.
    assert figures.attendances == 4 + 4 + 3
    assert figures.member_meetings == 5 + 5 + 4
    assert figures.attendance_percent == 79  # 11 of 14
    assert figures.savings == 0
    assert (figures.loans_outstanding, figures.loans_count) == (12_000_000, 2)
    assert figures.overdue == 4_000_000  # Sáu's loan fell due on 05/05
    assert figures.portfolio_at_risk_percent == 33
    assert figures.social_fund == 40_000 - 20_000
    assert figures.seed_capital == 50_000_000
    assert figures.income_fund == 50_000_000 + 60_000 + 40_000  # interest stays in the fund
    assert figures.operating_fund == 20_000
    assert figures.cash == 50_000_000 - 5_000_000 + 1_060_000 + 60_000 - 8_000_000 + 20_000
    assert figures.dropouts == 1
    assert figures.interest_and_fines == 40_000  # Q2's interest is not this quarter's


def test_a_club_counting_older_people_from_55(session, club) -> None:
    club.elderly_age = 55
    figures = group_indicators(session, club, D(2026, 9, 30))
    assert figures.elderly == 3  # Mai (58) now counts


def test_the_same_club_at_the_end_of_the_previous_quarter(session, club) -> None:
    figures = group_indicators(session, club, Quarter(2026, 2).last_day)
    assert figures.members == 5  # Hoa is still a member; Hằng left on 01/05
    assert figures.dropouts == 1  # Hằng
    assert figures.meetings == 1
    assert (figures.loans_outstanding, figures.loans_count, figures.overdue) == (
        4_000_000, 1, 4_000_000)
    assert figures.interest_and_fines == 60_000
    assert figures.cash == 50_000_000 - 5_000_000 + 1_060_000


def test_an_age_is_counted_in_the_year_of_the_report(session, club) -> None:
    assert group_indicators(session, club, D(2026, 9, 30)).elderly == 2
    # Lê Thị Mai (born 1968) is 60 in 2028, whatever her birthday; Tâm (1962) has joined.
    assert group_indicators(session, club, D(2028, 1, 1)).elderly == 4


def test_every_group_of_the_commune_by_village_then_code(session, club) -> None:
    hoa_sen = make_hoa_sen(session)  # thôn Đông
    rows = commune_indicators(session, D(2026, 9, 30))
    assert [(row.village, row.code) for row in rows] == [("Thôn Đoài", "LTH01"),
                                                         ("Thôn Đông", "HS01")]
    assert rows[1].group_id == hoa_sen.id
    assert rows[1].members == 4
    assert rows[1].meetings == 0 and rows[1].attendance_percent == 0


def test_a_leaver_who_came_to_every_meeting_does_not_push_attendance_above_100(session) -> None:
    # Three members, three meetings, everyone present; Cúc leaves after the second meeting.
    group = make_hoa_sen(session)
    session.flush()
    _meeting(session, group, D(2026, 7, 6), {})
    _meeting(session, group, D(2026, 8, 3), {})
    cuc = session.get(Member, _mid(session, group, "TV03"))
    registry.leave_group(session, cuc, D(2026, 8, 20), "Chuyển đi", SYSTEM)
    _meeting(session, group, D(2026, 9, 7), {})
    figures = group_indicators(session, group, D(2026, 9, 30))
    assert figures.members == 3
    assert (figures.attendances, figures.member_meetings) == (4 + 4 + 3, 4 + 4 + 3)
    assert figures.attendance_percent == 100  # not 11 of 3 × 3 = 122 %


def test_a_member_leaving_on_a_meeting_day_belongs_at_that_meeting(session) -> None:
    group = make_hoa_sen(session)
    _meeting(session, group, D(2026, 7, 6), {"TV04": {"present": False}})
    dung = session.get(Member, _mid(session, group, "TV04"))
    registry.leave_group(session, dung, D(2026, 7, 6), "Chuyển đi", SYSTEM)
    figures = group_indicators(session, group, D(2026, 9, 30))
    assert (figures.attendances, figures.member_meetings) == (3, 4)
    assert figures.attendance_percent == 75


def test_a_member_absent_before_she_left_lowers_attendance_against_her_own_meetings(
        session) -> None:
    group = make_hoa_sen(session)
    _meeting(session, group, D(2026, 7, 6), {"TV02": {"present": False}})
    binh = session.get(Member, _mid(session, group, "TV02"))
    registry.leave_group(session, binh, D(2026, 7, 20), "Chuyển đi", SYSTEM)
    _meeting(session, group, D(2026, 8, 3), {})
    figures = group_indicators(session, group, D(2026, 9, 30))
    # 3 of 4 in July, 3 of 3 in August: 6 of 7, not 6 of 3 × 2.
    assert (figures.attendances, figures.member_meetings) == (6, 7)
    assert figures.attendance_percent == 86
