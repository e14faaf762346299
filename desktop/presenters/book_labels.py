"""Words the group's books show for the ledger's vocabularies: what a journal event is called
on a line of the cash book, the funds, interest methods, books and activities.

Translated when asked for (msgids marked with ``N_``), so a language switch shows at once.
The printed forms keep their own fixed Vietnamese wording (``desktop.printing.wording``).
"""

from __future__ import annotations

from desktop.i18n import N_, _
from desktop.models.cashbook import Book
from desktop.models.enums import ActivityKind, EventKind, InterestMethod, LoanFund

# Worded as the lines of the paper cash book ("thu tiền mua cổ phần"), not as the column
# titles of the meeting sheet.
_EVENT = {
    EventKind.SHARE_PURCHASE: N_("Payment for shares"),
    EventKind.SAVINGS_DEPOSIT: N_("Savings deposit"),
    EventKind.SAVINGS_WITHDRAWAL: N_("Savings withdrawal"),
    EventKind.SOCIAL_FUND_CONTRIBUTION: N_("Social fund contribution"),
    EventKind.SOCIAL_FUND_GRANT: N_("Grant from the social fund"),
    EventKind.FINE: N_("Fine received"),
    EventKind.MEMBER_FEE: N_("Member fee received"),
    EventKind.DONATION: N_("Donation received"),
    EventKind.EXPENSE: N_("Group expense"),
    EventKind.OPERATING_EXPENSE: N_("Spending from the operating fund"),
    EventKind.SEED_CAPITAL: N_("Seed capital received"),
    EventKind.LOAN_DISBURSEMENT: N_("Loan paid out"),
    EventKind.PRINCIPAL_REPAYMENT: N_("Principal repayment received"),
    EventKind.INTEREST_PAYMENT: N_("Interest received"),
    EventKind.BANK_DEPOSIT: N_("Deposited at the bank"),
    EventKind.BANK_WITHDRAWAL: N_("Withdrawn from the bank"),
    EventKind.WRITE_OFF: N_("Loan written off"),
    EventKind.OPENING_BALANCE: N_("Opening balance brought forward"),
    EventKind.OPENING_SOCIAL_FUND: N_("Social fund brought forward"),
    EventKind.LEAVER_PAYOUT: N_("Payout to a member who left"),
    EventKind.SHARE_OUT: N_("Share-out payout"),
}
_FUND = {
    LoanFund.LOAN_FUND: N_("Loan fund"),
    LoanFund.SOCIAL_FUND: N_("The social fund"),
    LoanFund.INCOME_FUND: N_("Income-generation fund"),
}
_METHOD = {
    InterestMethod.FLAT: N_("Flat, on the original principal"),
    InterestMethod.DECLINING: N_("On the declining balance"),
    InterestMethod.UPFRONT: N_("Interest taken upfront"),
    InterestMethod.NONE: N_("No interest"),
}
_BOOK = {
    Book.CASH: N_("Cash book"),
    Book.BANK: N_("Bank account book"),
    Book.SOCIAL_FUND: N_("Social fund book"),
    Book.INCOME_FUND: N_("Income-generation fund book"),
    Book.OPERATING_FUND: N_("Operating fund book"),
}
_ACTIVITY = {
    ActivityKind.HEALTH_CHECK: N_("Health check"),
    ActivityKind.HOME_VISIT: N_("Home-care visit"),
    ActivityKind.EVENT: N_("Event"),
    ActivityKind.SELF_HELP: N_("Self-help case"),
}


def event_label(kind: EventKind) -> str:
    return _(_EVENT[EventKind(kind)])


def fund_label(fund: LoanFund) -> str:
    return _(_FUND[LoanFund(fund)])


def method_label(method: InterestMethod) -> str:
    return _(_METHOD[InterestMethod(method)])


def book_label(book: Book) -> str:
    return _(_BOOK[Book(book)])


def activity_label(kind: ActivityKind) -> str:
    return _(_ACTIVITY[ActivityKind(kind)])
