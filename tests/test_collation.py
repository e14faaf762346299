"""Vietnamese names: NFC, register order (given name first), diacritic-free search."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata

import pytest
from sqlalchemy import select

from desktop.models import registry
from desktop.models.collation import fold, matches, name_sort_key, nfc
from desktop.models.enums import GroupKind
from desktop.models.group import Group
from desktop.models.member import Member
from desktop.models.organisation import Village
from desktop.models.permissions import SYSTEM


def in_register_order(names: list[str]) -> list[str]:
    shuffled = list(names)
    random.Random(7).shuffle(shuffled)
    return sorted(shuffled, key=name_sort_key)


@pytest.mark.parametrize(
    "expected",
    [
        # Given name first: An, Bình, Cúc — whatever the family name.
        ["Nguyễn Thị An", "Trần Văn Bình", "Lê Thị Cúc"],
        # "An" before "Anh": a shorter given name that is a prefix comes first.
        ["Trần Thị An", "Nguyễn Văn Anh"],
        # Đ is its own letter after D: Dung before Đào, Đào before Em.
        ["Phạm Thị Dung", "Nguyễn Thị Đào", "Hoàng Thị Em"],
        # a < ă < â, o < ô < ơ, u < ư: Vietnamese alphabet, not byte order.
        ["Lê Văn Anh", "Lê Văn Ăn", "Lê Văn Ân"],
        ["Vũ Thị Thu", "Vũ Thị Thư"],
        ["Lò Văn Ong", "Lò Văn Ông", "Lò Văn Ơn"],
        # Then the middle name, then the family name.
        ["Trần Thị Lan", "Nguyễn Văn Lan"],
        ["Lê Thị Lan", "Nguyễn Thị Lan", "Trần Thị Lan"],
        # Tones decide last: ngang, huyền, hỏi, ngã, sắc, nặng…
        ["Lê Thị Hương", "Lê Thị Hường", "Lê Thị Hưởng"],
        ["Lê Văn Ma", "Lê Văn Mà", "Lê Văn Mả", "Lê Văn Mã", "Lê Văn Má", "Lê Văn Mạ"],
        # …only once all the letters are equal: Lê before Nguyễn although Hà has a tone.
        ["Lê Thị Hà", "Nguyễn Thị Ha"],
        # A name that is a prefix of another comes first.
        ["An", "Lê An", "Nguyễn An"],
        # Capitals do not matter.
        ["nguyễn thị an", "TRẦN VĂN BÌNH"],
    ],
)
def test_names_sort_in_vietnamese_register_order(expected: list[str]) -> None:
    assert in_register_order(expected) == expected


def test_decomposed_input_sorts_like_the_composed_name() -> None:
    composed = "Nguyễn Thị Đào"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert nfc(decomposed) == composed
    assert name_sort_key(decomposed) == name_sort_key(composed)


def test_extra_spaces_do_not_change_the_order() -> None:
    assert name_sort_key("  Nguyễn   Thị An ") == name_sort_key("Nguyễn Thị An")
    assert name_sort_key("") == ""


def test_the_sort_key_is_plain_ascii_so_the_database_orders_it_the_same_way() -> None:
    key = name_sort_key("Đặng Thị Ngọc Ánh")
    assert key.isascii()


def test_the_database_lists_members_in_register_order(session) -> None:
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    group = registry.create_group(session, commune, code="HS01", name="Hoa Sen",
                                  kind=GroupKind.VSLA, start_date=dt.date(2026, 1, 1),
                                  actor=SYSTEM)
    names = ["Lê Thị Cúc", "Nguyễn Thị Đào", "Trần Văn Bình", "Phạm Thị Dung",
             unicodedata.normalize("NFD", "Nguyễn Thị An"), "Lê Thị Hường", "Lê Thị Hương",
             "Nguyễn Văn Anh"]
    for number, name in enumerate(names, 1):
        registry.add_member(session, group, code=f"TV{number:02}", full_name=name,
                            join_date=dt.date(2026, 1, 1), actor=SYSTEM)
    ordered = session.scalars(select(Member.full_name).where(Member.group_id == group.id)
                              .order_by(Member.sort_key)).all()
    assert ordered == ["Nguyễn Thị An", "Nguyễn Văn Anh", "Trần Văn Bình", "Lê Thị Cúc",
                       "Phạm Thị Dung", "Nguyễn Thị Đào", "Lê Thị Hương", "Lê Thị Hường"]


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Hương", "huong"), ("Đặng Thị Ngọc Ánh", "dang thi ngoc anh"), ("ĐÀO", "dao"),
     (unicodedata.normalize("NFD", "Hường"), "huong"), ("Lò Văn Ơn", "lo van on")],
)
def test_fold_drops_case_and_diacritics(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("query", "text", "found"),
    [
        ("huong", "Nguyễn Thị Hương", True),  # typed without diacritics: finds every tone
        ("huong", "Nguyễn Thị Hường", True),
        ("hương", "Nguyễn Thị Hương", True),
        ("hương", "Nguyễn Thị Hường", False),  # typed with diacritics: exactly those
        ("Hường", "nguyễn thị hường", True),
        ("HUONG", "Nguyễn Thị Hương", True),
        ("dao", "Nguyễn Thị Đào", True),
        ("đào", "Nguyễn Thị Đảo", False),
        (unicodedata.normalize("NFD", "hương"), "Nguyễn Thị Hương", True),
        ("nguyen thi", "Nguyễn Thị Hương", True),
        ("tran", "Nguyễn Thị Hương", False),
        ("  ", "Nguyễn Thị Hương", True),  # an empty search finds everyone
    ],
)
def test_search_as_a_clerk_types(query: str, text: str, found: bool) -> None:
    assert matches(query, text) is found


def test_names_and_codes_sort_the_same_in_the_database_on_every_engine(session) -> None:
    """Text is compared byte by byte on SQLite and, by the schema, on PostgreSQL too (whatever
    the server's language): the order of villages, groups and codes never depends on the
    engine. The Vietnamese order of people comes from their sort key, not from the engine."""
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    villages = ["Thôn Tây", "Thôn Đông", "bản Nà", "Bản Ẳng", "Thôn Ấp 2", "Thôn Ap 1"]
    for name in villages:
        registry.get_or_create_village(session, commune, name)
    codes = ["tk02", "TK10", "TK-03", "TK01", "ĐX01"]
    for code in codes:
        registry.create_group(session, commune, code=code, name=f"Nhóm {code}",
                              kind=GroupKind.VSLA, start_date=dt.date(2026, 1, 1), actor=SYSTEM)
    session.flush()
    assert session.scalars(select(Village.name).order_by(Village.name)).all() == sorted(villages)
    assert session.scalars(select(Group.code).order_by(Group.code)).all() == sorted(codes)
