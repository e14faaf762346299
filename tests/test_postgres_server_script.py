"""``scripts/postgres_server.sh``, the throwaway server of the test command: it starts a
server of its own on a free loopback port with durability off and a Vietnamese collation,
says its address on one line, installs Debian's ``postgresql`` only when the server's
programs are missing, and leaves nothing behind when stopped."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "postgres_server.sh"

pytestmark = pytest.mark.postgresql_only("the server script itself needs PostgreSQL's "
                                         "programs")


def fake_commands(folder: Path) -> Path:
    """A folder holding an ``apt-get`` (and ``sudo``) that only record being called."""
    fake = folder / "bin"
    fake.mkdir()
    for name, body in {"apt-get": f'echo "$@" >> "{folder}/apt-get-calls"\n',
                       "sudo": '"$@"\n'}.items():
        command = fake / name
        command.write_text("#!/bin/sh\n" + body, encoding="utf-8")
        command.chmod(0o755)
    return fake


def test_a_server_of_its_own_starts_answers_and_is_gone_after_stop(tmp_path: Path) -> None:
    fake = fake_commands(tmp_path)
    cluster = tempfile.mkdtemp(prefix="pg-script-")
    environment = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"}
    try:
        started = subprocess.run(["bash", str(SCRIPT), "start", cluster], capture_output=True,
                                 text=True, env=environment, timeout=120, check=False)
        assert started.returncode == 0, started.stderr
        [url] = started.stdout.splitlines()
        address = make_url(url)
        assert address.host == "127.0.0.1" and address.password
        engine = create_engine(url, poolclass=NullPool)
        try:
            with engine.connect() as connection:
                assert connection.execute(text("SHOW fsync")).scalar() == "off"
                collation = connection.execute(text(
                    "SELECT datlocprovider, daticulocale FROM pg_database "
                    "WHERE datname = current_database()")).one()
        finally:
            engine.dispose()
        # Vietnamese where the server has ICU (Debian's has), plain C elsewhere.
        assert tuple(collation) in (("i", "vi-VN"), ("c", None))
        assert not (tmp_path / "apt-get-calls").exists()  # the programs were there
    finally:
        stopped = subprocess.run(["bash", str(SCRIPT), "stop", cluster], capture_output=True,
                                 text=True, timeout=120, check=False)
    assert stopped.returncode == 0
    assert not Path(cluster).exists()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", int(address.port or 0))) != 0


def test_missing_server_programs_are_installed_with_the_package_manager(
        tmp_path: Path) -> None:
    fake = fake_commands(tmp_path)
    # A PATH without PostgreSQL's programs, and no versioned folder to find them in.
    path = ":".join([str(fake), *(folder for folder in os.environ["PATH"].split(":")
                                  if not (Path(folder) / "initdb").exists())])
    environment = {**os.environ, "PATH": path, "POSTGRES_BIN_GLOB": str(tmp_path / "none")}
    assert shutil.which("initdb", path=path) is None
    result = subprocess.run(["bash", str(SCRIPT), "start", str(tmp_path / "cluster")],
                            capture_output=True, text=True, env=environment, timeout=60,
                            check=False)
    calls = (tmp_path / "apt-get-calls").read_text(encoding="utf-8").splitlines()
    assert any("install" in call and "postgresql" in call.split() for call in calls)
    assert result.returncode != 0  # the fake installed nothing: said, not hidden
    assert "missing" in result.stderr
