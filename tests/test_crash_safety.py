"""Crash safety proven, not asserted (issue 10): the writing process — a meeting saved, a
group workbook imported, a return imported, a cycle closed, a backup, a restore — is killed
with SIGKILL part way, and the ledger is exactly as before or as after, SQLite's integrity
check passes and the ledger's own check finds nothing. One kill per kind of work here;
``benchmarks/crash_benchmark.py`` kills each hundreds of times (tests/crash_harness.py)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import crash_harness
import pytest

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return crash_harness.prepare(tmp_path_factory.mktemp("crash-inputs"))


@pytest.mark.parametrize("scenario", crash_harness.SCENARIOS)
def test_a_writer_killed_part_way_leaves_the_ledger_before_or_after(
        scenario: str, inputs: Path, tmp_path: Path) -> None:
    # Seeded by the scenario: the same two instants on every run.
    expected, results = crash_harness.run_trials(scenario, inputs, tmp_path, 2,
                                                 random.Random(scenario))
    assert expected.before != expected.after or scenario == "backup"
    for result in results:
        assert not result.startswith("BROKEN"), result
        assert result.split()[0] in ("before", "after")


def test_a_ledger_half_changed_is_caught_by_the_judge(inputs: Path, tmp_path: Path) -> None:
    # The harness itself can fail: a ledger that is neither before nor after is reported.
    ledger = crash_harness._copy_base("meeting", inputs, tmp_path)
    expected = crash_harness.Expected(crash_harness.digest(ledger), "not this one", 1.0)
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(ledger)) as connection, connection:
        connection.execute("UPDATE members SET full_name = 'Nguyễn Thị Ân' WHERE code = 'TV01'")
    assert crash_harness.judge("meeting", ledger, expected).startswith("BROKEN")
