"""Killing ``demo`` at random instants, and running two at once (issue 9 item 7).

    .venv/bin/python benchmarks/kill_benchmark.py [--trials 100] [--pairs 20]

First one ``demo`` runs to the end, to learn how long it takes. Then each of ``--trials``
runs is killed with SIGKILL after a random delay between 0 and that duration (the first
migration, the demo's meetings, the final move: every stage is hit), and what it left under
the real name is classified: ``absent``, ``whole`` (a ledger that opens and holds the whole
demo) or ``unusable``. Then ``--pairs`` times two ``demo`` runs start together on one file:
the file must be whole and each run must end with 0 or a refusal (2).

Prints the counts; exits 1 if any ledger was unusable. POSIX only (SIGKILL).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

DEMO_GROUPS = 6


def start_demo(target: Path, config: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, COMMUNE_LEDGER_CONFIG_DIR=str(config))
    return subprocess.Popen([sys.executable, "-m", "desktop", "--db", str(target), "demo"],
                            cwd=target.parent, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def state_of(target: Path) -> str:
    """What a clerk would find: nothing, a whole demo ledger, or an unusable file."""
    from desktop.models.database import open_ledger
    from desktop.models.errors import LedgerError

    if not target.exists():
        return "absent"
    try:
        ledger = open_ledger(target)
    except LedgerError:
        return "unusable"
    try:
        with closing(sqlite3.connect(target)) as connection:
            (groups,) = connection.execute("SELECT count(*) FROM groups").fetchone()
    finally:
        ledger.close()
    return "whole" if groups == DEMO_GROUPS else "unusable"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=9)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    with tempfile.TemporaryDirectory() as name:
        work = Path(name)
        config = work / "config"
        started = time.perf_counter()
        first = start_demo(work / "full.sqlite", config)
        if first.wait() != 0:
            print("the uninterrupted demo failed", file=sys.stderr)
            return 1
        duration = time.perf_counter() - started
        print(f"one uninterrupted demo: {duration:.2f} s")

        kills: Counter[str] = Counter()
        for trial in range(options.trials):
            folder = work / f"kill{trial}"
            folder.mkdir()
            target = folder / "demo.sqlite"
            process = start_demo(target, config)
            time.sleep(rng.uniform(0, duration))
            finished_first = process.poll() is not None
            if not finished_first:
                process.send_signal(signal.SIGKILL)
            process.wait()
            kills[state_of(target) + (" (finished before the kill)" if finished_first
                                      else "")] += 1

        pairs: Counter[str] = Counter()
        for pair in range(options.pairs):
            folder = work / f"pair{pair}"
            folder.mkdir()
            target = folder / "demo.sqlite"
            runs = [start_demo(target, config) for _ in range(2)]
            statuses = sorted(run.wait() for run in runs)
            for run in runs:
                assert run.stderr is not None
                if b"Traceback" in run.stderr.read():
                    statuses.append(-1)
            pairs[f"{state_of(target)}, exits {statuses}"] += 1

    print(f"\n{options.trials} runs killed at a random instant (0–{duration:.1f} s):")
    for state, count in sorted(kills.items()):
        print(f"  {count:4d}  {state}")
    print(f"\n{options.pairs} pairs of runs at once on one file:")
    for state, count in sorted(pairs.items()):
        print(f"  {count:4d}  {state}")
    broken = sum(count for state, count in (kills + pairs).items() if "unusable" in state
                 or "-1" in state)
    print(f"\nunusable ledgers (or tracebacks): {broken}")
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
