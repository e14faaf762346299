"""``scripts/bootstrap.sh`` (run by ``demo.sh`` and ``test.sh``) never runs the package manager
when nothing is missing (issue 9 item 13): the library check reads the linker's cache once and
is not fooled by SIGPIPE under ``pipefail``.

The script runs for real, on a copy of itself beside a stand-in ``.venv`` that is already
installed, with a fake ``ldconfig`` (a cache big enough that an early reader's exit kills the
writer) and a fake ``apt-get`` that records being called.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QT_LIBRARIES = ["libglib-2.0.so.0", "libGL.so.1", "libEGL.so.1", "libdbus-1.so.3",
                "libfontconfig.so.1", "libxkbcommon.so.0"]

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def cache_line(library: str) -> str:
    return f"\t{library} (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/{library}\n"


@pytest.fixture
def machine(tmp_path: Path) -> Path:
    """A checkout whose environment is installed already, and a folder of fake commands."""
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "bootstrap.sh", checkout / "scripts" / "bootstrap.sh")
    shutil.copy(ROOT / "pyproject.toml", checkout / "pyproject.toml")
    python = checkout / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    python.chmod(0o755)
    stamp = hashlib.sha1((checkout / "pyproject.toml").read_bytes()).hexdigest()[:12]
    (checkout / ".venv" / f".installed-{stamp}").touch()
    fake = tmp_path / "bin"
    fake.mkdir()
    for name, body in {
        # Every call is counted; the cache is printed from a file.
        "ldconfig": f'echo called >> "{tmp_path}/ldconfig-calls"\ncat "{tmp_path}/cache"\n',
        "apt-get": f'echo "$@" >> "{tmp_path}/apt-get-calls"\n',
        "sudo": '"$@"\n',
        "uname": "echo Linux\n",
    }.items():
        command = fake / name
        command.write_text("#!/bin/sh\n" + body, encoding="utf-8")
        command.chmod(0o755)
    return tmp_path


def write_cache(machine: Path, libraries: list[str]) -> None:
    """The wanted libraries first, then a megabyte of others, as on a desktop system."""
    filler = "".join(cache_line(f"libother{number}.so.1") for number in range(20_000))
    (machine / "cache").write_text("".join(cache_line(name) for name in libraries) + filler,
                                   encoding="utf-8")


def bootstrap(machine: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PATH=f"{machine / 'bin'}:{os.environ.get('PATH', '')}")
    env.pop("DISPLAY", None)
    return subprocess.run(["bash", str(machine / "checkout" / "scripts" / "bootstrap.sh")],
                          env=env, capture_output=True, text=True, timeout=120)


def calls(machine: Path, name: str) -> list[str]:
    path = machine / f"{name}-calls"
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def test_nothing_missing_means_no_package_manager_and_one_look_at_the_cache(machine) -> None:
    write_cache(machine, QT_LIBRARIES)
    done = bootstrap(machine)
    assert done.returncode == 0, done.stderr
    assert calls(machine, "apt-get") == []
    assert "Installing" not in done.stdout
    assert calls(machine, "ldconfig") == ["called"]


def test_a_missing_library_installs_only_its_package(machine) -> None:
    write_cache(machine, [name for name in QT_LIBRARIES if name != "libxkbcommon.so.0"])
    done = bootstrap(machine)
    assert done.returncode == 0, done.stderr
    assert "Installing system packages: libxkbcommon0" in done.stdout
    installs = [call for call in calls(machine, "apt-get") if call.startswith("install")]
    assert len(installs) == 1 and installs[0].split()[-1] == "libxkbcommon0"
    assert "libgl1" not in installs[0]
