"""One version number, from ``desktop.__version__``: the package metadata reads it, the command
line and the About box show it, and the log file's header names it (issue 11)."""

from __future__ import annotations

import logging
import re
import tomllib
from pathlib import Path

import pytest

from desktop import __version__
from desktop.cli import main
from desktop.logbook import LOG_FILE, header, setup_logging

ROOT = Path(__file__).resolve().parent.parent


def test_the_version_has_three_numbers_as_windows_file_information_needs() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_the_package_takes_its_version_from_the_application() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "desktop.__version__"}


def test_the_command_line_says_its_version(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip() == f"Commune Ledger {__version__}"


def test_each_run_opens_its_part_of_the_log_with_the_version(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("COMMUNE_LEDGER_CONFIG_DIR", str(tmp_path))
    setup_logging()
    logging.getLogger("desktop.test").warning("một dòng")
    for handler in logging.getLogger().handlers:
        handler.flush()
    first, second = (tmp_path / LOG_FILE).read_text(encoding="utf-8").splitlines()[:2]
    assert first == header()
    assert f"Commune Ledger {__version__} (python)" in first
    assert "một dòng" in second


def test_the_about_box_shows_the_version(qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QWidget

    from desktop.views import dialogs
    from desktop.views.window_tools import show_about

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text, details="":
                        shown.append((title, text)))
    parent = QWidget()
    qtbot.addWidget(parent)
    show_about(parent)
    assert shown == [("Giới thiệu Sổ Quỹ Cộng Đồng", f"Sổ Quỹ Cộng Đồng {__version__}")]


def test_output_sent_to_a_file_on_windows_is_vietnamese_not_an_error(monkeypatch) -> None:
    # Windows hands a redirected command its ANSI code page (cp1252), which has no "Đ".
    import io
    import sys

    out = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    err = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["--db", "/khong/co/so.soquy", "check"]) == 2
    err.flush()
    said = err.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]
    assert "Không có tệp sổ dữ liệu" in said or "không" in said.lower()
