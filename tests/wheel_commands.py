"""Every command of the installed package, run once each in one interpreter (fast): the
scenario tests/test_installed_wheel.py runs inside the fresh environment that holds only the
wheel. Prints, as JSON, each command's words, exit status and output.

    FRESH_PYTHON tests/wheel_commands.py WORK_FOLDER
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import sys
from pathlib import Path


def last_closed_meeting(ledger_path: Path, group_code: str) -> str:
    from sqlalchemy import select

    from desktop.models.database import open_ledger
    from desktop.models.group import Group
    from desktop.models.meeting import Meeting

    ledger = open_ledger(ledger_path)
    try:
        with ledger.session() as session:
            day = session.scalar(
                select(Meeting.date).join(Group, Group.id == Meeting.group_id)
                .where(Group.code == group_code, Meeting.status == "closed")
                .order_by(Meeting.date.desc()).limit(1))
    finally:
        ledger.close()
    assert day is not None
    return day.strftime("%d/%m/%Y")


def scenario(work: Path) -> list[list[str]]:
    today = dt.date.today()
    quarter_month = (today.month - 1) // 3 * 3 + 1
    last_quarter_end = dt.date(today.year, quarter_month, 1) - dt.timedelta(days=1)
    quarter = f"{last_quarter_end.year}Q{(last_quarter_end.month - 1) // 3 + 1}"
    demo, new = str(work / "Sổ quỹ mẫu.soquy"), str(work / "Sổ quỹ mới.soquy")
    year_start = f"01/01/{today.year}"
    until = today.strftime("%d/%m/%Y")
    return [
        ["--db", demo, "demo"],
        ["new", new, "--admin", "admin", "--commune", "04321", "--commune-name", "Xã Yên Bình",
         "--union", "Hội LHPN xã Yên Bình"],
        ["--db", demo, "check"],
        ["--db", demo, "shareout", "TKVV01"],
        ["--db", demo, "export-group", "TKVV01", str(work / "nhóm.xlsx")],
        ["--db", new, "import-group", str(work / "nhóm.xlsx")],
        # Refused while a meeting of the cycle is open: the command runs and says why.
        ["--db", new, "close-cycle", "TKVV01"],
        ["--db", demo, "print", "passbooks", "TKVV01", "--out", str(work / "sổ.pdf")],
        ["--db", demo, "print", "slips", "TKVV01", "--meeting", "{meeting}", "--out",
         str(work / "phiếu.pdf")],
        ["--db", demo, "print", "shareout", "TKVV01", "--out", str(work / "tất toán.pdf")],
        ["--db", demo, "print", "quarterly", "--commune", "--quarter", quarter, "--out",
         str(work / "quý.pdf")],
        ["--db", demo, "print", "register", "cash", "TKVV01", "--from", year_start, "--to",
         until, "--out", str(work / "sổ quỹ.pdf")],
        ["--db", demo, "print", "calibration", "--out", str(work / "hiệu chỉnh.pdf")],
        ["--db", demo, "print", "settings", "--preparer", "Nguyễn Thị Hoa"],
        ["template", "return", str(work / "mẫu báo cáo.xlsx")],
        ["template", "group", str(work / "mẫu sổ nhóm.xlsx")],
        ["--db", demo, "export-return", "--quarter", quarter, str(work / "báo cáo.xlsx")],
        ["--db", new, "import-returns", str(work / "báo cáo.xlsx")],
        ["--db", new, "consolidated", "--quarter", quarter],
        ["--db", new, "print", "consolidated", "--quarter", quarter, "--out",
         str(work / "tổng hợp.pdf")],
    ]


def main(work: Path) -> None:
    from desktop.cli import build_parser
    from desktop.cli import main as run

    results = []
    for words in scenario(work):
        if "{meeting}" in words:
            meeting = last_closed_meeting(work / "Sổ quỹ mẫu.soquy", "TKVV01")
            words = [meeting if word == "{meeting}" else word for word in words]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = run(words)
            except SystemExit as stopped:
                status = int(stopped.code or 0)
        results.append({"words": words, "status": status, "out": out.getvalue(),
                        "err": err.getvalue()})
    commands = sorted(next(action for action in build_parser()._actions
                           if hasattr(action, "choices") and isinstance(action.choices, dict)
                           ).choices)
    print(json.dumps({"results": results, "commands": commands}, ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
