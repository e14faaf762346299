"""Shared fixtures: a fresh ledger per test (a file, or a database of its own on a PostgreSQL
server with ``--engine postgresql``: see ``engines.py``) and a VSLA group a clerk would
recognise.

Markers: ``sqlite_only(reason)`` keeps a test about SQLite files (their journal, their atomic
creation, their backups, their damage) out of the PostgreSQL run; ``postgresql_only(reason)``
keeps a test that needs a server (many clerks at once, copying to a server) out of the SQLite
run. Each says why, in a few words.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from engines import (
    ENGINE_VARIABLE,
    ENGINES,
    SERVER_VARIABLE,
    SQLITE,
    PostgresServer,
    SqliteTemplate,
    ThrowawayServer,
)
from sqlalchemy import Row, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COMMUNE_LEDGER_LANG", "vi")
# Commands run in process set up their log file in the configuration folder: the tests' own.
os.environ.setdefault("COMMUNE_LEDGER_CONFIG_DIR", tempfile.mkdtemp(prefix="commune-ledger-"))
# Commands sign in as the test ledgers' administrator (the demo's admin has the same password).
os.environ.setdefault("COMMUNE_LEDGER_USER", "admin")
os.environ.setdefault("COMMUNE_LEDGER_PASSWORD", "admin-demo")

from desktop.i18n import current_language, set_language
from desktop.models import clock, passwords, registry
from desktop.models.database import Ledger, open_ledger, to_url
from desktop.models.enums import GroupKind, InterestMethod
from desktop.models.group import Group
from desktop.models.permissions import SYSTEM, Actor, Role
from desktop.models.users import add_user, create_first_admin
from desktop.views import ledger_files

TEST_ADMIN, TEST_PASSWORD = "admin", "admin-demo"

# Hashes as cheap as scrypt allows, as Django's test settings do: thousands of test ledgers
# each have an administrator. Every hash says its own cost; test_passwords checks the real one.
passwords.cost = passwords.Cost(n=16, r=1, p=1)


def with_admin(session) -> None:  # type: ignore[no-untyped-def]
    """A new ledger's first step: its administrator (``open_new_ledger(path, with_admin)``,
    ``create_ledger(place, with_admin)``)."""
    create_first_admin(session, TEST_ADMIN, TEST_PASSWORD)


def add_test_user(ledger: Ledger, name: str, role: Role,
                  password: str = TEST_PASSWORD) -> Actor:
    """A user of ``ledger`` besides its administrator (same password as the tests sign in
    with, unless said)."""
    with ledger.session() as session:
        add_user(session, Actor(TEST_ADMIN, Role.ADMIN), name, role, password)
    return Actor(name, role)

ENGINE_MARKS = {"sqlite_only", "postgresql_only"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--engine", choices=ENGINES,
                     default=os.environ.get(ENGINE_VARIABLE, SQLITE),
                     help="the database the ledgers of the tests are on (default: sqlite, or "
                          f"${ENGINE_VARIABLE}); a PostgreSQL server is ${SERVER_VARIABLE}, "
                          "or a throwaway one started for the run")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the tests that belong to the other engine; every such mark needs a reason."""
    engine = config.getoption("--engine")
    other = "postgresql_only" if engine == SQLITE else "sqlite_only"
    kept: list[pytest.Item] = []
    left_out: list[pytest.Item] = []
    for item in items:
        for mark in item.iter_markers():
            if mark.name in ENGINE_MARKS and not (mark.args and str(mark.args[0]).strip()):
                raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.{mark.name} needs a "
                                        "reason")
        (left_out if item.get_closest_marker(other) else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture(scope="session")
def engine_name(pytestconfig: pytest.Config) -> str:
    return str(pytestconfig.getoption("--engine"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """The PostgreSQL server of the run (started here when none was given)."""
    url = os.environ.get(SERVER_VARIABLE)
    throwaway = None
    if not url:
        throwaway = ThrowawayServer()
        url = throwaway.url
    server = PostgresServer(url, with_admin)
    yield server
    server.close()
    if throwaway is not None:
        throwaway.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("template"), with_admin)


def place_maker(request: pytest.FixtureRequest, folder: Path) -> Callable[[str], str]:
    """Places where a new ledger may be made, by name: a file not there yet in ``folder``,
    or an empty database of the server (dropped when ``request``'s scope ends)."""
    if request.config.getoption("--engine") == SQLITE:
        return lambda name: str(folder / f"{name}.sqlite")
    server: PostgresServer = request.getfixturevalue("postgres")

    def place(_name: str) -> str:
        database = server.create()
        request.addfinalizer(lambda: server.drop(database))
        return server.url(database)
    return place


@pytest.fixture
def new_place(tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[str], str]:
    """Places for new ledgers of the test's own (``place_maker``)."""
    return place_maker(request, tmp_path)


@pytest.fixture
def ledger_place(new_place: Callable[[str], str]) -> str:
    """Where a new ledger may be made (``create_ledger``, ``open_new_ledger``, ``new``)."""
    return new_place("ledger")


@pytest.fixture
def ledger(engine_name: str, tmp_path: Path, request: pytest.FixtureRequest
           ) -> Iterator[Ledger]:
    """A new, empty ledger of the test's own, with its administrator (a copy of one made
    once by the migrations)."""
    if engine_name == SQLITE:
        template: SqliteTemplate = request.getfixturevalue("sqlite_template")
        opened = open_ledger(template.copy_to(tmp_path / "ledger.sqlite"))
        yield opened
        opened.close()
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    url = server.new_ledger()
    opened = open_ledger(url)
    yield opened
    opened.close()
    server.drop(str(make_url(url).database))


def execute_sql(place: str, statement: str, **values: object) -> list[Row[Any]]:
    """Run ``statement`` on the ledger at ``place`` behind the application's back (a bare
    connection: no pragmas, no migration), as damage or another program would; the rows it
    returns, if any."""
    engine = create_engine(to_url(place), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            result = connection.execute(text(statement), values)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def copy_place(request: pytest.FixtureRequest, place: str, folder: Path, name: str) -> str:
    """A copy of the ledger at ``place`` (closed): the file copied by SQLite's backup, or a
    new database of the server made from it as a template."""
    if "://" not in place:
        target = folder / f"{name}.sqlite"
        with closing(sqlite3.connect(place)) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
        return str(target)
    server: PostgresServer = request.getfixturevalue("postgres")
    database = server.create(template=str(make_url(place).database))
    request.addfinalizer(lambda: server.drop(database))
    return server.url(database)


def shown_name(place: str) -> str:
    """How the window names the ledger at ``place`` in its title."""
    return ledger_files.shown(place)


def db_arg(ledger: Ledger) -> str:
    """The ``--db`` value naming ``ledger``: its file, or its server URL with the password."""
    url = ledger.engine.url
    return str(url.database) if url.drivername.startswith("sqlite") else \
        url.render_as_string(hide_password=False)


@pytest.fixture(autouse=True)
def _vietnamese_and_fixed_clock() -> Iterator[None]:
    set_language("vi")
    clock.pin(dt.datetime(2026, 11, 23, 9, 0, 0))
    yield
    clock.pin(None)
    set_language("vi")


@pytest.fixture(autouse=True)
def _no_dialog_left_unanswered(request: pytest.FixtureRequest) -> Iterator[None]:
    """A modal dialog left open fails its test instead of hanging the run (modal_watchdog)."""
    if {"qtbot", "qapp"} & set(request.fixturenames):
        request.getfixturevalue("qapp")
    from PySide6.QtWidgets import QApplication

    if not isinstance(QApplication.instance(), QApplication):  # not a test of the window
        yield
        return
    from modal_watchdog import ModalWatchdog

    watchdog = ModalWatchdog()
    yield
    watchdog.stop()
    if watchdog.closed:
        pytest.fail("a dialog was left open and closed after "
                    f"{watchdog.limit:.0f} s: " + "; ".join(watchdog.closed))


@pytest.fixture
def english() -> Iterator[None]:
    """Messages in English (the msgids), so a test can check which message was chosen."""
    previous = current_language()
    set_language("en")
    yield
    set_language(previous)


@pytest.fixture
def session(ledger: Ledger):  # type: ignore[no-untyped-def]
    with ledger.sessions() as opened:
        yield opened
        opened.rollback()


HOA_SEN_MEMBERS = [
    ("TV01", "Nguyễn Thị An"),
    ("TV02", "Trần Thị Bình"),
    ("TV03", "Lê Thị Cúc"),
    ("TV04", "Phạm Thị Dung"),
]


def make_hoa_sen(session, **constitution) -> Group:  # type: ignore[no-untyped-def]
    """Nhóm TK&VV Hoa Sen of thôn Đông: four members, shares of 20.000 đ."""
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình", "Tỉnh Thái Nguyên")
    village = registry.get_or_create_village(session, commune, "Thôn Đông")
    settings = dict(share_value=20_000, min_shares=1, max_shares=5, rounding_unit=1,
                    monthly_rate=Decimal("2"), interest_method=InterestMethod.FLAT,
                    social_fund_per_meeting=2_000)
    settings.update(constitution)
    group = registry.create_group(
        session, commune, code="HS01", name="Nhóm TK&VV Hoa Sen", kind=GroupKind.VSLA,
        start_date=dt.date(2026, 1, 1), village=village, actor=SYSTEM, **settings,
    )
    for code, name in HOA_SEN_MEMBERS:
        registry.add_member(session, group, code=code, full_name=name,
                            join_date=dt.date(2026, 1, 1), actor=SYSTEM)
    session.flush()
    return group


@pytest.fixture
def hoa_sen(session) -> Group:  # type: ignore[no-untyped-def]
    return make_hoa_sen(session)
