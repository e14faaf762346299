"""The group settings tab driven as the clerk and the board drive it: the rules typed in
before the first meeting, a mistake said beside its field, a board change with its reason
listed in the history, a past cycle shown read only, and the board members."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from conftest import make_hoa_sen
from group_books import BOARD, CLERK, hoa_sen_with_story
from page_fixtures import open_group_page
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import select

from desktop.i18n import _
from desktop.models import shareout
from desktop.models.enums import MemberRole
from desktop.models.group import Group
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM, Actor
from desktop.presenters.group_settings import BoardColumn
from desktop.views.group_settings_page import GroupSettingsPage


def open_page(qtbot, ledger, actor: Actor, group_id: int) -> GroupSettingsPage:  # type: ignore[no-untyped-def]
    return open_group_page(qtbot, GroupSettingsPage, ledger, actor, group_id, size=(1300, 800),
                           focused=True)


def retype(qtbot, edit: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)  # leaving the field reads it


def editor(page: GroupSettingsPage, name: str) -> QLineEdit:
    widget = page.fields[name].editor
    assert isinstance(widget, QLineEdit)
    return widget


def rate_of(ledger, group_id: int) -> Decimal:  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        return session.get(Group, group_id).current_cycle.monthly_rate


def test_the_clerk_types_the_rules_in_before_the_first_meeting(qtbot, ledger) -> None:
    with ledger.session() as session:
        group_id = make_hoa_sen(session).id
    page = open_page(qtbot, ledger, CLERK, group_id)
    assert not page.save_button.isEnabled()
    retype(qtbot, editor(page, "monthly_rate"), "1,5")
    assert page.save_button.isEnabled()
    page.save_button.click()
    assert rate_of(ledger, group_id) == Decimal("1.5")
    assert page.said[-1] == _(  # type: ignore[attr-defined]
        "The constitution of cycle {number} was saved ({count} rules changed).").format(
        number=1, count=1)
    assert editor(page, "monthly_rate").text() == "1,5"


def test_a_mistake_is_said_beside_its_field(qtbot, ledger) -> None:
    with ledger.session() as session:
        group_id = make_hoa_sen(session).id
    page = open_page(qtbot, ledger, CLERK, group_id)
    retype(qtbot, editor(page, "max_term_months"), "0")
    problem = page.fields["max_term_months"].problem
    assert problem.isVisible()
    assert problem.text() == _("{setting} must be between {low} and {high}.").format(
        setting=_("Longest term (months)"), low="1", high="60")
    assert page.save() is False


def test_the_board_changes_a_rule_giving_the_reason(qtbot, ledger) -> None:
    group_id = hoa_sen_with_story(ledger)
    page = open_page(qtbot, ledger, BOARD, group_id)
    asked: list[str] = []
    page.ask_reason = lambda _parent, _title, question, _ok: asked.append(question) or \
        "Nhóm biểu quyết ngày 02/04"
    assert not editor(page, "share_value").isEnabled()  # shares were bought at 20.000
    retype(qtbot, editor(page, "monthly_rate"), "1,8")
    page.save_button.click()
    assert asked and rate_of(ledger, group_id) == Decimal("1.8")
    assert "Nhóm biểu quyết ngày 02/04" in page.history.item(0).text()


def test_a_clerk_reads_the_rules_of_a_cycle_with_meetings(qtbot, ledger) -> None:
    page = open_page(qtbot, ledger, CLERK, hoa_sen_with_story(ledger))
    assert page.save_button.isHidden()
    assert not editor(page, "monthly_rate").isEnabled()
    assert page.rule.text() == _("The cycle already has {count} meetings: only the board may "
                                 "change its rules now.").format(count=3)


def test_a_past_cycle_is_chosen_and_shown_read_only(qtbot, ledger) -> None:
    group_id = hoa_sen_with_story(ledger)
    with ledger.session() as session:
        shareout.close_cycle(session, session.get(Group, group_id), dt.date(2026, 4, 30),
                             SYSTEM)
    page = open_page(qtbot, ledger, BOARD, group_id)
    assert page.cycle.count() == 2
    page.cycle.setCurrentIndex(1)
    page.cycle.activated.emit(1)
    assert page.form.cycle is not None and page.form.cycle.number == 1
    assert not editor(page, "monthly_rate").isEnabled() and page.save_button.isHidden()
    assert page.facts["carry_in"].text() == "0"


def test_the_board_members_are_listed_with_their_roles(qtbot, ledger) -> None:
    with ledger.session() as session:
        group = make_hoa_sen(session)
        session.scalars(select(Member).where(Member.code == "TV01")).one().role = \
            MemberRole.CHAIR
        group_id = group.id
    page = open_page(qtbot, ledger, CLERK, group_id)
    assert page.board_model.rowCount() == 1
    assert page.board_model.index(0, BoardColumn.NAME).data() == "Nguyễn Thị An"
