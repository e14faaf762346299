"""A non-editable install carries everything the application reads at run time.

The wheel is built from a copy of the source tree, installed in a fresh virtual environment
outside it, and run from yet another folder: a passbook printed with the bundled fonts, every
message in Vietnamese. Nothing may come from the checkout (DESIGN.md §9; issue 9 item 14).

The third-party packages are not installed again (that would need the network): a ``.pth``
file lends the fresh environment the test environment's site-packages, added only after the
wheel is installed so pip never sees (nor uninstalls) the editable copy there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
                                    ".*_cache", ".hypothesis", "*.sqlite*", "out", "*.mo")

pytestmark = pytest.mark.slow


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    if check and done.returncode != 0:
        raise AssertionError(f"{command} failed ({done.returncode}):\n{done.stdout}\n"
                             f"{done.stderr}")
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment with the wheel installed; returns its ``bin`` folder."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    wheels = work / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--wheel-dir", str(wheels), str(source)], cwd=work)
    [wheel] = wheels.glob("commune_ledger-*.whl")
    shutil.rmtree(source)  # the install must not be able to reach the copy either
    environment = work / "fresh"
    run([sys.executable, "-m", "venv", "--without-pip", str(environment)], cwd=work)
    python = environment / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-deps", "--no-index", str(wheel)], cwd=work)
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                  cwd=work).stdout.strip()
    lent = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib) / "lent-dependencies.pth").write_text("\n".join(sorted(lent)) + "\n",
                                                         encoding="utf-8")
    return environment / "bin"


def clean_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a clerk's shell: no checkout on the path, the default language."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "COMMUNE_LEDGER_LANG", "VIRTUAL_ENV")}
    env["COMMUNE_LEDGER_CONFIG_DIR"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    return env


def test_the_installed_package_is_the_wheel_not_the_checkout(installed: Path,
                                                             tmp_path: Path) -> None:
    probe = ("import desktop, desktop.i18n, desktop.printing.fonts as f; "
             "print(desktop.__file__); print(desktop.i18n.TRANSLATIONS_DIR); print(f.fonts_dir())")
    lines = run([str(installed / "python"), "-c", probe], cwd=tmp_path,
                env=clean_env(tmp_path)).stdout.split()
    environment = installed.parent.resolve()
    for line in lines:
        assert Path(line).resolve().is_relative_to(environment), line
        assert not Path(line).resolve().is_relative_to(ROOT), line


def test_the_installed_command_prints_a_passbook_in_vietnamese(installed: Path,
                                                               tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    cli = str(installed / "commune-ledger-cli")
    made = run([cli, "--db", "so-quy.sqlite", "demo"], cwd=tmp_path, env=env)
    assert "Đã tạo sổ dữ liệu mẫu" in made.stdout
    printed = run([cli, "--db", "so-quy.sqlite", "print", "passbooks", "TKVV01", "--out",
                   "so-thanh-vien.pdf"], cwd=tmp_path, env=env)
    assert "Traceback" not in printed.stderr
    text = "\n".join(page.extract_text() for page in
                     PdfReader(tmp_path / "so-thanh-vien.pdf").pages)
    assert "SỔ THÀNH VIÊN" in text.upper() or "Sổ thành viên" in text
    assert "Tiết kiệm" in text or "tiết kiệm" in text


def test_the_installed_command_explains_an_error_in_vietnamese(installed: Path,
                                                               tmp_path: Path) -> None:
    refused = run([str(installed / "commune-ledger-cli"), "--db", "so-quy.sqlite", "shareout",
                   "KHONGCO"], cwd=tmp_path, env=clean_env(tmp_path), check=False)
    assert refused.returncode == 2
    assert "Traceback" not in refused.stderr
    assert "so-quy.sqlite" in refused.stderr
    assert "không" in refused.stderr or "Không" in refused.stderr
