"""Ten clerks writing at once on a PostgreSQL server, each with her own connection, for a
bounded stretch (at most a few seconds, at most a fixed number of saves each): two groups,
one open meeting each, every clerk reading a member's row as her screen shows it and saving
it with one more fine or social fund contribution, or recording the cash count.

Afterwards: no update lost (each row holds exactly what the successful saves added), no line
doubled (one standing entry per cell, every entry with its own lines and no more), every
entry balanced, every group's trial balance zero, as many entries as the saves made, and the
application's own check finds the ledger sound. Refusals (another clerk saved the row first)
are expected; any other failure is not.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field, replace

import pytest
from conftest import db_arg, make_hoa_sen
from sqlalchemy import func, select

from desktop.models import registry
from desktop.models.database import Ledger, open_ledger
from desktop.models.enums import EventKind, GroupKind
from desktop.models.errors import ChangedMeanwhile
from desktop.models.integrity import inspect_ledger
from desktop.models.journal import Event, JournalLine
from desktop.models.meeting import Meeting
from desktop.models.meetings import cash_panel, create_meeting, record_count, save_entry, sheet
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM, Actor, Role

pytestmark = pytest.mark.postgresql_only("SQLite lets one writer in at a time")

WRITERS = 10
SAVES_EACH = 60  # the bound in work…
SECONDS = 4.0  # …and in time, whichever comes first
DAY = dt.date(2026, 2, 1)
FINE, SOCIAL = 1_000, 500


@dataclass
class Tally:
    """What one clerk managed, and what went wrong (nothing should)."""

    fines: Counter[int] = field(default_factory=Counter)  # member id → fines saved
    socials: Counter[int] = field(default_factory=Counter)
    counts: list[int] = field(default_factory=list)  # counted cash recorded, in order
    refused: int = 0
    failures: list[str] = field(default_factory=list)


def make_groups(ledger: Ledger) -> dict[int, list[int]]:
    """Hoa Sen and Sen Vàng, 4 members each, one open meeting each: meeting id → members."""
    with ledger.session() as session:
        hoa_sen = make_hoa_sen(session)
        other = registry.create_group(
            session, hoa_sen.commune, code="SV01", name="Nhóm TK&VV Sen Vàng",
            kind=GroupKind.VSLA, start_date=dt.date(2026, 1, 1), actor=SYSTEM,
            share_value=10_000)
        for number, name in enumerate(("Hà Thị Ân", "Lục Thị Bé", "Mạc Thị Chi", "Tô Thị Dịu"),
                                      start=1):
            registry.add_member(session, other, code=f"TV{number:02d}", full_name=name,
                                join_date=dt.date(2026, 1, 1), actor=SYSTEM)
        meetings = {}
        for group in (hoa_sen, other):
            meeting = create_meeting(session, group, DAY, SYSTEM)
            meetings[meeting.id] = list(session.scalars(
                select(Member.id).where(Member.group_id == group.id).order_by(Member.id)))
        return meetings


def clerk(url: str, number: int, meetings: dict[int, list[int]], start: threading.Barrier,
          until: float, tally: Tally) -> None:
    """One clerk's work: read a row (her screen), then save it changed, again and again."""
    actor = Actor(f"Cán bộ {number}", Role.BOARD)
    chooser = random.Random(number)
    meeting_id = sorted(meetings)[number % len(meetings)]
    ledger = open_ledger(url)
    try:
        start.wait()
        for _save in range(SAVES_EACH):
            if time.monotonic() > until:
                break
            member_id = chooser.choice(meetings[meeting_id])
            what = chooser.random()
            try:
                with ledger.session() as session:  # what her screen shows…
                    meeting = session.get(Meeting, meeting_id)
                    assert meeting is not None
                    seen = next(row for row in sheet(session, meeting)
                                if row.member_id == member_id)
                    count_seen = (meeting.counted_cash, meeting.difference_note)
                with ledger.session() as session:  # …saved a moment later
                    meeting = session.get(Meeting, meeting_id)
                    assert meeting is not None
                    if what < 0.1:
                        counted = cash_panel(session, meeting).expected_closing
                        record_count(session, meeting, counted, "", actor, expected=count_seen)
                        tally.counts.append(counted)
                    elif what < 0.55:
                        save_entry(session, meeting, replace(seen, fine=seen.fine + FINE),
                                   actor, expected=seen)
                        tally.fines[member_id] += 1
                    else:
                        save_entry(session, meeting,
                                   replace(seen, social_fund=seen.social_fund + SOCIAL),
                                   actor, expected=seen)
                        tally.socials[member_id] += 1
            except ChangedMeanwhile:
                tally.refused += 1
            except Exception as error:
                tally.failures.append(f"{type(error).__name__}: {error}")
    finally:
        ledger.close()


def run_clerks(ledger: Ledger) -> tuple[dict[int, list[int]], list[Tally]]:
    """The ten clerks, each on her own thread and connection, started together."""
    meetings = make_groups(ledger)
    tallies = [Tally() for _number in range(WRITERS)]
    start = threading.Barrier(WRITERS)
    until = time.monotonic() + SECONDS
    threads = [threading.Thread(target=clerk, args=(db_arg(ledger), number, meetings, start,
                                                    until, tallies[number]))
               for number in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return meetings, tallies


def no_update_lost(ledger: Ledger, meetings: dict[int, list[int]],
                   saves: Counter[tuple[int, EventKind]]) -> None:
    """Each row holds exactly what the successful saves added."""
    with ledger.session() as session:
        for meeting_id, members in meetings.items():
            meeting = session.get(Meeting, meeting_id)
            assert meeting is not None
            rows = {row.member_id: row for row in sheet(session, meeting)}
            for member_id in members:
                assert rows[member_id].fine == saves[member_id, EventKind.FINE] * FINE
                assert rows[member_id].social_fund == \
                    saves[member_id, EventKind.SOCIAL_FUND_CONTRIBUTION] * SOCIAL


def no_entry_or_line_doubled(ledger: Ledger, saves: Counter[tuple[int, EventKind]]) -> None:
    """One standing entry per saved cell; each save after the first reversed one and made
    one; every entry has its two lines (cash and one fund), no more."""
    with ledger.session() as session:
        reversed_ids = select(Event.reverses_id).where(Event.reverses_id.is_not(None))
        standing = Counter(session.execute(
            select(Event.member_id, Event.kind).where(
                Event.reverses_id.is_(None), Event.id.not_in(reversed_ids))).all())
        entries = Counter(session.execute(select(Event.member_id, Event.kind)).all())
        lines = dict(session.execute(
            select(JournalLine.event_id, func.count(JournalLine.id))
            .group_by(JournalLine.event_id)).all())
        event_ids = session.scalars(select(Event.id)).all()
    assert dict(standing) == dict.fromkeys(saves, 1)
    assert dict(entries) == {cell: 2 * count - 1 for cell, count in saves.items()}
    assert sorted(lines) == sorted(event_ids)
    assert set(lines.values()) == {2}


def every_entry_and_group_balanced(ledger: Ledger) -> None:
    with ledger.session() as session:
        unbalanced = session.execute(
            select(JournalLine.event_id).group_by(JournalLine.event_id)
            .having(func.sum(JournalLine.amount) != 0)).all()
        trial = session.execute(select(JournalLine.group_id, func.sum(JournalLine.amount))
                                .group_by(JournalLine.group_id)).all()
        result = inspect_ledger(session)
    assert unbalanced == []
    assert [total for _group, total in trial] == [0] * len(trial)
    assert result.sound, result.all_problems


def test_ten_clerks_at_once_lose_no_update_double_no_line_and_keep_the_books_balanced(
        ledger) -> None:
    meetings, tallies = run_clerks(ledger)
    assert [failure for tally in tallies for failure in tally.failures] == []
    saves = Counter[tuple[int, EventKind]]()
    for tally in tallies:
        for member_id, count in tally.fines.items():
            saves[member_id, EventKind.FINE] += count
        for member_id, count in tally.socials.items():
            saves[member_id, EventKind.SOCIAL_FUND_CONTRIBUTION] += count
    assert saves  # the clerks did save something
    no_update_lost(ledger, meetings, saves)
    no_entry_or_line_doubled(ledger, saves)
    every_entry_and_group_balanced(ledger)
