"""The grid presenter base, driven without a display through a small paper form."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from paper_form import VILLAGERS, FormColumn, PaperFormPresenter, Recorder

from desktop.i18n import _
from desktop.models.formatting import InputError
from desktop.presenters.cells import CellKind, parse_block, parse_cell
from desktop.presenters.table import Severity


@pytest.fixture
def form() -> PaperFormPresenter:
    return PaperFormPresenter(list(VILLAGERS))


@pytest.fixture
def heard(form: PaperFormPresenter) -> Recorder:
    recorder = Recorder()
    form.subscribe(recorder)
    return recorder


def test_amount_typed_with_dots_or_without_is_saved_as_int_dong(form, heard) -> None:
    assert form.set_text(0, FormColumn.GIFT, "1.234.567") is False  # refused: above the rule
    assert form.set_text(0, FormColumn.GIFT, "12.000")
    assert form.set_text(1, FormColumn.GIFT, "15000")
    assert form.rows[0].gift == 12_000 and form.rows[1].gift == 15_000
    assert form.display(0, FormColumn.GIFT) == "12.000"


def test_zero_amounts_show_blank_like_an_empty_box_on_paper(form) -> None:
    assert form.display(0, FormColumn.GIFT) == ""
    assert form.edit_text(0, FormColumn.PRESENT) == "1"


def test_text_that_is_not_an_amount_is_marked_with_a_vietnamese_message_and_not_saved(
        form, heard) -> None:
    assert not form.set_text(2, FormColumn.GIFT, "mười nghìn")
    issue = form.issue(2, FormColumn.GIFT)
    assert issue is not None and issue.severity == Severity.ERROR
    assert issue.message == _("'{text}' is not an amount in đồng").format(text="mười nghìn")
    assert form.display(2, FormColumn.GIFT) == "mười nghìn"  # her text stays, marked
    assert form.rows[2].gift == 0 and form.writes == []
    assert heard.messages[-1].startswith(form.row_label(2))


def test_a_negative_amount_is_refused_before_saving(form) -> None:
    assert not form.set_text(0, FormColumn.FINE, "-5.000")
    assert form.issue(0, FormColumn.FINE).message == _("An amount cannot be negative.")
    assert form.writes == []


def test_retyping_a_marked_cell_correctly_clears_the_mark(form) -> None:
    form.set_text(2, FormColumn.GIFT, "abc")
    assert form.set_text(2, FormColumn.GIFT, "10.000")
    assert form.issue(2, FormColumn.GIFT) is None
    assert form.display(2, FormColumn.GIFT) == "10.000"


def test_a_refusal_from_the_save_keeps_the_typed_value_marked(form) -> None:
    assert not form.set_text(0, FormColumn.GIFT, "2.000.000")
    assert form.issue(0, FormColumn.GIFT).message.startswith("Quỹ thôn không nhận")
    assert form.display(0, FormColumn.GIFT) == "2.000.000"
    assert form.rows[0].gift == 0
    assert not form.history.can_undo  # nothing was saved: no command to undo


def test_read_only_column_cannot_be_typed_in(form, heard) -> None:
    assert not form.is_editable(0, FormColumn.NAME)
    assert not form.set_text(0, FormColumn.NAME, "Ai đó")
    assert form.rows[0].name == "Nguyễn Thị An"
    assert heard.messages[-1] == _("This cell cannot be changed.")


def test_totals_row_sums_each_total_column(form) -> None:
    form.set_text(0, FormColumn.GIFT, "10.000")
    form.set_text(1, FormColumn.GIFT, "20.000")
    form.set_value(2, FormColumn.PRESENT, False)
    assert form.total(FormColumn.GIFT) == 30_000
    assert form.total(FormColumn.PRESENT) == 4
    assert form.total_display(FormColumn.GIFT) == "30.000"
    assert form.total_display(FormColumn.FINE) == "0"
    assert form.total(FormColumn.NOTE) is None


def test_totals_follow_every_keystroke_while_typing_without_saving(form, heard) -> None:
    form.set_text(0, FormColumn.GIFT, "10.000")
    for text, expected in (("5", 10_005), ("50", 10_050), ("500", 10_500)):
        assert form.preview_text(1, FormColumn.GIFT, text) is None
        assert form.total(FormColumn.GIFT) == expected
    assert form.rows[1].gift == 0 and len(form.writes) == 1
    form.end_preview()
    assert form.total(FormColumn.GIFT) == 10_000
    assert heard.totals >= 4


def test_typing_text_that_is_not_an_amount_is_flagged_while_typing(form) -> None:
    issue = form.preview_text(1, FormColumn.GIFT, "5a")
    assert issue is not None
    assert form.total(FormColumn.GIFT) == 0  # an unreadable text counts for nothing


def test_excel_block_with_windows_line_ends_and_trailing_newline_is_read() -> None:
    assert parse_block("1.000\t2\r\n3.000\t4\r\n") == [["1.000", "2"], ["3.000", "4"]]
    assert parse_block('"Ghi chú\ncó xuống dòng"\t5\n') == [["Ghi chú\ncó xuống dòng", "5"]]
    assert parse_block("") == []


@pytest.mark.parametrize("text,value", [("1.234.567", 1_234_567), ("1234567", 1_234_567),
                                        ("1 234 567 đ", 1_234_567), ("", 0)])
def test_amount_cells_read_the_ways_clerks_write_amounts(text, value) -> None:
    assert parse_cell(CellKind.AMOUNT, text) == value


@pytest.mark.parametrize("text,value", [("1", True), ("x", True), ("có", True),
                                        ("0", False), ("", False), ("vắng", False)])
def test_present_cells_read_one_zero_and_words(text, value) -> None:
    assert parse_cell(CellKind.CHECK, text) is value


def test_paste_of_a_rectangular_block_fills_from_the_current_cell(form) -> None:
    assert form.paste(1, FormColumn.GIFT, "10.000\t1.000\n20000\t\n30.000\t2.000\r\n")
    assert [row.gift for row in form.rows] == [0, 10_000, 20_000, 30_000, 0]
    assert [row.fine for row in form.rows] == [0, 1_000, 0, 2_000, 0]
    assert len(form.writes) == 1  # one transaction for the whole block


def test_paste_is_one_undo_step_and_redo_puts_it_back(form) -> None:
    form.set_text(0, FormColumn.GIFT, "5.000")
    form.paste(1, FormColumn.GIFT, "10.000\n20.000\n30.000")
    assert form.undo()
    assert [row.gift for row in form.rows] == [5_000, 0, 0, 0, 0]
    assert form.redo()
    assert [row.gift for row in form.rows] == [5_000, 10_000, 20_000, 30_000, 0]
    assert form.undo() and form.undo()
    assert [row.gift for row in form.rows] == [0] * 5
    assert not form.can_undo and form.can_redo


def test_a_new_edit_after_undo_forgets_the_redo(form) -> None:
    form.set_text(0, FormColumn.GIFT, "5.000")
    form.undo()
    form.set_text(1, FormColumn.GIFT, "7.000")
    assert not form.can_redo


def test_paste_marks_bad_cells_and_saves_the_good_ones(form, heard) -> None:
    assert not form.paste(0, FormColumn.GIFT, "10.000\nabc\n5.000.000\n40.000")
    assert [row.gift for row in form.rows] == [10_000, 0, 0, 40_000, 0]
    assert form.issue(1, FormColumn.GIFT) is not None
    assert form.issue(2, FormColumn.GIFT).message.startswith("Quỹ thôn")
    assert "2" in heard.messages[-1]  # "(2 ô bị đánh dấu)"


def test_paste_skips_cells_that_cannot_change_and_says_so(form, heard) -> None:
    form.paste(0, FormColumn.NAME, "Ai đó\t0\t10.000\n")
    assert form.rows[0].name == "Nguyễn Thị An"
    assert form.rows[0].present is False and form.rows[0].gift == 10_000
    assert "1" in heard.messages[-1]


def test_paste_past_the_last_row_is_left_out_and_reported(form, heard) -> None:
    form.paste(4, FormColumn.GIFT, "1.000\n2.000\n3.000")
    assert form.rows[4].gift == 1_000
    assert "2" in heard.messages[-1]


def test_one_value_pasted_on_a_selection_fills_every_selected_cell(form) -> None:
    selection = [(row, FormColumn.FINE) for row in range(5)]
    form.paste(0, FormColumn.FINE, "2.000\n", selection)
    assert [row.fine for row in form.rows] == [2_000] * 5


def test_delete_clears_the_selection_as_one_undo_step(form) -> None:
    form.paste(0, FormColumn.GIFT, "1.000\t500\n2.000\t500")
    assert form.clear([(0, FormColumn.GIFT), (0, FormColumn.FINE), (1, FormColumn.GIFT),
                       (0, FormColumn.NAME)])
    assert (form.rows[0].gift, form.rows[0].fine, form.rows[1].gift) == (0, 0, 0)
    assert form.rows[0].name == "Nguyễn Thị An"
    form.undo()
    assert (form.rows[0].gift, form.rows[0].fine, form.rows[1].gift) == (1_000, 500, 2_000)


def test_delete_on_a_marked_cell_drops_the_mark(form) -> None:
    form.set_text(3, FormColumn.GIFT, "abc")
    form.clear([(3, FormColumn.GIFT)])
    assert form.issue(3, FormColumn.GIFT) is None
    assert form.display(3, FormColumn.GIFT) == ""


def test_listeners_hear_which_rows_changed(form, heard) -> None:
    form.set_text(3, FormColumn.GIFT, "1.000")
    assert heard.cells[-1] == (3, 0, 3, len(form.columns) - 1)
    assert heard.totals >= 1


def test_undo_with_nothing_to_undo_says_so(form, heard) -> None:
    assert not form.undo()
    assert heard.messages[-1] == _("There is nothing to undo.")


def test_the_grid_presenters_never_load_qt() -> None:
    probe = ("import sys, desktop.presenters.table, desktop.presenters.members, "
             "desktop.presenters.meeting_sheet; "
             "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, cwd=Path(__file__).resolve().parent.parent)
    assert result.stdout.strip() == "[]"


def test_undo_takes_back_refused_texts_first_and_leaves_saved_cells_alone(form, heard) -> None:
    # A refused value is not an edit: nothing was saved and no command holds it. But it is
    # what was typed last, so Ctrl+Z takes it off the sheet before touching saved cells.
    assert form.set_text(0, FormColumn.GIFT, "10.000")
    assert form.set_text(1, FormColumn.GIFT, "20.000")
    assert not form.set_text(2, FormColumn.GIFT, "abc")
    assert not form.set_text(3, FormColumn.GIFT, "-2")
    writes = len(form.writes)
    assert form.undo()
    assert form.display(3, FormColumn.GIFT) == "" and form.issue(3, FormColumn.GIFT) is None
    assert form.display(2, FormColumn.GIFT) == "abc"  # still marked, one step at a time
    assert heard.messages[-1].startswith(_("Taken back (it was never saved): {place}").format(
        place=form.row_label(3)))
    assert form.undo()
    assert form.issue(2, FormColumn.GIFT) is None and form.display(2, FormColumn.GIFT) == ""
    assert len(form.writes) == writes  # taking back a refusal writes nothing
    assert [form.rows[0].gift, form.rows[1].gift] == [10_000, 20_000]
    assert form.undo()  # now the saved edits, newest first
    assert [form.rows[0].gift, form.rows[1].gift] == [10_000, 0]
    assert form.redo() and form.rows[1].gift == 20_000  # a taken-back refusal is not redone


def test_undo_follows_the_typing_order_of_saved_and_refused_cells(form) -> None:
    assert not form.set_text(2, FormColumn.GIFT, "abc")
    assert form.set_text(0, FormColumn.GIFT, "10.000")
    assert form.undo()  # the saved edit came last
    assert form.rows[0].gift == 0 and form.display(2, FormColumn.GIFT) == "abc"
    assert form.undo()
    assert form.issue(2, FormColumn.GIFT) is None
    assert not form.can_undo


def test_a_refused_cell_typed_again_correctly_is_not_taken_back_by_undo(form) -> None:
    assert not form.set_text(2, FormColumn.GIFT, "abc")
    assert form.set_text(2, FormColumn.GIFT, "5.000")
    assert form.undo()
    assert form.rows[2].gift == 0 and form.issue(2, FormColumn.GIFT) is None
    assert not form.can_undo


def test_a_partly_refused_paste_is_taken_back_in_one_step(form) -> None:
    assert not form.paste(0, FormColumn.GIFT, "1.000\nabc\n3.000\n")
    assert form.rows[0].gift == 1_000 and form.display(1, FormColumn.GIFT) == "abc"
    assert form.undo()
    assert form.rows[0].gift == 0 and form.rows[2].gift == 0
    assert form.issue(1, FormColumn.GIFT) is None
    assert not form.can_undo


def test_a_negative_count_is_called_negative_not_a_whole_number() -> None:
    with pytest.raises(InputError) as refused:
        parse_cell(CellKind.COUNT, "-2")
    assert refused.value.message == "“-2” là số âm: hãy gõ số từ 0 trở lên."
    with pytest.raises(InputError) as refused:
        parse_cell(CellKind.COUNT, "2,5")
    assert "số nguyên" in refused.value.message
