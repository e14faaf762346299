"""The members register presenter, without a display: Vietnamese order, search without
diacritics, edits in the grid, joining and leaving, lazy pages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import make_hoa_sen
from sqlalchemy import select

from desktop.i18n import _
from desktop.models import registry
from desktop.models.audit import AuditEntry
from desktop.models.enums import Household, MemberRole, Sex
from desktop.models.group import Group
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM, Actor, Role
from desktop.presenters.members import MemberColumn, MembersPresenter

M = MemberColumn
CLERK = Actor("Chị Lan (cán bộ)", Role.CLERK)
VIEWER = Actor("Anh Tùng (tỉnh)", Role.VIEWER)
MORE = [("TV05", "Hoàng Thị Hương"), ("TV06", "Đỗ Văn Hùng"), ("TV07", "Vũ Thị Huệ"),
        ("TV08", "Lê An")]


@pytest.fixture
def group_id(ledger) -> int:  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        group = make_hoa_sen(session)
        for code, name in MORE:
            registry.add_member(session, group, code=code, full_name=name,
                                join_date=dt.date(2026, 1, 1), actor=SYSTEM)
        return group.id


@pytest.fixture
def register(ledger, group_id) -> MembersPresenter:  # type: ignore[no-untyped-def]
    return MembersPresenter(ledger, CLERK, group_id)


def names(register: MembersPresenter) -> list[str]:
    return [register.display(row, M.NAME) for row in range(register.row_count())]


def test_members_are_listed_in_vietnamese_name_order_given_name_first(register) -> None:
    # Given name first; "Lê An" has no middle name, so it comes before "Nguyễn Thị An".
    assert names(register) == ["Lê An", "Nguyễn Thị An", "Trần Thị Bình", "Lê Thị Cúc",
                               "Phạm Thị Dung", "Vũ Thị Huệ", "Đỗ Văn Hùng",
                               "Hoàng Thị Hương"]


def test_searching_without_diacritics_finds_names_with_them(register) -> None:
    register.set_search("huong")
    assert names(register) == ["Hoàng Thị Hương"]
    register.set_search("hu")
    assert names(register) == ["Vũ Thị Huệ", "Đỗ Văn Hùng", "Hoàng Thị Hương"]
    register.set_search("Hương")  # typed with diacritics: only the exact letters
    assert names(register) == ["Hoàng Thị Hương"]
    register.set_search("tv02")
    assert names(register) == ["Trần Thị Bình"]
    register.set_search("")
    assert register.row_count() == 8


def test_sorting_by_a_column_is_done_in_the_database(register) -> None:
    register.sort(M.CODE, descending=True)
    assert [register.display(row, M.CODE) for row in range(3)] == ["TV08", "TV07", "TV06"]
    register.sort(M.NAME)
    assert names(register)[:2] == ["Lê An", "Nguyễn Thị An"]


def test_editing_a_name_in_the_grid_is_saved_and_audited(register, ledger) -> None:
    row = names(register).index("Nguyễn Thị An")
    assert register.set_text(row, M.NAME, "  Nguyễn  Thị   Ân ")
    assert register.display(row, M.NAME) == "Nguyễn Thị Ân"  # stays in place until reload
    with ledger.session() as session:
        entry = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "edit_member")).one()
    assert json.loads(entry.details)["after"] == {"full_name": "Nguyễn Thị Ân"}
    assert register.undo()
    assert register.display(row, M.NAME) == "Nguyễn Thị An"


def test_choices_are_typed_by_their_words_with_or_without_accents(register) -> None:
    assert register.set_text(0, M.SEX, _("Male"))
    assert register.value(0, M.SEX) == Sex.MALE
    assert register.set_text(0, M.HOUSEHOLD, _("Near-poor"))
    assert register.value(0, M.HOUSEHOLD) == Household.NEAR_POOR
    assert register.set_text(0, M.ROLE, "treasurer")
    assert register.value(0, M.ROLE) == MemberRole.TREASURER
    assert not register.set_text(0, M.SEX, "không rõ")
    assert register.issue(0, M.SEX) is not None


def test_a_code_already_used_is_refused_and_marked(register) -> None:
    row = names(register).index("Lê An")
    assert not register.set_text(row, M.CODE, "TV01")
    assert register.issue(row, M.CODE).message == _(
        "There is already a member with the code {code}.").format(code="TV01")
    assert register.value(row, M.CODE) == "TV08"


def test_a_year_of_birth_must_be_four_digits(register) -> None:
    assert not register.set_text(0, M.BIRTH_YEAR, "58")
    assert register.set_text(0, M.BIRTH_YEAR, "1958")
    assert register.display(0, M.BIRTH_YEAR) == "1958"


def test_an_empty_name_is_refused_before_saving(register) -> None:
    assert not register.set_text(0, M.NAME, "   ")
    assert register.issue(0, M.NAME).message == _("A member needs a full name.")


def test_a_new_member_gets_the_next_code_and_appears_in_order(register) -> None:
    assert register.suggest_code() == "TV09"
    row = register.add_member(code="TV09", full_name="Nông Thị Ánh",
                              join_date=dt.date(2026, 5, 1), sex=Sex.FEMALE, birth_year=1960)
    assert row == 2 and register.display(row, M.NAME) == "Nông Thị Ánh"  # after the Ans
    assert register.add_member(code="TV09", full_name="Ai Đó",
                               join_date=dt.date(2026, 5, 1)) is None
    assert register.last_message == _("There is already a member with the code {code}."
                                      ).format(code="TV09")


def test_a_member_leaving_is_recorded_with_date_and_reason(register, ledger) -> None:
    row = names(register).index("Lê Thị Cúc")
    assert not register.leave(row, dt.date(2026, 6, 1), "  ")
    assert register.leave(row, dt.date(2026, 6, 1), "Chuyển vào Nam")
    row = names(register).index("Lê Thị Cúc")
    assert register.display(row, M.LEAVE_DATE) == "01/06/2026"
    assert register.display(row, M.LEAVE_REASON) == "Chuyển vào Nam"
    assert register.row_dimmed(row)
    register.set_include_left(False)
    assert "Lê Thị Cúc" not in names(register)


def test_a_viewer_can_read_the_register_but_not_change_it(ledger, group_id) -> None:
    register = MembersPresenter(ledger, VIEWER, group_id)
    assert register.row_count() == 8
    assert not register.is_editable(0, M.NAME)
    assert not register.set_text(0, M.NAME, "Ai Đó")
    assert register.add_member(code="TV10", full_name="Ai Đó",
                               join_date=dt.date(2026, 5, 1)) is None


def test_rows_are_read_a_page_at_a_time(ledger, group_id) -> None:
    with ledger.session() as session:
        group = session.get(Group, group_id)
        assert group is not None
        session.execute(Member.__table__.insert(), [
            {"group_id": group_id, "code": f"X{i:04d}", "full_name": f"Người Số {i}",
             "sort_key": f"~{i:04d}", "join_date": dt.date(2026, 1, 1), "sex": "Nữ",
             "household": "khác", "role": "member", "ethnicity": "Kinh", "village": "",
             "phone": "", "id_number": "", "leave_reason": ""}
            for i in range(1000)])
    register = MembersPresenter(ledger, CLERK, group_id)
    register.PAGE_SIZE = 100
    assert register.row_count() == 1008 and register.page_reads == 0
    register.display(0, M.NAME)
    register.display(99, M.NAME)
    assert register.page_reads == 1
    register.display(950, M.CODE)
    assert register.page_reads == 2
