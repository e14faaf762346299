"""``anonymise CODE MEMBER``: the personal data of a member who left longer ago than the
retention period are replaced; the money history stays (board or administrator)."""

from __future__ import annotations

import argparse

from sqlalchemy import select

from desktop.commands.common import find_group, group_argument, ledger_from
from desktop.i18n import _
from desktop.models.errors import LedgerError
from desktop.models.member import Member
from desktop.models.personal_data import anonymise


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "anonymise", help=_("anonymise a member who left long ago (board, administrator)"),
        description=_("Replace the name, ID number, phone and year of birth of a member who "
                      "left more than the retention period ago (users settings). The money "
                      "history stays, so the books still balance."))
    group_argument(parser)
    parser.add_argument("member", metavar="MEMBER", help=_("the member's code"))
    parser.set_defaults(func=run)


def run(options: argparse.Namespace) -> int:
    ledger = ledger_from(options, write=True)
    try:
        with ledger.session() as session:
            group = find_group(session, options.code, options.commune)
            member_id = session.scalar(select(Member.id).where(
                Member.group_id == group.id, Member.code == options.member.strip()))
            if member_id is None:
                raise LedgerError(_("There is no member with the code {code} in the group "
                                    "{group}.").format(code=options.member, group=group.code))
            member = anonymise(session, member_id, options.actor)
            code, name = member.code, member.full_name
    finally:
        ledger.close()
    print(_("{code} is anonymised: now {name}.").format(code=code, name=name))
    return 0
