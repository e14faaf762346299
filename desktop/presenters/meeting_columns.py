"""The columns of the meeting sheet: which ones each kind of group's paper form has, which
the clerk types in, and their titles (translated when asked for)."""

from __future__ import annotations

from enum import IntEnum

from desktop.i18n import N_, _
from desktop.models.enums import GroupKind
from desktop.models.meetings import Field, fields_for


class SheetColumn(IntEnum):
    NUMBER = 0
    CODE = 1
    NAME = 2
    PRESENT = 3
    SHARES = 4
    SAVINGS = 5
    SOCIAL_FUND = 6
    FINE = 7
    FEE = 8
    REPAID = 9
    INTEREST = 10
    NEW_LOAN = 11
    GRANT = 12


FIELD_COLUMN = {
    Field.SHARES: SheetColumn.SHARES, Field.SAVINGS: SheetColumn.SAVINGS,
    Field.SOCIAL_FUND: SheetColumn.SOCIAL_FUND, Field.FINE: SheetColumn.FINE,
    Field.FEE: SheetColumn.FEE, Field.REPAID: SheetColumn.REPAID,
    Field.INTEREST: SheetColumn.INTEREST, Field.NEW_LOAN: SheetColumn.NEW_LOAN,
    Field.GRANT: SheetColumn.GRANT,
}
COLUMN_FIELD = {column: field for field, column in FIELD_COLUMN.items()}

_HEADERS = {
    SheetColumn.NUMBER: N_("No."),
    SheetColumn.CODE: N_("Member code"),
    SheetColumn.NAME: N_("Full name"),
    SheetColumn.PRESENT: N_("Present"),
    SheetColumn.SHARES: N_("Shares bought"),
    SheetColumn.SAVINGS: N_("Savings"),
    SheetColumn.SOCIAL_FUND: N_("Social fund contribution"),
    SheetColumn.FINE: N_("Fines"),
    SheetColumn.FEE: N_("Member fee"),
    SheetColumn.REPAID: N_("Principal repaid"),
    SheetColumn.INTEREST: N_("Interest paid"),
    SheetColumn.NEW_LOAN: N_("New loan"),
    SheetColumn.GRANT: N_("Social fund grant"),
}
# The VSLA form shows the money the shares are worth; the ISHC form lends from the
# income-generation fund, and says so.
_VSLA_HEADERS = {SheetColumn.SAVINGS: N_("Share money")}
_ISHC_HEADERS = {
    SheetColumn.REPAID: N_("Income fund principal repaid"),
    SheetColumn.INTEREST: N_("Income fund interest paid"),
    SheetColumn.NEW_LOAN: N_("Income fund new loan"),
}




def sheet_columns(kind: GroupKind) -> list[SheetColumn]:
    """The columns of ``kind``'s form, in the paper form's order."""
    columns = [SheetColumn.NUMBER, SheetColumn.CODE, SheetColumn.NAME, SheetColumn.PRESENT]
    for field in fields_for(kind):
        columns.append(FIELD_COLUMN[field])
        if field == Field.SHARES:
            columns.append(SheetColumn.SAVINGS)  # what the shares are worth, computed
    return columns


def typed_columns(kind: GroupKind) -> frozenset[SheetColumn]:
    """The columns the clerk types in (a VSLA's share money is computed, not typed)."""
    return frozenset({SheetColumn.PRESENT, *(FIELD_COLUMN[field] for field in fields_for(kind))})


def sheet_headers(kind: GroupKind) -> dict[SheetColumn, str]:
    names = dict(_HEADERS)
    if kind == GroupKind.VSLA:
        names.update(_VSLA_HEADERS)
    if kind == GroupKind.ISHC:
        names.update(_ISHC_HEADERS)
    return {column: _(text) for column, text in names.items()}
