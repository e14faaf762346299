"""Users, passwords, sign-in and the board's approval on the spot (DESIGN §8)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import TEST_ADMIN, TEST_PASSWORD, add_test_user, db_arg
from sqlalchemy import select

from desktop.models import clock, passwords
from desktop.models.audit import AuditEntry
from desktop.models.database import open_ledger
from desktop.models.errors import LedgerError, PermissionDenied
from desktop.models.permissions import Action, Actor, Role, can, require
from desktop.models.signin import (
    NoUsers,
    SignInRefused,
    approve,
    delay_after,
    sign_in,
)
from desktop.models.users import (
    User,
    add_user,
    change_role,
    create_first_admin,
    list_users,
    reset_password,
    set_disabled,
)

ADMIN = Actor(TEST_ADMIN, Role.ADMIN)


class Sleeps(list[float]):
    """A sleeper that only writes down how long it was asked to wait."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def entries(ledger, action: str) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with ledger.session() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                    .order_by(AuditEntry.id)))


def test_the_real_hash_is_scrypt_with_a_random_salt_and_at_least_the_brief_s_cost(
        monkeypatch) -> None:
    monkeypatch.setattr(passwords, "cost", passwords.DEFAULT_COST)
    first, second = passwords.hash_password("mật khẩu 1"), passwords.hash_password("mật khẩu 1")
    assert first != second  # a fresh salt each time
    scheme, parameters, _salt, _key = first.split("$")
    values = dict(item.split("=") for item in parameters.split(","))
    assert scheme == "scrypt" and int(values["n"]) >= 2 ** 14
    assert (int(values["r"]), int(values["p"])) == (8, 1)
    assert "mật khẩu" not in first
    assert passwords.verify_password("mật khẩu 1", first)
    assert not passwords.verify_password("mật khẩu 2", first)
    assert not passwords.needs_rehash(first)


def test_a_damaged_hash_verifies_nothing() -> None:
    assert not passwords.verify_password("x", "scrypt$n=oops$$")
    assert not passwords.verify_password("x", "")


def test_the_password_is_stored_only_as_its_hash(ledger) -> None:
    with ledger.session() as session:
        user = session.scalar(select(User).where(User.name == TEST_ADMIN))
        assert TEST_PASSWORD not in user.password_hash
        assert passwords.verify_password(TEST_PASSWORD, user.password_hash)
    for entry in entries(ledger, "add_user"):
        assert TEST_PASSWORD not in entry.details


def test_the_first_administrator_is_made_once(ledger) -> None:
    with pytest.raises(LedgerError), ledger.session() as session:
        create_first_admin(session, "other", "mat-khau-khac")


def test_user_names_and_passwords_are_checked(ledger) -> None:
    with ledger.session() as session:
        with pytest.raises(LedgerError):
            add_user(session, ADMIN, "Nguyễn Lan", Role.CLERK, "mat-khau-lan")
        with pytest.raises(LedgerError):
            add_user(session, ADMIN, "lan", Role.CLERK, "ngan")
        with pytest.raises(LedgerError):
            add_user(session, ADMIN, "ADMIN", Role.CLERK, "mat-khau-lan")  # names ignore case
        row = add_user(session, ADMIN, " Lan ", Role.CLERK, "mat-khau-lan", "Trần Thị Lan")
    assert (row.name, row.display_name, row.role) == ("lan", "Trần Thị Lan", Role.CLERK)


def test_only_the_administrator_manages_users(ledger) -> None:
    clerk = add_test_user(ledger, "lan", Role.CLERK)
    board = add_test_user(ledger, "hoa", Role.BOARD)
    with ledger.session() as session:
        for actor in (clerk, board):
            with pytest.raises(PermissionDenied):
                add_user(session, actor, "xem", Role.VIEWER, "mat-khau-xem")


def test_users_are_disabled_never_deleted_and_the_last_administrator_stays(ledger) -> None:
    add_test_user(ledger, "lan", Role.CLERK)
    with ledger.session() as session:
        set_disabled(session, ADMIN, "lan", True)
        with pytest.raises(LedgerError):
            set_disabled(session, ADMIN, TEST_ADMIN, True)
        with pytest.raises(LedgerError):
            change_role(session, ADMIN, TEST_ADMIN, Role.CLERK)
        change_role(session, ADMIN, "lan", Role.BOARD)
        names = [(user.name, user.role, user.disabled) for user in list_users(session)]
    assert names == [("admin", Role.ADMIN, False), ("lan", Role.BOARD, True)]
    with pytest.raises(SignInRefused, match="lan"):
        sign_in(ledger, "lan", TEST_PASSWORD, sleep=Sleeps())
    assert [json.loads(e.details) for e in entries(ledger, "change_role")] == [
        {"name": "lan", "before": "clerk", "after": "board"}]


def test_signing_in_gives_the_actor_and_is_logged(ledger) -> None:
    assert sign_in(ledger, " ADMIN ", TEST_PASSWORD, sleep=Sleeps()) == ADMIN
    [entry] = entries(ledger, "sign_in")
    assert entry.user == TEST_ADMIN
    with ledger.session() as session:
        user = session.scalar(select(User).where(User.name == TEST_ADMIN))
        assert user.last_sign_in == clock.now()


def test_a_wrong_password_waits_longer_each_time_and_the_wait_is_kept_in_the_ledger(
        ledger) -> None:
    sleeps = Sleeps()
    for _attempt in range(3):
        with pytest.raises(SignInRefused):
            sign_in(ledger, TEST_ADMIN, "sai mật khẩu", sleep=sleeps)
    # No wait before the first try; each refusal waits 1, 2, 4 s, and the next try first
    # waits out what is left of the last refusal's wait (all of it: the clock is pinned).
    assert sleeps == [1.0, 1.0, 2.0, 2.0, 4.0]
    assert [delay_after(n) for n in (1, 2, 3, 4, 5, 6, 10)] == [1, 2, 4, 8, 16, 30, 30]
    # Another copy of the application (another Ledger on the same file) waits as long.
    other = open_ledger(db_arg(ledger))
    try:
        waited = Sleeps()
        assert sign_in(other, TEST_ADMIN, TEST_PASSWORD, sleep=waited) == ADMIN
        assert waited == [4.0]
    finally:
        other.close()
    failed = entries(ledger, "sign_in_failed")
    assert [json.loads(e.details)["attempts"] for e in failed] == [1, 2, 3]
    assert all("sai mật khẩu" not in e.details for e in failed)
    # A success resets the count: the next wrong password waits one second again.
    sleeps.clear()
    with pytest.raises(SignInRefused):
        sign_in(ledger, TEST_ADMIN, "sai", sleep=sleeps)
    assert sleeps == [1.0]


def test_the_wait_is_over_once_its_time_has_passed(ledger) -> None:
    with pytest.raises(SignInRefused):
        sign_in(ledger, TEST_ADMIN, "sai", sleep=Sleeps())
    clock.pin(clock.now() + dt.timedelta(seconds=5))
    waited = Sleeps()
    sign_in(ledger, TEST_ADMIN, TEST_PASSWORD, sleep=waited)
    assert waited == []


def test_an_unknown_name_is_refused_like_a_wrong_password_and_logged_without_it(
        ledger) -> None:
    sleeps = Sleeps()
    with pytest.raises(SignInRefused) as refused:
        sign_in(ledger, "ai-do", TEST_PASSWORD, sleep=sleeps)
    assert str(refused.value) == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert sleeps == [1.0]
    [entry] = entries(ledger, "sign_in_failed")
    assert entry.user == "?" and "ai-do" not in entry.details


def test_a_ledger_without_users_cannot_be_signed_in_to(tmp_path) -> None:
    from desktop.models.database import open_new_ledger

    bare = open_new_ledger(tmp_path / "cu.sqlite")
    try:
        with pytest.raises(NoUsers):
            sign_in(bare, TEST_ADMIN, TEST_PASSWORD, sleep=Sleeps())
    finally:
        bare.close()


def test_a_reset_password_replaces_the_old_one(ledger) -> None:
    add_test_user(ledger, "lan", Role.CLERK)
    with ledger.session() as session:
        reset_password(session, ADMIN, "lan", "mat-khau-moi")
    with pytest.raises(SignInRefused):
        sign_in(ledger, "lan", TEST_PASSWORD, sleep=Sleeps())
    assert sign_in(ledger, "lan", "mat-khau-moi", sleep=Sleeps()).name == "lan"


def test_roles_decide_what_each_user_may_do() -> None:
    viewer, clerk = Actor("xem", Role.VIEWER), Actor("lan", Role.CLERK)
    board, admin = Actor("hoa", Role.BOARD), Actor("admin", Role.ADMIN)
    assert can(viewer, Action.READ) and not can(viewer, Action.ENTER_DATA)
    assert can(clerk, Action.ENTER_DATA) and not can(clerk, Action.SHARE_OUT)
    assert not can(clerk, Action.SEE_PERSONAL_DATA) and can(board, Action.SEE_PERSONAL_DATA)
    assert can(board, Action.SHARE_OUT) and not can(board, Action.MANAGE_USERS)
    assert all(can(admin, action) for action in Action)
    with pytest.raises(PermissionDenied, match="lan"):
        require(clerk, Action.CLOSE_MEETING)


def test_a_board_member_approves_a_clerk_s_step_and_the_log_names_both(ledger) -> None:
    clerk = add_test_user(ledger, "lan", Role.CLERK)
    add_test_user(ledger, "hoa", Role.BOARD, "mat-khau-hoa")
    with pytest.raises(SignInRefused):
        approve(ledger, clerk, Action.REOPEN_MEETING, "hoa", "sai", sleep=Sleeps())
    with pytest.raises(SignInRefused):  # a clerk cannot approve for a clerk
        approve(ledger, clerk, Action.REOPEN_MEETING, "lan", TEST_PASSWORD, sleep=Sleeps())
    approved = approve(ledger, clerk, Action.REOPEN_MEETING, "hoa", "mat-khau-hoa",
                       sleep=Sleeps())
    assert approved == Actor("lan", Role.CLERK, approved_by="hoa")
    assert can(approved, Action.REOPEN_MEETING) and not can(clerk, Action.REOPEN_MEETING)
    assert not can(approved, Action.MANAGE_USERS)
    [entry] = entries(ledger, "approve")
    assert (entry.user, entry.approver, json.loads(entry.details)) == (
        "lan", "hoa", {"step": "reopen_meeting"})
    assert [e.user for e in entries(ledger, "approve_failed")] == ["hoa", "lan"]
