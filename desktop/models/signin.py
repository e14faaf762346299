"""Signing in and a board member's approval on the spot: a name and a password checked
against the ledger's users, refused after a short delay that grows with each wrong
password in a row (1, 2, 4, 8, 16 then 30 seconds).

The count of wrong passwords and the moment before which the next try waits are kept in the
ledger, per user, so that a second copy of the application (or a script in a loop) waits
as long. A wrong password is committed (its count and its audit entry) before the wait, so
the wait never holds the ledger's write lock. The sleeper is given: the window runs this
off the GUI thread, tests pass one that only records.

Every sign-in and every refused one is in the audit log; the password never is. A ledger
opened read-only (another copy of the application writes it, a locked card) is signed in to
all the same, by whoever may read it: nothing is recorded there, as nothing else can be, and
a wrong password still waits.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from desktop.i18n import _
from desktop.models import audit
from desktop.models.clock import now
from desktop.models.database import Ledger
from desktop.models.errors import LedgerError
from desktop.models.passwords import hash_password, needs_rehash, verify_password, waste_time
from desktop.models.permissions import APPROVABLE, Action, Actor, Role, can, refusal
from desktop.models.users import User, find_user, user_count

Sleeper = Callable[[float], None]
MAX_DELAY = 30.0
UNKNOWN = "?"  # the log's name for a sign-in with a name no user has


class SignInRefused(LedgerError):
    """A wrong name or password, or a disabled user (said only once the password fits)."""


class NoUsers(LedgerError):
    """A ledger from before users existed: its administrator must be made first."""


def delay_after(failures: int) -> float:
    """How long a refusal waits after ``failures`` wrong passwords in a row."""
    return 0.0 if failures <= 0 else min(2.0 ** (failures - 1), MAX_DELAY)


def _wait_for(user: User | None) -> float:
    if user is None or user.retry_after is None:
        return 0.0
    return max((user.retry_after - now()).total_seconds(), 0.0)


def _wrong() -> SignInRefused:
    return SignInRefused(_("The user name or the password is wrong."))


def check_password_of(ledger: Ledger, name: str, password: str, *, purpose: str,
                      sleep: Sleeper = time.sleep) -> Actor:
    """The user ``name`` if ``password`` is theirs, else ``SignInRefused`` after the delay.
    ``purpose`` names the attempt in the audit log (``sign_in``, ``approve``)."""
    with ledger.session() as session:
        if not user_count(session):
            raise NoUsers(_("This ledger has no users yet: its administrator must be made "
                            "first."))
        wait = _wait_for(find_user(session, name))
    if wait:  # another try (here or in another copy of the application) failed just now
        sleep(wait)
    refused_after, disabled = 0.0, ""
    recording = not ledger.read_only
    with ledger.session() as session:
        user = find_user(session, name)
        if user is None:
            waste_time(password)
            if recording:
                audit.record(session, Actor(UNKNOWN), f"{purpose}_failed", "user", None,
                             reason="unknown user")
            refused_after = 1.0
        elif not verify_password(password, user.password_hash):
            attempts = user.failed_attempts + 1
            refused_after = delay_after(attempts)
            if recording:
                user.failed_attempts = attempts
                user.retry_after = now() + dt.timedelta(seconds=refused_after)
                audit.record(session, Actor(user.name, Role(user.role)), f"{purpose}_failed",
                             "user", user.id, attempts=attempts)
        else:
            if recording:
                user.failed_attempts, user.retry_after = 0, None
            if not user.disabled:
                if recording and needs_rehash(user.password_hash):
                    user.password_hash = hash_password(password)
                return Actor(user.name, Role(user.role))
            # The right password of a disabled user: only now may the refusal say why.
            if recording:
                audit.record(session, Actor(user.name, Role(user.role)), f"{purpose}_failed",
                             "user", user.id, reason="disabled")
            disabled = user.name
    if refused_after == 0.0:
        raise SignInRefused(_("The user {name} is disabled; ask the administrator.")
                            .format(name=disabled))
    sleep(refused_after)
    raise _wrong()


def sign_in(ledger: Ledger, name: str, password: str, *,
            sleep: Sleeper = time.sleep) -> Actor:
    """The signed-in actor (the sign-in is in the audit log)."""
    actor = check_password_of(ledger, name, password, purpose="sign_in", sleep=sleep)
    if ledger.read_only:
        return actor  # read by whoever may; the sign-in cannot be recorded (module doc)
    with ledger.session() as session:
        user = find_user(session, actor.name)
        assert user is not None
        user.last_sign_in = now()
        audit.record(session, actor, "sign_in", "user", user.id)
    return actor


def approve(ledger: Ledger, actor: Actor, action: Action, board_name: str, password: str,
            *, sleep: Sleeper = time.sleep) -> Actor:
    """``actor`` with the approval of the board member ``board_name`` for ``action`` (a
    board-only step): their password is checked like a sign-in's. The approval is in the
    log, and the step it allows names both."""
    if action not in APPROVABLE:
        raise ValueError(f"{action} is not approved on the spot")
    board = check_password_of(ledger, board_name, password, purpose="approve", sleep=sleep)
    if board.role not in (Role.BOARD, Role.ADMIN) or not can(board, action):
        with ledger.session() as session:
            user = find_user(session, board.name)
            audit.record(session, board, "approve_failed", "user", user.id if user else None,
                         step=str(action), reason="not board")
        raise SignInRefused(refusal(board, action))
    if board.name == actor.name:
        return actor
    approved = actor.approved(board.name)
    with ledger.session() as session:
        user = find_user(session, board.name)
        audit.record(session, approved, "approve", "user", user.id if user else None,
                     step=str(action))
    return approved
