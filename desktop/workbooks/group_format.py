"""The group workbook format (Sổ nhóm, DESIGN.md §6.2): sheet names, keys, headers and the
Vietnamese words of its cells.

Sheet names, headers and cell words are part of the file format, the same whatever the
language of the window, so they are not translated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TypeVar

from desktop.models.enums import GroupKind, Household, InterestMethod, MemberRole, ProfitBasis, Sex
from desktop.workbooks.cells import Column, text_key

E = TypeVar("E")

FORMAT_VERSION = 1

GROUP_SHEET = "Nhom"
MEMBERS_SHEET = "ThanhVien"
MEETINGS_SHEET = "BuoiHop"
CASH_SHEET = "TienMat"

# -- Nhom: key in column A, value in column B ------------------------------------------------
# Keys named after the Cycle's constitution fields go straight into ``create_group``.
GROUP_KEYS: tuple[Column, ...] = (
    Column("code", "Mã nhóm"),
    Column("name", "Tên nhóm"),
    Column("kind", "Loại"),
    Column("commune_code", "Mã xã"),
    Column("commune_name", "Tên xã", required=False),
    Column("province", "Tỉnh", required=False),
    Column("village", "Thôn"),
    Column("founded_on", "Ngày thành lập"),
    Column("start_date", "Ngày bắt đầu chu kỳ"),
    Column("share_value", "Mệnh giá cổ phần (đ)", required=False),  # required for VSLA
    Column("monthly_rate", "Lãi suất (%/tháng)", aliases=("Lãi suất",)),
    Column("interest_method", "Cách tính lãi"),
    Column("social_fund_per_meeting", "Góp quỹ xã hội mỗi buổi (đ)"),
    Column("rounding_unit", "Đơn vị làm tròn (đ)"),
    Column("min_shares", "Số cổ phần tối thiểu mỗi buổi", required=False),
    Column("max_shares", "Số cổ phần tối đa mỗi buổi", required=False),
    Column("loan_multiple", "Hạn mức vay (lần tiết kiệm)", required=False),
    Column("max_term_months", "Thời hạn vay tối đa (tháng)", required=False),
    Column("seed_capital", "Vốn hạt giống (đ)", required=False),
    Column("member_fee_per_month", "Phí thành viên mỗi tháng (đ)", required=False),
    Column("carry_in", "Số dư chuyển sang (đ)", required=False),
    Column("social_fund_in", "Quỹ xã hội chuyển sang (đ)", required=False),
    Column("profit_basis", "Chia lãi theo", required=False),
)
GROUP_KEY_HEADER = ("Thông tin", "Giá trị")  # row 1 of Nhom; not a key, ignored on import

# The defaults of the optional keys (DESIGN.md §6.2).
DEFAULTS: Mapping[str, object] = {
    "min_shares": 1,
    "max_shares": 5,
    "loan_multiple": Decimal("3"),
    "max_term_months": 3,
    "seed_capital": 0,
    "member_fee_per_month": 0,
    "carry_in": 0,
    "social_fund_in": 0,
    "profit_basis": ProfitBasis.SAVINGS,
}
ROUNDING_UNITS = (1, 100, 500, 1000)

# -- ThanhVien --------------------------------------------------------------------------------
MEMBER_COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã TV", aliases=("Mã thành viên",)),
    Column("full_name", "Họ và tên", aliases=("Họ tên",)),
    Column("sex", "Giới tính"),
    Column("birth_year", "Năm sinh"),
    Column("ethnicity", "Dân tộc"),
    Column("village", "Thôn"),
    Column("household", "Hộ", aliases=("Hoàn cảnh hộ",)),
    Column("role", "Vai trò"),
    Column("join_date", "Ngày vào"),
    Column("leave_date", "Ngày ra"),
    Column("leave_reason", "Lý do ra", required=False),
    # Optional (personal data, Law 91/2025/QH15): older workbooks without them still import.
    Column("consent_date", "Ngày đồng ý", required=False),
    Column("consent_method", "Hình thức đồng ý", required=False),
    Column("consent_withdrawn", "Ngày rút đồng ý", required=False),
    Column("phone", "Điện thoại", required=False),
    Column("id_number", "Số CCCD", required=False, aliases=("Số định danh cá nhân",)),
)
PERSONAL_KEYS = ("phone", "id_number")

# -- BuoiHop: one row per member per meeting; keys are the meeting sheet's Entry fields -------
MEETING_COLUMNS: tuple[Column, ...] = (
    Column("date", "Ngày họp"),
    Column("member", "Mã TV", aliases=("Mã thành viên",)),
    Column("present", "Có mặt", aliases=("Có mặt (1/0)",)),
    Column("shares", "Số cổ phần"),
    Column("savings", "Tiền tiết kiệm (đ)"),
    Column("social_fund", "Góp quỹ xã hội (đ)"),
    Column("fine", "Tiền phạt (đ)"),
    Column("fee", "Phí thành viên (đ)"),
    Column("new_loan", "Vay mới (đ)"),
    Column("repaid", "Trả gốc (đ)"),
    Column("interest", "Trả lãi (đ)"),
    Column("grant", "Chi quỹ xã hội (đ)"),
)
AMOUNT_KEYS = ("savings", "social_fund", "fine", "fee", "new_loan", "repaid", "interest",
               "grant")

# -- TienMat (optional sheet) -------------------------------------------------------------
CASH_COLUMNS: tuple[Column, ...] = (
    Column("date", "Ngày họp"),
    Column("counted", "Tiền mặt đếm được (đ)", aliases=("Tiền mặt kiểm đếm",)),
    Column("note", "Ghi chú", required=False),
)


# -- The words of the cells -----------------------------------------------------------------

def _choices(pairs: Iterable[tuple[str, E]]) -> dict[str, E]:
    return {text_key(word): value for word, value in pairs}


KIND_CHOICES = _choices([
    ("VSLA", GroupKind.VSLA), ("Nhóm tiết kiệm và vốn vay thôn bản", GroupKind.VSLA),
    ("Nhóm TK&VV", GroupKind.VSLA), ("TK&VV", GroupKind.VSLA),
    ("ASCA", GroupKind.ASCA), ("Nhóm tiết kiệm do cộng đồng tự quản", GroupKind.ASCA),
    ("Nhóm tiết kiệm", GroupKind.ASCA),
    ("ISHC", GroupKind.ISHC), ("Câu lạc bộ Liên thế hệ tự giúp nhau", GroupKind.ISHC),
    ("CLB Liên thế hệ tự giúp nhau", GroupKind.ISHC), ("CLB LTHTGN", GroupKind.ISHC),
])
KIND_SHOWN = ("VSLA", "ASCA", "ISHC")

METHOD_CHOICES = _choices([
    ("phang", InterestMethod.FLAT), ("phẳng", InterestMethod.FLAT),
    ("flat", InterestMethod.FLAT), ("lãi trên dư nợ ban đầu", InterestMethod.FLAT),
    ("giam_dan", InterestMethod.DECLINING), ("declining", InterestMethod.DECLINING),
    ("lãi trên dư nợ giảm dần", InterestMethod.DECLINING),
    ("truoc", InterestMethod.UPFRONT), ("upfront", InterestMethod.UPFRONT),
    ("thu lãi trước", InterestMethod.UPFRONT),
    ("khong", InterestMethod.NONE), ("none", InterestMethod.NONE),
    ("không tính lãi", InterestMethod.NONE),
])
METHOD_SHOWN = ("phang", "giam_dan", "truoc", "khong")

PROFIT_CHOICES = _choices([
    ("tiet_kiem", ProfitBasis.SAVINGS), ("savings", ProfitBasis.SAVINGS),
    ("dong_ngay", ProfitBasis.DONG_DAYS), ("đồng × ngày", ProfitBasis.DONG_DAYS),
    ("đồng x ngày", ProfitBasis.DONG_DAYS), ("dong days", ProfitBasis.DONG_DAYS),
])
PROFIT_SHOWN = ("tiet_kiem", "dong_ngay")

SEX_CHOICES = _choices([
    ("Nam", Sex.MALE), ("male", Sex.MALE), ("M", Sex.MALE),
    ("Nữ", Sex.FEMALE), ("female", Sex.FEMALE), ("F", Sex.FEMALE),
])
SEX_SHOWN = ("Nam", "Nữ")

HOUSEHOLD_CHOICES = _choices([
    ("nghèo", Household.POOR), ("hộ nghèo", Household.POOR), ("poor", Household.POOR),
    ("cận nghèo", Household.NEAR_POOR), ("hộ cận nghèo", Household.NEAR_POOR),
    ("near_poor", Household.NEAR_POOR),
    ("khác", Household.OTHER), ("other", Household.OTHER),
])
HOUSEHOLD_SHOWN = ("nghèo", "cận nghèo", "khác")

CONSENT_WORDS: Mapping[str, str] = {"paper": "giấy ký", "thumbprint": "điểm chỉ",
                                    "other": "khác"}
CONSENT_CHOICES = _choices([
    *((word, key) for key, word in CONSENT_WORDS.items()),
    *((key, key) for key in CONSENT_WORDS),
    ("giấy có chữ ký", "paper"), ("ký giấy", "paper"), ("lăn tay", "thumbprint"),
])
CONSENT_SHOWN = tuple(CONSENT_WORDS.values())

# What the export writes for each role; a club says chủ nhiệm where a group says trưởng nhóm.
ROLE_WORDS: Mapping[MemberRole, str] = {
    MemberRole.CHAIR: "trưởng nhóm",
    MemberRole.VICE_CHAIR: "phó trưởng nhóm",
    MemberRole.TREASURER: "thủ quỹ",
    MemberRole.SECRETARY: "thư ký",
    MemberRole.KEY_HOLDER: "người giữ chìa khóa",
    MemberRole.VOLUNTEER: "tình nguyện viên",
    MemberRole.MEMBER: "thành viên",
}
CLUB_ROLE_WORDS: Mapping[MemberRole, str] = {
    **ROLE_WORDS,
    MemberRole.CHAIR: "chủ nhiệm",
    MemberRole.VICE_CHAIR: "phó chủ nhiệm",
}
ROLE_CHOICES = _choices([
    *((word, role) for role, word in ROLE_WORDS.items()),
    *((word, role) for role, word in CLUB_ROLE_WORDS.items()),
    *((role.value, role) for role in MemberRole),
    ("nhóm trưởng", MemberRole.CHAIR), ("chủ tịch", MemberRole.CHAIR),
    ("nhóm phó", MemberRole.VICE_CHAIR), ("giữ chìa khóa", MemberRole.KEY_HOLDER),
    ("TNV", MemberRole.VOLUNTEER), ("TV", MemberRole.MEMBER),
])
ROLE_SHOWN = ("trưởng nhóm/chủ nhiệm", "phó trưởng nhóm/phó chủ nhiệm", "thủ quỹ", "thư ký",
              "người giữ chìa khóa", "tình nguyện viên", "thành viên")


def role_word(role: MemberRole, kind: GroupKind) -> str:
    """The word the workbook writes for ``role`` in a group of ``kind``."""
    return (CLUB_ROLE_WORDS if kind == GroupKind.ISHC else ROLE_WORDS)[MemberRole(role)]
