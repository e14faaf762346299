"""The Vietnamese instructions inside the blank group workbook (Sổ nhóm, DESIGN.md §6.2):
one sentence or two for each key and column (shown in the sheet and as Excel's input
prompt, so each stays under Excel's 255 characters), and the text of sheet ``HuongDan``.

Like the sheet names and headers, they are part of the file format, the same whatever the
language of the window, so they are not translated. The writer is
:mod:`desktop.workbooks.group_template`; the words and headers named here come from
:mod:`desktop.workbooks.group_format`.
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop.workbooks import group_format as fmt

INSTRUCTIONS_SHEET = "HuongDan"

# Keys of sheet Nhom whose value the import refuses to find blank. The other keys may be
# left blank: the import then takes the default the template shows.
MUST_FILL = frozenset({"code", "name", "kind", "commune_code", "start_date",
                       "interest_method", "rounding_unit"})
VSLA_MUST_FILL = frozenset({"share_value"})  # blank is refused for a VSLA group only

KEY_HELP: Mapping[str, str] = {
    "code": "Mã nhóm do xã đặt, ví dụ HS01; không trùng với mã của nhóm khác trong xã; "
            "tối đa 20 ký tự.",
    "name": "Tên đầy đủ của nhóm hoặc câu lạc bộ, ví dụ Nhóm TK&VV Hoa Sen.",
    "kind": "VSLA: nhóm tiết kiệm và vốn vay thôn bản; ASCA: nhóm tiết kiệm do cộng đồng tự "
            "quản; ISHC: câu lạc bộ Liên thế hệ tự giúp nhau. Ghi tên đầy đủ tiếng Việt "
            "cũng được.",
    "commune_code": "Mã xã gồm đúng 5 chữ số theo danh mục đơn vị hành chính, ví dụ 04321.",
    "commune_name": "Tên xã hoặc phường, ví dụ Xã Yên Bình.",
    "province": "Tên tỉnh hoặc thành phố trực thuộc trung ương.",
    "village": "Thôn (bản, ấp, tổ dân phố) nơi nhóm sinh hoạt.",
    "founded_on": "Ngày thành lập nhóm, dạng ngày/tháng/năm; không được sau ngày bắt đầu "
                  "chu kỳ.",
    "start_date": "Ngày bắt đầu chu kỳ hiện tại, dạng ngày/tháng/năm, ví dụ 01/01/2026. "
                  "Không có buổi họp nào được ghi trước ngày này.",
    "share_value": "Số tiền của một cổ phần (đồng), ví dụ 20000. Nhóm VSLA phải ghi số lớn "
                   "hơn 0; nhóm ASCA và câu lạc bộ để trống.",
    "monthly_rate": "Lãi suất cho vay, phần trăm mỗi tháng, ví dụ 2 hoặc 1,5. Không tính lãi "
                    "thì ghi 0.",
    "interest_method": "phang: lãi trên dư nợ ban đầu; giam_dan: lãi trên dư nợ giảm dần; "
                       "truoc: thu lãi trước; khong: không tính lãi.",
    "social_fund_per_meeting": "Số tiền mỗi thành viên góp quỹ xã hội ở mỗi buổi họp (đồng).",
    "rounding_unit": "Tiền lãi và tiền chia được làm tròn đến đơn vị này: 1, 100, 500 hoặc "
                     "1000 đồng.",
    "min_shares": "Nhóm VSLA: số cổ phần ít nhất mỗi thành viên mua ở một buổi họp.",
    "max_shares": "Nhóm VSLA: số cổ phần nhiều nhất mỗi thành viên mua ở một buổi họp.",
    "loan_multiple": "Một khoản vay không quá số lần này nhân với tiền tiết kiệm của thành "
                     "viên, ví dụ 3.",
    "max_term_months": "Thời hạn dài nhất của một khoản vay, tính bằng tháng.",
    "seed_capital": "Câu lạc bộ Liên thế hệ: vốn hạt giống (vốn hỗ trợ ban đầu) nhận vào ngày "
                    "bắt đầu chu kỳ (đồng). Nhóm khác để trống.",
    "member_fee_per_month": "Câu lạc bộ Liên thế hệ: phí thành viên (hội phí) mỗi tháng "
                            "(đồng).",
    "carry_in": "Tiền của nhóm chuyển sang từ chu kỳ trước hoặc từ sổ giấy cũ, không kể quỹ "
                "xã hội (đồng).",
    "social_fund_in": "Số dư quỹ xã hội chuyển sang từ chu kỳ trước (đồng).",
    "profit_basis": "Chỉ nhóm ASCA. tiet_kiem: chia lãi theo tiền tiết kiệm; dong_ngay: chia "
                    "theo tiền tiết kiệm và thời gian gửi (đồng × ngày).",
}

MEMBER_HELP: Mapping[str, str] = {
    "code": "Mã thành viên, ví dụ TV01; mỗi người một mã, không trùng nhau; tối đa 20 ký tự. "
            "Trang BuoiHop ghi thành viên bằng mã này.",
    "full_name": "Họ và tên đầy đủ của thành viên.",
    "sex": "Nam hoặc Nữ.",
    "birth_year": "Năm sinh, 4 chữ số, ví dụ 1958; dùng để đếm người cao tuổi. Không biết thì "
                  "để trống.",
    "ethnicity": "Dân tộc, ví dụ Kinh, Tày, Mông. Có thể để trống.",
    "village": "Thôn nơi thành viên sinh sống. Có thể để trống.",
    "household": "Hoàn cảnh hộ: nghèo, cận nghèo hoặc khác. Để trống là khác.",
    "role": "trưởng nhóm (CLB: chủ nhiệm), phó trưởng nhóm (phó chủ nhiệm), thủ quỹ, thư ký, "
            "người giữ chìa khóa, tình nguyện viên hoặc thành viên. Để trống là thành viên.",
    "join_date": "Ngày vào nhóm, dạng ngày/tháng/năm. Để trống là ngày bắt đầu chu kỳ.",
    "leave_date": "Chỉ ghi khi thành viên đã ra khỏi nhóm. Ngày đó, sau buổi họp (nếu có), "
                  "thành viên nhóm VSLA hoặc ASCA được trả lại tiền tiết kiệm, trừ số còn "
                  "nợ.",
    "leave_reason": "Lý do ra khỏi nhóm (nếu có).",
    "consent_date": "Ngày thành viên đồng ý cho lưu dữ liệu cá nhân (Luật Bảo vệ dữ liệu cá "
                    "nhân 2025), dạng ngày/tháng/năm. Chưa đồng ý thì để trống.",
    "consent_method": "Cách thành viên đồng ý: giấy ký, điểm chỉ hoặc khác.",
    "consent_withdrawn": "Ngày thành viên rút lại sự đồng ý (nếu có). Khi đó không ghi điện "
                         "thoại và số CCCD.",
    "phone": "Số điện thoại. Chỉ ghi khi thành viên đã đồng ý; để trống nếu chưa đồng ý.",
    "id_number": "Số CCCD, 12 chữ số. Chỉ ghi khi thành viên đã đồng ý; để trống nếu chưa "
                 "đồng ý.",
}

MEETING_HELP: Mapping[str, str] = {
    "date": "Ngày của buổi họp, dạng ngày/tháng/năm. Mỗi thành viên một dòng; các dòng của "
            "cùng một buổi họp ghi cùng một ngày.",
    "member": "Mã TV của thành viên, đúng như ở trang ThanhVien.",
    "present": "1: có mặt; 0: vắng mặt. Để trống là có mặt.",
    "shares": "Nhóm VSLA: số cổ phần mua ở buổi họp này. Nhóm ASCA và câu lạc bộ không ghi.",
    "savings": "Nhóm ASCA: tiền tiết kiệm gửi ở buổi họp này. Nhóm VSLA để trống (hoặc ghi "
               "đúng số cổ phần × mệnh giá). Câu lạc bộ không ghi.",
    "social_fund": "Tiền góp quỹ xã hội ở buổi họp này.",
    "fine": "Tiền phạt nộp ở buổi họp này. Câu lạc bộ không ghi.",
    "fee": "Phí thành viên (hội phí) nộp ở buổi họp này.",
    "new_loan": "Số tiền thành viên vay mới ở buổi họp này (tiền gốc).",
    "repaid": "Tiền gốc trả ở buổi họp này. Tiền được trả vào khoản vay cũ nhất còn nợ (vay ở "
              "buổi họp trước), không quá số gốc còn nợ.",
    "interest": "Tiền lãi trả ở buổi họp này, cho khoản vay từ buổi họp trước. Nhóm thu lãi "
                "trước (truoc) ghi lãi của khoản vay mới ngay ở dòng vay mới.",
    "grant": "Tiền chi hỗ trợ từ quỹ xã hội cho thành viên ở buổi họp này.",
}

CASH_HELP: Mapping[str, str] = {
    "date": "Ngày buổi họp; trang BuoiHop phải có các dòng của buổi họp này. Mỗi buổi họp "
            "nhiều nhất một dòng.",
    "counted": "Tiền mặt thủ quỹ kiểm đếm trong hòm tiền khi kết thúc buổi họp (đồng), "
               "trước khi trả cho thành viên ra nhóm ngày hôm đó.",
    "note": "Ghi chú, ví dụ lý do chênh lệch.",
}

SHEET_HELP: Mapping[str, tuple[str, ...]] = {
    fmt.GROUP_SHEET: (
        "Thông tin của nhóm và điều lệ của chu kỳ hiện tại. Ghi giá trị vào cột B cho từng "
        "mục ở cột A; không đổi chữ ở cột A.",
        "Mục ghi “có” ở cột C là bắt buộc. Mục để trống thì phần mềm lấy giá trị mặc định ở "
        "cột D.",
    ),
    fmt.MEMBERS_SHEET: (
        "Mỗi thành viên một dòng, từ dòng 2, kể cả người đã ra khỏi nhóm trong chu kỳ (ghi "
        "Ngày ra). Mã TV không được trùng nhau.",
    ),
    fmt.MEETINGS_SHEET: (
        "Mỗi thành viên, mỗi buổi họp một dòng: nhóm 20 thành viên họp 4 buổi thì có 80 dòng. "
        "Thành viên không có dòng ở một buổi họp được tính là vắng mặt.",
        "Điền trang ThanhVien trước: ô Mã TV chỉ nhận mã đã có ở trang đó.",
        "Ghi số tiền đúng như phiếu ghi chép buổi họp. Nhóm VSLA ghi số cổ phần; nhóm ASCA ghi "
        "tiền tiết kiệm; câu lạc bộ ghi góp quỹ, phí thành viên, vay và trả nợ.",
    ),
    fmt.CASH_SHEET: (
        "Không bắt buộc. Mỗi buổi họp một dòng: tiền mặt thủ quỹ đếm được cuối buổi.",
        "Khi nhập, các buổi họp được khóa sổ; buổi họp cũ không có số tiền đếm được thì được "
        "ghi là đếm được đúng bằng số tiền phải có theo sổ. Riêng buổi họp cuối cùng chưa có "
        "số tiền đếm được thì vẫn mở để ghi tiếp trong phần mềm.",
    ),
}

GENERAL_HELP = (
    "Mỗi tệp chỉ ghi một nhóm (hoặc một câu lạc bộ), trong chu kỳ hiện tại.",
    "Không đổi tên các trang Nhom, ThanhVien, BuoiHop, TienMat và không sửa chữ ở dòng tiêu "
    "đề. Các ô tiêu đề đã khóa; khóa không có mật khẩu (Xem lại › Bỏ bảo vệ trang tính).",
    "Số tiền ghi bằng số đồng chẵn, không có phần lẻ, không ghi số âm; có thể gõ 1234567 "
    "hoặc 1.234.567. Ô số để trống được tính là 0.",
    "Ngày ghi dạng ngày/tháng/năm, ví dụ 05/02/2026; không ghi ngày sau hôm nay.",
    "Có thể để trống dòng giữa các dòng đã ghi.",
    "Lưu tệp dạng Excel Workbook (.xlsx), không đặt mật khẩu. Phần mềm không đọc trang "
    "HuongDan này.",
)

REFUSALS = (
    "thiếu trang Nhom, ThanhVien hoặc BuoiHop; thiếu một mục của trang Nhom; thiếu một cột, "
    "hoặc một cột có hai lần;",
    "chưa ghi một mục bắt buộc; mã xã không đủ 5 chữ số; loại nhóm, cách tính lãi hoặc đơn "
    "vị làm tròn không đúng; nhóm VSLA không có mệnh giá cổ phần;",
    "số tiền âm, có phần lẻ hoặc ghi bằng chữ; ngày không có thật hoặc sau hôm nay;",
    "ô chứa giá trị lỗi của Excel (#REF!, #DIV/0!, #N/A…), hoặc ô có công thức chưa được "
    "tính ra kết quả (mở tệp bằng Excel hoặc LibreOffice rồi lưu lại);",
    "hai thành viên trùng mã; ngày ra trước ngày vào;",
    "dòng buổi họp có mã TV không có ở trang ThanhVien, có ngày trước ngày bắt đầu chu kỳ "
    "hoặc trước ngày thành viên vào nhóm, có tiền sau ngày thành viên ra; một thành viên có "
    "hai dòng trong cùng buổi họp;",
    "nhóm VSLA: số cổ phần ngoài mức tối thiểu, tối đa mỗi buổi, hoặc tiền tiết kiệm khác số "
    "cổ phần × mệnh giá; nhóm ASCA ghi cổ phần; câu lạc bộ ghi cổ phần, tiết kiệm hoặc tiền "
    "phạt;",
    "trả gốc khi không có khoản vay, hoặc nhiều hơn số gốc còn nợ; trả lãi khi không có "
    "khoản vay từ buổi họp trước (trừ lãi thu trước ở dòng vay mới);",
    "trang TienMat ghi một buổi họp hai lần, hoặc ghi ngày không có buổi họp;",
    "trong phần mềm, xã đã có một nhóm cùng mã.",
)
REFUSAL_EXAMPLE = ("Ô J7 của trang BuoiHop: thành viên không có khoản vay nào để trả ở buổi "
                   "họp này.")

NOT_CARRIED = (
    "Sổ nhóm chỉ ghi những gì có trên phiếu ghi chép buổi họp. Không ghi: gửi và rút tiền "
    "ngân hàng, các khoản chi, tiền ủng hộ, xóa nợ, khoản vay cho ngoài buổi họp; các chu kỳ "
    "trước (chỉ ghi số dư chuyển sang); thời hạn và mục đích của từng khoản vay; số điện "
    "thoại, số CCCD của thành viên; một số điều khoản khác của điều lệ (ví dụ mức vay tối "
    "đa, mỗi người một khoản vay, cách trả cho thành viên ra nhóm).",
)
