"""The club's activities without a display: a check day typed like the paper sheet (blood
pressure "150/95", weight "52,5", who measured), what cannot be right refused with a
sentence, a check taken out by emptying it, undo; home-care visits and events added and
edited; the counts month by month."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from group_books import CLERK, VIEWER, hoa_sen_with_story, make_club
from sqlalchemy import func, select

from desktop.i18n import _
from desktop.models.activities import ActivityInput, activity_problems
from desktop.models.activity import Activity
from desktop.models.audit import AuditEntry
from desktop.models.enums import ActivityKind
from desktop.presenters.activities import CheckColumn, HealthCheckSheet
from desktop.presenters.activity_lists import (
    ActivityListPresenter,
    CountColumn,
    ListColumn,
    ListKind,
    MonthlyCountsPresenter,
)

K = CheckColumn
CHECK_DAY = dt.date(2026, 11, 15)


@pytest.fixture
def club_id(ledger) -> int:  # type: ignore[no-untyped-def]
    return make_club(ledger)


@pytest.fixture
def sheet(ledger, club_id) -> HealthCheckSheet:  # type: ignore[no-untyped-def]
    sheet = HealthCheckSheet(ledger, CLERK, club_id)
    sheet.set_day(CHECK_DAY)
    return sheet


def row_of(sheet: HealthCheckSheet, code: str) -> int:
    return next(row for row in range(sheet.row_count()) if sheet.display(row, K.CODE) == code)


def checks(ledger) -> list[tuple[int | None, int | None, Decimal | None]]:  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        return [(a.systolic, a.diastolic, a.weight_kg) for a in session.scalars(
            select(Activity).where(Activity.kind == ActivityKind.HEALTH_CHECK)
            .order_by(Activity.id))]


def test_the_check_day_lists_every_member_with_age(sheet) -> None:
    # Six members in Vietnamese name order; Hồng (born 1950) is 76 in 2026.
    assert sheet.row_count() == 6
    hong = row_of(sheet, "TV01")
    assert (sheet.display(hong, K.NAME), sheet.display(hong, K.AGE)) == ("Nguyễn Thị Hồng", "76")
    assert sheet.summary().checked == 0


def test_blood_pressure_and_weight_are_typed_as_on_the_paper_sheet(ledger, sheet) -> None:
    hong = row_of(sheet, "TV01")
    assert sheet.set_text(hong, K.PRESSURE, "150/95")
    assert sheet.set_text(hong, K.WEIGHT, "52,5")
    assert sheet.set_text(hong, K.VOLUNTEER, "TV05")
    assert (sheet.display(hong, K.PRESSURE), sheet.display(hong, K.WEIGHT)) == ("150/95", "52,5")
    assert sheet.display(hong, K.VOLUNTEER) == "TV05 Hoàng Văn Việt"
    assert checks(ledger) == [(150, 95, Decimal("52.5"))]
    summary = sheet.summary()
    assert (summary.checked, summary.high_pressure) == (1, 1)
    assert sheet.days == [(CHECK_DAY, 1)]


def test_a_pressure_that_cannot_be_right_is_marked_and_not_saved(ledger, sheet) -> None:
    hong = row_of(sheet, "TV01")
    assert sheet.set_text(hong, K.PRESSURE, "300/80") is False
    assert sheet.issue(hong, K.PRESSURE).message == _(
        "A blood pressure of {value} mmHg cannot be right; it should be between {low} and "
        "{high}.").format(value=300, low=60, high=260)
    assert sheet.display(hong, K.PRESSURE) == "300/80"  # what she typed stays, marked
    assert sheet.set_text(hong, K.PRESSURE, "80/120") is False
    assert sheet.set_text(hong, K.PRESSURE, "cao") is False
    assert sheet.issue(hong, K.PRESSURE).message == _(
        "Write the blood pressure as on the paper sheet, e.g. 130/85.")
    assert checks(ledger) == []


def test_a_note_needs_a_measure_first(sheet) -> None:
    lan = row_of(sheet, "TV04")
    assert sheet.set_text(lan, K.NOTE, "Hẹn khám lại") is False
    assert sheet.issue(lan, K.NOTE).message == _("Enter the blood pressure or the weight first.")


def test_emptying_both_measures_takes_the_check_out_and_undo_puts_it_back(ledger, sheet) -> None:
    hong = row_of(sheet, "TV01")
    sheet.set_text(hong, K.PRESSURE, "135/85")
    sheet.set_text(hong, K.WEIGHT, "50")
    assert sheet.clear([(hong, K.PRESSURE), (hong, K.WEIGHT)])
    assert checks(ledger) == [] and sheet.summary().checked == 0
    with ledger.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "remove_activity")) == 1
    assert sheet.undo()
    assert checks(ledger) == [(135, 85, Decimal("50"))]


def test_a_block_pasted_from_excel_records_several_checks(ledger, sheet) -> None:
    top = 0
    assert sheet.paste(top, K.PRESSURE, "120/80\t48,5\n140/90\t61\n")
    assert [sheet.display(row, K.PRESSURE) for row in (0, 1)] == ["120/80", "140/90"]
    assert len(checks(ledger)) == 2
    assert sheet.summary().high_pressure == 1


def test_a_future_day_is_refused(sheet) -> None:
    sheet.set_day(dt.date(2026, 12, 1))
    assert sheet.day == CHECK_DAY
    assert sheet.last_message == _("The date {date} is in the future.").format(date="01/12/2026")


def test_a_viewer_cannot_type_a_check(ledger, club_id) -> None:
    sheet = HealthCheckSheet(ledger, VIEWER, club_id)
    assert sheet.set_text(0, K.PRESSURE, "120/80") is False
    assert sheet.last_message == _("{user} may look at the ledger but not change it.").format(
        user=VIEWER.name)


@pytest.fixture
def visits(ledger, club_id) -> ActivityListPresenter:  # type: ignore[no-untyped-def]
    return ActivityListPresenter(ledger, CLERK, club_id, ListKind.VISITS)


def person(presenter: ActivityListPresenter, code: str) -> int:
    return next(p.id for p in presenter.people if p.code == code)


def test_a_home_visit_names_the_volunteer_and_the_member_visited(ledger, visits) -> None:
    problems = visits.add(ActivityInput(ActivityKind.HOME_VISIT, dt.date(2026, 11, 20),
                                        member_id=person(visits, "TV03")))
    assert problems == [_("Choose the volunteer who made the visit.")]
    assert visits.add(ActivityInput(
        ActivityKind.HOME_VISIT, dt.date(2026, 11, 20), member_id=person(visits, "TV03"),
        volunteer_id=person(visits, "TV05"), note="Ốm, đo huyết áp tại nhà")) == []
    row = visits.new_row
    assert row is not None
    assert [visits.display(row, column) for column in visits.columns] == [
        "1", "20/11/2026", "TV03 Vi Văn Hùng", "TV05 Hoàng Văn Việt",
        "Ốm, đo huyết áp tại nhà"]


def test_a_visit_is_corrected_in_the_list_and_the_audit_keeps_the_old(ledger, visits) -> None:
    visits.add(ActivityInput(ActivityKind.HOME_VISIT, dt.date(2026, 11, 20),
                             member_id=person(visits, "TV03"),
                             volunteer_id=person(visits, "TV05")))
    assert visits.set_text(0, ListColumn.VOLUNTEER, "luong thi mai")
    assert visits.display(0, ListColumn.VOLUNTEER) == "TV06 Lương Thị Mai"
    assert visits.set_text(0, ListColumn.MEMBER, "TV06") is False  # visiting herself
    assert visits.issue(0, ListColumn.MEMBER).message == _(
        "The volunteer and the member visited are the same person.")
    with ledger.session() as session:
        entry = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "update_activity")).one()
        assert list(json.loads(entry.details)["changes"]) == ["volunteer_id"]


def test_a_visit_recorded_by_mistake_is_taken_out(ledger, visits) -> None:
    visits.add(ActivityInput(ActivityKind.HOME_VISIT, dt.date(2026, 11, 20),
                             member_id=person(visits, "TV03"),
                             volunteer_id=person(visits, "TV05")))
    assert visits.remove(0)
    assert visits.row_count() == 0


def test_events_need_a_title_and_people_and_are_totalled(ledger, club_id) -> None:
    events = ActivityListPresenter(ledger, CLERK, club_id, ListKind.EVENTS)
    assert events.add(ActivityInput(ActivityKind.EVENT, dt.date(2026, 10, 1))) == [
        _("Say what the event was, e.g. Hội thi văn nghệ."),
        _("Enter how many people took part.")]
    assert events.add(ActivityInput(ActivityKind.EVENT, dt.date(2026, 10, 1), participants=80,
                                    title="Mừng ngày Quốc tế Người cao tuổi")) == []
    assert events.add(ActivityInput(ActivityKind.SELF_HELP, dt.date(2026, 11, 2),
                                    participants=12, title="Giúp ngày công thu hoạch lúa",
                                    member_id=person(events, "TV03"))) == []
    assert events.total_display(ListColumn.PARTICIPANTS) == "92"
    assert [events.display(row, ListColumn.KIND) for row in range(2)] == [
        _("Event"), _("Self-help case")]


def test_the_counts_month_by_month_count_a_person_once_in_the_year(ledger, club_id,
                                                                    sheet) -> None:
    # Hồng checked in October and November: two checks, one person in the year.
    hong = row_of(sheet, "TV01")
    sheet.set_text(hong, K.PRESSURE, "130/80")
    sheet.set_day(dt.date(2026, 10, 15))
    sheet.set_text(row_of(sheet, "TV01"), K.PRESSURE, "128/82")
    sheet.set_text(row_of(sheet, "TV02"), K.WEIGHT, "45")
    counts = MonthlyCountsPresenter(ledger, club_id)
    assert counts.row_count() == 11  # January to November: months to come are not shown
    october, november = counts.row_of(10), counts.row_of(11)
    assert (counts.display(october, CountColumn.HEALTH_CHECKS),
            counts.display(november, CountColumn.HEALTH_CHECKS)) == ("2", "1")
    assert counts.total(CountColumn.HEALTH_CHECKS) == 3
    assert counts.total(CountColumn.PEOPLE_CHECKED) == 2
    assert counts.totals_label() == _("Year {year}").format(year=2026)


def test_activities_belong_to_clubs_only(ledger) -> None:
    group_id = hoa_sen_with_story(ledger)
    with ledger.session() as session:
        problems = activity_problems(session, group_id, ActivityInput(
            ActivityKind.EVENT, dt.date(2026, 10, 1), participants=5, title="Họp mặt"))
    assert [problem.message for problem in problems] == [
        _("Activities are recorded for intergenerational self-help clubs only.")]
