"""``commune-ledger shareout CODE``: DESIGN.md §3.4's worked example through the command line."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from conftest import add_test_user, db_arg, make_hoa_sen
from sqlalchemy import select

from desktop.cli import main
from desktop.i18n import _
from desktop.models import registry
from desktop.models.enums import EventKind, GroupKind, ProfitBasis
from desktop.models.group import Group
from desktop.models.loans import LoanRequest, disburse, repay
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM, Role
from desktop.models.posting import EventSpec, lines_for, post

BOUGHT = dt.date(2026, 3, 2)
SHARES = {"TV01": 100, "TV02": 80, "TV03": 60, "TV04": 40}


def _post(session, group: Group, kind: EventKind, amount: int, *,  # type: ignore[no-untyped-def]
          member: Member | None = None, quantity: int = 0, day: dt.date = BOUGHT) -> None:
    post(session, EventSpec(
        group_id=group.id, cycle_id=group.current_cycle.id, kind=kind, date=day,
        amount=amount, member_id=member.id if member else None, quantity=quantity,
        lines=lines_for(kind, amount, member_id=member.id if member else None)))


def worked_example(session, *, d_owes: bool = False) -> Group:  # type: ignore[no-untyped-def]
    """Hoa Sen: shares 100/80/60/40 of 20.000 đ, interest 700.000 đ, fines 56.000 đ, and
    40.000 đ in the social fund (never shared out)."""
    group = make_hoa_sen(session)
    members = {m.code: m for m in session.scalars(
        select(Member).where(Member.group_id == group.id))}
    for code, shares in SHARES.items():
        _post(session, group, EventKind.SHARE_PURCHASE, shares * 20_000, member=members[code],
              quantity=shares)
        _post(session, group, EventKind.SOCIAL_FUND_CONTRIBUTION, 10_000, member=members[code])
    _post(session, group, EventKind.FINE, 56_000, member=members["TV02"])
    loan = disburse(session, group, LoanRequest(members["TV01"].id, 1_000_000,
                                                dt.date(2026, 4, 6)), SYSTEM)
    repay(session, loan, 1_000_000, 700_000, dt.date(2026, 7, 6), SYSTEM)
    if d_owes:
        disburse(session, group, LoanRequest(members["TV04"].id, 300_000,
                                             dt.date(2026, 8, 3)), SYSTEM)
    session.commit()
    return group


def shareout_json(ledger, capsys, *args: str) -> dict:  # type: ignore[no-untyped-def]
    status = main(["--db", db_arg(ledger), "shareout", *args, "--json"])
    out = capsys.readouterr().out
    assert status == 0
    return json.loads(out)


def test_worked_example_pays_22700_a_share_and_carries_nothing_over(ledger, session, capsys):
    worked_example(session)
    result = shareout_json(ledger, capsys, "HS01")
    assert result["group"] == "HS01"
    assert result["fund_value"] == 6_356_000
    assert result["total_shares"] == 280
    assert result["value_per_share"] == "22700.00"
    assert result["rounding_unit"] == 1
    assert result["carry_over"] == 0
    assert result["social_fund"] == 40_000
    assert [(m["code"], m["shares"], m["savings"], m["gross"], m["debt"], m["net"])
            for m in result["members"]] == [
        ("TV01", 100, 2_000_000, 2_270_000, 0, 2_270_000),
        ("TV02", 80, 1_600_000, 1_816_000, 0, 1_816_000),
        ("TV03", 60, 1_200_000, 1_362_000, 0, 1_362_000),
        ("TV04", 40, 800_000, 908_000, 0, 908_000),
    ]
    assert result["members"][0]["name"] == "Nguyễn Thị An"


def test_worked_example_nets_what_d_still_owes(ledger, session, capsys):
    worked_example(session, d_owes=True)
    result = shareout_json(ledger, capsys, "HS01")
    assert result["fund_value"] == 6_356_000  # cash 6.056.000 + 300.000 still lent
    assert result["value_per_share"] == "22700.00"
    dung = result["members"][3]
    assert (dung["code"], dung["gross"], dung["debt"], dung["net"]) == \
        ("TV04", 908_000, 300_000, 608_000)
    assert sum(m["gross"] for m in result["members"]) + result["carry_over"] == 6_356_000


def test_plain_text_is_a_table_with_vietnamese_amounts(ledger, session, capsys):
    worked_example(session, d_owes=True)
    status = main(["--db", db_arg(ledger), "shareout", "HS01"])
    out = capsys.readouterr().out
    assert status == 0
    assert "Nhóm TK&VV Hoa Sen" in out and "6.356.000" in out and "22.700,00" in out
    dung = next(line for line in out.splitlines() if line.startswith("TV04"))
    # savings, gross, debt, deducted, paid, still owed
    assert dung.split()[-6:] == ["800.000", "908.000", "300.000", "300.000", "608.000", "0"]
    assert "Phạm Thị Dung" in dung


def test_an_asca_group_has_no_shares_in_the_json(ledger, session, capsys):
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    group = registry.create_group(session, commune, code="TK01", name="Nhóm tiết kiệm Bản Nà Mò",
                                  kind=GroupKind.ASCA, start_date=dt.date(2026, 1, 1),
                                  actor=SYSTEM, rounding_unit=1_000,
                                  profit_basis=ProfitBasis.SAVINGS, monthly_rate=Decimal("1"))
    saver = registry.add_member(session, group, code="TV01", full_name="Hoàng Thị Lan",
                                join_date=dt.date(2026, 1, 1), actor=SYSTEM)
    _post(session, group, EventKind.SAVINGS_DEPOSIT, 500_000, member=saver)
    _post(session, group, EventKind.FINE, 10_500, member=saver)
    session.commit()
    result = shareout_json(ledger, capsys, "TK01", "--date", "30/06/2026")
    assert result["total_shares"] is None and result["value_per_share"] is None
    assert result["members"] == [{"code": "TV01", "name": "Hoàng Thị Lan", "shares": None,
                                  "savings": 500_000, "gross": 510_000, "debt": 0,
                                  "netted": 0, "net": 510_000, "paid": 510_000,
                                  "still_owed": 0, "cut": 0}]
    assert result["carry_over"] == 500 and result["date"] == "2026-06-30"


def test_a_club_is_refused_with_a_message_and_a_failure_status(ledger, session, capsys):
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    registry.create_group(session, commune, code="CLB01", name="CLB Liên thế hệ Thôn Trung",
                          kind=GroupKind.ISHC, start_date=dt.date(2026, 1, 1), actor=SYSTEM,
                          seed_capital=100_000_000)
    session.commit()
    status = main(["--db", db_arg(ledger), "shareout", "CLB01", "--json"])
    captured = capsys.readouterr()
    assert status != 0 and captured.out == ""
    assert "CLB01" in captured.err and len(captured.err.strip().splitlines()) == 1


def test_an_unknown_group_code_is_one_line_and_status_2(ledger, session, capsys):
    worked_example(session)
    status = main(["--db", db_arg(ledger), "shareout", "XX99"])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.err.strip() == _("There is no group with the code {code}.").format(
        code="XX99")


def test_a_date_that_does_not_exist_is_refused(ledger, session, capsys):
    worked_example(session)
    with pytest.raises(SystemExit) as stop:
        main(["--db", db_arg(ledger), "shareout", "HS01", "--date", "31/02/2026"])
    assert stop.value.code == 2
    assert "31/02/2026" in capsys.readouterr().err


# -- cash that is not in the box, and closing the cycle -----------------------------------------

def dung_owes_more_than_her_share(session) -> Group:  # type: ignore[no-untyped-def]
    """The worked example, and Dung borrows 1.500.000 on 03/08: her gross is 908.000."""
    group = worked_example(session)
    dung = session.scalar(select(Member).where(Member.code == "TV04"))
    disburse(session, group, LoanRequest(dung.id, 1_500_000, dt.date(2026, 8, 3)), SYSTEM)
    session.commit()
    return group


def test_the_json_carries_the_cash_held_needed_and_short(ledger, session, capsys):
    dung_owes_more_than_her_share(session)
    result = shareout_json(ledger, capsys, "HS01")
    assert result["fund_value"] == 6_356_000
    assert result["cash_held"] == 6_356_000 - 1_500_000
    assert result["cash_needed"] == 2_270_000 + 1_816_000 + 1_362_000
    assert result["shortfall"] == 592_000
    dung = result["members"][3]
    assert (dung["gross"], dung["debt"], dung["netted"], dung["net"], dung["paid"],
            dung["still_owed"]) == (908_000, 1_500_000, 908_000, -592_000, 0, 592_000)
    assert result["must_repay_first"] == [
        {"code": "TV04", "name": "Phạm Thị Dung", "amount": 592_000}]


def test_the_text_preview_says_who_must_repay_first(ledger, session, capsys):
    dung_owes_more_than_her_share(session)
    assert main(["--db", db_arg(ledger), "shareout", "HS01"]) == 0
    out = capsys.readouterr().out
    assert "4.856.000" in out and "5.448.000" in out and "592.000" in out
    assert any("TV04" in line and "592.000" in line for line in out.splitlines()[-3:])


@pytest.fixture
def hoa(ledger) -> str:
    """Chị Hoa, a board member with a user of her own."""
    add_test_user(ledger, "hoa", Role.BOARD)
    return "hoa"


def test_close_cycle_is_refused_with_a_message_and_a_failure_status_when_cash_is_short(
        ledger, session, capsys, hoa):
    dung_owes_more_than_her_share(session)
    status = main(["--db", db_arg(ledger), "--user", "hoa", "close-cycle", "HS01",
                   "--date", "30/09/2026"])
    captured = capsys.readouterr()
    assert status == 2 and captured.out == ""
    assert "592.000" in captured.err and "TV04" in captured.err
    session.expire_all()
    assert not session.scalar(select(Group)).current_cycle.closed


def test_close_cycle_carries_the_shortfall_when_the_board_gives_a_reason(ledger, session, capsys,
                                                                        hoa):
    dung_owes_more_than_her_share(session)
    status = main(["--db", db_arg(ledger), "--user", "hoa", "close-cycle", "HS01",
                   "--date", "30/09/2026", "--carry-shortfall", "Chị Dung trả dần", "--json"])
    result = json.loads(capsys.readouterr().out)
    assert status == 0
    assert result["total_paid"] <= result["cash_held"] == 4_856_000
    assert result["shortfall_reason"] == "Chị Dung trả dần"
    assert result["total_paid"] + result["total_netted"] + result["carry_over"] == 6_356_000
    session.expire_all()
    group = session.scalar(select(Group))
    assert group.current_cycle.number == 2


def test_close_cycle_pays_out_when_the_cash_covers_it(ledger, session, capsys, hoa):
    worked_example(session, d_owes=True)
    status = main(["--db", db_arg(ledger), "--user", "hoa", "close-cycle", "HS01",
                   "--date", "30/09/2026"])
    out = capsys.readouterr().out
    assert status == 0
    assert "30/09/2026" in out and "6.056.000" in out
    session.expire_all()
    assert session.scalar(select(Group)).cycles[0].closed


def test_a_clerk_cannot_close_a_cycle_from_the_command_line(ledger, session, capsys) -> None:
    worked_example(session, d_owes=True)
    add_test_user(ledger, "lan", Role.CLERK)
    status = main(["--db", db_arg(ledger), "--user", "lan", "close-cycle", "HS01",
                   "--date", "30/09/2026"])
    assert status == 2 and "lan" in capsys.readouterr().err
    session.expire_all()
    assert not session.scalar(select(Group)).cycles[0].closed
