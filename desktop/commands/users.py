"""``users``: the administrator manages who may open the ledger.

``users list``, ``users add NAME --role ROLE [--display-name …]``, ``users disable NAME``,
``users enable NAME``, ``users reset-password NAME``, ``users role NAME ROLE`` and ``users
settings [--lock-minutes N] [--retention-years N]``. New passwords are asked twice on the
terminal, or read from ``COMMUNE_LEDGER_NEW_PASSWORD`` (a script's own sign-in password is
in ``COMMUNE_LEDGER_PASSWORD``). On a ledger made before users existed, ``users add NAME
--role admin`` makes its first administrator without signing in.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import replace

from desktop.commands.common import ledger_from, print_json
from desktop.i18n import _
from desktop.models.errors import LedgerError
from desktop.models.permissions import Role, role_name
from desktop.models.security_settings import load_security_settings, save_security_settings
from desktop.models.users import (
    UserRow,
    add_user,
    change_role,
    check_password,
    clean_name,
    create_first_admin,
    list_users,
    reset_password,
    set_disabled,
)

NEW_PASSWORD_VARIABLE = "COMMUNE_LEDGER_NEW_PASSWORD"
ROLES = [role.value for role in Role]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "users", help=_("the users of the ledger and their roles (administrator)"),
        description=_("Manage who may open the ledger: clerk (enters data), board (closes "
                      "meetings and cycles, approves), viewer (reads only), admin (users and "
                      "settings)."))
    actions = parser.add_subparsers(dest="users_command", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    listed = actions.add_parser("list", help=_("list the users"))
    listed.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    listed.set_defaults(func=run_list)

    added = actions.add_parser("add", help=_("add a user (the password is asked twice)"))
    added.add_argument("name", metavar="NAME", help=_("the user's sign-in name"))
    added.add_argument("--role", required=True, choices=ROLES, help=_("the user's role"))
    added.add_argument("--display-name", default="", metavar="TEXT",
                       help=_("the user's full name"))
    added.set_defaults(func=run_add)

    for name, text in (("disable", _("disable a user (users are never deleted)")),
                       ("enable", _("enable a disabled user again")),
                       ("reset-password", _("give a user a new password"))):
        action = actions.add_parser(name, help=text)
        action.add_argument("name", metavar="NAME", help=_("the user's sign-in name"))
        action.set_defaults(func=run_change)

    role = actions.add_parser("role", help=_("change a user's role"))
    role.add_argument("name", metavar="NAME", help=_("the user's sign-in name"))
    role.add_argument("role", choices=ROLES, help=_("the new role"))
    role.set_defaults(func=run_change)

    settings = actions.add_parser("settings", help=_("show or change the screen lock and the "
                                                     "retention period"))
    settings.add_argument("--lock-minutes", type=int, metavar="N",
                          help=_("lock the window after N idle minutes"))
    settings.add_argument("--retention-years", type=int, metavar="N",
                          help=_("members who left more than N years ago may be anonymised"))
    settings.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    settings.set_defaults(func=run_settings)


def new_password(name: str) -> str:
    """The new user's password: from ``COMMUNE_LEDGER_NEW_PASSWORD`` or typed twice."""
    given = os.environ.get(NEW_PASSWORD_VARIABLE)
    if given is None:
        if not sys.stdin.isatty():
            raise LedgerError(_("No new password: type it on a terminal, or give it to a "
                                "script in {variable}.").format(variable=NEW_PASSWORD_VARIABLE))
        given = getpass.getpass(_("New password for {name}: ").format(name=name))
        if getpass.getpass(_("The same password again: ")) != given:
            raise LedgerError(_("The two passwords differ; nothing was changed."))
    check_password(given)
    return given


def _as_json(user: UserRow) -> dict[str, object]:
    return {"name": user.name, "display_name": user.display_name, "role": str(user.role),
            "disabled": user.disabled, "created": user.created_at.isoformat(),
            "last_sign_in": user.last_sign_in.isoformat() if user.last_sign_in else None}


def run_list(options: argparse.Namespace) -> int:
    ledger = ledger_from(options)
    try:
        with ledger.session() as session:
            users = list_users(session)
    finally:
        ledger.close()
    if options.json:
        print_json([_as_json(user) for user in users])
        return 0
    for user in users:
        state = _("disabled") if user.disabled else ""
        last = user.last_sign_in.strftime("%d/%m/%Y %H:%M") if user.last_sign_in else "—"
        print("  ".join(part for part in (user.name.ljust(16), role_name(user.role).ljust(18),
                                          user.display_name.ljust(24), last, state) if part)
              .rstrip())
    return 0


def run_add(options: argparse.Namespace) -> int:
    # None as actor: the first administrator of the ledger
    ledger = ledger_from(options, write=True)
    try:
        secret = new_password(clean_name(options.name))
        with ledger.session() as session:
            if options.actor is None:
                create_first_admin(session, options.name, secret, options.display_name)
            else:
                add_user(session, options.actor, options.name, Role(options.role), secret,
                         options.display_name)
    finally:
        ledger.close()
    print(_("Added the user {name} ({role}).").format(name=clean_name(options.name),
                                                     role=role_name(options.role)))
    return 0


def run_change(options: argparse.Namespace) -> int:
    ledger = ledger_from(options, write=True)
    command = options.users_command
    try:
        secret = new_password(clean_name(options.name)) if command == "reset-password" else ""
        with ledger.session() as session:
            if command == "reset-password":
                user = reset_password(session, options.actor, options.name, secret)
                said = _("{name} has a new password.")
            elif command == "role":
                user = change_role(session, options.actor, options.name, Role(options.role))
                said = _("{name} is now {role}.")
            else:
                user = set_disabled(session, options.actor, options.name,
                                    command == "disable")
                said = _("{name} is disabled.") if user.disabled else _("{name} is enabled.")
    finally:
        ledger.close()
    print(said.format(name=user.name, role=role_name(user.role)))
    return 0


def run_settings(options: argparse.Namespace) -> int:
    changing = options.lock_minutes is not None or options.retention_years is not None
    ledger = ledger_from(options, write=changing)
    try:
        with ledger.session() as session:
            settings = load_security_settings(session)
            changes = {name: value for name, value in (
                ("lock_minutes", options.lock_minutes),
                ("retention_years", options.retention_years)) if value is not None}
            if changes:
                settings = replace(settings, **changes)
                save_security_settings(session, options.actor, settings)
    finally:
        ledger.close()
    if options.json:
        print_json({"lock_minutes": settings.lock_minutes,
                    "retention_years": settings.retention_years})
    else:
        print(_("The window locks after {minutes} idle minutes; members who left more than "
                "{years} years ago may be anonymised.").format(
            minutes=settings.lock_minutes, years=settings.retention_years))
    return 0
