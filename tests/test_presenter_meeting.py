"""The meeting sheet presenter, driven without a display on a real ledger: Nhóm TK&VV Hoa Sen
(4 members, shares of 20.000 đ, 1–5 shares a meeting, social fund 2.000 đ, 2 %/month flat)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import make_hoa_sen
from sqlalchemy import select

from desktop.i18n import _
from desktop.models import registry
from desktop.models.audit import AuditEntry
from desktop.models.enums import EventKind, GroupKind
from desktop.models.journal import Event
from desktop.models.permissions import SYSTEM, Actor, Role
from desktop.presenters.meeting_sheet import MeetingSheetPresenter, SheetColumn
from desktop.presenters.table import Severity

C = SheetColumn
BOARD = Actor("Chị Hoa (trưởng nhóm)", Role.BOARD)
CLERK = Actor("Chị Lan (cán bộ)", Role.CLERK)
FEB, MAR = dt.date(2026, 2, 1), dt.date(2026, 3, 1)


@pytest.fixture
def group_id(ledger) -> int:  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        return make_hoa_sen(session).id


@pytest.fixture
def sheet(ledger, group_id) -> MeetingSheetPresenter:  # type: ignore[no-untyped-def]
    presenter = MeetingSheetPresenter(ledger, CLERK, group_id)
    assert presenter.create_meeting(FEB)
    return presenter


def events(ledger, kind: EventKind | None = None) -> list[Event]:  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        query = select(Event).order_by(Event.id)
        if kind is not None:
            query = query.where(Event.kind == kind)
        return list(session.scalars(query))


def audit_actions(ledger) -> list[str]:  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_vsla_sheet_shows_present_shares_and_their_money_then_the_money_columns(sheet) -> None:
    assert sheet.columns == [C.NUMBER, C.CODE, C.NAME, C.PRESENT, C.SHARES, C.SAVINGS,
                             C.SOCIAL_FUND, C.FINE, C.FEE, C.REPAID, C.INTEREST, C.NEW_LOAN,
                             C.GRANT]
    assert C.SAVINGS not in sheet.editable_columns  # computed from the shares
    assert [sheet.display(row, C.NAME) for row in range(4)] == [
        "Nguyễn Thị An", "Trần Thị Bình", "Lê Thị Cúc", "Phạm Thị Dung"]


@pytest.mark.parametrize("kind,expected", [
    (GroupKind.ASCA, [C.SAVINGS, C.SOCIAL_FUND, C.FINE, C.FEE, C.REPAID, C.INTEREST,
                      C.NEW_LOAN, C.GRANT]),
    (GroupKind.ISHC, [C.FEE, C.SOCIAL_FUND, C.REPAID, C.INTEREST, C.NEW_LOAN, C.GRANT]),
])
def test_asca_and_ishc_sheets_show_the_columns_their_form_has(ledger, kind, expected) -> None:
    with ledger.session() as session:
        commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
        group = registry.create_group(session, commune, code="G1", name="Nhóm", kind=kind,
                                      start_date=dt.date(2026, 1, 1), actor=SYSTEM,
                                      member_fee_per_month=3_000)
        registry.add_member(session, group, code="TV01", full_name="Vũ Văn Hải",
                            join_date=dt.date(2026, 1, 1), actor=SYSTEM)
        group_id = group.id
    presenter = MeetingSheetPresenter(ledger, CLERK, group_id)
    presenter.create_meeting(FEB)
    assert presenter.columns[4:] == expected
    if kind == GroupKind.ISHC:
        assert presenter.proposal(0, C.FEE) == 3_000  # the monthly fee, proposed
        assert presenter.headers()[C.NEW_LOAN] == _("Income fund new loan")


def test_typing_shares_saves_at_once_with_their_money_and_updates_cash(sheet, ledger) -> None:
    assert sheet.set_text(0, C.SHARES, "3")
    assert sheet.value(0, C.SAVINGS) == 60_000
    assert sheet.total(C.SHARES) == 3 and sheet.total(C.SAVINGS) == 60_000
    assert sheet.cash.money_in == 60_000
    [purchase] = events(ledger, EventKind.SHARE_PURCHASE)
    assert (purchase.amount, purchase.quantity) == (60_000, 3)


def test_shares_outside_the_constitution_are_marked_and_never_saved(sheet, ledger) -> None:
    assert not sheet.set_text(1, C.SHARES, "7")
    issue = sheet.issue(1, C.SHARES)
    assert issue.message == _("The constitution allows {low} to {high} shares a meeting."
                              ).format(low=1, high=5)
    assert events(ledger, EventKind.SHARE_PURCHASE) == []
    assert [problem.column for problem in sheet.problems()] == [C.SHARES]


def test_shares_typed_while_typing_show_their_money_and_totals_before_saving(sheet) -> None:
    sheet.set_text(0, C.SHARES, "2")
    sheet.preview_text(1, C.SHARES, "4")
    assert sheet.current_value(1, C.SAVINGS) == 80_000
    assert sheet.total(C.SHARES) == 6 and sheet.total(C.SAVINGS) == 120_000
    sheet.end_preview()
    assert sheet.total(C.SAVINGS) == 40_000


def test_a_new_meeting_proposes_the_social_fund_without_saving_it(sheet, ledger) -> None:
    assert sheet.is_proposed(0, C.SOCIAL_FUND)
    assert sheet.display(0, C.SOCIAL_FUND) == "2.000"
    assert sheet.total(C.SOCIAL_FUND) == 0
    assert events(ledger) == []
    assert sheet.proposal_count() == 4


def test_saving_the_proposals_is_one_step_that_undo_takes_back(sheet, ledger) -> None:
    assert sheet.accept_proposals()
    assert sheet.total(C.SOCIAL_FUND) == 8_000 and sheet.proposal_count() == 0
    assert len(events(ledger, EventKind.SOCIAL_FUND_CONTRIBUTION)) == 4
    assert sheet.undo()
    assert sheet.total(C.SOCIAL_FUND) == 0
    assert sheet.cash.money_in == 0


def test_an_absent_member_gets_no_proposal_and_zero_typed_over_one_dismisses_it(sheet) -> None:
    sheet.set_value(2, C.PRESENT, False)
    assert not sheet.is_proposed(2, C.SOCIAL_FUND)
    sheet.set_text(3, C.SOCIAL_FUND, "0")
    assert not sheet.is_proposed(3, C.SOCIAL_FUND)
    assert sheet.proposal_count() == 2


def test_correcting_a_saved_amount_records_a_reversal_and_a_new_entry(sheet, ledger) -> None:
    sheet.set_text(0, C.FINE, "5.000")
    sheet.set_text(0, C.FINE, "3.000")
    fines = events(ledger, EventKind.FINE)
    assert [event.amount for event in fines] == [5_000, -5_000, 3_000]
    assert fines[1].reverses_id == fines[0].id
    assert sheet.total(C.FINE) == 3_000


def test_undo_is_saved_as_a_correction_too(sheet, ledger) -> None:
    sheet.set_text(0, C.FINE, "5.000")
    sheet.undo()
    assert [event.amount for event in events(ledger, EventKind.FINE)] == [5_000, -5_000]
    assert sheet.value(0, C.FINE) == 0
    sheet.redo()
    assert sheet.value(0, C.FINE) == 5_000


def test_a_pasted_block_goes_in_as_one_transaction_and_one_undo_step(sheet, ledger) -> None:
    assert sheet.paste(0, C.SHARES, "1\t\t2.000\t1.000\n2\t\t2.000\n3\t\t2000\n4\t\t2.000\n")
    assert [sheet.value(row, C.SHARES) for row in range(4)] == [1, 2, 3, 4]
    assert sheet.total(C.SOCIAL_FUND) == 8_000 and sheet.total(C.FINE) == 1_000
    assert sheet.undo()
    assert sheet.total(C.SHARES) == 0 and sheet.total(C.SOCIAL_FUND) == 0


def test_one_refused_row_in_a_paste_does_not_keep_the_others_out(sheet, ledger) -> None:
    assert not sheet.paste(0, C.REPAID, "\n50.000\n\n")  # Bình has no loan to repay
    assert sheet.issue(1, C.REPAID) is not None
    sheet.paste(0, C.SHARES, "1\n9\n2\n")
    assert [sheet.value(row, C.SHARES) for row in range(3)] == [1, 0, 2]
    assert sheet.issue(1, C.SHARES) is not None


def test_a_loan_above_the_limit_waits_for_the_board(sheet, ledger) -> None:
    sheet.set_text(0, C.SHARES, "5")  # 100.000 saved: loans up to 300.000
    assert not sheet.set_text(0, C.NEW_LOAN, "500.000")
    issue = sheet.issue(0, C.NEW_LOAN)
    assert issue.severity == Severity.WARNING
    assert sheet.display(0, C.NEW_LOAN) == "500.000"
    assert events(ledger, EventKind.LOAN_DISBURSEMENT) == []
    [problem] = sheet.problems()
    assert problem.overridable and problem.row == 0
    # The clerk cannot let it through…
    assert not sheet.can_override
    assert not sheet.override_limit(0, "Chữa bệnh gấp")
    assert events(ledger, EventKind.LOAN_DISBURSEMENT) == []


def test_the_board_allows_a_loan_above_the_limit_with_a_reason(ledger, group_id) -> None:
    sheet = MeetingSheetPresenter(ledger, BOARD, group_id)
    sheet.create_meeting(FEB)
    sheet.set_text(0, C.SHARES, "5")
    sheet.set_text(0, C.NEW_LOAN, "500.000")
    assert not sheet.override_limit(0, "   ")  # a reason is needed
    assert sheet.override_limit(0, "Chữa bệnh gấp")
    assert sheet.value(0, C.NEW_LOAN) == 500_000 and sheet.problems() == []
    assert "override_limit" in audit_actions(ledger)
    assert sheet.cash.money_out == 500_000


def test_only_the_loan_of_a_pasted_row_waits_the_rest_is_saved(sheet) -> None:
    sheet.paste(0, C.SHARES, "2\t\t2.000\t\t\t\t\t900.000")
    assert sheet.value(0, C.SHARES) == 2 and sheet.value(0, C.SOCIAL_FUND) == 2_000
    assert sheet.issue(0, C.NEW_LOAN).severity == Severity.WARNING


def test_interest_due_is_proposed_from_the_loan_and_can_be_changed(ledger, group_id) -> None:
    first = MeetingSheetPresenter(ledger, CLERK, group_id)
    first.create_meeting(FEB)
    first.paste(0, C.SHARES, "5\n5\n5\n5")  # 400.000 in the box
    assert first.set_text(0, C.NEW_LOAN, "200.000")
    sheet = MeetingSheetPresenter(ledger, CLERK, group_id)
    sheet.create_meeting(MAR)
    # Flat 2 %/month on 200.000 for one month.
    assert sheet.proposal(0, C.INTEREST) == 4_000 and sheet.is_proposed(0, C.INTEREST)
    assert sheet.proposal(1, C.INTEREST) is None
    assert sheet.set_text(0, C.INTEREST, "3.000")
    assert sheet.value(0, C.INTEREST) == 3_000 and not sheet.is_proposed(0, C.INTEREST)


def test_a_closed_meeting_cannot_be_edited(ledger, group_id) -> None:
    sheet = MeetingSheetPresenter(ledger, BOARD, group_id)
    sheet.create_meeting(FEB)
    sheet.set_text(0, C.SHARES, "2")
    assert not sheet.close_meeting()  # the count is not in yet
    assert sheet.last_message == _("Enter the counted cash before closing the meeting.")
    assert sheet.record_count("40.000", "")
    assert sheet.close_meeting()
    assert sheet.is_closed and sheet.read_only and not sheet.is_editable(0, C.SHARES)
    assert not sheet.set_text(0, C.SHARES, "3")
    assert sheet.value(0, C.SHARES) == 2
    assert not sheet.can_undo
    assert sheet.proposal_count() == 0


def test_a_count_that_differs_must_be_explained_before_closing(ledger, group_id) -> None:
    sheet = MeetingSheetPresenter(ledger, BOARD, group_id)
    sheet.create_meeting(FEB)
    sheet.set_text(0, C.SHARES, "2")
    sheet.record_count("39.000", "")
    assert sheet.cash.difference == -1_000
    assert not sheet.close_meeting()
    sheet.record_count("39.000", "Thiếu 1.000 đ tiền lẻ")
    assert sheet.close_meeting()


def test_counted_cash_that_is_not_an_amount_is_refused(sheet) -> None:
    assert not sheet.record_count("bốn mươi", "")
    assert sheet.cash.counted is None


def test_closing_and_reopening_are_board_actions_and_reopening_is_logged(
        ledger, group_id) -> None:
    clerk = MeetingSheetPresenter(ledger, CLERK, group_id)
    clerk.create_meeting(FEB)
    clerk.record_count("0", "")
    assert not clerk.can_close
    assert not clerk.close_meeting()
    board = MeetingSheetPresenter(ledger, BOARD, group_id)
    assert board.close_meeting()
    clerk.reload()
    assert clerk.is_closed and not clerk.can_reopen
    assert not clerk.reopen_meeting("Sửa số")
    assert board.can_reopen
    assert not board.reopen_meeting("")
    assert board.reopen_meeting("Ghi thiếu tiền phạt của chị Cúc")
    assert not board.is_closed
    with ledger.session() as session:
        entry = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "reopen_meeting")).one()
    assert json.loads(entry.details)["reason"] == "Ghi thiếu tiền phạt của chị Cúc"


def test_the_meetings_list_offers_every_meeting_latest_first(sheet) -> None:
    sheet.create_meeting(MAR)
    assert [info.date for info in sheet.meetings] == [MAR, FEB]
    assert sheet.meeting.date == MAR
    sheet.set_text(0, C.FINE, "1.000")
    sheet.open_meeting(sheet.meetings[1].id)
    assert sheet.meeting.date == FEB and sheet.value(0, C.FINE) == 0
    assert not sheet.can_undo  # the history belongs to the meeting it was made in


def test_a_second_meeting_on_the_same_day_is_refused_with_a_message(sheet) -> None:
    assert not sheet.create_meeting(FEB)
    assert sheet.last_message == _("There is already a meeting on {date}.").format(
        date="01/02/2026")


def test_a_group_without_meetings_shows_an_empty_read_only_sheet(ledger, group_id) -> None:
    presenter = MeetingSheetPresenter(ledger, CLERK, group_id)
    assert presenter.meeting is None and presenter.row_count() == 0
    assert presenter.read_only
    assert presenter.read_only_reason() == _("Start a meeting first: choose New meeting.")
