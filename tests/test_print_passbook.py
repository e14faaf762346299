"""Printing passbooks into the physical booklets: text, page sizes, continuation positions,
reprint, offsets and the calibration page."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import replace

import pytest
from print_fixtures import (
    MAY,
    NEXT_MEETING,
    font_names,
    hold_meeting,
    hold_story,
    members_by_code,
    page_sizes_mm,
    pdf_text,
    text_extents,
    text_positions,
    words_of,
)
from reportlab.lib.units import mm

from desktop.models import shareout
from desktop.models.enums import GroupKind
from desktop.models.passbook import (
    LineKind,
    Passbook,
    PassbookLine,
    group_passbooks,
    mark_printed,
)
from desktop.models.permissions import SYSTEM
from desktop.models.print_settings import PrintSettings
from desktop.printing.calibration import calibration_page
from desktop.printing.passbook import (
    A5_BOOKLET,
    A6_BOOKLET,
    LINES_PER_PAGE,
    line_position,
    make_passbooks,
    render_passbooks,
)
from desktop.progress import Cancelled, Progress


def _starts(found: str, text: str) -> bool:
    # A booklet line is one text object: an extractor reads it as one run, date first.
    return found == text or found.startswith(text + " ")


def _baselines(data: bytes, page: int, text: str) -> list[float]:
    return [round(y, 2) for found, _x, y in text_positions(data, page) if _starts(found, text)]


def _expected(fmt, index: int, offset_y_mm: float = 0.0) -> float:  # type: ignore[no-untyped-def]
    return round(line_position(fmt, index).baseline * mm - offset_y_mm * mm, 2)


def test_a6_passbooks_of_a_group_one_booklet_page_each(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    result = make_passbooks(session, hoa_sen, PrintSettings())
    assert result.pages == 4
    assert page_sizes_mm(result.data) == [(105, 148)] * 4
    pages = pdf_text(result.data)
    assert "Nguyễn Thị An" in pages[0] and "Trần Thị Bình" in pages[1]
    assert all(unicodedata.is_normalized("NFC", page) for page in pages)
    assert "SỔ THÀNH VIÊN - Nhóm TK&VV Hoa Sen" in pages[0]
    assert "Mã TV: TV02" in pages[1]
    # Bình's line of 02/04: 3 shares, 60.000 saved, 200.000 in all, repaid 100.000.
    for text in ("02/04/26", "60.000", "200.000", "100.000", "300.000"):
        assert text in pages[1]


def test_the_grid_and_headings_are_one_form_shown_on_every_fresh_page(session, hoa_sen) -> None:
    """Drawn once for the whole batch, not once a page (a thousand pages must come out in
    about the time reportlab takes to draw their strings); every page still carries them."""
    import io

    from pypdf import PdfReader

    hold_story(session, hoa_sen)
    result = make_passbooks(session, hoa_sen, PrintSettings())
    reader = PdfReader(io.BytesIO(result.data))
    forms = set()
    for page in reader.pages:
        objects = page["/Resources"]["/XObject"]
        shown = [name for name in objects if objects[name]["/Subtype"] == "/Form"]
        assert len(shown) == 1 and f"{shown[0]} Do".encode() in page.get_contents().get_data()
        forms.add(objects[shown[0]].indirect_reference.idnum)
    assert len(forms) == 1
    assert all("Ngày" in text and "tiết kiệm" in text for text in pdf_text(result.data))


def test_a5_booklets_have_their_size_and_an_interest_column(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    result = make_passbooks(session, hoa_sen, PrintSettings(passbook_format="A5"))
    assert page_sizes_mm(result.data) == [(148, 210)] * 4
    assert "6.000" in pdf_text(result.data)[1]  # Bình's interest
    assert "02/04/2026" in pdf_text(result.data)[1]
    assert LINES_PER_PAGE == {"A6": 12, "A5": 18}


def test_lines_are_printed_at_their_fixed_heights(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    result = make_passbooks(session, hoa_sen, PrintSettings())
    for index, date in enumerate(("05/02/26", "05/03/26", "02/04/26")):
        assert _baselines(result.data, 0, date) == [_expected(A6_BOOKLET, index)]


def test_a_second_print_after_a_new_meeting_has_only_the_new_line_below_the_old(
        session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    first = make_passbooks(session, hoa_sen, PrintSettings())
    mark_printed(session, first.books, SYSTEM)
    hold_meeting(session, hoa_sen, MAY, NEXT_MEETING)
    second = make_passbooks(session, hoa_sen, PrintSettings())
    assert second.pages == 4
    text = pdf_text(second.data)[1]
    assert "07/05/26" in text
    assert "05/02/26" not in text and "02/04/26" not in text
    assert "SỔ THÀNH VIÊN" not in text  # the page's header is already in the booklet
    # Line 4 of the booklet, under the three printed before.
    assert _baselines(second.data, 1, "07/05/26") == [_expected(A6_BOOKLET, 3)]
    assert _expected(A6_BOOKLET, 3) < _expected(A6_BOOKLET, 2)
    mark_printed(session, second.books, SYSTEM)
    assert make_passbooks(session, hoa_sen, PrintSettings()).pages == 0


def _synthetic(lines: int, printed: int, kind: GroupKind = GroupKind.VSLA,
               page_format: str = "A6") -> Passbook:
    start = dt.date(2025, 1, 2)
    return Passbook(
        member_id=1, code="TV01", name="Nguyễn Thị Ánh", group_code="G1",
        group_name="Nhóm TK&VV Hoa Sen", group_kind=kind, lines_printed=printed,
        page_format=page_format,
        lines=[PassbookLine(date=start + dt.timedelta(weeks=week), meeting_id=week + 1,
                            shares=2, savings=40_000, savings_balance=40_000 * (week + 1),
                            social_fund=2_000) for week in range(lines)])


def test_a_continuation_crossing_a_page_starts_the_next_booklet_page_with_its_header() -> None:
    book = _synthetic(lines=14, printed=11)
    result = render_passbooks([book], PrintSettings())
    assert result.pages == 2
    first, second = pdf_text(result.data)
    assert "SỔ THÀNH VIÊN" not in first and "Trang 1" not in first
    assert "SỔ THÀNH VIÊN" in second and "Trang 2" in second
    # Line 12 at the bottom row of booklet page 1; lines 13 and 14 at the top of page 2.
    dates = [(book.lines[index].date.strftime("%d/%m/%y"), index) for index in (11, 12, 13)]
    assert _baselines(result.data, 0, dates[0][0]) == [_expected(A6_BOOKLET, 11)]
    assert _baselines(result.data, 1, dates[1][0]) == [_expected(A6_BOOKLET, 12)]
    assert _baselines(result.data, 1, dates[2][0]) == [_expected(A6_BOOKLET, 13)]
    assert line_position(A6_BOOKLET, 12).page == 1 and line_position(A6_BOOKLET, 12).row == 0


def test_pages_before_the_first_new_line_are_not_emitted() -> None:
    book = _synthetic(lines=30, printed=25, page_format="A5")  # A5: 18 lines a page
    result = render_passbooks([book], PrintSettings())
    assert result.pages == 1
    [text] = pdf_text(result.data)
    assert "Trang 2" not in text and "SỔ THÀNH VIÊN" not in text
    date = book.lines[25].date.strftime("%d/%m/%Y")
    assert _baselines(result.data, 0, date) == [_expected(A5_BOOKLET, 25)]


def test_printer_offsets_shift_every_line(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    settings = PrintSettings(offset_x_mm=2.0, offset_y_mm=3.0)
    plain = make_passbooks(session, hoa_sen, PrintSettings())
    shifted = make_passbooks(session, hoa_sen, settings)
    [(_text, x0, _y0)] = [item for item in text_positions(plain.data, 0)
                          if _starts(item[0], "05/02/26")]
    [(_text, x1, y1)] = [item for item in text_positions(shifted.data, 0)
                         if _starts(item[0], "05/02/26")]
    assert round(x1 - x0, 2) == round(2 * mm, 2)
    assert round(y1, 2) == _expected(A6_BOOKLET, 0, offset_y_mm=3.0)


def test_reprint_prints_every_line_from_page_one(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    mark_printed(session, group_passbooks(session, hoa_sen), SYSTEM)
    assert make_passbooks(session, hoa_sen, PrintSettings()).pages == 0
    again = make_passbooks(session, hoa_sen, PrintSettings(), reprint=True)
    assert again.pages == 4
    assert "05/02/26" in pdf_text(again.data)[0]


def test_a_club_passbook_shows_fees_and_no_savings_columns() -> None:
    result = render_passbooks([_synthetic(lines=2, printed=0, kind=GroupKind.ISHC)],
                              PrintSettings())
    [text] = pdf_text(result.data)
    assert "Phí" in text and "Lũy kế" not in text


def test_a_batch_reports_progress_and_stops_when_cancelled() -> None:
    books = [_synthetic(lines=3, printed=0) for _ in range(5)]
    seen: list[tuple[int, int]] = []
    render_passbooks(books, PrintSettings(),
                     progress=Progress(lambda done, total, _text: seen.append((done, total))))
    assert seen == [(number, 5) for number in range(1, 6)]
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        render_passbooks(books, PrintSettings(), progress=progress)


def test_the_calibration_page_shows_the_line_slots_and_the_offsets() -> None:
    data = calibration_page("A6", PrintSettings(offset_x_mm=1.5, offset_y_mm=-2))
    assert page_sizes_mm(data) == [(105, 148)]
    [text] = pdf_text(data)
    assert "Trang hiệu chỉnh - sổ A6, 12 dòng/trang" in text
    assert "ngang +1.5 mm" in text and "dọc -2.0 mm" in text
    assert _baselines(data, 0, "12") == [_expected(A6_BOOKLET, 11, offset_y_mm=-2)]
    assert page_sizes_mm(calibration_page("A5", PrintSettings())) == [(148, 210)]


def test_the_line_of_a_meeting_still_open_is_not_printed(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    hold_meeting(session, hoa_sen, MAY, NEXT_MEETING, close=False)
    text = pdf_text(make_passbooks(session, hoa_sen, PrintSettings()).data)[1]
    assert "02/04/26" in text and "07/05/26" not in text


def test_a_booklet_with_a_changed_printed_line_is_refused_and_the_others_print() -> None:
    changed = replace(_synthetic(lines=5, printed=3), changed_line=1)
    other = replace(_synthetic(lines=5, printed=3), member_id=2, code="TV02")
    result = render_passbooks([changed, other], PrintSettings())
    assert result.refused == [changed] and result.books == [other]
    assert result.pages == 1
    assert render_passbooks([changed], PrintSettings()).data == b""
    # Reprinted from the changed line's page, it prints.
    assert render_passbooks([replace(changed, lines_printed=0)], PrintSettings()).pages == 1


def test_a_continued_page_names_the_booklet_under_its_grid() -> None:
    book = _synthetic(lines=14, printed=11)
    result = render_passbooks([book], PrintSettings())
    first, second = pdf_text(result.data)
    assert "TV01 - Nguyễn Thị Ánh - trang 1, từ dòng 12" in words_of(first)
    assert "từ dòng" not in second  # a fresh page has its header instead
    [(_text, left, right, baseline, _size)] = [
        item for item in text_extents(result.data, 0) if item[0].startswith("TV01 - ")]
    grid_bottom = (A6_BOOKLET.first_line_top + 12 * A6_BOOKLET.line) * mm
    assert 0 < baseline < A6_BOOKLET.height * mm - grid_bottom  # below the grid, on the page
    assert A6_BOOKLET.margin * mm <= left and right <= (105 - A6_BOOKLET.margin) * mm


LONGEST_GROUP = ("Câu lạc bộ Liên thế hệ tự giúp nhau Thôn Thượng Đông Bắc Khuôn Mánh "
                 "xã Nghĩa Đô huyện Bảo Yên tỉnh Lào Cai do Hội Người cao tuổi xã thành lập "
                 "năm 2026").ljust(160, "W")
LONGEST_NAME = ("Nguyễn Hoàng Thị Phương Quỳnh Như Ngọc Bích Thủy Tiên Mộng Huyền Trang "
                "Khánh Linh Bảo Châu Minh Nguyệt Thanh Hương").ljust(120, "W")
LONGEST_CODE = "W" * 20


def _overlapping(extents: list[tuple[str, float, float, float, float]]) -> list[str]:
    """Runs of text on one baseline that run into each other."""
    clashes = []
    for index, (text, left, right, baseline, _size) in enumerate(extents):
        for other, other_left, other_right, other_baseline, _ in extents[index + 1:]:
            # Half a point of slack: the measured width of a run includes its last space.
            if (abs(baseline - other_baseline) < 1 and left < other_right - 0.5
                    and other_left < right - 0.5):
                clashes.append(f"{text!r} / {other!r}")
    return clashes


@pytest.mark.parametrize("page_format", ["A6", "A5"])
def test_the_longest_names_stay_in_the_booklet_header(page_format: str) -> None:
    assert len(LONGEST_GROUP) == 160 and len(LONGEST_NAME) == 120
    book = replace(_synthetic(lines=2, printed=0, page_format=page_format),
                   group_name=LONGEST_GROUP, name=LONGEST_NAME, code=LONGEST_CODE)
    data = render_passbooks([book], PrintSettings()).data
    fmt = A6_BOOKLET if page_format == "A6" else A5_BOOKLET
    extents = text_extents(data, 0)
    assert not _overlapping(extents)
    for text, left, right, _baseline, size in extents:
        assert fmt.margin * mm - 0.01 <= left and right <= (fmt.width - fmt.margin) * mm + 0.01, \
            text
        assert size >= fmt.font_size * 0.75 - 0.01, text
    text = words_of(pdf_text(data)[0])
    assert "Trang 1" in text and "Mã TV: WWW" in text and "…" in text


def test_a_demo_club_name_no_longer_runs_into_the_page_number() -> None:
    book = replace(_synthetic(lines=2, printed=0, kind=GroupKind.ISHC),
                   group_name="CLB Liên thế hệ tự giúp nhau Bản Khuôn Mánh")
    data = render_passbooks([book], PrintSettings()).data
    assert not _overlapping(text_extents(data, 0))
    assert "CLB Liên thế hệ tự giúp nhau Bản Khuôn Mánh" in pdf_text(data)[0]  # shrunk, whole


def test_the_share_out_line_says_what_it_is_and_shows_the_payout(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    shareout.close_cycle(session, hoa_sen, dt.date(2026, 4, 30), SYSTEM)
    binh = members_by_code(session, hoa_sen)["TV02"]
    book = group_passbooks(session, hoa_sen, [binh.id])[0]
    assert book.lines[-1].kind == LineKind.SHARE_OUT
    text = words_of(pdf_text(render_passbooks([book], PrintSettings()).data)[0])
    # Bình's gross 203.055 đ less the 200.000 đ she owed, netted: she took 3.055 đ home;
    # her savings are 0, 200.000 repaid, her loan 0.
    assert "30/04/26 Tất toán 3.055 0 200.000 0" in text
    assert "-200.000" not in text


def test_booklet_pdfs_hold_only_the_bundled_fonts() -> None:
    data = render_passbooks([_synthetic(lines=3, printed=0)], PrintSettings()).data
    assert font_names(data) == {"LiberationSans", "LiberationSans-Bold"}
    assert "Helvetica" not in font_names(calibration_page("A6", PrintSettings()))
