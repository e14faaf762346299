"""A ledger has the application's own extension, ``.soquy``: Windows opens a double-clicked
one in the window (the installer's association passes it alone on the command line), the
dialogs offer it, new ledgers get it; ledgers named ``.sqlite`` open as before."""

from __future__ import annotations

import pytest

import desktop.app
from desktop.cli import main
from desktop.models.database import open_ledger
from desktop.models.ledger_setup import LedgerSetup, set_up_ledger
from desktop.models.organisation import Commune
from desktop.models.print_settings import load_print_settings


@pytest.fixture
def window_opened(monkeypatch) -> list[str | None]:  # type: ignore[no-untyped-def]
    opened: list[str | None] = []
    monkeypatch.setattr(desktop.app, "run_gui", lambda db: opened.append(db) or 0)
    return opened


def test_a_double_clicked_ledger_opens_in_the_window(window_opened) -> None:
    path = r"C:\Users\Hương\Tài liệu\Sổ quỹ.soquy"
    assert main([path]) == 0
    assert window_opened == [path]


def test_an_older_sqlite_ledger_given_alone_opens_too(window_opened) -> None:
    assert main(["--lang", "en", "so-cu.sqlite"]) == 0
    assert window_opened == ["so-cu.sqlite"]


def test_any_existing_file_given_alone_is_opened_as_a_ledger(window_opened, tmp_path) -> None:
    # Windows' "Open with…" may hand over a ledger renamed by the clerk: the opening then says
    # whether it is one.
    renamed = tmp_path / "so quy xa (ban sao)"
    renamed.write_bytes(b"")
    assert main([str(renamed)]) == 0
    assert window_opened == [str(renamed)]


def test_a_mistyped_command_is_still_an_error(window_opened, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as stopped:
        main(["chek"])
    assert stopped.value.code == 2
    assert window_opened == []
    assert "chek" in capsys.readouterr().err


def test_a_command_is_never_taken_for_a_ledger(window_opened, tmp_path, monkeypatch,
                                               capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    (tmp_path / "check").write_text("a file named like a command", encoding="utf-8")
    assert main(["check"]) == 2  # the command ran: there is no ledger in the data folder
    assert window_opened == []
    assert "commune-ledger" in capsys.readouterr().err


def test_new_makes_a_soquy_ledger_with_its_union(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "Sổ quỹ xã.soquy"
    assert main(["new", str(target), "--admin", "admin", "--commune", "04321",
                 "--commune-name", "Xã Yên Bình", "--province", "Tỉnh Thái Nguyên",
                 "--union", "Hội LHPN xã Yên Bình"]) == 0
    assert "Sổ quỹ xã.soquy" in capsys.readouterr().out
    ledger = open_ledger(target)
    try:
        with ledger.session() as session:
            commune = session.query(Commune).one()
            assert (commune.code, commune.name, commune.union_name) == (
                "04321", "Xã Yên Bình", "Hội LHPN xã Yên Bình")
    finally:
        ledger.close()


def test_a_union_without_a_commune_is_refused(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["new", str(tmp_path / "x.soquy"), "--admin", "admin", "--union",
                 "Hội LHPN"]) == 2
    assert "--commune" in capsys.readouterr().err
    assert not (tmp_path / "x.soquy").exists()


def test_setting_up_a_ledger_records_the_signatories_for_printing(session) -> None:
    set_up_ledger(session, LedgerSetup("04321", "  Xã   Yên Bình ", "Tỉnh Thái Nguyên",
                                       "Hội LHPN xã Yên Bình", "Nguyễn Thị Hoa",
                                       "Trần Thị Mai"))
    settings = load_print_settings(session)
    assert (settings.preparer_name, settings.union_chair_name) == ("Nguyễn Thị Hoa",
                                                                   "Trần Thị Mai")
    assert session.query(Commune).one().name == "Xã Yên Bình"


def test_the_commune_answers_are_checked_before_anything_is_made() -> None:
    assert "5" in LedgerSetup("0432", "Xã Yên Bình").commune_problem()
    assert LedgerSetup("04321", "  ").commune_problem()
    assert LedgerSetup("04321", "Xã Yên Bình").commune_problem() == ""


def test_the_file_dialogs_offer_both_extensions() -> None:
    from desktop.views.ledger_files import ledger_filter, with_ledger_suffix

    assert ledger_filter().startswith("Tệp sổ dữ liệu (*.soquy *.sqlite)")
    assert with_ledger_suffix("/tmp/Sổ quỹ") == "/tmp/Sổ quỹ.soquy"
    assert with_ledger_suffix("/tmp/cu.SQLITE") == "/tmp/cu.SQLITE"
