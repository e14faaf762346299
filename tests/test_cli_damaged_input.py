"""Damaged files, a read-only ledger, a full disk and impossible quarters meet a Vietnamese
sentence naming the file and a non-zero exit — never a traceback (issue 9 item 5).

The commands run in this process the way a terminal runs them: with no logging handler of
pytest's in the way, so a warning logged with its traceback would land on stderr as it did
on the command line (Python's last-resort handler) before the CLI set up its log file.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import random
import re
import shutil
import sqlite3
import struct
import zipfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy.exc
from conftest import make_hoa_sen, place_maker, with_admin
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.cli import main
from desktop.models import clock, database, meetings
from desktop.models.database import open_new_ledger
from desktop.models.meetings import Entry
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM
from desktop.models.system_errors import describe

# A letter only Vietnamese has (not in the file names or paths the tests use).
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụ"
                        r"ừứửữựỳýỷỹỵ]")
ENGLISH_SYSTEM_TEXT = ("No space left", "readonly", "Read-only", "Permission denied",
                       "Errno", "disk I/O", "malformed", "Traceback")


@pytest.fixture(autouse=True)
def like_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No logging handler but the CLI's own; the log in this test's folder."""
    monkeypatch.setenv("COMMUNE_LEDGER_CONFIG_DIR", str(tmp_path / "config"))
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    yield
    for handler in root.handlers:
        handler.close()


def run(capsys: pytest.CaptureFixture[str], *arguments: object) -> tuple[int, str, str]:
    status = main([str(argument) for argument in arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_explained(status: int, err: str, *names: str) -> None:
    """Refused: a non-zero exit, a Vietnamese sentence naming each of ``names``, and no
    English system text or traceback."""
    assert status != 0, err
    assert VIETNAMESE.search(err), err
    for name in names:
        assert name in err, err
    for english in ENGLISH_SYSTEM_TEXT:
        assert english not in err, err


# ------------------------------------------------------------------ real files to damage


@pytest.fixture(scope="module")
def hoa_sen_ledger(tmp_path_factory: pytest.TempPathFactory,
                   request: pytest.FixtureRequest) -> str:
    """A ledger holding Hoa Sen with one closed meeting."""
    place = place_maker(request, tmp_path_factory.mktemp("ledger"))("hoa-sen")
    clock.pin(dt.datetime(2026, 11, 23, 9, 0))
    try:
        ledger = open_new_ledger(place, with_admin)
        with ledger.session() as session:
            group = make_hoa_sen(session)
            ids = {m.code: m.id for m in session.scalars(select(Member))}
            first = meetings.create_meeting(session, group, dt.date(2026, 1, 8), SYSTEM)
            for code in ids:
                meetings.save_entry(session, first, Entry(ids[code], shares=3,
                                                          social_fund=2000), SYSTEM)
            meetings.record_count(session, first, 248_000, "", SYSTEM)
            meetings.close_meeting(session, first, SYSTEM)
        ledger.close()
    finally:
        clock.pin(None)
    return place


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory,
              hoa_sen_ledger: str) -> dict[str, Path]:
    """A group workbook and a quarterly return, both written by the application itself."""
    folder = tmp_path_factory.mktemp("originals")
    clock.pin(dt.datetime(2026, 11, 23, 9, 0))
    try:
        assert main(["--db", hoa_sen_ledger, "export-group", "HS01",
                     str(folder / "HS01.xlsx")]) == 0
        assert main(["--db", hoa_sen_ledger, "export-return", "--quarter", "2026Q3",
                     str(folder / "04321_2026Q3.xlsx")]) == 0
    finally:
        clock.pin(None)
    return {"group": folder / "HS01.xlsx", "return": folder / "04321_2026Q3.xlsx"}


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> str:
    """An empty ledger that every damaged file is imported into (and none ever is)."""
    path = place_maker(request, tmp_path_factory.mktemp("office"))("so-nhan")
    open_new_ledger(path, with_admin).close()
    return path


def member_spans(data: bytes) -> list[tuple[str, int, int]]:
    """(name, start, end) of each member's compressed bytes inside the zip."""
    with zipfile.ZipFile(_as_file(data)) as archive:
        infos = archive.infolist()
    spans = []
    for info in infos:
        name_length, extra_length = struct.unpack(
            "<HH", data[info.header_offset + 26:info.header_offset + 30])
        start = info.header_offset + 30 + name_length + extra_length
        spans.append((info.filename, start, start + info.compress_size))
    return spans


def _as_file(data: bytes):  # type: ignore[no-untyped-def]
    import io

    return io.BytesIO(data)


def flipped(data: bytes, rng: random.Random) -> bytes:
    """One bit flipped inside the compressed bytes of a part the reader needs (a sheet, the
    workbook): a bad CRC, or a stream that does not inflate."""
    needed = set(sheet_members(data))
    _name, start, end = rng.choice([span for span in member_spans(data)
                                    if span[0] in needed and span[2] > span[1]])
    damaged = bytearray(data)
    damaged[rng.randrange(start, end)] ^= 1 << rng.randrange(8)
    return bytes(damaged)


def truncated(data: bytes, rng: random.Random) -> bytes:
    """The file cut short, as by a copy interrupted or an e-mail attachment half saved."""
    return data[:rng.randrange(1, len(data) - 1)]


def understated(data: bytes, member: str) -> bytes:
    """A member that holds more than its headers declare (its size stated as a tenth)."""
    with zipfile.ZipFile(_as_file(data)) as archive:
        info = archive.getinfo(member)
    fake = max(1, info.file_size // 10)
    damaged = bytearray(data)
    struct.pack_into("<I", damaged, info.header_offset + 22, fake)  # the local header
    position = data.find(b"PK\x01\x02")
    while position >= 0:  # and the member's entry in the central directory
        name_length = struct.unpack("<H", data[position + 28:position + 30])[0]
        if data[position + 46:position + 46 + name_length] == member.encode():
            struct.pack_into("<I", damaged, position + 24, fake)
            break
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(damaged)


def cut_xml(data: bytes, member: str) -> bytes:
    """A well-formed zip whose ``member`` XML stops half way."""
    import io

    source = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    with source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info)
            archive.writestr(info, content[:len(content) // 2] if info.filename == member
                             else content)
    return target.getvalue()


def sheet_members(data: bytes) -> list[str]:
    with zipfile.ZipFile(_as_file(data)) as archive:
        # A sheet's relationships (its comments) are not read: damage there is harmless.
        return [name for name in archive.namelist()
                if (name.startswith("xl/worksheets/") and "/_rels/" not in name)
                or name == "xl/workbook.xml"]


def damaged_copies(original: Path, folder: Path, seed: int) -> list[Path]:
    """A few dozen damaged copies of ``original``, the same ones on every run."""
    rng = random.Random(seed)
    data = original.read_bytes()
    made = [flipped(data, rng) for _ in range(10)] + [truncated(data, rng) for _ in range(5)]
    for member in sheet_members(data)[:3]:
        made.append(understated(data, member))
        made.append(cut_xml(data, member))
    folder.mkdir(exist_ok=True)
    paths = []
    for number, content in enumerate(made):
        path = folder / f"hong-{number:02d}.xlsx"
        path.write_bytes(content)
        paths.append(path)
    return paths


def test_damaged_returns_are_refused_in_vietnamese_without_a_traceback(
        originals, office, tmp_path, capsys) -> None:
    copies = damaged_copies(originals["return"], tmp_path / "bao-cao", seed=5)
    assert len(copies) >= 20
    for copy in copies:
        status, out, err = run(capsys, "--db", office, "import-returns", copy)
        assert_explained(status, err, copy.name)
        assert "Traceback" not in out


def test_damaged_group_workbooks_are_refused_in_vietnamese_without_a_traceback(
        originals, office, tmp_path, capsys) -> None:
    copies = damaged_copies(originals["group"], tmp_path / "so-nhom", seed=7)
    assert len(copies) >= 20
    for copy in copies:
        status, out, err = run(capsys, "--db", office, "import-group", copy)
        assert_explained(status, err, copy.name)
        assert "Traceback" not in out


# ------------------------------------------------------------------ the ledger itself


@pytest.mark.sqlite_only("a damaged SQLite file")
def test_check_of_a_damaged_ledger_says_so_in_vietnamese(hoa_sen_ledger, tmp_path, capsys) -> None:
    damaged = tmp_path / "hong.sqlite"
    shutil.copy(hoa_sen_ledger, damaged)
    with closing(sqlite3.connect(damaged)) as connection:
        (page_size,) = connection.execute("PRAGMA page_size").fetchone()
        (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = "
                                     "'journal_lines'").fetchone()
    data = bytearray(damaged.read_bytes())
    start = (root - 1) * page_size
    data[start:start + 64] = b"\xa5" * 64  # the table's first page: not a b-tree page any more
    damaged.write_bytes(bytes(data))
    status, out, err = run(capsys, "--db", damaged, "check")
    assert status == 1 and err == ""
    assert f"Tệp {damaged} đã bị hỏng" in out
    status, out, _err = run(capsys, "--db", damaged, "check", "--json")
    assert status == 1 and '"sound": false' in out and "đã bị hỏng" in out


@pytest.mark.sqlite_only("SQLite's read-only mode for a file")
def test_importing_into_a_read_only_ledger_names_it_in_vietnamese(originals, tmp_path,
                                                                   capsys) -> None:
    ledger = tmp_path / "chi-doc.sqlite"
    open_new_ledger(ledger, with_admin).close()
    read_only = f"sqlite:///file:{ledger}?mode=ro&uri=true"  # as SQLite opens a locked file
    status, _out, err = run(capsys, "--db", read_only, "import-group", originals["group"])
    assert_explained(status, err, str(ledger))
    assert "chỉ cho đọc" in err
    status, out, _err = run(capsys, "--db", read_only, "check")  # reading still works
    assert status == 0 and "Sổ dữ liệu đúng" in out


@pytest.mark.sqlite_only("SQLite's own disk-full error")
def test_a_full_disk_while_saving_an_import_names_the_ledger(originals, tmp_path, capsys,
                                                             monkeypatch) -> None:
    ledger = tmp_path / "so.sqlite"
    open_new_ledger(ledger, with_admin).close()

    def disk_full(self: Session) -> None:
        raise sqlalchemy.exc.OperationalError(
            "COMMIT", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(Session, "commit", disk_full)
    status, _out, err = run(capsys, "--db", ledger, "import-group", originals["group"])
    assert_explained(status, err, str(ledger))
    assert "đã đầy" in err


def test_a_full_disk_while_writing_a_report_names_the_report(originals, office, tmp_path,
                                                             capsys, monkeypatch) -> None:
    def disk_full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")  # as write() says: no name

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    report = tmp_path / "tong-hop.pdf"
    status, _out, err = run(capsys, "--db", office, "print", "consolidated", "--quarter",
                            "2026Q3", "--out", report)
    assert_explained(status, err, str(report))
    assert "đã đầy" in err


@pytest.mark.sqlite_only("a ledger file made on a full disk")
def test_a_full_disk_while_making_a_ledger_leaves_nothing(tmp_path, capsys,
                                                          monkeypatch) -> None:
    def disk_full(engine: object) -> None:
        raise sqlalchemy.exc.OperationalError(
            "CREATE TABLE", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(database, "migrate", disk_full)
    target = tmp_path / "moi.sqlite"
    status, _out, err = run(capsys, "new", target, "--admin", "admin")
    assert_explained(status, err, str(target))
    assert [p.name for p in tmp_path.iterdir() if p.name != "config"] == []


@pytest.mark.parametrize(("error", "words"), [
    (OSError(errno.ENOSPC, "No space left on device"), "đã đầy"),
    (OSError(errno.EROFS, "Read-only file system"), "chỉ cho đọc"),
    (OSError(errno.EACCES, "Permission denied"), "không có quyền"),
    (OSError(errno.EIO, "Input/output error"), "Không đọc hoặc ghi được"),
    (OSError(errno.EXDEV, "Invalid cross-device link"), "EXDEV"),
    (sqlite3.OperationalError("database or disk is full"), "đã đầy"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "chỉ cho đọc"),
    (sqlite3.OperationalError("database is locked"), "đợi một lát"),
    (sqlite3.DatabaseError("database disk image is malformed"), "đã bị hỏng"),
    (sqlalchemy.exc.OperationalError("INSERT", {}, sqlite3.OperationalError(
        "database or disk is full")), "đã đầy"),
], ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value))
def test_system_errors_become_vietnamese_sentences_naming_the_file(error: Exception,
                                                                   words: str) -> None:
    sentence = describe(error, "/mnt/usb/so-quy.sqlite")
    assert sentence is not None
    assert "/mnt/usb/so-quy.sqlite" in sentence and words in sentence
    assert VIETNAMESE.search(sentence)
    assert str(getattr(error, "strerror", None) or "database") not in sentence


def test_an_error_of_the_program_is_not_mistaken_for_a_disk_error() -> None:
    assert describe(ValueError("a bug"), "so.sqlite") is None
    assert describe(OSError("no errno"), "so.sqlite") is None


# ------------------------------------------------------------------ quarters


@pytest.mark.parametrize("quarter", ["0000Q1", "1900Q1", "2025Q4", "2027Q1", "9999Q4"])
def test_a_quarter_outside_the_ledger_is_refused_by_every_command(hoa_sen_ledger, tmp_path, capsys,
                                                                  quarter: str) -> None:
    ledger = hoa_sen_ledger  # records from 2026, today 2026Q4
    commands = [
        ["consolidated", "--quarter", quarter],
        ["export-return", "--quarter", quarter, tmp_path / "bao-cao.xlsx"],
        ["print", "consolidated", "--quarter", quarter, "--out", tmp_path / "th.pdf"],
        ["print", "quarterly", "HS01", "--quarter", quarter, "--out", tmp_path / "q.pdf"],
        ["print", "quarterly", "--commune", "--quarter", quarter, "--out", tmp_path / "c.pdf"],
    ]
    for command in commands:
        status, out, err = run(capsys, "--db", ledger, *command)
        assert status == 2, (command, out, err)
        assert f"Quý {quarter}" in err, (command, err)
        assert "Traceback" not in err
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".xlsx", ".pdf")]


def test_the_quarters_of_the_ledger_are_accepted(hoa_sen_ledger, tmp_path, capsys) -> None:
    ledger = hoa_sen_ledger
    for quarter in ("2026Q1", "2026Q4"):
        status, _out, err = run(capsys, "--db", ledger, "print", "quarterly", "HS01",
                                "--quarter", quarter, "--out", tmp_path / f"{quarter}.pdf")
        assert status == 0, err
