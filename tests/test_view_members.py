"""The members register page, driven with the keyboard and its dialogs."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import make_hoa_sen
from page_fixtures import open_group_page
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from desktop.i18n import _
from desktop.models import registry
from desktop.models.permissions import SYSTEM, Actor, Role
from desktop.presenters.members import MemberColumn
from desktop.views.member_dialogs import AddMemberDialog, LeaveDialog
from desktop.views.members_page import MembersPage

M = MemberColumn
CLERK = Actor("Chị Lan (cán bộ)", Role.CLERK)


@pytest.fixture
def page(qtbot, ledger) -> MembersPage:  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        group = make_hoa_sen(session)
        registry.add_member(session, group, code="TV05", full_name="Hoàng Thị Hương",
                            join_date=dt.date(2026, 1, 1), actor=SYSTEM)
        group_id = group.id
    return open_group_page(qtbot, MembersPage, ledger, CLERK, group_id, size=(1200, 600),
                           focused=True)


def shown_names(page: MembersPage) -> list[str]:
    return [page.model.index(row, M.NAME).data() for row in range(page.model.rowCount())]


def test_typing_in_the_search_box_without_accents_filters_as_you_type(page, qtbot) -> None:
    qtbot.keyClicks(page.search, "huo")
    assert shown_names(page) == ["Hoàng Thị Hương"]
    assert page.count.text() == _("{count} members").format(count=1)
    page.search.clear()
    assert len(shown_names(page)) == 5


def test_clicking_a_column_title_sorts_by_it(page, qtbot) -> None:
    page.grid.sortByColumn(M.CODE, Qt.SortOrder.DescendingOrder)
    assert page.model.index(0, M.CODE).data() == "TV05"
    page.grid.sortByColumn(M.NAME, Qt.SortOrder.AscendingOrder)
    assert shown_names(page)[0] == "Nguyễn Thị An"


def test_a_detail_is_corrected_by_typing_over_it(page, qtbot) -> None:
    page.grid.setFocus()
    page.grid.setCurrentIndex(page.model.index(0, M.VILLAGE))
    for char in "Thon Dong":
        qtbot.keyClick(QApplication.focusWidget(), char)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert page.model.index(0, M.VILLAGE).data() == "Thon Dong"
    assert page.grid.currentIndex().row() == 1


def test_a_clerk_cannot_type_a_phone_number_and_is_told_why(page, qtbot) -> None:
    heard: list[str] = []
    page.model.status_message.connect(heard.append)
    page.grid.setFocus()
    page.grid.setCurrentIndex(page.model.index(0, M.PHONE))
    qtbot.keyClick(QApplication.focusWidget(), "0")
    assert page.model.index(0, M.PHONE).data() == ""
    assert heard and "số điện thoại" in heard[-1]


def test_a_new_member_is_added_through_the_dialog(page) -> None:
    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, AddMemberDialog)
        assert dialog.code.text() == "TV06"
        dialog.name.setText("Nông Thị Ánh")
        dialog.birth_year.setText("1961")
        dialog.accept()
        return dialog.result()

    page.open_dialog = fill
    assert page.add_member()
    assert "Nông Thị Ánh" in shown_names(page)
    assert page.grid.currentIndex().data() == "Nông Thị Ánh"


def test_the_add_dialog_stays_open_and_says_why_when_refused(page) -> None:
    def fill(dialog: QDialog) -> int:
        dialog.code.setText("TV01")
        dialog.name.setText("Ai Đó")
        dialog.accept()
        assert dialog.isVisible() or dialog.result() != QDialog.DialogCode.Accepted
        assert dialog.error.text()
        return QDialog.DialogCode.Rejected

    page.open_dialog = fill
    assert not page.add_member()


def test_a_member_leaves_with_date_and_reason(page) -> None:
    row = shown_names(page).index("Lê Thị Cúc")
    page.grid.setCurrentIndex(page.model.index(row, M.NAME))

    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, LeaveDialog)
        dialog.reason.setText("Chuyển vào Nam")
        dialog.accept()
        return dialog.result()

    page.open_dialog = fill
    assert page.member_leaves()
    row = shown_names(page).index("Lê Thị Cúc")
    assert page.model.index(row, M.LEAVE_REASON).data() == "Chuyển vào Nam"
    page.include_left.setChecked(False)
    assert "Lê Thị Cúc" not in shown_names(page)
