"""Who may run which command, and signing in on the command line.

``RIGHTS`` is the one table of the right each command needs (the README shows the same
table): reading commands may run as a *viewer*, entering data and backing up need a *clerk*,
closing a cycle or importing a group's closed meetings the *board*, users, settings,
restoring over a ledger and copying it whole the *admin*.
A command missing from the table needs the administrator: a new command is closed until
someone decides who may run it.

Every command that opens a ledger signs in first (``ledger_from``): the user from ``--user``
(or ``COMMUNE_LEDGER_USER``), the password from ``COMMUNE_LEDGER_PASSWORD`` (for scripts) or
asked on the terminal, never on the command line. A ledger made before users existed has no
one to sign in as: every command is refused with the way out — ``users add NAME --role
admin``, the one command allowed then, once, without signing in.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from collections.abc import Callable

from desktop.i18n import _
from desktop.models.database import Ledger
from desktop.models.errors import LedgerError
from desktop.models.permissions import Action, Actor, can, refusal
from desktop.models.signin import NoUsers, Sleeper, sign_in
from desktop.models.users import user_count

USER_VARIABLE = "COMMUNE_LEDGER_USER"
PASSWORD_VARIABLE = "COMMUNE_LEDGER_PASSWORD"

Right = Action | Callable[[argparse.Namespace], Action]


def _print_settings(options: argparse.Namespace) -> Action:
    changes = (options.format, options.offset_x, options.offset_y, options.place,
               options.preparer, options.union_chair)
    return Action.ENTER_DATA if any(value is not None for value in changes) else Action.READ


def _passbooks(options: argparse.Namespace) -> Action:
    return Action.ENTER_DATA if options.mark_printed is not None else Action.READ


def _export_group(options: argparse.Namespace) -> Action:
    return Action.EXPORT_PERSONAL_DATA if options.with_personal_data else Action.READ


def _user_settings(options: argparse.Namespace) -> Action:
    changing = options.lock_minutes is not None or options.retention_years is not None
    return Action.CHANGE_SETTINGS if changing else Action.READ


RIGHTS: dict[str, Right] = {
    # reading: a viewer may
    "check": Action.READ,
    "shareout": Action.READ,
    "consolidated": Action.READ,
    "export-return": Action.READ,
    "export-group": _export_group,  # with ID and phone numbers: the administrator
    "print passbooks": _passbooks,  # recording pages as printed: a clerk
    "print slips": Action.READ,
    "print shareout": Action.READ,
    "print quarterly": Action.READ,
    "print register": Action.READ,
    "print calibration": Action.READ,
    "print consolidated": Action.READ,
    "print settings": _print_settings,  # changing them: a clerk
    # entering data, and keeping copies of the ledger: a clerk
    "import-returns": Action.ENTER_DATA,
    "backup": Action.BACK_UP,
    "backups": Action.BACK_UP,
    # the board
    "import-group": Action.CLOSE_MEETING,  # a group's closed meetings arrive closed
    "close-cycle": Action.SHARE_OUT,
    "anonymise": Action.ANONYMISE,
    "audit export": Action.READ_AUDIT,
    "audit list": Action.READ_AUDIT,
    # the administrator
    "restore": Action.RESTORE,  # --over: signed in to the ledger it replaces
    "copy-ledger": Action.COPY_LEDGER,  # signed in to FROM
    "users list": Action.MANAGE_USERS,
    "users add": Action.MANAGE_USERS,
    "users disable": Action.MANAGE_USERS,
    "users enable": Action.MANAGE_USERS,
    "users reset-password": Action.MANAGE_USERS,
    "users role": Action.MANAGE_USERS,
    "users settings": _user_settings,
}
SUBCOMMANDS = ("form", "users_command", "audit_command")

# Tests replace it to count the waits instead of waiting.
sleeper: Sleeper = time.sleep


def command_key(options: argparse.Namespace) -> str:
    """``print passbooks``, ``users add``, ``check``…: the command as ``RIGHTS`` names it."""
    parts = [str(options.command)]
    for name in SUBCOMMANDS:
        value = getattr(options, name, None)
        if value:
            parts.append(str(value))
    return " ".join(parts)


def needed(options: argparse.Namespace) -> Action:
    right = RIGHTS.get(command_key(options))
    if right is None:
        return Action.MANAGE_USERS  # not in the table: only the administrator
    return right if isinstance(right, Action) else right(options)


def user_name(options: argparse.Namespace) -> str:
    name = (getattr(options, "user", None) or os.environ.get(USER_VARIABLE, "")).strip()
    if name:
        return name
    if sys.stdin.isatty():
        return input(_("User name: ")).strip()
    raise LedgerError(_("Sign in with --user NAME (or set {variable}).").format(
        variable=USER_VARIABLE))


def password(prompt: str | None = None, *, confirm: bool = False) -> str:
    """The password from ``COMMUNE_LEDGER_PASSWORD``, or typed on the terminal (unseen)."""
    given = os.environ.get(PASSWORD_VARIABLE)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise LedgerError(_("No password: type it on a terminal, or give it to a script in "
                            "{variable}.").format(variable=PASSWORD_VARIABLE))
    typed = getpass.getpass(prompt or _("Password: "))
    if confirm and getpass.getpass(_("The same password again: ")) != typed:
        raise LedgerError(_("The two passwords differ; nothing was changed."))
    return typed


def no_users_message() -> str:
    return _("This ledger was made before users and passwords: nobody can sign in to it yet. "
             "Make its administrator first: commune-ledger --db FILE users add NAME --role "
             "admin")


def first_admin_allowed(options: argparse.Namespace) -> bool:
    """``users add NAME --role admin``: the one command a ledger without users runs."""
    return command_key(options) == "users add" and options.role == "admin"


def sign_in_for(options: argparse.Namespace, ledger: Ledger) -> Actor | None:
    """The signed-in actor with the right the command needs; ``None`` only for the first
    administrator of a ledger without users."""
    action = needed(options)
    with ledger.session() as session:
        nobody = user_count(session) == 0
    if nobody:
        if first_admin_allowed(options):
            return None
        raise LedgerError(no_users_message())
    name = user_name(options)
    try:
        actor = sign_in(ledger, name, password(), sleep=sleeper)
    except NoUsers:  # the last user vanished meanwhile: said the same way
        raise LedgerError(no_users_message()) from None
    if not can(actor, action):
        raise LedgerError(refusal(actor, action))
    return actor
