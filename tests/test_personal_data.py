"""Members' personal data (Law 91/2025/QH15, Decree 356/2025): consent, masking, what leaves
the ledger, and anonymising a member who left long ago."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import make_hoa_sen
from openpyxl import load_workbook
from sqlalchemy import select

from desktop.models import registry
from desktop.models.audit import AuditEntry
from desktop.models.errors import LedgerError, PermissionDenied
from desktop.models.integrity import inspect_ledger
from desktop.models.member import Member
from desktop.models.member_register import update_member
from desktop.models.permissions import SYSTEM, Actor, Role
from desktop.models.personal_data import anonymise, mask, shown, withdraw
from desktop.models.security_settings import SecuritySettings, save_security_settings
from desktop.models.shareout import close_cycle
from desktop.presenters.members import MemberColumn, MembersPresenter

CLERK, BOARD = Actor("lan", Role.CLERK), Actor("hoa", Role.BOARD)
VIEWER, ADMIN = Actor("xem", Role.VIEWER), Actor("admin", Role.ADMIN)
JOINED = dt.date(2026, 1, 1)
CONSENT = {"consent_date": JOINED, "consent_method": "thumbprint"}


def add_mai(session, group, **details):  # type: ignore[no-untyped-def]
    return registry.add_member(session, group, code="TV05", full_name="Mai Thị Út",
                               join_date=JOINED, actor=CLERK, **details)


def test_numbers_are_masked_keeping_their_ends() -> None:
    assert mask("001234567789") == "0012•••••789"
    assert mask("0912345678") == "0912•••678"
    assert mask("12345") == "•••••"
    assert mask("") == ""


def test_only_the_board_and_the_administrator_see_the_numbers_whole() -> None:
    assert [shown("001234567789", actor) for actor in (ADMIN, BOARD, CLERK, VIEWER)] == [
        "001234567789", "001234567789", "0012•••••789", "0012•••••789"]


def test_without_consent_no_phone_or_id_number_is_kept(session, hoa_sen) -> None:
    with pytest.raises(LedgerError, match="đồng ý"):
        add_mai(session, hoa_sen, phone="0912345678")
    member = add_mai(session, hoa_sen)  # only what the books need
    with pytest.raises(LedgerError, match="đồng ý"):
        update_member(session, member.id, CLERK, id_number="001234567789")
    update_member(session, member.id, CLERK, consent_date=JOINED, consent_method="paper",
                  id_number="001234567789", phone="0912345678")
    assert (member.id_number, member.phone) == ("001234567789", "0912345678")
    with pytest.raises(LedgerError, match="12"):
        update_member(session, member.id, CLERK, id_number="12345")


def test_withdrawing_consent_erases_the_numbers_and_the_log_never_holds_them(session,
                                                                              hoa_sen) -> None:
    member = add_mai(session, hoa_sen, phone="0912345678", id_number="001234567789",
                     **CONSENT)
    update_member(session, member.id, CLERK, phone="0987654321")
    withdraw(session, member, CLERK, dt.date(2026, 6, 1))
    assert (member.phone, member.id_number) == ("", "")
    assert not member.has_consent(dt.date(2026, 11, 23))
    details = " ".join(session.scalars(select(AuditEntry.details)))
    assert "0912345678" not in details and "0987654321" not in details
    assert "0912•••678" in details


def test_taking_the_consent_date_away_in_the_register_erases_the_numbers(session,
                                                                         hoa_sen) -> None:
    member = add_mai(session, hoa_sen, phone="0912345678", **CONSENT)
    update_member(session, member.id, CLERK, consent_withdrawn=dt.date(2026, 5, 1))
    assert member.phone == ""


def test_the_register_masks_numbers_for_a_clerk_and_shows_them_to_the_board(ledger) -> None:
    with ledger.session() as session:
        group = make_hoa_sen(session)
        add_mai(session, group, phone="0912345678", id_number="001234567789", **CONSENT)
        group_id = group.id
    clerk = MembersPresenter(ledger, CLERK, group_id)
    board = MembersPresenter(ledger, BOARD, group_id)
    row = next(r for r in range(clerk.row_count()) if clerk.value(r, MemberColumn.CODE) == "TV05")
    assert clerk.display(row, MemberColumn.ID_NUMBER) == "0012•••••789"
    assert clerk.display(row, MemberColumn.PHONE) == "0912•••678"
    assert not clerk.is_editable(row, MemberColumn.PHONE)
    assert clerk.is_editable(row, MemberColumn.CONSENT_DATE)
    row = next(r for r in range(board.row_count()) if board.value(r, MemberColumn.CODE) == "TV05")
    assert board.display(row, MemberColumn.ID_NUMBER) == "001234567789"
    assert board.is_editable(row, MemberColumn.PHONE)


def test_a_member_who_left_long_ago_is_anonymised_and_the_books_still_balance(ledger) -> None:
    with ledger.session() as session:
        group = make_hoa_sen(session)
        member = add_mai(session, group, phone="0912345678", id_number="001234567789",
                         birth_year=1950, **CONSENT)
        registry.leave_group(session, member, dt.date(2026, 2, 1), "Qua đời", CLERK)
        member_id = member.id
    with ledger.session() as session:
        with pytest.raises(LedgerError, match="2031"):  # five years after leaving
            anonymise(session, member_id, BOARD)
        save_security_settings(session, ADMIN, SecuritySettings(retention_years=1))
    with ledger.session() as session:
        with pytest.raises(PermissionDenied):
            anonymise(session, member_id, CLERK)
        with pytest.raises(LedgerError, match="2027"):
            anonymise(session, member_id, BOARD)
    from desktop.models import clock

    clock.pin(dt.datetime(2027, 3, 1, 9, 0))
    with ledger.session() as session:
        member = anonymise(session, member_id, BOARD)
        assert (member.full_name, member.phone, member.id_number, member.birth_year,
                member.leave_reason) == ("Thành viên đã ẩn danh TV05", "", "", None, "")
    with ledger.session() as session:
        assert inspect_ledger(session).sound
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "anonymise"))
        assert json.loads(entry.details)["retention_years"] == 1
        with pytest.raises(LedgerError):
            anonymise(session, member_id, BOARD)
        with pytest.raises(LedgerError):
            update_member(session, member_id, BOARD, full_name="Mai Thị Út")


def test_anonymising_renames_the_member_on_closed_share_out_sheets(ledger) -> None:
    from desktop.models.shareout_record import ShareOutPayout

    with ledger.session() as session:
        group = make_hoa_sen(session)
        close_cycle(session, group, dt.date(2026, 6, 30), SYSTEM)
        member = session.scalar(select(Member).where(Member.code == "TV01"))
        registry.leave_group(session, member, dt.date(2026, 7, 1), "", CLERK)
        member_id = member.id
    from desktop.models import clock

    clock.pin(dt.datetime(2032, 1, 1, 9, 0))
    with ledger.session() as session:
        anonymise(session, member_id, ADMIN)
        names = session.scalars(select(ShareOutPayout.name).where(
            ShareOutPayout.member_id == member_id)).all()
        assert names and set(names) == {"Thành viên đã ẩn danh TV01"}


def test_the_group_workbook_carries_numbers_only_when_the_administrator_ticks_it(
        session, hoa_sen, tmp_path) -> None:
    from desktop.workbooks.group_export import export_group

    add_mai(session, hoa_sen, phone="0912345678", id_number="001234567789", **CONSENT)
    plain = tmp_path / "plain.xlsx"
    export_group(session, hoa_sen, plain, CLERK)
    with pytest.raises(PermissionDenied):
        export_group(session, hoa_sen, tmp_path / "x.xlsx", BOARD, personal_data=True)
    full = tmp_path / "full.xlsx"
    export_group(session, hoa_sen, full, ADMIN, personal_data=True)

    def cells(path) -> str:  # type: ignore[no-untyped-def]
        sheet = load_workbook(path)["ThanhVien"]
        return " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)

    assert "001234567789" not in cells(plain) and "0912345678" not in cells(plain)
    assert "điểm chỉ" in cells(plain)  # consent always travels
    assert "001234567789" in cells(full) and "0912345678" in cells(full)
    exports = session.scalars(select(AuditEntry.details).where(
        AuditEntry.action == "export_group")).all()
    assert [json.loads(d)["personal_data"] for d in exports] == [False, True]


def test_a_workbook_with_numbers_but_no_consent_is_refused_naming_the_cell(
        ledger, tmp_path) -> None:
    from conftest import with_admin

    from desktop.models.database import open_new_ledger
    from desktop.workbooks.group_export import export_group
    from desktop.workbooks.group_import import import_group_file

    with ledger.session() as session:
        group = make_hoa_sen(session)
        add_mai(session, group, phone="0912345678", **CONSENT)
        path = tmp_path / "so-nhom.xlsx"
        export_group(session, group, path, ADMIN, personal_data=True)
    book = load_workbook(path)
    sheet = book["ThanhVien"]
    headers = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "TV05":
            row[headers.index("Ngày đồng ý")].value = None
            row[headers.index("Hình thức đồng ý")].value = None
            phone_cell = row[headers.index("Điện thoại")].coordinate
    book.save(path)
    other = open_new_ledger(tmp_path / "khac.sqlite", with_admin)
    try:
        result = import_group_file(other, path, ADMIN)
    finally:
        other.close()
    assert not result.ok
    assert any(problem.cell == phone_cell and "đồng ý" in problem.message
               for problem in result.problems), result.problems


def test_the_quarterly_return_carries_aggregates_only(ledger, tmp_path) -> None:
    from desktop.models.indicators import Quarter
    from desktop.workbooks.return_files import export_return

    with ledger.session() as session:
        add_mai(session, make_hoa_sen(session), phone="0912345678", id_number="001234567789",
                **CONSENT)
    path = tmp_path / "bao-cao.xlsx"
    export_return(ledger, Quarter(2026, 1), path, prepared_by="Hoa",
                  prepared_on=dt.date(2026, 4, 5))
    book = load_workbook(path)
    text = " ".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True)
                    for cell in row if cell is not None)
    for private in ("001234567789", "0912345678", "Mai Thị Út", "Nguyễn Thị An", "TV01"):
        assert private not in text


def test_numbers_kept_from_before_consent_was_recorded_are_shown_to_nobody(ledger) -> None:
    from sqlalchemy import update

    from desktop.presenters.group_settings import BoardColumn, BoardPresenter

    with ledger.session() as session:
        group = make_hoa_sen(session)
        member = add_mai(session, group, role="treasurer")
        # As a ledger from before consent was recorded holds it.
        session.execute(update(Member).where(Member.id == member.id).values(
            phone="0912345678", id_number="001234567789"))
        group_id = group.id
    board = MembersPresenter(ledger, ADMIN, group_id)
    row = next(r for r in range(board.row_count()) if board.value(r, MemberColumn.CODE) == "TV05")
    assert board.display(row, MemberColumn.PHONE) == ""
    assert board.display(row, MemberColumn.ID_NUMBER) == ""
    [treasurer] = range(BoardPresenter(ledger, group_id, ADMIN).row_count())
    assert BoardPresenter(ledger, group_id, ADMIN).display(treasurer, BoardColumn.PHONE) == ""
    with ledger.session() as session:
        update_member(session, member.id, CLERK, consent_date=JOINED, consent_method="paper")
    assert MembersPresenter(ledger, ADMIN, group_id).display(row, MemberColumn.PHONE) == \
        "0912345678"
    assert BoardPresenter(ledger, group_id, CLERK).display(treasurer, BoardColumn.PHONE) == \
        "0912•••678"
