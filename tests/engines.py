"""The database engine the suite runs on: SQLite files (the default) or a PostgreSQL server.

``pytest --engine postgresql`` (or ``COMMUNE_LEDGER_TEST_ENGINE=postgresql``) runs every test
that is not about SQLite files against a real server: the one whose administrator URL is in
``COMMUNE_LEDGER_TEST_POSTGRES`` (``scripts/test.sh`` starts one for the run), or else a
throwaway server started here by ``scripts/postgres_server.sh`` and stopped at the end.

Each test gets a database of its own, cloned from a template ledger built once with the
migrations (``CREATE DATABASE … TEMPLATE``): a few milliseconds, where running the migrations
again would take a tenth of a second. On SQLite the same is done with a file copy.
"""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from desktop.models.database import create_ledger

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
ENGINES = (SQLITE, POSTGRESQL)
ENGINE_VARIABLE = "COMMUNE_LEDGER_TEST_ENGINE"
SERVER_VARIABLE = "COMMUNE_LEDGER_TEST_POSTGRES"
SERVER_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "postgres_server.sh"


class PostgresServer:
    """A server the tests may make and drop databases on (its URL names the ``postgres``
    maintenance database, with a user allowed to create databases)."""

    def __init__(self, admin_url: str, fill: Callable[[Session], None] | None = None) -> None:
        self.admin_url = make_url(admin_url)
        self._fill = fill  # what the template ledger is made with (its administrator)
        self._admin: Engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT",
                                            poolclass=NullPool)
        self._numbers = itertools.count(1)
        self._template: str | None = None
        self._made: list[str] = []  # dropped at the end, if the tests did not

    def url(self, database: str) -> str:
        """The URL of ``database`` on this server, password included (a ``--db`` value)."""
        return self.admin_url.set(database=database).render_as_string(hide_password=False)

    def new_name(self, prefix: str) -> str:
        # The process id keeps two runs sharing one server apart.
        return f"{prefix}_{os.getpid()}_{next(self._numbers)}"

    def create(self, template: str = "template0") -> str:
        """A new database (empty, or a copy of ``template``); returns its name."""
        name = self.new_name("test")
        with self._admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self._made.append(name)
        return name

    def drop(self, name: str) -> None:
        with self._admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self._made:
            self._made.remove(name)

    def template(self) -> str:
        """A database holding a new, empty ledger, made once with the migrations."""
        if self._template is None:
            name = self.create()
            create_ledger(self.url(name), self._fill)
            self._template = name
        return self._template

    def new_ledger(self) -> str:
        """A new database holding a new, empty ledger; returns its URL."""
        return self.url(self.create(template=self.template()))

    def close(self) -> None:
        for name in reversed(self._made):  # the template last: the others were its copies
            self.drop(name)
        self._template = None
        self._admin.dispose()


class ThrowawayServer:
    """A server of this run's own, in a temporary folder, stopped at exit whatever happens."""

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="commune-ledger-pg-")
        atexit.register(self.stop)
        result = subprocess.run(["bash", str(SERVER_SCRIPT), "start", self.folder],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0:
            self.stop()
            raise RuntimeError("the throwaway PostgreSQL server did not start:\n"
                               + result.stderr)
        self.url = result.stdout.strip().splitlines()[-1]

    def stop(self) -> None:
        if os.path.isdir(self.folder):
            subprocess.run(["bash", str(SERVER_SCRIPT), "stop", self.folder],
                           capture_output=True, check=False)


class SqliteTemplate:
    """A new, empty ledger file made once (with ``fill``: its administrator); each test's
    ledger is a copy of it."""

    def __init__(self, folder: Path, fill: Callable[[Session], None] | None = None) -> None:
        self.path = folder / "template.sqlite"
        create_ledger(self.path, fill)

    def copy_to(self, target: Path) -> Path:
        shutil.copyfile(self.path, target)
        return target
