"""Make a province-scale ledger for the benchmarks: ``--communes N`` communes coded 10001,
10002, …, each with 20 groups and clubs and up to ten years of meetings, built by the demo
generator's simulations with bulk inserts (``desktop/demo/province.py``).

    .venv/bin/python benchmarks/make_province.py /work/tmp/province.sqlite --communes 150

The ledger has the demo's users (``admin`` / ``admin-demo`` is its administrator), so the
benchmarks' commands and window can sign in. Each commune is one transaction; progress goes
to stderr. The file is written with SQLite's
``synchronous=OFF`` (a benchmark file, remade if the machine stops): the application itself
always writes with ``synchronous=FULL``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.demo.generator import add_demo_users
from desktop.demo.province import CommuneBuilt, build_commune
from desktop.models import clock
from desktop.models.database import open_ledger, open_new_ledger


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the ledger file to make (.sqlite)")
    parser.add_argument("--communes", type=int, required=True, help="how many communes")
    parser.add_argument("--years", type=int, default=10, help="history of the oldest groups")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        help="the day the history ends (default: today)")
    parser.add_argument("--append", action="store_true",
                        help="add communes after those the file already holds")
    options = parser.parse_args(argv)
    today = options.today or clock.today()
    if options.append:
        ledger = open_ledger(options.out)
    else:
        if options.out.exists():
            parser.error(f"{options.out} exists; remove it first or use --append")
        ledger = open_new_ledger(options.out, add_demo_users)
    started = time.perf_counter()
    with ledger.session() as session:
        from sqlalchemy import func, select

        from desktop.models.organisation import Commune

        first = int(session.scalar(select(func.count(Commune.id))) or 0)
    try:
        for index in range(first, first + options.communes):
            with ledger.session() as session:
                connection = session.connection()
                connection.exec_driver_sql("PRAGMA synchronous=OFF")
                connection.exec_driver_sql("PRAGMA cache_size=-262144")
                built = build_commune(session, index, today, options.years)
            _report(built, index - first + 1, options.communes, started)
    finally:
        ledger.close()
    return 0


def _report(built: CommuneBuilt, done: int, total: int, started: float) -> None:
    elapsed = time.perf_counter() - started
    print(f"\r{done}/{total} communes ({built.code} {built.name}), "
          f"{built.lines:,} journal lines, {elapsed:.0f} s", end="", file=sys.stderr,
          flush=True)
    if done == total:
        print(file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
