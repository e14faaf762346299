"""Killing the writing process at random instants (issue 10): hundreds of trials.

    .venv/bin/python benchmarks/crash_benchmark.py [--trials 40] [--seed 10]

For each kind of writing work — a meeting saved, a group workbook imported, a quarterly
return imported, a cycle closed, a backup made, a backup restored over the ledger — the work
is first run to its end once (the digest of every table before and after, and its length),
then ``--trials`` times it is killed with SIGKILL after a random delay between 0 and 1.2 × its
length. After each kill the ledger must be exactly as before or as after, pass SQLite's
``integrity_check`` and the application's own ``check``, and any backup under its real name
must be whole (``tests/crash_harness.py``).

Prints the counts per kind of work; exits 1 if any trial left a broken ledger. POSIX only.
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import crash_harness  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=40, help="kills per kind of work")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--only", choices=crash_harness.SCENARIOS, action="append")
    options = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # "took over the lock …" after every kill
    rng = random.Random(options.seed)
    scenarios = options.only or list(crash_harness.SCENARIOS)
    broken = 0
    total = 0
    rows = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as name:
        work = Path(name)
        inputs = crash_harness.prepare(work / "inputs")
        for scenario in scenarios:
            expected, results = crash_harness.run_trials(
                scenario, inputs, work, options.trials, rng,
                report=lambda result: print(".", end="", flush=True))
            counts = Counter(results)
            total += len(results)
            broken += sum(count for result, count in counts.items()
                          if result.startswith("BROKEN"))
            rows.append((scenario, expected.duration, counts))
            print(f" {scenario}")
    print(f"\n{total} kills in {time.perf_counter() - started:.0f} s "
          f"(seed {options.seed}):\n")
    print("| work | length (s) | before | after | finished first | broken |")
    print("|---|---:|---:|---:|---:|---:|")
    for scenario, duration, counts in rows:
        before = counts["before"]
        after = counts["after"]
        finished = sum(count for result, count in counts.items() if "(finished)" in result)
        bad = sum(count for result, count in counts.items() if result.startswith("BROKEN"))
        print(f"| {scenario} | {duration:.2f} | {before} | {after} | {finished} | {bad} |")
        for result, count in counts.items():
            if result.startswith("BROKEN"):
                print(f"    {count} × {result}")
    print(f"\nbroken ledgers: {broken}")
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
