"""The printed consolidated report: administrative layout, both tables, the communes that
have not sent, and the office's names from its settings."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader
from return_builders import valid_return

from desktop.models.indicators import Quarter
from desktop.models.office_settings import (
    OfficeSettings,
    load_office_settings,
    save_office_settings,
)
from desktop.models.permissions import SYSTEM
from desktop.models.returns import expect_commune
from desktop.printing.consolidated_report import consolidated_report_pdf
from desktop.workbooks.return_files import import_returns

Q3 = Quarter(2026, 3)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_report_has_the_national_header_title_tables_and_signatures(ledger, tmp_path):
    import_returns(ledger, [valid_return(tmp_path)], SYSTEM)
    with ledger.session() as session:
        expect_commune(session, "04329", "Xã Hòa Bình", actor=SYSTEM)
        text = pdf_text(consolidated_report_pdf(session, Q3, dt.date(2026, 10, 20)))
    for words in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                  "HỘI LHPN TỈNH THÁI NGUYÊN", "Thái Nguyên, ngày 20 tháng 10 năm 2026",
                  "BÁO CÁO TỔNG HỢP", "Quý III năm 2026", "Đơn vị tính: đồng",
                  "I. TỔNG HỢP THEO LOẠI NHÓM", "II. TỔNG HỢP THEO XÃ",
                  "III. CÁC XÃ CHƯA GỬI BÁO CÁO QUÝ", "04329 Xã Hòa Bình",
                  "NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)", "Số xã đã gửi báo cáo: 1/2"):
        assert words in text, words
    assert "12.500.000" in text and "20.300.000" in text


def test_the_report_is_numbered_signed_on_behalf_of_the_union_and_says_where_it_goes(
        ledger, tmp_path):
    from print_fixtures import font_names, text_extents, words_of

    import_returns(ledger, [valid_return(tmp_path)], SYSTEM)
    with ledger.session() as session:  # no office settings: the province's union
        data = consolidated_report_pdf(session, Q3, dt.date(2026, 10, 20))
    text = words_of(pdf_text(data))
    assert "Số: ……/BC-HLHPN" in text
    assert "TM. HỘI LHPN TỈNH THÁI NGUYÊN CHỦ TỊCH" in text
    assert "Nơi nhận: - Cấp trên (để báo cáo); - Hội LHPN các xã (để biết); - Lưu: VT." in text
    [summary] = [size for found, *_place, size in text_extents(data, 0)
                 if found.startswith("Số xã đã gửi báo cáo")]
    assert 13 <= summary <= 14  # Decree 30: body text 13–14 pt
    assert font_names(data) <= {"LiberationSerif", "LiberationSerif-Bold",
                                "LiberationSerif-Italic", "LiberationSerif-BoldItalic"}


def test_the_office_settings_name_the_issuer_and_the_signatories(ledger, tmp_path):
    import_returns(ledger, [valid_return(tmp_path)], SYSTEM)
    with ledger.session() as session:
        save_office_settings(session, OfficeSettings(
            office_name="Hội LHPN tỉnh Thái Nguyên", parent_name="Trung ương Hội LHPN Việt Nam",
            place_name="Thái Nguyên", preparer_name="Lê Thu Hà", head_name="Đỗ Thị Lan"))
    with ledger.session() as session:
        assert load_office_settings(session).preparer_name == "Lê Thu Hà"
        text = pdf_text(consolidated_report_pdf(session, Q3, dt.date(2026, 10, 20)))
    assert "TRUNG ƯƠNG HỘI LHPN VIỆT NAM" in text
    assert "TM. HỘI LHPN TỈNH THÁI NGUYÊN" in text
    assert "Lê Thu Hà" in text and "Đỗ Thị Lan" in text


def test_many_communes_run_onto_numbered_pages(ledger, tmp_path):
    files = [valid_return(tmp_path, f"{n}.xlsx", **{"Mã xã": f"{10_000 + n:05d}",
                                                    "Tên xã": f"Xã số {n}"})
             for n in range(40)]
    import_returns(ledger, files, SYSTEM)
    with ledger.session() as session:
        data = consolidated_report_pdf(session, Q3, dt.date(2026, 10, 20))
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) >= 2
    assert "Trang" not in pages[0].extract_text()
    assert f"Trang 2/{len(pages)}" in pages[1].extract_text()
