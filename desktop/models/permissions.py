"""Who may do what: the one place where every right is checked.

Four roles (DESIGN §8): the *clerk* enters data, the *board* closes meetings and cycles,
reopens, writes off and overrides limits, the *viewer* only reads (province staff), the
*admin* manages users and settings and may do everything. The sign-in layer (``users``)
makes the ``Actor``; the domain only asks ``can``/``require``.

A board-only step that a clerk starts may be approved on the spot by a board member's own
password (``users.approve``): the actor then carries the approver's name, may do that step,
and the audit log names both.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.i18n import N_, _
from desktop.models.errors import PermissionDenied


class Role(StrEnum):
    CLERK = "clerk"
    BOARD = "board"
    VIEWER = "viewer"
    ADMIN = "admin"


ROLE_NAMES = {Role.CLERK: N_("clerk"), Role.BOARD: N_("board"), Role.VIEWER: N_("viewer"),
              Role.ADMIN: N_("administrator")}


def role_name(role: Role | str) -> str:
    """The role as the window says it ("cán bộ nhập liệu", "ban quản lý"…)."""
    return _(ROLE_NAMES[Role(role)])


class Action(StrEnum):
    READ = "read"  # look at the books, preview and print reports
    ENTER_DATA = "enter_data"
    CLOSE_MEETING = "close_meeting"
    REOPEN_MEETING = "reopen_meeting"
    SHARE_OUT = "share_out"
    WRITE_OFF = "write_off"
    OVERRIDE_LIMIT = "override_limit"
    CHANGE_CONSTITUTION = "change_constitution"  # once the cycle has meetings
    SEE_PERSONAL_DATA = "see_personal_data"  # ID numbers and phone numbers in full
    ANONYMISE = "anonymise"  # a member who left long ago
    READ_AUDIT = "read_audit"
    MANAGE_USERS = "manage_users"
    CHANGE_SETTINGS = "change_settings"
    EXPORT_PERSONAL_DATA = "export_personal_data"  # ID and phone numbers in a group workbook
    BACK_UP = "back_up"  # a backup copy of the ledger, and the list of its backups
    RESTORE = "restore"  # a backup written into a new ledger, or over the ledger
    COPY_LEDGER = "copy_ledger"  # the whole ledger, users and audit log too, elsewhere


_BOARD_ONLY = frozenset({
    Action.CLOSE_MEETING, Action.REOPEN_MEETING, Action.SHARE_OUT, Action.WRITE_OFF,
    Action.OVERRIDE_LIMIT, Action.CHANGE_CONSTITUTION,
})
# What each role may do besides the admin, who may do everything.
_RIGHTS: dict[Role, frozenset[Action]] = {
    Role.VIEWER: frozenset({Action.READ}),
    Role.CLERK: frozenset({Action.READ, Action.ENTER_DATA, Action.BACK_UP}),
    Role.BOARD: frozenset({Action.READ, Action.ENTER_DATA, *_BOARD_ONLY,
                           Action.SEE_PERSONAL_DATA, Action.ANONYMISE, Action.READ_AUDIT,
                           Action.BACK_UP}),
}
# Steps a clerk may take with a board member's approval given on the spot.
APPROVABLE = _BOARD_ONLY

_REFUSALS = {
    Action.READ: N_("{user} may not open this ledger."),
    Action.ENTER_DATA: N_("{user} may look at the ledger but not change it."),
    Action.SEE_PERSONAL_DATA: N_("{user} may not see members' ID numbers and phone numbers; "
                                 "only the board and the administrator may."),
    Action.ANONYMISE: N_("{user} may not anonymise a member; only the board and the "
                         "administrator may."),
    Action.READ_AUDIT: N_("{user} may not read the audit log; only the board and the "
                          "administrator may."),
    Action.MANAGE_USERS: N_("{user} may not manage users; only the administrator may."),
    Action.CHANGE_SETTINGS: N_("{user} may not change the ledger's settings; only the "
                               "administrator may."),
    Action.EXPORT_PERSONAL_DATA: N_("{user} may not export ID numbers and phone numbers; only "
                                    "the administrator may."),
    Action.BACK_UP: N_("{user} may not back the ledger up; a clerk, the board or the "
                       "administrator may."),
    Action.RESTORE: N_("{user} may not restore a backup; only the administrator may."),
    Action.COPY_LEDGER: N_("{user} may not copy the whole ledger elsewhere; only the "
                           "administrator may."),
}


@dataclass(frozen=True)
class Actor:
    """The person doing something, as the audit log names them; ``approved_by`` is the
    board member who approved this one board-only step on the spot."""

    name: str
    role: Role = Role.ADMIN
    approved_by: str = ""

    def approved(self, board_member: str) -> Actor:
        return Actor(self.name, self.role, board_member)


def can(actor: Actor, action: Action) -> bool:
    if actor.role == Role.ADMIN:
        return True
    if action in _RIGHTS[actor.role]:
        return True
    return bool(actor.approved_by) and actor.role == Role.CLERK and action in APPROVABLE


def can_with_approval(actor: Actor, action: Action) -> bool:
    """Whether ``actor`` may do ``action`` now, or once a board member approves it."""
    return can(actor, action) or (actor.role == Role.CLERK and action in APPROVABLE)


def refusal(actor: Actor, action: Action) -> str:
    """Why ``actor`` may not do ``action``, as one sentence naming them."""
    message = _REFUSALS.get(action, N_("{user} is not allowed to do this; it needs the "
                                       "board's role."))
    return _(message).format(user=actor.name)


def require(actor: Actor, action: Action) -> None:
    if not can(actor, action):
        raise PermissionDenied(refusal(actor, action))


SYSTEM = Actor("system", Role.ADMIN)
