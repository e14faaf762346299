"""Export of one group's whole record to a group workbook (Sổ nhóm, DESIGN.md §6.2).

The workbook carries the group's current cycle: its constitution, the balances carried in,
the members, every meeting row as the meeting sheet shows it (corrections already netted)
and the treasurer's counts. Money movements that the meeting sheet does not show (bank
deposits, expenses, donations, write-offs, loans made outside a meeting) and earlier cycles
have no place in the format; :class:`ExportSummary` counts them so the clerk is told.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from desktop.models import audit
from desktop.models.enums import (
    EventKind,
    GroupKind,
    Household,
    InterestMethod,
    MemberRole,
    ProfitBasis,
    Sex,
)
from desktop.models.group import Cycle, Group
from desktop.models.journal import Event
from desktop.models.meeting import Meeting
from desktop.models.meetings import sheet
from desktop.models.member import Member
from desktop.models.permissions import Action, Actor, require
from desktop.workbooks import group_format as fmt
from desktop.workbooks.group_record import (
    CashCount,
    Constitution,
    GroupRecord,
    MeetingRow,
    MemberRecord,
)
from desktop.workbooks.sheet_style import (
    AMOUNT_FORMAT,
    COUNT_FORMAT,
    DATE_FORMAT,
    TEXT_FORMAT,
    choice_list,
    fit_widths,
    format_cells,
    header_row,
)

_VALUE_ALIGNMENT = Alignment(horizontal="left")

# Events the workbook carries: the meeting sheet's columns, and what the import recreates
# from sheet Nhom (opening balances, seed capital) and ThanhVien (a leaver's payout).
_SHEET_KINDS = (
    EventKind.SHARE_PURCHASE, EventKind.SAVINGS_DEPOSIT, EventKind.SOCIAL_FUND_CONTRIBUTION,
    EventKind.SOCIAL_FUND_GRANT, EventKind.FINE, EventKind.MEMBER_FEE,
    EventKind.LOAN_DISBURSEMENT, EventKind.PRINCIPAL_REPAYMENT, EventKind.INTEREST_PAYMENT,
)
_DERIVED_KINDS = (EventKind.SEED_CAPITAL, EventKind.OPENING_BALANCE,
                  EventKind.OPENING_SOCIAL_FUND, EventKind.LEAVER_PAYOUT,
                  EventKind.CASH_DIFFERENCE)


@dataclass(frozen=True)
class ExportSummary:
    members: int
    meetings: int
    rows: int
    omitted_events: int  # money movements of the cycle the format cannot carry
    earlier_cycles: int


def record_from_ledger(session: Session, group: Group, *,
                       personal_data: bool = False) -> GroupRecord:
    """The group's current cycle as a :class:`GroupRecord`."""
    cycle = group.current_cycle
    constitution = Constitution(**{name: getattr(cycle, name)
                                   for name in Constitution.__dataclass_fields__})
    # Enum columns come back from the database as plain text.
    constitution.interest_method = InterestMethod(constitution.interest_method)
    constitution.profit_basis = ProfitBasis(constitution.profit_basis)
    members = session.scalars(
        select(Member).where(Member.group_id == group.id).order_by(Member.code)).all()
    codes = {member.id: member.code for member in members}
    record = GroupRecord(
        code=group.code, name=group.name, kind=GroupKind(group.kind),
        commune_code=group.commune.code, commune_name=group.commune.name,
        province=group.commune.province, village=group.village.name if group.village else "",
        founded_on=group.founded_on or cycle.start_date, start_date=cycle.start_date,
        constitution=constitution,
        members=[MemberRecord(
            code=m.code, full_name=m.full_name, sex=Sex(m.sex), birth_year=m.birth_year,
            ethnicity=m.ethnicity, village=m.village, household=Household(m.household),
            role=MemberRole(m.role),
            join_date=m.join_date, leave_date=m.leave_date, leave_reason=m.leave_reason,
            consent_date=m.consent_date, consent_method=m.consent_method or "",
            consent_withdrawn=m.consent_withdrawn,
            phone=(m.phone or "") if personal_data else "",
            id_number=(m.id_number or "") if personal_data else "",
        ) for m in members],
    )
    meetings = session.scalars(
        select(Meeting).where(Meeting.cycle_id == cycle.id).order_by(Meeting.date)).all()
    for meeting in meetings:
        entries = sorted(sheet(session, meeting), key=lambda e: codes[e.member_id])
        if not entries:
            continue  # a meeting nobody could attend: nothing to carry
        for entry in entries:
            record.rows.append(MeetingRow(
                date=meeting.date, member=codes[entry.member_id], present=entry.present,
                shares=entry.shares, savings=entry.savings, social_fund=entry.social_fund,
                fine=entry.fine, fee=entry.fee, new_loan=entry.new_loan, repaid=entry.repaid,
                interest=entry.interest, grant=entry.grant))
        record.counts.append(CashCount(meeting.date, meeting.counted_cash,
                                       meeting.difference_note))
    return record


def omitted_events(session: Session, cycle: Cycle) -> int:
    """Events of ``cycle`` the workbook cannot carry (see the module's docstring)."""
    return int(session.scalar(select(func.count(Event.id)).where(
        Event.group_id == cycle.group_id, Event.date >= cycle.start_date,
        Event.cycle_id == cycle.id,
        or_(Event.kind.not_in([*_SHEET_KINDS, *_DERIVED_KINDS]),
            and_(Event.kind.in_(_SHEET_KINDS), Event.meeting_id.is_(None))),
    )) or 0)


# --------------------------------------------------------------------------------------------
# Writing


def _value_format(value: object) -> str | None:
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if isinstance(value, int) and not isinstance(value, bool):
        return AMOUNT_FORMAT
    if isinstance(value, str):
        return TEXT_FORMAT
    return None


def _write_group(ws: Worksheet, record: GroupRecord) -> None:
    header_row(ws, fmt.GROUP_KEY_HEADER)
    c = record.constitution
    values: dict[str, object] = {
        "code": record.code, "name": record.name, "kind": record.kind.value,
        "commune_code": record.commune_code, "commune_name": record.commune_name,
        "province": record.province, "village": record.village,
        "founded_on": record.founded_on, "start_date": record.start_date,
        "interest_method": c.interest_method.value, "profit_basis": c.profit_basis.value,
    }
    for key in Constitution.__dataclass_fields__:
        values.setdefault(key, getattr(c, key))
    rows: dict[str, int] = {}
    for column in fmt.GROUP_KEYS:
        value = values[column.key]
        ws.append([column.header, value])
        rows[column.key] = ws.max_row
        number_format = _value_format(value)
        if isinstance(value, Decimal):
            number_format = "General"
        cell = ws.cell(ws.max_row, 2)
        cell.alignment = _VALUE_ALIGNMENT
        if number_format:
            cell.number_format = number_format
    for key in ("min_shares", "max_shares", "max_term_months"):
        ws.cell(rows[key], 2).number_format = COUNT_FORMAT
    choice_list(ws, fmt.KIND_SHOWN, f"B{rows['kind']}")
    choice_list(ws, fmt.METHOD_SHOWN, f"B{rows['interest_method']}")
    choice_list(ws, fmt.PROFIT_SHOWN, f"B{rows['profit_basis']}")
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 30


def _write_members(ws: Worksheet, record: GroupRecord) -> None:
    header_row(ws, [column.header for column in fmt.MEMBER_COLUMNS], landscape=True)
    for m in record.members:
        ws.append([m.code, m.full_name, m.sex.value, m.birth_year, m.ethnicity, m.village,
                   m.household.value, fmt.role_word(m.role, record.kind), m.join_date,
                   m.leave_date, m.leave_reason, m.consent_date,
                   fmt.CONSENT_WORDS.get(m.consent_method, ""), m.consent_withdrawn,
                   m.phone or None, m.id_number or None])
    for column, number_format in ((1, TEXT_FORMAT), (4, COUNT_FORMAT), (9, DATE_FORMAT),
                                  (10, DATE_FORMAT), (12, DATE_FORMAT), (14, DATE_FORMAT),
                                  (15, TEXT_FORMAT), (16, TEXT_FORMAT)):
        format_cells(ws, column, number_format)
    last = max(ws.max_row, 2) + 200  # room for members the board adds by hand
    roles = fmt.CLUB_ROLE_WORDS if record.kind == GroupKind.ISHC else fmt.ROLE_WORDS
    choice_list(ws, fmt.SEX_SHOWN, f"C2:C{last}")
    choice_list(ws, fmt.HOUSEHOLD_SHOWN, f"G2:G{last}")
    choice_list(ws, fmt.CONSENT_SHOWN, f"M2:M{last}")
    choice_list(ws, roles.values(), f"H2:H{last}")
    fit_widths(ws)


def _write_meetings(ws: Worksheet, record: GroupRecord) -> None:
    header_row(ws, [column.header for column in fmt.MEETING_COLUMNS], landscape=True)
    for row in record.rows:
        ws.append([row.date, row.member, int(row.present), row.shares,
                   *(row.amount(key) for key in fmt.AMOUNT_KEYS)])
    format_cells(ws, 1, DATE_FORMAT)
    format_cells(ws, 2, TEXT_FORMAT)
    format_cells(ws, 3, COUNT_FORMAT)
    format_cells(ws, 4, COUNT_FORMAT)
    for column in range(5, 5 + len(fmt.AMOUNT_KEYS)):
        format_cells(ws, column, AMOUNT_FORMAT)
    choice_list(ws, ("1", "0"), f"C2:C{max(ws.max_row, 2) + 500}")
    fit_widths(ws, minimum=10, maximum=16)


def _write_cash(ws: Worksheet, record: GroupRecord) -> None:
    header_row(ws, [column.header for column in fmt.CASH_COLUMNS])
    for count in record.counts:
        ws.append([count.date, count.counted, count.note])
    format_cells(ws, 1, DATE_FORMAT)
    format_cells(ws, 2, AMOUNT_FORMAT)
    fit_widths(ws, minimum=12, maximum=60)


def write_workbook(record: GroupRecord) -> Workbook:
    """The four sheets of the group workbook for ``record``."""
    workbook = Workbook()
    group_sheet = workbook.active
    assert group_sheet is not None
    group_sheet.title = fmt.GROUP_SHEET
    _write_group(group_sheet, record)
    _write_members(workbook.create_sheet(fmt.MEMBERS_SHEET), record)
    _write_meetings(workbook.create_sheet(fmt.MEETINGS_SHEET), record)
    _write_cash(workbook.create_sheet(fmt.CASH_SHEET), record)
    workbook.properties.creator = "Commune Ledger"
    workbook.properties.title = record.name
    return workbook


def save_workbook(workbook: Workbook, path: str | os.PathLike[str]) -> Path:
    """Save through a temporary file so a failed save never leaves half a workbook."""
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    try:
        workbook.save(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def export_group(session: Session, group: Group, path: str | os.PathLike[str],
                 actor: Actor, *, personal_data: bool = False) -> ExportSummary:
    """Write ``group`` to a group workbook at ``path``. Members' personal data leave the
    ledger, so the export is written in the audit log (the caller commits). ID numbers and
    phone numbers go only with ``personal_data``, which only the administrator may tick."""
    if personal_data:
        require(actor, Action.EXPORT_PERSONAL_DATA)
    record = record_from_ledger(session, group, personal_data=personal_data)
    target = save_workbook(write_workbook(record), path)
    cycle = group.current_cycle
    summary = ExportSummary(
        members=len(record.members), meetings=len(record.counts), rows=len(record.rows),
        omitted_events=omitted_events(session, cycle), earlier_cycles=cycle.number - 1)
    audit.record(session, actor, "export_group", "group", group.id, file=target.name,
                 members=summary.members, meetings=summary.meetings,
                 personal_data=personal_data)
    return summary
