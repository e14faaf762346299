"""The content of a group workbook as plain values, between the sheets and the ledger.

The export builds a :class:`GroupRecord` from the ledger and writes it; the import reads one
from the sheets, checks it and replays it into the ledger. Cell names (``refs``) say where
each value was read, so that checks across sheets can name the cell; they take no part in
comparisons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from desktop.models.enums import (
    GroupKind,
    Household,
    InterestMethod,
    MemberRole,
    ProfitBasis,
    Sex,
)

# The money columns of a meeting row, in the order of the sheet.
ROW_AMOUNTS = ("savings", "social_fund", "fine", "fee", "new_loan", "repaid", "interest",
               "grant")


@dataclass
class Constitution:
    """The cycle's settings that the workbook carries (the keys of sheet Nhom)."""

    share_value: int = 0
    monthly_rate: Decimal = Decimal("0")
    interest_method: InterestMethod = InterestMethod.FLAT
    social_fund_per_meeting: int = 0
    rounding_unit: int = 1000
    min_shares: int = 1
    max_shares: int = 5
    loan_multiple: Decimal = Decimal("3")
    max_term_months: int = 3
    seed_capital: int = 0
    member_fee_per_month: int = 0
    carry_in: int = 0
    social_fund_in: int = 0
    profit_basis: ProfitBasis = ProfitBasis.SAVINGS

    def settings(self) -> dict[str, object]:
        """Keyword arguments for ``registry.create_group``."""
        return dict(vars(self))


@dataclass
class MemberRecord:
    code: str
    full_name: str
    sex: Sex = Sex.FEMALE
    birth_year: int | None = None
    ethnicity: str = ""
    village: str = ""
    household: Household = Household.OTHER
    role: MemberRole = MemberRole.MEMBER
    join_date: dt.date = dt.date(1900, 1, 1)
    leave_date: dt.date | None = None
    leave_reason: str = ""
    consent_date: dt.date | None = None
    consent_method: str = ""
    consent_withdrawn: dt.date | None = None
    phone: str = ""
    id_number: str = ""
    refs: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


@dataclass
class MeetingRow:
    """One member's line of one meeting (sheet BuoiHop)."""

    date: dt.date
    member: str
    present: bool = True
    shares: int = 0
    savings: int = 0
    social_fund: int = 0
    fine: int = 0
    fee: int = 0
    new_loan: int = 0
    repaid: int = 0
    interest: int = 0
    grant: int = 0
    refs: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def amount(self, key: str) -> int:
        return int(getattr(self, key))

    @property
    def has_money(self) -> bool:
        return self.shares > 0 or any(self.amount(key) for key in ROW_AMOUNTS)


@dataclass
class CashCount:
    """The treasurer's count at the end of a meeting (sheet TienMat)."""

    date: dt.date
    counted: int | None
    note: str = ""
    refs: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


@dataclass
class GroupRecord:
    code: str
    name: str
    kind: GroupKind
    commune_code: str
    start_date: dt.date
    founded_on: dt.date
    commune_name: str = ""
    province: str = ""
    village: str = ""
    constitution: Constitution = field(default_factory=Constitution)
    members: list[MemberRecord] = field(default_factory=list)
    rows: list[MeetingRow] = field(default_factory=list)
    counts: list[CashCount] = field(default_factory=list)
    refs: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def meeting_dates(self) -> list[dt.date]:
        return sorted({row.date for row in self.rows})
