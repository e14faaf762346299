"""Shared fixtures: a fresh ledger file per test and a VSLA group a clerk would recognise."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from decimal import Decimal

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COMMUNE_LEDGER_LANG", "vi")
# Commands run in process set up their log file in the configuration folder: the tests' own.
os.environ.setdefault("COMMUNE_LEDGER_CONFIG_DIR", tempfile.mkdtemp(prefix="commune-ledger-"))
# Commands sign in as the test ledgers' administrator (the demo's admin has the same password).
os.environ.setdefault("COMMUNE_LEDGER_USER", "admin")
os.environ.setdefault("COMMUNE_LEDGER_PASSWORD", "admin-demo")

from desktop.i18n import current_language, set_language
from desktop.models import clock, passwords, registry
from desktop.models.database import Ledger, open_new_ledger
from desktop.models.enums import GroupKind, InterestMethod
from desktop.models.group import Group
from desktop.models.permissions import SYSTEM, Actor, Role
from desktop.models.users import add_user, create_first_admin

TEST_ADMIN, TEST_PASSWORD = "admin", "admin-demo"

# Hashes as cheap as scrypt allows, as Django's test settings do: thousands of test ledgers
# each have an administrator. Every hash says its own cost; test_passwords checks the real one.
passwords.cost = passwords.Cost(n=16, r=1, p=1)


def with_admin(session) -> None:  # type: ignore[no-untyped-def]
    """A new ledger's first step: its administrator (``open_new_ledger(path, with_admin)``)."""
    create_first_admin(session, TEST_ADMIN, TEST_PASSWORD)


def add_test_user(ledger: Ledger, name: str, role: Role,
                  password: str = TEST_PASSWORD) -> Actor:
    """A user of ``ledger`` besides its administrator (same password as the tests sign in
    with, unless said)."""
    with ledger.session() as session:
        add_user(session, Actor(TEST_ADMIN, Role.ADMIN), name, role, password)
    return Actor(name, role)


@pytest.fixture(autouse=True)
def _vietnamese_and_fixed_clock() -> Iterator[None]:
    set_language("vi")
    clock.pin(dt.datetime(2026, 11, 23, 9, 0, 0))
    yield
    clock.pin(None)
    set_language("vi")


@pytest.fixture
def english() -> Iterator[None]:
    """Messages in English (the msgids), so a test can check which message was chosen."""
    previous = current_language()
    set_language("en")
    yield
    set_language(previous)


@pytest.fixture
def ledger(tmp_path) -> Iterator[Ledger]:  # type: ignore[no-untyped-def]
    opened = open_new_ledger(tmp_path / "ledger.sqlite", with_admin)
    yield opened
    opened.close()


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
