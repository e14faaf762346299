"""The closed vocabularies of the ledger, stored as short text codes."""

from __future__ import annotations

from enum import StrEnum


class GroupKind(StrEnum):
    VSLA = "VSLA"  # Nhóm tiết kiệm và vốn vay thôn bản
    ASCA = "ASCA"  # Nhóm tiết kiệm do cộng đồng tự quản
    ISHC = "ISHC"  # Câu lạc bộ Liên thế hệ tự giúp nhau


class InterestMethod(StrEnum):
    FLAT = "phang"  # rate × original principal per month
    DECLINING = "giam_dan"  # rate × outstanding principal per month
    UPFRONT = "truoc"  # rate × principal × term, due at disbursement
    NONE = "khong"


class LoanFund(StrEnum):
    LOAN_FUND = "loan_fund"
    SOCIAL_FUND = "social_fund"
    INCOME_FUND = "income_fund"


class LoanPurpose(StrEnum):
    LIVELIHOOD = "sinh_ke"
    EDUCATION = "hoc_tap"
    HEALTH = "chua_benh"
    OTHER = "khac"


class Sex(StrEnum):
    MALE = "Nam"
    FEMALE = "Nữ"


class Household(StrEnum):
    POOR = "nghèo"
    NEAR_POOR = "cận nghèo"
    OTHER = "khác"


class MemberRole(StrEnum):
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    TREASURER = "treasurer"
    SECRETARY = "secretary"
    KEY_HOLDER = "key_holder"
    VOLUNTEER = "volunteer"
    MEMBER = "member"


class ProfitBasis(StrEnum):
    """How an ASCA divides profit at share-out."""

    SAVINGS = "tiet_kiem"
    DONG_DAYS = "dong_ngay"


class DebtPolicy(StrEnum):
    """What share-out does with a member's outstanding loan."""

    NET = "net"
    BLOCK = "block"


class LeaverPayout(StrEnum):
    """How a member leaving mid-cycle is paid."""

    FACE_VALUE = "face_value"
    SHARE_VALUE = "share_value"


class IncomeFundInterest(StrEnum):
    """Where interest on income-generation fund loans goes (ISHC)."""

    STAYS_IN_FUND = "fund"
    OPERATING_FUND = "operating"


class Account(StrEnum):
    """The small fixed chart of accounts of every group.

    Debit-normal: cash, bank, loans receivable, expenses, write-offs.
    Credit-normal: member savings, the funds, income and the retained carry-over.
    Journal lines are signed: debit positive, credit negative.
    """

    CASH = "cash"
    BANK = "bank"
    LOAN = "loan"  # per loan
    SAVINGS = "savings"  # per member
    SOCIAL_FUND = "social_fund"
    INCOME_FUND = "income_fund"  # ISHC income-generation fund capital
    OPERATING_FUND = "operating_fund"
    INTEREST_INCOME = "interest_income"
    FINE_INCOME = "fine_income"
    EXPENSES = "expenses"
    WRITE_OFF = "write_off"
    RETAINED = "retained"  # loan-fund value carried over from earlier cycles


class EventKind(StrEnum):
    SHARE_PURCHASE = "share_purchase"
    SAVINGS_DEPOSIT = "savings_deposit"
    SAVINGS_WITHDRAWAL = "savings_withdrawal"
    SOCIAL_FUND_CONTRIBUTION = "social_fund_contribution"
    SOCIAL_FUND_GRANT = "social_fund_grant"
    FINE = "fine"
    MEMBER_FEE = "member_fee"
    DONATION = "donation"
    EXPENSE = "expense"
    OPERATING_EXPENSE = "operating_expense"
    SEED_CAPITAL = "seed_capital"
    LOAN_DISBURSEMENT = "loan_disbursement"
    PRINCIPAL_REPAYMENT = "principal_repayment"
    INTEREST_PAYMENT = "interest_payment"
    BANK_DEPOSIT = "bank_deposit"
    BANK_WITHDRAWAL = "bank_withdrawal"
    WRITE_OFF = "write_off"
    OPENING_BALANCE = "opening_balance"
    OPENING_SOCIAL_FUND = "opening_social_fund"
    LEAVER_PAYOUT = "leaver_payout"
    SHARE_OUT = "share_out"
    # What the treasurer counted differs from the book at a meeting's close: the book follows
    # the box (a shortage is a loss of the loan fund, a surplus a gain), note required.
    CASH_DIFFERENCE = "cash_difference"


class MeetingStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ActivityKind(StrEnum):
    HEALTH_CHECK = "health_check"  # khám sức khỏe (huyết áp, cân nặng)
    HOME_VISIT = "home_visit"  # chăm sóc tại nhà
    EVENT = "event"  # văn hóa, thể thao, sự kiện
    SELF_HELP = "self_help"  # tự giúp nhau
