"""Balance snapshots: a balance is the last month's snapshot plus the month's lines, and it is
always what re-summing the whole journal gives — after back-dated lines, reversals of old
entries and reopened meetings too."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from desktop.models.balances import account_balances, loan_outstanding, member_savings
from desktop.models.enums import Account, EventKind
from desktop.models.group import Group
from desktop.models.integrity import inspect_ledger
from desktop.models.journal import Event, JournalLine
from desktop.models.loan import Loan
from desktop.models.loans import LoanRequest, disburse
from desktop.models.meetings import (
    Entry,
    close_meeting,
    create_meeting,
    record_count,
    reopen_meeting,
    save_entry,
)
from desktop.models.member import Member
from desktop.models.permissions import SYSTEM
from desktop.models.posting import EventSpec, lines_for, post, reverse
from desktop.models.snapshot import AccountSnapshot, SavingsSnapshot
from desktop.models.snapshot_check import resum

D = dt.date


def member_id(session, group: Group, code: str) -> int:  # type: ignore[no-untyped-def]
    return int(session.scalar(select(Member.id).where(Member.group_id == group.id,
                                                      Member.code == code)))


def deposit(session, group: Group, day: dt.date, amount: int,  # type: ignore[no-untyped-def]
            member: int | None = None, kind: EventKind = EventKind.SAVINGS_DEPOSIT) -> Event:
    return post(session, EventSpec(
        group_id=group.id, cycle_id=group.current_cycle.id, kind=kind, date=day,
        amount=amount, member_id=member,
        lines=lines_for(kind, amount, member_id=member)))


def summed(session, group: Group, on: dt.date | None = None) -> dict[Account, int]:  # type: ignore[no-untyped-def]
    """The balances re-summed from every line, as the check does."""
    query = (select(JournalLine.account, func.sum(JournalLine.amount))
             .where(JournalLine.group_id == group.id).group_by(JournalLine.account))
    if on is not None:
        query = query.where(JournalLine.date <= on)
    found = {account: 0 for account in Account}
    found.update({Account(account): int(total) for account, total in session.execute(query)})
    return found


def kept(session, group: Group, account: Account) -> dict[dt.date, int]:  # type: ignore[no-untyped-def]
    return dict(session.execute(
        select(AccountSnapshot.month, AccountSnapshot.balance)
        .where(AccountSnapshot.group_id == group.id, AccountSnapshot.account == account)
        .order_by(AccountSnapshot.month)).all())


def sound(session, group: Group) -> bool:  # type: ignore[no-untyped-def]
    codes = {group.id: group.code}
    return resum(session, [group.id], codes, {}).findings == []


def test_each_month_that_moved_an_account_keeps_its_closing_balance(session, hoa_sen):
    an = member_id(session, hoa_sen, "TV01")
    deposit(session, hoa_sen, D(2026, 1, 5), 100_000, an)
    deposit(session, hoa_sen, D(2026, 1, 19), 50_000, an)
    deposit(session, hoa_sen, D(2026, 3, 2), 20_000, an)
    assert kept(session, hoa_sen, Account.CASH) == {
        D(2026, 1, 1): 150_000, D(2026, 3, 1): 170_000}
    assert account_balances(session, hoa_sen.id, D(2026, 2, 14))[Account.CASH] == 150_000
    assert account_balances(session, hoa_sen.id, D(2026, 1, 10))[Account.CASH] == 100_000
    assert member_savings(session, hoa_sen.id, D(2026, 3, 1)) == {an: 150_000}
    assert member_savings(session, hoa_sen.id) == {an: 170_000}


def test_a_back_dated_line_moves_every_later_month(session, hoa_sen):
    binh = member_id(session, hoa_sen, "TV02")
    deposit(session, hoa_sen, D(2026, 1, 5), 100_000, binh)
    deposit(session, hoa_sen, D(2026, 4, 6), 30_000, binh)
    deposit(session, hoa_sen, D(2026, 2, 16), 7_000, binh)  # typed in late, from paper
    assert kept(session, hoa_sen, Account.CASH) == {
        D(2026, 1, 1): 100_000, D(2026, 2, 1): 107_000, D(2026, 4, 1): 137_000}
    assert account_balances(session, hoa_sen.id, D(2026, 3, 31)) == \
        summed(session, hoa_sen, D(2026, 3, 31))
    assert sound(session, hoa_sen)


def test_reversing_an_old_entry_corrects_every_month_from_its_date(session, hoa_sen):
    cuc = member_id(session, hoa_sen, "TV03")
    wrong = deposit(session, hoa_sen, D(2026, 1, 5), 300_000, cuc)
    deposit(session, hoa_sen, D(2026, 5, 4), 40_000, cuc)
    reverse(session, wrong, SYSTEM.name, "nhập nhầm")
    assert kept(session, hoa_sen, Account.CASH) == {D(2026, 5, 1): 40_000} | {
        D(2026, 1, 1): 0}
    assert member_savings(session, hoa_sen.id, D(2026, 4, 30)) == {}
    assert member_savings(session, hoa_sen.id) == {cuc: 40_000}
    assert sound(session, hoa_sen)


def test_an_edit_in_a_reopened_meeting_reaches_the_later_months(session, hoa_sen):
    members = [member_id(session, hoa_sen, code) for code in ("TV01", "TV02", "TV03", "TV04")]
    first = create_meeting(session, hoa_sen, D(2026, 1, 5), SYSTEM)
    for member in members:
        save_entry(session, first, Entry(member, shares=2, social_fund=2_000), SYSTEM)
    record_count(session, first, 4 * 42_000, "", SYSTEM)
    close_meeting(session, first, SYSTEM)
    later = create_meeting(session, hoa_sen, D(2026, 3, 2), SYSTEM)
    save_entry(session, later, Entry(members[0], shares=1, social_fund=2_000), SYSTEM)
    reopen_meeting(session, first, SYSTEM, "TV02 mua 3 cổ phần, không phải 2")
    save_entry(session, first, Entry(members[1], shares=3, social_fund=2_000), SYSTEM)
    session.flush()
    assert account_balances(session, hoa_sen.id, D(2026, 3, 31)) == \
        summed(session, hoa_sen, D(2026, 3, 31))
    assert kept(session, hoa_sen, Account.SAVINGS)[D(2026, 3, 1)] == -(10 * 20_000)
    assert member_savings(session, hoa_sen.id)[members[1]] == 60_000
    assert sound(session, hoa_sen)


def test_a_loan_is_settled_on_the_day_it_is_repaid_and_open_again_if_that_is_reversed(
        session, hoa_sen):
    an = member_id(session, hoa_sen, "TV01")
    deposit(session, hoa_sen, D(2026, 1, 5), 500_000, an)
    loan = disburse(session, hoa_sen, LoanRequest(an, 200_000, D(2026, 1, 5)), SYSTEM)
    repaid = post(session, EventSpec(
        group_id=hoa_sen.id, cycle_id=hoa_sen.current_cycle.id,
        kind=EventKind.PRINCIPAL_REPAYMENT, date=D(2026, 3, 2), amount=200_000, member_id=an,
        loan_id=loan.id, lines=lines_for(EventKind.PRINCIPAL_REPAYMENT, 200_000,
                                         loan_id=loan.id)))

    def settled() -> dt.date | None:
        return session.scalar(select(Loan.settled_on).where(Loan.id == loan.id))

    assert settled() == D(2026, 3, 2)
    assert loan_outstanding(session, hoa_sen.id) == {}
    assert loan_outstanding(session, hoa_sen.id, D(2026, 3, 1)) == {loan.id: 200_000}
    reverse(session, repaid, SYSTEM.name, "trả nhầm")
    assert settled() is None
    assert loan_outstanding(session, hoa_sen.id) == {loan.id: 200_000}
    assert sound(session, hoa_sen)


def test_the_check_names_a_kept_balance_the_journal_does_not_give(session, hoa_sen, english):
    dung = member_id(session, hoa_sen, "TV04")
    deposit(session, hoa_sen, D(2026, 1, 5), 100_000, dung)
    deposit(session, hoa_sen, D(2026, 2, 2), 100_000, dung)
    session.execute(update(AccountSnapshot).where(
        AccountSnapshot.group_id == hoa_sen.id, AccountSnapshot.account == Account.CASH,
        AccountSnapshot.month == D(2026, 1, 1)).values(balance=90_000))
    session.execute(update(SavingsSnapshot).where(
        SavingsSnapshot.member_id == dung, SavingsSnapshot.month == D(2026, 2, 1))
        .values(balance=-1_000))
    report = inspect_ledger(session, [hoa_sen.id])
    problems = [str(problem) for problem in report.all_problems]
    assert len(problems) == 2
    assert "'cash'" in problems[0] and "01/2026" in problems[0]
    assert "90.000" in problems[0] and "100.000" in problems[0]
    assert "Phạm Thị Dung" in problems[1] and "02/2026" in problems[1]


def test_kept_rows_in_months_without_lines_are_found_though_they_cancel_out(
        session, hoa_sen, english):
    """Rows the lines never made (February's +5.000 and April's -5.000, around March's
    deposit) agree with each other and in all with the lines, but March's balance is off."""
    dung = member_id(session, hoa_sen, "TV04")
    deposit(session, hoa_sen, D(2026, 1, 5), 100_000, dung)
    deposit(session, hoa_sen, D(2026, 3, 2), 100_000, dung)
    session.execute(update(AccountSnapshot).where(
        AccountSnapshot.group_id == hoa_sen.id, AccountSnapshot.account == Account.CASH,
        AccountSnapshot.month == D(2026, 3, 1)).values(balance=205_000))
    session.add_all([
        AccountSnapshot(group_id=hoa_sen.id, account=Account.CASH, month=D(2026, 2, 1),
                        balance=105_000, moved=5_000),
        AccountSnapshot(group_id=hoa_sen.id, account=Account.CASH, month=D(2026, 4, 1),
                        balance=200_000, moved=-5_000)])
    session.flush()
    problems = [str(problem) for problem in inspect_ledger(session, [hoa_sen.id]).all_problems]
    assert len(problems) == 1
    assert "'cash'" in problems[0] and "03/2026" in problems[0]
    assert "205.000" in problems[0] and "200.000" in problems[0]


def test_a_kept_row_moving_by_other_than_its_months_lines_is_found(session, hoa_sen, english):
    dung = member_id(session, hoa_sen, "TV04")
    deposit(session, hoa_sen, D(2026, 1, 5), 100_000, dung)
    deposit(session, hoa_sen, D(2026, 2, 2), 100_000, dung)
    session.execute(update(SavingsSnapshot).where(
        SavingsSnapshot.member_id == dung, SavingsSnapshot.month == D(2026, 2, 1))
        .values(moved=-90_000))
    problems = [str(problem) for problem in inspect_ledger(session, [hoa_sen.id]).all_problems]
    assert len(problems) == 1
    assert "Phạm Thị Dung" in problems[0] and "02/2026" in problems[0]


def test_only_the_keys_that_disagree_are_read_month_by_month(session, hoa_sen, monkeypatch):
    """The database compares every month; the months of an account or a saver come back
    only when something about it disagrees (a province holds millions of months)."""
    from desktop.models import snapshot_check

    dung = member_id(session, hoa_sen, "TV04")
    deposit(session, hoa_sen, D(2026, 1, 5), 100_000, dung)
    deposit(session, hoa_sen, D(2026, 2, 2), 100_000, dung)
    read: list[tuple[int, object]] = []
    months_of = snapshot_check._months_of

    def recorded(session, table, column, where, keys):  # type: ignore[no-untyped-def]
        read.extend(keys)
        return months_of(session, table, column, where, keys)

    monkeypatch.setattr(snapshot_check, "_months_of", recorded)
    assert sound(session, hoa_sen) and read == []
    session.execute(update(AccountSnapshot).where(
        AccountSnapshot.group_id == hoa_sen.id, AccountSnapshot.account == Account.CASH,
        AccountSnapshot.month == D(2026, 1, 1)).values(balance=90_000))
    assert not sound(session, hoa_sen)
    assert read == [(hoa_sen.id, Account.CASH)]


MEMBERS = ("TV01", "TV02", "TV03", "TV04")
entries = st.lists(
    st.tuples(st.sampled_from(MEMBERS), st.integers(0, 400), st.integers(1, 50),
              st.sampled_from([EventKind.SAVINGS_DEPOSIT, EventKind.SAVINGS_WITHDRAWAL,
                               EventKind.SOCIAL_FUND_CONTRIBUTION, EventKind.FINE]),
              st.booleans()),
    min_size=1, max_size=25)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=entries, looks=st.lists(st.integers(-10, 420), min_size=3, max_size=6))
def test_balances_read_from_snapshots_are_the_journal_re_summed(session, hoa_sen, entries,
                                                                looks):
    """Entries typed in any order of dates, some reversed later: at every day looked at,
    each account and each member's savings are the journal's own sums."""
    nested = session.begin_nested()
    start = D(2026, 1, 1)
    ids = {code: member_id(session, hoa_sen, code) for code in MEMBERS}
    for code, offset, thousands, kind, undo in entries:
        event = deposit(session, hoa_sen, start + dt.timedelta(days=offset), thousands * 1_000,
                        ids[code], kind)
        if undo:
            reverse(session, event, SYSTEM.name)
    for offset in looks:
        day = start + dt.timedelta(days=offset)
        assert account_balances(session, hoa_sen.id, day) == summed(session, hoa_sen, day)
        savings = dict(session.execute(
            select(JournalLine.member_id, -func.sum(JournalLine.amount))
            .where(JournalLine.group_id == hoa_sen.id, JournalLine.account == Account.SAVINGS,
                   JournalLine.date <= day).group_by(JournalLine.member_id)).all())
        assert member_savings(session, hoa_sen.id, day) == {
            member: total for member, total in savings.items() if total}
    assert account_balances(session, hoa_sen.id) == summed(session, hoa_sen)
    assert sound(session, hoa_sen)
    nested.rollback()


def test_a_ledger_from_before_the_snapshots_gets_them_from_its_journal(tmp_path) -> None:
    """Opening a ledger written before revision 0007 migrates it: snapshots, settled days
    and attendance counts are filled from its own journal and lists, and the check agrees."""
    import sqlite3

    from alembic import command
    from sqlalchemy import create_engine

    from desktop.demo import build_demo
    from desktop.models.database import _alembic_config, open_ledger, open_new_ledger
    from desktop.models.integrity import check_ledger

    path = tmp_path / "older.sqlite"
    ledger = open_new_ledger(path)
    with ledger.session() as fresh:
        build_demo(fresh, D(2026, 11, 23))
    ledger.close()
    plain = create_engine(f"sqlite:///{path}")  # foreign keys off, as for any table rebuild
    command.downgrade(_alembic_config(plain), "0005")
    plain.dispose()
    with sqlite3.connect(path) as raw:
        tables = {name for (name,) in raw.execute("SELECT name FROM sqlite_master")}
    assert "balance_snapshots" not in tables
    migrated = open_ledger(path)
    try:
        with migrated.session() as opened:
            assert check_ledger(opened) == []
            assert opened.scalar(select(func.count()).select_from(AccountSnapshot)) > 100
            assert opened.scalar(select(func.count(Loan.id)).where(
                Loan.settled_on.is_not(None))) > 10
    finally:
        migrated.close()
