"""When a meeting may be dated: never after today, never before its cycle, never slipped in
before a meeting still open — the same rule for the meeting sheet and the group workbook."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from desktop.models.clock import today
from desktop.models.errors import LedgerError
from desktop.models.meeting import Meeting
from desktop.models.meeting_dates import meeting_date_problem
from desktop.models.meetings import (
    cash_panel,
    close_meeting,
    create_meeting,
    record_count,
)
from desktop.models.permissions import Actor, Role
from desktop.workbooks.cells import Problems
from desktop.workbooks.group_check import check_rows
from desktop.workbooks.group_record import MeetingRow

BOARD = Actor("Chị Hoa", Role.BOARD)
CLERK = Actor("Chị Lan", Role.CLERK)


def meetings_of(session, group) -> list[dt.date]:  # type: ignore[no-untyped-def]
    return list(session.scalars(select(Meeting.date).where(Meeting.group_id == group.id)
                                .order_by(Meeting.date)))


def test_a_meeting_dated_tomorrow_is_refused(session, hoa_sen, english) -> None:  # type: ignore[no-untyped-def]
    tomorrow = today() + dt.timedelta(days=1)
    with pytest.raises(LedgerError) as refused:
        create_meeting(session, hoa_sen, tomorrow, CLERK)
    assert str(refused.value) == "The date 24/11/2026 is after today (23/11/2026)."
    assert meetings_of(session, hoa_sen) == []


def test_a_meeting_dated_today_is_accepted(session, hoa_sen) -> None:  # type: ignore[no-untyped-def]
    create_meeting(session, hoa_sen, today(), CLERK)
    assert meetings_of(session, hoa_sen) == [today()]


def test_a_meeting_before_the_cycle_started_is_refused(session, hoa_sen, english) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LedgerError, match="before the cycle started"):
        create_meeting(session, hoa_sen, dt.date(2025, 12, 31), CLERK)


def test_a_meeting_before_one_still_open_is_refused(session, hoa_sen, english) -> None:  # type: ignore[no-untyped-def]
    create_meeting(session, hoa_sen, dt.date(2026, 11, 20), CLERK)
    with pytest.raises(LedgerError) as refused:
        create_meeting(session, hoa_sen, dt.date(2026, 11, 13), CLERK)
    assert "20/11/2026 is still open" in str(refused.value)
    assert meetings_of(session, hoa_sen) == [dt.date(2026, 11, 20)]


def test_a_meeting_before_one_closed_is_accepted(session, hoa_sen) -> None:  # type: ignore[no-untyped-def]
    # Old paper forms typed in late are still welcome once the meeting after them is closed.
    later = create_meeting(session, hoa_sen, dt.date(2026, 11, 20), CLERK)
    record_count(session, later, cash_panel(session, later).expected_closing, "", BOARD)
    close_meeting(session, later, BOARD)
    create_meeting(session, hoa_sen, dt.date(2026, 11, 13), CLERK)
    assert session.scalar(select(func.count()).select_from(Meeting)) == 2


def test_the_workbook_import_refuses_a_future_meeting_with_the_same_rule(english) -> None:  # type: ignore[no-untyped-def]
    tomorrow = today() + dt.timedelta(days=1)
    problems = Problems("so-nhom.xlsx")
    row = MeetingRow(date=tomorrow, member="TV01", refs={"date": "A3", "member": "B3"})
    check_rows([row], None, None, None, dt.date(2026, 1, 1), problems)
    assert meeting_date_problem(tomorrow, dt.date(2026, 1, 1)) == \
        "the date 24/11/2026 is after today (23/11/2026)"
    assert [(problem.cell, problem.message) for problem in problems.items] == [
        ("A3", "Cell A3 of sheet BuoiHop: the date 24/11/2026 is after today (23/11/2026).")]
