"""Members' personal data as Law 91/2025/QH15 and Decree 356/2025 ask (DESIGN §8).

- **Consent**: each member's consent to keep personal data is recorded (date, how it was
  given, the date it was withdrawn). Without consent standing today the ledger keeps only
  what the books and the returns need — code, name, sex, year of birth, ethnicity, village,
  household, role, dates — and **no phone number and no ID number**: they cannot be typed
  or imported, and withdrawing consent erases them.
- **Masking**: ID numbers (CCCD) and phone numbers show in full only to a role that may see
  them (``Action.SEE_PERSONAL_DATA``: the board and the administrator); everyone else sees
  ``0012•••••789`` in grids, prints and exports. ``shown`` is the one function for it.
- **Anonymising**: a member who left more than the retention period ago (a ledger setting,
  5 years by default) can be anonymised: name, ID number, phone, year of birth and the
  reason for leaving are replaced; the money history stays, so the books still balance.
- The audit log never holds an ID number or a phone number in full (``for_log``).
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import update
from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.models import audit
from desktop.models.clock import today
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_date
from desktop.models.member import Member
from desktop.models.permissions import Action, Actor, can, require
from desktop.models.security_settings import load_security_settings
from desktop.models.shareout_record import ShareOutLeaver, ShareOutPayout

MASK = "•"
SENSITIVE = ("id_number", "phone")
ID_NUMBER = re.compile(r"\d{12}")


class ConsentMethod(StrEnum):
    PAPER = "paper"  # a signed paper form
    THUMBPRINT = "thumbprint"  # điểm chỉ
    OTHER = "other"


CONSENT_METHODS = {ConsentMethod.PAPER: N_("Signed paper"),
                   ConsentMethod.THUMBPRINT: N_("Thumbprint"),
                   ConsentMethod.OTHER: N_("Other")}


def method_name(method: str) -> str:
    try:
        return _(CONSENT_METHODS[ConsentMethod(method)])
    except ValueError:
        return method


def mask(text: str) -> str:
    """``001234567789`` → ``0012•••••789``: the first four and last three characters of a
    long number, nothing of a short one."""
    text = text.strip()
    if not text:
        return ""
    if len(text) < 8:
        return MASK * len(text)
    return text[:4] + MASK * (len(text) - 7) + text[-3:]


def can_see(actor: Actor) -> bool:
    return can(actor, Action.SEE_PERSONAL_DATA)


def shown(value: str, actor: Actor) -> str:
    """An ID number or phone number as ``actor`` may see it: whole, or masked."""
    return value if can_see(actor) else mask(value)


class _Consenting(Protocol):
    def has_consent(self, on: dt.date) -> bool: ...


def personal_number(member: _Consenting, value: str, actor: Actor) -> str:
    """A member's ID or phone number as ``actor`` may see it: masked for a role that may
    not, and hidden from everyone while the member's consent does not stand (numbers kept
    from before consent was recorded)."""
    if not member.has_consent(today()):
        return ""
    return shown(value, actor)


def for_log(name: str, value: Any) -> Any:
    """A member detail as the audit log keeps it: sensitive numbers masked."""
    return mask(str(value or "")) if name in SENSITIVE else value


def consent_problems(details: dict[str, Any], member: Member | None, on: dt.date) -> list[str]:
    """What is wrong with a member's personal data and consent as given (``details``
    over the member's stored values), as sentences for the clerk."""
    def value(name: str) -> Any:
        if name in details:
            return details[name]
        return getattr(member, name) if member is not None else None

    problems: list[str] = []
    given, withdrawn = value("consent_date"), value("consent_withdrawn")
    method = value("consent_method") or ""
    if given is not None and given > on:
        problems.append(_("The consent date {date} is after today.").format(
            date=format_date(given)))
    if given is not None and method not in {m.value for m in ConsentMethod}:
        problems.append(_("Say how the consent was given (signed paper, thumbprint, other)."))
    if withdrawn is not None and (given is None or withdrawn < given):
        problems.append(_("Consent can only be withdrawn after it was given."))
    standing = given is not None and given <= on and (withdrawn is None or withdrawn > on)
    number = str(value("id_number") or "")
    if number and not ID_NUMBER.fullmatch(number):
        problems.append(_("An ID number (CCCD) has exactly 12 digits."))
    if not standing and any(str(details.get(name) or "") for name in SENSITIVE):
        problems.append(_("A phone number or ID number is kept only with the member's "
                          "consent: record the consent first."))
    return problems


def withdraw(session: Session, member: Member, actor: Actor, on: dt.date) -> None:
    """The member withdraws consent on ``on``: the phone and ID number are erased now."""
    require(actor, Action.ENTER_DATA)
    problems = consent_problems({"consent_withdrawn": on}, member, today())
    if problems:
        raise LedgerError(" ".join(problems))
    erased = [name for name in SENSITIVE if getattr(member, name)]
    member.consent_withdrawn = on
    member.phone, member.id_number = "", ""
    session.flush()
    audit.record(session, actor, "withdraw_consent", "member", member.id,
                 date=on, erased=erased)


def erase_without_consent(member: Member, on: dt.date) -> list[str]:
    """Erase the phone and ID number of a member whose consent does not stand; the
    names of the details erased."""
    if member.has_consent(on):
        return []
    erased = [name for name in SENSITIVE if getattr(member, name)]
    member.phone, member.id_number = "", ""
    return erased


def anonymisable_from(member: Member, retention_years: int) -> dt.date | None:
    """The first day the member may be anonymised (``None``: still a member)."""
    if member.leave_date is None:
        return None
    left = member.leave_date
    try:
        return left.replace(year=left.year + retention_years)
    except ValueError:  # left on 29 February
        return left.replace(year=left.year + retention_years, day=28)


def anonymised_name(member: Member) -> str:
    return _("Anonymised member {code}").format(code=member.code)


def anonymise(session: Session, member_id: int, actor: Actor) -> Member:
    """Replace the personal data of a member who left longer ago than the retention period
    (the board or the administrator). The money history stays: the books balance as before."""
    require(actor, Action.ANONYMISE)
    member = session.get(Member, member_id)
    if member is None:
        raise LedgerError(_("This member no longer exists in the ledger."))
    if member.anonymised_on is not None:
        raise LedgerError(_("{code} was already anonymised on {date}.").format(
            code=member.code, date=format_date(member.anonymised_on)))
    years = load_security_settings(session).retention_years
    first_day = anonymisable_from(member, years)
    if first_day is None:
        raise LedgerError(_("{code} {name} is still a member: only a member who left can be "
                            "anonymised.").format(code=member.code, name=member.full_name))
    if today() < first_day:
        raise LedgerError(_("{code} {name} left on {left}; the ledger keeps a member's data "
                            "{years} years after leaving, so they can be anonymised from "
                            "{date}.").format(code=member.code, name=member.full_name,
                                              left=format_date(member.leave_date
                                                               or first_day),
                                              years=years, date=format_date(first_day)))
    name = anonymised_name(member)
    member.full_name = name
    member.birth_year = None
    member.phone, member.id_number = "", ""
    member.leave_reason = ""
    member.anonymised_on = today()
    # Names printed on closed share-out sheets are personal data too.
    for table in (ShareOutPayout, ShareOutLeaver):
        session.execute(update(table).where(table.member_id == member.id).values(name=name))
    session.flush()
    audit.record(session, actor, "anonymise", "member", member.id, code=member.code,
                 left=member.leave_date, retention_years=years)
    return member


# Printed forms and exports that name members (their personal data leaves the screen).
PERSONAL_DOCUMENTS = frozenset({
    "passbooks", "slips", "shareout", "register_members", "register_loans", "register_cash",
    "group_workbook", "audit_log",
})


def record_disclosure(session: Session, actor: Actor, document: str, group_id: int | None,
                      **details: object) -> None:
    """Write in the audit log that ``actor`` printed or exported ``document`` (one of
    ``PERSONAL_DOCUMENTS``) carrying members' personal data (the caller commits)."""
    if document not in PERSONAL_DOCUMENTS:
        raise ValueError(f"not a document with personal data: {document}")
    audit.record(session, actor, "disclose_personal_data", "group" if group_id else "ledger",
                 group_id, document=document, **details)
