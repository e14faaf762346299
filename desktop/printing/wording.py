"""The fixed Vietnamese wording of the printed forms.

These are the words of the regulation's forms (Decree 30/2020 administrative layout) and of
the paper books the clerks keep, not interface text: a form is printed in Vietnamese whatever
the language of the window. Terms follow the project glossary.
"""

from __future__ import annotations

from desktop.models.cashbook import Book
from desktop.models.enums import (
    ActivityKind,
    EventKind,
    GroupKind,
    Household,
    InterestMethod,
    LoanFund,
    LoanPurpose,
    MemberRole,
    Sex,
)

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
UNIT_LINE = "Đơn vị tính: đồng"
SIGN_HINT = "(Ký, ghi rõ họ tên)"
PAGE = "Trang {page}/{pages}"
UNION_DEFAULT = "HỘI LHPN {commune}"

PREPARER = "NGƯỜI LẬP BIỂU"
TREASURER = "THỦ QUỸ"
CHAIR_CLUB = "CHỦ NHIỆM"
CHAIR_GROUP = "TRƯỞNG NHÓM"
UNION_CHAIR = "CHỦ TỊCH"
ON_BEHALF = "TM. {body}"
NUMBER = "Số: ……/{kind}-{issuer}"  # the number itself is written by hand
REPORT = "BC"  # báo cáo, the kind of document in its number
RECIPIENTS = "Nơi nhận:"
ARCHIVE = "Lưu: VT."
DRAFT = "DỰ THẢO"

GROUP_KIND = {
    GroupKind.VSLA: "Nhóm tiết kiệm và vốn vay thôn bản",
    GroupKind.ASCA: "Nhóm tiết kiệm do cộng đồng tự quản",
    GroupKind.ISHC: "Câu lạc bộ Liên thế hệ tự giúp nhau",
}
GROUP_KIND_SHORT = {GroupKind.VSLA: "TK&VV", GroupKind.ASCA: "Tiết kiệm",
                    GroupKind.ISHC: "CLB LTHTGN"}

SEX = {Sex.FEMALE: "Nữ", Sex.MALE: "Nam"}
HOUSEHOLD = {Household.POOR: "Nghèo", Household.NEAR_POOR: "Cận nghèo", Household.OTHER: ""}
ROLE = {
    MemberRole.CHAIR: "Trưởng nhóm",
    MemberRole.VICE_CHAIR: "Phó",
    MemberRole.TREASURER: "Thủ quỹ",
    MemberRole.SECRETARY: "Thư ký",
    MemberRole.KEY_HOLDER: "Giữ chìa khóa",
    MemberRole.VOLUNTEER: "TNV",
    MemberRole.MEMBER: "",
}
ROLE_CLUB = {**ROLE, MemberRole.CHAIR: "Chủ nhiệm", MemberRole.VICE_CHAIR: "Phó chủ nhiệm"}
FUND = {LoanFund.LOAN_FUND: "Quỹ cho vay", LoanFund.SOCIAL_FUND: "Quỹ xã hội",
        LoanFund.INCOME_FUND: "Quỹ tăng thu nhập"}
PURPOSE = {LoanPurpose.LIVELIHOOD: "Sinh kế", LoanPurpose.EDUCATION: "Học tập",
           LoanPurpose.HEALTH: "Chữa bệnh", LoanPurpose.OTHER: "Khác"}
METHOD = {InterestMethod.FLAT: "Dư nợ ban đầu", InterestMethod.DECLINING: "Dư nợ giảm dần",
          InterestMethod.UPFRONT: "Thu lãi trước", InterestMethod.NONE: "Không lãi"}

# What each movement is called in the cash book and the fund books.
EVENT = {
    EventKind.SHARE_PURCHASE: "Thu tiền mua cổ phần",
    EventKind.SAVINGS_DEPOSIT: "Thu tiền tiết kiệm",
    EventKind.SAVINGS_WITHDRAWAL: "Chi rút tiền tiết kiệm",
    EventKind.SOCIAL_FUND_CONTRIBUTION: "Thu góp quỹ xã hội",
    EventKind.SOCIAL_FUND_GRANT: "Chi hỗ trợ từ quỹ xã hội",
    EventKind.FINE: "Thu tiền phạt",
    EventKind.MEMBER_FEE: "Thu phí thành viên",
    EventKind.DONATION: "Thu ủng hộ (Tấm lòng vàng)",
    EventKind.EXPENSE: "Chi phí của nhóm",
    EventKind.OPERATING_EXPENSE: "Chi từ quỹ hoạt động",
    EventKind.SEED_CAPITAL: "Nhận vốn hỗ trợ ban đầu",
    EventKind.LOAN_DISBURSEMENT: "Chi cho vay",
    EventKind.PRINCIPAL_REPAYMENT: "Thu nợ gốc",
    EventKind.INTEREST_PAYMENT: "Thu tiền lãi",
    EventKind.BANK_DEPOSIT: "Gửi tiền vào ngân hàng",
    EventKind.BANK_WITHDRAWAL: "Rút tiền từ ngân hàng",
    EventKind.WRITE_OFF: "Xóa nợ",
    EventKind.OPENING_BALANCE: "Số dư chuyển sang",
    EventKind.OPENING_SOCIAL_FUND: "Quỹ xã hội chuyển sang",
    EventKind.LEAVER_PAYOUT: "Chi trả thành viên ra nhóm",
    EventKind.SHARE_OUT: "Chi tất toán chu kỳ",
    EventKind.CASH_DIFFERENCE: "Chênh lệch tiền mặt kiểm đếm",
}
BOOK_TITLE = {
    Book.CASH: "SỔ QUỸ TIỀN MẶT",
    Book.BANK: "SỔ TIỀN GỬI NGÂN HÀNG",
    Book.SOCIAL_FUND: "SỔ QUỸ XÃ HỘI",
    Book.INCOME_FUND: "SỔ QUỸ TĂNG THU NHẬP",
    Book.OPERATING_FUND: "SỔ QUỸ HOẠT ĐỘNG",
}
ACTIVITY = {
    ActivityKind.HEALTH_CHECK: "Lượt khám sức khỏe (huyết áp, cân nặng)",
    ActivityKind.HOME_VISIT: "Lượt chăm sóc tại nhà của tình nguyện viên",
    ActivityKind.EVENT: "Hoạt động văn hóa, thể thao",
    ActivityKind.SELF_HELP: "Trường hợp tự giúp nhau",
}
QUARTER_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
