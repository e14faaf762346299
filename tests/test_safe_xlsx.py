"""Files that are not sound workbooks are refused from their size, first bytes and zip
directory alone — before openpyxl sees them and without inflating anything."""

from __future__ import annotations

import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from return_builders import valid_return

from desktop.i18n import set_language
from desktop.workbooks import opening
from desktop.workbooks.quarterly_return import read_return
from desktop.workbooks.safe_xlsx import OLE_SIGNATURE, Limits, check_xlsx

MIB = 1024 * 1024


@pytest.fixture(autouse=True)
def _english_messages() -> None:
    """The refusals are checked by their words in the source language."""
    set_language("en")


def only_problem(path: Path, limits: Limits | None = None) -> str:
    problems = check_xlsx(path, limits) if limits else check_xlsx(path)
    assert len(problems) == 1
    assert problems[0].file == path.name
    assert (problems[0].sheet, problems[0].cell) == ("", "")
    return problems[0].message


def zeros_zip(path: Path, size: int, level: int = 9) -> Path:
    """A zip with the parts of a workbook whose sheet is ``size`` bytes of one repeated
    character: it deflates ~1,000 to 1."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"0" * MIB
            for _ in range(size // MIB):
                sheet.write(chunk)
    return path


def directory_records(data: bytes) -> tuple[int, int, bytes]:
    """(offset, size, bytes) of a small zip's central directory."""
    end = data.rfind(b"PK\x05\x06")
    size, offset = struct.unpack("<LL", data[end + 12:end + 20])
    return offset, size, data[offset:offset + size]


def test_a_sound_workbook_passes(tmp_path):
    assert check_xlsx(valid_return(tmp_path)) == []


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert "0 bytes" in only_problem(path)


def test_a_csv_renamed_to_xlsx_is_refused_as_text(tmp_path):
    path = tmp_path / "renamed.xlsx"
    path.write_text("Mã nhóm;Tên nhóm\nHS01;Hoa Sen\n", encoding="utf-8")
    assert "CSV" in only_problem(path)


def test_random_bytes_are_not_a_workbook(tmp_path):
    path = tmp_path / "noise.xlsx"
    path.write_bytes(bytes(range(256)) * 4)
    assert ".xlsx" in only_problem(path)


def test_a_truncated_workbook_is_refused_as_incomplete(tmp_path):
    data = valid_return(tmp_path).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert "incomplete" in only_problem(path)


def test_a_workbook_with_a_damaged_directory_is_refused(tmp_path):
    data = bytearray(valid_return(tmp_path).read_bytes())
    offset, _size, _records = directory_records(bytes(data))
    data[offset:offset + 40] = b"\xff" * 40
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    assert "damaged" in only_problem(path)


def test_a_password_protected_workbook_is_refused_with_what_to_do(tmp_path):
    # Excel saves an encrypted workbook as an OLE compound file holding "EncryptedPackage".
    path = tmp_path / "locked.xlsx"
    path.write_bytes(OLE_SIGNATURE + bytes(504) + "EncryptedPackage".encode("utf-16-le")
                     + bytes(1000))
    assert "password" in only_problem(path)


def test_an_old_xls_workbook_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(OLE_SIGNATURE + bytes(4088))
    assert ".xls" in only_problem(path)


def test_a_zip_entry_marked_encrypted_is_refused(tmp_path):
    data = bytearray(valid_return(tmp_path).read_bytes())
    offset, size, records = directory_records(bytes(data))
    position = 0
    while position < size:  # set bit 0 (encrypted) of every entry's flags
        data[offset + position + 8] |= 1
        name, extra, comment = struct.unpack("<HHH", records[position + 28:position + 34])
        position += 46 + name + extra + comment
    path = tmp_path / "zip_password.xlsx"
    path.write_bytes(bytes(data))
    assert "password" in only_problem(path)


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(11 * MIB)  # sparse: nothing is written
    assert "MB" in only_problem(path)


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path):
    path = zeros_zip(tmp_path / "bomb.xlsx", 120 * MIB, level=1)
    assert path.stat().st_size < MIB
    assert "MB" in only_problem(path)


def test_a_part_compressed_beyond_any_real_sheet_is_refused(tmp_path):
    path = zeros_zip(tmp_path / "dense.xlsx", 20 * MIB)
    assert "MB" in only_problem(path)


def test_entries_sharing_their_compressed_data_are_refused(tmp_path):
    # An "overlapping" bomb: many directory records point at the same compressed bytes.
    data = zeros_zip(tmp_path / "one.zip", 2 * MIB, level=1).read_bytes()
    offset, _size, records = directory_records(data)
    sheet_record = records[records.index(b"xl/worksheets/sheet1.xml") - 46:]
    copies = [sheet_record.replace(b"sheet1.xml", f"sh{n:04d}.xml".encode())
              for n in range(2, 40)]
    directory = records + b"".join(copies)
    count = 3 + len(copies)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    path = tmp_path / "overlap.xlsx"
    path.write_bytes(data[:offset] + directory + end)
    assert "MB" in only_problem(path, Limits(max_uncompressed_bytes=1000 * MIB, max_ratio=10**6))


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "document.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert "xl/workbook.xml" in only_problem(path)


def test_a_folder_is_not_a_file(tmp_path):
    assert only_problem(tmp_path)


def test_a_bomb_is_never_unpacked_and_memory_stays_small(tmp_path, monkeypatch):
    path = zeros_zip(tmp_path / "bomb.xlsx", 120 * MIB, level=1)

    def must_not_open(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a zip bomb was opened for reading")

    monkeypatch.setattr(opening, "open_book", must_not_open)
    tracemalloc.start()
    try:
        read = read_return(path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not read.ok and len(read.problems) == 1
    assert peak < 4 * MIB


@pytest.mark.parametrize("size", [0, 10])
def test_limits_can_be_tightened(tmp_path, size):
    path = valid_return(tmp_path)
    assert check_xlsx(path, Limits(max_file_bytes=size))
