"""The members register (sổ danh sách thành viên) as a grid reads it: member ids in an order
chosen in SQL, rows fetched a page at a time, search without diacritics, and edits of a
member's details with an audit entry.

A register may hold one group's 20 members or a province's 100,000: the grid keeps only the
ordered ids and asks for the few rows it shows (``member_rows``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import audit, schema  # noqa: F401  (every table mapped first)
from desktop.models.clock import today
from desktop.models.collation import fold, nfc
from desktop.models.enums import Household, MemberRole, Sex
from desktop.models.errors import LedgerError
from desktop.models.formatting import format_date
from desktop.models.member import Member
from desktop.models.permissions import Action, Actor, require
from desktop.models.personal_data import consent_problems, erase_without_consent, for_log


class MemberOrder(StrEnum):
    """What the register can be sorted by (each one an SQL ``ORDER BY``)."""

    NAME = "name"  # Vietnamese name order: given name, middle, family name
    CODE = "code"
    SEX = "sex"
    BIRTH_YEAR = "birth_year"
    ETHNICITY = "ethnicity"
    VILLAGE = "village"
    HOUSEHOLD = "household"
    ROLE = "role"
    PHONE = "phone"
    JOIN_DATE = "join_date"
    LEAVE_DATE = "leave_date"
    LEAVE_REASON = "leave_reason"


_ORDER_COLUMN = {
    MemberOrder.NAME: Member.sort_key,
    MemberOrder.CODE: Member.code,
    MemberOrder.SEX: Member.sex,
    MemberOrder.BIRTH_YEAR: Member.birth_year,
    MemberOrder.ETHNICITY: Member.ethnicity,
    MemberOrder.VILLAGE: Member.village,
    MemberOrder.HOUSEHOLD: Member.household,
    MemberOrder.ROLE: Member.role,
    MemberOrder.PHONE: Member.phone,
    MemberOrder.JOIN_DATE: Member.join_date,
    MemberOrder.LEAVE_DATE: Member.leave_date,
    MemberOrder.LEAVE_REASON: Member.leave_reason,
}


@dataclass(frozen=True)
class MemberRow:
    """One line of the register, as plain data (safe to keep after the session closes)."""

    id: int
    group_id: int
    code: str
    full_name: str
    sex: Sex
    birth_year: int | None
    ethnicity: str
    village: str
    phone: str
    household: Household
    role: MemberRole
    join_date: dt.date
    leave_date: dt.date | None
    leave_reason: str
    id_number: str = ""
    consent_date: dt.date | None = None
    consent_method: str = ""
    consent_withdrawn: dt.date | None = None
    anonymised_on: dt.date | None = None

    def has_consent(self, on: dt.date) -> bool:
        return (self.consent_date is not None and self.consent_date <= on
                and (self.consent_withdrawn is None or self.consent_withdrawn > on))

    def has_left(self, on: dt.date) -> bool:
        return self.leave_date is not None and self.leave_date <= on


EDITABLE_DETAILS = ("code", "full_name", "sex", "birth_year", "ethnicity", "village", "phone",
                    "household", "role", "join_date", "id_number", "consent_date",
                    "consent_method", "consent_withdrawn")


def _scope(group_id: int | None, include_left: bool, on: dt.date) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if group_id is not None:
        conditions.append(Member.group_id == group_id)
    if not include_left:
        conditions.append(or_(Member.leave_date.is_(None), Member.leave_date > on))
    return conditions


def _ordering(order: MemberOrder, descending: bool) -> list[Any]:
    column = _ORDER_COLUMN[MemberOrder(order)]
    primary = column.desc() if descending else column.asc()
    tie = [Member.sort_key.asc(), Member.id.asc()] if order != MemberOrder.NAME else [
        Member.id.desc() if descending else Member.id.asc()]
    return [primary, *tie]


def member_ids(session: Session, group_id: int | None, *, on: dt.date,
               order: MemberOrder = MemberOrder.NAME, descending: bool = False,
               include_left: bool = True, search: str = "") -> list[int]:
    """The ids of the register's members, sorted in SQL (ties by name, then id), kept to
    those whose name or code contains ``search`` (see ``NameIndex.find``)."""
    if search.strip():
        return member_index(session, group_id, on=on, order=order, descending=descending,
                            include_left=include_left).find(search)
    return list(session.scalars(select(Member.id)
                                .where(*_scope(group_id, include_left, on))
                                .order_by(*_ordering(order, descending))))


class NameIndex:
    """The register's members in display order with their names and codes folded once, so
    that each keystroke of a search is a scan in memory rather than a query.

    Matching is ``collation.matches``: typed without diacritics, the query is compared with
    the folded text ("huong" finds "Hương"); typed with them, with the text as written.
    """

    def __init__(self, rows: Sequence[tuple[int, str, str]]) -> None:
        self._rows = [(member_id, nfc(code).lower(), fold(code), nfc(name).lower(), fold(name))
                      for member_id, code, name in rows]

    def find(self, query: str) -> list[int]:
        typed = nfc(query).strip().lower()
        if not typed:
            return [row[0] for row in self._rows]
        if fold(typed) == typed:
            return [member_id for member_id, _code, code_folded, _name, name_folded
                    in self._rows if typed in name_folded or typed in code_folded]
        return [member_id for member_id, code, _code_folded, name, _name_folded
                in self._rows if typed in name or typed in code]


def member_index(session: Session, group_id: int | None, *, on: dt.date,
                 order: MemberOrder = MemberOrder.NAME, descending: bool = False,
                 include_left: bool = True) -> NameIndex:
    """A ``NameIndex`` of the register in the given order (one query)."""
    rows = session.execute(select(Member.id, Member.code, Member.full_name)
                           .where(*_scope(group_id, include_left, on))
                           .order_by(*_ordering(order, descending)))
    return NameIndex([(member_id, code, name) for member_id, code, name in rows])


_ROW_COLUMNS = (Member.id, Member.group_id, Member.code, Member.full_name, Member.sex,
                Member.birth_year, Member.ethnicity, Member.village, Member.phone,
                Member.household, Member.role, Member.join_date, Member.leave_date,
                Member.leave_reason, Member.id_number, Member.consent_date,
                Member.consent_method, Member.consent_withdrawn, Member.anonymised_on)


def member_rows(session: Session, ids: Sequence[int]) -> dict[int, MemberRow]:
    """The rows of ``ids`` (one query per 500 ids, so a page of the grid is one query).
    Plain columns, no ORM objects: a page of a scrolled register must read fast."""
    result: dict[int, MemberRow] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        for (member_id, group_id, code, name, sex, year, ethnicity, village, phone, household,
             role, joined, left, reason, number, consent, method, withdrawn,
             anonymised) in session.execute(select(*_ROW_COLUMNS).where(Member.id.in_(chunk))):
            result[member_id] = MemberRow(
                id=member_id, group_id=group_id, code=code, full_name=name, sex=Sex(sex),
                birth_year=year, ethnicity=ethnicity or "", village=village or "",
                phone=phone or "", household=Household(household), role=MemberRole(role),
                join_date=joined, leave_date=left, leave_reason=reason or "",
                id_number=number or "", consent_date=consent, consent_method=method or "",
                consent_withdrawn=withdrawn, anonymised_on=anonymised)
    return result


def _row(member: Member) -> MemberRow:
    return MemberRow(
        id=member.id, group_id=member.group_id, code=member.code, full_name=member.full_name,
        sex=Sex(member.sex), birth_year=member.birth_year, ethnicity=member.ethnicity or "",
        village=member.village or "", phone=member.phone or "",
        household=Household(member.household), role=MemberRole(member.role),
        join_date=member.join_date, leave_date=member.leave_date,
        leave_reason=member.leave_reason or "", id_number=member.id_number or "",
        consent_date=member.consent_date, consent_method=member.consent_method or "",
        consent_withdrawn=member.consent_withdrawn, anonymised_on=member.anonymised_on,
    )


def member_row(session: Session, member_id: int) -> MemberRow:
    member = session.get(Member, member_id)
    if member is None:
        raise LedgerError(_("This member no longer exists in the ledger."))
    return _row(member)


def _clean(name: str, value: Any) -> Any:
    """A detail as it is stored: text NFC without doubled spaces, enums from their code."""
    if name in ("code", "full_name", "ethnicity", "village", "phone"):
        return nfc(" ".join(str(value or "").split()))
    if name == "id_number":
        return "".join(str(value or "").split())
    if name == "consent_method":
        return str(value or "")
    if name == "sex":
        return Sex(value)
    if name == "household":
        return Household(value)
    if name == "role":
        return MemberRole(value)
    return value


def detail_problems(session: Session, member: Member, changes: dict[str, Any]) -> list[str]:
    """What is wrong with new details, as sentences for the clerk."""
    problems: list[str] = []
    if "code" in changes:
        code = changes["code"]
        if not code:
            problems.append(_("A member needs a code."))
        elif session.scalar(select(Member.id).where(
                Member.group_id == member.group_id, Member.code == code, Member.id != member.id)):
            problems.append(_("There is already a member with the code {code}.").format(code=code))
    if "full_name" in changes and not changes["full_name"]:
        problems.append(_("A member needs a full name."))
    year = changes.get("birth_year")
    if year is not None and not 1900 <= year <= today().year:
        problems.append(_("The year of birth {year} is not possible.").format(year=year))
    join = changes.get("join_date")
    if join is not None and member.leave_date is not None and join > member.leave_date:
        problems.append(_("The joining date is after the member left ({date}).").format(
            date=format_date(member.leave_date)))
    return problems


def update_member(session: Session, member_id: int, actor: Actor,
                  **changes: Any) -> MemberRow:
    """Change a member's details (the caller commits); audited with old and new values.

    Only ``EDITABLE_DETAILS`` can change here: leaving goes through ``registry.leave_group``
    because it pays the member out.
    """
    require(actor, Action.ENTER_DATA)
    unknown = set(changes) - set(EDITABLE_DETAILS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    member = session.get(Member, member_id)
    if member is None:
        raise LedgerError(_("This member no longer exists in the ledger."))
    cleaned = {name: _clean(name, value) for name, value in changes.items()}
    if member.anonymised_on is not None:
        raise LedgerError(_("{code} was anonymised: the member's details are not kept any "
                            "more.").format(code=member.code))
    problems = detail_problems(session, member, cleaned) + consent_problems(
        cleaned, member, today())
    if problems:
        raise LedgerError(" ".join(problems))
    before = {name: getattr(member, name) for name in cleaned}
    changed = {name: value for name, value in cleaned.items() if before[name] != value}
    for name, value in changed.items():
        setattr(member, name, value)
    # Consent withdrawn (or its date taken away): the phone and ID number go at once.
    if {"consent_date", "consent_withdrawn"} & set(changed):
        kept = {name: getattr(member, name) for name in ("phone", "id_number")}
        for name in erase_without_consent(member, today()):
            before.setdefault(name, kept[name])
            changed[name] = ""
    if changed:
        session.flush()
        audit.record(session, actor, "edit_member", "member", member.id,
                     before={name: for_log(name, before[name]) for name in changed},
                     after={name: for_log(name, value) for name, value in changed.items()})
    return _row(member)



def suggest_code(session: Session, group_id: int) -> str:
    """The next member code after the group's highest numbered one ("TV07" after "TV06")."""
    codes = session.scalars(select(Member.code).where(Member.group_id == group_id)).all()
    best: tuple[int, str, int] | None = None  # (number, prefix, width)
    for code in codes:
        digits = len(code) - len(code.rstrip("0123456789"))
        if digits == 0:
            continue
        number = int(code[-digits:])
        if best is None or number > best[0]:
            best = (number, code[:-digits], digits)
    if best is None:
        return "TV01" if not codes else ""
    number, prefix, width = best
    return f"{prefix}{number + 1:0{width}d}"
