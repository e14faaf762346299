"""The group settings presenter, without a display: the constitution typed in before the
first meeting, changed by the board with a reason afterwards (and logged), refused when it
cannot be right, kept as it was for a past cycle; the board members and their roles."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from conftest import make_hoa_sen
from group_books import BOARD, CLERK, VIEWER, hoa_sen_with_story, make_club
from sqlalchemy import select

from desktop.i18n import _
from desktop.models import shareout
from desktop.models.audit import AuditEntry
from desktop.models.constitution import EditRule, update_constitution
from desktop.models.enums import InterestMethod, MemberRole
from desktop.models.errors import LedgerError
from desktop.models.group import Group
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM
from desktop.presenters.group_settings import BoardColumn, BoardPresenter, ConstitutionForm


@pytest.fixture
def new_group(ledger) -> int:  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        return make_hoa_sen(session).id


def cycle_of(ledger, group_id: int):  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        cycle = session.get(Group, group_id).current_cycle
        return {name: getattr(cycle, name) for name in cycle.CONSTITUTION_FIELDS}


def test_before_the_first_meeting_the_clerk_types_in_the_rules(ledger, new_group) -> None:
    form = ConstitutionForm(ledger, CLERK, new_group)
    assert form.rule == EditRule.FREE and form.editable and not form.needs_reason
    assert form.text("monthly_rate") == "2" and form.text("share_value") == "20.000"
    assert form.set_text("monthly_rate", "1,5") == ""
    assert form.set_value("interest_method", InterestMethod.DECLINING) == ""
    assert form.set_text("social_fund_per_meeting", "5.000") == ""
    assert form.dirty
    assert form.save()
    saved = cycle_of(ledger, new_group)
    assert (saved["monthly_rate"], saved["interest_method"], saved["social_fund_per_meeting"]) \
        == (Decimal("1.5"), InterestMethod.DECLINING, 5_000)
    assert form.last_message == _("The constitution of cycle {number} was saved ({count} rules "
                                  "changed).").format(number=1, count=3)
    assert not form.dirty


def test_what_cannot_be_right_is_said_beside_the_field_and_nothing_is_saved(ledger,
                                                                            new_group) -> None:
    form = ConstitutionForm(ledger, CLERK, new_group)
    assert form.set_text("share_value", "hai mươi") != ""
    assert form.set_text("monthly_rate", "12") == _(
        "{setting} must be between {low} and {high}.").format(
        setting=_("Interest rate (% a month)"), low="0", high="10")
    assert form.set_text("min_shares", "6") == _(
        "The fewest shares a meeting ({low}) is more than the most ({high}).").format(
        low=6, high=5)
    assert form.save() is False
    assert cycle_of(ledger, new_group)["monthly_rate"] == Decimal("2")
    form.revert()
    assert not form.dirty and form.text("share_value") == "20.000"


def test_after_meetings_a_clerk_may_not_change_the_rules(ledger) -> None:
    form = ConstitutionForm(ledger, CLERK, hoa_sen_with_story(ledger))
    assert form.rule == EditRule.NEEDS_BOARD and not form.editable
    assert form.rule_text() == _("The cycle already has {count} meetings: only the board may "
                                 "change its rules now.").format(count=3)
    form.set_text("monthly_rate", "3")
    assert not form.dirty


def test_the_board_changes_a_rule_with_a_reason_kept_in_the_audit(ledger) -> None:
    group_id = hoa_sen_with_story(ledger)
    form = ConstitutionForm(ledger, BOARD, group_id)
    assert form.rule == EditRule.BOARD and form.needs_reason
    form.set_text("monthly_rate", "1,5")
    assert form.save("") is False
    assert form.last_message == _("The cycle already has meetings: give the reason for "
                                  "changing its constitution.")
    assert form.save("Cả nhóm biểu quyết hạ lãi suất tại buổi họp 02/04")
    assert cycle_of(ledger, group_id)["monthly_rate"] == Decimal("1.5")
    with ledger.session() as session:
        entry = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "update_constitution")).one()
        details = json.loads(entry.details)
        assert entry.user == BOARD.name
        assert details["reason"] == "Cả nhóm biểu quyết hạ lãi suất tại buổi họp 02/04"
        assert details["changes"] == {"monthly_rate": ["2", "1.5"]}
    [line] = form.history()
    assert _("{setting}: {old} → {new}").format(
        setting=_("Interest rate (% a month)"), old="2", new="1,5") in line
    assert "Cả nhóm biểu quyết" in line


def test_the_share_value_never_changes_once_shares_were_bought(ledger) -> None:
    group_id = hoa_sen_with_story(ledger)
    form = ConstitutionForm(ledger, BOARD, group_id)
    assert not form.can_change("share_value") and form.can_change("monthly_rate")
    with ledger.session() as session:
        cycle_id = session.get(Group, group_id).current_cycle.id
    with pytest.raises(LedgerError) as refused, ledger.session() as session:
        update_constitution(session, cycle_id, {"share_value": 25_000}, BOARD, "Tăng mệnh giá")
    assert _("The share value cannot change: shares were already bought in this cycle at "
             "{value} đồng.").format(value="20.000") in str(refused.value)


def test_a_past_cycle_is_shown_as_it_was_and_cannot_change(ledger) -> None:
    group_id = hoa_sen_with_story(ledger)
    with ledger.session() as session:
        group = session.get(Group, group_id)
        shareout.close_cycle(session, group, dt.date(2026, 4, 30), SYSTEM)
    form = ConstitutionForm(ledger, CLERK, group_id)
    assert [entry.number for entry in form.cycles] == [2, 1]
    assert form.rule == EditRule.FREE  # cycle 2 has no meeting yet
    form.choose(form.cycles[1].id)
    assert form.rule == EditRule.PAST and not form.editable
    assert form.cycles[1].label() == _("Cycle {number} ({start} – {end}, shared out)").format(
        number=1, start="01/01/2026", end="30/04/2026")


def test_a_viewer_only_looks(ledger, new_group) -> None:
    form = ConstitutionForm(ledger, VIEWER, new_group)
    assert form.rule == EditRule.VIEW_ONLY and not form.editable


def test_a_club_counts_older_people_from_its_own_age(ledger) -> None:
    club_id = make_club(ledger, with_loan=False)
    form = ConstitutionForm(ledger, CLERK, club_id)
    names = [setting.name for setting in form.settings]
    assert "share_value" not in names and "income_fund_interest" in names
    assert form.facts == {"seed_capital": 50_000_000}
    form.set_text("elderly_age", "55")
    assert form.save()
    with ledger.session() as session:
        assert session.get(Group, club_id).elderly_age == 55


def test_the_board_is_the_members_with_a_role_chair_first(ledger) -> None:
    club_id = make_club(ledger, with_loan=False)
    board = BoardPresenter(ledger, club_id)
    assert [(board.display(row, BoardColumn.ROLE), board.display(row, BoardColumn.CODE))
            for row in range(board.row_count())] == [
        (_("Chair"), "TV01"), (_("Treasurer"), "TV04"), (_("Volunteer"), "TV06"),
        (_("Volunteer"), "TV05")]  # Mai before Việt: given names in Vietnamese order
    with ledger.session() as session:
        member = session.scalars(select(Member).where(Member.code == "TV02")).one()
        member.role = MemberRole.SECRETARY
    board.reload()
    assert [board.display(row, BoardColumn.CODE) for row in range(board.row_count())] == [
        "TV01", "TV04", "TV02", "TV06", "TV05"]
