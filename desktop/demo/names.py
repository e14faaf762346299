"""Vietnamese names, places and notes for the demo ledger (Unicode NFC, as typed by a clerk).

Names follow each people's custom: Kinh women are mostly "Thị", men "Văn"; Tày and Nùng
families (Hoàng, Nông, Ma, Triệu…) use the same middle names; H'Mông men take "A" or "Seo"
and common H'Mông given names; Thái families (Lò, Cầm, Quàng…) have their own given names.
"""

from __future__ import annotations

COMMUNE_CODE = "05563"
COMMUNE_NAME = "Xã Yên Bình"
PROVINCE = "Tỉnh Thái Nguyên"
UNION_NAME = "Hội Liên hiệp Phụ nữ xã Yên Bình"
# The commune Women's Union clerk who types the paper forms in.
CLERK = "Đinh Thị Thu Hà"

VILLAGES = ("Thôn Đông", "Thôn Tây", "Thôn Trung", "Bản Nà Mò", "Bản Khuôn Mánh")

# Ethnic mix of each village, as (ethnicity, weight): "thôn" are mostly Kinh, "bản" mixed.
ETHNIC_MIX: dict[str, tuple[tuple[str, int], ...]] = {
    "Thôn Đông": (("Kinh", 92), ("Tày", 5), ("Nùng", 3)),
    "Thôn Tây": (("Kinh", 88), ("Tày", 8), ("Thái", 4)),
    "Thôn Trung": (("Kinh", 80), ("Tày", 12), ("Nùng", 8)),
    "Bản Nà Mò": (("Tày", 40), ("Kinh", 30), ("Nùng", 18), ("H'Mông", 12)),
    "Bản Khuôn Mánh": (("Kinh", 45), ("Tày", 25), ("Nùng", 12), ("Thái", 10), ("H'Mông", 8)),
}

FAMILY_NAMES: dict[str, tuple[tuple[str, int], ...]] = {
    "Kinh": (("Nguyễn", 32), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Vũ", 4),
             ("Đặng", 3), ("Bùi", 3), ("Đỗ", 3), ("Ngô", 2), ("Dương", 2), ("Đinh", 2),
             ("Lương", 1), ("Trịnh", 1), ("Hà", 1)),
    "Tày": (("Hoàng", 6), ("Nông", 6), ("Ma", 4), ("Triệu", 3), ("Lương", 3), ("Hà", 2),
            ("Đàm", 2), ("Lục", 1)),
    "Nùng": (("Hoàng", 4), ("Lăng", 3), ("Lục", 3), ("Nông", 3), ("Vi", 2), ("Mông", 2),
             ("Hứa", 1)),
    "H'Mông": (("Giàng", 5), ("Vàng", 4), ("Sùng", 3), ("Thào", 3), ("Lý", 2), ("Mùa", 2),
               ("Hầu", 1)),
    "Thái": (("Lò", 5), ("Cầm", 3), ("Lường", 3), ("Quàng", 2), ("Vi", 2), ("Hà", 2)),
}

MIDDLE_NAMES: dict[tuple[str, str], tuple[tuple[str, int], ...]] = {
    # (ethnicity group, sex) → middle names; "Kinh" stands for Kinh, Tày and Nùng alike.
    ("Kinh", "Nữ"): (("Thị", 80), ("Thị Thu", 5), ("Thị Kim", 4), ("Thị Minh", 3),
                     ("Thị Thanh", 4), ("Ngọc", 2), ("Thu", 2)),
    ("Kinh", "Nam"): (("Văn", 75), ("Đức", 8), ("Xuân", 5), ("Quang", 5), ("Minh", 4),
                      ("Hữu", 3)),
    ("H'Mông", "Nữ"): (("Thị", 100),),
    ("H'Mông", "Nam"): (("A", 60), ("Seo", 40)),
    ("Thái", "Nữ"): (("Thị", 100),),
    ("Thái", "Nam"): (("Văn", 100),),
}

GIVEN_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("Kinh", "Nữ"): (
        "An", "Bình", "Chung", "Cúc", "Dung", "Duyên", "Đào", "Gấm", "Hà", "Hạnh", "Hằng",
        "Hiền", "Hoa", "Hồng", "Huệ", "Hương", "Huyền", "Lan", "Liên", "Loan", "Lụa", "Lý",
        "Mai", "Mơ", "Mến", "Nga", "Ngân", "Ngọc", "Nhung", "Nụ", "Oanh", "Phượng", "Quyên",
        "Sen", "Tâm", "Thắm", "Thảo", "Thoa", "Thu", "Thủy", "Thơm", "Trang", "Tuyết", "Vân",
        "Xuân", "Yến",
    ),
    ("Kinh", "Nam"): (
        "Bảo", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hòa", "Hùng", "Khánh", "Lâm", "Long",
        "Mạnh", "Minh", "Nam", "Phúc", "Quang", "Sơn", "Tâm", "Thắng", "Thành", "Tiến",
        "Toàn", "Trung", "Tuấn", "Việt", "Vinh",
    ),
    ("H'Mông", "Nữ"): ("Mỷ", "Dợ", "Chở", "Pà", "Sua", "Mai", "Dua", "Say"),
    ("H'Mông", "Nam"): ("Páo", "Chứ", "Dính", "Sính", "Tủa", "Lử", "Pó"),
    ("Thái", "Nữ"): ("Ún", "Xiêng", "Bua", "Ính", "Ngoan", "Pọm", "Phương"),
    ("Thái", "Nam"): ("Hặc", "Pấng", "Xôm", "Ban", "Tiến", "Thanh"),
}

# CCCD numbers start with the code of the province of birth registration (Thái Nguyên: 019).
PROVINCE_ID_PREFIX = "019"
MOBILE_PREFIXES = ("086", "096", "097", "098", "032", "035", "038", "091", "094", "088",
                   "081", "083", "070", "077")

LEAVE_REASONS = (
    "Chuyển vào Bình Dương làm công nhân",
    "Cả gia đình chuyển đến tỉnh Lâm Đồng sinh sống",
)

FINE_NOTES = {2_000: "Đi họp muộn", 5_000: "Vắng họp không báo trước"}
GRANT_NOTES = (
    "Hỗ trợ ốm đau nằm viện",
    "Hỗ trợ gia đình có tang",
    "Hỗ trợ nhà bị tốc mái do mưa bão",
)
VSLA_EXPENSES = (
    (85_000, "Mua sổ ghi chép, bút và phấn cho buổi họp"),
    (120_000, "Thay ổ khóa hòm tiền"),
)
DONATIONS = (
    (3_000_000, "Sổ Tấm lòng vàng: ông Nguyễn Văn Hưng (Công ty TNHH Minh Phát) ủng hộ"),
    (1_500_000, "Sổ Tấm lòng vàng: con cháu bà Hoàng Thị Lựu ở Hà Nội ủng hộ"),
)
CLUB_EXPENSES = (
    (300_000, "Thăm hỏi thành viên ốm nằm viện"),
    (1_200_000, "Tổ chức mừng thọ người cao tuổi dịp đầu xuân"),
    (1_500_000, "Tổ chức Ngày Quốc tế Người cao tuổi 1/10"),
    (250_000, "Mua sổ sách, văn phòng phẩm cho câu lạc bộ"),
)
CLUB_EVENTS = (
    (1, "Mừng thọ người cao tuổi dịp đầu xuân"),
    (4, "Giao lưu văn nghệ, thể thao với CLB bạn"),
    (10, "Ngày Quốc tế Người cao tuổi 1/10"),
)
SELF_HELP = (
    "Giúp gia đình thành viên thu hoạch lúa",
    "Giúp sửa lại chuồng trại cho hộ nghèo",
)
BANK_DEPOSIT_NOTE = "Gửi tiền vào tài khoản của câu lạc bộ tại Agribank"
BANK_WITHDRAWAL_NOTE = "Rút tiền từ tài khoản ngân hàng để cho vay"
DIFFERENCE_NOTE = ("Thiếu 1.000 đ do thối nhầm tiền lẻ cho thành viên; "
                   "thủ quỹ đã bù lại ngay sau buổi họp.")
CORRECTION_NOTE = "Sửa lại: thành viên mua 2 cổ phần, ghi nhầm 3"
