"""Bad input, at scale (issue 10): thousands of mutated group workbooks and returns imported.

    .venv/bin/python benchmarks/fuzz_benchmark.py [--count 1000] [--seed 11]

For each of the group workbook and the quarterly return (written by the application
itself), ``--count`` copies with mutated cells and ``--count`` copies with damaged bytes
(``tests/workbook_fuzz.py``: types, huge and negative numbers, junk Unicode, formulas,
dates as text, duplicates, sheets, rows and columns gone; truncated and bit-flipped zips, XML
entity bombs and external entities, zip bombs, password-protected files, parts missing) are
imported one by one into a copy of an empty office ledger. Each must be imported whole
(the ledger's check then passes) or refused with a sentence and the ledger unchanged; a
traceback, a partial import or an import running past ``--timeout`` seconds is a failure.

Measures for every file the time of its import and the peak resident memory of the process
during it (Linux ``/proc``: the peak is reset before each file), and prints the worst and the
95th percentile. Exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import random
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import crash_harness  # noqa: E402
import workbook_fuzz  # noqa: E402

FILES = {"group": "HS01.xlsx", "return": "04321_2026Q1.xlsx"}
MIB = 1024 * 1024


class TimedOut(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise TimedOut()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000,
                        help="mutated files of each family (cells, bytes) for each kind")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--timeout", type=int, default=60, help="seconds one import may take")
    options = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    from desktop.models import clock

    clock.pin(dt.datetime(2026, 11, 23, 9, 0))
    rng = random.Random(options.seed)
    signal.signal(signal.SIGALRM, _alarm)
    failures: list[str] = []
    rows = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as name:
        work = Path(name)
        inputs = crash_harness.prepare(work / "inputs")
        for kind, file_name in FILES.items():
            original = (inputs / file_name).read_bytes()
            for family in ("cells", "bytes"):
                verdicts: Counter[str] = Counter()
                seconds: list[float] = []
                grew: list[int] = []
                peaks: list[int] = []
                damages: Counter[str] = Counter()
                for number in range(options.count):
                    if family == "cells":
                        data = workbook_fuzz.mutate_cells(original, rng, rng.randint(1, 6))
                        damage = "cells"
                    else:
                        damage = rng.choice(sorted(workbook_fuzz.BYTE_MUTATIONS))
                        data = workbook_fuzz.BYTE_MUTATIONS[damage](original, rng)
                    damages[damage] += 1
                    signal.alarm(options.timeout)
                    try:
                        outcome = workbook_fuzz.import_and_judge(
                            kind, data, inputs / "office.sqlite", work / "trial")
                    except TimedOut:
                        outcome = workbook_fuzz.Outcome(
                            f"FAILED: more than {options.timeout} s", options.timeout, 0, 0)
                    finally:
                        signal.alarm(0)
                    verdict = outcome.verdict
                    if verdict.startswith("FAILED"):
                        failures.append(f"{kind} {family} #{number} ({damage}): {verdict}")
                        (work.parent / "fuzz-failures").mkdir(exist_ok=True)
                        (work.parent / "fuzz-failures" / f"{kind}-{family}-{number}.xlsx"
                         ).write_bytes(data)
                        verdict = "FAILED"
                    verdicts[verdict] += 1
                    seconds.append(outcome.seconds)
                    grew.append(outcome.grew_bytes)
                    peaks.append(outcome.peak_bytes)
                    if number % 50 == 49:
                        print(".", end="", flush=True)
                rows.append((kind, family, verdicts, seconds, grew, peaks, damages))
                print(f" {kind} {family}", flush=True)
    elapsed = time.perf_counter() - started
    total = sum(sum(row[2].values()) for row in rows)
    print(f"\n{total} files imported in {elapsed:.0f} s (seed {options.seed}):\n")
    print("| file | damage | files | imported | refused | failed | time median / p95 / max "
          "(s) | peak RSS max (MB) | growth p95 / max (MB) |")
    print("|---|---|---:|---:|---:|---:|---|---:|---|")
    for kind, family, verdicts, seconds, grew, peaks, _damages in rows:
        print(f"| {kind} | {family} | {sum(verdicts.values())} | {verdicts['imported']} | "
              f"{verdicts['refused']} | {verdicts['FAILED']} | "
              f"{statistics.median(seconds):.3f} / {percentile(seconds, 0.95):.3f} / "
              f"{max(seconds):.3f} | {max(peaks) / MIB:.0f} | "
              f"{percentile([float(g) for g in grew], 0.95) / MIB:.1f} / "
              f"{max(grew) / MIB:.1f} |")
    for kind, family, _verdicts, _seconds, _grew, _peaks, damages in rows:
        if family == "bytes":
            print(f"  {kind} bytes: " + ", ".join(f"{name} {count}"
                                                  for name, count in sorted(damages.items())))
    print(f"\nfailures: {len(failures)}")
    for failure in failures[:50]:
        print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
