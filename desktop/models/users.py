"""The people who may open a ledger, their roles and passwords (DESIGN §8).

A user has a login name (lower-case letters, digits, ``.``, ``_``, ``-``), a display name,
a role, and a password kept only as a hash (``passwords``). Users are never deleted: a user
who leaves is disabled, so the audit log's names keep meaning someone. A ledger always keeps
one enabled administrator.

Every change here is in the audit log, without the password.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import Boolean, DateTime, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from desktop.i18n import _
from desktop.models import audit
from desktop.models.base import Base
from desktop.models.clock import now
from desktop.models.collation import nfc
from desktop.models.errors import LedgerError
from desktop.models.passwords import hash_password
from desktop.models.permissions import Action, Actor, Role, require

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,39}")
MIN_PASSWORD = 8


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[Role] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_sign_in: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Wrong passwords in a row, and the moment before which the next try waits: kept in the
    # ledger so that a second copy of the application waits as long as the first.
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    retry_after: Mapped[dt.datetime | None] = mapped_column(DateTime)


@dataclass(frozen=True)
class UserRow:
    """A user as the users page and ``users list`` show them (never the hash)."""

    name: str
    display_name: str
    role: Role
    disabled: bool
    created_at: dt.datetime
    last_sign_in: dt.datetime | None

    @property
    def actor(self) -> Actor:
        return Actor(self.name, self.role)


def _row(user: User) -> UserRow:
    return UserRow(user.name, user.display_name, Role(user.role), user.disabled,
                   user.created_at, user.last_sign_in)


def clean_name(name: str) -> str:
    """A login name as stored (lower case, no spaces around)."""
    return nfc(name).strip().lower()


def check_name(name: str) -> str:
    cleaned = clean_name(name)
    if not NAME_PATTERN.fullmatch(cleaned):
        raise LedgerError(_("'{name}' cannot be a user name: use 1 to 40 letters without "
                            "accents, digits, dots, dashes or underscores, starting with a "
                            "letter or digit (for example lan or nguyen.lan).").format(
            name=name.strip()))
    return cleaned


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise LedgerError(_("A password needs at least {count} characters.").format(
            count=MIN_PASSWORD))
    if password != password.strip():
        raise LedgerError(_("A password cannot start or end with a space."))


def user_count(session: Session) -> int:
    return int(session.scalar(select(func.count(User.id))) or 0)


def find_user(session: Session, name: str) -> User | None:
    return session.scalar(select(User).where(User.name == clean_name(name)))


def _user(session: Session, name: str) -> User:
    user = find_user(session, name)
    if user is None:
        raise LedgerError(_("There is no user {name}.").format(name=name.strip()))
    return user


def list_users(session: Session) -> list[UserRow]:
    """Every user, enabled ones first, by name."""
    users = session.scalars(select(User).order_by(User.disabled, User.name)).all()
    return [_row(user) for user in users]


def _add(session: Session, name: str, role: Role, password: str, display_name: str,
         by: Actor) -> User:
    cleaned = check_name(name)
    check_password(password)
    if find_user(session, cleaned) is not None:
        raise LedgerError(_("There is already a user {name}.").format(name=cleaned))
    user = User(name=cleaned, display_name=" ".join(nfc(display_name).split()),
                role=Role(role), password_hash=hash_password(password), disabled=False,
                created_at=now(), failed_attempts=0)
    session.add(user)
    session.flush()
    audit.record(session, by, "add_user", "user", user.id, name=cleaned, role=str(role),
                 display_name=user.display_name)
    return user


def create_first_admin(session: Session, name: str, password: str,
                       display_name: str = "") -> Actor:
    """The ledger's first user, its administrator: the first step of every new ledger, and
    of a ledger made before users existed. Refused once the ledger has any user."""
    if user_count(session):
        raise LedgerError(_("This ledger already has users; an administrator adds new ones."))
    actor = Actor(clean_name(name), Role.ADMIN)
    _add(session, name, Role.ADMIN, password, display_name, actor)
    return actor


def add_user(session: Session, actor: Actor, name: str, role: Role, password: str,
             display_name: str = "") -> UserRow:
    require(actor, Action.MANAGE_USERS)
    return _row(_add(session, name, role, password, display_name, actor))


def _enabled_admins(session: Session) -> int:
    return int(session.scalar(select(func.count(User.id)).where(
        User.role == Role.ADMIN, User.disabled.is_(False))) or 0)


def _keep_an_admin(session: Session, user: User) -> None:
    if user.role == Role.ADMIN and not user.disabled and _enabled_admins(session) <= 1:
        raise LedgerError(_("{name} is the only administrator: make another user "
                            "administrator first.").format(name=user.name))


def set_disabled(session: Session, actor: Actor, name: str, disabled: bool) -> UserRow:
    """Disable a user (never deleted: the log keeps naming them) or enable them again."""
    require(actor, Action.MANAGE_USERS)
    user = _user(session, name)
    if user.disabled == disabled:
        return _row(user)
    if disabled:
        _keep_an_admin(session, user)
    user.disabled = disabled
    user.failed_attempts, user.retry_after = 0, None
    session.flush()
    audit.record(session, actor, "disable_user" if disabled else "enable_user", "user",
                 user.id, name=user.name)
    return _row(user)


def change_role(session: Session, actor: Actor, name: str, role: Role) -> UserRow:
    require(actor, Action.MANAGE_USERS)
    user = _user(session, name)
    role = Role(role)
    if user.role == role:
        return _row(user)
    if role != Role.ADMIN:
        _keep_an_admin(session, user)
    before = str(user.role)
    user.role = role
    session.flush()
    audit.record(session, actor, "change_role", "user", user.id, name=user.name,
                 before=before, after=str(role))
    return _row(user)


def reset_password(session: Session, actor: Actor, name: str, password: str) -> UserRow:
    """The administrator gives a user a new password (the old one is not needed)."""
    require(actor, Action.MANAGE_USERS)
    user = _user(session, name)
    check_password(password)
    user.password_hash = hash_password(password)
    user.failed_attempts, user.retry_after = 0, None
    session.flush()
    audit.record(session, actor, "reset_password", "user", user.id, name=user.name)
    return _row(user)


def rename_display(session: Session, actor: Actor, name: str, display_name: str) -> UserRow:
    require(actor, Action.MANAGE_USERS)
    user = _user(session, name)
    cleaned = " ".join(nfc(display_name).split())
    if cleaned != user.display_name:
        before, user.display_name = user.display_name, cleaned
        session.flush()
        audit.record(session, actor, "rename_user", "user", user.id, name=user.name,
                     before=before, after=cleaned)
    return _row(user)
