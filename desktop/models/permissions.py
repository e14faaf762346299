"""Who may do what: the one place where board-only actions are checked."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.i18n import _
from desktop.models.errors import PermissionDenied


class Role(StrEnum):
    CLERK = "clerk"
    BOARD = "board"
    VIEWER = "viewer"
    ADMIN = "admin"


class Action(StrEnum):
    ENTER_DATA = "enter_data"
    CLOSE_MEETING = "close_meeting"
    REOPEN_MEETING = "reopen_meeting"
    SHARE_OUT = "share_out"
    WRITE_OFF = "write_off"
    OVERRIDE_LIMIT = "override_limit"
    CHANGE_CONSTITUTION = "change_constitution"  # once the cycle has meetings


_BOARD_ONLY = {
    Action.CLOSE_MEETING, Action.REOPEN_MEETING, Action.SHARE_OUT, Action.WRITE_OFF,
    Action.OVERRIDE_LIMIT, Action.CHANGE_CONSTITUTION,
}


@dataclass(frozen=True)
class Actor:
    """The person doing something, as the audit log names them."""

    name: str
    role: Role = Role.ADMIN


def can(actor: Actor, action: Action) -> bool:
    if actor.role == Role.ADMIN:
        return True
    if actor.role == Role.VIEWER:
        return False
    if action in _BOARD_ONLY:
        return actor.role == Role.BOARD
    return True


def require(actor: Actor, action: Action) -> None:
    if not can(actor, action):
        raise PermissionDenied(
            _("{user} is not allowed to do this; it needs the board's role.").format(
                user=actor.name
            )
        )


SYSTEM = Actor("system", Role.ADMIN)
