"""Province-scale benchmark (DESIGN §10, issue 12): each target measured side by side with its
anchor, in one run, on ledgers made by ``make_province.py``:

    make=".venv/bin/python benchmarks/make_province.py --today 2026-11-23"
    $make /work/tmp/p1.sqlite --communes 1
    $make /work/tmp/p30.sqlite --communes 30
    $make /work/tmp/province.sqlite --communes 120
    .venv/bin/pip install python-calamine psutil      # the anchors only; not dependencies
    .venv/bin/python benchmarks/province_benchmark.py /work/tmp/p1.sqlite /work/tmp/p30.sqlite \\
        /work/tmp/province.sqlite --runs 5

* the app against one hand-written SQL aggregate over the same file (the balances the figures
  need, summed from the journal): the commune/province overview (figures and charts), the
  return of ONE commune (``export_return``, workbook written), the share-out preview of ONE
  group, the check of every group;
* printing 1,000 passbook pages (``commune-ledger print passbooks``) against a bare
  reportlab script drawing the same text, both as fresh processes;
* importing 100 returns against a bare openpyxl read-only pass and python-calamine;
* the memory of the real main window, offscreen, open on the largest ledger;
* the cost of per-group and per-commune work at each ledger size given (the curve).

Medians of ``--runs`` runs (the check: of ``--check-runs``); prints Markdown tables.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sqlalchemy import func, select, text  # noqa: E402

from desktop.models.database import Ledger, open_ledger  # noqa: E402
from desktop.models.indicators import Quarter  # noqa: E402

ON = dt.date(2026, 11, 23)  # the day the generated histories end
# The ledgers made by make_province.py and print_benchmark.py have the demo's users.
SIGN_IN = {"COMMUNE_LEDGER_USER": "admin", "COMMUNE_LEDGER_PASSWORD": "admin-demo"}
QUARTER = Quarter(2026, 3)
GROUP, COMMUNE = "10001/TKVV01", "10001"


def median_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def count_lines(ledger: Ledger) -> int:
    with ledger.session() as session:
        return int(session.scalar(text("SELECT max(id) FROM journal_lines")) or 0)


# -- the app and its SQL anchors ----------------------------------------------------------------

def overview(ledger: Ledger) -> object:
    from desktop.presenters.overview import load_commune_overview

    with ledger.session() as session:
        return load_commune_overview(session, ON)


def overview_anchor(ledger: Ledger) -> object:
    """Every group's balance of every account at the day, summed from the journal."""
    with ledger.session() as session:
        return session.execute(text(
            "SELECT group_id, account, sum(amount) FROM journal_lines WHERE date <= :on "
            "GROUP BY group_id, account"), {"on": ON}).all()


def commune_return(ledger: Ledger, folder: Path) -> object:
    from desktop.workbooks.return_files import export_return

    return export_return(ledger, QUARTER, folder / "return.xlsx", commune_code=COMMUNE)


def commune_anchor(ledger: Ledger) -> object:
    with ledger.session() as session:
        return session.execute(text(
            "SELECT group_id, account, sum(amount) FROM journal_lines WHERE group_id IN "
            "(SELECT groups.id FROM groups JOIN communes ON communes.id = groups.commune_id "
            "WHERE communes.code = :commune) AND date <= :on GROUP BY group_id, account"),
            {"commune": COMMUNE, "on": QUARTER.last_day}).all()


def share_out(ledger: Ledger) -> object:
    from desktop.commands.common import find_group
    from desktop.models.shareout import preview

    with ledger.session() as session:
        return preview(session, find_group(session, GROUP))


def share_out_anchor(ledger: Ledger) -> object:
    """The group's accounts and each member's savings, summed from the journal."""
    with ledger.session() as session:
        return session.execute(text(
            "SELECT account, member_id, sum(amount) FROM journal_lines WHERE group_id = "
            "(SELECT groups.id FROM groups JOIN communes ON communes.id = groups.commune_id "
            "WHERE communes.code = :commune AND groups.code = :code) "
            "GROUP BY account, member_id"),
            {"commune": COMMUNE, "code": GROUP.split("/")[1]}).all()


def check(ledger: Ledger) -> object:
    from desktop.models.integrity import inspect_ledger

    with ledger.session() as session:
        result = inspect_ledger(session, workers=os.cpu_count() or 1)
    assert result.sound, result.all_problems[:5]
    return result


def check_anchor(ledger: Ledger) -> object:
    """Every group's trial balance and accounts re-summed from the whole journal."""
    with ledger.session() as session:
        return session.execute(text(
            "SELECT group_id, account, sum(amount) FROM journal_lines "
            "GROUP BY group_id, account")).all()


def group_figures(ledger: Ledger) -> object:
    from desktop.commands.common import find_group
    from desktop.presenters.chart_data import group_charts
    from desktop.presenters.group_summary import load_group_summary

    with ledger.session() as session:
        group = find_group(session, GROUP)
        return load_group_summary(session, group.id, ON), group_charts(session, group.id, ON)


# -- passbooks: the app's command against a bare reportlab script, fresh processes ---------------

ANCHOR_SCRIPT = r"""
import json, sys
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
fonts, pages, out = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8")), sys.argv[3]
pdfmetrics.registerFont(TTFont("Sans", fonts + "/LiberationSans-Regular.ttf"))
canvas = Canvas(out, pagesize=(105 * mm, 148 * mm))
for runs in pages:
    size = None
    for x, y, points, text in runs:
        if points != size:
            canvas.setFont("Sans", points)
            size = points
        canvas.drawString(x, y, text)
    canvas.showPage()
canvas.save()
"""


def text_runs(pdf: Path) -> list[list[tuple[float, float, float, str]]]:
    """Each page's strings where the app drew them: (x, y, size, text)."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(pdf).pages:
        runs: list[tuple[float, float, float, str]] = []

        def visit(text: str, cm: Any, tm: Any, _font: Any, size: float,
                  runs: list[tuple[float, float, float, str]] = runs) -> None:
            if text.strip():
                runs.append((round(cm[0] * tm[4] + cm[4], 2), round(cm[3] * tm[5] + cm[5], 2),
                             round(size * tm[0], 2) or 6.0, text))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def passbooks(folder: Path, runs: int) -> dict[str, float]:
    """1,000 A6 pages: ``commune-ledger print passbooks`` against a bare reportlab script
    drawing the same strings at the same places (read back from the app's own PDF), both
    as fresh processes."""
    from print_benchmark import build_ledger

    build_ledger(folder / "passbooks.sqlite", members=50, meetings=240).close()
    (folder / "anchor.py").write_text(ANCHOR_SCRIPT, encoding="utf-8")
    environment = dict(os.environ, COMMUNE_LEDGER_CONFIG_DIR=str(folder / "config"), **SIGN_IN)
    fonts = ROOT / "desktop" / "resources" / "fonts"

    def ours() -> None:
        subprocess.run([sys.executable, "-m", "desktop", "--db", str(folder / "passbooks.sqlite"),
                        "print", "passbooks", "BM01", "--reprint", "--out",
                        str(folder / "ours.pdf")], check=True, cwd=ROOT, env=environment,
                       stdout=subprocess.DEVNULL)

    def anchor() -> None:
        subprocess.run([sys.executable, str(folder / "anchor.py"), str(fonts),
                        str(folder / "pages.json"), str(folder / "anchor.pdf")], check=True)

    ours()
    pages = text_runs(folder / "ours.pdf")
    (folder / "pages.json").write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    measured = {"ours": median_of(runs, ours), "anchor": median_of(runs, anchor),
                "pages": float(len(pages))}
    # Both in-process as well (the window's print, signed in and warm): the app reads the
    # ledger, draws and writes the PDF; the anchor reads its strings, draws and writes.
    from print_benchmark import time_ours

    ledger = open_ledger(folder / "passbooks.sqlite")
    try:
        time_ours(ledger, folder / "ours-in.pdf")  # warm: modules, fonts, the file's pages
        measured["ours_in"] = median_of(runs, lambda: time_ours(ledger, folder / "ours-in.pdf"))
    finally:
        ledger.close()
    code = compile(ANCHOR_SCRIPT, "anchor.py", "exec")
    arguments = [str(fonts), str(folder / "pages.json"), str(folder / "anchor-in.pdf")]

    def anchor_in() -> None:
        saved = sys.argv
        sys.argv = ["anchor.py", *arguments]
        try:
            exec(code, {"__name__": "anchor"})
        finally:
            sys.argv = saved

    anchor_in()
    measured["anchor_in"] = median_of(runs, anchor_in)
    return measured


# -- returns: the app's import against openpyxl read-only and calamine --------------------------

def returns(folder: Path, runs: int) -> dict[str, float]:
    from returns_benchmark import make_returns, read_with_openpyxl

    from desktop.models.database import open_new_ledger
    from desktop.models.permissions import SYSTEM
    from desktop.workbooks.return_files import ImportStatus, import_returns

    (folder / "returns").mkdir()
    paths = make_returns(folder / "returns", 100, 30)
    count = [0]

    def ours() -> None:
        count[0] += 1
        ledger = open_new_ledger(folder / f"office{count[0]}.sqlite")
        try:
            outcomes = import_returns(ledger, paths, SYSTEM)
        finally:
            ledger.close()
        assert all(o.status == ImportStatus.IMPORTED for o in outcomes)

    def calamine() -> None:
        from python_calamine import CalamineWorkbook

        for path in paths:
            workbook = CalamineWorkbook.from_path(str(path))
            for name in workbook.sheet_names:
                workbook.get_sheet_by_name(name).to_python()

    def only_read() -> None:
        from desktop.workbooks.quarterly_return import read_return

        for path in paths:
            assert read_return(path).ok

    return {"ours": median_of(runs, ours), "read": median_of(runs, only_read),
            "openpyxl": median_of(runs, lambda: read_with_openpyxl(paths)),
            "calamine": median_of(runs, calamine)}


# -- the window's memory --------------------------------------------------------------------------

def window_child(db: str) -> int:
    """Open the real main window offscreen on ``db``, wait for the overview's figures, and
    print the process's resident memory (now, and its peak) in MB."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.app import start_window

    window = start_window(db)
    app = QApplication.instance()
    assert app is not None
    started = time.perf_counter()

    def memory() -> dict[str, float]:
        status = Path("/proc/self/status").read_text()
        values = {line.split(":")[0]: float(line.split()[1]) / 1024
                  for line in status.splitlines() if line.startswith(("VmRSS", "VmHWM"))}
        return {"rss": values["VmRSS"], "peak": values["VmHWM"]}

    def shown() -> None:
        page = window.current_page()
        if page is not None and getattr(page, "data", None) is not None:
            app.processEvents()
            print(json.dumps({**memory(), "seconds": time.perf_counter() - started}),
                  flush=True)
            app.quit()
        else:
            QTimer.singleShot(20, shown)

    def answer_sign_in() -> None:
        # Signed in at once, as the startup benchmark does: checking the password is counted.
        dialog = window.sign_in_dialog
        if dialog is not None and dialog.isVisible() and getattr(dialog, "task", 1) is None:
            dialog.name.setText(SIGN_IN["COMMUNE_LEDGER_USER"])
            dialog.password.setText(SIGN_IN["COMMUNE_LEDGER_PASSWORD"])
            dialog.accept()
        elif window.ledger is None:
            QTimer.singleShot(2, answer_sign_in)

    window.ready.connect(lambda: QTimer.singleShot(0, shown))
    QTimer.singleShot(0, answer_sign_in)
    app.exec()
    window.close()
    return 0


def window_memory(db: Path, folder: Path) -> dict[str, float]:
    environment = dict(os.environ, COMMUNE_LEDGER_CONFIG_DIR=str(folder / "window"),
                       QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, __file__, "--window-child", str(db)], cwd=ROOT,
                          env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the window did not open {db}: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def point(ledger: Ledger, folder: Path, runs: int) -> dict[str, float]:
    """Per-group, per-commune and whole-ledger work on one ledger (a point of the curve)."""
    return {
        "group": median_of(runs, lambda: group_figures(ledger)),
        "share_out": median_of(runs, lambda: share_out(ledger)),
        "return": median_of(runs, lambda: commune_return(ledger, folder)),
        "overview": median_of(runs, lambda: overview(ledger)),
    }


# -- the report -----------------------------------------------------------------------------------

def ratio(ours: float, anchor: float) -> str:
    return f"{ours / anchor:.2f}" if anchor > 0 else "–"


def row(what: str, ours: float, anchor_name: str, anchor: float, target: str) -> str:
    return f"| {what} | {ours:.3f} | {anchor_name} | {anchor:.3f} | {ratio(ours, anchor)} | " \
           f"{target} |"


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["--window-child"]:
        return window_child(arguments[1])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ledgers", nargs="+", type=Path,
                        help="ledgers of growing size (make_province.py); the last is measured "
                             "against the anchors")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check-runs", type=int, default=3)
    parser.add_argument("--skip", action="append", default=[],
                        choices=["passbooks", "returns", "window", "check"])
    options = parser.parse_args(arguments)
    runs = options.runs
    folder = Path(tempfile.mkdtemp(prefix="province-benchmark-"))
    largest = options.ledgers[-1]
    curve = []
    for path in options.ledgers:
        ledger = open_ledger(path)
        with ledger.session() as session:
            from desktop.models.group import Group

            groups = int(session.scalar(select(func.count(Group.id))) or 0)
        lines = count_lines(ledger)
        overview(ledger)  # warm the file's pages in, as a clerk's second look would find them
        curve.append({"lines": lines, "groups": groups, **point(ledger, folder, runs)})
        ledger.close()
        print(f"measured {path.name}: {curve[-1]}", file=sys.stderr, flush=True)
    ledger = open_ledger(largest)
    lines = count_lines(ledger)
    table = [f"Ledger: {largest.name}, {lines:,} journal lines, {curve[-1]['groups']:,} groups; "
             f"medians of {runs} runs (the check: {options.check_runs}).", "",
             "| what | app (s) | anchor | anchor (s) | ratio | target |",
             "|---|---:|---|---:|---:|---|"]
    table.append(row("overview of every group (figures + charts)", curve[-1]["overview"],
                     "one SQL aggregate of every group's accounts",
                     median_of(runs, lambda: overview_anchor(ledger)), "< 2 s"))
    table.append(row(f"export-return of one commune ({COMMUNE}, workbook written)",
                     curve[-1]["return"], "one SQL aggregate of its groups' accounts",
                     median_of(runs, lambda: commune_anchor(ledger)), "< 1 s"))
    table.append(row(f"share-out preview of one group ({GROUP})", curve[-1]["share_out"],
                     "one SQL aggregate of its accounts and savers",
                     median_of(runs, lambda: share_out_anchor(ledger)), "< 0.1 s"))
    if "check" not in options.skip:
        table.append(row(f"check of every group ({os.cpu_count()} threads)",
                         median_of(options.check_runs, lambda: check(ledger)),
                         "one SQL re-sum of the whole journal",
                         median_of(options.check_runs, lambda: check_anchor(ledger)),
                         "< 30 s"))
    ledger.close()
    if "passbooks" not in options.skip:
        printed = passbooks(folder, runs)
        table.append(row(f"print {printed['pages']:.0f} passbook pages (fresh process)",
                         printed["ours"], "bare reportlab canvas, same text (fresh process)",
                         printed["anchor"], "< 10 s, ratio ≤ 1.5"))
        table.append(row(f"print {printed['pages']:.0f} passbook pages (in-process, warm)",
                         printed["ours_in"], "bare reportlab canvas, same text (in-process)",
                         printed["anchor_in"], "ratio ≤ 1.5"))
    if "returns" not in options.skip:
        imported = returns(folder, runs)
        table.append(row("import 100 returns of 30 groups, full validation", imported["ours"],
                         "openpyxl read-only pass", imported["openpyxl"],
                         "< 10 s, ratio ≤ 1.5"))
        table.append(row("… only reading them (desktop/workbooks/xlsx_cells.py)",
                         imported["read"], "python-calamine", imported["calamine"], ""))
    if "window" not in options.skip:
        memory = window_memory(largest, folder)
        table.append(f"| memory of the main window open on {largest.name} (overview shown) | "
                     f"{memory['rss']:.0f} MB (peak {memory['peak']:.0f} MB) | | | | "
                     f"< 500 MB |")
    table += ["", "Cost against the size of the ledger (seconds, medians):", "",
              "| journal lines | groups | one group's page (figures + charts) | share-out "
              "preview of one group | return of one commune | overview of every group |",
              "|---:|---:|---:|---:|---:|---:|"]
    for measured in curve:
        table.append(f"| {measured['lines']:,} | {measured['groups']:,} | "
                     f"{measured['group']:.3f} | {measured['share_out']:.3f} | "
                     f"{measured['return']:.3f} | {measured['overview']:.3f} |")
    print("\n".join(table))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
