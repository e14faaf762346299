"""Making a ledger is atomic (issue 9 item 7): killed at any instant, or run twice at once on
one file, ``demo`` leaves either nothing or a whole ledger under the real name — never one
that will not open. ``benchmarks/kill_benchmark.py`` repeats the kill a hundred times."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.models import ledger_file
from desktop.models.database import LedgerExists, create_ledger, open_ledger
from desktop.models.ledger_file import FileKind, probe

pytestmark = pytest.mark.sqlite_only("a ledger file made under a temporary name and moved into "
                                     "place; a server's twin is in test_server_ledger.py")

DEMO_GROUPS = 6


def demo_process(target: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "desktop", "--db", str(target), "demo"],
                            cwd=target.parent, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def quiet_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["COMMUNE_LEDGER_CONFIG_DIR"] = str(tmp_path / "config")
    return env


def state_of(target: Path) -> str:
    """``absent``, ``whole`` (opens, and holds the whole demo) or what is wrong with it."""
    if not target.exists():
        return "absent"
    if probe(target) is not FileKind.LEDGER:
        return f"unusable: {probe(target).value}"
    ledger = open_ledger(target)
    try:
        with ledger.session() as session:
            groups = session.scalar(text("SELECT count(*) FROM groups"))
    finally:
        ledger.close()
    return "whole" if groups == DEMO_GROUPS else f"unusable: {groups} groups"


Files = list[tuple[str, int]]  # (name, size) of each file in the folder


def snapshot(folder: Path) -> Files:
    """The folder's files now (one may vanish while it is looked at: a journal)."""
    files = []
    for entry in os.scandir(folder):
        try:
            files.append((entry.name, entry.stat().st_size))
        except FileNotFoundError:
            continue
    return files


def kill_when(condition: Callable[[Files], bool], folder: Path,
              process: subprocess.Popen[bytes]) -> None:
    """SIGKILL ``process`` as soon as ``condition`` holds for the folder's files (or let it
    end if it never does)."""
    while process.poll() is None:
        if condition(snapshot(folder)):
            process.send_signal(signal.SIGKILL)
            break
    process.communicate()


def first_file(files: Files) -> bool:
    """The first file of the new ledger exists: its schema is being written."""
    return any(name.endswith((".sqlite", ".part")) for name, _size in files)


def a_megabyte(files: Files) -> bool:
    """Half the demo's meetings are written."""
    return any(size > 1_000_000 for _name, size in files)


def the_target(files: Files) -> bool:
    return any(name == "demo.sqlite" for name, _size in files)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
@pytest.mark.parametrize("instant", [first_file, a_megabyte, the_target],
                         ids=["schema", "meetings", "named"])
def test_a_demo_killed_at_any_instant_leaves_nothing_or_a_whole_ledger(
        tmp_path: Path, instant: Callable[[Files], bool]) -> None:
    folder = tmp_path / "xa"
    folder.mkdir()
    target = folder / "demo.sqlite"
    kill_when(instant, folder, demo_process(target, quiet_env(tmp_path)))
    assert state_of(target) in ("absent", "whole")
    # What a kill leaves is only a hidden temporary file, which no command ever opens.
    leftovers = {p.name for p in folder.iterdir()} - {target.name}
    assert all(name.startswith(".demo.sqlite.") for name in leftovers), leftovers


@pytest.mark.slow
def test_two_demos_at_once_on_one_file_leave_one_whole_ledger(tmp_path: Path) -> None:
    folder = tmp_path / "xa"
    folder.mkdir()
    target = folder / "demo.sqlite"
    env = quiet_env(tmp_path)
    first, second = demo_process(target, env), demo_process(target, env)
    outcomes = [(process.wait(), process.communicate()) for process in (first, second)]
    statuses = sorted(status for status, _output in outcomes)
    assert statuses in ([0, 0], [0, 2]), outcomes
    for status, (_out, err) in outcomes:
        assert b"Traceback" not in err
        if status == 2:
            assert str(target).encode() in err
    assert state_of(target) == "whole"
    assert sorted(p.name for p in folder.iterdir()) == ["demo.sqlite"]


# ---------------------------------------------------------------- the steps, in process


def test_a_failure_while_building_leaves_no_file_at_all(tmp_path: Path) -> None:
    def broken(session: Session) -> None:
        raise RuntimeError("mất điện giữa chừng")

    target = tmp_path / "so.sqlite"
    with pytest.raises(RuntimeError):
        create_ledger(target, broken)
    assert list(tmp_path.iterdir()) == []


def test_publishing_never_overwrites_a_file_made_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "so.sqlite"
    first, second = (ledger_file.temporary_beside(target) for _ in range(2))
    assert first != second and first.parent == target.parent
    first.write_bytes(b"first")
    second.write_bytes(b"second")
    ledger_file.publish(first, target, replace=False)
    with pytest.raises(FileExistsError):
        ledger_file.publish(second, target, replace=False)
    assert target.read_bytes() == b"first"
    assert not first.exists()


def test_publishing_without_hard_links_still_never_overwrites(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(source: object, target: object) -> None:
        raise PermissionError(1, "Operation not permitted")  # a FAT-formatted USB stick

    monkeypatch.setattr(ledger_file.os, "link", no_links)
    target = tmp_path / "so.sqlite"
    first, second = tmp_path / ".a.part", tmp_path / ".b.part"
    first.write_bytes(b"first")
    second.write_bytes(b"second")
    ledger_file.publish(first, target, replace=False)
    with pytest.raises(FileExistsError):
        ledger_file.publish(second, target, replace=False)
    assert target.read_bytes() == b"first"


def test_a_ledger_made_meanwhile_is_not_replaced(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "so.sqlite"
    real_publish = ledger_file.publish

    def someone_was_faster(temporary: Path, where: Path, *, replace: bool) -> None:
        where.write_bytes(b"made by the other process")
        real_publish(temporary, where, replace=replace)

    monkeypatch.setattr(ledger_file, "publish", someone_was_faster)
    with pytest.raises(LedgerExists):
        create_ledger(target)
    assert target.read_bytes() == b"made by the other process"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["so.sqlite"]


def test_the_new_file_stands_alone_without_journal_files(tmp_path: Path) -> None:
    target = tmp_path / "so.sqlite"
    create_ledger(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["so.sqlite"]
    assert probe(target) is FileKind.LEDGER
    with target.open("rb") as handle:
        header = handle.read(20)
    assert header[18:20] == b"\x01\x01"  # rollback journal: no -wal needed to read it
