"""The administrative documents, read back with a PDF text extractor: meeting slips, the
share-out sheet, quarterly reports and registers."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from conftest import make_hoa_sen
from print_fixtures import (
    APRIL,
    MAY,
    font_names,
    hold_meeting,
    hold_story,
    make_big_group,
    page_sizes_mm,
    pdf_text,
    text_extents,
    words_of,
)
from reportlab.lib.units import mm

from desktop.models import registry
from desktop.models.activity import Activity
from desktop.models.cashbook import Book
from desktop.models.enums import ActivityKind, GroupKind, Household, MemberRole, Sex
from desktop.models.errors import LedgerError
from desktop.models.indicators import Quarter
from desktop.models.organisation import Commune
from desktop.models.permissions import SYSTEM
from desktop.models.print_settings import PrintSettings
from desktop.printing.layout import page_count, union_name
from desktop.printing.quarterly_report import (
    make_commune_report,
    make_group_report,
    one_decimal_percent,
)
from desktop.printing.registers import cash_register, loans_register, members_register
from desktop.printing.shareout_sheet import format_share_value, make_shareout_sheet
from desktop.printing.slips import make_slips

SETTINGS = PrintSettings(preparer_name="Hoàng Thị Lan", union_chair_name="Đặng Thị Hương")
HEADER = ("HỘI LHPN XÃ YÊN BÌNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
          "Độc lập - Tự do - Hạnh phúc", "Xã Yên Bình, ngày 23 tháng 11 năm 2026")


def _assert_administrative(pages: list[str]) -> None:
    first = words_of(pages[0])
    for line in HEADER:
        assert line in first
    assert "Đơn vị tính: đồng" in first or len(pages) > 1
    assert "Trang " not in pages[0]
    for number, page in enumerate(pages[1:], start=2):
        assert f"Trang {number}/{len(pages)}" in page
    assert all(unicodedata.is_normalized("NFC", page) for page in pages)


def test_meeting_slips_eight_to_an_a4_page(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    data = make_slips(session, hoa_sen, APRIL)
    assert page_sizes_mm(data) == [(210, 297)]
    text = words_of(pdf_text(data)[0])
    assert text.count("PHIẾU THÔNG BÁO THÀNH VIÊN") == 4
    assert "Trần Thị Bình (TV02)" in text
    assert "Buổi họp ngày 02/04/2026" in text
    assert "Tiền tiết kiệm đến nay: 200.000 đ" in text
    assert "Dư nợ còn lại: 200.000 đ" in text
    assert "Kỳ trả tiếp theo: ngày 05/05/2026" in text
    assert "mua 3 cổ phần (60.000 đ)" in text and "trả gốc 100.000 đ" in text


def test_the_longest_names_stay_inside_their_slip(session) -> None:
    from test_print_passbook import LONGEST_CODE, LONGEST_GROUP, LONGEST_NAME

    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    group = registry.create_group(
        session, commune, code="DAI1", name=LONGEST_GROUP, kind=GroupKind.VSLA,
        start_date=dt.date(2026, 1, 1), actor=SYSTEM, share_value=20_000,
        social_fund_per_meeting=2_000)
    for code, name in ((LONGEST_CODE, LONGEST_NAME), ("TV02", "Lê Thị Cúc")):
        registry.add_member(session, group, code=code, full_name=name,
                            join_date=dt.date(2026, 1, 1), actor=SYSTEM)
    session.flush()
    hold_meeting(session, group, APRIL, {LONGEST_CODE: {"shares": 5, "fine": 5_000,
                                                        "new_loan": 100_000},
                                         "TV02": {"shares": 1}})
    data = make_slips(session, group, APRIL)
    half, pad = 105 * mm, 7 * mm
    extents = text_extents(data, 0)
    assert extents
    for text, left, right, _baseline, size in extents:
        column = 0 if left < half else 1
        assert column * half + pad - 0.01 <= left, text
        assert right <= (column + 1) * half - pad + 0.01, text
        assert size >= 7.5, text
    text = words_of(pdf_text(data)[0])
    assert f"({LONGEST_CODE})" in text  # the code stays whole, the name gives way
    assert "Lê Thị Cúc (TV02)" in text
    assert font_names(data) == {"LiberationSerif", "LiberationSerif-Bold",
                                "LiberationSerif-Italic"}


def test_slips_of_a_big_group_fill_several_pages(session) -> None:
    group = make_big_group(session, members=17)
    data = make_slips(session, group, dt.date(2026, 2, 5))
    assert page_count(data) == 3


def test_slips_for_a_day_without_a_meeting_are_refused(session, hoa_sen) -> None:
    with pytest.raises(LedgerError, match="05/05/2026"):
        make_slips(session, hoa_sen, dt.date(2026, 5, 5))


def test_the_share_out_sheet_of_hoa_sen(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    data = make_shareout_sheet(session, hoa_sen, SETTINGS)
    pages = pdf_text(data)
    assert page_sizes_mm(data) == [(210, 297)] * len(pages)
    _assert_administrative(pages)
    text = words_of(" ".join(pages))
    assert "BẢNG TẤT TOÁN CHU KỲ" in text and "NHÓM TK&VV HOA SEN" in text
    assert "Chu kỳ 1: từ ngày 01/01/2026 đến ngày 02/04/2026" in text
    assert "731.000 đ" in text
    assert "Bằng chữ: Bảy trăm ba mươi mốt nghìn đồng." in text
    # 731.000 ÷ 36 shares = 20.305,55…: shown to the đồng, the payouts from the exact value.
    assert "Giá trị mỗi cổ phần = 731.000 ÷ 36 ≈ 20.306 đ (làm tròn đến đồng" in text
    assert "Nguyễn Thị An" in text and "284.277" in text
    assert "Trần Thị Bình" in text and "203.055" in text and "3.055" in text
    # Bình saved 200.000 and gains 3.055; everyone together 10.997 on 720.000 saved.
    assert "TV02 Trần Thị Bình 10 200.000 3.055 203.055 200.000 3.055" in text
    assert "Tổng cộng 36 720.000 10.997 730.997 200.000 530.997" in text
    assert ("Lãi chia cho thành viên: 10.997 đ; tỷ suất sinh lời trên tiền tiết kiệm: 1,5%"
            in text)
    assert all("DỰ THẢO" in page for page in pages)  # a preview: a draft on every page
    assert "Số dư chuyển chu kỳ sau (phần lẻ sau khi làm tròn): 3 đ" in text
    assert "Quỹ xã hội chuyển chu kỳ sau (không chia): 24.000 đ" in text
    for title in ("NGƯỜI LẬP BIỂU", "THỦ QUỸ", "TRƯỞNG NHÓM", "(Ký, ghi rõ họ tên)"):
        assert title in text
    assert "Hoàng Thị Lan" in text


def test_signature_blocks_name_the_treasurer_and_the_chair(session) -> None:
    group = make_hoa_sen(session)
    registry.add_member(session, group, code="TV05", full_name="Đỗ Thị Hoa",
                        join_date=dt.date(2026, 1, 1), actor=SYSTEM, role=MemberRole.CHAIR)
    registry.add_member(session, group, code="TV06", full_name="Vũ Thị Mến",
                        join_date=dt.date(2026, 1, 1), actor=SYSTEM, role=MemberRole.TREASURER)
    hold_story(session, group)
    text = words_of(" ".join(pdf_text(make_shareout_sheet(session, group, SETTINGS))))
    assert "Đỗ Thị Hoa" in text and "Vũ Thị Mến" in text


def test_a_long_share_out_sheet_numbers_its_pages_from_page_two(session) -> None:
    group = make_big_group(session, members=48)
    data = make_shareout_sheet(session, group, SETTINGS)
    pages = pdf_text(data)
    assert len(pages) >= 2
    _assert_administrative(pages)
    assert "Võ Thị Ánh 1" in words_of(pages[0])


def test_value_per_share_is_shown_to_the_dong() -> None:
    from fractions import Fraction

    assert format_share_value(Fraction(731_000, 36)) == "20.306"  # 20.305,55…
    assert format_share_value(Fraction(52_185_000, 2_358)) == "22.131"  # 22.131,04…
    assert format_share_value(Fraction(22_700)) == "22.700"


def test_share_counts_have_thousands_separators_and_the_body_name_stays_whole(
        session, hoa_sen) -> None:
    from desktop.models.shareout import Holding, compute
    from desktop.printing.shareout_sheet import render_shareout_sheet

    result = compute(GroupKind.VSLA, 52_185_000, [
        Holding(1, "TV01", "Nguyễn Thu Dung", 1_242, 24_840_000, 0, 0),
        Holding(2, "TV02", "Lê Thị Dung", 1_116, 22_320_000, 0, 1_134_000)], 1000)
    hoa_sen.commune.union_name = "Hội Liên hiệp Phụ nữ xã Yên Bình"
    data = render_shareout_sheet(result, commune=hoa_sen.commune, group=hoa_sen,
                                 cycle=hoa_sen.current_cycle, as_of=APRIL,
                                 printed_on=APRIL, settings=SETTINGS, signatories=[])
    page = pdf_text(data)[0]
    text = words_of(page)
    assert "Tổng số cổ phần đã mua trong chu kỳ: 2.358" in text
    assert "52.185.000 ÷ 2.358 ≈ 22.131 đ" in text
    assert "TV01 Nguyễn Thu Dung 1.242" in text and "Tổng cộng 2.358" in text
    lines = [line.strip() for line in page.splitlines()]
    assert "XÃ YÊN BÌNH" in lines and "HỘI LIÊN HIỆP PHỤ NỮ" in lines  # not "XÃ YÊN / BÌNH"


def test_the_signatures_stay_on_the_page_with_the_totals(session) -> None:
    group = make_big_group(session, members=26)
    pages = [words_of(page) for page in pdf_text(make_shareout_sheet(session, group,
                                                                     SETTINGS))]
    [signed] = [page for page in pages if "NGƯỜI LẬP BIỂU" in page]
    assert "Tổng cộng" in signed and "Tổng số tiền chi trả cho thành viên" in signed
    assert "Võ Thị" in signed  # with the table's last rows, not alone on a page


def test_a_closed_cycles_final_sheet_is_not_a_draft(session) -> None:
    from test_shareout import BOARD, hoa_sen_cycle

    from desktop.models.shareout import close_cycle

    group = hoa_sen_cycle(session, dung_owes=True)
    close_cycle(session, group, dt.date(2026, 9, 30), BOARD)
    data = make_shareout_sheet(session, group, SETTINGS, cycle=1)
    text = words_of(" ".join(pdf_text(data)))
    assert "(đã tất toán)" in text and "DỰ THẢO" not in text and "dự thảo" not in text


def _club(session, commune: Commune):  # type: ignore[no-untyped-def]
    village = registry.get_or_create_village(session, commune, "Thôn Đoài")
    club = registry.create_group(
        session, commune, code="LT01", name="CLB Liên thế hệ Thôn Đoài", kind=GroupKind.ISHC,
        start_date=dt.date(2026, 1, 1), village=village, actor=SYSTEM,
        seed_capital=50_000_000, member_fee_per_month=2_000, rounding_unit=1000)
    people = [("CL01", "Bùi Văn Tường", Sex.MALE, 1948, Household.POOR),
              ("CL02", "Đinh Thị Ngát", Sex.FEMALE, 1955, Household.NEAR_POOR),
              ("CL03", "Lò Thị Ênh", Sex.FEMALE, 1990, Household.OTHER)]
    for code, name, sex, year, household in people:
        registry.add_member(session, club, code=code, full_name=name, sex=sex,
                            birth_year=year, household=household,
                            join_date=dt.date(2026, 1, 1), actor=SYSTEM)
    session.flush()
    hold_meeting(session, club, dt.date(2026, 7, 10), {
        "CL01": {"fee": 2_000, "new_loan": 5_000_000}, "CL02": {"fee": 2_000},
        "CL03": {"absent": 1}})
    for day, kind in ((dt.date(2026, 7, 10), ActivityKind.HEALTH_CHECK),
                      (dt.date(2026, 7, 10), ActivityKind.HEALTH_CHECK),
                      (dt.date(2026, 8, 3), ActivityKind.HOME_VISIT),
                      (dt.date(2026, 10, 1), ActivityKind.HOME_VISIT)):
        session.add(Activity(group_id=club.id, kind=kind, date=day))
    session.add(Activity(group_id=club.id, kind=ActivityKind.EVENT, date=dt.date(2026, 9, 2),
                         participants=40, title="Ngày hội"))
    session.flush()
    return club


def test_the_quarterly_report_of_a_club(session, hoa_sen) -> None:
    club = _club(session, hoa_sen.commune)
    data = make_group_report(session, club, Quarter.parse("2026Q3"), SETTINGS)
    pages = pdf_text(data)
    _assert_administrative(pages)
    text = words_of(" ".join(pages))
    assert "BÁO CÁO QUÝ III NĂM 2026" in text
    assert "Tình hình hoạt động của CLB Liên thế hệ Thôn Đoài (Thôn Đoài)" in text
    assert "(Từ ngày 01/07/2026 đến ngày 30/09/2026)" in text
    assert "Tổng số thành viên cuối quý người 3" in text
    assert "- Nữ người 2 (67%)" in text
    assert "- Hộ nghèo, cận nghèo người 2 (67%)" in text
    assert "- Người cao tuổi (từ 60 tuổi) người 2 (67%)" in text
    assert "Tỷ lệ tham dự % 67" in text
    assert "Dư nợ cho vay đồng 5.000.000" in text
    assert "Quỹ tăng thu nhập (tiền mặt và dư nợ) đồng 50.000.000" in text
    assert "- Vốn hỗ trợ ban đầu đồng 50.000.000" in text
    assert "Lượt khám sức khỏe (huyết áp, cân nặng) lượt 2" in text
    assert "Lượt chăm sóc tại nhà của tình nguyện viên lượt 1" in text
    assert "Hoạt động văn hóa, thể thao hoạt động 1 (40 người)" in text
    assert "CHỦ NHIỆM" in text and "TRƯỞNG NHÓM" not in text


def test_the_quarterly_report_of_the_commune_adds_up_every_group(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    hold_meeting(session, hoa_sen, MAY, {"TV01": {"shares": 1}})
    _club(session, hoa_sen.commune)
    data = make_commune_report(session, hoa_sen.commune, Quarter.parse("2026Q3"), SETTINGS)
    pages = pdf_text(data)
    _assert_administrative(pages)
    text = words_of(" ".join(pages))
    assert "Tình hình hoạt động các nhóm tiết kiệm và câu lạc bộ của Xã Yên Bình" in text
    assert "Số nhóm, câu lạc bộ báo cáo: 2" in text
    assert "Tổng số thành viên cuối quý người 7" in text
    assert "Tiền tiết kiệm của thành viên đồng 740.000" in text
    assert "Nhóm TK&VV Hoa Sen (HS01, TK&VV) - Thôn Đông" in text
    assert "Cộng toàn xã 7" in text
    assert "TM. HỘI LHPN XÃ YÊN BÌNH" in text and "Đặng Thị Hương" in text
    assert "Số: ……/BC-HLHPN" in text
    assert ("Nơi nhận: - Hội LHPN tỉnh Thái Nguyên (để báo cáo); - Đảng ủy, UBND xã Yên Bình "
            "(để báo cáo); - Lưu: VT.") in text
    [size] = [size for found, *_place, size in text_extents(data, 0)
              if found.startswith("Số nhóm, câu lạc bộ báo cáo")]
    assert 13 <= size <= 14  # Decree 30: body text 13–14 pt


def test_a_groups_report_is_numbered_and_goes_to_the_communes_union(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    text = words_of(" ".join(pdf_text(make_group_report(session, hoa_sen,
                                                        Quarter.parse("2026Q2"), SETTINGS))))
    assert "Số: ……/BC-HS01" in text
    assert "Nơi nhận: - Hội LHPN xã Yên Bình (để báo cáo); - Lưu: nhóm." in text


def test_a_union_title_is_never_broken_inside_the_communes_name(session, hoa_sen) -> None:
    hoa_sen.commune.union_name = "Hội Liên hiệp Phụ nữ xã Yên Bình"
    data = make_commune_report(session, hoa_sen.commune, Quarter.parse("2026Q3"), SETTINGS)
    lines = [line.strip() for page in pdf_text(data) for line in page.splitlines()]
    assert "TM. HỘI LIÊN HIỆP PHỤ NỮ" in lines and lines.count("XÃ YÊN BÌNH") == 2
    assert not any(line.endswith("XÃ YÊN") for line in lines)


def test_the_documents_hold_no_font_but_the_bundled_ones(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    start, end = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
    serif = {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic",
             "LiberationSerif-BoldItalic"}
    for data in (make_shareout_sheet(session, hoa_sen, SETTINGS),
                 make_group_report(session, hoa_sen, Quarter.parse("2026Q2"), SETTINGS),
                 make_commune_report(session, hoa_sen.commune, Quarter.parse("2026Q2"),
                                     SETTINGS),
                 members_register(session, hoa_sen, start, end, SETTINGS),
                 loans_register(session, hoa_sen, start, end, SETTINGS),
                 cash_register(session, hoa_sen, start, end, SETTINGS)):
        assert font_names(data) <= serif


def test_percent_with_one_decimal_uses_a_comma() -> None:
    assert one_decimal_percent(11_000, 720_000) == "1,5"
    assert one_decimal_percent(1, 0) == "0"


def test_the_union_name_comes_from_the_commune() -> None:
    assert union_name(Commune(code="04321", name="Xã Yên Bình", union_name="")) == \
        "HỘI LHPN XÃ YÊN BÌNH"
    assert union_name(Commune(code="04321", name="Yên Bình", union_name="")) == \
        "HỘI LHPN XÃ YÊN BÌNH"
    assert union_name(Commune(code="04321", name="Xã Yên Bình",
                              union_name="Hội LHPN phường Đông")) == "HỘI LHPN PHƯỜNG ĐÔNG"


def test_the_members_register_is_landscape_and_leaves_out_id_numbers(session) -> None:
    group = make_big_group(session, members=30)
    registry.add_member(session, group, code="SH99", full_name="Mai Thị Út",
                        join_date=dt.date(2026, 1, 1), actor=SYSTEM, id_number="001234567890",
                        consent_date=dt.date(2026, 1, 1), consent_method="paper")
    data = members_register(session, group, dt.date(2026, 1, 1), dt.date(2026, 6, 30),
                            SETTINGS)
    pages = pdf_text(data)
    assert page_sizes_mm(data)[0] == (297, 210)
    _assert_administrative(pages)
    text = words_of(" ".join(pages))
    assert "SỔ DANH SÁCH THÀNH VIÊN" in text and "Mai Thị Út" in text
    assert "001234567890" not in text
    assert "Số thành viên đến ngày 30/06/2026: 31 người (nữ: 31 người)." in text


def test_the_loans_register_of_a_period(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    data = loans_register(session, hoa_sen, dt.date(2026, 1, 1), dt.date(2026, 6, 30), SETTINGS)
    text = words_of(" ".join(pdf_text(data)))
    assert "SỔ THEO DÕI CHO VAY VÀ THU HỒI VỐN" in text
    assert "Lãi suất (%/tháng)" in text  # a heading breaks between words only
    assert "Trần Thị Bình (TV02)" in text
    assert "Cộng 300.000 100.000 6.000 200.000" in text
    assert "trong đó nợ quá hạn: 200.000 đ" in text
    assert "Bằng chữ: Hai trăm nghìn đồng." in text


def test_the_cash_book_of_a_period(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    data = cash_register(session, hoa_sen, dt.date(2026, 3, 1), dt.date(2026, 4, 30), SETTINGS)
    text = words_of(" ".join(pdf_text(data)))
    assert "SỔ QUỸ TIỀN MẶT" in text
    assert "Số dư đầu kỳ 288.000" in text
    assert "Chi cho vay: Trần Thị Bình (TV02) 300.000" in text
    assert "Thu tiền mua cổ phần (4 thành viên) 220.000" in text
    assert "Thu nợ gốc: Trần Thị Bình (TV02) 100.000 549.000" in text
    assert "Cộng phát sinh trong kỳ 567.000 300.000 555.000" in text
    assert "Số dư cuối kỳ (30/04/2026): 555.000 đ" in text
    assert "Bằng chữ: Năm trăm năm mươi lăm nghìn đồng." in text
    social = words_of(" ".join(pdf_text(cash_register(
        session, hoa_sen, dt.date(2026, 1, 1), dt.date(2026, 4, 30), SETTINGS,
        Book.SOCIAL_FUND))))
    assert "SỔ QUỸ XÃ HỘI" in social and "24.000" in social


def test_an_asca_share_out_sheet_has_savings_and_profit_but_no_shares(session) -> None:
    commune = registry.get_or_create_commune(session, "04321", "Xã Yên Bình")
    group = registry.create_group(
        session, commune, code="AS01", name="Nhóm tiết kiệm Bình An", kind=GroupKind.ASCA,
        start_date=dt.date(2026, 1, 1), actor=SYSTEM, rounding_unit=1000)
    for code, name in (("A1", "Hà Thị Gấm"), ("A2", "Kiều Thị Lụa")):
        registry.add_member(session, group, code=code, full_name=name,
                            join_date=dt.date(2026, 1, 1), actor=SYSTEM)
    session.flush()
    hold_meeting(session, group, dt.date(2026, 2, 5), {"A1": {"savings": 300_000},
                                                       "A2": {"savings": 100_000,
                                                              "fine": 40_000}})
    text = words_of(" ".join(pdf_text(make_shareout_sheet(session, group, SETTINGS))))
    assert "Tổng tiền tiết kiệm của thành viên: 400.000 đ" in text
    assert "Lợi nhuận chia theo tiền tiết kiệm: 40.000 đ" in text
    assert "Hà Thị Gấm" in text and "330.000" in text and "110.000" in text
    assert "Số cổ phần" not in text


def _owes_more_than_the_box_holds(session):  # type: ignore[no-untyped-def]
    """Bình saved one share and borrowed 50.000; An saved five: 70.000 of cash for 100.000
    of payouts."""
    group = make_hoa_sen(session, max_shares=5)
    hold_meeting(session, group, dt.date(2026, 2, 5), {"TV02": {"shares": 1}})
    hold_meeting(session, group, dt.date(2026, 3, 5), {
        "TV01": {"shares": 5}, "TV02": {"new_loan": 50_000}})
    return group


def test_the_sheet_shows_the_cash_held_against_the_cash_needed_and_who_still_owes(
        session) -> None:
    group = _owes_more_than_the_box_holds(session)
    text = words_of(" ".join(pdf_text(make_shareout_sheet(session, group, SETTINGS))))
    assert "Tiền mặt của quỹ cho vay: 70.000 đ; tiền mặt cần để chi trả: 100.000 đ." in text
    assert "Thiếu 30.000 đ tiền mặt" in text
    assert "Trần Thị Bình (TV02) còn nợ 30.000 đ" in text


def test_a_carried_shortfall_is_on_the_final_sheet_with_its_reason_and_the_cut(session) -> None:
    from desktop.models.shareout import close_cycle

    group = _owes_more_than_the_box_holds(session)
    close_cycle(session, group, dt.date(2026, 3, 31), SYSTEM,
                carry_shortfall_reason="Chị Bình trả ở chu kỳ sau")
    text = words_of(" ".join(pdf_text(make_shareout_sheet(session, group, SETTINGS,
                                                          cycle=1))))
    assert "lý do: Chị Bình trả ở chu kỳ sau" in text
    assert "tổng cộng 30.000 đ, đã tính vào số dư chuyển chu kỳ sau" in text
    assert "Tổng số tiền chi trả cho thành viên: 70.000 đ" in text
