"""Benchmark of quarterly return import (DESIGN.md §10: 100 returns of 30 groups each,
imported with full validation, in under 10 s; a zip-bomb return refused in under 1 s).

    .venv/bin/python benchmarks/returns_benchmark.py [--returns 100] [--groups 30]
                                                     [--history 0]

Side by side with only *reading* the same files with openpyxl (read-only mode) and with
``pandas.read_excel`` (pandas is installed for this script only; it is not a dependency of
the application: ``.venv/bin/pip install pandas``). ``--history N`` first fills the ledger
with N quarters of returns from 150 communes, to time the consolidated query at province
scale. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.models.consolidation import consolidated  # noqa: E402
from desktop.models.database import open_ledger, open_new_ledger  # noqa: E402
from desktop.models.enums import GroupKind  # noqa: E402
from desktop.models.indicators import Quarter  # noqa: E402
from desktop.models.permissions import SYSTEM  # noqa: E402
from desktop.models.returns import ReturnHeader, ReturnLine, store_return  # noqa: E402
from desktop.workbooks.quarterly_return import read_return  # noqa: E402
from desktop.workbooks.return_files import ImportStatus, import_returns  # noqa: E402
from desktop.workbooks.return_template import write_return  # noqa: E402

QUARTER = Quarter(2026, 3)
KINDS = (GroupKind.VSLA, GroupKind.ASCA, GroupKind.ISHC)


def make_lines(rng: random.Random, count: int) -> list[ReturnLine]:
    lines = []
    for number in range(1, count + 1):
        kind = KINDS[number % 3]
        members = rng.randint(50, 70) if kind == GroupKind.ISHC else rng.randint(10, 25)
        loans = rng.randint(0, 80) * 1_000_000
        lines.append(ReturnLine(
            code=f"N{number:03d}", name=f"Nhóm số {number}", kind=kind,
            village=f"Thôn {number % 7 + 1}", members=members,
            female=rng.randint(members // 2, members), poor=rng.randint(0, members // 2),
            elderly=rng.randint(0, members), meetings=rng.randint(3, 13),
            attendance=rng.randint(60, 100), savings=rng.randint(0, 60) * 1_000_000,
            loans_outstanding=loans, loans_count=rng.randint(1, 20) if loans else 0,
            overdue=loans // 20, social_fund=rng.randint(0, 3_000) * 1_000,
            income_fund=rng.randint(50, 130) * 1_000_000 if kind == GroupKind.ISHC else 0,
            cash=rng.randint(0, 20_000) * 1_000, dropouts=rng.randint(0, 2)))
    return lines


def make_returns(folder: Path, returns: int, groups: int) -> list[Path]:
    rng = random.Random(2026)
    paths = []
    for number in range(returns):
        header = ReturnHeader(f"{10_000 + number:05d}", f"Xã số {number}", "Tỉnh Thái Nguyên",
                              QUARTER.year, QUARTER.number, "Nguyễn Thị Hoa",
                              dt.date(2026, 10, 5))
        paths.append(write_return(folder / f"{header.commune_code}.xlsx", header,
                                  make_lines(rng, groups)))
    return paths


def make_bomb(path: Path) -> Path:
    """A workbook-shaped zip whose sheet inflates to 1 GB of zeros (about 1 MB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"0" * (1 << 20)
            for _ in range(1024):
                sheet.write(chunk)
    return path


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def read_with_openpyxl(paths: list[Path]) -> None:
    from openpyxl import load_workbook

    for path in paths:
        workbook = load_workbook(path, read_only=True, data_only=True)
        for sheet in workbook.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                pass
        workbook.close()


def read_with_pandas(paths: list[Path]) -> None:
    import pandas

    for path in paths:
        pandas.read_excel(path, sheet_name=None)


def fill_history(ledger_path: Path, quarters: int, communes: int, groups: int) -> int:
    """Store ``quarters`` quarters of returns of ``communes`` communes directly."""
    rng = random.Random(7)
    ledger = open_new_ledger(ledger_path)
    stored = 0
    quarter = QUARTER
    for _ in range(quarters):
        quarter = quarter.previous()
        with ledger.session() as session:
            for number in range(communes):
                header = ReturnHeader(f"{20_000 + number:05d}", f"Xã {number}", "Tỉnh",
                                      quarter.year, quarter.number)
                store_return(session, header, make_lines(rng, groups),
                             file_name="history.xlsx", actor=SYSTEM)
                stored += 1
    ledger.close()
    return stored


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--returns", type=int, default=100)
    parser.add_argument("--groups", type=int, default=30)
    parser.add_argument("--history", type=int, default=0,
                        help="quarters of earlier returns from 150 communes stored first")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        returns = folder / "returns"
        returns.mkdir()
        paths = make_returns(returns, options.returns, options.groups)
        ledger_path = folder / "office.sqlite"
        history = fill_history(ledger_path, options.history, 150, options.groups) \
            if options.history else 0
        if not history:
            open_new_ledger(ledger_path).close()
        ledger = open_ledger(ledger_path)
        outcomes: list[object] = []
        full = timed(lambda: outcomes.extend(import_returns(ledger, [returns], SYSTEM)))
        refused = [o for o in outcomes if o.status == ImportStatus.REFUSED]  # type: ignore[attr-defined]
        if refused or len(outcomes) != options.returns:
            print(f"unexpected: {len(refused)} refused of {len(outcomes)}", file=sys.stderr)
            return 1
        openpyxl_time = timed(lambda: read_with_openpyxl(paths))
        try:
            pandas_time: float | None = timed(lambda: read_with_pandas(paths))
        except ImportError:
            pandas_time = None
        with ledger.session() as session:
            query = timed(lambda: consolidated(session, QUARTER))
        bomb = make_bomb(folder / "bomb.xlsx")
        bomb_size = bomb.stat().st_size
        bomb_result: list[object] = []
        bomb_time = timed(lambda: bomb_result.append(read_return(bomb)))
        assert not bomb_result[0].ok  # type: ignore[attr-defined]
        ledger.close()

    count = f"{options.returns} returns × {options.groups} groups"
    print(f"| what ({count}) | seconds | target |")
    print("|---|---:|---|")
    print(f"| import with full validation (check, read, validate, store) | {full:.2f} | < 10 |")
    print(f"| only reading the files with openpyxl (read-only) | {openpyxl_time:.2f} | |")
    if pandas_time is None:
        print("| only reading the files with pandas.read_excel | (pandas not installed) | |")
    else:
        print(f"| only reading the files with pandas.read_excel | {pandas_time:.2f} | |")
    extra = f", ledger holding {history + options.returns} returns" if history else ""
    print(f"| consolidated query{extra} | {query:.3f} | < 2 |")
    print(f"| zip bomb (1 GB inflated, {bomb_size // 1024} KB file) refused "
          f"| {bomb_time:.4f} | < 1 |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
