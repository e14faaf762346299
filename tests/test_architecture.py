"""The arrows point one way (DESIGN.md §9): the domain, printing and the Excel code never load
Qt, so the command line runs them without a display."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import desktop

HEADLESS_PACKAGES = ["desktop.models", "desktop.printing", "desktop.workbooks"]

PROBE = r"""
import importlib, json, pkgutil, sys
names = []
for package_name in {packages}:
    try:
        package = importlib.import_module(package_name)
    except ModuleNotFoundError:
        continue  # that part of the application is not written yet
    names.append(package_name)
    for info in pkgutil.walk_packages(package.__path__, package_name + "."):
        importlib.import_module(info.name)
        names.append(info.name)
print(json.dumps({{"imported": names,
                   "qt": sorted(m for m in sys.modules if m.split(".")[0] == "PySide6")}}))
"""


def _import_everything_headless() -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(packages=HEADLESS_PACKAGES)],
        capture_output=True, text=True, check=True, cwd=Path(desktop.__file__).parent.parent,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_domain_printing_and_workbooks_never_load_qt() -> None:
    report = _import_everything_headless()
    assert report["qt"] == [], f"PySide6 loaded by one of {report['imported']}"
    # The probe really walked the domain: every rule module was imported.
    for name in ("desktop.models.posting", "desktop.models.shareout", "desktop.models.meetings",
                 "desktop.models.indicators", "desktop.models.database"):
        assert name in report["imported"]
    for package in ("desktop.printing", "desktop.workbooks"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.submodule_search_locations:
            assert package in report["imported"]
