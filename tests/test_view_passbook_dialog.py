"""Printing passbooks from the window: the dialog that asks whose booklet and how, the
booklet refused because a printed line changed said in a message, and one member's passbook
from the members list."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QDialog, QMessageBox
from test_presenter_passbook_print import _story_printed_then_corrected

from desktop.models.passbook_state import PassbookState
from desktop.models.permissions import Actor, Role
from desktop.presenters.passbook_print import PassbookChoices, PrintMode
from desktop.views import print_preview
from desktop.views.context import PageContext
from desktop.views.members_page import MembersPage
from desktop.views.passbook_dialog import PassbookPrintDialog, start_passbook_print

CLERK = Actor("Chị Lan (cán bộ)", Role.CLERK)
TIMEOUT = 10_000


@pytest.fixture
def story(ledger) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return _story_printed_then_corrected(ledger)


@pytest.fixture
def previews(monkeypatch):  # type: ignore[no-untyped-def]
    """PDFs handed to the preview; the clerk confirms each print came out right."""
    shown: list[bytes] = []

    def record(_parent, data, _title, on_printed=None, suggested_name=""):  # type: ignore[no-untyped-def]
        shown.append(bytes(data))
        if on_printed is not None:
            on_printed()

    monkeypatch.setattr(print_preview, "open_print_preview", record)
    return shown


@pytest.fixture
def boxes(monkeypatch):  # type: ignore[no-untyped-def]
    said: list[str] = []

    def record(box: QMessageBox) -> int:
        said.append(box.text())
        box.buttons()[0].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    return said


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_dialog_offers_a_changed_booklet_its_reprint_from_the_changed_page(
        qtbot, ledger, story) -> None:
    dialog = PassbookPrintDialog(PassbookChoices(ledger, story["group"]), story["TV01"])
    qtbot.addWidget(dialog)
    assert dialog.from_page.isChecked() and dialog.page.value() == 1
    assert dialog.state.text().startswith("⚠") and "05/03/2026" in dialog.state.text()
    assert dialog.request().from_page == 1
    dialog.who.setCurrentIndex(dialog.who.findData(story["TV02"]))
    assert dialog.new_lines.isChecked() and dialog.request().mode == PrintMode.NEW_LINES
    dialog.who.setCurrentIndex(0)
    assert dialog.request().member_ids is None and "TV01" in dialog.state.text()
    dialog.page.setValue(2)  # typing a page chooses "again from page"
    assert dialog.request().mode == PrintMode.FROM_PAGE and dialog.request().from_page == 2


def test_a_changed_booklet_is_refused_with_a_message_and_the_others_print(
        qtbot, ledger, story, previews, boxes) -> None:
    said: list[str] = []
    context = PageContext(ledger, CLERK, status=said.append)
    choices = PassbookChoices(ledger, story["group"])
    start_passbook_print(None, context, story["group"],
                         choices.request(None, PrintMode.NEW_LINES, 1))
    qtbot.waitUntil(lambda: len(previews) == 1, timeout=TIMEOUT)
    assert len(boxes) == 1
    assert "Nguyễn Thị An (TV01)" in boxes[0] and "05/03/2026" in boxes[0]
    assert "07/05/26" in _text(previews[0])  # Bình's new line
    with ledger.session() as session:
        printed = {state.member_id: state.lines_printed
                   for state in session.query(PassbookState).all()}
    assert printed[story["TV02"]] == 4 and printed[story["TV01"]] == 3
    assert said and "3" in said[-1]  # Bình's, Cúc's and Dung's lines of 07/05
    # Reprinted from page 1, An's booklet prints; no refusal any more.
    start_passbook_print(None, context, story["group"],
                         choices.request(story["TV01"], PrintMode.FROM_PAGE, 1))
    qtbot.waitUntil(lambda: len(previews) == 2, timeout=TIMEOUT)
    assert len(boxes) == 1
    assert "SỔ THÀNH VIÊN" in _text(previews[1])
    assert PassbookChoices(ledger, story["group"]).changed == []


def test_only_a_refusal_is_said_when_nothing_else_prints(qtbot, ledger, story, previews,
                                                         boxes) -> None:
    context = PageContext(ledger, CLERK)
    choices = PassbookChoices(ledger, story["group"])
    start_passbook_print(None, context, story["group"],
                         choices.request(story["TV01"], PrintMode.NEW_LINES, 1))
    qtbot.waitUntil(lambda: len(boxes) == 1, timeout=TIMEOUT)
    assert previews == [] and "TV01" in boxes[0]


def test_the_members_list_prints_the_chosen_members_passbook(qtbot, ledger, story,
                                                             monkeypatch) -> None:
    from page_fixtures import open_group_page

    page = open_group_page(qtbot, MembersPage, ledger, CLERK, story["group"])
    assert page.print_passbook_action in page.grid.menu_actions
    row = page.presenter.row_of(story["TV02"])
    page.grid.setCurrentIndex(page.model.index(row, 0))
    opened: list[int | None] = []

    def answer(dialog: PassbookPrintDialog) -> int:
        opened.append(dialog.member_id)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PassbookPrintDialog, "exec", answer)
    page.print_passbook_action.trigger()
    assert opened == [story["TV02"]]
