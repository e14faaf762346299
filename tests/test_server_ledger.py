"""A ledger on a PostgreSQL server (``--db postgresql+psycopg://…``): the same commands and
window, the schema by the same migrations, and the server's twins of what a file gets —
opening never makes a ledger, another program's database and a newer schema are refused and
left as they were, a new ledger is made only when asked and whole or not at all, and what
goes wrong with the server is said in a sentence, without the password."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from conftest import execute_sql, shown_name, with_admin
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from window_sign_in import answer_sign_in

from desktop.cli import main
from desktop.models.database import (
    LedgerExists,
    LedgerNotFound,
    NewerDatabaseError,
    NotALedger,
    create_ledger,
    location,
    open_ledger,
    open_new_ledger,
)
from desktop.models.errors import LedgerError
from desktop.models.group import Group
from desktop.models.organisation import Commune
from desktop.models.users import list_users
from desktop.settings import Settings
from desktop.views.main_window import MainWindow
from desktop.views.start_page import StartPage

pytestmark = pytest.mark.postgresql_only("a PostgreSQL server's own ways")

TIMEOUT = 10_000


@pytest.fixture(autouse=True)
def own_folders(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("COMMUNE_LEDGER_CONFIG_DIR", str(tmp_path / "config"))


def run(capsys: pytest.CaptureFixture[str], *arguments: object) -> tuple[int, str, str]:
    status = main([str(argument) for argument in arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def tables_in(place: str) -> set[str]:
    return {name for (name,) in execute_sql(
        place, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}


def other_programs_database(place: str) -> str:
    execute_sql(place, "CREATE TABLE contacts (name TEXT, phone TEXT)")
    execute_sql(place, "INSERT INTO contacts VALUES ('Chị Lan', '0912 345 678')")
    return place


def hidden(place: str) -> str:
    """The address as the clerk is shown it: the password hidden."""
    return location(place)


# ------------------------------------------------------------------ made only when asked


def test_new_makes_a_ledger_in_an_empty_database_with_its_commune(ledger_place, capsys) -> None:
    status, out, err = run(capsys, "new", ledger_place, "--admin", "admin", "--commune",
                           "04321", "--commune-name", "Xã Yên Bình")
    assert status == 0, err
    assert hidden(ledger_place) in out and make_url(ledger_place).password not in out
    opened = open_ledger(ledger_place)
    try:
        with opened.session() as session:
            assert session.scalar(select(Commune.name)) == "Xã Yên Bình"
            assert [user.name for user in list_users(session)] == ["admin"]
    finally:
        opened.close()


def test_new_refuses_a_database_that_is_not_empty(ledger_place, capsys) -> None:
    create_ledger(ledger_place)
    status, _out, err = run(capsys, "new", ledger_place, "--admin", "admin")
    assert status == 2 and hidden(ledger_place) in err, err
    with pytest.raises(LedgerExists):
        create_ledger(ledger_place)


def test_a_database_without_a_ledger_is_refused_and_nothing_is_made(ledger_place,
                                                                     capsys) -> None:
    with pytest.raises(LedgerNotFound):
        open_ledger(ledger_place)
    status, _out, err = run(capsys, "--db", ledger_place, "check")
    assert status == 2
    assert hidden(ledger_place) in err and "commune-ledger new" in err
    assert make_url(ledger_place).password not in err
    assert tables_in(ledger_place) == set()


def test_another_programs_database_is_refused_and_left_as_it_was(ledger_place, capsys) -> None:
    other_programs_database(ledger_place)
    with pytest.raises(NotALedger):
        open_ledger(ledger_place)
    for command in (["check"], ["demo", "--force"], ["new", "--admin", "admin"]):
        status, _out, err = run(capsys, "--db", ledger_place, *command)
        assert status == 2, (command, err)
    assert tables_in(ledger_place) == {"contacts"}
    assert execute_sql(ledger_place, "SELECT name FROM contacts") == [("Chị Lan",)]


def test_a_ledger_written_by_a_newer_version_is_refused_untouched(ledger_place) -> None:
    create_ledger(ledger_place)
    execute_sql(ledger_place, "UPDATE alembic_version SET version_num = 'f00d_from_2030'")
    with pytest.raises(NewerDatabaseError) as refused:
        open_ledger(ledger_place)
    assert "f00d_from_2030" in str(refused.value)
    assert execute_sql(ledger_place, "SELECT version_num FROM alembic_version") == [
        ("f00d_from_2030",)]


def test_a_new_ledger_that_fails_while_being_filled_leaves_the_database_empty(
        ledger_place) -> None:
    def fill(session) -> None:  # type: ignore[no-untyped-def]
        session.add(Commune(code="04321", name="Xã Yên Bình", province="", union_name=""))
        session.flush()
        raise RuntimeError("mất điện giữa chừng")

    with pytest.raises(RuntimeError):
        create_ledger(ledger_place, fill)
    assert tables_in(ledger_place) == set()  # not even the tables of the schema


def test_two_clerks_making_the_same_ledger_at_once_make_one(ledger_place) -> None:
    outcomes: list[str] = []

    def make() -> None:
        try:
            create_ledger(ledger_place)
            outcomes.append("made")
        except LedgerExists:
            outcomes.append("exists")

    makers = [threading.Thread(target=make) for _number in range(2)]
    for maker in makers:
        maker.start()
    for maker in makers:
        maker.join()
    assert sorted(outcomes) == ["exists", "made"]
    open_ledger(ledger_place).close()


def test_demo_force_replaces_a_ledger_on_the_server(ledger_place, capsys) -> None:
    assert run(capsys, "new", ledger_place, "--admin", "admin", "--commune", "04321",
               "--commune-name", "Xã Yên Bình")[0] == 0
    assert run(capsys, "--db", ledger_place, "demo")[0] == 2  # a ledger with data is there
    status, _out, err = run(capsys, "--db", ledger_place, "demo", "--force")
    assert status == 0, err
    opened = open_ledger(ledger_place)
    try:
        with opened.session() as session:
            assert session.scalar(select(func.count(Group.id))) == 6
    finally:
        opened.close()
    assert run(capsys, "--db", ledger_place, "check")[0] == 0


# ------------------------------------------------------------------ the schema


def test_every_text_column_compares_byte_by_byte_as_on_sqlite(ledger) -> None:
    url = ledger.engine.url.render_as_string(hide_password=False)
    loose = execute_sql(url, """
        SELECT table_name, column_name, collation_name FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> 'alembic_version'
          AND data_type IN ('character varying', 'text')
          AND collation_name IS DISTINCT FROM 'C'""")
    assert loose == []


# ------------------------------------------------------------------ the server's troubles


def test_a_wrong_password_is_said_without_showing_it(ledger, capsys) -> None:
    url = make_url(ledger.engine.url.render_as_string(hide_password=False))
    wrong = url.set(password="sai-mat-khau").render_as_string(hide_password=False)
    status, _out, err = run(capsys, "--db", wrong, "check")
    assert status == 2
    assert "mật khẩu" in err and "sai-mat-khau" not in err and "Traceback" not in err


def test_a_server_that_does_not_answer_is_said_in_a_sentence(ledger, capsys) -> None:
    url = make_url(ledger.engine.url.render_as_string(hide_password=False))
    nowhere = url.set(port=1).render_as_string(hide_password=False)
    status, _out, err = run(capsys, "--db", nowhere, "check")
    assert status == 2
    assert "Không kết nối được máy chủ" in err and url.password not in err


def test_a_database_that_is_not_there_is_said_in_a_sentence(ledger, capsys) -> None:
    url = make_url(ledger.engine.url.render_as_string(hide_password=False))
    missing = url.set(database="khong_co").render_as_string(hide_password=False)
    status, _out, err = run(capsys, "--db", missing, "check")
    assert status == 2
    assert "không có cơ sở dữ liệu" in err and "Traceback" not in err


def test_an_address_as_postgresql_writes_it_works_with_the_shipped_driver(ledger,
                                                                          capsys) -> None:
    url = ledger.engine.url.render_as_string(hide_password=False)
    plain = "postgresql://" + url.split("://", 1)[1]
    status, out, err = run(capsys, "--db", plain, "check")
    assert status == 0, err
    assert "Sổ dữ liệu" in out


def test_the_error_message_of_a_refused_ledger_never_shows_the_password(ledger_place) -> None:
    with pytest.raises(LedgerError) as refused:
        open_ledger(ledger_place)
    assert make_url(ledger_place).password not in str(refused.value)


# ------------------------------------------------------------------ the window


def test_the_window_opens_a_server_ledger_and_names_it_without_the_password(
        qtbot, ledger, tmp_path, new_place: Callable[[str], str]) -> None:
    place = new_place("xa")
    open_new_ledger(place, with_admin).close()
    window = MainWindow(Settings(tmp_path / "config" / "settings.json"))
    qtbot.addWidget(window)
    window.show()
    answer_sign_in(window)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.start(place)
    assert window.ledger is not None
    password = str(make_url(place).password)
    assert shown_name(place) in window.windowTitle() and password not in window.windowTitle()
    assert password not in window.ledger_label.text() + window.ledger_label.toolTip()
    window.menu.recent_menu.aboutToShow.emit()
    assert all(password not in action.text() + action.toolTip()
               for action in window.menu.recent_menu.actions())


def test_the_window_refuses_a_database_without_a_ledger_and_makes_none(
        qtbot, ledger_place, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    window = MainWindow(Settings(tmp_path / "config" / "settings.json"))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.start(ledger_place)
    assert isinstance(window.pages.currentWidget(), StartPage)
    assert shown and hidden(ledger_place) in shown[-1]
    assert make_url(ledger_place).password not in shown[-1]
    assert tables_in(ledger_place) == set()


def test_file_open_a_ledger_on_a_server_asks_for_the_address_and_opens_it(
        qtbot, tmp_path, new_place: Callable[[str], str], monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    place = new_place("xa")
    open_new_ledger(place, with_admin).close()
    asked: list[str] = []

    def answer(parent, title, label, text=""):  # type: ignore[no-untyped-def]
        asked.append(text)
        return place, True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    settings = Settings(tmp_path / "config" / "settings.json")
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    answer_sign_in(window)
    with qtbot.waitSignal(window.ready, timeout=TIMEOUT):
        window.start(None)
    with qtbot.waitSignal(window.ledger_opened, timeout=TIMEOUT):
        window.menu.open_server.trigger()
    assert window.ledger is not None and asked == [""]
    assert settings.recent_ledgers[0] == place
    window.menu.open_server.trigger()  # the address opened last is proposed next time
    assert asked[-1] == place
