"""Print settings kept in the ledger: defaults, round trip, refusals, regional words."""

from __future__ import annotations

import pytest
from print_fixtures import hold_story, pdf_text, words_of

from desktop.models.errors import LedgerError
from desktop.models.print_settings import (
    PrintSettings,
    load_print_settings,
    save_print_settings,
    update_print_settings,
)
from desktop.models.setting import write_setting
from desktop.printing.shareout_sheet import make_shareout_sheet


def test_a_new_ledger_has_the_default_settings(session) -> None:
    assert load_print_settings(session) == PrintSettings()
    assert PrintSettings().passbook_format == "A6"


def test_settings_round_trip_through_the_ledger(session) -> None:
    settings = PrintSettings(passbook_format="A5", offset_x_mm=-1.5, offset_y_mm=2.0,
                             place_name="Yên Bình", preparer_name="Hoàng Thị Lan",
                             thousand_word="ngàn")
    save_print_settings(session, settings)
    assert load_print_settings(session) == settings
    changed = update_print_settings(session, offset_y_mm=0.5)
    assert changed.offset_y_mm == 0.5 and changed.preparer_name == "Hoàng Thị Lan"


@pytest.mark.parametrize("changes", [{"passbook_format": "A4"}, {"offset_x_mm": 31.0},
                                     {"thousand_word": "ngìn"}])
def test_unacceptable_settings_are_refused(session, changes) -> None:
    with pytest.raises(LedgerError):
        update_print_settings(session, **changes)


def test_an_unreadable_stored_value_falls_back_to_the_default(session) -> None:
    write_setting(session, "print.offset_x_mm", "một")
    write_setting(session, "print.preparer_name", "Lan")
    settings = load_print_settings(session)
    assert settings.offset_x_mm == 0.0 and settings.preparer_name == "Lan"


def test_amounts_in_words_follow_the_regional_setting(session, hoa_sen) -> None:
    hold_story(session, hoa_sen)
    settings = PrintSettings(thousand_word="ngàn", place_name="Yên Bình")
    text = words_of(" ".join(pdf_text(make_shareout_sheet(session, hoa_sen, settings))))
    assert "Bảy trăm ba mươi mốt ngàn đồng" in text
    assert "Yên Bình, ngày 23 tháng 11 năm 2026" in text
