"""The keyboard-first grid, driven with keys as a clerk would, over a small paper form."""

from __future__ import annotations

import pytest
from paper_form import VILLAGERS, FormColumn, PaperFormPresenter
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from desktop.views.grid.footer import TotalsFooter
from desktop.views.grid.model import ERROR_BACKGROUND, GridModel
from desktop.views.grid.view import GridView

F = FormColumn


class Form(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.presenter = PaperFormPresenter(list(VILLAGERS))
        self.model = GridModel(self.presenter, self)
        self.grid = GridView()
        self.grid.setModel(self.model)
        self.footer = TotalsFooter(self.grid)
        self.messages: list[str] = []
        self.grid.status.connect(self.messages.append)
        layout = QVBoxLayout(self)
        layout.addWidget(self.grid)
        layout.addWidget(self.footer)
        self.resize(700, 400)


@pytest.fixture
def form(qtbot) -> Form:  # type: ignore[no-untyped-def]
    widget = Form()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    widget.grid.setFocus()
    return widget


def go(form: Form, row: int, column: FormColumn) -> None:
    form.grid.setCurrentIndex(form.model.index(row, int(column)))


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def type_text(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Each key goes where the keyboard focus is, as on a real keyboard."""
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)


def current(form: Form) -> tuple[int, FormColumn]:
    index = form.grid.currentIndex()
    return index.row(), FormColumn(index.column())


def footer_text(form: Form, column: FormColumn) -> str:
    return form.footer.totals.index(0, int(column)).data()


def test_typing_starts_editing_and_enter_saves_and_moves_down(form, qtbot) -> None:
    go(form, 0, F.GIFT)
    type_text(qtbot, "10.000")
    press(qtbot, Qt.Key.Key_Return)
    assert form.presenter.rows[0].gift == 10_000
    assert current(form) == (1, F.GIFT)
    type_text(qtbot, "20000")
    press(qtbot, Qt.Key.Key_Enter)
    assert form.presenter.rows[1].gift == 20_000
    assert current(form) == (2, F.GIFT)


def test_typing_over_a_filled_cell_replaces_what_was_there(form, qtbot) -> None:
    form.presenter.set_text(0, F.GIFT, "12.000")
    go(form, 0, F.GIFT)
    type_text(qtbot, "5000")
    press(qtbot, Qt.Key.Key_Return)
    assert form.presenter.rows[0].gift == 5_000


def test_f2_edits_the_text_that_is_there(form, qtbot) -> None:
    form.presenter.set_text(0, F.GIFT, "500")
    go(form, 0, F.GIFT)
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, "0")
    press(qtbot, Qt.Key.Key_Return)
    assert form.presenter.rows[0].gift == 5_000


def test_enter_without_editing_moves_down(form, qtbot) -> None:
    go(form, 0, F.FINE)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    assert current(form) == (2, F.FINE)


def test_tab_moves_across_the_cells_that_can_be_typed_in_row_after_row(form, qtbot) -> None:
    go(form, 0, F.GIFT)
    type_text(qtbot, "1.000")
    press(qtbot, Qt.Key.Key_Tab)  # commits and moves right
    assert form.presenter.rows[0].gift == 1_000
    assert current(form) == (0, F.FINE)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)  # past the last column: the next row, skipping the name
    assert current(form) == (1, F.PRESENT)
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert current(form) == (0, F.NOTE)


def test_totals_change_on_every_keystroke_before_the_cell_is_saved(form, qtbot) -> None:
    form.presenter.set_text(0, F.GIFT, "10.000")
    go(form, 1, F.GIFT)
    type_text(qtbot, "5")
    assert footer_text(form, F.GIFT) == "10.005"
    type_text(qtbot, "00")
    assert footer_text(form, F.GIFT) == "10.500"
    assert form.presenter.rows[1].gift == 0
    press(qtbot, Qt.Key.Key_Escape)  # cancelled: the total goes back
    assert footer_text(form, F.GIFT) == "10.000"
    assert form.presenter.rows[1].gift == 0


def test_the_totals_row_says_total_under_the_names(form) -> None:
    assert footer_text(form, F.NAME) == form.presenter.totals_label()
    assert footer_text(form, F.PRESENT) == "5"


def test_an_invalid_amount_is_marked_red_with_its_message_at_once(form, qtbot) -> None:
    go(form, 2, F.GIFT)
    type_text(qtbot, "abc")
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.toolTip()  # marked while typing
    press(qtbot, Qt.Key.Key_Return)
    index = form.model.index(2, int(F.GIFT))
    assert index.data(Qt.ItemDataRole.BackgroundRole) == ERROR_BACKGROUND
    assert index.data(Qt.ItemDataRole.ToolTipRole) == form.presenter.issue(2, F.GIFT).message
    assert index.data() == "abc"
    assert form.messages and form.presenter.rows[2].gift == 0


def test_the_name_column_cannot_be_edited(form) -> None:
    flags = form.model.index(0, int(F.NAME)).flags()
    assert not flags & Qt.ItemFlag.ItemIsEditable
    assert form.model.index(0, int(F.GIFT)).flags() & Qt.ItemFlag.ItemIsEditable


def test_ctrl_v_pastes_a_block_copied_from_excel(form, qtbot) -> None:
    QGuiApplication.clipboard().setText("1.000\t200\r\n2.000\t\r\n3000\t300\r\n")
    go(form, 1, F.GIFT)
    press(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [row.gift for row in form.presenter.rows] == [0, 1_000, 2_000, 3_000, 0]
    assert [row.fine for row in form.presenter.rows] == [0, 200, 0, 300, 0]
    assert footer_text(form, F.GIFT) == "6.000"


def test_ctrl_z_undoes_a_paste_in_one_step_and_ctrl_y_redoes_it(form, qtbot) -> None:
    QGuiApplication.clipboard().setText("1.000\n2.000\n")
    go(form, 0, F.GIFT)
    press(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [row.gift for row in form.presenter.rows] == [0] * 5
    press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert [row.gift for row in form.presenter.rows][:2] == [1_000, 2_000]


def test_delete_clears_the_selected_cells(form, qtbot) -> None:
    form.presenter.paste(0, F.GIFT, "1.000\t100\n2.000\t200")
    go(form, 0, F.GIFT)
    press(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Qt.Key.Key_Delete)
    assert [(row.gift, row.fine) for row in form.presenter.rows[:2]] == [(0, 0), (0, 0)]


def test_ctrl_c_copies_the_selection_for_excel(form, qtbot) -> None:
    form.presenter.paste(0, F.GIFT, "1.000\t100\n2.000\t200")
    go(form, 0, F.GIFT)
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "1.000\n2.000\n"


def test_space_toggles_present_and_zero_or_one_sets_it(form, qtbot) -> None:
    go(form, 0, F.PRESENT)
    press(qtbot, Qt.Key.Key_Space)
    assert form.presenter.rows[0].present is False
    type_text(qtbot, "1")
    assert form.presenter.rows[0].present is True
    type_text(qtbot, "0")
    assert form.presenter.rows[0].present is False
    assert footer_text(form, F.PRESENT) == "4"


def test_rows_have_one_fixed_height(form) -> None:
    header = form.grid.verticalHeader()
    assert header.sectionResizeMode(0) == header.ResizeMode.Fixed
    assert form.grid.rowHeight(0) == form.grid.rowHeight(4)


def test_footer_columns_follow_the_grid_columns(form) -> None:
    form.grid.setColumnWidth(int(F.NOTE), 333)
    assert form.footer.columnWidth(int(F.NOTE)) == 333
    for column in F:
        assert form.footer.columnWidth(int(column)) == form.grid.columnWidth(int(column))


def test_the_grid_keeps_the_keyboard_after_an_edit_while_its_window_is_inactive(
        form, qtbot) -> None:
    # Just after a dialog closed, with no window manager to activate the window again, the
    # window's keyboard must stay on the grid once a cell is saved: typing goes on there.
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other)
    form.grid.setFocus()
    go(form, 0, F.GIFT)
    qtbot.keyClick(form.grid, "5")
    editor = form.window().focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert form.presenter.rows[0].gift == 5
    assert form.window().focusWidget() is form.grid
    qtbot.keyClick(form.window().focusWidget(), "7")
    qtbot.keyClick(form.window().focusWidget(), Qt.Key.Key_Return)
    assert form.presenter.rows[1].gift == 7
