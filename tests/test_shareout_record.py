"""The final share-out of a closed cycle is kept: the same result as the preview made just
before closing, printed (and reprinted) as the cycle's final sheet, from the window's data
and from ``commune-ledger print shareout --cycle N``."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from conftest import db_arg
from print_fixtures import pdf_text, words_of
from sqlalchemy import func, select
from test_shareout import BOARD, hoa_sen_cycle, mid

from desktop.cli import main
from desktop.models import registry
from desktop.models.errors import LedgerError
from desktop.models.member import Member
from desktop.models.print_settings import PrintSettings
from desktop.models.shareout import close_cycle, preview
from desktop.models.shareout_record import (
    ShareOutPayout,
    ShareOutResult,
    closed_cycle_result,
    closed_cycles,
    final_result,
)
from desktop.printing.shareout_sheet import make_shareout_sheet

D = dt.date
SHARE_OUT_DAY = D(2026, 9, 30)
SETTINGS = PrintSettings(preparer_name="Hoàng Thị Lan")


def test_closing_the_worked_example_stores_its_final_share_out(session) -> None:
    group = hoa_sen_cycle(session, dung_owes=True)
    first = group.current_cycle
    close_cycle(session, group, SHARE_OUT_DAY, BOARD)
    [record] = session.scalars(select(ShareOutResult)).all()
    assert (record.cycle_id, record.date, record.fund_value, record.total_shares) == (
        first.id, SHARE_OUT_DAY, 6_356_000, 280)
    assert (record.share_value_numerator, record.share_value_denominator) == (22_700, 1)
    assert (record.carry_over, record.social_fund, record.debt_policy) == (0, 14_000, "net")
    lines = session.scalars(select(ShareOutPayout).order_by(ShareOutPayout.line)).all()
    assert [(p.code, p.gross, p.netted, p.net) for p in lines] == [
        ("TV01", 2_270_000, 0, 2_270_000), ("TV02", 1_816_000, 0, 1_816_000),
        ("TV03", 1_362_000, 0, 1_362_000), ("TV04", 908_000, 300_000, 608_000)]


def test_the_final_result_equals_the_preview_made_just_before_closing(session) -> None:
    group = hoa_sen_cycle(session, dung_owes=True)
    first = group.current_cycle
    before = preview(session, group, SHARE_OUT_DAY)
    close_cycle(session, group, SHARE_OUT_DAY, BOARD)
    session.expire_all()  # read back from the database, not from the session's memory
    assert final_result(session, first) == before


def test_an_inexact_value_per_share_and_a_carry_over_come_back_exactly(session) -> None:
    group = hoa_sen_cycle(session, fines_of_an=21_000, rounding_unit=1_000)
    first = group.current_cycle
    before = preview(session, group, SHARE_OUT_DAY)
    assert before.value_per_share == Fraction(6_357_000, 280)  # 22.703,57… đ
    assert before.carry_over == 1_000
    close_cycle(session, group, SHARE_OUT_DAY, BOARD)
    session.expire_all()
    after = final_result(session, first)
    assert after == before
    assert after is not None and after.value_per_share == Fraction(6_357_000, 280)


def test_leavers_of_the_cycle_are_kept_with_the_final_share_out(session) -> None:
    group = hoa_sen_cycle(session)
    first = group.current_cycle
    cuc = session.get(Member, mid(session, group, "TV03"))
    registry.leave_group(session, cuc, D(2026, 9, 10), "Chuyển đi", BOARD)
    before = preview(session, group, SHARE_OUT_DAY)
    close_cycle(session, group, SHARE_OUT_DAY, BOARD)
    session.expire_all()
    after = final_result(session, first)
    assert after == before
    assert after is not None
    assert [(x.code, x.leave_date, x.paid) for x in after.leavers] == [
        ("TV03", D(2026, 9, 10), 1_200_000)]


def test_a_cycle_not_yet_shared_out_has_no_final_result(session) -> None:
    group = hoa_sen_cycle(session)
    assert final_result(session, group.current_cycle) is None
    assert closed_cycles(session, group) == []
    close_cycle(session, group, SHARE_OUT_DAY, BOARD)
    assert final_result(session, group.current_cycle) is None  # the new cycle
    assert [cycle.number for cycle in closed_cycles(session, group)] == [1]


def test_asking_for_a_missing_or_open_cycle_is_refused_naming_group_and_cycle(session) -> None:
    # The sentences' wording is the catalog's; here: a refusal that names what was asked.
    group = hoa_sen_cycle(session)
    close_cycle(session, group, SHARE_OUT_DAY, BOARD)
    with pytest.raises(LedgerError, match=r"HS01.*9|9.*HS01"):
        closed_cycle_result(session, group, 9)
    with pytest.raises(LedgerError, match=r"HS01.*2|2.*HS01"):
        closed_cycle_result(session, group, 2)


def test_the_final_sheet_of_the_closed_cycle_lists_the_members_and_amounts(session) -> None:
    group = hoa_sen_cycle(session, dung_owes=True)
    close_cycle(session, group, SHARE_OUT_DAY, BOARD)
    data = make_shareout_sheet(session, group, SETTINGS, cycle=1)
    text = words_of(" ".join(pdf_text(data)))
    assert "BẢNG TẤT TOÁN CHU KỲ" in text
    assert "Chu kỳ 1: từ ngày 01/01/2026 đến ngày 30/09/2026 (đã tất toán)" in text
    assert "ngày 30 tháng 09 năm 2026" in text  # dated the share-out day, as it was signed
    for name in ("Nguyễn Thị An", "Trần Thị Bình", "Lê Thị Cúc", "Phạm Thị Dung"):
        assert name in text
    assert "22.700 đ" in text and "6.356.000 đ" in text
    assert "2.270.000" in text and "608.000" in text
    assert "Tổng cộng 280 5.600.000 756.000 6.356.000 300.000 6.056.000" in text
    # A reprint is the same sheet.
    assert pdf_text(make_shareout_sheet(session, group, SETTINGS, cycle=1)) == pdf_text(data)
    # Without a cycle: the new cycle's preview, as before.
    assert "(đã tất toán)" not in words_of(" ".join(pdf_text(
        make_shareout_sheet(session, group, SETTINGS))))


def test_the_sheet_of_a_cycle_not_shared_out_is_refused(session) -> None:
    group = hoa_sen_cycle(session)
    with pytest.raises(LedgerError):
        make_shareout_sheet(session, group, SETTINGS, cycle=1)


@pytest.fixture
def closed_ledger(ledger):  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        group = hoa_sen_cycle(session, dung_owes=True)
        close_cycle(session, group, SHARE_OUT_DAY, BOARD)
    return ledger


def _print(ledger, *arguments: str) -> int:  # type: ignore[no-untyped-def]
    return main(["--db", db_arg(ledger), "print", "shareout", "HS01", *arguments])


def test_the_cli_prints_the_final_sheet_of_cycle_1(closed_ledger, tmp_path) -> None:
    out = tmp_path / "tat_toan.pdf"
    assert _print(closed_ledger, "--cycle", "1", "--out", str(out)) == 0
    text = words_of(" ".join(pdf_text(out.read_bytes())))
    assert "(đã tất toán)" in text and "Phạm Thị Dung" in text and "6.056.000" in text
    with closed_ledger.session() as session:  # printing changes nothing
        assert session.scalar(select(func.count(ShareOutResult.id))) == 1


def test_the_cli_refuses_a_cycle_that_does_not_exist_or_is_not_closed(
        closed_ledger, tmp_path, capsys) -> None:
    out = tmp_path / "tat_toan.pdf"
    assert _print(closed_ledger, "--cycle", "9", "--out", str(out)) == 2
    error = capsys.readouterr().err
    assert len(error.strip().splitlines()) == 1 and "HS01" in error and "9" in error
    assert _print(closed_ledger, "--cycle", "2", "--out", str(out)) == 2
    assert "HS01" in capsys.readouterr().err
    assert not out.exists()
