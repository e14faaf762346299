"""The command line starts light: Qt, reportlab and openpyxl are loaded only by the commands
that need them, so ``--help`` and ``check`` start at once on an office PC."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import with_admin

import desktop
from desktop.models.database import open_new_ledger

HEAVY = ("PySide6", "reportlab", "openpyxl")
PROBE = r"""
import json, sys
from desktop.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as stop:
    status = stop.code
loaded = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
sys.stdout.write("\n" + json.dumps({"status": status, "loaded": loaded}) + "\n")
""".replace("HEAVY", repr(HEAVY))


def run(*arguments: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", PROBE, *arguments], capture_output=True,
                          text=True, cwd=Path(desktop.__file__).parent.parent, check=False)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def ledger_file(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("light") / "ledger.sqlite"
    open_new_ledger(path, with_admin).close()
    return path


def test_help_loads_neither_qt_nor_reportlab_nor_openpyxl() -> None:
    assert run("--help") == {"status": 0, "loaded": []}


def test_check_loads_neither_qt_nor_reportlab_nor_openpyxl(ledger_file: Path) -> None:
    assert run("--db", str(ledger_file), "check") == {"status": 0, "loaded": []}


def test_the_probe_sees_a_command_that_does_load_reportlab(ledger_file: Path,
                                                           tmp_path: Path) -> None:
    result = run("--db", str(ledger_file), "print", "calibration", "--out",
                 str(tmp_path / "calibration.pdf"))
    assert result["status"] == 0 and "reportlab" in result["loaded"]  # type: ignore[operator]


def test_opening_an_up_to_date_ledger_does_not_load_alembic(ledger_file: Path) -> None:
    probe = ("import sys; from desktop.models.database import open_ledger; "
             f"open_ledger({str(ledger_file)!r}).close(); print('alembic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=Path(desktop.__file__).parent.parent, check=True)
    assert done.stdout.strip() == "False"


def test_the_head_read_from_the_scripts_is_alembics_own() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from desktop.models.database import MIGRATIONS_DIR, _script_head

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert _script_head() == ScriptDirectory.from_config(config).get_current_head()


MODULES_PROBE = r"""
import json, sys
from desktop.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stdout.write("\n" + json.dumps(sorted(sys.modules)) + "\n")
"""


def test_printing_passbooks_loads_no_other_command_s_machinery(tmp_path: Path) -> None:
    """A thousand passbook pages are a few seconds' work: the demo's simulations, the
    ledger's check, the backups' encryption and reportlab's page layout engine (Platypus,
    for the reports) are not loaded for them."""
    from desktop.models import registry
    from desktop.models.enums import GroupKind
    from desktop.models.permissions import SYSTEM

    path = tmp_path / "ledger.sqlite"
    ledger = open_new_ledger(path)
    with ledger.session() as session:
        commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
        registry.create_group(session, commune, code="TK01", name="Nhóm Hoa Sen",
                              kind=GroupKind.VSLA, start_date=dt.date(2026, 1, 5),
                              actor=SYSTEM, share_value=20_000)
    ledger.close()
    done = subprocess.run([sys.executable, "-c", MODULES_PROBE, "--db", str(path), "print",
                           "passbooks", "TK01", "--out", str(tmp_path / "books.pdf")],
                          capture_output=True, text=True, check=False,
                          cwd=Path(desktop.__file__).parent.parent)
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "reportlab.pdfgen.canvas" in loaded
    for heavy in ("desktop.demo", "desktop.models.integrity", "cryptography",
                  "reportlab.platypus"):
        assert heavy not in loaded
