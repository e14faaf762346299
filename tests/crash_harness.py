"""Killing the writing process at a random instant and looking at what it left (issue 10).

A *scenario* is one piece of writing work the application does: a meeting saved, a group
workbook imported, a batch of quarterly returns imported, a cycle closed, a backup made, a
backup restored over the ledger. Each runs in a child process (``python crash_harness.py child …``)
that opens the ledger, says it is ready, waits for the word, does the work and says done. The
parent kills it with SIGKILL after a random delay and then demands of the ledger:

- a digest of every table equals the digest before the work or the digest after it (the
  work once run to the end): never a mixture;
- SQLite's ``integrity_check`` is ``ok`` and the application opens it (taking over the lock
  the dead process left) and its own ``check`` finds nothing wrong;
- for a backup, any file under a backup's real name is whole (passes its integrity check and
  holds the ledger).

``tests/test_crash_safety.py`` runs a few trials; ``benchmarks/crash_benchmark.py`` hundreds.
POSIX only (SIGKILL).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
MOMENT = dt.datetime(2026, 11, 23, 9, 0, 0)
RETURNS = ("04321_2026Q1.xlsx", "04321_2026Q1 gửi lại.xlsx", "04321_2026Q1 lần 3.xlsx")
SCENARIOS = ("meeting", "group-import", "returns-import", "close-cycle", "backup", "restore")
# The ledger each scenario writes: the Hoa Sen ledger, or an empty office ledger.
BASE = {"meeting": "hoa-sen.sqlite", "close-cycle": "hoa-sen.sqlite", "backup": "hoa-sen.sqlite",
        "restore": "hoa-sen.sqlite", "group-import": "office.sqlite",
        "returns-import": "office.sqlite"}


# -- what a ledger holds --------------------------------------------------------------------------
def digest(path: Path) -> str:
    """SHA-256 over every row of every table, tables by name, rows by rowid."""
    hashed = hashlib.sha256()
    with closing(sqlite3.connect(path)) as connection:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            hashed.update(table.encode())
            for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                hashed.update(repr(row).encode())
    return hashed.hexdigest()


def integrity(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))


def check_problems(path: Path) -> list[str]:
    """The application's own opening and ``check`` of the ledger."""
    from desktop.models.database import open_ledger
    from desktop.models.integrity import check_ledger

    ledger = open_ledger(path)
    try:
        with ledger.session() as session:
            return [str(problem) for problem in check_ledger(session)]
    finally:
        ledger.close()


# -- the inputs, made once --------------------------------------------------------------------
def prepare(folder: Path) -> Path:
    """The two ledgers, a group workbook, a quarterly return and a backup, in ``folder``."""
    sys.path.insert(0, str(HERE))
    from conftest import make_hoa_sen

    from desktop.models import backups, clock, meetings
    from desktop.models.database import open_new_ledger
    from desktop.models.indicators import Quarter
    from desktop.models.meetings import Entry
    from desktop.models.permissions import SYSTEM
    from desktop.workbooks.group_export import export_group
    from desktop.workbooks.return_files import export_return

    folder.mkdir(parents=True, exist_ok=True)
    clock.pin(MOMENT)
    try:
        ledger = open_new_ledger(folder / "hoa-sen.sqlite")
        with ledger.session() as session:
            group = make_hoa_sen(session)
            cash = 0
            for day in (dt.date(2026, 1, 8), dt.date(2026, 2, 8)):
                meeting = meetings.create_meeting(session, group, day, SYSTEM)
                for member in group.members:
                    meetings.save_entry(session, meeting, Entry(member.id, shares=3,
                                                                social_fund=2000), SYSTEM)
                cash += len(group.members) * 62_000
                meetings.record_count(session, meeting, cash, "", SYSTEM)
                meetings.close_meeting(session, meeting, SYSTEM)
            export_group(session, group, folder / "HS01.xlsx", SYSTEM)
        export_return(ledger, Quarter(2026, 1), folder / "04321_2026Q1.xlsx",
                      prepared_on=MOMENT.date())
        for name in RETURNS[1:]:
            shutil.copyfile(folder / RETURNS[0], folder / name)
        ledger.close()
        open_new_ledger(folder / "office.sqlite").close()
        backups.make_backup(folder / "office.sqlite", kind=backups.Kind.MANUAL,
                            policy=backups.Policy(), target=folder / "office-backup.sqlite")
    finally:
        clock.pin(None)
    for companion in folder.glob("*.lock"):
        companion.unlink()
    return folder


# -- the child: the work itself -------------------------------------------------------------
def _work(scenario: str, ledger_path: Path, inputs: Path) -> None:
    from sqlalchemy import select

    from desktop.models import backups, meetings, shareout
    from desktop.models.database import open_ledger
    from desktop.models.group import Group
    from desktop.models.meetings import Entry
    from desktop.models.permissions import SYSTEM, Actor, Role
    from desktop.models.restore import restore_backup
    from desktop.workbooks.group_import import import_group_file
    from desktop.workbooks.return_files import import_returns

    policy = backups.Policy(folder=ledger_path.parent / "backups")
    if scenario == "backup":
        backups.make_backup(ledger_path, kind=backups.Kind.DAILY, policy=policy)
        return
    if scenario == "restore":
        restore_backup(inputs / "office-backup.sqlite", ledger_path, over=True, policy=policy)
        return
    ledger = open_ledger(ledger_path)
    try:
        if scenario == "group-import":
            result = import_group_file(ledger, inputs / "HS01.xlsx", SYSTEM)
            assert result.ok, result.problems
        elif scenario == "returns-import":
            # A batch: the return, then the same sent again twice (each replacing the one
            # before). One transaction for the batch: killed part way, none of it stays.
            outcomes = import_returns(ledger, [inputs / name for name in RETURNS], SYSTEM)
            assert [outcome.problems for outcome in outcomes] == [[]] * len(RETURNS)
        else:
            with ledger.session() as session:
                group = session.scalars(select(Group)).one()
                if scenario == "meeting":
                    meeting = meetings.create_meeting(session, group, dt.date(2026, 3, 8),
                                                      SYSTEM)
                    for member in group.members:
                        meetings.save_entry(session, meeting, Entry(
                            member.id, shares=2, social_fund=2000), SYSTEM)
                else:
                    shareout.close_cycle(session, group, dt.date(2026, 2, 8),
                                         Actor("Chị Hoa", Role.BOARD))
    finally:
        ledger.close()


def child(scenario: str, ledger_path: Path, inputs: Path) -> None:
    """Open, say ready, wait for the word, work, say done (with the seconds it took)."""
    from desktop.models import clock

    clock.pin(MOMENT)
    _import_everything()
    print("ready", flush=True)
    sys.stdin.readline()
    started = time.perf_counter()
    _work(scenario, ledger_path, inputs)
    print(f"done {time.perf_counter() - started:.4f}", flush=True)


def _import_everything() -> None:
    """Load the modules the work needs before the kill window opens."""
    import desktop.models.restore
    import desktop.models.shareout
    import desktop.workbooks.group_import
    import desktop.workbooks.return_files  # noqa: F401


# -- the parent: one trial ------------------------------------------------------------------
@dataclass(frozen=True)
class Expected:
    before: str
    after: str
    duration: float  # seconds the work takes when not interrupted


def _start(scenario: str, ledger_path: Path, inputs: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, COMMUNE_LEDGER_CONFIG_DIR=str(ledger_path.parent / "config"))
    process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "child",
                                scenario, str(ledger_path), str(inputs)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if line != "ready":
        raise RuntimeError(f"{scenario}: the child did not start: {process.stderr.read()}")
    return process


def _copy_base(scenario: str, inputs: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "so-quy.sqlite"
    shutil.copy(inputs / BASE[scenario], target)
    return target


def calibrate(scenario: str, inputs: Path, folder: Path) -> Expected:
    """Run the work once to its end: the digests before and after, and how long it took."""
    ledger_path = _copy_base(scenario, inputs, folder)
    before = digest(ledger_path)
    process = _start(scenario, ledger_path, inputs)
    out, err = process.communicate("go\n", timeout=300)
    if process.returncode != 0 or not out.startswith("done"):
        raise RuntimeError(f"{scenario}: the uninterrupted work failed: {err}")
    return Expected(before, digest(ledger_path), float(out.split()[1]))


def trial(scenario: str, inputs: Path, folder: Path, expected: Expected,
          delay: float) -> str:
    """Kill the work after ``delay`` seconds; what the ledger is then: ``before``,
    ``after``, ``after (finished)`` — or ``BROKEN: …``."""
    ledger_path = _copy_base(scenario, inputs, folder)
    process = _start(scenario, ledger_path, inputs)
    assert process.stdin is not None
    process.stdin.write("go\n")
    process.stdin.flush()
    time.sleep(delay)
    finished = process.poll() is not None
    if not finished:
        process.send_signal(signal.SIGKILL)
    process.communicate()
    if finished and process.returncode != 0:
        return f"BROKEN: the work failed on its own (exit {process.returncode})"
    return judge(scenario, ledger_path, expected) + (" (finished)" if finished else "")


def judge(scenario: str, ledger_path: Path, expected: Expected) -> str:
    found = integrity(ledger_path)
    if found != "ok":
        return f"BROKEN: integrity_check says {found}"
    now = digest(ledger_path)
    state = "before" if now == expected.before else "after" if now == expected.after else ""
    if not state:
        return "BROKEN: the ledger is neither as before nor as after"
    problems = check_problems(ledger_path)
    if problems:
        return f"BROKEN: check finds {problems[0]}"
    for backup in sorted((ledger_path.parent / "backups").glob("*.sqlite")):
        if integrity(backup) != "ok" or digest(backup) not in (expected.before, now):
            return f"BROKEN: the backup {backup.name} is not whole"
    return state


def run_trials(scenario: str, inputs: Path, work: Path, count: int,
               rng: random.Random, report: Callable[[str], None] | None = None
               ) -> tuple[Expected, list[str]]:
    """Calibrate, then ``count`` trials killed between 0 and 1.2 × the work's length."""
    expected = calibrate(scenario, inputs, work / f"{scenario}-calibration")
    results = []
    for number in range(count):
        result = trial(scenario, inputs, work / f"{scenario}-{number}", expected,
                       rng.uniform(0, 1.2 * expected.duration))
        results.append(result)
        if report is not None:
            report(result)
        shutil.rmtree(work / f"{scenario}-{number}", ignore_errors=True)
    return expected, results


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "child":
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        raise SystemExit("usage: crash_harness.py child SCENARIO LEDGER INPUTS")
